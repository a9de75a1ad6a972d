"""poster.pdf, leaflet.pdf and print.css: the poster templates printed, or last build's reused."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Callable

from sitegen.core.parallel import default_jobs, meanwhile_in_workers
from sitegen.site.model import Site
from sitegen.printed.pdf import (NO_WEASYPRINT, kept_print, print_key, print_pdf, stored_key,
                                 weasyprint_problem)
from sitegen.core.problems import Problem

# Output file -> template. The poster's own page, /poster/, is an ordinary page of the site.
PRINTED = {"poster.pdf": "poster.html", "leaflet.pdf": "leaflet.html"}
OWNER = "the printable poster"
PDFS_OFF = "{name} {were} not made: PDFs are turned off (--no-pdf, or in the preview)."

Render = Callable[[str, dict], str]  # template name, context -> text
Claim = Callable[[str, bytes, str], None]  # output path, content, owner


@contextlib.contextmanager
def printing_meanwhile(site: Site, render: Render, claim: Claim, context: dict,
                       jobs: int | None = None) -> Iterator[None]:
    """Add print.css, and poster.pdf and leaflet.pdf where they can be made.

    PDFs that must be printed are printed side by side in `jobs` processes (None:
    one per core) while the body of the `with` goes on here (rendering the pages):
    printing is most of a small site's first build. Which PDFs the site will
    have is known before the body runs, for /poster/ to link them.
    """
    claim("print.css", render("print.css", context).encode("utf-8"), OWNER)
    font_signature = site.poster.fonts.signature()
    unable, not_made = None, []  # why PDFs cannot be printed here, found out only if one must be
    made: dict[str, tuple[bytes, bool] | None] = {}  # in order; None: still to print
    to_print = []
    for name, template in PRINTED.items():
        previous = site.previous_print.get(site.prefix + name)
        if not (previous or site.make_pdfs):  # nothing to print, nothing to reuse (the preview)
            unable = PDFS_OFF
            not_made.append(site.prefix + name)
            continue

        def html_at(fit: float, template: str = template) -> str:
            return render(template, {**context, "for_pdf": True, "fit": fit})

        key = print_key(html_at(1.0), font_signature)
        if previous and stored_key(previous) == key:
            made[name] = (previous, True)
            continue
        kept = kept_print(key) if site.make_pdfs else None  # --no-pdf: none, cached or not
        unable = unable or (None if kept else _why_unable(site))
        if unable:
            not_made.append(site.prefix + name)
            continue
        made[name] = kept
        if not kept:
            to_print.append((name, html_at, key))
    site.poster.printed.extend(made)
    with meanwhile_in_workers(lambda number: print_pdf(*to_print[number][1:]),
                              range(len(to_print)),
                              default_jobs() if jobs is None else jobs) as printed:
        yield
        made.update((name, pdf) for (name, *_), pdf in zip(to_print, printed()))
    for name, (pdf, fitted) in made.items():
        if not fitted:
            _warn(site, f"{name} has too many words for one sheet, even in smaller print. "
                        "Shorten poster.headline, poster.points or the venue's access notes.")
        claim(name, pdf, OWNER)
    if not_made:
        were = "were" if len(not_made) > 1 else "was"
        _warn(site, unable.replace("{name}", " and ".join(not_made)).replace("{were}", were))


def _why_unable(site: Site) -> str | None:
    """Say why no PDF can be printed (a message with {name} and {were} in it), or None."""
    if not site.make_pdfs:
        return PDFS_OFF
    missing = site.poster.fonts.missing()
    if missing:
        packages = " ".join(sorted({script.package for script in missing}))
        families = ", ".join(script.family for script in missing)
        return ("{name} {were} not made: the font " + families + " for language "
                f"{site.config.language!r} is not installed, and without it the words would "
                f"print as empty boxes. Install it with `sudo apt-get install {packages}`, "
                "then build again.")
    reason = weasyprint_problem()
    return NO_WEASYPRINT.replace("{reason}", reason) if reason else None


def _warn(site: Site, message: str) -> None:
    site.warnings.append(Problem(site.folder / "group.yaml", None, None, message, key="poster",
                                 warning=True))
