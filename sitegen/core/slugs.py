"""Addresses made from names: small letters, digits and dashes (other scripts kept)."""

from __future__ import annotations

import re


def slugify(text: str) -> str:
    """Make an address part from a name, like `coffee-morning`."""
    slug = re.sub(r"[^\w]+", "-", text.lower()).strip("-_")
    return slug or "item"


def unique_slugs(names: list[str]) -> list[str]:
    """Slugify each name, numbering repeats (`chat`, `chat-2`) so none collide."""
    seen: dict[str, int] = {}
    slugs = []
    for name in names:
        slug = slugify(name)
        seen[slug] = seen.get(slug, 0) + 1
        slugs.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return slugs
