#!/usr/bin/env python3
"""How long `sitegen build` takes for a folder of many groups: cold, warm, one group changed.

    python3 benchmarks/directory_speed.py                      # 500 and 2,000, PDFs and none
    python3 benchmarks/directory_speed.py --sizes 500 --pdf no

The code measured is a copy of this checkout's sitegen/ and themes/, taken at
the start. For each N, make_groups.py writes N group folders (the same for the same
--seed), then the whole process `python3 -m sitegen build GROUPS --out SITE` is
timed three times: cold (no output, no directory cache and an empty user cache,
XDG_CACHE_HOME), warm (nothing changed: every group comes from the cache) and
after one group's group.yaml changed. Each N is measured without PDFs
(--no-pdf) and with them (posters, leaflets and the booklet), as --pdf says;
the CPU time is that of the build and all its worker processes, also given per
group. Nothing here asserts a timing; on a shared machine the figures move
with the load, so the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from build_speed import machine  # noqa: E402
from make_groups import make_groups  # noqa: E402


@dataclass
class Run:
    wall: float
    cpu: float
    status: int
    said: str  # the build's last line of output


def timed_build(groups: Path, out: Path, pdf: bool, jobs: int | None, env: dict) -> Run:
    """Run one whole `sitegen build` process; its wall time, CPU time and exit status."""
    command = [sys.executable, "-m", "sitegen", "build", str(groups), "--out", str(out)]
    command += [] if pdf else ["--no-pdf"]
    command += ["--jobs", str(jobs)] if jobs else []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:  # a pipe could fill up
        start = time.perf_counter()
        # Run from the output's folder: from the checkout, `-m sitegen` would import the
        # checkout's own sitegen rather than the snapshot on PYTHONPATH.
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   cwd=out.parent)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        log.seek(0)
        output = log.read()
    said = next((line for line in reversed(output.splitlines()) if line.startswith("Built")),
                output.strip().splitlines()[-1] if output.strip() else "")
    return Run(wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), said)


def snapshot_code(work: Path) -> Path:
    """Copy this checkout's sitegen and themes: edits made while the benchmark runs (which
    would rightly make the cache rebuild every group) do not change what is measured."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for name in ("sitegen", "themes"):
        shutil.copytree(ROOT / name, code / name, ignore=shutil.ignore_patterns("__pycache__"))
    return code


def change_one_group(groups: Path) -> None:
    first = sorted(path for path in groups.iterdir() if (path / "group.yaml").is_file())[0]
    yaml = first / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Changed for the benchmark"',
                           yaml.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def size_of(folder: Path) -> tuple[int, float]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files) / 2**20


def measure(count: int, seed: int, pdf: bool, jobs: int | None, work: Path, env: dict) -> None:
    name = f"{count}-{'pdf' if pdf else 'nopdf'}"
    groups, out, user_cache = work / f"groups-{name}", work / f"site-{name}", work / f"xdg-{name}"
    for old in (groups, out, work / ".sitegen-cache" / out.name, user_cache):
        shutil.rmtree(old, ignore_errors=True)
    env = {**env, "XDG_CACHE_HOME": str(user_cache)}
    started = time.perf_counter()
    make_groups(groups, count, seed)
    print(f"\nN = {count:,} groups ({'with' if pdf else 'without'} PDFs); folders written in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    for case in ("cold", "warm", "one changed"):
        if case == "one changed":
            change_one_group(groups)
        run = timed_build(groups, out, pdf, jobs, env)
        files, mib = size_of(out) if out.is_dir() else (0, 0.0)
        print(f"  {case:<12} {run.wall:>8.1f} s wall  {run.cpu:>8.1f} s CPU "
              f"({run.cpu / count * 1000:>5.0f} ms a group)  exit {run.status}  "
              f"{files:,} files, {mib:.1f} MiB   {run.said}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000",
                        help="numbers of groups, comma-separated (default 500,2000)")
    parser.add_argument("--pdf", choices=("no", "yes", "both"), default="both",
                        help="build without PDFs, with them, or both ways (default both)")
    parser.add_argument("--jobs", type=int, help="passed to sitegen build --jobs")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="write the groups and sites here and keep them")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    print(f"sitegen directory benchmark, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"Machine: {machine()}")
    print(f"Load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="sitegen-directory-bench-") as temp:
        work = args.keep.resolve() if args.keep else Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(snapshot_code(work)), os.environ.get("PYTHONPATH")]))}
        for name in ("PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH"):
            env.pop(name, None)
        print(f"Code: a copy of {ROOT}'s sitegen/ and themes/ in {work / 'code'}")
        for count in sizes:
            for pdf in {"no": [False], "yes": [True], "both": [False, True]}[args.pdf]:
                measure(count, args.seed, pdf, args.jobs, work, env)
    print(f"\nLoad average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
