"""The group.yaml reference, written from the schema so docs and code never drift."""

from __future__ import annotations

import dataclasses

from sitegen.core.config import Config, KeyDoc, PageMeta, document_keys


def full_reference(markdown: bool) -> str:
    """Return the reference of group.yaml and page front matter keys."""
    write, heading = (reference_markdown, "### ") if markdown else (reference_text, "")
    return (f"{heading}group.yaml\n\n{write(Config)}\n"
            f"{heading}Page front matter\n\n{write(PageMeta)}")


def reference_markdown(schema: type = Config) -> str:
    """Return a Markdown table of every key, its default and what it is for."""
    rows = ["| key | default | what it is for |", "| --- | --- | --- |"]
    rows += [f"| `{doc.path}` | {_default(doc)} | {_help(doc)} |" for doc in document_keys(schema)]
    return "\n".join(rows) + "\n"


def reference_text(schema: type = Config) -> str:
    """Return the reference as plain text for the terminal."""
    lines = []
    for doc in document_keys(schema):
        lines.append(f"{doc.path}  ({_default(doc).strip('`')})")
        lines.append(f"    {_help(doc).replace('`', '')}")
    return "\n".join(lines) + "\n"


def _default(doc: KeyDoc) -> str:
    if doc.required:
        return "required"
    if doc.default in (None, [], {}) or dataclasses.is_dataclass(doc.default):
        return "–"
    return f"`{doc.default}`"


def _help(doc: KeyDoc) -> str:
    example = f" Example: `{doc.example}`." if doc.example else ""
    return doc.help.replace("|", "\\|") + example
