"""A folder of 20 group folders, one broken: every good group's site under /<group>/, a
directory at the root with filters, one calendar, one meetings list and a booklet."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import NOW, REPO, read_search_index, write_files
from listing_rules import all_ids, hsds_problems, meeting_guide_problems
from sitegen import cli
from sitegen.core.cache import folder_digest
from sitegen.directory import groups as directory_groups
from sitegen.directory import site as directory_site
from sitegen.directory.build import KEPT_FOLDER, build_directory, cache_folder
from sitegen.directory.groups import SourceHashes
from sitegen.directory.kept import PARTS
from sitegen.core.folders import is_directory_folder
from sitegen.directory.config import DirectoryConfig, read_directory
from sitegen.core.config import document_keys
from sitegen.core.problems import SiteError
from sitegen.core.reference import reference_markdown

pytestmark = pytest.mark.slow  # 19 groups' posters and leaflets, and the booklet, in PDF

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
make_groups = make_groups_module.make_groups

BROKEN = "broken-example-group"
BROKEN_YAML = """\
name: Broken Example Group
contact:
  phone: 0115 496 0000
meetings:
  - name: Coffee morning
    when: every blue moon
"""
DAY_NUMBERS = {0: "sunday", 1: "monday", 2: "tuesday", 3: "wednesday", 4: "thursday",
               5: "friday", 6: "saturday"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """19 generated groups and a broken one, built once from the command line."""
    root = tmp_path_factory.mktemp("directory")
    groups = make_groups(root / "groups", 19, seed=7)
    write_files(root / "groups", {f"{BROKEN}/group.yaml": BROKEN_YAML})
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795683600")  # 2026-11-26 09:00 in London
        patch.chdir(root)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["build", "groups", "--out", "site"])
    return {"root": root, "site": root / "site", "groups": groups, "status": status,
            "out": out.getvalue(), "err": err.getvalue()}


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def card_slugs(soup: BeautifulSoup) -> list[str]:
    return [card["data-slug"] for card in soup.select("li.card")]


def group_name(folder: Path) -> str:
    return re.search(r'^name: "(.*)"$', (folder / "group.yaml").read_text(), re.M).group(1)


# ------------------------------------------------------------- one broken group

def test_a_broken_group_makes_the_build_exit_1_but_the_others_are_built(built):
    assert built["status"] == 1
    for group in built["groups"]:
        assert (built["site"] / group.name / "index.html").is_file()
    assert not (built["site"] / BROKEN).exists()


def test_the_broken_groups_problem_is_printed_as_file_line_column(built):
    err = built["err"]
    assert f"groups/{BROKEN}/group.yaml:6:11: meetings[0].when: \"every blue moon\" is not " \
           "a rule sitegen understands" in err
    assert f"1 group not shown because of the problems above: {BROKEN}. " \
           "The other groups were built." in err
    assert "kept from the last good build" not in err  # it never built
    assert "Built the directory of 19 groups into site/" in built["out"]


def test_the_directory_page_lists_the_broken_group_as_not_shown(built):
    soup = page(built["site"], "index.html")
    section = soup.find("section", class_="not-shown")
    assert section.h2.get_text() == "Not shown this time"
    assert "Broken example group" in section.get_text()
    assert "Broken Example Group" not in soup.get_text()  # nothing read from its group.yaml


# ------------------------------------------------------------- the directory page

def test_the_directory_page_has_a_card_for_every_good_group(built):
    soup = page(built["site"], "index.html")
    assert sorted(card_slugs(soup)) == sorted(group.name for group in built["groups"])
    assert soup.select_one("#listed .count-line").get_text() == "19 groups"
    assert soup.find(class_="pager") is None  # 19 cards fit on one page
    for group in built["groups"]:
        card = soup.find(id=f"group-{group.name}")
        assert card.h2.get_text(strip=True) == group_name(group)
        assert card.h2.a["href"] == f"{group.name}/index.html"  # relative: any sub-path works
        assert card.select("[data-over-at]"), "each card shows the next meeting"


def test_every_card_shows_name_tagline_topics_and_area(built):
    soup = page(built["site"], "index.html")
    group = built["groups"][0]
    text = (group / "group.yaml").read_text()
    card = soup.find(id=f"group-{group.name}")
    tagline = re.search(r'^tagline: "(.*)"$', text, re.M).group(1)
    area = re.search(r'^area: "(.*)"$', text, re.M).group(1)
    assert card.find(class_="card-tagline").get_text() == tagline
    assert area in card.get_text()
    topics = re.findall(r'"([^"]+)"', re.search(r"^topics: \[(.*)\]$", text, re.M).group(1))
    assert ", ".join(topics) in card.get_text()


def test_the_filter_form_is_hidden_until_the_script_runs_and_there_is_no_inline_script(built):
    soup = page(built["site"], "index.html")
    assert soup.find("form", id="filter").has_attr("hidden")
    scripts = soup.find_all("script")
    assert [s["src"] for s in scripts] == ["site.js", "directory.js"]
    assert all(not s.get_text().strip() for s in scripts)
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


# ------------------------------------------------------------- the pre-built filters

def yaml_of(group: Path) -> str:
    return (group / "group.yaml").read_text(encoding="utf-8")


def test_each_topic_page_shows_exactly_the_groups_with_that_topic(built):
    topics: dict[str, set[str]] = {}
    for group in built["groups"]:
        listed = re.search(r"^topics: \[(.*)\]$", yaml_of(group), re.M).group(1)
        for topic in re.findall(r'"([^"]+)"', listed):
            topics.setdefault(re.sub(r"[^\w]+", "-", topic.lower()).strip("-"), set()).add(
                group.name)
    assert {p.name for p in (built["site"] / "topics").iterdir()} == set(topics)
    for slug, groups in topics.items():
        assert set(card_slugs(page(built["site"], f"topics/{slug}/index.html"))) == groups


def test_each_area_page_shows_the_groups_in_that_place_or_town(built):
    towns: dict[str, set[str]] = {}
    for group in built["groups"]:
        area = re.search(r'^area: "(.*)"$', yaml_of(group), re.M).group(1)
        for part in area.split(", "):
            towns.setdefault(part.lower().replace(" ", "-"), set()).add(group.name)
    for slug, groups in towns.items():
        assert set(card_slugs(page(built["site"], f"areas/{slug}/index.html"))) == groups


def test_each_day_page_shows_the_groups_meeting_that_day(built):
    index = read_search_index(built["site"])
    days = {p.name for p in (built["site"] / "days").iterdir()}
    assert days <= set(DAY_NUMBERS.values()) and days
    for day in days:
        shown = set(card_slugs(page(built["site"], f"days/{day}/index.html")))
        assert shown == {g["slug"] for g in index if day in g["days"]}
        for group in built["groups"]:  # a weekly or monthly-by-weekday meeting that day
            own = json.loads((built["site"] / group.name / "meetings.json").read_bytes())
            weekdays = [m["day"] for m in own
                        if m["type"] == "meeting" and "day" in m]  # the 15th: no set day
            flat = {d for entry in weekdays for d in (entry if isinstance(entry, list) else [entry])}
            if any(DAY_NUMBERS[d] == day for d in flat):
                assert group.name in shown


def test_filter_pages_link_back_relatively_and_mark_where_you_are(built):
    soup = page(built["site"], "days/tuesday/index.html") \
        if (built["site"] / "days" / "tuesday").exists() else \
        page(built["site"], next((built["site"] / "days").iterdir()).relative_to(
            built["site"]).as_posix() + "/index.html")
    assert soup.find("p", class_="back").a["href"] == "../../index.html"
    current = soup.select('a[aria-current="page"]')
    assert len(current) == 1
    for link in soup.select("a[href]"):
        assert not link["href"].startswith("/"), link


def test_the_search_index_names_every_shown_group_and_its_filters(built):
    index = read_search_index(built["site"])
    assert sorted(g["slug"] for g in index) == sorted(g.name for g in built["groups"])
    for entry in index:
        shown = page(built["site"], "index.html").find(id=f"group-{entry['slug']}")
        assert entry["name"] == shown.h2.get_text(strip=True)
        assert all(shown.get_text().count(area) for area in entry["area"].split(", "))
    assert len((built["site"] / "search-index.json").read_bytes()) < 10_000


# ------------------------------------------------------------- feeds and booklet

def test_the_combined_feed_has_every_groups_events_with_unique_uids(built):
    combined = Calendar.from_ical((built["site"] / "meetings.ics").read_bytes())
    events = combined.walk("VEVENT")
    own = [Calendar.from_ical((built["site"] / g.name / "meetings.ics").read_bytes())
           for g in built["groups"]]
    assert len(events) == sum(len(calendar.walk("VEVENT")) for calendar in own) >= 19
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    assert {str(zone["TZID"]) for zone in combined.walk("VTIMEZONE")} == {"Europe/London"}
    names = {group_name(g) for g in built["groups"]}
    assert all(str(e["SUMMARY"]).rsplit(" – ", 1)[1] in names for e in events)


def test_the_combined_meetings_json_lists_every_good_group(built):
    combined = json.loads((built["site"] / "meetings.json").read_bytes())
    assert meeting_guide_problems(combined) == []
    assert {entry["group"] for entry in combined} == {group_name(g) for g in built["groups"]}
    for group in built["groups"]:
        own = json.loads((built["site"] / group.name / "meetings.json").read_bytes())
        assert meeting_guide_problems(own) == []
        assert [dict(entry, slug=entry["slug"].split("--")[1]) for entry in combined
                if entry["slug"].startswith(group.name + "--")] == own


def test_the_combined_services_json_has_every_good_group_each_valid_hsds(built):
    combined = json.loads((built["site"] / "openreferral" / "services.json").read_bytes())
    assert hsds_problems(combined) == []
    assert sorted(s["name"] for s in combined) == sorted(group_name(g) for g in built["groups"])
    ids = all_ids(combined)
    terms = {a["taxonomy_term"]["id"] for s in combined for a in s.get("attributes", [])}
    # A topic is one term, shared by the groups that have it; every other id is unique.
    assert {i for i in ids if ids.count(i) > 1} <= terms and len(set(ids) - terms) > 100
    for group in built["groups"]:  # and each group's own file, under the group
        own = json.loads((built["site"] / group.name / "openreferral" / "services.json")
                         .read_bytes())
        assert own[0] in combined
    assert (built["site"] / "openreferral" / "index.json").is_file()


def test_the_booklet_is_a5_with_a_contents_page_and_every_group(built):
    pdf = (built["site"] / "booklet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (148, 210)  # A5 in mm
    text = " ".join(sheet.extract_text() for sheet in reader.pages)
    assert "Contents by topic" in text
    for group in built["groups"]:
        assert group_name(group).split("'")[0] in text


# ------------------------------------------------------------- groups kept apart

def test_no_groups_name_appears_in_another_groups_pages(built):
    names = {group.name: group_name(group) for group in built["groups"]}
    for slug in names:
        pages = [p for p in (built["site"] / slug).rglob("*")
                 if p.suffix in (".html", ".ics", ".json", ".xml", ".txt")]
        text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
        for other, name in names.items():
            if other != slug and name not in names[slug]:
                assert name not in text and name.replace("'", "&#39;") not in text, \
                    f"{name} appears in {slug}'s pages"


def test_the_cache_is_beside_the_output_never_in_a_group_folder(built):
    assert (built["root"] / ".sitegen-cache" / "site" / "groups").is_dir()
    for group in [*built["groups"], built["root"] / "groups" / BROKEN]:
        assert not any(path.name.startswith(".sitegen") for path in group.rglob("*"))


# ------------------------------------------------------------- rebuilding

@pytest.fixture
def small(tmp_path, monkeypatch):
    """Three groups, built in this process without PDFs (fast)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795683600")
    groups = make_groups(tmp_path / "groups", 3, seed=3)
    return tmp_path, groups


def test_a_second_build_rebuilds_only_the_group_that_changed(small):
    root, groups = small
    first = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert sorted(first.rebuilt) == sorted(g.name for g in groups)
    again = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert again.rebuilt == []
    yaml = groups[1] / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Brand new words"', yaml.read_text(),
                           flags=re.M))
    third = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert third.rebuilt == [groups[1].name]
    assert "Brand new words" in (root / "site" / "index.html").read_text()
    assert "Brand new words" in (root / "site" / groups[1].name / "index.html").read_text()


def test_group_files_are_linked_from_the_cache_and_a_rebuild_leaves_old_links_alone(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    page = root / "site" / groups[1].name / "index.html"
    entry = cache_folder((root / "site").resolve()) / "groups" / f"{groups[1].name}.json"
    digest = json.loads(entry.read_text())["files"]["index.html"]
    assert page.samefile(cache_folder((root / "site").resolve()) / "files" / digest)
    before = page.read_bytes()
    kept = root / "kept.html"
    os.link(page, kept)  # what a web server still serving the old site would read
    yaml = groups[1] / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Brand new words"', yaml.read_text(),
                           flags=re.M))
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert "Brand new words" in page.read_text()
    assert kept.read_bytes() == before


def test_a_file_the_same_in_every_group_is_kept_once_and_unused_files_are_deleted(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    store = cache_folder((root / "site").resolve()) / "files"
    styles = [root / "site" / g.name / "style.css" for g in groups]
    assert all(style.samefile(styles[0]) for style in styles)  # one file in the cache
    homes = {g.name: (root / "site" / g.name / "index.html").read_bytes() for g in groups}
    before = set(os.listdir(store))
    yaml = groups[1] / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Brand new words"', yaml.read_text(),
                           flags=re.M))
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    after = set(os.listdir(store))
    gone = before - after
    assert gone and not any(name.startswith(".new-") for name in after)
    old_home = hashlib.sha256(homes[groups[1].name]).hexdigest()
    assert old_home in gone  # the changed group's old home page
    for group in groups:  # every file of the output is one in the cache
        for path in (root / "site" / group.name).rglob("*"):
            digest = None if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
            assert digest is None or digest in after and path.samefile(store / digest)


def test_a_rebuilt_group_numbers_its_changed_meetings_from_the_last_output(small):
    # The feed's SEQUENCE counts changes: the group is built with its last feed beside it.
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    yaml = groups[0] / "group.yaml"
    text = yaml.read_text()
    times = re.findall(r"time: (.*)", text)
    yaml.write_text(text.replace(f"time: {times[0]}", "time: 6am-7am", 1))
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    feed = Calendar.from_ical((root / "site" / groups[0].name / "meetings.ics").read_bytes())
    sequences = [int(event.get("SEQUENCE", 0)) for event in feed.walk("VEVENT")]
    assert max(sequences) >= 1


def test_unchanged_groups_folders_are_moved_into_the_new_output_not_written_again(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    folders = {g.name: (root / "site" / g.name).stat().st_ino for g in groups}
    yaml = groups[1] / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Brand new words"', yaml.read_text(),
                           flags=re.M))
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    after = {g.name: (root / "site" / g.name).stat().st_ino for g in groups}
    assert after[groups[0].name] == folders[groups[0].name]  # the same folder, renamed in
    assert after[groups[2].name] == folders[groups[2].name]
    assert after[groups[1].name] != folders[groups[1].name]  # written anew
    assert "Brand new words" in (root / "site" / groups[1].name / "index.html").read_text()


def test_a_write_that_fails_gives_the_old_output_its_moved_folders_back(small, monkeypatch):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    before = {p.relative_to(root / "site").as_posix(): p.read_bytes()
              for p in (root / "site").rglob("*") if p.is_file()}

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("sitegen.core.write._swap_in", full_disk)
    with pytest.raises(OSError):
        build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    after = {p.relative_to(root / "site").as_posix(): p.read_bytes()
             for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(root.glob(".site-new-*"))


def test_a_new_build_date_rebuilds_every_group(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    later = build_directory(root / "groups", root / "site", now=NOW.replace(day=27), jobs=1,
                            pdf=False)
    assert sorted(later.rebuilt) == sorted(g.name for g in groups)


def test_a_group_that_breaks_keeps_its_last_good_site_and_a_card_marked_out_of_date(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    before = (root / "site" / groups[0].name / "index.html").read_bytes()
    name = group_name(groups[0])
    (groups[0] / "group.yaml").write_text("name: Oops\n")
    result = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert [g["slug"] for g in result.failed] == [groups[0].name]
    assert result.kept == [groups[0].name]
    assert (root / "site" / groups[0].name / "index.html").read_bytes() == before
    soup = page(root / "site", "index.html")
    card = soup.find(id=f"group-{groups[0].name}")
    assert card.h2.get_text(strip=True) == name  # from the last good build
    assert "may be out of date" in card.find(class_="stale-note").get_text()
    assert soup.find("section", class_="not-shown") is None
    assert len(soup.select(".stale-note")) == 1


def test_the_build_says_which_groups_were_kept_and_exits_1(small, capsys):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    (groups[0] / "group.yaml").write_text("name: Oops\n")
    status = cli.main(["build", str(root / "groups"), "--out", str(root / "site"), "--no-pdf",
                       "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"1 group kept from the last good build because of the problems above, marked on " \
           f"the directory as possibly out of date: {groups[0].name}." in err
    assert "not shown" not in err


def test_a_kept_card_drops_the_dates_that_have_passed_since(small):
    root, groups = small
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    (groups[0] / "group.yaml").write_text("name: Oops\n")
    later = NOW.replace(year=2027)
    result = build_directory(root / "groups", root / "site", now=later, jobs=1, pdf=False)
    card = next(c for c in result.directory.cards if c["slug"] == groups[0].name)
    assert card["stale"] and card["next"] == []


def test_groups_are_built_in_parallel_processes(small):
    root, groups = small
    result = build_directory(root / "groups", root / "site", now=NOW, jobs=2, pdf=False)
    assert sorted(result.rebuilt) == sorted(g.name for g in groups) and not result.failed


def test_without_weasyprint_the_build_succeeds_with_a_warning(small, monkeypatch):
    root, groups = small
    monkeypatch.setattr("sitegen.directory.booklet.weasyprint_problem", lambda: "WeasyPrint is not installed")
    monkeypatch.setattr("sitegen.printed.pdf.weasyprint_problem", lambda: "WeasyPrint is not installed")
    result = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=True)
    assert not result.failed
    assert any("booklet.pdf was not made: WeasyPrint is not installed" in w.message
               for w in result.warnings)
    assert not (root / "site" / "booklet.pdf").exists()
    assert "booklet.pdf" not in (root / "site" / "index.html").read_text()


def test_a_bug_in_one_group_does_not_stop_the_others(small, monkeypatch):
    root, groups = small
    real = directory_groups.check

    def failing(folder, *args, **kwargs):
        if folder == groups[2]:
            raise RuntimeError("boom")
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(directory_groups, "check", failing)
    result = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert [g["slug"] for g in result.failed] == [groups[2].name]
    assert "RuntimeError: boom" in result.problems[0].message


# ------------------------------------------------------------- what a rebuild notices

def test_a_group_folder_is_read_again_only_when_its_files_stats_change(tmp_path, monkeypatch):
    monkeypatch.setattr(directory_groups, "SETTLED_NS", 0)  # these files are seconds old
    folder = write_files(tmp_path / "group", {"group.yaml": "name: A\n", "pages/about.md": "Hi\n"})
    first = SourceHashes(tmp_path / "sources.json")
    digest = first.hash(folder)
    first.save()
    read = []
    monkeypatch.setattr(directory_groups, "files_digest",
                        lambda files: read.append(folder) or folder_digest(folder))
    assert SourceHashes(tmp_path / "sources.json").hash(folder) == digest and read == []
    (folder / "pages" / "new.md").write_text("New\n")
    assert SourceHashes(tmp_path / "sources.json").hash(folder) != digest and read == [folder]


def test_an_edit_of_the_same_size_with_its_time_put_back_is_still_noticed(tmp_path, monkeypatch):
    monkeypatch.setattr(directory_groups, "SETTLED_NS", 0)
    folder = write_files(tmp_path / "group", {"group.yaml": "name: Aaa\n"})
    first = SourceHashes(tmp_path / "sources.json")
    digest = first.hash(folder)
    first.save()
    yaml, before = folder / "group.yaml", (folder / "group.yaml").stat()
    time.sleep(0.05)  # past the clock's step: the change time moves
    yaml.write_text("name: Bbb\n")
    os.utime(yaml, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    assert yaml.stat().st_size == before.st_size and yaml.stat().st_mtime_ns == before.st_mtime_ns
    assert SourceHashes(tmp_path / "sources.json").hash(folder) == folder_digest(folder) != digest


def test_stats_taken_just_after_a_change_are_not_trusted_next_time(tmp_path):
    folder = write_files(tmp_path / "group", {"group.yaml": "name: A\n"})  # just now
    hashes = SourceHashes(tmp_path / "sources.json")
    hashes.hash(folder)
    hashes.save()
    assert SourceHashes(tmp_path / "sources.json").known == {}  # the next build reads it again


def set_tagline(group: Path, words: str) -> None:
    yaml = group / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", f'tagline: "{words}"', yaml.read_text(), flags=re.M))


def directory_files_of(site: Path, groups: list[Path]) -> dict[str, bytes]:
    """The directory's own files in a built site: all but the groups' folders."""
    slugs = {group.name for group in groups}
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*")
            if path.is_file() and path.relative_to(site).parts[0] not in slugs}


def test_kept_directory_pages_are_the_pages_a_build_from_scratch_makes(small, monkeypatch):
    """After each change, the directory's files (most kept from earlier builds) are those
    rendered anew from the same groups' summaries, with nothing kept."""
    root, groups = small
    monkeypatch.setattr("sitegen.directory.site.PER_PAGE", 1)  # lists of several pages
    extra = make_groups(root / "more", 1, seed=11)[0]
    cache = cache_folder((root / "site").resolve())

    changes = [lambda: None, lambda: set_tagline(groups[1], "Brand new words"),
               lambda: extra.rename(root / "groups" / extra.name),
               lambda: (groups[0] / "group.yaml").write_text("name: Oops\n"),
               lambda: shutil.rmtree(groups[2]),
               lambda: write_files(root / "groups", {"directory.yaml": "name: Essex Groups\n"
                                                     "website: https://groups.example.org\n"})]
    for number, change in enumerate(changes):
        change()
        build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
        check = root / f"check-{number}"  # the same groups' builds, but no kept pages
        shutil.copytree(cache, cache_folder(check.resolve()))
        shutil.rmtree(cache_folder(check.resolve()) / KEPT_FOLDER)
        result = build_directory(root / "groups", check, now=NOW, jobs=1, pdf=False)
        assert set(result.rebuilt) <= {group["slug"] for group in result.failed}  # tried again
        kept = directory_files_of(root / "site", groups + [extra])
        assert kept == directory_files_of(check, groups + [extra]), f"after change {number}"
    assert "Essex Groups" in kept["index.html"].decode() and "sitemap.xml" in kept


def test_a_changed_group_makes_only_the_pages_showing_it_again(small, monkeypatch):
    root, groups = small
    monkeypatch.setattr("sitegen.directory.site.PER_PAGE", 1)
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    rendered = []
    real = directory_site.render_template

    def counted(environment, name, context):
        rendered.append(context["page"].output if "page" in context else name)
        return real(environment, name, context)

    monkeypatch.setattr(directory_site, "render_template", counted)
    set_tagline(groups[1], "Brand new words")
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    own_pages = [name for name in directory_files_of(root / "site", groups)
                 if name.endswith(".html")]
    showing = [name for name in own_pages
               if f'id="group-{groups[1].name}"' in (root / "site" / name).read_text()]
    assert showing and sorted(rendered) == sorted(showing) and len(showing) < len(own_pages)
    # Kept files nothing uses any more are deleted: each one left is the site's file too.
    kept = [path for path in (cache_folder((root / "site").resolve()) / KEPT_FOLDER).iterdir()
            if path.name != PARTS]
    assert len(kept) > len(own_pages) and all(path.stat().st_nlink == 2 for path in kept)


# ------------------------------------------------------------- directory.yaml

def test_a_folder_of_group_folders_is_a_directory_and_a_group_folder_is_not(small):
    root, groups = small
    assert is_directory_folder(root / "groups")
    assert not is_directory_folder(groups[0])


def test_directory_yaml_names_the_directory_and_chooses_its_groups(small):
    root, groups = small
    write_files(root / "groups", {"directory.yaml": f"""\
        name: Essex and Nottingham Groups
        area: Essex and Nottingham
        contact:
          phone: 01245 000 000
        groups: [{groups[0].name}, {groups[2].name}]
        """})
    result = build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    assert {c["slug"] for c in result.directory.cards} == {groups[0].name, groups[2].name}
    index = (root / "site" / "index.html").read_text()
    assert "<h1>Essex and Nottingham Groups</h1>" in index and "01245 000 000" in index
    assert not (root / "site" / groups[1].name).exists()


def test_meetings_of_a_group_without_a_website_link_its_pages_in_the_directory(small):
    root, groups = small
    yaml = groups[0] / "group.yaml"
    yaml.write_text(re.sub(r"^website: .*\n", "", yaml.read_text(), flags=re.M))
    write_files(root / "groups", {"directory.yaml": "name: Groups\n"
                                  "website: https://groups.example.org\n"})
    build_directory(root / "groups", root / "site", now=NOW, jobs=1, pdf=False)
    combined = json.loads((root / "site" / "meetings.json").read_bytes())
    theirs = [e for e in combined if e["slug"].startswith(groups[0].name + "--")]
    assert theirs and all(
        e["url"] == f"https://groups.example.org/{groups[0].name}/meetings/"
                    f"{e['slug'].split('--')[1]}/" for e in theirs)
    others = [e for e in combined if e not in theirs]
    assert others and all(".example.org/meetings/" in e["url"] for e in others)
    assert meeting_guide_problems(combined) == []


def test_directory_yaml_mistakes_are_reported_with_file_line_and_column(small):
    root, groups = small
    write_files(root / "groups", {"directory.yaml": """\
        name: Groups
        aera: Essex
        groups: [nowhere]
        """})
    with pytest.raises(SiteError) as error:
        read_directory(root / "groups")
    lines = [problem.format() for problem in error.value.problems]
    assert lines[0].endswith('directory.yaml:2:1: aera: sitegen does not know this key. '
                             'Did you mean "area"?')
    assert lines[1].endswith('directory.yaml:3:10: groups[0]: "nowhere" is not a group folder: '
                             'there is no nowhere/group.yaml. Check the folder\'s name.')


def test_checking_a_directory_checks_every_group_and_writes_nothing(small, capsys):
    root, groups = small
    write_files(root / "groups", {f"{BROKEN}/group.yaml": BROKEN_YAML})
    assert cli.main(["check", str(root / "groups")]) == 1
    captured = capsys.readouterr()
    assert f"{BROKEN}/group.yaml:6:11: meetings[0].when:" in captured.err
    assert captured.out == f"4 groups checked; problems in {BROKEN}.\n"
    assert not (root / "groups" / "_site").exists()


def test_an_output_folder_inside_a_group_folder_is_refused(small):
    root, groups = small
    with pytest.raises(SiteError, match="is inside the group folder"):
        build_directory(root / "groups", groups[0] / "out", now=NOW, jobs=1, pdf=False)


def test_no_pdf_builds_a_single_group_without_its_poster_pdfs(small, capsys):
    root, groups = small
    assert cli.main(["build", str(groups[0]), "--out", str(root / "one"), "--no-pdf"]) == 0
    assert not list((root / "one").glob("*.pdf"))
    assert "poster.pdf and leaflet.pdf were not made: PDFs are turned off (--no-pdf" \
        in capsys.readouterr().err


def test_the_cache_lives_beside_the_output(tmp_path):
    assert cache_folder(tmp_path / "site") == tmp_path / ".sitegen-cache" / "site"


def test_the_readmes_directory_yaml_reference_is_the_one_the_schema_writes():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"tests/test_directory.py checks it -->\n(.*)<!-- end of directory "
                      r"reference -->", readme, re.S)
    assert match, "README.md has lost its directory reference markers"
    assert match.group(1) == reference_markdown(DirectoryConfig)
    assert all(doc.help.strip() for doc in document_keys(DirectoryConfig))
