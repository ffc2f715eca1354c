"""The guide's typography, measured on the built PDFs (issue 15): where lines break, type sizes,
fonts per line, the Chinese dash, PMIDs and the markets table."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.render.html import _words
from generator.render.typography import column_widths, paragraph, phrases, title

from .conftest import ROOT, plumbed

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

LOCALES = ["en", "zh_Hant", "ko"]
HAN = re.compile(r"[\u4e00-\u9fff]")
ACCENT = (0.051, 0.42, 0.42)  # --accent, #0d6b6b: the table's column headers
# Words a Chinese title or table cell must never be broken inside: the examples, and terms.
ZH_WORDS = ["幹細胞", "療程", "脂肪", "診所", "加勒比海", "單張", "臍帶", "面診", "規管", "傳代次數", "保健", "風險"]


@dataclass
class Line:
    """A run of characters on one baseline, cut where a gap shows a new column (a table cell)."""

    page: int
    x0: float
    top: float
    size: float
    text: str
    fonts: set[str]
    color: tuple
    x1: float = 0.0


def visual_lines(path: Path) -> list[Line]:
    out: list[Line] = []
    with plumbed(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
            current: list[dict] = []
            for char in chars:
                if current and (
                    abs(char["top"] - current[-1]["top"]) > 1.5 or char["x0"] - current[-1]["x1"] > 0.6 * char["size"]
                ):
                    out.append(_line(number, current))
                    current = []
                current.append(char)
            if current:
                out.append(_line(number, current))
    return out


def _line(page: int, chars: list[dict]) -> Line:
    text = ""
    for previous, char in zip([None, *chars], chars, strict=False):
        if previous is not None and char["x0"] - previous["x1"] > 0.15 * char["size"]:
            text += " "
        text += char["text"]
    color = tuple(round(float(v), 3) for v in (chars[0].get("non_stroking_color") or ()))
    return Line(page, chars[0]["x0"], chars[0]["top"], max(c["size"] for c in chars), text, {
        _family(c["fontname"]) for c in chars if c["text"].strip()}, color, chars[-1]["x1"])


def _family(fontname: str) -> str:
    """'ABCDEF+Noto-Sans-CJK-HK-Bold-Subset' -> 'Sans': the design family, whatever the weight or script face."""
    return "Serif" if "Serif" in fontname else "Sans"


def blocks(lines: list[Line], sizes: tuple[float, float]) -> list[list[Line]]:
    """Lines of one paragraph, heading or table cell: same page, left edge and size, one under the other."""
    chosen = sorted((ln for ln in lines if sizes[0] <= ln.size <= sizes[1]), key=lambda ln: (ln.page, ln.x0, ln.top))
    out: list[list[Line]] = []
    for line in chosen:
        last = out[-1][-1] if out else None
        if (
            last
            and last.page == line.page
            and abs(last.x0 - line.x0) < 1
            and abs(last.size - line.size) < 0.1
            and 0 < line.top - last.top < 2 * line.size
        ):
            out[-1].append(line)
        else:
            out.append([line])
    return out


@pytest.fixture(scope="module")
def lines(repo_build: Path) -> dict[str, list[Line]]:
    return {locale: visual_lines(repo_build / locale / "guide.pdf") for locale in LOCALES}


def test_no_chinese_title_or_table_cell_breaks_inside_a_word(lines):
    """Headings (10 pt and up) and table cells (7.5 pt) break only between phrases, never inside a word."""
    words = _words(load_config(ROOT), "zh_Hant")  # the glossary's terms and words, as the renderer uses them
    breaks = 0
    for block in blocks(lines["zh_Hant"], (10, 30)) + blocks(lines["zh_Hant"], (7.4, 7.6)):
        for first, second in zip(block, block[1:], strict=False):
            if not (HAN.search(first.text[-1:]) and HAN.search(second.text[:1])):
                continue
            breaks += 1
            joined = first.text + second.text
            cut = len(first.text)
            inside = [w for w in ZH_WORDS for m in re.finditer(w, joined) if m.start() < cut < m.end()]
            assert not inside, (first.page, first.text, second.text, inside)
            cuts = {sum(map(len, p)) for p in _prefixes(phrases(joined, "zh-Hant-HK", words))}
            assert cut in cuts, (first.page, first.text, second.text)
    assert breaks >= 5  # the table's cells do wrap: the test looked at real breaks


def _prefixes(items: list[str]) -> list[list[str]]:
    return [items[:i] for i in range(1, len(items))]


def test_the_chinese_cover_title_keeps_its_last_phrase_whole(lines):
    cover = [ln for ln in lines["zh_Hant"] if ln.page == 1 and ln.size > 20]
    assert cover and all(not re.fullmatch(r"[\u4e00-\u9fff]{1,2}", ln.text) for ln in cover), [ln.text for ln in cover]
    assert any("幹細胞療程" in ln.text for ln in cover)


@pytest.mark.parametrize("locale", ["zh_Hant", "ko"])
def test_no_paragraph_ends_on_a_line_of_one_character(lines, locale):
    short = [
        (ln.page, ln.text)
        for ln in lines[locale]
        if re.search(r"[\u4e00-\u9fff\uac00-\ud7af]", ln.text) and len(re.findall(r"\w", ln.text)) <= 1
    ]
    assert not short, short


@pytest.mark.parametrize("locale", LOCALES)
def test_no_heading_ends_on_a_line_of_one_word(lines, locale):
    checked = 0
    for block in blocks(lines[locale], (10, 30)):
        for line in block[1:]:
            checked += 1
            if locale == "zh_Hant":
                assert len(HAN.findall(line.text)) > 2, (line.page, line.text)
            else:
                assert len(line.text.split()) >= 2, (line.page, line.text)
    assert locale == "zh_Hant" or checked >= 1  # the Latin and Korean titles do wrap


def test_no_latin_paragraph_ends_on_a_hyphenated_word_end(lines):
    """"anti-age-/ing." and "treat-/ment.": the last word of a paragraph is never hyphenated."""
    text = [ln.text for ln in lines["en"] if ln.size == pytest.approx(9, abs=0.1)]
    split = [(a, b) for a, b in zip(text, text[1:], strict=False) if a.endswith("-") and re.fullmatch(r"\w+\.", b)]
    assert not split, split


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_every_line_of_a_justified_paragraph_but_its_last_is_full(lines, locale):
    """"testimoni-" (en) or "얻은" (ko) alone on a line inside a paragraph: WeasyPrint 70 broke after
    a text's first word when the text fitted but for its trailing space (typeset.linebreak)."""
    body = [ln for ln in lines[locale] if ln.size == pytest.approx(9, abs=0.1)]
    right = max(ln.x1 for ln in body)  # the text column's right edge (same on every A5 page)
    pitch = statistics.mode(round(b.top - a.top, 1) for a, b in zip(body, body[1:], strict=False) if b.top > a.top)
    short = [
        (line.page, line.text)
        for line, below in zip(body, body[1:], strict=False)
        if below.page == line.page and abs(below.x0 - line.x0) < 1 and abs(below.top - line.top - pitch) < 0.3
        and line.x1 < right - 0.25 * (right - line.x0)  # the next line of the same paragraph, a quarter empty
    ]
    assert not short, short


@pytest.mark.parametrize("locale", LOCALES)
def test_smallest_glyph_is_at_least_7_5_pt(repo_build, locale):
    with plumbed(repo_build / locale / "guide.pdf") as pdf:
        sizes = [(c["size"], c["text"]) for page in pdf.pages for c in page.chars if c["text"].strip()]
    assert min(sizes)[0] >= 7.49, min(sizes)


@pytest.mark.parametrize("locale", LOCALES)
def test_one_font_family_per_line(lines, locale):
    """Emphasis and journal titles are set in the family of the text around them (no serif inside sans)."""
    mixed = [(ln.page, ln.text) for ln in lines[locale] if len(ln.fonts) > 1]
    assert not mixed, mixed[:5]


@pytest.mark.parametrize("locale", LOCALES)
def test_emphasis_is_marked_in_the_text_family(repo_build, locale):
    """The journal *Cells* in running text: the sans face, in the accent colour; slanted in Latin."""
    with plumbed(repo_build / locale / "guide.pdf") as pdf:
        # by glyph, not by string index: a ligature ("fi", "——") is one glyph of several characters
        chars = [c for page in pdf.pages for c in page.chars]
    found = [
        chars[i : i + 5]
        for i in range(len(chars) - 4)
        if "".join(c["text"] for c in chars[i : i + 5]) == "Cells" and chars[i]["size"] == pytest.approx(9, abs=0.1)
    ]
    if not found:
        pytest.fail("no 'Cells' in running text")
    cells = found[0]
    assert {_family(c["fontname"]) for c in cells} == {"Sans"}
    assert all(tuple(round(float(v), 3) for v in c["non_stroking_color"]) == ACCENT for c in cells)
    if locale == "en":
        assert all(not c["upright"] or abs(c["matrix"][2]) > 0.1 for c in cells), cells[0]["matrix"]


@pytest.mark.parametrize("locale", LOCALES)
def test_pmids_stay_with_their_label(lines, locale):
    text = [ln.text for ln in lines[locale]]
    assert not [t for t in text if re.search(r"PMID\s*$", t)]
    po = polib.pofile(str(ROOT / "locales/zh_Hant/LC_MESSAGES/guide.po"))
    pmids = {m for e in po for m in re.findall(r"PMID (\d+)", e.msgid)}
    assert len(pmids) == 2
    for pmid in pmids:
        assert [t for t in text if re.search(rf"PMID\s?{pmid}", t)], pmid


def test_the_chinese_dash_is_joined_and_on_one_line(repo_build):
    with plumbed(repo_build / "zh_Hant" / "guide.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    dashes = [c for c in chars if "—" in c["text"]]
    assert len(dashes) >= 5
    # Each —— is one glyph, the font's own two-em rule (its ligature of the pair): joined, and unbreakable.
    assert all(c["text"] == "——" for c in dashes), [c["text"] for c in dashes]
    # one rule about twice as long as the font's em dash (0.894 em)
    assert all(c["x1"] - c["x0"] >= 1.6 * c["size"] for c in dashes), [c["x1"] - c["x0"] for c in dashes]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_markets_table_is_balanced_and_its_headers_short(lines, locale):
    heads = [ln for ln in lines[locale] if ln.size == pytest.approx(7.5, abs=0.05) and ln.color == ACCENT]
    assert heads
    heads = [ln for ln in heads if ln.page == heads[0].page]  # the header as first printed (it repeats)
    columns = blocks(heads, (7.4, 7.6))
    assert len(columns) == 5, [[ln.text for ln in col] for col in columns]
    assert max(len(col) for col in columns) <= 2, [[ln.text for ln in col] for col in columns]
    lefts = sorted(col[0].x0 for col in columns)
    widths = [b - a for a, b in zip(lefts, lefts[1:], strict=False)]
    assert min(widths) >= 0.4 * max(widths), widths


def test_column_widths_follow_content_and_keep_floors():
    widths = column_widths([["A", "x" * 4], ["Header", "y " * 200], ["H", "z"]])
    assert sum(widths) == pytest.approx(100, abs=0.5)
    assert widths[1] == max(widths)
    assert min(widths) > 5  # a column with little text still gets room


def test_markup_helpers_keep_tags_and_text():
    """The typography helpers only add spans and no-break spaces: the printed text is unchanged."""
    html = 'See <em>Cells</em> (Hoang et al., 2023; PMID 36230058), as treat-ment goes.'
    out = str(paragraph(html))
    assert re.sub(r"<[^>]+>", "", out).replace("\u00a0", " ") == re.sub(r"<[^>]+>", "", html)
    assert "PMID\u00a036230058" in out and "<em>Cells</em>" in out
    zh = str(title("標榜「一般保健」的幹細胞療程", "zh-Hant-HK"))
    assert re.sub(r"<[^>]+>", "", zh) == "標榜「一般保健」的幹細胞療程"
    assert "幹細胞療程</span>" in zh  # the last two phrases together

