"""booklet.pdf: the directory on A5 pages, for people who are not online.

A cover, a table of contents by topic with page numbers, then each group's
facts and next dates. Printed with the same WeasyPrint helper as the poster
(sitegen/printed/pdf.py), and reused from the last build when nothing in it changed.
"""

from __future__ import annotations

import jinja2

from sitegen.directory.site import Directory
from sitegen.printed.fonts import choose_fonts
from sitegen.printed.pdf import print_document, print_key, stored_key, weasyprint_problem
from sitegen.core.problems import Problem
from sitegen.site.render import render_template

BOOKLET = "booklet.pdf"
TEMPLATE = "directory/booklet.html"


def make_booklet(directory: Directory, environment: jinja2.Environment,
                 previous: bytes | None) -> bytes | None:
    """Return the booklet's PDF, or None with a warning saying why it could not be made."""
    fonts = choose_fonts(directory.config.language)
    html = render_template(environment, TEMPLATE, {
        "directory": directory, "config": directory.config, "facets": directory.facets,
        "fonts": fonts, "untopical": [c for c in directory.cards if not c["topics"]]})
    key = print_key(html, fonts.signature())
    if previous and stored_key(previous) == key:
        return previous
    reason = weasyprint_problem()
    if reason:
        _warn(directory, f"{BOOKLET} was not made: {reason}. To make it, run "
                         "`python3 -m pip install weasyprint` and build again.")
        return None
    return print_document(html, key)


def _warn(directory: Directory, message: str) -> None:
    directory.warnings.append(Problem(directory.folder, None, None, message, key="booklet",
                                      warning=True))
