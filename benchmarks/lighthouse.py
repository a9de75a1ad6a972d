"""Score the example site's home, meetings and contact pages with Lighthouse.

    python3 benchmarks/lighthouse.py

Installs Lighthouse from the npm registry into benchmarks/.cache the first time
(never a browser: it drives Debian's /usr/bin/chromium through CHROME_PATH),
builds example-group, serves it on 127.0.0.1 and prints the median of three
runs of the four scores for each page. Targets: 100 for SEO, accessibility and best practices, 95 or more
for performance.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache"
LIGHTHOUSE = CACHE / "node_modules" / ".bin" / "lighthouse"
PAGES = ["index.html", "meetings/index.html", "contact/index.html"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 3
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
sys.path.insert(0, str(REPO))

from sitegen.site.pipeline import build  # noqa: E402


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE),
                        "lighthouse"], check=True)


def scores(url: str, report: Path) -> dict[str, int]:
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--only-categories=" + ",".join(CATEGORIES)],
                   check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    result = json.loads(report.read_text(encoding="utf-8"))
    failed = [f"{a['id']} ({a['score']})" for a in result["audits"].values()
              if a.get("score") is not None and a["score"] < 1 and
              a.get("scoreDisplayMode") == "binary"]
    if failed:
        print(f"  {url}: audits not passed: {', '.join(failed)}")
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    ensure_lighthouse()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(REPO / "example-group", site)
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"{'page':<24}" + "".join(f"{c:>16}" for c in CATEGORIES))
        try:
            for page in PAGES:
                # Lighthouse's performance score moves from run to run: report the median.
                runs = [scores(base + page, Path(scratch) / "report.json") for _ in range(RUNS)]
                found = {c: statistics.median(run[c] for run in runs) for c in CATEGORIES}
                print(f"{page:<24}" + "".join(f"{found[c]:>16}" for c in CATEGORIES))
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
