"""Print the weight of every page of example-group: HTML + CSS + JS, gzipped.

    python3 benchmarks/page_weight.py [GROUP_FOLDER]

The budget is 14 KB gzipped per page (what arrives in the first round trip of
a new connection), no request to another host, and every picture with a width
and height. Pictures are listed separately: they load after the text.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.site.pipeline import build  # noqa: E402

BUDGET = 14 * 1024


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def page_report(site: Path, page: Path) -> tuple[int, int, list[str], list[str]]:
    """(text bytes gzipped, picture bytes, requests to other hosts, pictures without a size)."""
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    base = "file://" + page.as_posix()
    text, pictures, elsewhere, unsized = gzipped(page), 0, [], []
    loaded = [(t, "href") for t in html.find_all("link", rel=["stylesheet", "icon"])] + \
        [(t, "src") for t in html.find_all(["script", "img"], src=True)]
    for tag, attribute in loaded:
        link = tag[attribute]
        # 404.html links from the site's root: it is served at any depth.
        address = urljoin("file://" + site.as_posix() + "/", link.lstrip("/")) \
            if link.startswith("/") else urljoin(base, link)
        if urlsplit(address).scheme != "file":
            elsewhere.append(address)
            continue
        target = Path(urlsplit(address).path)
        if tag.name == "img":
            pictures += target.stat().st_size
            if not (tag.get("width") and tag.get("height")):
                unsized.append(tag[attribute])
        elif target.suffix in (".css", ".js"):
            text += gzipped(target)
    return text, pictures, elsewhere, unsized


def main() -> int:
    group = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "example-group"
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(group, site)
        print(f"{'page':<48} {'HTML+CSS+JS gz':>15} {'pictures':>10}  notes")
        over = 0
        for page in sorted(site.rglob("*.html")):
            text, pictures, elsewhere, unsized = page_report(site, page)
            notes = []
            if text > BUDGET:
                notes.append("OVER 14 KB")
                over += 1
            notes += [f"third-party: {a}" for a in elsewhere]
            notes += [f"no size: {src}" for src in unsized]
            print(f"{page.relative_to(site).as_posix():<48} {text / 1024:>12.1f} KB "
                  f"{pictures / 1024:>7.1f} KB  {'; '.join(notes)}")
        print(f"\n{over} page(s) over the {BUDGET // 1024} KB budget.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
