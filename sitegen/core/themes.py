"""Where themes live: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # sitegen/


def themes_root() -> Path:
    """Return the folder holding the built-in themes."""
    installed = _PACKAGE / "themes"  # a wheel carries them inside the package
    return installed if installed.is_dir() else _PACKAGE.parent / "themes"


def theme_folder(name: str) -> Path:
    """Return one theme's folder (checked by validation to exist)."""
    return themes_root() / name


def theme_names() -> list[str]:
    """List the built-in themes."""
    return sorted(p.name for p in themes_root().iterdir() if (p / "templates").is_dir())
