"""Each script set as its readers expect, measured on the built cards: the apostrophe's advance, one face
per word, the leading of scripts whose marks stack (their ink never touches the next line's), and the
second language's punctuation at its own width, on the session's build of the multi-script fixture."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops

from .conftest import ROOT, built_once, plumbed

pytestmark = pytest.mark.typeset  # every test here lays out a document (tests/tiers.py)

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"
LATIN = ["fr", "uk", "vi"]  # Latin and Cyrillic, with apostrophes (fr, uk), і ї (uk), ệ (vi)
TALL = ["my", "km", "th", "lo", "hi", "bn", "ta", "ur"]  # marks stacked above and below, Nastaliq's slant


@pytest.fixture(scope="module")
def cards(scripts_build: Path) -> Path:
    """The multi-script fixture's cards, of the session's one build of it (LATIN and TALL among them)."""
    return scripts_build


@pytest.fixture(scope="module")
def english_chinese_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first guide's English card with Chinese under each question (guide card --lang en --also zh_Hant)."""
    from generator import load_config
    from generator.pipeline import make_card

    def make(out: Path) -> None:
        make_card(load_config(ROOT), "en", "zh_Hant", out=out / "card.pdf")

    return built_once(tmp_path_factory, "card-en-zh", make) / "card.pdf"


def _chars(path: Path) -> list[dict]:
    """Every drawn character, in drawing order: text, font, size and advance (x1 - x0) in pt, page."""
    with plumbed(path) as pdf:
        return [{**char, "page": n} for n, page in enumerate(pdf.pages) for char in page.chars]


def _advances(path: Path, text: str) -> set[float]:
    """The advances (in em) of every glyph that reads as one of ``text``'s characters."""
    return {round((c["x1"] - c["x0"]) / c["size"], 2) for c in _chars(path) if c["text"] and c["text"] in text}


# --- Latin and Cyrillic -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "uk"])
def test_the_apostrophe_is_as_wide_as_latin_sets_it(cards, code):
    """U+2019 from a CJK face is one em wide (fr "n’  est", uk "П’  ять"); Latin sets it a fifth of that."""
    advances = _advances(cards / code / "consult-card.pdf", "\u2019")
    assert advances and max(advances) < 0.35, advances


def _words(chars: list[dict]) -> list[list[dict]]:
    """The glyphs of each word, in drawing order: a word ends at a space, at a change of size, at a gap,
    and where the next glyph is on another line (WeasyPrint draws each line left to right, whatever its
    direction: x goes back, or the glyph is more than an em above or below; Nastaliq slants less)."""
    words: list[list[dict]] = [[]]
    for char in chars:
        last = words[-1][-1] if words[-1] else None
        apart = last is not None and (
            (char["page"], char["size"]) != (last["page"], last["size"])
            or not last["x0"] - 2 * char["size"] < char["x0"] < last["x1"] + 0.25 * char["size"]
            or abs(char["top"] - last["top"]) > 1.2 * char["size"]
        )
        if char["text"].isspace() or apart:
            words.append([])
        if not char["text"].isspace():
            words[-1].append(char)
    return [word for word in words if word]


def _face(char: dict) -> str:
    return char["fontname"].split("+", 1)[-1]


def _letter(char: dict) -> bool:
    """A letter, mark or digit; a glyph with no text of its own (a ligature's part) is one too."""
    return not char["text"] or unicodedata.category(char["text"][0])[0] in "LMN"


@pytest.mark.parametrize("code", LATIN + ["ur"])
def test_each_word_is_set_in_one_face(cards, code):
    """Ukrainian і ї є ґ came from Noto Sans in the middle of words set in the CJK face (Клініки)."""
    mixed = []
    for word in _words(_chars(cards / code / "consult-card.pdf")):
        faces = {_face(char) for char in word if _letter(char)}
        if len(faces) > 1:
            mixed.append(("".join(char["text"] for char in word), sorted(faces)))
    assert not mixed


# --- Leading of the scripts whose marks stack -------------------------------------------------------


class Line(NamedTuple):
    page: int
    baseline: float  # y in PDF points, from the bottom of the page
    size: float  # font size in points


def _baselines(path: Path) -> list[Line]:
    """Each drawn text's baseline, from the content stream's Tm (the glyphs' own rise, which Nastaliq and
    stacked marks use, is left out), in drawing order: a paragraph's lines follow each other."""
    lines = []
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            ctm = tm = pikepdf.Matrix()
            stack = []
            for operands, operator in pikepdf.parse_content_stream(page, "q Q cm Tf Tm"):
                op = str(operator)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm = pikepdf.Matrix(*map(float, operands)) @ ctm
                elif op == "Tm":  # WeasyPrint sets Tm, then Tf, for each run of text
                    tm = pikepdf.Matrix(*map(float, operands)) @ ctm
                elif op == "Tf":
                    lines.append(Line(n, tm.f, round(float(operands[1]) * abs(tm.d), 2)))
    return lines


SCALE = 4  # the pages rendered at 288 dpi: a pixel is 0.09 pt


def _line_ink(path: Path, page: int, baseline: float, size: float) -> Image.Image:
    """The ink of one line alone: the page rendered with only the text drawn within half an em of ``baseline``
    (pdfium moves a glyph's text object by its rise; a line's rises stay within that: Nastaliq's reach 0.75 em)."""
    document = pdfium.PdfDocument(path)
    try:
        sheet = document[page]
        for obj in list(sheet.get_objects()):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT or abs(obj.get_matrix().f - baseline) > 0.8 * size:
                sheet.remove_obj(obj)
        sheet.gen_content()
        return sheet.render(scale=SCALE, grayscale=True).to_pil().point(lambda v: 255 if v < 160 else 0)
    finally:
        document.close()


def _gap(upper: Image.Image, lower: Image.Image) -> float:
    """How far (pt) the lower line's ink stays below the upper's, column by column where both have
    ink; below 0, in points, where they overlap; a column where only one line has ink does not count
    (a Nastaliq descender reaching down between the next line's words)."""
    both = ImageChops.multiply(upper, lower).getbbox()
    if both:  # the two inks share pixels: as deep as the shared band
        return -(both[3] - both[1]) / SCALE
    gaps = []
    for x in range(0, upper.width, 2):
        column_upper, column_lower = upper.crop((x, 0, x + 2, upper.height)), lower.crop((x, 0, x + 2, lower.height))
        a, b = column_upper.getbbox(), column_lower.getbbox()
        if a and b:
            gaps.append((b[1] - a[3]) / SCALE)
    return min(gaps, default=float("inf"))


def _line_pairs(path: Path) -> list[tuple[float, float, float]]:
    """(font size, line pitch in em, ink gap in em) for each two lines of one paragraph, one under the other."""
    lines = _baselines(path)
    pairs = []
    for upper, lower in zip(lines, lines[1:], strict=False):
        pitch = (upper.baseline - lower.baseline) / upper.size
        if upper.page != lower.page or upper.size != lower.size or not 0.5 < pitch < 2.6:
            continue
        inks = [_line_ink(path, line.page, line.baseline, line.size) for line in (upper, lower)]
        pairs.append((upper.size, pitch, _gap(*inks) / upper.size))
    return pairs


@pytest.mark.parametrize("code", TALL)
def test_stacked_marks_never_touch_the_next_line(cards, code):
    pairs = _line_pairs(cards / code / "consult-card.pdf")
    assert pairs or code == "lo"  # the Lao card's questions are one line each
    touching = [pair for pair in pairs if pair[2] <= 0]
    assert not touching, touching


def test_burmese_questions_get_burmese_leading(cards):
    """scripts.css's extra leading reaches the card's questions (9.5 pt), not only the body text."""
    pitches = {round(pitch, 2) for size, pitch, _ in _line_pairs(cards / "my" / "consult-card.pdf") if size == 9.5}
    assert pitches and min(pitches) >= 1.7, pitches


# --- The second language ----------------------------------------------------------------------------


def test_chinese_under_english_keeps_full_width_punctuation(english_chinese_card):
    """？（） in the Chinese lines one em wide, not English's proportional third; and "(2023)" in the
    English stays ASCII: the two no longer share the proportional glyph, nor its text."""
    for char in "？（）":
        assert _advances(english_chinese_card, char) == {1.0}, char
    text = "".join(char["text"] for char in _chars(english_chinese_card))
    assert "(2023)" in text and "（2023）" not in text


# --- Urdu ---------------------------------------------------------------------------------------------


def test_guide_init_ur_sets_urdu_in_nastaliq(tmp_path, cards):
    """A locale's own face (config/scripts.py LOCALE_FONTS): Urdu in Nastaliq, not the Arabic default's Naskh."""
    import shutil

    from click.testing import CliRunner

    from generator.cli import main
    from generator.config import load_config

    project = tmp_path / "p"
    shutil.copytree(SCRIPTS, project, ignore=shutil.ignore_patterns("ur", "dist"))
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace('"ur", ', ""))
    result = CliRunner().invoke(main, ["--project", str(project), "init", "ur"])
    assert result.exit_code == 0, result.output
    urdu = load_config(project).locales["ur"]
    assert urdu.sans[0] == urdu.serif[0] == "Noto Nastaliq Urdu"
    card = _chars(cards / "ur" / "consult-card.pdf")
    faces = {_face(char) for char in card if char["text"] and char["text"] in "سوال"}
    assert faces and all(face.startswith("Noto-Nastaliq-Urdu") for face in faces), faces
