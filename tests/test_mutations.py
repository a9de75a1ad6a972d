"""No input ever gives a traceback: seeded random mutations of every valid test site.

Each case changes group.yaml or a page of a valid test site the way volunteers do by
accident (a character deleted or doubled, odd Unicode pasted, an indent shifted, lines
swapped, doubled or deleted, a value replaced, a front matter key added) and builds it
in-process with `sitegen build --no-pdf` (every 250th case with the PDFs). The property:
exit status 0 or 1, never a traceback, every problem names a file and a line, and after a
failed build the previous _site is exactly as it was.

The run is the same every time: SITEGEN_MUTATION_SEED (default 17) seeds it and
SITEGEN_MUTATION_CASES (default 2000) says how many cases; both are in the test's name.
A failure lists each case with its seed, number and the mutated lines, to replay it.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLE_GROUP
from sitegen import cli

SEED = int(os.environ.get("SITEGEN_MUTATION_SEED", "17"))
CASES = int(os.environ.get("SITEGEN_MUTATION_CASES", "2000"))
WITH_PDF = 250  # every 250th case also prints the poster and leaflet: seconds, not milliseconds
SITES = [EXAMPLE_GROUP, *sorted(p for p in (Path(__file__).parent / "sites").iterdir()
                                if p.is_dir() and not p.name.startswith("invalid-"))]

ODD_CHARACTERS = [
    "\x00", "\x1b", "\x07", "\x08", "\x0b", "\x0c", "\x7f", "\x85", "\x9b", "\u200b", "\u200c",
    "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00a0", "\u2007", "\u2028", "\u2029",
    "\ufffe", "\uffff", "\t", "\r", "\U0001f600", "\u0301", "\u0130", "\u0627", "\u0995\u09cd",
    "\u201c", "\u201d", "'", '"', ":", "#", "-", "{", "[", "]", "}", "*", "&", "!", "|", ">", "%",
    "@", "`", "\\", ",", "?", "\n",
]
VALUES = [
    "", "~", "null", "[]", "{}", "[a, b", "{a: 1}", "yes", "no", "19:30", "25:00", "7pm-6am",
    "12am-12pm", "23:59-00:00", "noon-midnight", "uur", "zhh", "xx-YY", "zh-Hant", "en-GB",
    "'unclosed", '"half', "*alias", "&anchor value", "!!python/object:os.system x",
    "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "1900-01-01", "RRULE:",
    "RRULE:FREQ=SECONDLY", "RRULE:FREQ=YEARLY;BYMONTH=13", "RRULE:FREQ=DAILY;COUNT=0",
    "RRULE:FREQ=DAILY;UNTIL=20200101", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "RRULE:FREQ=WEEKLY;BYDAY=XX", "every", "every 0 weeks", "first Monday every 0 months",
    "last day", "daily", "fortnightly on Tuesday", "x" * 300, "#", ":", "-1", "1e309", "0",
    "hal", "hall", "centre", "Europe/Lndon", "Mars/Olympus", "https://", "mailto:x", "a@b",
    "hello@\u202eexample.org", "#fff", "#12345g", "red", "A3", "netlify", "formspree:",
    "../../etc/passwd", "/etc/passwd", "images/missing.png", "images/logo.svg", "- item",
    "|", ">", "@", "`x`", "%x", "\u0981", "default", "nonexistent-theme", "true", "[en, ur]",
    "[en, xx]", "{ur: {name: x}}", "{ur: 1}", "[2026-12-25, nonsense]", "[{date: 2026-01-01}]",
]
FRONT_MATTER_LINES = [
    "slug: about", "slug: news", "slug: Meet Us", "slug: ../x", "order: x", "order: 99999999999999",
    "draft: maybe", "menu: no", "title:", "title: [a]", "description: |", "date: 2026-02-30",
    "slug: meetings", "slug: contact", "slug: index",
]
_KEY_LINE = re.compile(r"^(\s*(?:- )?[\w-]+:[ \t]+)(.*)$")


@dataclass
class Case:
    number: int
    site: str
    file: str
    mutations: list[str]
    text: str


def mutate(text: str, rng: random.Random, is_page: bool) -> tuple[str, str]:
    """Apply one random mutation; return the new text and a short description of it."""
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    position = rng.randrange(len(text) + 1)
    kind = rng.choice(["delete", "double", "odd", "indent", "swap", "double line", "delete line",
                       "value", "value", "odd"] + (["front matter"] if is_page else []))
    if kind == "delete" and text:
        position = min(position, len(text) - 1)
        return text[:position] + text[position + 1:], f"delete character {position}"
    if kind == "double" and text:
        position = min(position, len(text) - 1)
        return text[:position + 1] + text[position:], f"double character {position}"
    if kind == "odd":
        odd = rng.choice(ODD_CHARACTERS)
        return text[:position] + odd + text[position:], f"insert {odd!r} at {position}"
    if kind == "indent":
        shift = rng.choice([-4, -2, -1, 1, 2, 4])
        changed = " " * shift + lines[line] if shift > 0 else lines[line][-shift:] \
            if lines[line][:-shift].strip() == "" else lines[line]
        lines[line] = changed
        return "\n".join(lines), f"indent line {line + 1} by {shift}"
    if kind == "swap" and line + 1 < len(lines):
        lines[line], lines[line + 1] = lines[line + 1], lines[line]
        return "\n".join(lines), f"swap lines {line + 1} and {line + 2}"
    if kind == "double line":
        lines.insert(line, lines[line])
        return "\n".join(lines), f"double line {line + 1}"
    if kind == "delete line":
        del lines[line]
        return "\n".join(lines), f"delete line {line + 1}"
    if kind == "front matter":
        extra = rng.choice(FRONT_MATTER_LINES)
        if text.startswith("---\n"):
            return "---\n" + extra + "\n" + text[4:], f"add front matter {extra!r}"
        return f"---\n{extra}\n---\n{text}", f"add front matter {extra!r}"
    with_values = [n for n, l in enumerate(lines) if _KEY_LINE.match(l)]
    if not with_values:
        return text, "nothing"
    line = rng.choice(with_values)
    value = rng.choice(VALUES)
    lines[line] = _KEY_LINE.match(lines[line]).group(1) + value
    return "\n".join(lines), f"line {line + 1} value {value[:40]!r}"


def site_files(folder: Path) -> list[str]:
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.glob("*/**/*.md"))
    return ["group.yaml"] * max(2, len(pages)) + pages  # group.yaml about half the time


def make_cases(rng: random.Random, folders: dict[str, Path]) -> list[Case]:
    cases = []
    for number in range(CASES):
        site = rng.choice(sorted(folders))
        name = rng.choice(site_files(folders[site]))
        text = (folders[site] / name).read_text(encoding="utf-8")
        done = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            text, what = mutate(text, rng, name.endswith(".md"))
            done.append(what)
        cases.append(Case(number, site, name, done, text))
    return cases


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under the folder with its size and modification time."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(folder: Path, pdf: bool = False) -> tuple[int, str]:
    """`sitegen build FOLDER --no-pdf` in this process; the exit status and all it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["build", str(folder)] + ([] if pdf else ["--no-pdf"]))
    return status, out.getvalue() + err.getvalue()


def lines_without_a_place(printed: str) -> list[str]:
    """Problem lines that do not start with `file:line:`."""
    problems = printed.partition("\n\n")[0].splitlines()
    return [line for line in problems if not re.match(r"^[^:\n]+:\d+(:\d+)?: ", line)]


def broken_property(case: Case, folder: Path, before: dict, status: int,
                    printed: str) -> str | None:
    if status not in (0, 1):
        return f"exit status {status}"
    if "Traceback" in printed:
        return "a traceback"
    if status == 1:
        if lines_without_a_place(printed):
            return "a problem without a line: " + lines_without_a_place(printed)[0]
        if listing(folder / "_site") != before:
            return "the previous _site changed"
    if sorted(p.name for p in folder.parent.iterdir()) != [folder.name]:
        return "files left beside the group folder"
    return None


@pytest.fixture(scope="module")
def working_copies(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """A copy of each valid site, each with a good _site built from it (and a copy of that)."""
    copies = {}
    good = tmp_path_factory.mktemp("good")
    for site in SITES:
        folder = tmp_path_factory.mktemp(site.name) / site.name
        shutil.copytree(site, folder, ignore=shutil.ignore_patterns("_site", ".sitegen-cache"))
        assert build(folder)[0] == 0
        shutil.copytree(folder / "_site", good / site.name)
        copies[site.name] = folder, good / site.name
    return copies


def restore(site: Path, good: Path, before: dict) -> None:
    """Put the good _site back after a build that replaced it."""
    if listing(site) != before:
        shutil.rmtree(site)
        shutil.copytree(good, site)


@pytest.mark.parametrize("seed, cases", [(SEED, CASES)], ids=lambda v: str(v))
def test_no_mutation_of_a_valid_site_gives_a_traceback(seed, cases, working_copies, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795683600")  # 2026-11-26 09:00 in London
    found: dict[str, list[str]] = {}
    folders = {name: folder for name, (folder, _) in working_copies.items()}
    for case in make_cases(random.Random(seed), folders):
        folder, good = working_copies[case.site]
        before = listing(folder / "_site")
        path = folder / case.file
        original = path.read_bytes()
        path.write_text(case.text, encoding="utf-8", errors="surrogatepass")
        try:
            status, printed = build(folder, pdf=case.number % WITH_PDF == 0)
        finally:
            path.write_bytes(original)
        broken = broken_property(case, folder, before, status, printed)
        restore(folder / "_site", good, before)
        if broken:
            found.setdefault(cause_of(broken, printed), []).append(
                f"case {case.number} ({case.site}/{case.file}: {'; '.join(case.mutations)})"
                f"\n{printed[-600:]}")
    assert not found, f"{sum(map(len, found.values()))} of {cases} cases (seed {seed}) broke " \
        "the property:\n" + "\n".join(f"{len(cases)} x {cause}, like {cases[0]}"
                                       for cause, cases in found.items())


def cause_of(broken: str, printed: str) -> str:
    """What went wrong, alike for alike cases: the exception's type for a fault in sitegen."""
    fault = re.search(r"inside sitegen \((\w+): ([^\n]{0,60})", printed)
    return f"{broken}: {fault[1]}: {fault[2]}" if fault else broken[:80]
