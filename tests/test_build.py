"""Build output: the real PDFs, read back. Page sizes, text, fonts, contents."""

import re
from pathlib import Path

import polib
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from generator.content import load_content

from .conftest import ROOT, char_faces, pdf_text, squash

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

LOCALES = ["en", "zh_Hant", "ko"]
A6 = (297.64, 419.53)  # points
A5 = (419.53, 595.28)
# The only fonts the project chose; anything else (DejaVu...) is a fallback. Their prepared cuts
# are named "<family> Subset" (generator/fonts.py); the card's form fields use Guide Form Field,
# the Latin subset of Noto Sans CJK HK in templates/fonts.
CHOSEN_FONT = re.compile(r"^/?[A-Z]{6}\+(Noto-(Sans|Serif)-CJK-(HK|KR)(-Subset)?(-Bold)?|Guide-Form-Field)$")


def translated(locale: str, context: str, msgid: str) -> str:
    """What a reader of ``locale`` should see for a message: its translation, or the source."""
    if locale == "en":
        return msgid
    po = polib.pofile(str(ROOT / f"locales/{locale}/LC_MESSAGES/guide.po"))
    entry = po.find(msgid, msgctxt=context)
    return entry.msgstr if entry and entry.msgstr and "fuzzy" not in entry.flags else msgid


def plain(text: str) -> str:
    """Inline Markdown as a reader sees it."""
    return re.sub(r"\*\*|\*|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in PdfReader(path).pages]


@pytest.mark.parametrize("locale", LOCALES)
def test_card_is_four_a6_pages(repo_build, locale):
    sizes = page_sizes(repo_build / locale / "consult-card.pdf")
    assert len(sizes) == 4
    assert all(abs(w - A6[0]) < 0.5 and abs(h - A6[1]) < 0.5 for w, h in sizes)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_consult_question_is_on_the_card(repo_build, locale):
    text = squash("".join(pdf_text(repo_build / locale / "consult-card.pdf")))
    _, block = load_content(ROOT / "content").section_with("questions")
    assert len(block.items) == 10
    for item in block.items:
        question = plain(translated(locale, item.text.context, item.text.text))
        assert squash(question) in text, question


@pytest.mark.parametrize("locale", ["zh_Hant", "ko"])
def test_card_questions_are_translated(locale):
    _, block = load_content(ROOT / "content").section_with("questions")
    for item in block.items:
        assert translated(locale, item.text.context, item.text.text) != item.text.text


def first_column_text(path: Path, second_header: str) -> str:
    """The text of a table's first column on every page: left of the second column's header, from its
    top down (pdfium: a tenth of pdfplumber's time, the same text)."""
    texts = []
    document = pdfium.PdfDocument(path.read_bytes())
    for page in document:
        text = page.get_textpage()
        found = text.search(second_header).get_next()
        if found:
            left, _bottom, _right, top = text.get_charbox(found[0], loose=True)
            texts.append(text.get_text_bounded(0, 0, left - 1, top))
    document.close()
    return squash("".join(texts))


@pytest.mark.parametrize("locale", LOCALES)
def test_guide_is_a5_with_the_five_markets(repo_build, locale):
    path = repo_build / locale / "guide.pdf"
    sizes = page_sizes(path)
    assert len(sizes) > 6
    assert all(abs(w - A5[0]) < 0.5 and abs(h - A5[1]) < 0.5 for w, h in sizes)
    _, table = load_content(ROOT / "content").section_with("table")
    framing = table.columns[1].text
    column = first_column_text(path, translated(locale, framing.context, framing.text).split()[0])
    markets = [row.cells[0] for row in table.rows]
    assert len(markets) == 5
    for cell in markets:
        assert squash(plain(translated(locale, cell.context, cell.text))) in column


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("product", ["consult-card.pdf", "guide.pdf"])
def test_only_chosen_fonts_all_embedded(repo_build, locale, product):
    reader = PdfReader(repo_build / locale / product)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all(CHOSEN_FONT.match(name) for name in fonts), fonts


@pytest.mark.parametrize(
    "name", ["en/guide.pdf", "zh_Hant/consult-card.pdf", "ko/guide.pdf", "zh_Hant/consult-card.ko.pdf"]
)
def test_each_script_is_drawn_in_its_own_face(repo_build, name):
    """Han in an HK face (Traditional shapes, also when quoted in English or Korean), Hangul in KR.
    (The English and Korean cards print no Chinese: 問清楚 is on the Chinese card only.)"""
    chars = char_faces(repo_build / name)
    han = [font for char, font in chars if "\u4e00" <= char <= "\u9fff"]
    hangul = [font for char, font in chars if "\uac00" <= char <= "\ud7af"]
    assert han and all("CJK-HK" in font for font in han)
    if "ko" in name:
        assert hangul and all("CJK-KR" in font for font in hangul)


@pytest.mark.parametrize("locale", LOCALES)
def test_contents_page_numbers_point_at_the_sections(repo_build, locale):
    path = repo_build / locale / "guide.pdf"
    pages = pdf_text(path)
    guide = load_content(ROOT / "content")
    contents = squash(pages[1])
    for section in guide.sections:
        title = squash(plain(translated(locale, section.title.context, section.title.text)))
        match = re.search(re.escape(title) + r"\.*(\d+)", contents)
        assert match, f"{title} not in contents"
        number = int(match.group(1))
        # the section's heading is on that page (titles also appear in running heads: check the body)
        assert title in squash(pages[number - 1]), (title, number)


@pytest.mark.parametrize(
    "locale, pattern",
    [
        ("en", r"Page (\d+) of (\d+)"),
        ("zh_Hant", r"第 ?(\d+) ?頁，共 ?(\d+) ?頁"),
        ("ko", r"(\d+)쪽 중 (\d+)쪽"),
    ],
)
def test_footer_says_page_x_of_y_in_the_locale(repo_build, locale, pattern):
    pages = pdf_text(repo_build / locale / "guide.pdf")
    last = pages[-1]
    match = re.search(pattern, last)
    assert match, last[-200:]
    numbers = [int(n) for n in match.groups()]
    total = len(pages)
    assert total in numbers and (numbers == [total, total])


@pytest.mark.parametrize("locale", LOCALES)
def test_card_shows_the_edition_date_in_the_locale(repo_build, locale):
    text = "".join(pdf_text(repo_build / locale / "consult-card.pdf"))
    expected = {"en": "25 November 2026", "zh_Hant": "2026年11月25日", "ko": "2026년 11월 25일"}[locale]
    assert expected in text


def test_html_is_written_beside_the_pdf_on_request(repo_build):
    html = (repo_build / "ko" / "consult-card.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="ko">' in html
