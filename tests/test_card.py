"""The folded consult card as a patient uses it, measured on the built PDFs of every locale.

Four A6 panels; type no smaller than 7.5 pt, questions at 9.5 pt or more; each answer at
least three writing lines (two bilingual) 7 mm apart and 80 mm long, a one-line field on each;
glosses for the jargon; 問清楚 only where the reader would say it; a locale that runs
long is set tighter, and one that cannot fit fails with a clear message.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import polib
import pytest
from pypdf import PdfReader

from generator import BuildOptions, build, load_config
from generator.content import load_content
from generator.errors import GuideError
from generator.impose import MM
from generator.pipeline import make_card

from .conftest import ROOT, pdf_text, plumbed, squash
from .test_build import A6, page_sizes, plain, translated

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

CONTENT = load_content(ROOT / "content")
QUESTIONS = CONTENT.section_with("questions")[1].items
SINGLE = [("en", None), ("zh_Hant", None), ("ko", None)]
BILINGUAL = [("zh_Hant", "ko"), ("ko", "en"), ("en", "ko"), ("zh_Hant", "en")]
CARDS = SINGLE + BILINGUAL


def card(out: Path, locale: str, also: str | None) -> Path:
    return out / locale / (f"consult-card.{also}.pdf" if also else "consult-card.pdf")


def ids(value: tuple[str, str | None]) -> str:
    return "+".join(part for part in value if part)


def answer_fields(path: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, name, x0, top, x1, bottom) of each answer field, top-down like pdfplumber."""
    out = []
    for number, page in enumerate(PdfReader(path).pages):
        height = float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            name = str(annot.get("/T", ""))
            if name.startswith("answer-"):
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                out.append((number, name, min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)))
    return out


def writing_lines(page: pdfplumber.page.Page) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of each printed writing line: WeasyPrint draws a bottom border as a box
    and the same box less its border; the line is the bigger box's bottom."""
    wide = [r for r in page.rects if r["width"] > 150]
    lines = []
    for r in wide:
        if any(o is not r and abs(o["top"] - r["top"]) < 0.01 and 0.3 < r["bottom"] - o["bottom"] < 0.8 for o in wide):
            lines.append((r["bottom"], r["x0"], r["x1"]))
    return sorted(lines)


@pytest.mark.parametrize("pair", CARDS, ids=ids)
def test_card_is_four_a6_panels(repo_build, pair):
    sizes = page_sizes(card(repo_build, *pair))
    assert len(sizes) == 4
    assert all(abs(w - A6[0]) < 0.5 and abs(h - A6[1]) < 0.5 for w, h in sizes)


@pytest.mark.parametrize("pair", CARDS, ids=ids)
def test_type_is_large_enough(repo_build, pair):
    """Nothing under 7.5 pt; the questions (the card's only bold sans text) at 9.5 pt or more."""
    with plumbed(card(repo_build, *pair)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if not c["text"].isspace()]
    assert min(c["size"] for c in chars) >= 7.5 - 0.01
    questions = [c for c in chars if "Sans" in c["fontname"] and "Bold" in c["fontname"]]
    assert min(c["size"] for c in questions) >= 9.5 - 0.01
    # They are the questions: as many glyphs as the reader's ten questions have.
    locale = pair[0]
    expected = sum(len(squash(plain(translated(locale, q.text.context, q.text.text)))) for q in QUESTIONS)
    assert expected * 0.95 <= len(questions) <= expected * 1.05


@pytest.mark.parametrize("pair", CARDS, ids=ids)
def test_ten_answers_one_field_per_writing_line(repo_build, pair):
    """Each question has at least three writing lines (two on a bilingual card), 7 mm apart or more
    and 80 mm long, and over each line a one-line field of its own: its foot on the line, so typed text
    sits on the rule whatever leading the viewer would choose for several lines."""
    path = card(repo_build, *pair)
    fields = answer_fields(path)
    least = 2 if pair[1] else 3
    for q in QUESTIONS:
        names = sorted((name for _, name, *_ in fields if name.rsplit("-", 1)[0] == f"answer-{q.id}"), key=len)
        assert names[:least] == [f"answer-{q.id}-{k}" for k in range(1, least + 1)], (q.id, names)
    assert len(fields) == len({name for _, name, *_ in fields})
    with plumbed(path) as pdf:
        by_page: dict[int, list] = {}
        for number, name, x0, _, x1, bottom in fields:
            lines = by_page.setdefault(number, writing_lines(pdf.pages[number]))
            assert x1 - x0 >= 80 * MM, (name, (x1 - x0) / MM)
            under = [line for line in lines if abs(line[0] - bottom) < 1]  # the field's foot on its line
            assert len(under) == 1 and under[0][2] - under[0][1] >= 80 * MM, name
            above = [y for y, _, _ in lines if y < under[0][0] - 1]
            assert not above or under[0][0] - max(above) >= 7 * MM - 0.01 or name.endswith("-1"), name


@pytest.mark.parametrize("pair", CARDS, ids=ids)
def test_consult_fields_and_the_phrase(repo_build, pair):
    """Panel 1 has fields for the clinic, doctor, date and language; 問清楚 only on the Chinese card."""
    path = card(repo_build, *pair)
    first = PdfReader(path).pages[0]
    names = {str(a.get_object().get("/T")) for a in first.get("/Annots", [])}
    assert {"consult-clinic", "consult-doctor", "consult-date", "consult-language"} <= names
    text = squash("".join(pdf_text(path)))
    assert ("問清楚" in text) == (pair[0] == "zh_Hant")


@pytest.mark.parametrize("pair", CARDS, ids=ids)
def test_jargon_is_glossed_in_the_readers_language(repo_build, pair):
    text = squash("".join(pdf_text(card(repo_build, *pair))))
    glossed = [q for q in QUESTIONS if q.gloss is not None]
    assert {q.id for q in glossed} == {"dose", "custody"}
    for q in glossed:
        gloss = translated(pair[0], q.gloss.context, q.gloss.text)
        assert gloss != q.gloss.text or pair[0] == "en"
        assert squash(plain(gloss)) in text


def test_back_panel_holds_the_reminders_studies_disclaimer_and_edition(repo_build):
    pages = pdf_text(repo_build / "en" / "consult-card.pdf")
    assert "Keep in mind" in pages[3] and "not medical advice" in pages[3]
    assert "Card edition: 25 November 2026" in pages[3]
    assert all("Keep in mind" not in page for page in pages[:3])
    assert [f"Page {n} of 4" in page for n, page in enumerate(pages, 1)] == [True] * 4


# --- fitting ------------------------------------------------------------------------------


def pseudo(text: str, factor: float) -> str:
    """A pseudo-translation ``factor`` times as long, in words (like Vietnamese or Russian running long)."""
    words = text.split()
    out = []
    while len(" ".join(out)) < len(text) * factor:
        out += words
    return " ".join(out)[: int(len(text) * factor)].rstrip() + "?"


@pytest.fixture
def long_project(tmp_path: Path) -> Path:
    """The repository's guide with a copy of its Korean catalogue to stretch."""
    project = tmp_path / "guide"
    for name in ("content", "locales"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "guide.toml", project / "guide.toml")
    return project


def stretch(project: Path, factor: float) -> None:
    path = project / "locales/ko/LC_MESSAGES/guide.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt and entry.msgctxt.startswith("questions.ten."):
            entry.msgstr = pseudo(entry.msgid, factor)
    po.save()


def build_ko_card(project: Path) -> Path:
    out = project / "out"
    build(load_config(project), BuildOptions(out=out, locales=["ko"], products=["card"], variants=False))
    return out / "ko" / "consult-card.pdf"


def lines_per_field(path: Path) -> list[int]:
    """The fewest writing lines a question has (a field a line), once per question: the fit's own
    number; the panels' spare room (typeset/panels.py) adds lines to some."""
    counts: dict[str, int] = {}
    for _, name, *_ in answer_fields(path):
        counts[name.rsplit("-", 1)[0]] = counts.get(name.rsplit("-", 1)[0], 0) + 1
    least = min(counts.values())
    return [least] * len(counts)


def test_a_long_locale_is_set_tighter_then_with_two_lines(repo_build, long_project):
    normal = question_gaps(repo_build / "ko" / "consult-card.pdf")
    stretch(long_project, 1.2)  # a fifth longer: tighter spacing, still three lines
    path = build_ko_card(long_project)
    assert len(page_sizes(path)) == 4
    assert lines_per_field(path) == [3] * 10
    assert max(question_gaps(path)) < min(normal) - 1
    stretch(long_project, 1.6)  # longer still: two writing lines, never fewer
    path = build_ko_card(long_project)
    assert len(page_sizes(path)) == 4
    assert lines_per_field(path) == [2] * 10


@pytest.mark.typeset
def test_a_locale_too_long_to_fit_is_a_clear_error(long_project):
    stretch(long_project, 4)
    with pytest.raises(GuideError) as info:
        build_ko_card(long_project)
    text = info.value.format(long_project)
    assert "ko card does not fit its 4 pages, even set as tight as it goes" in text
    assert "shorten its longest texts" in text
    assert not (long_project / "out/ko/consult-card.pdf").exists()


def question_gaps(path: Path) -> list[float]:
    """Space between an answer's last field and the next question's first glyph on the same page, in mm."""
    fields = answer_fields(path)
    last = {name.rsplit("-", 1)[0]: (number, name) for number, name, *_ in fields}  # fields come in order
    fields = [f for f in fields if last[f[1].rsplit("-", 1)[0]] == (f[0], f[1])]
    gaps = []
    with plumbed(path) as pdf:
        for number, _, _, _, _, bottom in fields:
            below = [
                c["top"]
                for c in pdf.pages[number].chars
                if c["top"] > bottom and "Sans" in c["fontname"] and "Bold" in c["fontname"]
            ]
            if below:
                gaps.append((min(below) - bottom) / MM)
    return gaps


@pytest.mark.typeset
def test_a_card_set_tighter_is_laid_out_once_the_next_time(long_project, tmp_path, monkeypatch):
    """Each setting (fit) is rendered only when the one before ran over, and the one chosen is remembered
    (keyed by the HTML of fit 0, checked against its own): a rebuild renders fit 0 and the chosen one and
    lays the card out once instead of once per setting tried, and makes the same bytes."""
    import weasyprint

    from generator.pipeline.rendering import Renderer

    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    layouts: list[int] = []
    render = weasyprint.HTML.render
    monkeypatch.setattr(weasyprint.HTML, "render", lambda self, *a, **k: layouts.append(1) or render(self, *a, **k))
    rendered: list[int] = []  # the fits rendered, in order
    render_fit = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, job, fit: rendered.append(fit) or render_fit(self, job, fit))
    stretch(long_project, 1.6)  # needs the fourth setting (two writing lines)
    config = load_config(long_project)
    pdfs, counts = [], []
    fits = []
    for out in ("first", "second"):
        build(config, BuildOptions(out=long_project / out, locales=["ko"], products=["card"], variants=False, jobs=1))
        pdfs.append((long_project / out / "ko" / "consult-card.pdf").read_bytes())
        counts.append(len(layouts) - sum(counts))
        fits.append(rendered[sum(map(len, fits)) :])
    assert fits == [[0, 1, 2, 3], [0, 3]]  # fit 4 is never rendered; then fit 0 (the key) and the one kept
    # First: the four settings tried (and once more to fill the panels, if they had room); then the one kept.
    assert counts[0] - counts[1] == 4 - 1
    assert pdfs[0] == pdfs[1]
    assert lines_per_field(long_project / "second" / "ko" / "consult-card.pdf") == [2] * 10


@pytest.mark.typeset
def test_a_template_offering_fewer_fits_than_declared_is_tried_in_those_alone(mini, monkeypatch):
    """A project's own card template that ignores ``fit`` (the card declares 5): fit 1 renders the HTML
    of fit 0, so it is not laid out again; the card that runs over is refused as itself."""
    from generator.pipeline.rendering import Renderer

    (mini / "templates").mkdir()
    pages = "".join(f'<p style="break-after: page">Page {n}</p>' for n in range(1, 7))
    (mini / "templates/card.html.j2").write_text(f'<html lang="en"><title>Card</title><body>{pages}</body></html>')
    rendered: list[int] = []
    render_fit = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, job, fit: rendered.append(fit) or render_fit(self, job, fit))
    with pytest.raises(GuideError) as info:
        build(load_config(mini), BuildOptions(mini / "out", ["en"], ["card"], variants=False, jobs=1))
    assert "en card has 6 pages; the limit is 4" in info.value.format(mini)
    assert rendered == [0, 1]


def test_fits_are_a_product_setting_the_card_declares(mini):
    """The built-in card offers five fits; a project declares its own, checked with its line."""
    assert load_config(mini).products["card"].fits == 5 and load_config(mini).products["guide"].fits == 1
    toml = mini / "guide.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[products.card]\nfits = 0\n", encoding="utf-8")
    line = len(toml.read_text(encoding="utf-8").splitlines())
    with pytest.raises(GuideError) as info:
        load_config(mini)
    assert f"guide.toml:{line}: products.card.fits must be a positive integer" in info.value.format(mini)


@pytest.mark.typeset
def test_guide_card_makes_the_very_file_guide_build_makes(mini, tmp_path, monkeypatch):
    """One path: the card command's job is a build's job (rendered, typeset and imposed alike)."""
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[products.card]\nbilingual = ["ko+en"]\npapers = ["a4"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    config = load_config(mini)
    build(config, BuildOptions(out=tmp_path / "dist", locales=["ko"], products=["card"]))
    for also, paper, name in ((None, "a6", "consult-card.pdf"), ("en", "a4", "consult-card.en.a4.pdf")):
        card = make_card(config, "ko", also, paper, out=tmp_path / f"card-{paper}.pdf")
        assert card.path.read_bytes() == (tmp_path / "dist" / "ko" / name).read_bytes(), name
