"""The layers in pyproject.toml hold, and a wrong import is reported by name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# import-linter has no `python -m` entry point; this is what its `lint-imports` script runs.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; " \
               "sys.exit(lint_imports_command())"


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the sitegen package found in `project`, with its pyproject.toml."""
    return subprocess.run([sys.executable, "-c", LINT_IMPORTS, "--no-cache"], cwd=project,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)},
                          capture_output=True, text=True, timeout=120)


def throwaway_copy(tmp_path: Path) -> Path:
    """Copy the package and its contract, so a test can break the copy."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "sitegen", tmp_path / "sitegen",
                    ignore=shutil.ignore_patterns("__pycache__", "locales", "starter"))
    return tmp_path


def test_the_layers_are_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, wrong_import, reported", [
    ("core/problems.py", "from sitegen.site.model import Site",
     "sitegen.core.problems -> sitegen.site.model"),  # a lower layer reaching up
    ("web/contact.py", "from sitegen.printed import fonts",
     "sitegen.web.contact -> sitegen.printed.fonts"),  # two siblings meant to stay apart
])
def test_a_wrong_import_is_reported_naming_both_modules(tmp_path, module, wrong_import, reported):
    project = throwaway_copy(tmp_path)
    path = project / "sitegen" / module
    path.write_text(path.read_text() + f"\n{wrong_import}\n")

    result = lint_imports(project)

    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert reported in result.stdout


def test_every_subpackage_says_what_lives_there_and_what_it_may_use():
    for init in sorted((REPO / "sitegen").glob("*/__init__.py")):
        lines = init.read_text(encoding="utf-8").strip().strip('"').strip().splitlines()
        assert len(lines) == 2, init
        assert lines[1].startswith("May use:"), init


def test_only_the_command_line_sits_at_the_top():
    top = sorted(path.name for path in (REPO / "sitegen").glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py"]
