"""model: pages with their titles and addresses, and the problems only the whole site shows."""

from __future__ import annotations

import pytest

from conftest import NOW
from sitegen.core.load import load_group
from sitegen.site.model import make_site
from sitegen.site.pipeline import check
from sitegen.core.problems import SiteError
from sitegen.site.validate import validate_group


def site_of(folder):
    """The site model alone: rendering (with its PDF poster) is not needed here."""
    return make_site(validate_group(load_group(folder)), NOW)


def pages_by_source(site) -> dict[str, object]:
    return {page.source.name: page for page in site.pages if page.source}


def page_and_html(site, file_name: str):
    """A Markdown page, and its words as the HTML rendering it makes of them."""
    page = pages_by_source(site)[file_name]
    return page, page.words.html(site.folder, page.url)


def problems_of(folder) -> list:
    with pytest.raises(SiteError) as caught:
        site_of(folder)
    return caught.value.problems


def test_the_title_is_the_first_heading_and_is_taken_out_of_the_body(make_group):
    folder = make_group({"pages/about.md": "Intro line.\n\n# About us\n\nWe meet.\n\n# Later\n"})
    page, html = page_and_html(site_of(folder), "about.md")
    assert page.title == "About us"
    assert "About us" not in html
    assert ">Later</h1>" in html


def test_a_front_matter_title_wins_and_the_heading_stays(make_group):
    folder = make_group({"pages/about.md": "---\ntitle: Who we are\n---\n# About us\n"})
    page, html = page_and_html(site_of(folder), "about.md")
    assert page.title == "Who we are"
    assert "About us" in html


def test_a_page_without_a_heading_is_titled_from_its_file_name(make_group):
    folder = make_group({"pages/getting-here.md": "Take the 36 bus.\n"})
    assert pages_by_source(site_of(folder))["getting-here.md"].title == "Getting here"


def test_a_hash_without_a_space_is_not_a_heading(make_group):
    folder = make_group({"pages/tags.md": "#support #parents\n\n# Tags\n"})
    assert pages_by_source(site_of(folder))["tags.md"].title == "Tags"


@pytest.mark.parametrize("file_name, url", [
    ("about.md", "about/"),
    ("Getting Here.md", "getting-here/"),
    ("FAQ & help!.md", "faq-help/"),
    ("caf\u00e9_chat.md", "caf\u00e9_chat/"),  # letters of other scripts are kept
    ("\u0645\u0644\u0627\u0642\u0627\u062a.md", "\u0645\u0644\u0627\u0642\u0627\u062a/"),
])
def test_a_pages_address_comes_from_its_file_name(make_group, file_name, url):
    folder = make_group({f"pages/{file_name}": "Hello.\n"})
    assert pages_by_source(site_of(folder))[file_name].url == url


def test_a_slug_in_front_matter_sets_the_address(make_group):
    folder = make_group({"pages/about.md": "---\nslug: help/who-we-are\n---\nHello.\n"})
    page = pages_by_source(site_of(folder))["about.md"]
    assert page.url == "help/who-we-are/"
    assert page.output == "help/who-we-are/index.html"


def test_a_news_posts_address_and_date_come_from_its_file_name(make_group):
    folder = make_group({"news/2026-11-02-Christmas Social.md": "# Christmas social\n",
                         "news/2026-10-01-quiz.md": "# Quiz\n"})
    site = site_of(folder)
    assert [(post.url, post.date.isoformat()) for post in site.news] == [
        ("news/2026-11-02-christmas-social/", "2026-11-02"),
        ("news/2026-10-01-quiz/", "2026-10-01")]


def test_drafts_are_left_off_the_site(make_group):
    folder = make_group({"pages/about.md": "# About\n",
                         "pages/new-venue.md": "---\ndraft: yes\n---\n# New venue\n",
                         "news/2026-12-01-party.md": "---\ndraft: true\n---\n# Party\n"})
    result = check(folder, now=NOW)
    assert sorted(pages_by_source(result.site)) == ["about.md"]
    assert result.site.news == []
    assert not any("new-venue" in path or "party" in path for path in result.files)


def test_menu_false_keeps_a_page_out_of_the_menu_but_on_the_site(make_group):
    folder = make_group({"pages/thanks.md": "---\nmenu: false\n---\n# Thanks\n"})
    site = site_of(folder)
    assert "thanks.md" in pages_by_source(site)
    assert all(page.source is None or page.source.name != "thanks.md" for page in site.menu)


def test_the_menu_follows_order_then_title(make_group):
    folder = make_group({"pages/b.md": "---\norder: 1\n---\n# Zebra\n",
                         "pages/a.md": "---\norder: 1\n---\n# Apple\n",
                         "pages/c.md": "# Carrot\n"})
    titles = [page.title for page in site_of(folder).menu if page.source]
    assert titles == ["Apple", "Zebra", "Carrot"]


def test_two_pages_claiming_one_address_are_refused_naming_both_files(make_group):
    folder = make_group({"pages/about.md": "# About\n",
                         "pages/who-we-are.md": "---\nslug: about\n---\n# Who we are\n"})
    [problem] = problems_of(folder)
    assert problem.file.name == "who-we-are.md"
    assert problem.message == (
        "wants the address /about/, which pages/about.md already has. Give this page another "
        "`slug:` in its front matter, or rename the file.")


def test_two_file_names_making_one_address_are_refused(make_group):
    folder = make_group({"pages/Getting Here.md": "# A\n", "pages/getting-here.md": "# B\n"})
    [problem] = problems_of(folder)
    assert problem.file.name == "getting-here.md"
    assert "pages/Getting Here.md already has" in problem.message


@pytest.mark.parametrize("slug, kept_for", [("news", "the news page"),
                                            ("images", "the images folder"),
                                            ("404", "the page-not-found page")])
def test_addresses_the_theme_uses_are_refused_once(make_group, slug, kept_for):
    folder = make_group({"pages/ours.md": f"---\nslug: {slug}\n---\n# Ours\n"})
    [problem] = problems_of(folder)
    assert problem.message == (f"wants the address /{slug}/, which is kept for {kept_for}. "
                               "Give this page another `slug:`.")


def test_every_page_problem_is_reported_together(make_group):
    folder = make_group({"news/party.md": "# Party\n", "news/quiz.md": "# Quiz\n",
                         "pages/a.md": "---\nslug: b\n---\n", "pages/b.md": "# B\n"})
    assert sorted(problem.file.name for problem in problems_of(folder)) == [
        "b.md", "party.md", "quiz.md"]


def test_a_news_post_without_its_date_is_told_how_to_rename_it(make_group):
    folder = make_group({"news/summer-picnic.md": "# Picnic\n"})
    [problem] = problems_of(folder)
    assert problem.message == ("a news post's file name starts with the date it is from. "
                               "Rename it like 2026-11-20-summer-picnic.md.")


def test_a_news_post_dated_a_day_that_does_not_exist_is_refused(make_group):
    folder = make_group({"news/2026-02-30-quiz.md": "# Quiz\n"})
    [problem] = problems_of(folder)
    assert problem.message == ('"2026-02-30" at the start of the file name is not a real '
                               "date. Write it as year-month-day, like 2026-11-20.")


def test_template_code_typed_in_a_page_is_shown_literally(make_group):
    folder = make_group({"pages/help.md": "# Help\n\nType {{ config.name }} or "
                                          "{% if x %}yes{% endif %} {# note #}.\n"})
    html = check(folder, now=NOW).files["help/index.html"].decode("utf-8")
    assert "Type {{ config.name }} or {% if x %}yes{% endif %} {# note #}." in html


def test_template_code_typed_in_about_is_shown_literally(make_group):
    folder = make_group({"group.yaml": "name: A\ncontact:\n  phone: 1\n"
                                       "about: Write {{ site.folder }} here.\n"})
    html = check(folder, now=NOW).files["index.html"].decode("utf-8")
    assert "Write {{ site.folder }} here." in html


def test_a_script_is_removed_with_a_warning_naming_file_and_line(make_group):
    folder = make_group({"pages/help.md": "---\ntitle: Help\n---\nHello.\n\n"
                                          "<script>alert('hi')</script>\n"})
    result = check(folder, now=NOW)
    html = result.files["help/index.html"].decode("utf-8")
    [warning] = [w for w in result.warnings if w.file.name == "help.md"]
    assert (warning.line, warning.column, warning.warning) == (6, 1, True)
    assert warning.message == ("a <script> was removed: scripts in pages could track visitors "
                               "or break the site.")
    assert "alert(" not in html


def test_a_javascript_link_in_a_page_without_html_is_still_found(make_group):
    folder = make_group({"pages/links.md": "# Links\n\nPlain words.\n[x](JavaScript :alert(1))\n"})
    warnings = [w for w in check(folder, now=NOW).warnings if w.file.name == "links.md"]
    assert [(w.line, w.column) for w in warnings] == [(4, 5)]


def test_event_handlers_javascript_links_and_embeds_are_removed_with_warnings(make_group):
    folder = make_group({"pages/links.md": '# Links\n\n<b onclick="steal()">Hi</b>\n'
                                           '[x](javascript:alert(1))\n'
                                           '<iframe src="https://www.facebook.com/x"></iframe>\n'})
    result = check(folder, now=NOW)
    html = result.files["links/index.html"].decode("utf-8")
    assert [(w.line, w.message.split(":")[0]) for w in result.warnings
            if w.file.name == "links.md"] == [
        (3, "an on...= attribute was removed"), (4, "a javascript"),
        (5, "an embedded frame was removed")]
    assert "onclick" not in html and "javascript:" not in html and "<iframe" not in html


def test_with_many_pages_the_menu_keeps_six_and_links_to_a_list_of_all(make_group):
    from conftest import NOW
    from sitegen.site.pipeline import check

    pages = {f"pages/page-{n:02}.md": f"# Page {n:02}\n\nText {n}.\n" for n in range(1, 10)}
    result = check(make_group(pages), now=NOW)
    menu = [p.url for p in result.site.menu]
    assert [u for u in menu if u.startswith("page-")] == [f"page-{n:02}/" for n in range(1, 7)]
    assert "pages/" in menu
    listing = result.files["pages/index.html"].decode("utf-8")
    assert all(f'href="../page-{n:02}/index.html"' in listing for n in range(1, 10))


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_page_changed_while_the_site_is_built_is_refused_by_name(make_group, change):
    from sitegen.site.pipeline import model
    from sitegen.site.render import render_sites

    folder = make_group({"pages/about.md": "# About us\n\nWe meet.\n"})
    sites = model(folder, now=NOW, pdf=False)  # the title was read from the page as it was
    page = folder / "pages" / "about.md"
    if change == "edit":
        page.write_text("# Who we are\n\nWe meet on Tuesdays.\n", encoding="utf-8")
    else:
        page.unlink()

    with pytest.raises(SiteError) as raised:
        render_sites(sites)

    [problem] = raised.value.problems
    assert problem.file == page.resolve()
    assert problem.message == ("changed, moved or was deleted while the site was being built. "
                               "Build again.")
