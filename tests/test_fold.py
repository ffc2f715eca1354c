"""The card in a patient's hands: it folds whatever its number of questions, typed answers sit on
the rules and survive a save (filled as a pdfium viewer fills them, read back with poppler and the
PDF/UA validator), right-to-left cards fold the other way, and home sheets ask to print as laid out.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator import BuildOptions, build, load_config
from generator.impose import MM
from generator.new import new_project
from generator.pipeline import make_card

from .conftest import FIXTURES, ROOT, built_once, plumbed
from .test_card import writing_lines

pytestmark = pytest.mark.xdist_group("repo_build")

ASKED = [
    "What are my options, including waiting?",
    "What are the likely benefits and risks of each option?",
    "What will it cost in total, and what is included?",
    "Who do I contact if I have a question afterwards?",
    "How many patients like me has this clinic treated, and with what results?",
    "What happens if the treatment does not work, or something goes wrong?",
    "Is this treatment approved by a regulator for my condition, and where?",
    "Which studies support it, and were they published in a journal?",
    "How long will recovery take, and when can I go back to work?",
    "Who will perform the procedure, and what is their training?",
    "Can I speak to another patient who had it done here?",
    "What follow-up visits are included in the price?",
    "Will I be asked to sign a waiver, and may I read it first?",
    "Can I have all the answers in writing before I decide?",
]
COUNTS = (3, 4, 6, 14)
A6_CONTENT_FOOT = (148 - 7.5) * MM  # card.css: @page margin-bottom 7.5 mm


def _small_guides(out: Path) -> None:
    """`guide new` projects whose card asks 3, 4, 6 and 14 questions, their en cards built."""
    for count in COUNTS:
        project = out / f"q{count}"
        new_project(project, "My guide", ["en"])
        questions = project / "content" / "sections" / "03-questions.yaml"
        text = questions.read_text(encoding="utf-8")
        head = text[: text.index("    questions:\n") + len("    questions:\n")]
        items = "".join(f"      - id: q{n}\n        text: {q}\n" for n, q in enumerate(ASKED[:count], 1))
        questions.write_text(head + items, encoding="utf-8")
        build(load_config(project), BuildOptions(products=["card"]))


@pytest.fixture(scope="session")
def small_guides(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory, "small-guides", _small_guides)


@pytest.fixture(scope="session")
def rtl_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-script fixture's ar and he cards, A6 and on A4 sheets."""

    def make(out: Path) -> None:
        config = load_config(FIXTURES / "scripts")
        for lang in ("ar", "he"):
            make_card(config, lang, out=out / f"{lang}.pdf")
            make_card(config, lang, paper="a4", out=out / f"{lang}.a4.pdf")

    return built_once(tmp_path_factory, "rtl-cards", make)


def _check_folds(path: Path, questions: int) -> None:
    """Four panels; every question on panels 1-3, each panel holding one; the back alone on panel 4;
    below each of panels 1-3, less blank than one writing line and a question's gap."""
    with plumbed(path) as pdf:
        assert len(pdf.pages) == 4
        numbers = [
            {int(m.group()) for w in page.extract_words() if w["x0"] < 8 * MM and (m := re.match(r"\d+", w["text"]))}
            for page in pdf.pages[:3]
        ]
        assert all(numbers), numbers
        assert sorted(n for found in numbers for n in found if n <= questions) == list(range(1, questions + 1))
        assert "pubmed.ncbi" in pdf.pages[3].extract_text() or "Keep in mind" in pdf.pages[3].extract_text()
        for page in pdf.pages[:3]:
            ys = [y for y, _, _ in writing_lines(page)]
            pitch = min(b - a for a, b in zip(ys, ys[1:], strict=False))
            blank = A6_CONTENT_FOOT - ys[-1]
            assert blank < pitch + 2.5 * MM, (path, page.page_number, blank / MM)


@pytest.mark.typeset
@pytest.mark.parametrize("count", COUNTS)
def test_a_card_of_any_length_folds(small_guides, count):
    _check_folds(small_guides / f"q{count}" / "dist" / "en" / "consult-card.pdf", count)


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko"])
def test_the_first_guides_card_writes_on_its_spare_room(repo_build, locale):
    _check_folds(repo_build / locale / "consult-card.pdf", 10)


# --- typed answers ---------------------------------------------------------------------------

TYPED = {
    "en": ["From my own body, fat tissue", "Dr Lee said: no donor cells"],
    "zh_Hant": ["細胞來自我自己的脂肪組織", "醫生說不會用捐贈者的細胞"],
    "ko": ["제 몸의 지방 조직에서 나온 세포", "의사는 기증자 세포가 아니라고 함"],
    "ar": ["الخلايا من جسمي", "قال الطبيب لا خلايا متبرع"],
}


def fill(source: Path, target: Path, values: dict[str, str]) -> None:
    """Type ``values`` into the fields as a pdfium viewer (Chrome) does, and save."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(source)
    pdf.init_forms()
    env = pdf.formenv.raw
    for index in range(len(pdf)):
        page = pdf[index]
        for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, k)
            size = raw.FPDFAnnot_GetFormFieldName(env, annot, None, 0)
            buffer = (ctypes.c_ushort * (size // 2))()
            raw.FPDFAnnot_GetFormFieldName(env, annot, buffer, size)
            name = bytes(buffer)[: size - 2].decode("utf-16-le")
            if name in values:
                raw.FORM_SetFocusedAnnot(env, annot)
                text = ctypes.c_char_p(values[name].encode("utf-16-le") + b"\0\0")
                raw.FORM_ReplaceSelection(env, page.raw, ctypes.cast(text, raw.FPDF_WIDESTRING))
                raw.FORM_ForceToKillFocus(env)
            raw.FPDFPage_CloseAnnot(annot)
    pdf.save(target)
    pdf.close()


def _baselines(path: Path) -> list[tuple[str, int, float]]:
    """(field, page, baseline in pt up from the page's foot) of each filled field, from its saved appearance."""
    out = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if str(annot.get("/V", "")) and "/AP" in annot:
                    td = re.search(rb"BT.*?([-\d.]+)\s+([-\d.]+)\s+Td", annot.AP.N.read_bytes(), re.S)
                    assert td, annot.T
                    foot = min(float(annot.Rect[1]), float(annot.Rect[3]))
                    out.append((str(annot.T), number, foot + float(td.group(2))))
    return out


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko", "ar"])
def test_typed_answers_sit_on_the_rules_and_survive_a_save(repo_build, rtl_cards, tmp_path, locale):
    import page as validator

    source = rtl_cards / "ar.pdf" if locale == "ar" else repo_build / locale / "consult-card.pdf"
    with pikepdf.open(source) as pdf:
        first = next(str(f.T) for f in pdf.Root.AcroForm.Fields if str(f.T).startswith("answer-"))
    stem = first.rsplit("-", 1)[0]
    values = {f"{stem}-{n}": text for n, text in enumerate(TYPED[locale], 1)}
    saved = tmp_path / "filled.pdf"
    fill(source, saved, values)
    typed = _baselines(saved)
    assert sorted(name for name, _, _ in typed) == sorted(values)
    with plumbed(saved) as pdf:
        for name, number, baseline in typed:
            page = pdf.pages[number]
            rules = [page.height - y for y, _, _ in writing_lines(page)]  # up from the foot, like the baseline
            rule = max(r for r in rules if r <= baseline)  # the nearest rule under the text
            assert 0.5 * MM < baseline - rule < 3 * MM, (name, (baseline - rule) / MM)
            text = subprocess.run(
                ["pdftotext", "-f", str(number + 1), "-l", str(number + 1), saved, "-"], capture_output=True, text=True
            ).stdout
            assert values[name] in text, (name, values[name])
    result = validator.validate_pdf(str(saved), profile="ua1")
    assert [f.rule_id for f in result.failures] == []


# --- right to left, and the home sheets --------------------------------------------------------


def placements(path: Path) -> list[dict[int, float]]:
    """Each sheet side: card page index → the x where it is placed (its Form XObject's cm)."""
    sides = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            placed, matrix = {}, None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "cm":
                    matrix = [float(v) for v in operands]
                elif str(operator) == "Do" and str(operands[0]).startswith("/Card") and matrix:
                    placed.setdefault(int(str(operands[0])[5:]), matrix[4])
            sides.append(placed)
    return sides


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_cards_fold_right_to_left(rtl_cards, repo_build, lang):
    with pikepdf.open(rtl_cards / f"{lang}.pdf") as pdf:
        assert str(pdf.Root.ViewerPreferences.Direction) == "/R2L"
    outside, inside = placements(rtl_cards / f"{lang}.a4.pdf")
    assert outside[0] < outside[3] and inside[2] < inside[1]  # 1 | 4 outside, 3 | 2 inside
    outside, inside = placements(repo_build / "en" / "consult-card.a4.pdf")
    assert outside[3] < outside[0] and inside[1] < inside[2]  # left to right: 4 | 1, 2 | 3


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_home_sheets_print_unscaled_and_flip_on_the_long_edge(repo_build, paper):
    with pikepdf.open(repo_build / "zh_Hant" / f"consult-card.{paper}.pdf") as pdf:
        prefs = pdf.Root.ViewerPreferences
        assert str(prefs.PrintScaling) == "/None" and str(prefs.Duplex) == "/DuplexFlipLongEdge"
        assert "/Direction" not in prefs


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("locale", ["en", "zh_Hant"])
def test_home_sheets_print_nothing_in_the_printers_margin(repo_build, locale, paper):
    """Every character and mark at least 5 mm from the paper's edges (a home printer's unprintable
    strip); the card's text no smaller than 7.5 pt on Letter too (scaled to 94 %, not 88 %)."""
    with plumbed(repo_build / locale / f"consult-card.{paper}.pdf") as pdf:
        for side in pdf.pages:
            things = [c for c in side.chars if c["text"].strip()] + side.rects + side.lines + side.curves
            nearest = min(min(o["x0"], o["top"], side.width - o["x1"], side.height - o["bottom"]) for o in things)
            assert nearest >= 5 * MM - 0.01, (side.page_number, nearest / MM)
            card_text = [c for c in side.chars if c["upright"] and c["text"].strip()]  # not the slug
            assert min(c["size"] for c in card_text) >= 7.5


def test_a5_sheet_is_the_card_alone_folded_once(repo_build, tmp_path):
    """A5 landscape, one card: outside 4 | 1, inside 2 | 3, flipped on the short edge (the fold's);
    scaled just enough (95 %) that its footer clears the printer's 5 mm, its text still 7.5 pt or more."""
    out = tmp_path / "card.a5.pdf"
    make_card(load_config(ROOT), "en", paper="a5", out=out)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        assert [round(float(v) / MM) for v in pdf.pages[0].mediabox[2:]] == [210, 148]
        assert str(pdf.Root.ViewerPreferences.Duplex) == "/DuplexFlipShortEdge"
    outside, inside = placements(out)
    assert outside[3] < outside[0] and inside[1] < inside[2]
    with plumbed(out) as pdf:
        for side in pdf.pages:
            things = [c for c in side.chars if c["text"].strip()] + side.rects + side.lines + side.curves
            nearest = min(min(o["x0"], o["top"], side.width - o["x1"], side.height - o["bottom"]) for o in things)
            assert nearest >= 5 * MM - 0.01, nearest / MM
            assert min(c["size"] for c in side.chars if c["upright"] and c["text"].strip()) >= 7.5


# --- press: the guide's own colours, marks on every plate, no annotations ----------------------

OWN_ACCENT = "#b03a2e"  # a brick red, far from the first guide's teal


def _expected_cmyk(rgb_hex: str) -> tuple[float, ...]:
    """sRGB → the output intent's profile (relative colorimetric), as a print shop's RIP would."""
    from PIL import Image, ImageCms

    profile = Path(__file__).resolve().parents[1] / "templates" / "color" / "FOGRA39L-guide.icc"
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )  # fmt: skip
    rgb = tuple(int(rgb_hex[i : i + 2], 16) for i in (1, 3, 5))
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform).getpixel((0, 0))
    return tuple(v / 255 for v in pixel)


def _fills(pdf: pikepdf.Pdf) -> list[tuple[float, ...]]:
    """Every CMYK fill colour set in the pages' content streams (scn with four operands, or k)."""
    found = []
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("scn", "k") and len(operands) == 4:
                found.append(tuple(float(v) for v in operands))
    return found


@pytest.mark.typeset
def test_a_guide_with_its_own_accent_prints_it(mini, tmp_path):
    """The press PDF's accent is the guide's own, separated through the output intent's profile (not
    the first guide's teal); crop marks print on every plate; no link annotation is left."""
    import page as validator

    from generator.paths import BUILTIN_TEMPLATES

    style = mini / "templates" / "style" / "base.css"
    style.parent.mkdir(parents=True)
    css = (BUILTIN_TEMPLATES / "style" / "base.css").read_text(encoding="utf-8")
    style.write_text(re.sub(r"--accent: #[0-9a-f]{6}", f"--accent: {OWN_ACCENT}", css), encoding="utf-8")
    out = tmp_path / "card.press.pdf"
    make_card(load_config(mini), "en", paper="press", out=out)
    want, teal = _expected_cmyk(OWN_ACCENT), _expected_cmyk("#0d6b6b")
    with pikepdf.open(out) as pdf:
        fills = _fills(pdf)
        assert any(max(abs(a - b) for a, b in zip(f, want, strict=True)) < 0.01 for f in fills), (want, set(fills))
        assert not any(max(abs(a - b) for a, b in zip(f, teal, strict=True)) < 0.05 for f in fills)
        marks = [f for f in pdf.pages[0].Resources.XObject.values() if "/ColorSpace" in f.get("/Resources", {})]
        assert marks and all(str(m.Resources.ColorSpace.Registration[1]) == "/All" for m in marks)
        ops = marks[0].read_bytes().decode("latin-1").split()
        assert "/Registration" in ops and "K" not in ops
        assert all("/Annots" not in p or not any(a.Subtype == "/Link" for a in p.Annots) for p in pdf.pages)
    assert validator.validate_pdf(str(out), profile="ua1").failures == []
