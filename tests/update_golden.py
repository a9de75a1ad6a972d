"""Refresh the golden copy of the example site's pages, on purpose only.

    python3 tests/update_golden.py

It builds example-group/ at the tests' fixed moment and replaces
tests/golden/example-group/ with its HTML pages, prettified by BeautifulSoup so
that changes of indentation alone do not count. The stylesheet, SVGs, scripts,
calendars and JSON are not kept: tests/test_built_site.py and
tests/test_html_valid.py check those. Review `git diff tests/golden` before
committing.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]  # this checkout's sitegen and conftest

from bs4 import BeautifulSoup  # noqa: E402

from conftest import EXAMPLE_GROUP, NOW  # noqa: E402
from sitegen.site.pipeline import build  # noqa: E402

GOLDEN = TESTS / "golden" / "example-group"
UPDATE_COMMAND = "python3 tests/update_golden.py"


def normalise(html: str) -> str:
    """Lay the page out one tag or text per line, so a diff shows what changed."""
    return BeautifulSoup(html, "html.parser").prettify()


def built_pages(out: Path) -> dict[str, str]:
    """Build the example group into `out`; return {page path: normalised HTML}."""
    build(EXAMPLE_GROUP, out=out, now=NOW)
    return {path.relative_to(out).as_posix(): normalise(path.read_text(encoding="utf-8"))
            for path in sorted(out.rglob("*.html"))}


def golden_pages() -> dict[str, str]:
    """Read the golden copy: {page path: normalised HTML}."""
    return {path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(GOLDEN.rglob("*.html"))}


def page_differences(golden: dict[str, str], built: dict[str, str]) -> str:
    """A unified diff from the golden pages to the built ones; empty if they agree."""
    diffs = []
    for name in sorted(golden.keys() | built.keys()):
        before, after = golden.get(name, ""), built.get(name, "")
        if before != after:
            diffs += difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True),
                f"golden/{name}" if name in golden else "/dev/null",
                f"built/{name}" if name in built else "/dev/null")
    return "".join(diffs)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        built = built_pages(Path(folder) / "site")
    old = golden_pages() if GOLDEN.is_dir() else {}
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, html in built.items():
        (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_text(html, encoding="utf-8")
    report = {"added": [name for name in built if name not in old],
              "removed": [name for name in old if name not in built],
              "changed": [name for name in built if name in old and old[name] != built[name]]}
    print(f"Wrote {len(built)} pages to {GOLDEN.relative_to(TESTS.parent)}/.")
    for what, names in report.items():
        if names:
            print(f"  {what}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
