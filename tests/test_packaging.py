"""A wheel built from this checkout carries the themes and the starter, and its command works."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_GROUP, REPO

pytestmark = pytest.mark.slow

FILES_THE_WHEEL_NEEDS = [
    "sitegen/themes/default/templates/base.html",
    "sitegen/themes/default/templates/style.css",
    "sitegen/starter/group.yaml",
    "sitegen/preview/editor/group.html",
    "sitegen/preview/editor/fields.html",
    "sitegen/preview/editor/editor.css",
    "sitegen/preview/editor/editor.js",
    "sitegen/publish/group-repository-README.md",
]


def run(command: list, **options) -> subprocess.CompletedProcess:
    """Run a command; on failure, fail the test with everything it printed."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=600, **options)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} exited with {done.returncode}:\n"
                    f"{done.stdout}\n{done.stderr}", pytrace=False)
    return done


def environment_without_this_checkout() -> dict[str, str]:
    """The environment, minus anything that would import sitegen from the source folder."""
    return {name: value for name, value in os.environ.items()
            if name not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH"}}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the project's wheel, as `pip install .` would."""
    folder = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", folder, REPO])
    wheels = list(folder.glob("sitegen-*.whl"))
    assert len(wheels) == 1, f"expected one sitegen wheel, found {wheels}"
    return wheels[0]


def test_the_wheel_carries_the_default_theme_and_the_starter_folder(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in FILES_THE_WHEEL_NEEDS if name not in names] == []


def packages_of_this_interpreter() -> list[str]:
    """The folders the interpreter running the tests imports installed packages from."""
    folders = [*site.getsitepackages(), sysconfig.get_paths()["purelib"],
               sysconfig.get_paths()["platlib"]]
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return list(dict.fromkeys(folder for folder in folders if os.path.isdir(folder)))


def venv_seeing_these_packages(venv: Path) -> Path:
    """Make a venv that imports the dependencies (and pip) of the interpreter running the tests.

    Not --system-site-packages: made from inside a venv, that shows the base Python's
    packages, not the active venv's. A .pth file lists this interpreter's package folders
    instead: after the venv's own, so the wheel installed there is the sitegen it imports.
    """
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    venv_packages = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        env=environment_without_this_checkout()).stdout.strip()
    Path(venv_packages, "packages-of-the-tests.pth").write_text(
        "\n".join(packages_of_this_interpreter()) + "\n", "utf-8")
    return python


def install_in_a_venv(wheel: Path, venv: Path) -> Path:
    """Install the wheel (only: no downloads) into a new venv; return the venv's python."""
    python = venv_seeing_these_packages(venv)
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--ignore-installed", "--disable-pip-version-check", wheel],
        env=environment_without_this_checkout())
    return python


def test_the_installed_wheel_builds_the_example_group(wheel, tmp_path):
    venv = tmp_path / "venv"
    python = install_in_a_venv(wheel, venv)
    environment = environment_without_this_checkout()
    imported_from = run([python, "-c", "import sitegen; print(sitegen.__file__)"],
                        env=environment, cwd=tmp_path).stdout.strip()
    assert Path(imported_from).resolve().is_relative_to(venv.resolve()), (
        f"the venv imports sitegen from {imported_from}, not from the installed wheel")

    group = tmp_path / "example-group"
    shutil.copytree(EXAMPLE_GROUP, group, ignore=shutil.ignore_patterns("_site"))
    run([python.parent / "sitegen", "build", group], env=environment, cwd=tmp_path)
    assert (group / "_site" / "index.html").is_file()
    assert (group / "_site" / "style.css").is_file()


def test_the_installed_package_knows_its_source_address_from_pyproject(wheel, tmp_path):
    python = install_in_a_venv(wheel, tmp_path / "venv")

    said = run([python, "-c", "from sitegen.publish.source import project_source_url; "
                "print(project_source_url())"], env=environment_without_this_checkout(),
               cwd=tmp_path).stdout.strip()

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert said == pyproject["project"]["urls"]["Source"]
