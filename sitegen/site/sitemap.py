"""sitemap.xml and robots.txt, so search engines find every page."""

from __future__ import annotations

from html import escape

from sitegen.site.model import Site


def sitemap_xml(sites: list[Site]) -> bytes:
    """List every indexed page, in every language, with the date it last changed."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    pages = [(site, page) for site in sites for page in site.pages]
    for site, page in sorted(pages, key=lambda pair: pair[1].url):
        if page.indexed:
            changed = (page.date or site.today).isoformat()
            lines.append(f"  <url><loc>{escape(site.address_of(page.url), quote=False)}</loc>"
                         f"<lastmod>{changed}</lastmod></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    """Welcome every search engine, and name the sitemap when the address is known."""
    text = "User-agent: *\nAllow: /\n"
    if site.config.website:
        text += f"\nSitemap: {site.address_of('sitemap.xml')}\n"
    return text.encode("utf-8")
