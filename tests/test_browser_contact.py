"""In a real browser: the contact form posts every field to a local capture server, with and
without JavaScript, and the visitor lands on the thank-you page."""

from __future__ import annotations

import http.server
import shutil
from urllib.parse import parse_qs

import pytest

from browser import launched_browser, serve_folder
from conftest import EXAMPLE_GROUP, NOW
from sitegen.site.pipeline import build

pytestmark = pytest.mark.browser


class CaptureHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a POST to /submit is recorded and redirected to the thanks page."""

    received: list[dict[str, list[str]]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        fields = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        type(self).received.append(fields)
        self.send_response(303)
        self.send_header("Location", "/contact/thanks/index.html")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def capture_site(tmp_path):
    """The example group built with its form pointed at the local capture server."""
    group = shutil.copytree(EXAMPLE_GROUP, tmp_path / "group", ignore=shutil.ignore_patterns("_site"))
    CaptureHandler.received = []
    site = tmp_path / "site"
    site.mkdir()
    with serve_folder(site, CaptureHandler) as base:
        build(group, site, now=NOW, form_endpoint=base + "submit")
        yield base


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_the_form_posts_every_field_and_lands_on_the_thank_you_page(capture_site, javascript):
    with launched_browser() as browser:
        page = browser.new_context(java_script_enabled=javascript).new_page()
        page.goto(capture_site + "contact/index.html")
        page.get_by_label("Your name").fill("Amira")
        page.get_by_label("Your email or phone number").fill("07700 900456")
        page.get_by_label("Your message").fill("Can I bring my sister next time?")
        page.get_by_role("button", name="Send message").click()
        page.wait_for_url("**/contact/thanks/index.html")
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    [fields] = CaptureHandler.received
    assert fields["name"] == ["Amira"]
    assert fields["reply"] == ["07700 900456"]
    assert fields["message"] == ["Can I bring my sister next time?"]
    assert fields["_gotcha"] == [""], "the honeypot is sent, and empty"
    assert fields["_next"] == ["https://riversideparents.org.uk/contact/thanks/"]


def test_the_honeypot_is_invisible_to_people_and_out_of_the_tab_order(capture_site):
    with launched_browser() as browser:
        page = browser.new_page()
        page.goto(capture_site + "contact/index.html")
        honeypot = page.locator("input[name=_gotcha]")
        assert not honeypot.is_visible()
        assert honeypot.get_attribute("tabindex") == "-1"


def test_the_email_address_is_shown_and_linked_though_not_in_the_html(tmp_path):
    group = shutil.copytree(EXAMPLE_GROUP, tmp_path / "group", ignore=shutil.ignore_patterns("_site"))
    build(group, tmp_path / "site", now=NOW)
    raw = (tmp_path / "site" / "contact" / "index.html").read_text(encoding="utf-8")
    assert "hello@riversideparents.org.uk" not in raw
    with serve_folder(tmp_path / "site") as base, launched_browser() as browser:
        page = browser.new_page()
        page.goto(base + "contact/index.html")
        link = page.locator("main .email a")
        assert link.inner_text() == "hello@riversideparents.org.uk"
        assert link.get_attribute("href") == "mailto:hello@riversideparents.org.uk"
