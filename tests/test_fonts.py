"""Which fonts are installed: fc-list asked once, then again only when a font folder changes."""

from __future__ import annotations

import os

import pytest

from sitegen.printed import fonts


@pytest.fixture
def font_folder(tmp_path, monkeypatch):
    """The only font folder is an empty one of the test's own; fc-list is counted."""
    folder = tmp_path / "fonts"
    (folder / "noto").mkdir(parents=True)
    monkeypatch.setattr(fonts, "FONT_FOLDERS", (str(folder),))
    monkeypatch.setattr(fonts.shutil, "which", lambda name: f"/usr/bin/{name}")
    asked = []
    monkeypatch.setattr(fonts, "_fc_list", lambda: asked.append(1) or
                        f"Noto Sans\t{folder}/noto/NotoSans-{len(asked)}.ttf\n".encode())
    fonts.installed_fonts.cache_clear()
    yield folder, asked
    fonts.installed_fonts.cache_clear()


def test_fc_list_is_asked_once_while_the_font_folders_stay_the_same(font_folder):
    folder, asked = font_folder
    first = fonts.installed_fonts()
    fonts.installed_fonts.cache_clear()  # as a new build would

    assert fonts.installed_fonts() == first == {"Noto Sans": (f"{folder}/noto/NotoSans-1.ttf",)}
    assert len(asked) == 1


def test_a_font_added_in_a_subfolder_makes_sitegen_ask_again(font_folder):
    folder, asked = font_folder
    fonts.installed_fonts()
    (folder / "noto" / "NotoSansBengali.ttf").write_bytes(b"font")
    stamp = os.stat(folder / "noto").st_mtime_ns
    os.utime(folder / "noto", ns=(stamp + 10**9, stamp + 10**9))  # coarse clocks
    fonts.installed_fonts.cache_clear()

    assert fonts.installed_fonts() == {"Noto Sans": (f"{folder}/noto/NotoSans-2.ttf",)}
    assert len(asked) == 2


def test_a_failing_fc_list_is_not_remembered(font_folder, monkeypatch):
    folder, asked = font_folder
    good = fonts._fc_list

    def failing():
        raise OSError("fc-list crashed")

    monkeypatch.setattr(fonts, "_fc_list", failing)
    assert fonts.installed_fonts() is None
    monkeypatch.setattr(fonts, "_fc_list", good)
    fonts.installed_fonts.cache_clear()

    assert fonts.installed_fonts() is not None
