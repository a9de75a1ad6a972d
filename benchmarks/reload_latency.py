#!/usr/bin/env python3
"""How long `sitegen serve` takes from saving a file to the open page showing the change.

    python3 benchmarks/reload_latency.py              # 5 runs of each edit
    python3 benchmarks/reload_latency.py --runs 10

Copies example-group/ to a temporary folder, starts `sitegen serve` on it as
its own process, and opens the site in Playwright driving Debian's chromium
(the launch options of tests/browser.py). Then, --runs times each, it edits
a page (a new sentence in pages/about.md, with /about/ open) and group.yaml
(a new tagline, with the home page open), and measures from writing the file
to the page first painting the new text, read from the browser's own clock (as
Playwright notices the text only at its next poll): a reloaded page's first
contentful paint, or, when the new body was put in place without a reload, the
end of the first frame with the new text in it (a task queued from the
requestAnimationFrame after the text arrived runs once that frame is drawn).
That includes noticing the save, the rebuild, the event to the browser and the
fetch and swap or the reload. Printed: median and maximum in milliseconds, how
many runs reloaded, the median rebuild time the server reported (wall) and the
median CPU time (user+sys) the server process spent on each edit, rebuild and
answers together (read from /proc: Linux only). Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "example-group"
TAGLINE = "Coffee, chat and support for parents of autistic children"
TIMEOUT_MS = 120_000

sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one place for the launch options)


def main() -> int:
    """Measure both edits; print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="edits of each kind (default 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sitegen-reload-") as scratch:
        group = shutil.copytree(EXAMPLE, Path(scratch) / "group",
                                ignore=shutil.ignore_patterns("_site"))
        server = Server(group)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(bypass_csp=True)  # the preview's CSP forbids the polling script
                page.add_init_script(WATCH_FOR_MARKER)
                results = [measure(page, server, "page edit (pages/about.md)", "about/",
                                   group / "pages" / "about.md", _new_sentence, args.runs),
                           measure(page, server, "group.yaml edit (the tagline)", "",
                                   group / "group.yaml", _new_tagline, args.runs)]
                browser.close()
        finally:
            server.stop()
    print(f"\nEdit to the page showing it, {args.runs} runs each (sitegen serve, chromium):")
    for name, latencies, builds, reloads, cpu in results:
        print(f"  {name:32} median {statistics.median(latencies):6.0f} ms   "
              f"max {max(latencies):6.0f} ms   {reloads} reloaded   (rebuild median "
              f"{statistics.median(builds) if builds else float('nan'):.0f} ms, server CPU "
              f"median {statistics.median(cpu):.0f} ms)")
    return 0


def measure(page, server: Server, name: str, address: str, file: Path, edit, runs: int):
    """Edit `file` `runs` times with the page at `address` open; return the latencies in ms."""
    original = file.read_text(encoding="utf-8")
    page.goto(server.url + address)
    time.sleep(0.3)  # as after each edit: let the page settle (and its event stream connect)
    latencies, builds, reloads, cpu = [], [], 0, []
    try:
        for run in range(runs):
            marker = f"Reload check {run} {secrets.token_hex(3)}"
            server.lines()  # forget what the server said before this edit
            page.evaluate("marker => { window.__marker = marker; window.__shownAt = 0; }", marker)
            cpu_before = server.cpu_seconds()
            started = time.time()
            file.write_text(edit(original, marker), encoding="utf-8")
            try:
                page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
            except Exception:
                print("".join(server.lines()), file=sys.stderr)  # what went wrong, if it says
                raise
            reloaded = page.evaluate("window.__marker") is None
            reloads += reloaded
            latencies.append(_shown_at(page, reloaded) - started * 1000)
            time.sleep(0.3)  # let the page settle before the next edit
            cpu.append((server.cpu_seconds() - cpu_before) * 1000)
            builds.extend(int(ms) for line in server.lines()
                          for ms in re.findall(r"Built in (\d+) ms", line))
            print(f"{name}: run {run + 1}: {latencies[-1]:.0f} ms", flush=True)
    finally:
        file.write_text(original, encoding="utf-8")
    return name, latencies, builds, reloads, cpu


def _shown_at(page, reloaded: bool) -> float:
    """When the page first painted the new text, in ms since the epoch (its own clock reading).

    Playwright notices the new text only at its next poll, up to 500 ms late, so
    the page's own paint time is the measurement.
    """
    if reloaded:
        page.wait_for_function(PAINTED, timeout=TIMEOUT_MS)
        return page.evaluate(FIRST_PAINT)
    page.wait_for_function("window.__shownAt > 0", timeout=TIMEOUT_MS)
    return page.evaluate("window.__shownAt")


PAINTED = "performance.getEntriesByName('first-contentful-paint').length > 0"
FIRST_PAINT = ("performance.timeOrigin + "
               "performance.getEntriesByName('first-contentful-paint')[0].startTime")
# In every page, before its own scripts: once the text window.__marker names is in the
# page (put in place, not reloaded: a reload forgets the marker), note when the frame
# showing it has been drawn.
WATCH_FOR_MARKER = """
new MutationObserver(function () {
  if (window.__shownAt === 0 && document.body.textContent.indexOf(window.__marker) >= 0) {
    window.__shownAt = -1;
    requestAnimationFrame(function () {
      setTimeout(function () { window.__shownAt = performance.timeOrigin + performance.now(); });
    });
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""


def _new_sentence(original: str, marker: str) -> str:
    return original + f"\n{marker}.\n"


def _new_tagline(original: str, marker: str) -> str:
    return original.replace(f"tagline: {TAGLINE}", f"tagline: {marker}")


class Server:
    """`sitegen serve` on a free port, as its own process; what it prints is kept."""

    def __init__(self, group: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", str(group), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=group.parent,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.url = self._address()
        self._printed: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._drain, daemon=True).start()

    def _address(self) -> str:
        for line in self.process.stdout:
            match = re.search(r"at (http://\S+)", line)
            if match:
                return match.group(1)
        raise SystemExit("sitegen serve stopped before it printed its address")

    def _drain(self) -> None:
        for line in self.process.stdout:
            self._printed.put(line)

    def cpu_seconds(self) -> float:
        """The CPU time (user+sys) the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def lines(self) -> list[str]:
        """What the server printed since the last call."""
        lines = []
        while not self._printed.empty():
            lines.append(self._printed.get())
        return lines

    def stop(self) -> None:
        """Stop it as Ctrl+C would."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    sys.exit(main())
