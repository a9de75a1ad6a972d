"""The printable poster and leaflet: what they show, their paper, fonts, QR code and cache."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import EXAMPLE_GROUP, NOW, REPO, write_files
from sitegen.printed import fonts, pdf
from sitegen.printed.fonts import choose_fonts
from sitegen.printed.pdf import fit_one_page, import_weasyprint, stored_fit, stored_key
from sitegen.site.pipeline import build
from sitegen.printed.poster import direction_of, qr_code_svg, short_address

MM = 72 / 25.4  # PDF points in a millimetre
WEBSITE = "https://riversideparents.org.uk/"

CHINESE_GROUP = """\
name: 诺丁汉华人互助小组
tagline: 为在诺丁汉的华人提供聊天、支持和友谊
language: zh-Hans
website: https://nottingham-chinese.org.uk
contact:
  phone: 0115 496 0123
meetings:
  - name: 茶话会
    when: first Saturday of the month
    time: 2pm-4pm
    venue: 诺丁汉社区中心
"""
URDU_GROUP = """\
name: نوٹنگھم خواتین سپورٹ گروپ
tagline: جنوبی ایشیائی خواتین کے لیے گپ شپ اور مدد
language: ur
website: https://nottingham-women.org.uk
contact:
  phone: 0115 496 0789
meetings:
  - name: چائے کی صبح
    when: every Wednesday
    time: 10am-12 noon
    venue: ریورسائیڈ کمیونٹی سینٹر
poster:
  discreet: true
"""


def group_yaml(**poster) -> str:
    """A small group whose poster has the given settings."""
    lines = "".join(f"  {key}: {value}\n" for key, value in poster.items())
    return ("name: Riverside Parents Together\nwebsite: https://riversideparents.org.uk\n"
            "contact:\n  phone: 0115 496 0000\n"
            "meetings:\n  - name: Coffee morning\n    when: second Tuesday\n"
            "    time: 10:00-12:00\n" + (f"poster:\n{lines}" if lines else ""))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example group built once, PDFs included."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = build(EXAMPLE_GROUP, out=out, now=NOW)
    return out, result


def build_group(root, yaml: str, name: str = "group"):
    folder = write_files(root / name, {"group.yaml": yaml})
    return folder / "_site", build(folder, now=NOW)


def page_size_mm(pdf) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def font_names(pdf) -> set[str]:
    """The fonts embedded in the first page, without their subset tag (ABCDEF+)."""
    fonts_used = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts_used.values()}


def text_of(pdf) -> str:
    """The words of the first page, with every line break and run of spaces as one space."""
    return " ".join(PdfReader(pdf).pages[0].extract_text().split())


def decode_qr_codes(image: Image.Image) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    return [code.text for code in zxingcpp.read_barcodes(image)]


# The poster PDF


def test_the_poster_is_one_a4_page(example):
    out, _ = example
    assert len(PdfReader(out / "poster.pdf").pages) == 1
    assert page_size_mm(out / "poster.pdf") == (210, 297)


@pytest.mark.parametrize("paper, size", [("Letter", (216, 279)), ("A5", (148, 210))])
def test_the_poster_is_printed_on_the_paper_group_yaml_names(tmp_path, paper, size):
    out, _ = build_group(tmp_path, group_yaml(paper=paper))
    assert len(PdfReader(out / "poster.pdf").pages) == 1
    assert page_size_mm(out / "poster.pdf") == size


def test_the_poster_gives_the_name_phone_next_date_and_venue_access(example):
    text = text_of(example[0] / "poster.pdf")
    for words in ("Riverside Parents Together", "Are you a parent of an autistic child?",
                  "0115 496 0000", "Thursday 26 November 2026", "hearing loop, accessible toilet",
                  "riversideparents.org.uk", "Second Tuesday of every month"):
        assert words in text


def test_the_poster_has_ten_tear_off_strips_with_name_phone_and_short_address(example):
    text = text_of(example[0] / "poster.pdf")
    assert text.count("0115 496 0000") == 1 + 10
    assert text.count("riversideparents.org.uk") >= 10


def test_discreet_strips_do_not_name_the_group(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the page is enough, and quicker
    out, _ = build_group(tmp_path, group_yaml(discreet="true"))
    page = (out / "poster" / "index.html").read_text(encoding="utf-8")
    strips = page.split('class="poster-strips"')[1].split("</main>")[0]
    assert "Support group – call for details" in strips
    assert "Riverside Parents Together" not in strips


def test_no_strips_when_tear_off_is_false(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out, _ = build_group(tmp_path, group_yaml(tear_off="false"))
    assert "poster-strip" not in (out / "poster" / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (Debian: poppler-utils)")
def test_the_printed_qr_code_leads_to_the_website(example):
    png = subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile",
                          str(example[0] / "poster.pdf")], capture_output=True, check=True).stdout
    assert WEBSITE in decode_qr_codes(Image.open(io.BytesIO(png)))


def test_the_qr_code_matrix_reads_as_the_address():
    import segno

    code = segno.make(WEBSITE, error="m", micro=False)
    picture = io.BytesIO()
    code.save(picture, kind="png", scale=8, border=4)
    picture.seek(0)
    assert decode_qr_codes(Image.open(picture)) == [WEBSITE]
    assert qr_code_svg(WEBSITE).startswith('<svg role="img"')


def test_a_poster_with_many_words_still_prints_on_one_sheet(tmp_path):
    long_point = "A long point that a volunteer wrote and which goes on and on for a while"
    yaml = group_yaml(headline='"' + "Do you care for someone at home, day and night? " * 3 + '"',
                      points="[" + ", ".join([long_point] * 6) + "]")
    out, result = build_group(tmp_path, yaml)
    assert len(PdfReader(out / "poster.pdf").pages) == 1
    assert not [w for w in result.warnings if "too many words" in w.message]


# The size of print


class SheetLaidOut:
    """A stand-in for WeasyPrint's layout of a sheet whose words take `needed` of its room."""

    def __init__(self, needed: float):
        end = 10 + 100 * needed
        anchors = {"print-start": (0, 10), "print-bottom": (0, 110), "print-end": (0, end)}
        self.pages = [type("Page", (), {"anchors": anchors})]


def layouts_at(room_at_normal_size: float, first: float = 1.0):
    """Fit a sheet whose words, at size 1, take 1/room_at_normal_size of its room; return
    the size chosen and every size tried."""
    tried = []

    def layout(fit):
        tried.append(fit)
        return SheetLaidOut(fit ** 1.5 / room_at_normal_size)  # a bit under the square rule
    fit, _ = fit_one_page(layout, first)
    return fit, tried


def test_sparse_words_print_larger_and_crowded_ones_smaller():
    assert layouts_at(1.1) == (1.0, [1.0])  # full enough already
    grown, tried = layouts_at(1.6)
    assert 1.0 < grown <= 1.4 and len(tried) == 2
    shrunk, tried = layouts_at(0.8)
    assert 0.55 <= shrunk < 1.0 and len(tried) <= 4


def test_starting_near_the_right_size_takes_one_layout():
    grown, _ = layouts_at(1.6)
    assert layouts_at(1.6, first=grown) == (grown, [grown])


def test_the_pdfs_carry_the_size_they_were_printed_at_and_the_leaflet_starts_from_the_posters(
        example):
    poster = stored_fit((example[0] / "poster.pdf").read_bytes())
    leaflet = stored_fit((example[0] / "leaflet.pdf").read_bytes())
    assert 0.55 <= poster <= 1.4 and 0.55 <= leaflet <= 1.4
    assert abs(leaflet - poster) <= 0.1


def test_a_leaflet_printed_beside_a_reused_poster_is_the_one_a_first_build_prints(
        tmp_path, monkeypatch):
    # Only the leaflet's template changes, so the second build reuses the poster from the
    # last build; the leaflet must still start from the poster's size, as a first build does
    # (from another size, it would settle on another).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = write_files(tmp_path / "group", {"group.yaml": group_yaml()})
    build(folder, now=NOW)
    leaflet = REPO / "themes" / "default" / "templates" / "leaflet.html"
    changed = leaflet.read_text(encoding="utf-8").replace("(9.5 *", "(11 *", 1)  # larger print
    write_files(folder, {"templates/leaflet.html": changed})
    poster = (folder / "_site" / "poster.pdf").read_bytes()
    build(folder, now=NOW)
    assert (folder / "_site" / "poster.pdf").read_bytes() == poster  # reused
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))  # printed again
    first_build = tmp_path / "first"
    build(folder, out=first_build, now=NOW)
    assert (folder / "_site" / "leaflet.pdf").read_bytes() == \
        (first_build / "leaflet.pdf").read_bytes()


def test_fonts_set_up_once_print_the_same_pdfs_as_fonts_set_up_afresh(tmp_path, monkeypatch):
    from weasyprint.text.fonts import FontConfiguration

    def printed(name: str, yaml: str) -> Path:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name / "cache"))  # printed anew
        folder = write_files(tmp_path / name, {"group.yaml": yaml})
        build(folder, now=NOW, jobs=1)  # printed in this process, as a directory's worker does
        return folder / "_site"

    printed("other", CHINESE_GROUP)  # the fonts set up once have seen other fonts first
    shared = printed("shared", group_yaml())
    monkeypatch.setattr(pdf, "_shared_font_config", FontConfiguration)  # new for each PDF
    afresh = printed("afresh", group_yaml())
    for name in ("poster.pdf", "leaflet.pdf"):
        assert (shared / name).read_bytes() == (afresh / name).read_bytes()


def test_a_template_with_its_own_font_faces_gets_fonts_of_its_own():
    shared = pdf._font_config("<style>p { color: red }</style>")
    assert pdf._font_config("<style>p { color: blue }</style>") is shared
    assert pdf._font_config("<style>@font-face { font-family: Ours }</style>") is not shared


# The leaflet


def test_the_leaflet_is_two_a5_leaflets_on_one_landscape_a4_page(example):
    out, _ = example
    assert len(PdfReader(out / "leaflet.pdf").pages) == 1
    assert page_size_mm(out / "leaflet.pdf") == (297, 210)
    text = text_of(out / "leaflet.pdf")
    assert text.count("0115 496 0000") == 2
    assert text.count("Thursday 26 November 2026") == 2


# Every script


@pytest.mark.parametrize("yaml, family", [(CHINESE_GROUP, "Noto-Sans-CJK-SC"),
                                          (URDU_GROUP, "Noto-Nastaliq-Urdu")])
def test_chinese_and_urdu_posters_embed_their_noto_fonts(tmp_path, yaml, family):
    if family.replace("-", " ") not in (fonts.installed_fonts() or {}):
        pytest.skip(f"{family} is not installed (Debian: fonts-noto-core, fonts-noto-cjk)")
    out, _ = build_group(tmp_path, yaml)
    for pdf in (out / "poster.pdf", out / "leaflet.pdf"):
        assert family in font_names(pdf)
        assert len(PdfReader(pdf).pages) == 1


@pytest.mark.parametrize("language, family", [
    ("en", "Noto Sans"), ("pl", "Noto Sans"), ("zh-Hans", "Noto Sans CJK SC"),
    ("zh-Hant", "Noto Sans CJK TC"), ("zh-HK", "Noto Sans CJK HK"), ("ur", "Noto Nastaliq Urdu"),
    ("bn", "Noto Sans Bengali"), ("pa", "Noto Sans Gurmukhi"), ("pa-Arab", "Noto Nastaliq Urdu"),
    ("ar", "Noto Naskh Arabic"), ("hi", "Noto Sans Devanagari")])
def test_each_language_gets_its_scripts_noto_font(language, family):
    assert family in choose_fonts(language).families


def test_urdu_puts_noto_sans_first_for_latin_letters_and_digits():
    assert choose_fonts("ur").families == ("Noto Sans", "Noto Nastaliq Urdu")
    assert choose_fonts("zh-Hans").families == ("Noto Sans CJK SC", "Noto Sans")


def test_a_missing_font_warns_with_the_debian_package_instead_of_printing_boxes(
        tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "installed_fonts", lambda: {"Noto Sans": ("NotoSans.ttf",)})
    out, result = build_group(tmp_path, URDU_GROUP)
    assert not (out / "poster.pdf").exists()
    message = next(w.message for w in result.warnings if w.key == "poster")
    assert "Noto Nastaliq Urdu" in message and "apt-get install fonts-noto-core" in message
    assert (out / "poster" / "index.html").exists()


def test_an_english_address_keeps_its_order_on_a_right_to_left_poster():
    assert direction_of("12 Mill Lane") == "ltr"
    assert direction_of("ریورسائیڈ سینٹر، 12 Mill Lane") == "rtl"
    assert direction_of("10:00 – 12:00") is None


def test_the_short_address_drops_the_scheme_and_the_last_slash():
    assert short_address("https://riversideparents.org.uk/") == "riversideparents.org.uk"
    assert short_address("https://example.org/groups/riverside/") == \
        "example.org/groups/riverside"


# Without WeasyPrint, and the cache


def test_a_build_without_weasyprint_succeeds_and_says_how_to_get_the_pdf(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no PDF printed before
    out, result = build_group(tmp_path, group_yaml())
    assert not (out / "poster.pdf").exists() and not (out / "leaflet.pdf").exists()
    page = (out / "poster" / "index.html").read_text(encoding="utf-8")
    assert "poster.pdf" not in page and "poster-strip" in page
    assert (out / "print.css").exists()
    [message] = [w.message for w in result.warnings if w.key == "poster"]
    assert message.startswith("poster.pdf and leaflet.pdf were not made: "
                              "WeasyPrint is not installed")
    assert "pip install weasyprint" in message and "libpango-1.0-0" in message
    assert "/poster/" in message


def forget_weasyprint(monkeypatch):
    """Make the next `import weasyprint` import it again, and put back what was there after
    the test (delitem alone would keep the stand-in imported if WeasyPrint had not been)."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.delitem(sys.modules, "weasyprint")


def test_missing_pango_is_reported_like_missing_weasyprint(tmp_path, monkeypatch):
    fake = write_files(tmp_path / "fake", {"weasyprint/__init__.py": (
        "raise OSError(\"cannot load library 'libpango-1.0-0': No such file\")\n")})
    monkeypatch.syspath_prepend(str(fake))
    forget_weasyprint(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no PDF printed before
    out, result = build_group(tmp_path, group_yaml())
    [message] = [w.message for w in result.warnings if w.key == "poster"]
    assert "cannot find its system libraries" in message and "libpango-1.0-0" in message


def test_a_rebuild_reuses_the_last_pdf_without_printing_it_again(tmp_path, monkeypatch, example):
    out = tmp_path / "site"
    shutil.copytree(example[0], out)
    before = (out / "poster.pdf").read_bytes()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # printing again would fail
    result = build(EXAMPLE_GROUP, out=out, now=NOW)
    assert (out / "poster.pdf").read_bytes() == before
    assert (out / "leaflet.pdf").exists()
    assert not [w for w in result.warnings if w.key == "poster"]


def test_a_changed_poster_is_printed_again(tmp_path):
    folder = write_files(tmp_path / "group", {"group.yaml": group_yaml()})
    build(folder, now=NOW)
    first = stored_key((folder / "_site" / "poster.pdf").read_bytes())
    write_files(folder, {"group.yaml": group_yaml(headline="New members welcome")})
    build(folder, now=NOW)
    pdf = folder / "_site" / "poster.pdf"
    assert stored_key(pdf.read_bytes()) not in (None, first)
    assert "New members welcome" in text_of(pdf)


def test_the_hash_is_found_however_far_from_the_end_the_cross_reference_puts_it():
    # WeasyPrint writes the identifier before the compressed cross-reference stream, which
    # for a booklet of 2,000 groups is tens of kilobytes long: it was never found there, so
    # every build printed the booklet again.
    key = "ab" * 32
    head = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
    xref = (b"2 0 obj\n<</Type /XRef/ID [(sitegen-" + key.encode() + b"-1.2) (00)]"
            b"/Length 40000>>\nstream\n" + bytes(range(256)) * 157 + b"\nendstream\nendobj\n")
    pdf = head + xref + b"startxref\n" + str(len(head)).encode() + b"\n%%EOF\n"
    assert stored_key(pdf) == key and stored_fit(pdf) == 1.2
    assert stored_key(head) is None


def test_two_builds_print_byte_identical_pdfs(tmp_path, example):
    build(EXAMPLE_GROUP, out=tmp_path / "again", now=NOW)
    for name in ("poster.pdf", "leaflet.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (example[0] / name).read_bytes()


# The page on the site


def test_home_and_meetings_pages_link_to_the_poster_page(example):
    out, _ = example
    for page in ("index.html", "meetings/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "Print this poster" in html and "poster/index.html" in html


def test_the_poster_page_links_both_pdfs_and_its_print_stylesheet(example):
    html = (example[0] / "poster" / "index.html").read_text(encoding="utf-8")
    assert 'href="../poster.pdf"' in html and 'href="../leaflet.pdf"' in html
    assert 'href="../print.css"' in html
    assert "@page { size: A4;" in (example[0] / "print.css").read_text(encoding="utf-8")


# A site in more than one language


def test_each_language_has_its_own_poster_reused_by_the_next_build(tmp_path, monkeypatch):
    folder = write_files(tmp_path / "group", {"group.yaml": group_yaml() + "languages: [en, ur]\n"})
    build(folder, now=NOW)
    site = folder / "_site"
    before = {name: (site / name).read_bytes() for name in ("poster.pdf", "ur/poster.pdf")}
    assert "Noto-Nastaliq-Urdu" in font_names(site / "ur" / "poster.pdf") or \
        "Noto Nastaliq Urdu" not in (fonts.installed_fonts() or {})
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = build(folder, now=NOW)
    assert {name: (site / name).read_bytes() for name in before} == before
    assert not [w for w in result.warnings if w.key == "poster"]


def test_a_missing_font_for_another_language_is_reported_too(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "installed_fonts", lambda: {"Noto Sans": ("NotoSans.ttf",)})
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    _, result = build_group(tmp_path, group_yaml() + "languages: [en, ur]\n")
    messages = [w.message for w in result.warnings if w.key == "poster"]
    assert messages[0].startswith("poster.pdf and leaflet.pdf were not made: WeasyPrint")
    assert messages[1].startswith("ur/poster.pdf and ur/leaflet.pdf were not made: the font "
                                  "Noto Nastaliq Urdu")


def test_weasyprint_is_imported_again_with_the_library_search_when_it_needs_it(tmp_path,
                                                                             monkeypatch):
    # This stand-in loads only when ctypes can search for libraries by short name.
    fake = write_files(tmp_path / "fake", {"weasyprint/__init__.py": (
        "import ctypes.util\n"
        "if ctypes.util.find_library('c') is None:\n"
        "    raise OSError(\"cannot load library 'c'\")\n"
        "SEARCHED = True\n")})
    monkeypatch.syspath_prepend(str(fake))
    forget_weasyprint(monkeypatch)

    import_weasyprint()

    assert sys.modules["weasyprint"].SEARCHED
