"""/feed.xml: the group's news as an Atom feed, for feed readers and other sites."""

from __future__ import annotations

from datetime import datetime, time
from xml.etree import ElementTree

from sitegen.site.model import Site

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site) -> bytes:
    """The news posts, newest first, with full addresses (or site paths without `website`)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": site.config.language})
    home = site.address_of(site.prefix) or "/" + site.prefix
    _add(feed, "title", site.config.name)
    _add(feed, "id", home)
    _add(feed, "updated", _stamp(site, site.news[0].date) if site.news else site.built_at.isoformat())
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"href": home})
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": _address(site, "feed.xml")})
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", site.config.name)
    for post in site.news:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _add(entry, "title", post.title)
        _add(entry, "id", _address(site, post.url[len(site.prefix):]))
        _add(entry, "updated", _stamp(site, post.date))
        ElementTree.SubElement(entry, f"{{{ATOM}}}link",
                               {"href": _address(site, post.url[len(site.prefix):])})
        if post.description:
            _add(entry, "summary", post.description)
        _add(entry, "content", post.words.html(site.folder, post.url)).set("type", "html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, "utf-8") + b"\n"


def _add(parent: ElementTree.Element, name: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _address(site: Site, path: str) -> str:
    return site.address_of(site.prefix + path) or "/" + site.prefix + path


def _stamp(site: Site, day) -> str:
    """A post is dated by its file name: midday on that day, in the group's time zone."""
    return datetime.combine(day, time(12), tzinfo=site.built_at.tzinfo).isoformat()
