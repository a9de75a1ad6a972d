"""Talk to the browser editor the way a browser without JavaScript does: read the form from
the page, fill in fields, press a button, post exactly the fields a browser would send."""

from __future__ import annotations

import http.client
from urllib.parse import urlencode

from bs4 import BeautifulSoup


def fetch(port: int, target: str, method: str = "GET", body: bytes | None = None,
          headers: dict | None = None, host: str | None = None):
    """Send one request to the preview; return (status, headers, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = {"Host": host or f"127.0.0.1:{port}", **(headers or {})}
    if body is not None:
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection.request(method, target, body=body, headers=sent)
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read().decode()
    connection.close()
    return result


def form_fields(page: str, action: str = "/edit/") -> list[tuple[str, str]]:
    """The fields a browser would send from the form posting to `action` (no button pressed)."""
    form = BeautifulSoup(page, "html.parser").find("form", action=action)
    fields = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.name == "input" and element.get("type") in ("submit", "button"):
            continue
        if element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            fields.append((name, chosen.get("value", chosen.text)))
        elif element.name == "textarea":
            # The HTML parser drops the newline after <textarea>; browsers send CRLF line ends.
            fields.append((name, element.text.removeprefix("\n").replace("\n", "\r\n")))
        else:
            fields.append((name, element.get("value", "")))
    return fields


def press(port: int, page: str, button: str = "save", changes: dict | None = None,
          action: str = "/edit/", origin: bool = True):
    """Post the form of `page` with some fields changed and the button `do=button` pressed."""
    fields = [(name, (changes or {}).get(name, value)) for name, value in form_fields(page, action)]
    known = {name for name, _ in fields}
    fields += [(name, value) for name, value in (changes or {}).items() if name not in known]
    fields.append(("do", button))
    headers = {"Origin": f"http://127.0.0.1:{port}"} if origin else {}
    return fetch(port, action, "POST", urlencode(fields).encode(), headers)
