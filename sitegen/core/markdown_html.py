"""Markdown to safe HTML: python-markdown renders, nh3 removes anything unsafe."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import markdown
import nh3

from sitegen.core.problems import Problem

# No "smarty": curly quotes doubled the time every page spent in Markdown.
_EXTENSIONS = ["tables", "toc", "sane_lists", "attr_list"]
_EXTENSION_CONFIGS = {"toc": {"permalink": False}}
_TAGS = (nh3.ALLOWED_TAGS - {"center", "tt", "strike", "acronym", "map", "area"}) | {"tfoot"}
_ATTRIBUTES = {
    **{tag: set(attrs) - {"align", "char", "charoff", "size", "width", "summary"}
       for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}

# Patterns in a page's raw HTML that the sanitiser will remove, with the reason we give.
_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "a <script> was removed: scripts in pages could track "
     "visitors or break the site"),
    (re.compile(r"<\s*(iframe|object|embed)\b", re.I), "an embedded frame was removed: embeds "
     "tell other companies who visits. Link to the page instead"),
    (re.compile(r"<\s*style\b", re.I), "a <style> block was removed: the theme sets the look"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an on...= attribute was removed: pages "
     "cannot run scripts"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link was removed: pages cannot "
     "run scripts"),
]

# What every pattern above needs somewhere in the text.
_MAYBE_UNSAFE = re.compile(r"<|javascript", re.I)


def render_markdown(text: str) -> tuple[str, list[str]]:
    """Return safe HTML for Markdown text and the heading ids it made."""
    converter = _converter()
    html = converter.reset().convert(text)
    return sanitise(html), [entry["id"] for entry in converter.toc_tokens]


_PER_THREAD = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset for each text: setting up the extensions costs more than
    a page, and a converter is not safe to share (the editor converts while the preview builds)."""
    if not hasattr(_PER_THREAD, "converter"):
        _PER_THREAD.converter = markdown.Markdown(extensions=_EXTENSIONS,
                                                  extension_configs=_EXTENSION_CONFIGS,
                                                  output_format="html")
    return _PER_THREAD.converter


def sanitise(html: str) -> str:
    """Keep only harmless HTML: no scripts, no event handlers, no javascript: links."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                     link_rel="noopener noreferrer", clean_content_tags={"script", "style"})


def unsafe_html_warnings(text: str, path: Path, first_line: int) -> list[Problem]:
    """Warn, with file and line, about raw HTML the sanitiser is going to remove."""
    if not _MAYBE_UNSAFE.search(text):  # most pages: one look at the text, not 5 a line
        return []
    warnings = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        for pattern, reason in _UNSAFE:
            match = pattern.search(line)
            if match:
                warnings.append(Problem(path, number, match.start() + 1, reason + ".",
                                        warning=True))
    return warnings
