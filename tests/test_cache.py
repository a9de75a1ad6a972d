"""Work kept in the user's cache between builds: compiled templates."""

from __future__ import annotations

import os
import shutil
import time

import jinja2
import pytest

from conftest import EXAMPLE_GROUP, NOW
from sitegen.core.themes import themes_root
from sitegen.core.cache import (cache_entry, forget_old_entries, keep_cached, read_cached,
                                user_cache_folder)
from sitegen.site import render
from sitegen.site.pipeline import check


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty user cache, and a process that has compiled nothing yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    forget_what_this_process_compiled(monkeypatch)
    return tmp_path / "cache"


def forget_what_this_process_compiled(monkeypatch):
    """As a new process would start: only the disk remembers."""
    monkeypatch.setattr(render, "COMPILED_TEMPLATES", render._CompiledTemplates())
    render._shared_environment.cache_clear()  # its templates are compiled already


def test_the_cache_lives_under_xdg_cache_home(fresh_cache):
    assert user_cache_folder("templates") == fresh_cache / "sitegen" / "templates"


def test_compiled_templates_are_kept_on_disk_and_used_by_the_next_build(fresh_cache,
                                                                        monkeypatch):
    first = check(EXAMPLE_GROUP, NOW, pdf=False).files
    assert list((fresh_cache / "sitegen" / "templates").rglob("*"))

    forget_what_this_process_compiled(monkeypatch)
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kwargs: pytest.fail(
        "a template was compiled again although its compiled code was on disk"))
    assert check(EXAMPLE_GROUP, NOW, pdf=False).files == first


def test_a_changed_template_is_compiled_again(fresh_cache, monkeypatch, make_group):
    group = make_group({"templates/404.html": "<p>Lost v1</p>\n"})
    check(group, NOW, pdf=False)
    (group / "templates" / "404.html").write_text("<p>Lost v2</p>\n", encoding="utf-8")
    forget_what_this_process_compiled(monkeypatch)

    files = check(group, NOW, pdf=False).files

    assert files["404.html"] == b"<p>Lost v2</p>\n"


@pytest.fixture
def theme_copy(tmp_path, monkeypatch):
    """The themes, copied to a folder the test may change; forgotten again afterwards."""
    themes = tmp_path / "themes"
    shutil.copytree(themes_root(), themes)
    monkeypatch.setattr(render, "themes_root", lambda: themes)
    monkeypatch.setattr(render, "theme_folder", lambda name: themes / name)
    render._shared_environment.cache_clear()
    render.static_files.cache_clear()
    yield themes / "default" / "templates"
    render._shared_environment.cache_clear()
    render.static_files.cache_clear()


def test_a_theme_template_changed_between_two_builds_of_one_process_is_used(
        theme_copy, make_group):
    # The preview builds again in the same process, with the same environment.
    group = make_group()
    assert b"Lost in the theme" not in check(group, NOW, pdf=False).files["404.html"]
    changed = theme_copy / "404.html"
    changed.write_text("<p>Lost in the theme</p>\n", encoding="utf-8")
    later = time.time() + 10  # a file system may keep times to the second
    os.utime(changed, (later, later))

    assert check(group, NOW, pdf=False).files["404.html"] == b"<p>Lost in the theme</p>\n"


def test_a_cache_that_cannot_be_written_only_makes_builds_slower(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    forget_what_this_process_compiled(monkeypatch)

    assert check(EXAMPLE_GROUP, NOW, pdf=False).files["index.html"]
    keep_cached(blocked / "x" / "y", b"z")
    assert read_cached(blocked / "x" / "y") is None


def test_a_second_build_into_an_empty_folder_takes_pages_pictures_and_pdfs_from_the_cache(
        fresh_cache, monkeypatch, tmp_path):
    from sitegen.printed import pdf
    from sitegen.site import model, share_card
    from sitegen.site.pipeline import build
    from sitegen.core import images

    first = build(EXAMPLE_GROUP, tmp_path / "first", NOW).files
    made_first = built_files(tmp_path / "first")

    def must_not_run(*args, **kwargs):
        pytest.fail("made again although the user cache had it")
    monkeypatch.setattr(model, "render_markdown", must_not_run)
    monkeypatch.setattr(images, "_place_images", must_not_run)
    monkeypatch.setattr(images, "_smaller_copy", must_not_run)
    monkeypatch.setattr(share_card, "_draw_card", must_not_run)
    monkeypatch.setattr(pdf, "print_pdf", must_not_run)
    second = build(EXAMPLE_GROUP, tmp_path / "second", NOW).files

    assert built_files(tmp_path / "second") == made_first and sorted(second) == sorted(first)
    assert any(isinstance(c, bytes) for n, c in first.items() if n.startswith("images/"))


def test_templates_compiled_for_other_code_are_compiled_again(fresh_cache, monkeypatch):
    first = check(EXAMPLE_GROUP, NOW, pdf=False).files
    forget_what_this_process_compiled(monkeypatch)
    # Another version of sitegen: its filters may be called differently by compiled code.
    monkeypatch.setattr(render, "code_fingerprint", lambda: "another sitegen")
    compiled = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda *args, **kwargs: compiled.append(1) or compile_(*args, **kwargs))
    assert check(EXAMPLE_GROUP, NOW, pdf=False).files == first
    assert compiled


def built_files(out) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def test_a_changed_page_or_picture_is_made_again(fresh_cache, make_group):
    group = make_group({"pages/about.md": "# About\n\nOld words.\n![Us](images/us.svg)\n",
                        "images/us.svg": '<svg width="10" height="20"></svg>'})
    check(group, NOW, pdf=False)
    (group / "pages" / "about.md").write_text("# About\n\nNew words.\n![Us](images/us.svg)\n")
    (group / "images" / "us.svg").write_text('<svg width="30" height="40" ></svg>')

    page = check(group, NOW, pdf=False).files["about/index.html"].decode()

    assert "New words." in page and 'height="40"' in page and 'width="30"' in page


def test_entries_older_than_a_month_are_forgotten_once_a_day(fresh_cache):
    old, new = cache_entry("pages", ("old",)), cache_entry("pages", ("new",))
    keep_cached(old, b"old")
    keep_cached(new, b"new")
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old, (month_ago, month_ago))

    forget_old_entries()

    assert not old.exists() and new.exists()
    keep_cached(old, b"old")
    os.utime(old, (month_ago, month_ago))
    forget_old_entries()  # the same day: not again
    assert old.exists()
