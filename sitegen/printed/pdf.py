"""HTML to PDF with WeasyPrint, reusing the last build's PDF when nothing it shows has changed.

WeasyPrint is the slowest stage of a build, so each PDF carries a hash of what
it was made from (the HTML, which holds the CSS, QR code and logo, and the font
files) as its PDF file identifier. The next build makes the same hash and, when
the previous PDF has it, copies that PDF instead of printing again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import sys
from typing import TYPE_CHECKING, Callable

from sitegen import __version__
from sitegen.core.cache import cache_entry, keep_cached, read_cached

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

_ID_PREFIX = "sitegen-"
MOST_TRIES = 5  # layouts of one PDF: the first, then smaller print until the words fit
SMALLEST_FIT = 0.55  # smaller print than this cannot be read from a noticeboard anyway
LARGEST_FIT = 1.4  # a poster with few words prints them larger, up to this
NEXT_SMALLER = 0.97  # see next_start
# Larger print takes more room than its size alone: lines also wrap more often, so the
# room taken grows with about the square of the size.
GROWTH = 1 / 2
# The PDF's identifier: the hash of what it was made from, and for a poster or leaflet the
# size of print it was printed at.
_STORED_ID = re.compile(rb"/ID\s*\[\s*\(" + _ID_PREFIX.encode()
                        + rb"([0-9a-f]{64})(?:-([0-9]+(?:\.[0-9]+)?))?\)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
# Changed whenever the same HTML would be printed differently, so older PDFs are printed again.
_PRINTING = "3: the leaflet starts just under the poster's size"
# Why a PDF could not be made, with what to install; {reason} is WeasyPrint's own error.
NO_WEASYPRINT = ("{name} {were} not made: {reason}. To make PDFs, run "
                 "`python3 -m pip install weasyprint`; on Debian or Ubuntu also "
                 "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`. "
                 "Until then, open /poster/ in a web browser and print it from there.")


def print_key(html: str, fonts: str) -> str:
    """Return the hash of everything a PDF is made from."""
    digest = hashlib.sha256()
    for part in (f"sitegen {__version__}", _PRINTING, fonts, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def stored_key(pdf: bytes | None) -> str | None:
    """Return the hash a PDF made by sitegen carries, or None."""
    match = _stored_id(pdf)
    return match.group(1).decode("ascii") if match else None


def stored_fit(pdf: bytes | None) -> float | None:
    """Return the size of print a PDF made by sitegen was printed at, or None."""
    match = _stored_id(pdf)
    return float(match.group(2)) if match and match.group(2) else None


def next_start(pdf: bytes) -> float:
    """The size the PDF printed after this one (the leaflet, after the poster) starts at.

    A little smaller than this one's: a sheet up to a fifth too empty is kept as it is,
    but words that do not fit take two more layouts, and the leaflet's halves hold
    slightly more than the poster for their size.
    """
    return round(NEXT_SMALLER * (stored_fit(pdf) or 1.0), 3)


def _stored_id(pdf: bytes | None) -> re.Match | None:
    """Find the identifier in the cross-reference section, which `startxref` at the end of
    the file points to. WeasyPrint compresses that section, and puts the identifier before
    it: a big booklet's is tens of kilobytes from the end."""
    if not pdf:
        return None
    start = _STARTXREF.search(pdf[-64:])
    return _STORED_ID.search(pdf, int(start.group(1)) if start else 0)


def weasyprint_problem() -> str | None:
    """Say why WeasyPrint cannot be used here, or None when it can."""
    try:
        import_weasyprint()
    except ImportError:
        return "WeasyPrint is not installed"
    except OSError as error:  # its system libraries (pango) are missing
        return f"WeasyPrint cannot find its system libraries ({str(error).splitlines()[0]})"
    return None


def import_weasyprint() -> None:
    """Import WeasyPrint (slow: only when a PDF must be made), sparing ctypes' library search.

    WeasyPrint tries several names for each system library. Every name that is
    not the library's file makes ctypes.util.find_library run ldconfig and gcc:
    38 programs and about a third of a second per build. On Linux the file name
    (libpango-1.0.so.0) comes among the names and loads without a search, so the
    search is switched off for the import; if that fails, it is tried again with it.
    """
    if "weasyprint" in sys.modules or sys.platform != "linux":
        import weasyprint  # noqa: F401
        return
    import ctypes.util

    search, loaded = ctypes.util.find_library, set(sys.modules)
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:  # forget what the failed try half imported
        for module in set(sys.modules) - loaded:
            del sys.modules[module]
    finally:
        ctypes.util.find_library = search
    import weasyprint  # noqa: F401, F811  (again, with the search, if the first try failed)


def kept_print(key: str) -> tuple[bytes, bool] | None:
    """A PDF printed before from the same things (the hash `key`), from the user cache, and
    whether it fitted its page; None when there is none."""
    kept = read_cached(cache_entry("print", (key,)))
    return (kept[1:], kept[:1] == b"1") if kept else None


def print_in_turn(pdfs: list[tuple[Callable[[float], str], str]],
                  fit: float = 1.0) -> list[tuple[bytes, bool]] | str:
    """Print each (html_at, key) in this process, one after another, as print_pdf does; or
    say why WeasyPrint cannot be used here.

    The first starts at size `fit`, and each one after it near the size the one before it
    settled on (next_start): the leaflet shows what the poster shows, so that size about
    fills its sheet too, in one layout instead of two.
    """
    reason = weasyprint_problem()
    if reason:
        return reason
    printed = []
    for html_at, key in pdfs:
        printed.append(print_pdf(html_at, key, fit))
        fit = next_start(printed[-1][0])
    return printed


def print_pdf(html_at: Callable[[float], str], key: str,
              first_fit: float = 1.0) -> tuple[bytes, bool]:
    """Print the HTML on one page, in smaller print if it must be; say whether it fitted.

    `html_at(fit)` returns the HTML with its print scaled by `fit`, so a poster
    with many words shrinks rather than spills onto a second sheet; the first
    layout is at `first_fit`. The PDF carries the hash `key` and the size used.
    """
    import_weasyprint()

    with _quiet_weasyprint():
        fit, document = fit_one_page(lambda fit: _laid_out(html_at(fit)), first_fit)
        # The identifier is the hash; the PDF then holds no date, so builds are reproducible.
        pdf = document.write_pdf(pdf_identifier=f"{_ID_PREFIX}{key}-{fit}".encode("ascii"))
    fitted = fits(document)
    keep_cached(cache_entry("print", (key,)), (b"1" if fitted else b"0") + pdf)
    return pdf, fitted


def print_document(html: str, key: str) -> bytes:
    """Print HTML on as many pages as it takes (a booklet), carrying the hash `key`."""
    import_weasyprint()

    with _quiet_weasyprint():
        return _laid_out(html).write_pdf(pdf_identifier=(_ID_PREFIX + key).encode("ascii"))


def _laid_out(html: str) -> "Document":
    """Lay the HTML out on pages with WeasyPrint (imported already)."""
    from weasyprint import HTML

    return HTML(string=html).render(font_config=_font_config(html))


def _font_config(html: str) -> "FontConfiguration":
    """The fonts set up once for every document this process prints: setting Pango's up
    afresh took a third of each layout. A document with @font-face rules of its own (from a
    group's template) gets its own, so that its fonts reach no other group's PDFs."""
    if "@font-face" in html:
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()
    return _shared_font_config()


@functools.lru_cache(maxsize=1)
def _shared_font_config() -> "FontConfiguration":
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def fit_one_page(layout: Callable[[float], "Document"],
                 first: float = 1.0) -> tuple[float, "Document"]:
    """Lay the words out as large as fits one page: 1 to 3 layouts, usually 1 or 2.

    First at `first` times the template's own size; then, from how much room
    that left or needed, at the size that fills the page (never smaller than
    SMALLEST_FIT, never larger than LARGEST_FIT). Return the size and the layout.
    """
    fit = first
    document = layout(fit)
    room = room_ratio(document.pages)
    if fits(document):
        bigger = round(min(LARGEST_FIT, 0.98 * fit * (room or 0) ** GROWTH), 3)
        if room is None or room < 1.2 or bigger <= fit:  # full enough, or as large as allowed
            return fit, document
        larger = layout(bigger)
        return (bigger, larger) if fits(larger) else (fit, document)
    too_big = fit
    for _ in range(MOST_TRIES):
        if fits(document) or fit <= SMALLEST_FIT:
            break
        shrink = min(0.97, 0.99 * room ** GROWTH) if room else 0.9
        too_big, fit = fit, max(SMALLEST_FIT, round(fit * shrink, 3))
        document = layout(fit)
        room = room_ratio(document.pages)
    if fits(document) and too_big - fit > 0.05:  # the guess can overshoot: try halfway
        halfway = round((fit + too_big) / 2, 3)
        bigger = layout(halfway)
        if fits(bigger):
            return halfway, bigger
    return fit, document


def fits(document: "Document") -> bool:
    """Tell whether the words are all on the one page (and above #print-bottom)."""
    room = room_ratio(document.pages)
    return len(document.pages) == 1 and (room is None or room >= 1)


def room_ratio(pages) -> float | None:
    """Return the room on a page for the words divided by the room they take.

    The HTML marks where its words start (#print-start) and end (#print-end),
    and the bottom of the space for them (#print-bottom, fixed to the bottom of
    every page). Without those marks there is no telling: None.
    """
    first = pages[0].anchors
    ends = [(number, page.anchors["print-end"]) for number, page in enumerate(pages)
            if "print-end" in page.anchors]
    if not ends or "print-start" not in first or "print-bottom" not in first:
        return None
    top, bottom = first["print-start"][1], first["print-bottom"][1]
    pages_before, end = ends[0]
    return (bottom - top) / max(1.0, pages_before * (bottom - top) + end[1] - top)


class _quiet_weasyprint:
    """Keep WeasyPrint's notes on CSS it skips (meant for browsers) out of the build output."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
