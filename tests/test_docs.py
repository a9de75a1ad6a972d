"""The README's key reference is the schema's own, so the two never drift."""

import re

from conftest import REPO
from sitegen.core.config import Config, document_keys
from sitegen.core.reference import full_reference


def readme_reference() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"sitegen keys --markdown`; tests/test_docs.py checks it -->\n"
                      r"(.*)<!-- end of reference -->", text, re.S)
    assert match, "README.md has lost its reference markers"
    return match.group(1)


def test_readme_reference_is_the_one_the_schema_writes():
    assert readme_reference() == full_reference(markdown=True), (
        "Refresh it: python3 tests/update_readme.py")


def test_every_schema_key_is_in_the_readme():
    reference = readme_reference()
    missing = [doc.path for doc in document_keys(Config) if f"`{doc.path}`" not in reference]
    assert missing == []


def test_every_key_has_help():
    assert all(doc.help.strip() for doc in document_keys(Config))


def test_readme_shows_the_two_commands_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "python3 -m pip install '.[test]' && python3 -m pytest"
    assert test_command in readme and test_command in ci
    assert "python3 -m pip install . && sitegen build example-group" in readme
