"""poster.pdf, leaflet.pdf and print.css: the poster templates printed, or last build's reused."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Callable

from sitegen.core.parallel import default_jobs, meanwhile_in_workers
from sitegen.site.model import Page, Site
from sitegen.printed.pdf import (NO_WEASYPRINT, kept_print, print_in_turn, print_key,
                                 next_start, stored_key)
from sitegen.core.problems import Problem

# Output file -> template. The poster's own page, /poster/, is an ordinary page of the site.
PRINTED = {"poster.pdf": "poster.html", "leaflet.pdf": "leaflet.html"}
OWNER = "the printable poster"
PDFS_OFF = "{name} {were} not made: PDFs are turned off (--no-pdf, or in the preview)."

Render = Callable[[str, dict], str]  # template name, context -> text
Claim = Callable[[str, bytes, str], None]  # output path, content, owner


@dataclass
class _Plan:
    """What a build does about each PDF: reuse it, print it, or say why it cannot."""

    made: dict[str, tuple[bytes, bool] | None] = field(default_factory=dict)  # None: to print
    to_print: list[tuple[str, Callable[[float], str], str]] = field(default_factory=list)
    first_fit: float = 1.0  # the size the first PDF to print starts at (print_in_turn)
    unable: str | None = None  # why PDFs cannot be printed here, found out only if one must be
    not_made: list[str] = field(default_factory=list)

    def take(self, results: list[list[tuple[bytes, bool]] | str], site: Site) -> None:
        """Take what the printing gave (the PDFs, or why WeasyPrint cannot be used here), and
        name the PDFs the site has in site.poster.printed."""
        for result in results:
            if isinstance(result, str):
                self.unable = self.unable or NO_WEASYPRINT.replace("{reason}", result)
                for name, *_ in self.to_print:
                    del self.made[name]
                    self.not_made.append(site.prefix + name)
            else:
                self.made.update((name, pdf) for (name, *_), pdf in zip(self.to_print, result))
        site.poster.printed.extend(self.made)


@contextlib.contextmanager
def printing_meanwhile(site: Site, render: Render, claim: Claim, context: dict,
                       jobs: int | None = None) -> Iterator[Callable[[], None]]:
    """Add print.css, and poster.pdf and leaflet.pdf where they can be made.

    PDFs that must be printed are printed in one other process (with `jobs` 1, here)
    while the body of the `with` goes on here (rendering the pages): printing is
    most of a small site's first build. The `with` gives a function that waits
    for the printing and then names the site's PDFs in site.poster.printed: render
    the pages that link them (waits_for_printing) after calling it.
    """
    claim("print.css", render("print.css", context).encode("utf-8"), OWNER)
    plan = _plan(site, render, context)
    pdfs = [(html_at, key) for _, html_at, key in plan.to_print]
    # One worker prints them all (its one item is a number: the pages travel by fork).
    with meanwhile_in_workers(lambda _: print_in_turn(pdfs, plan.first_fit), range(bool(pdfs)),
                              default_jobs() if jobs is None else jobs) as printed:
        settle = functools.cache(lambda: plan.take(printed(), site))
        yield settle
        settle()
    for name, (pdf, fitted) in plan.made.items():
        if not fitted:
            _warn(site, f"{name} has too many words for one sheet, even in smaller print. "
                        "Shorten poster.headline, poster.points or the venue's access notes.")
        claim(name, pdf, OWNER)
    if plan.not_made:
        were = "were" if len(plan.not_made) > 1 else "was"
        _warn(site, plan.unable.replace("{name}", " and ".join(plan.not_made))
              .replace("{were}", were))


def _plan(site: Site, render: Render, context: dict) -> _Plan:
    """Reuse the last build's PDF, or one kept in the user cache, where nothing it shows
    changed; print the others, unless they cannot be printed here."""
    font_signature = site.poster.fonts.signature()
    plan = _Plan()
    for name, template in PRINTED.items():
        previous = site.previous_print.get(site.prefix + name)
        if not (previous or site.make_pdfs):  # nothing to print, nothing to reuse (the preview)
            plan.unable = PDFS_OFF
            plan.not_made.append(site.prefix + name)
            continue

        def html_at(fit: float, template: str = template) -> str:
            return render(template, {**context, "for_pdf": True, "fit": fit})

        key = print_key(html_at(1.0), font_signature)
        if previous and stored_key(previous) == key:
            plan.made[name] = (previous, True)
        else:
            kept = kept_print(key) if site.make_pdfs else None  # --no-pdf: none, cached or not
            plan.unable = plan.unable or (None if kept else _why_unable(site))
            if plan.unable:
                plan.not_made.append(site.prefix + name)
                continue
            plan.made[name] = kept
        if plan.made[name] is None:
            plan.to_print.append((name, html_at, key))
        elif not plan.to_print:  # the next one printed starts near this one's size
            plan.first_fit = next_start(plan.made[name][0])
    return plan


def says_pdfs_are_off(problem: Problem) -> bool:
    """Whether a warning only says that the PDFs were turned off, which a build asked for
    (--no-pdf, the preview) does not need to be told."""
    return problem.key == "poster" and problem.message.endswith(PDFS_OFF.split(":", 1)[1])


def waits_for_printing(page: Page) -> bool:
    """Whether a page shows which PDFs were printed (/poster/ links them): it is rendered
    once the printing is done."""
    return page.template in PRINTED.values()


def _why_unable(site: Site) -> str | None:
    """Say why no PDF can be printed (a message with {name} and {were} in it), or None.

    Whether WeasyPrint's system libraries load is found out by the printing, so as not
    to import WeasyPrint (a third of a second) here, before the pages.
    """
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
    if importlib.util.find_spec("weasyprint") is None:
        return NO_WEASYPRINT.replace("{reason}", "WeasyPrint is not installed")
    return None


def _warn(site: Site, message: str) -> None:
    site.warnings.append(Problem(site.folder / "group.yaml", None, None, message, key="poster",
                                 warning=True))
