"""Print products: bilingual cards, 4-up sheets, QR codes, form fields, tagged and reproducible PDFs.

Everything is read back from real PDFs: text and rules with pdfplumber, the
catalogue, fields and outline with pypdf, QR codes decoded by zxing-cpp from
pages rendered by pdfium.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from generator import build, load_config
from generator.config import load_config as load
from generator.content import load_content
from generator.errors import GuideError
from generator.impose import MM, SHEET_PAPERS

from .conftest import ROOT, pdf_text, squash
from .test_build import A6, page_sizes, plain, translated

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
    # Korean words stay whole on the printed lines (typeset.keep_korean_words).
    from .test_typography import HANGUL, hangul_words, lines

    words = hangul_words()
    printed = lines(repo_build / "zh_Hant" / "consult-card.ko.pdf")
    tokens = [run for line in printed for token in line.split() for run in HANGUL.findall(token)]
    assert len(tokens) > 50 and not [t for t in tokens if t not in words]
    with pdfplumber.open(repo_build / "zh_Hant" / "consult-card.ko.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    hangul = {c["fontname"].split("+")[-1] for c in chars if "\uac00" <= c["text"] <= "\ud7af"}
    han = {c["fontname"].split("+")[-1] for c in chars if "\u4e00" <= c["text"] <= "\u9fff"}
    assert hangul and all(re.search(r"CJK-KR(-Subset)?(-Bold)?$", name) for name in hangul), hangul
    assert han and all(re.search(r"CJK-HK(-Subset)?(-Bold)?$", name) for name in han), han


# --- sheets ---------------------------------------------------------------------


def cut_lines(paper: str) -> tuple[list[float], list[float]]:
    """Where the cuts are (x from the left, y from the top), from the card size and the sheet."""
    from generator.impose import grid

    scale, x0, y0 = grid(paper, A6)
    width, height = SHEET_PAPERS[paper]
    w, h = A6[0] * scale, A6[1] * scale
    top = height - y0 - 2 * h
    return [x0, x0 + w, x0 + 2 * w], [top, top + h, top + 2 * h]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheets_have_the_paper_size_four_cards_a_side_and_crop_marks(repo_build, paper):
    path = repo_build / "en" / f"consult-card.{paper}.pdf"
    width, height = SHEET_PAPERS[paper]
    assert page_sizes(path) == [(round(width, 2), round(height, 2))] * 2  # one sheet, front and back
    xs, ys = cut_lines(paper)
    with pdfplumber.open(path) as pdf:
        front, back = pdf.pages
        # Four copies of the two-page card: four fronts on one side, four backs on the other.
        assert front.extract_text().count("Page 1 of 2") == 4
        assert back.extract_text().count("Page 2 of 2") == 4
        assert "Page 2 of 2" not in front.extract_text()
        for side in (front, back):
            marks = [r for r in side.rects if min(r["width"], r["height"]) < 0.5 and max(r["width"], r["height"]) > 8]
            assert len(marks) == 12, marks  # 3 cuts each way, a mark at both ends
            for mark in marks:
                if mark["height"] > mark["width"]:  # vertical mark: on a vertical cut, outside the grid
                    assert any(abs((mark["x0"] + mark["x1"]) / 2 - x) < 0.2 for x in xs)
                    assert mark["bottom"] < ys[0] or mark["top"] > ys[2]
                else:
                    assert any(abs((mark["top"] + mark["bottom"]) / 2 - y) < 0.2 for y in ys)
                    assert mark["x1"] < xs[0] or mark["x0"] > xs[2]
            # The marks stay clear of a home printer's unprintable edge (3 to 4 mm).
            edge = 4 * MM - 0.01
            assert all(m["x0"] > edge and m["top"] > edge for m in marks)
            assert all(m["x1"] < width - edge and m["bottom"] < height - edge for m in marks)


def card_at(page: pdfplumber.page.Page, paper: str, col: int, row: int) -> str:
    xs, ys = cut_lines(paper)
    return page.crop((xs[col], ys[row], xs[col + 1], ys[row + 1])).extract_text() or ""


def test_sheet_backs_sit_behind_their_fronts_for_a_long_edge_flip(repo_build):
    """A 3-page bilingual card: leaf 1 (pages 1-2) and leaf 2 (page 3, blank back), twice."""
    path = repo_build / "en" / "consult-card.ko.a4.pdf"
    assert len(page_sizes(repo_build / "en" / "consult-card.ko.pdf")) == 3
    with pdfplumber.open(path) as pdf:
        front, back = pdf.pages
        for row in (0, 1):
            assert "Page 1 of 3" in card_at(front, "a4", 0, row)
            assert "Page 3 of 3" in card_at(front, "a4", 1, row)
            # Flipped on the long edge, the left card's back is on the right of the back side.
            assert "Page 2 of 3" in card_at(back, "a4", 1, row)
            assert card_at(back, "a4", 0, row).strip() == ""


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
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[-1]
        halves = [
            page.crop((0, 0, page.width / 2, page.height)),
            page.crop((page.width / 2, 0, page.width, page.height)),
        ]
        printed = {squash(half.extract_text() or "") for half in halves}
    for url in PUBMED:  # the short URL beside its code, each in its own column
        assert any(url.removeprefix("https://").rstrip("/") in text for text in printed), url


def test_qr_codes_still_decode_on_the_scaled_letter_sheet(repo_build):
    path = repo_build / "zh_Hant" / "consult-card.letter.pdf"  # cards at 88 %: the smallest codes
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[1].render(scale=300 / 72).to_pil()
    pdf.close()
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(found) == 4 * len(PUBMED) and set(found) == PUBMED


def test_guide_references_carry_qr_codes(repo_build):
    path = repo_build / "ko" / "guide.pdf"
    last = len(PdfReader(path).pages) - 1
    # The references may run over the last two pages.
    assert decode_qr(path, last - 1) | decode_qr(path, last) == PUBMED
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[last]
        assert not page.images  # vector paths, not a bitmap
        assert len(page.curves) + len(page.lines) + len(page.rects) > 100


# --- form fields -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["consult-card.pdf", "consult-card.en.pdf"])
def test_card_answers_are_form_fields(repo_build, name):
    reader = PdfReader(repo_build / "ko" / name)
    assert "/AcroForm" in reader.trailer["/Root"]
    fields = reader.get_fields()
    assert sorted(fields) == sorted(f"answer-{q.id}" for q in QUESTIONS)
    for field in fields.values():
        assert field["/FT"] == "/Tx"
        assert field["/Ff"] & (1 << 12)  # multiline
    # The fields' font is the small Latin subset, not a whole 16 MB CJK face.
    assert (repo_build / "ko" / name).stat().st_size < 1_500_000


def test_card_still_prints_the_writing_lines(repo_build):
    """The lines are in the page content, not in the fields: a printout has them."""
    rules = 0
    with pdfplumber.open(repo_build / "en" / "consult-card.pdf") as pdf:
        for page in pdf.pages:
            # WeasyPrint draws a bottom border as a box and the box less its border.
            wide = [r for r in page.rects if r["width"] > 200]
            rules += sum(
                any(o["top"] == r["top"] and 0.3 < o["bottom"] - r["bottom"] < 0.6 for o in wide) for r in wide
            )
    assert rules >= 2 * len(QUESTIONS)


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


def test_two_builds_are_byte_identical(mini, tmp_path, monkeypatch):
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[products.card]\nbilingual = ["ko+en"]\npapers = ["a4"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    config = load_config(mini)
    first = build(config, out=tmp_path / "one")
    second = build(config, out=tmp_path / "two")
    names = sorted(str(o.path.relative_to(tmp_path / "one")) for o in first.outputs)
    assert "ko/consult-card.en.a4.pdf" in names and len(names) == len(second.outputs) == 8
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    reader = PdfReader(tmp_path / "one" / "ko" / "consult-card.pdf")
    assert reader.metadata["/ModDate"].startswith("D:20260101000000")


def test_a_bad_source_date_epoch_is_an_error_line(mini):
    run = guide_cli("card", "--lang", "en", cwd=mini, env={"SOURCE_DATE_EPOCH": "yesterday"})
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


def guide_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    guide = shutil.which("guide", path=str(Path(sys.executable).parent))
    return subprocess.run([guide, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})})


def test_card_command_makes_a_bilingual_letter_sheet(mini, tmp_path):
    out = tmp_path / "sheet.pdf"
    run = guide_cli("card", "--lang", "ko", "--also", "en", "--paper", "letter", "--out", str(out), cwd=mini)
    assert run.returncode == 0, run.stderr
    assert "1 side" in run.stdout  # the mini card has one page: its sheet has no (blank) back
    assert page_sizes(out) == [(612.0, 792.0)]
    run = guide_cli("card", "--lang", "ko", cwd=mini)
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
    run = guide_cli("card", *args, cwd=mini)
    assert run.returncode == 2
    assert message in run.stderr
    assert not (mini / "dist").exists()
