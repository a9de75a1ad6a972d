"""The example group's built site: every page complete, linked, private and reproducible."""

from __future__ import annotations

import difflib
import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE_GROUP, NOW, REPO
from sitegen.site.pipeline import build

GROUP = yaml.safe_load((EXAMPLE_GROUP / "group.yaml").read_text(encoding="utf-8"))
VENUES = list((GROUP.get("venues") or {}).values())
EMAIL = GROUP["contact"]["email"]  # hello@riversideparents.org.uk
SUB_PATH_WEBSITE = "https://example.org/groups/riverside/"
# Attributes that make a browser load or go to an address.
LINK_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data")
# Schemes that name no web host: dialling, texting, email (checked on its own below).
NON_WEB_SCHEMES = {"tel", "sms", "mailto"}
_URL_IN_MARKDOWN = re.compile(r"https?://[^\s<>()\"'\]]+")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example group built once, at NOW, for the read-only checks below."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(EXAMPLE_GROUP, out=out, now=NOW)
    return out


def html_pages(site: Path) -> list[str]:
    """Every HTML file of the site, as a path relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def read_soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def links(soup: BeautifulSoup):
    """Yield (tag, attribute, address) for every address in the page."""
    for attribute in LINK_ATTRIBUTES:
        for tag in soup.find_all(attrs={attribute: True}):
            value = tag[attribute]
            if attribute == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        yield tag, attribute, candidate.split()[0]
            else:
                yield tag, attribute, value


def is_internal(address: str) -> bool:
    """True for an address inside the site: no scheme and no host."""
    parts = urlsplit(address)
    return not parts.scheme and not parts.netloc


def site_root_path(website: str | None) -> str:
    """The path the site lives under on its host, like / or /groups/riverside/."""
    path = urlsplit(website).path if website else "/"
    return path if path.endswith("/") else path + "/"


def target_of(page: str, address: str, root_path: str) -> tuple[str, str]:
    """Return (file relative to the site, #fragment) that an internal address leads to.

    The 404 page links from the site's root path; every other page relatively.
    """
    parts = urlsplit(address)
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(root_path):
            return "<outside the site: " + path + ">", parts.fragment
        path = path[len(root_path):]
    elif path:
        path = posixpath.join(posixpath.dirname(page), path)
    else:
        path = page
    return posixpath.normpath(path), parts.fragment


def front_matter(markdown: Path) -> dict:
    match = _FRONT_MATTER.match(markdown.read_text(encoding="utf-8"))
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def expected_page_folders() -> list[str]:
    """The folder each Markdown page and news post of the example is published in."""
    folders = []
    for kind in ("pages", "news"):
        for markdown in sorted((EXAMPLE_GROUP / kind).glob("*.md")):
            meta = front_matter(markdown)
            if meta.get("draft"):
                continue
            name = meta.get("slug") or markdown.stem
            folders.append(name if kind == "pages" else f"news/{name}")
    return folders


def allowed_hosts() -> set[str]:
    """Hosts the group itself chose to link to: its social, map and Markdown links, own site."""
    addresses = list((GROUP.get("social") or {}).values())
    addresses += [venue["map"] for venue in VENUES if venue.get("map")]
    for kind in ("pages", "news"):
        for markdown in (EXAMPLE_GROUP / kind).glob("*.md"):
            addresses += _URL_IN_MARKDOWN.findall(markdown.read_text(encoding="utf-8"))
    if GROUP.get("website"):
        addresses.append(GROUP["website"])
    return {urlsplit(address).hostname for address in addresses}


def group_facts_in_links() -> list[str]:
    """Facts from group.yaml the theme turns into links elsewhere: venue addresses (map
    searches), the text number's digits without the trunk 0 (a chat link), and the meeting
    pages' own addresses (WhatsApp invitations, Add to Google Calendar)."""
    facts = [venue["address"] for venue in VENUES if venue.get("address") and not venue.get("map")]
    text_number = re.sub(r"\D", "", str(GROUP["contact"].get("text") or "")).lstrip("0")
    pages = [GROUP["website"].rstrip("/") + "/meetings/"] if GROUP.get("website") else []
    return facts + ([text_number] if text_number else []) + pages


def is_built_from_group_facts(tag, address: str) -> bool:
    """True for a plain link (never a loaded file) the theme made from the group's facts.

    Its host is the theme's choice, so it is recognised by the fact it carries.
    """
    decoded = unquote(address.replace("+", " "))
    return tag.name == "a" and any(fact in decoded for fact in group_facts_in_links())


def collapsed_text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def copy_example_group(destination: Path, website: str) -> Path:
    """Copy the example group folder with another `website:`."""
    shutil.copytree(EXAMPLE_GROUP, destination, ignore=shutil.ignore_patterns("_site"))
    yaml_file = destination / "group.yaml"
    text, count = re.subn(r"(?m)^website: .*$", f"website: {website}",
                          yaml_file.read_text(encoding="utf-8"))
    assert count == 1, "example-group/group.yaml has no single `website:` line to change"
    yaml_file.write_text(text, encoding="utf-8")
    return destination


def all_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_files(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    """Fail naming every file that differs, with a diff of the first that does."""
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    if changed:
        before, after = (files[changed[0]].decode("utf-8", "replace").splitlines()
                         for files in (first, second))
        diff = "\n".join(difflib.unified_diff(before, after, "first build", "second build",
                                              lineterm=""))
        pytest.fail(f"These files differ between the builds: {changed}\n{changed[0]}:\n{diff}")


def test_home_page_404_page_and_a_folder_per_page_are_built(site):
    expected = ["index.html", "404.html"] + [f"{folder}/index.html"
                                             for folder in expected_page_folders()]
    missing = [name for name in expected if not (site / name).is_file()]
    assert missing == []


def test_every_page_except_the_404_page_is_a_folder_with_index_html(site):
    loose = [page for page in html_pages(site)
             if page != "404.html" and not page.endswith("index.html")]
    assert loose == []


def test_every_page_has_exactly_one_h1(site):
    counts = {page: len(read_soup(site, page).find_all("h1")) for page in html_pages(site)}
    assert {page: count for page, count in counts.items() if count != 1} == {}


def test_every_page_has_a_title_and_a_meta_description(site):
    problems = []
    for page in html_pages(site):
        soup = read_soup(site, page)
        titles = soup.find_all("title")
        if len(titles) != 1 or not titles[0].get_text(strip=True):
            problems.append(f"{page}: needs one <title> with text, has {len(titles)}")
        descriptions = soup.find_all("meta", attrs={"name": "description"})
        if len(descriptions) != 1 or not descriptions[0].get("content", "").strip():
            problems.append(f"{page}: needs one <meta name=description> with content")
    assert not problems, "\n".join(problems)


def test_every_page_names_the_groups_language_on_html(site):
    languages = {page: read_soup(site, page).html.get("lang") for page in html_pages(site)}
    assert set(languages.values()) == {GROUP.get("language", "en")}, languages


def test_every_page_starts_with_a_skip_link_to_main(site):
    problems = []
    for page in html_pages(site):
        soup = read_soup(site, page)
        first_link = soup.body.find("a")
        if first_link is None or first_link.get("href") != "#main":
            problems.append(f"{page}: the first link is not a skip link to #main")
        target = soup.find(id="main")
        if target is None or target.name != "main":
            problems.append(f"{page}: no <main id=main> for the skip link")
    assert not problems, "\n".join(problems)


def test_every_page_footer_gives_the_phone_number_and_the_contact_note(site):
    phone, note = GROUP["contact"]["phone"], GROUP["contact"]["note"]
    problems = []
    for page in html_pages(site):
        footers = read_soup(site, page).find_all("footer")
        text = collapsed_text(footers[0]) if len(footers) == 1 else ""
        if len(footers) != 1:
            problems.append(f"{page}: has {len(footers)} <footer>s, not 1")
        if phone not in text:
            problems.append(f"{page}: the footer lacks the phone number {phone}")
        if " ".join(note.split()) not in text:
            problems.append(f"{page}: the footer lacks the contact note")
    assert not problems, "\n".join(problems)


def test_every_internal_link_leads_to_a_file_of_the_site(site):
    root_path = site_root_path(GROUP.get("website"))
    problems = []
    for page in html_pages(site):
        for tag, attribute, address in links(read_soup(site, page)):
            if not is_internal(address):
                continue
            target, fragment = target_of(page, address, root_path)
            if not (site / target).is_file():
                hint = " (a folder: link to folder/index.html)" if (site / target).is_dir() else ""
                problems.append(f"{page}: <{tag.name} {attribute}={address!r}> leads to "
                                f"{target}, which is not a file of the site{hint}")
            elif fragment and target.endswith(".html") and \
                    read_soup(site, target).find(id=fragment) is None:
                problems.append(f"{page}: <{tag.name} {attribute}={address!r}>: {target} "
                                f"has no id={fragment!r}")
    assert not problems, "\n".join(problems)


def test_no_page_points_to_another_host_than_the_groups_own_links(site):
    allowed = allowed_hosts()
    problems = []
    for page in html_pages(site):
        for tag, attribute, address in links(read_soup(site, page)):
            parts = urlsplit(address)
            if is_internal(address) or parts.scheme in NON_WEB_SCHEMES:
                continue
            if parts.hostname not in allowed and not is_built_from_group_facts(tag, address):
                problems.append(f"{page}: <{tag.name} {attribute}={address!r}>")
    assert not problems, "\n".join(problems) + (
        f"\nOnly these hosts, from group.yaml and the Markdown pages, may appear: {sorted(allowed)}"
        f", and plain links carrying one of {group_facts_in_links()}")


def test_no_stylesheet_loads_anything_from_another_host(site):
    remote = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:[a-z]+:)?//")
    loading = [css.relative_to(site).as_posix() for css in sorted(site.rglob("*.css"))
               if remote.search(css.read_text(encoding="utf-8"))]
    assert loading == []


def test_the_email_address_never_appears_in_the_html(site):
    problems = []
    for page in html_pages(site):
        raw = (site / page).read_text(encoding="utf-8")
        if EMAIL in raw:
            problems.append(f"{page}: as plain text")
        elif EMAIL in html.unescape(unquote(raw)):
            problems.append(f"{page}: behind entities or %-escapes, which robots decode")
    assert not problems, "\n".join(problems)


def test_two_builds_at_the_same_moment_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    # A separate process, another hash seed, and the moment from SOURCE_DATE_EPOCH.
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())),
                   "PYTHONHASHSEED": "12345",
                   "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "sitegen", "build", str(EXAMPLE_GROUP),
                           "--out", str(again)], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_same_files(all_files(site), all_files(again))


def test_rebuilding_over_the_last_build_changes_no_byte(site, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    build(EXAMPLE_GROUP, out=out, now=NOW)
    assert_same_files(all_files(site), all_files(out))


def relative_link_problems(site: Path, website: str) -> list[str]:
    """Links that are not relative, or in 404.html do not start from the website's path."""
    root_path = site_root_path(website)
    problems = []
    for page in html_pages(site):
        for tag, attribute, address in links(read_soup(site, page)):
            if attribute not in {"href", "src", "srcset"}:
                continue  # a form's action is not a link a visitor follows from the page
            if address.startswith("#") or not is_internal(address):
                names_website = address.startswith(website.rstrip("/"))
                # The canonical address, and the Meeting Guide feed (its spec asks for a full one).
                full_on_purpose = "canonical" in tag.get("rel", []) or \
                    tag.get("title") == "Meetings Feed"
                if names_website and not full_on_purpose:
                    problems.append(f"{page}: {address!r} names the website; make it relative")
                continue
            if page == "404.html" and not address.startswith(root_path):
                problems.append(f"404.html: {address!r} does not start with {root_path}")
            elif page != "404.html" and address.startswith("/"):
                problems.append(f"{page}: {address!r} is not relative")
            elif not (site / target_of(page, address, root_path)[0]).is_file():
                problems.append(f"{page}: {address!r} leads to no file")
    return problems


def test_pages_link_relatively_and_the_404_page_from_the_site_root(site):
    problems = relative_link_problems(site, GROUP["website"])
    assert not problems, "\n".join(problems)


def test_a_site_under_a_sub_path_links_its_404_page_from_that_path(tmp_path):
    folder = copy_example_group(tmp_path / "group", SUB_PATH_WEBSITE)
    build(folder, out=tmp_path / "site", now=NOW)
    problems = relative_link_problems(tmp_path / "site", SUB_PATH_WEBSITE)
    assert not problems, "\n".join(problems)
