"""Pictures: their sizes (so pages do not jump while loading) and smaller copies of big photos.

A volunteer's phone photo is often 4000 pixels wide and several megabytes; on
an old phone with a small data plan that is the whole page budget many times
over. Photos wider than MAX_WIDTH are scaled down when the site is built.
"""

from __future__ import annotations

import io
import re
from html import unescape
from functools import lru_cache
from pathlib import Path

from sitegen.core.cache import file_stamp, remembered
MAX_WIDTH = 1200
_RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif")
_SVG_SIZE = re.compile(r"<svg\b[^>]*>", re.S)
_NUMBER = r"([\d.]+)(?:px)?"
_IMAGE_SOURCE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')  # sanitised HTML quotes with "


def image_size(path: Path) -> tuple[int, int] | None:
    """The picture's width and height as shown (after any scaling down), or None."""
    return _image_size(path, file_stamp(path))  # the preview sees a picture change


@lru_cache(maxsize=None)
def _image_size(path: Path, stamp: str) -> tuple[int, int] | None:
    if path.suffix.lower() == ".svg":
        return _svg_size(path.read_text(encoding="utf-8", errors="replace"))
    from PIL import Image, UnidentifiedImageError  # slow to import: only sites with pictures

    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, UnidentifiedImageError):
        return None
    if width > MAX_WIDTH:
        return MAX_WIDTH, round(height * MAX_WIDTH / width)
    return width, height


def web_copy(path: Path) -> bytes | Path:
    """The file to publish: a scaled-down copy of a big photo, else the file itself.

    The copy is kept in the user cache (b"" there: the photo is small enough as it is).
    """
    if path.suffix.lower() not in _RASTER or path.suffix.lower() == ".gif":
        return path
    return remembered("pictures", ("web copy", file_stamp(path)),
                      lambda: _smaller_copy(path)) or path


def _smaller_copy(path: Path) -> bytes:
    """The photo scaled down to MAX_WIDTH, or b"" when it is no wider (or not a picture)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.width <= MAX_WIDTH:
                return b""
            smaller = image.resize(image_size(path), Image.LANCZOS)
            out = io.BytesIO()
            # Keep the format (and so the file name); drop camera data such as GPS position.
            smaller.save(out, format=image.format, **_save_options(image.format))
            return out.getvalue()
    except (OSError, UnidentifiedImageError):
        return b""


def _save_options(image_format: str) -> dict:
    if image_format == "JPEG":
        return {"quality": 82, "optimize": True, "progressive": True}
    if image_format == "PNG":
        return {"optimize": True}
    return {}


def _svg_size(text: str) -> tuple[int, int] | None:
    match = _SVG_SIZE.search(text)
    if not match:
        return None
    tag = match.group(0)
    width = re.search(r'\bwidth="' + _NUMBER + '"', tag)
    height = re.search(r'\bheight="' + _NUMBER + '"', tag)
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.search(r'viewBox="[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"', tag)
    return (round(float(box.group(1))), round(float(box.group(2)))) if box else None


def place_images(html: str, folder: Path, page_url: str) -> str:
    """Point a page's pictures at the site's images/ folder, with their sizes.

    Volunteers write `images/photo.jpg` or `../images/photo.jpg` (as their editor
    previews it from pages/); both become a link that works from the page's folder.
    Kept in the user cache, with the pictures' sizes and times: BeautifulSoup
    takes a tenth of a second just to import.
    """
    if "<img" not in html:
        return html
    pictures = sorted({file_stamp(folder / _picture_path(unescape(source)))
                       for source in _IMAGE_SOURCE.findall(html)})
    return remembered("pictures", (html, str(folder), page_url, *pictures),
                      lambda: _place_images(html, folder, page_url).encode("utf-8")
                      ).decode("utf-8")


def _place_images(html: str, folder: Path, page_url: str) -> str:
    from bs4 import BeautifulSoup  # only pages with pictures need it

    page = BeautifulSoup(html, "html.parser")
    for image in page.find_all("img", src=True):
        target = _picture_path(image["src"])
        source = folder / target
        if "://" in image["src"] or not source.is_file():
            continue
        image["src"] = "../" * page_url.count("/") + target
        size = image_size(source)
        if size:
            image["width"], image["height"] = (str(n) for n in size)
        image["loading"] = "lazy"
    return page.decode(formatter="html5")


def _picture_path(source: str) -> str:
    """Where a picture's src points in the group folder, however many ../ it starts with."""
    return re.sub(r"^(\.\./|/|\./)+", "", source)
