"""HTML to PDF with WeasyPrint, reusing the last build's PDF when nothing it shows has changed.

WeasyPrint is the slowest stage of a build, so each PDF carries a hash of what
it was made from (the HTML, which holds the CSS, QR code and logo, and the font
files) as its PDF file identifier. The next build makes the same hash and, when
the previous PDF has it, copies that PDF instead of printing again.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Callable

from sitegen import __version__

_ID_PREFIX = "sitegen-"
_STORED_ID = re.compile(rb"/ID\s*\[\s*\(" + _ID_PREFIX.encode() + rb"([0-9a-f]{64})\)")
# Why a PDF could not be made, with what to install; {reason} is WeasyPrint's own error.
NO_WEASYPRINT = ("{name} {were} not made: {reason}. To make PDFs, run "
                 "`python3 -m pip install weasyprint`; on Debian or Ubuntu also "
                 "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`. "
                 "Until then, open /poster/ in a web browser and print it from there.")


def print_key(html: str, fonts: str) -> str:
    """Return the hash of everything a PDF is made from."""
    digest = hashlib.sha256()
    for part in (f"sitegen {__version__}", fonts, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def stored_key(pdf: bytes | None) -> str | None:
    """Return the hash a PDF made by sitegen carries, or None."""
    match = _STORED_ID.search(pdf[-4096:]) if pdf else None  # the trailer is at the end
    return match.group(1).decode("ascii") if match else None


def weasyprint_problem() -> str | None:
    """Say why WeasyPrint cannot be used here, or None when it can."""
    try:
        import weasyprint  # noqa: F401  (slow to import: only when a PDF must be made)
    except ImportError:
        return "WeasyPrint is not installed"
    except OSError as error:  # its system libraries (pango) are missing
        return f"WeasyPrint cannot find its system libraries ({str(error).splitlines()[0]})"
    return None


def print_pdf(html_at: Callable[[float], str], key: str, fits: tuple[float, ...]) -> tuple[bytes, bool]:
    """Print the first size of the HTML that fits on one page; say whether one did.

    `html_at(fit)` returns the HTML with its print scaled by `fit` (1.0, then
    smaller ones), so a poster with many words shrinks rather than spills onto
    a second sheet.
    """
    from weasyprint import HTML

    with _quiet_weasyprint():
        for fit in fits:
            document = HTML(string=html_at(fit)).render()
            if len(document.pages) == 1:
                break
        # The identifier is the hash; the PDF then holds no date, so builds are reproducible.
        pdf = document.write_pdf(pdf_identifier=(_ID_PREFIX + key).encode("ascii"))
    return pdf, len(document.pages) == 1


class _quiet_weasyprint:
    """Keep WeasyPrint's notes on CSS it skips (meant for browsers) out of the build output."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
