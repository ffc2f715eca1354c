"""Print products: bilingual cards, 4-up sheets, QR codes, form fields, tagged and reproducible PDFs.

Everything is read back from real PDFs: text and rules with pdfplumber, the
catalogue, fields and outline with pypdf, QR codes decoded by zxing-cpp from
pages rendered by pdfium.
"""

from __future__ import annotations

import io
import math
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from pypdf import PdfReader

from generator import BuildOptions, build, load_config
from generator.config import load_config as load
from generator.content import load_content
from generator.errors import GuideError
from generator.impose import MM, SHEET_PAPERS, impose, layout

from .conftest import ROOT, pdf_text, plumbed, squash
from .runners import guide
from .test_build import A6, page_sizes, plain, translated

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

QUESTIONS = load_content(ROOT / "content").section_with("questions")[1].items
PUBMED = {f"https://pubmed.ncbi.nlm.nih.gov/{r.pmid}/" for r in load_content(ROOT / "content").references if r.pmid}
LANG = {"en": "en", "zh_Hant": "zh-Hant-HK", "ko": "ko"}


def question_texts(locale: str) -> list[str]:
    return [squash(plain(translated(locale, q.text.context, q.text.text))) for q in QUESTIONS]


# --- bilingual cards -----------------------------------------------------------


@pytest.mark.parametrize("first, second", [("zh_Hant", "ko"), ("ko", "en"), ("en", "ko"), ("zh_Hant", "en")])
def test_bilingual_card_holds_both_languages_questions(repo_build, first, second):
    path = repo_build / first / f"consult-card.{second}.pdf"
    sizes = page_sizes(path)
    assert 1 <= len(sizes) <= 4
    assert all(abs(w - A6[0]) < 0.5 and abs(h - A6[1]) < 0.5 for w, h in sizes)
    text = squash("".join(pdf_text(path)))
    for question in question_texts(first) + question_texts(second):
        assert question in text, question
    # The second language sits under each question: question n in both before question n+1.
    for n in range(len(QUESTIONS) - 1):
        second_q = text.index(question_texts(second)[n])
        assert text.index(question_texts(first)[n]) < second_q < text.index(question_texts(first)[n + 1])


def test_bilingual_card_tags_and_sets_each_language_in_its_font(repo_build):
    html = (repo_build / "zh_Hant" / "consult-card.ko.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-HK">' in html
    assert html.count('class="q-also" lang="ko"') == len(QUESTIONS)
    # Korean words stay whole on the printed lines (typeset.linebreak).
    from .test_typography import HANGUL, hangul_words, lines

    words = hangul_words()
    printed = lines(repo_build / "zh_Hant" / "consult-card.ko.pdf")
    tokens = [run for line in printed for token in line.split() for run in HANGUL.findall(token)]
    assert len(tokens) > 50 and not [t for t in tokens if t not in words]
    with plumbed(repo_build / "zh_Hant" / "consult-card.ko.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    hangul = {c["fontname"].split("+")[-1] for c in chars if "\uac00" <= c["text"] <= "\ud7af"}
    han = {c["fontname"].split("+")[-1] for c in chars if "\u4e00" <= c["text"] <= "\u9fff"}
    assert hangul and all(re.search(r"CJK-KR(-Subset)?(-Bold)?$", name) for name in hangul), hangul
    assert han and all(re.search(r"CJK-HK(-Subset)?(-Bold)?$", name) for name in han), han


# --- sheets ---------------------------------------------------------------------


def panels(paper: str, pages: int = 4) -> list[tuple[float, float, float, float]]:
    """The card-page slots of a sheet side (x0, top, x1, bottom from the top-left), row by row, left to right."""
    place = layout(paper, A6, pages)
    width, height = SHEET_PAPERS[paper]
    out = []
    for row in range(place.rows):
        for col in range(place.cols):
            x0, y0, x1, y1 = place.slot(col, row)
            if place.folded:  # an open spread: two panels
                middle = (x0 + x1) / 2
                out += [(x0, height - y1, middle, height - y0), (middle, height - y1, x1, height - y0)]
            else:
                out.append((x0, height - y1, x1, height - y0))
    # A4 holds the cards exactly: keep rounding from putting a slot a hair outside the sheet.
    return [(max(0, a), max(0, b), min(width, c), min(height, d)) for a, b, c, d in out]


def slot_texts(page: pdfplumber.page.Page, paper: str, pages: int = 4) -> list[str]:
    """The text of each slot, read the right way up: the lower row is upside down (its characters
    come out last to first)."""
    half = SHEET_PAPERS[paper][1] / 2
    return [
        (text[::-1] if box[1] >= half - 1 else text)
        for box in panels(paper, pages)
        for text in [page.crop(box).extract_text() or ""]
    ]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheets_hold_two_folded_cards_a_side_inside_behind_outside(repo_build, paper):
    """Outside: page 4 (the back) beside page 1 (the front); inside, behind them for a long-edge flip: 2 and 3.
    The lower card is upside down (feet at the middle cut, heads at the paper's edges): its halves swap."""
    path = repo_build / "en" / f"consult-card.{paper}.pdf"
    width, height = SHEET_PAPERS[paper]
    assert page_sizes(path) == [(round(width, 2), round(height, 2))] * 2  # one sheet, front and back
    with plumbed(path) as pdf:
        outside, inside = (slot_texts(page, paper) for page in pdf.pages)
        # The slug line runs up the front's left edge (the back has none: it would print behind a card).
        slug, back = ("".join(c["text"] for c in page.chars if not c["upright"]) for page in pdf.pages)
    for n, text in zip([4, 1, 1, 4], outside, strict=True):
        assert f"Page {n} of 4" in text
    for n, text in zip([2, 3, 3, 2], inside, strict=True):
        assert f"Page {n} of 4" in text
    assert "Ten questions for your consult" in outside[1] and "Keep in mind" in outside[0]
    slug = squash(slug)
    assert "fliponlongedge" in slug and "2foldedcards" in slug and not back
    # A4 holds two A5 cards at full size; Letter is shorter, so its cards are scaled to it (the card's 8 pt
    # stays above 7.5 pt), and the slug says by how much.
    scale = layout(paper, A6, 4).scale
    if paper == "a4":
        assert scale == 1 and "A4at100%" in slug
    else:
        assert 0.9375 < scale < 0.95 and f"Letterscaledto{round(scale * 100)}%" in slug


def upright_slot_texts(path: Path, paper: str) -> list[list[str]]:
    """Each side's slots' text, upright or upside down (the slug up the sheet's edge left out), each
    character in the slot its middle lies in (pdfium: a tenth of pdfplumber's time)."""
    slots, sides = panels(paper), []
    document = pypdfium2.PdfDocument(path.read_bytes())
    for page in document:
        text, height, found = page.get_textpage(), page.get_height(), [""] * len(slots)
        for index in range(text.count_chars()):
            if round(pdfium_c.FPDFText_GetCharAngle(text, index) / math.pi, 3) % 1:  # (turned a quarter)
                continue
            left, bottom, right, top = text.get_charbox(index)
            x, y = (left + right) / 2, height - (bottom + top) / 2
            for number, (x0, y0, x1, y1) in enumerate(slots):
                if x0 <= x <= x1 and y0 <= y <= y1:
                    found[number] += chr(pdfium_c.FPDFText_GetUnicode(text, index))
        sides.append(found)
    document.close()
    return sides


def test_every_slot_of_every_sheet_has_a_card_page(repo_build):
    """No blank backs: every side of every sheet the build made has content in every slot."""
    sheets = sorted(repo_build.glob("*/consult-card*.a4.pdf")) + sorted(repo_build.glob("*/consult-card*.letter.pdf"))
    assert len(sheets) == 2 * 7
    for path in sheets:
        for number, texts in enumerate(upright_slot_texts(path, path.suffixes[-2].lstrip("."))):
            # a page number, not a digit of the slug ("2 folded cards, A4 at 100%") that runs across a slot
            assert all(re.search(r"\d", text) for text in texts), (path.name, number, texts)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheets_have_cut_and_fold_marks_on_the_printable_part(repo_build, paper):
    path = repo_build / "ko" / f"consult-card.{paper}.pdf"
    width, height = SHEET_PAPERS[paper]
    place = layout(paper, A6, 4)
    x0, _, x1, _ = place.slot(0, 0)
    fold = (x0 + x1) / 2
    edge = 4 * MM
    with plumbed(path) as pdf:
        for side in pdf.pages:
            marks = [r for r in side.rects if min(r["width"], r["height"]) < 0.5 and max(r["width"], r["height"]) > 5]
            folds = [m for m in marks if abs((m["x0"] + m["x1"]) / 2 - fold) < 0.5]
            cuts = [m for m in marks if m not in folds]
            assert len({round(m["top"]) for m in folds}) == 4  # top and bottom edge of both cards
            # The cut between the cards, marked at both sides; on Letter also the cards' outer edges.
            middle = height - place.slot(0, 0)[1]
            horizontal = [m for m in cuts if m["width"] > m["height"]]
            assert sum(abs((m["top"] + m["bottom"]) / 2 - middle) < 0.3 for m in horizontal) == 2
            assert len(cuts) == (2 if paper == "a4" else 6)  # Letter: the cards' sides too
            for mark in marks:  # clear of a home printer's unprintable edge
                assert mark["x0"] > edge and mark["top"] > edge
                assert mark["x1"] < width - edge and mark["bottom"] < height - edge


def pages_pdf(count: int) -> bytes:
    from weasyprint import HTML

    pages = "".join(f'<p style="break-after: page">Leaf page {n}</p>' for n in range(1, count + 1))
    return HTML(string=f"<style>@page {{ size: A6 }}</style>{pages}").write_pdf()


@pytest.mark.typeset
@pytest.mark.parametrize("count, sides", [(1, 1), (2, 2), (3, 3), (4, 2), (5, 5), (8, 4)])
def test_sheets_for_any_page_count_have_no_empty_slot(count, sides):
    """4, 8 ... pages: folded cards; otherwise A6 leaves, four copies a side, one-sided for a last odd page."""
    sheets = impose(pages_pdf(count), "a4")
    assert sheets.sides == sides
    reader = pdfplumber.open(io.BytesIO(sheets.pdf))
    with reader as pdf:
        seen = set()
        for page in pdf.pages:
            texts = slot_texts(page, "a4", count)
            numbers = [re.search(r"Leaf page (\d+)", text) for text in texts]
            assert all(numbers), texts
            seen |= {int(n.group(1)) for n in numbers}
    assert seen == set(range(1, count + 1))


def test_sheets_keep_language_and_metadata_and_drop_form_fields(repo_build):
    reader = PdfReader(repo_build / "ko" / "consult-card.a4.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "ko"
    card = PdfReader(repo_build / "ko" / "consult-card.pdf")
    assert reader.metadata.title == card.metadata.title
    assert not reader.get_fields()


# --- QR codes ---------------------------------------------------------------------


def decode_qr(path: Path, page: int) -> set[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[page].render(scale=300 / 72).to_pil()
    pdf.close()
    return {result.text for result in zxingcpp.read_barcodes(image)}


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko"])
def test_card_qr_codes_decode_to_the_pubmed_abstracts(repo_build, locale):
    path = repo_build / locale / "consult-card.pdf"
    assert len(PUBMED) == 2
    assert decode_qr(path, len(PdfReader(path).pages) - 1) == PUBMED
    printed = squash(pdf_text(path)[-1])
    for url in PUBMED:  # the short URL beside its code
        assert url.removeprefix("https://").rstrip("/") in printed, url


def test_qr_codes_still_decode_on_the_scaled_letter_sheet(repo_build):
    path = repo_build / "zh_Hant" / "consult-card.letter.pdf"  # cards at 94 %: the smallest codes
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[0].render(scale=300 / 72).to_pil()  # the outside: page 4 of both cards
    pdf.close()
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(found) == 2 * len(PUBMED) and set(found) == PUBMED


def test_guide_references_carry_qr_codes(repo_build):
    path = repo_build / "ko" / "guide.pdf"
    last = len(PdfReader(path).pages) - 1
    # The references may run over the last two pages.
    assert decode_qr(path, last - 1) | decode_qr(path, last) == PUBMED
    with plumbed(path) as pdf:
        page = pdf.pages[last]
        assert not page.images  # vector paths, not a bitmap
        assert len(page.curves) + len(page.lines) + len(page.rects) > 100


# --- form fields -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["consult-card.pdf", "consult-card.en.pdf"])
def test_card_answers_are_form_fields(repo_build, name):
    reader = PdfReader(repo_build / "ko" / name)
    assert "/AcroForm" in reader.trailer["/Root"]
    fields = reader.get_fields()
    consult = [f"consult-{field}" for field in ("clinic", "doctor", "date", "language")]
    answers = {key.rsplit("-", 1)[0] for key in fields if key.startswith("answer-")}
    assert sorted(answers | set(consult) & set(fields)) == sorted([f"answer-{q.id}" for q in QUESTIONS] + consult)
    for field in fields.values():
        assert field["/FT"] == "/Tx"
        assert not field.get("/Ff", 0) & (1 << 12)  # one line a field: a line of text on each writing line
    # The fields' font is the Korean field face (KS X 1001's Hangul), not a whole 16 MB CJK face.
    assert (repo_build / "ko" / name).stat().st_size < 1_500_000


def test_card_still_prints_the_writing_lines(repo_build):
    """The lines are in the page content, not in the fields: a printout has them."""
    rules = 0
    with plumbed(repo_build / "en" / "consult-card.pdf") as pdf:
        for page in pdf.pages:
            # WeasyPrint draws a bottom border as a box and the box less its border.
            wide = [r for r in page.rects if r["width"] > 200]
            rules += sum(
                any(o["top"] == r["top"] and 0.3 < o["bottom"] - r["bottom"] < 0.6 for o in wide) for r in wide
            )
    assert rules >= 3 * len(QUESTIONS)


# --- accessibility ---------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko"])
@pytest.mark.parametrize("name", ["consult-card.pdf", "guide.pdf"])
def test_pdfs_are_tagged_with_language_and_metadata(repo_build, locale, name):
    reader = PdfReader(repo_build / locale / name)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == LANG[locale]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data().replace(b'="1"', b"")  # PDF/UA-1 claim
    meta = reader.metadata
    assert meta.title and meta.author and meta.subject
    assert meta.author == load_config(ROOT).author


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko"])
def test_guide_has_a_bookmark_for_every_section(repo_build, locale):
    reader = PdfReader(repo_build / locale / "guide.pdf")

    def titles(outline) -> list[str]:
        out = []
        for item in outline:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    bookmarks = [squash(t) for t in titles(reader.outline)]
    for section in load_content(ROOT / "content").sections:
        title = squash(plain(translated(locale, section.title.context, section.title.text)))
        assert title in bookmarks, title


# --- reproducible builds ------------------------------------------------------------------


@pytest.mark.typeset
def test_two_builds_are_byte_identical(mini, tmp_path, monkeypatch):
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[products.card]\nbilingual = ["ko+en"]\npapers = ["a4"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = build(load_config(mini), BuildOptions(out=tmp_path / "one"))
    # The second from another checkout, with another font cache: a fresh clone on another machine
    elsewhere = shutil.copytree(mini, tmp_path / "another-checkout")
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "another-cache"))
    second = build(load_config(elsewhere), BuildOptions(out=tmp_path / "two"))
    names = sorted(str(o.path.relative_to(tmp_path / "one")) for o in first.outputs)
    assert "ko/consult-card.en.a4.pdf" in names and len(names) == len(second.outputs) == 8
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    reader = PdfReader(tmp_path / "one" / "ko" / "consult-card.pdf")
    assert reader.metadata["/ModDate"].startswith("D:20260101000000")


@pytest.mark.typeset
def test_a_bad_source_date_epoch_is_an_error_line(mini):
    run = guide("card", "--lang", "en", cwd=mini, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert run.returncode == 1
    assert "error: " in run.stderr
    assert "SOURCE_DATE_EPOCH='yesterday' is not a Unix time" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (mini / "dist" / "en" / "consult-card.pdf").exists()


# --- config and the card command -------------------------------------------------------


def test_config_reports_bad_pairs_and_papers_with_their_lines(mini):
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[products.card]\nbilingual = ["ko+ja", "ko", "en+ko"]\npapers = ["a4", "a3"]\n',
        encoding="utf-8",
    )
    lines = toml.read_text(encoding="utf-8").splitlines()
    bilingual_line = next(i for i, line in enumerate(lines, 1) if line.startswith("bilingual"))
    papers_line = next(i for i, line in enumerate(lines, 1) if line.startswith("papers"))
    with pytest.raises(GuideError) as info:
        load(mini)
    text = info.value.format(mini)
    assert f"guide.toml:{bilingual_line}: products.card.bilingual: 'ja' in 'ko+ja' is not in guide.locales" in text
    assert f"guide.toml:{bilingual_line}: products.card.bilingual: 'ko' is not a pair of two locales" in text
    assert f"guide.toml:{papers_line}: products.card.papers: 'a3' is not a sheet size" in text
    assert "en+ko" not in text


def test_config_pairs_and_papers_are_read(mini):
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[products.card]\nbilingual = ["ko+en"]\npapers = ["letter"]\n',
        encoding="utf-8",
    )
    card = load(mini).products["card"]
    assert card.bilingual == (("ko", "en"),)
    assert card.papers == ("letter",)
    assert card.pairs_for("ko") == ["en"] and card.pairs_for("en") == []


@pytest.mark.typeset
def test_card_command_makes_a_bilingual_letter_sheet(mini, tmp_path):
    out = tmp_path / "sheet.pdf"
    run = guide("card", "--lang", "ko", "--also", "en", "--paper", "letter", "--out", str(out), cwd=mini)
    assert run.returncode == 0, run.stderr
    # The mini guide's three questions make a folded card all the same (four panels): one sheet, two sides.
    assert "2 sides" in run.stdout
    assert page_sizes(out) == [(612.0, 792.0)] * 2
    run = guide("card", "--lang", "ko", cwd=mini)
    assert run.returncode == 0, run.stderr
    assert page_sizes(mini / "dist" / "ko" / "consult-card.pdf")[0] == pytest.approx(A6, abs=0.5)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lang", "ja"], "Invalid value for --lang: 'ja' is not one of en, ko"),
        (["--lang", "ko", "--also", "ko"], "the second language must differ from --lang"),
        (["--lang", "ko", "--paper", "a3"], "Invalid value for '--paper'"),
    ],
)
def test_card_command_usage_errors(mini, args, message):
    run = guide("card", *args, cwd=mini)
    assert run.returncode == 2
    assert message in run.stderr
    assert not (mini / "dist").exists()
