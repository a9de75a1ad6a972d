"""The contact form follows each service's documented HTML, and no page leaks the email address."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import NOW
from sitegen.site.pipeline import build

GROUP = """\
name: Riverside Parents Together
website: https://riversideparents.org.uk
contact:
  email: hello@riversideparents.org.uk
  phone: 0115 496 0000
  text: 07700 900123
  form: {form}
"""
THANKS = "https://riversideparents.org.uk/contact/thanks/"


def contact_page(make_group, tmp_path, form: str) -> BeautifulSoup:
    folder = make_group({"group.yaml": GROUP.format(form=form)})
    build(folder, tmp_path / "site", now=NOW)
    html = (tmp_path / "site" / "contact" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def hidden_fields(form) -> dict[str, str]:
    return {i["name"]: i["value"] for i in form.find_all("input", type="hidden")}


def csp(page: BeautifulSoup) -> str:
    return page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_netlify_form_has_its_name_hidden_form_name_and_honeypot(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "netlify")
    form = page.find("form")
    assert form["data-netlify"] == "true"
    assert form["name"] == "contact"
    # data-netlify-honeypot: Netlify reads it as netlify-honeypot, and it is valid HTML
    assert form["data-netlify-honeypot"] == "bot-field"
    assert form["method"] == "post"
    assert form["action"] == "/contact/thanks/index.html"
    assert hidden_fields(form) == {"form-name": "contact"}
    assert form.find("input", attrs={"name": "bot-field"})
    assert "form-action 'self'" in csp(page)


def test_formspree_form_posts_to_its_endpoint_with_gotcha_and_next(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "formspree:xyzabcd")
    form = page.find("form")
    assert form["action"] == "https://formspree.io/f/xyzabcd"
    assert form["method"] == "post"
    assert hidden_fields(form)["_next"] == THANKS
    assert form.find("input", attrs={"name": "_gotcha"})
    assert "form-action 'self' https://formspree.io" in csp(page)


def test_web3forms_form_carries_the_access_key_redirect_and_botcheck(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "web3forms:0000-key")
    form = page.find("form")
    assert form["action"] == "https://api.web3forms.com/submit"
    fields = hidden_fields(form)
    assert fields["access_key"] == "0000-key"
    assert fields["redirect"] == THANKS
    assert form.find("input", attrs={"name": "botcheck"})
    assert "https://api.web3forms.com" in csp(page)


def test_formsubmit_form_uses_the_alias_honey_and_next(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "formsubmit:a1b2c3")
    form = page.find("form")
    assert form["action"] == "https://formsubmit.co/a1b2c3"
    fields = hidden_fields(form)
    assert fields["_next"] == THANKS
    assert fields["_captcha"] == "false"
    assert form.find("input", attrs={"name": "_honey"})


def test_any_https_endpoint_gets_a_plain_post(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "https://forms.example.org/riverside")
    form = page.find("form")
    assert form["action"] == "https://forms.example.org/riverside"
    assert form["method"] == "post"
    assert "https://forms.example.org" in csp(page)


def test_the_default_form_opens_the_visitors_email_program_without_a_plain_address(
        make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "email")
    form = page.find("form")
    assert form["action"].startswith("mailto:%68%65%6C%6C%6F%40")  # hello@, percent-encoded
    assert form["enctype"] == "text/plain"
    assert "hello@" not in str(page)
    assert "form-action 'self' mailto:" in csp(page)
    assert "Nothing is sent until you press send" in page.find(class_="privacy").get_text()


def test_form_none_shows_the_ways_in_but_no_form(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "none")
    assert page.find("form") is None
    assert page.find("a", href="tel:01154960000")


def test_the_privacy_notice_names_the_service_and_can_be_rewritten(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "formspree:xyzabcd")
    assert "Formspree" in page.find(class_="privacy").get_text()
    folder = make_group({"group.yaml": GROUP.format(form="netlify")
                         + "  privacy: Sue reads every message herself.\n"}, name="own")
    build(folder, tmp_path / "own-site", now=NOW)
    own = (tmp_path / "own-site" / "contact" / "index.html").read_text(encoding="utf-8")
    assert "Sue reads every message herself." in own


def test_the_form_asks_nothing_about_health(make_group, tmp_path):
    form = contact_page(make_group, tmp_path, "netlify").find("form")
    names = {field["name"] for field in form.find_all(["input", "textarea"])}
    assert names == {"form-name", "bot-field", "name", "reply", "message"}


@pytest.mark.parametrize("path", ["index.html", "contact/index.html", "meetings/index.html",
                                  "about/index.html", "404.html"])
def test_every_page_has_a_strict_csp_no_referrer_and_the_offline_ways_in(path, tmp_path):
    from conftest import EXAMPLE_GROUP
    build(EXAMPLE_GROUP, tmp_path / "site", now=NOW)
    page = BeautifulSoup((tmp_path / "site" / path).read_text(encoding="utf-8"), "html.parser")
    policy = csp(page)
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert page.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
    footer = page.find("footer").get_text()
    assert "0115 496 0000" in footer and "Not online? Ring Sue" in footer
    assert "hello@riversideparents.org.uk" not in str(page)
    for link in page.find_all("a", href=lambda h: h and h.startswith("http")):
        assert "noopener" in link.get("rel", []) and "noreferrer" in link.get("rel", [])


def test_a_uk_mobile_gets_sms_and_whatsapp_links(make_group, tmp_path):
    page = contact_page(make_group, tmp_path, "none")
    assert page.find("a", href="sms:07700900123")
    assert page.find("a", href="https://wa.me/447700900123")
