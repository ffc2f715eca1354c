"""The guide's typography, measured on the built PDFs (issues 15 and 28): where lines break, type
sizes, fonts per line, the Chinese dash, PMIDs and the markets table; Chinese justified between
characters with its punctuation squeezed, Korean justified without rivers, the card's texts under
the guide's paragraph rules (measures: tests/typesetting.py)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.render.html import _words
from generator.render.typography import _AUXILIARY, column_widths, paragraph, phrases, title

from .conftest import ROOT, plumbed
from .typesetting import (
    SQUEEZABLE,
    Row,
    body_size,
    cells,
    holes,
    paragraphs,
    rows,
    short_last_lines,
    unsqueezed,
    wide_gap_lines,
    word_gaps,
)

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

LOCALES = ["en", "zh_Hant", "ko"]
HAN = re.compile(r"[\u4e00-\u9fff]")
ACCENT = (0.051, 0.42, 0.42)  # --accent, #0d6b6b: the table's column headers
BODY = 10.0  # pt: running text
TABLE = 8.5  # pt: tables, notes, the card's glosses
# Words a Chinese title or table cell must never be broken inside: the examples, and terms.
ZH_WORDS = ["幹細胞", "療程", "脂肪", "診所", "加勒比海", "單張", "臍帶", "面診", "規管", "傳代次數", "保健", "風險"]


@dataclass
class Line:
    """A run of characters on one baseline, cut where a gap shows a new column (a table cell: 0.6 em
    of padding apart at 8.5 pt; a justified word gap is at most 0.5 em)."""

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
                    abs(char["top"] - current[-1]["top"]) > 1.5 or char["x0"] - current[-1]["x1"] > 0.55 * char["size"]
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
    return Line(
        page,
        chars[0]["x0"],
        chars[0]["top"],
        max(c["size"] for c in chars),
        text,
        {_family(c["fontname"]) for c in chars if c["text"].strip()},
        color,
        chars[-1]["x1"],
    )


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
    """Headings (10.5 pt and up) and table cells (8.5 pt) break only between phrases, never inside a word."""
    words = _words(load_config(ROOT), "zh_Hant")  # the glossary's terms and words, as the renderer uses them
    breaks = 0
    cells = [
        b for b in blocks(lines["zh_Hant"], (TABLE - 0.1, TABLE + 0.1)) if max(ln.x1 - ln.x0 for ln in b) < 15 * TABLE
    ]
    for block in blocks(lines["zh_Hant"], (10.4, 30)) + cells:  # (narrow blocks: not the references' notes)
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
    for block in blocks(lines[locale], (10.4, 30)):
        for line in block[1:]:
            checked += 1
            if locale == "zh_Hant":
                assert len(HAN.findall(line.text)) > 2, (line.page, line.text)
            else:
                assert len(line.text.split()) >= 2, (line.page, line.text)
    assert locale == "zh_Hant" or checked >= 1  # the Latin and Korean titles do wrap


def test_no_latin_paragraph_ends_on_a_hyphenated_word_end(lines):
    """ "anti-age-/ing." and "treat-/ment.": the last word of a paragraph is never hyphenated."""
    text = [ln.text for ln in lines["en"] if ln.size == pytest.approx(BODY, abs=0.1)]
    split = [(a, b) for a, b in zip(text, text[1:], strict=False) if a.endswith("-") and re.fullmatch(r"\w+\.", b)]
    assert not split, split


@pytest.mark.parametrize("locale", LOCALES)
def test_every_line_of_a_justified_paragraph_but_its_last_is_full(lines, locale):
    """ "testimoni-" (en) or "얻은" (ko) alone on a line inside a paragraph: WeasyPrint 70 broke after
    a text's first word when the text fitted but for its trailing space (typeset.linebreak)."""
    body = [ln for ln in lines[locale] if ln.size == pytest.approx(BODY, abs=0.1)]
    right = max(ln.x1 for ln in body)  # the text column's right edge (same on every A5 page)
    pitch = statistics.mode(round(b.top - a.top, 1) for a, b in zip(body, body[1:], strict=False) if b.top > a.top)
    short = [
        (line.page, line.text)
        for line, below in zip(body, body[1:], strict=False)
        if below.page == line.page
        and abs(below.x0 - line.x0) < 1
        and abs(below.top - line.top - pitch) < 0.3
        and line.x1 < right - 0.25 * (right - line.x0)  # the next line of the same paragraph, a quarter empty
    ]
    assert not short, short


@pytest.mark.parametrize("locale", LOCALES)
def test_type_sizes_for_an_older_reader(repo_build, locale):
    """Running text at 10 pt; nothing on the page under 8.5 pt (tables, notes, references); only the
    running heads and page numbers, in the margins, at 7.5 pt."""
    guide = repo_build / locale / "guide.pdf"
    assert body_size(guide) == BODY
    with plumbed(guide) as pdf:
        sizes = [
            (c["size"], c["text"], number)
            for number, page in enumerate(pdf.pages, 1)
            for c in page.chars
            if c["text"].strip() and 16 / 25.4 * 72 <= c["top"] <= page.height - 17 / 25.4 * 72  # inside the margins
        ]
        furniture = [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip()]
    assert min(sizes)[0] >= TABLE - 0.01, min(sizes)
    assert min(furniture) >= 7.49


@pytest.mark.parametrize("locale", LOCALES)
def test_one_font_family_per_line(lines, locale):
    """Emphasis and journal titles are set in the family of the text around them (no serif inside sans)."""
    mixed = [(ln.page, ln.text) for ln in lines[locale] if len(ln.fonts) > 1]
    assert not mixed, mixed[:5]


@pytest.mark.parametrize("locale", LOCALES)
def test_emphasis_is_marked_in_the_text_family(repo_build, locale):
    """The journal *Cells* in running text: the sans face, in the text's colour (in the accent colour
    it looked like a link); slanted in Latin, bold in Chinese and Korean."""
    with plumbed(repo_build / locale / "guide.pdf") as pdf:
        # by glyph, not by string index: a ligature ("fi", "——") is one glyph of several characters
        chars = [c for page in pdf.pages for c in page.chars]
    found = [
        chars[i : i + 5]
        for i in range(len(chars) - 4)
        if "".join(c["text"] for c in chars[i : i + 5]) == "Cells" and chars[i]["size"] == pytest.approx(BODY, abs=0.1)
    ]
    if not found:
        pytest.fail("no 'Cells' in running text")
    cells = found[0]
    assert {_family(c["fontname"]) for c in cells} == {"Sans"}
    colours = {tuple(round(float(v), 3) for v in c["non_stroking_color"]) for c in cells}
    assert ACCENT not in colours and len(colours) == 1, colours
    if locale == "en":
        assert all(not c["upright"] or abs(c["matrix"][2]) > 0.1 for c in cells), cells[0]["matrix"]
    else:
        assert all("Bold" in c["fontname"] for c in cells), cells[0]["fontname"]


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
    heads = [ln for ln in lines[locale] if ln.size == pytest.approx(TABLE, abs=0.05) and ln.color == ACCENT]
    assert heads
    heads = [ln for ln in heads if ln.page == heads[0].page]  # the header as first printed (it repeats)
    columns = blocks(heads, (TABLE - 0.1, TABLE + 0.1))
    assert len(columns) == 5, [[ln.text for ln in col] for col in columns]
    # two lines in Chinese; three in English and Korean, whose headers are long for five columns at
    # 8.5 pt (column_widths gives a header three lines rather than starve the cells)
    most = 2 if locale == "zh_Hant" else 3
    assert max(len(col) for col in columns) <= most, [[ln.text for ln in col] for col in columns]
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
    html = "See <em>Cells</em> (Hoang et al., 2023; PMID 36230058), as treat-ment goes."
    out = str(paragraph(html))
    assert re.sub(r"<[^>]+>", "", out).replace("\u00a0", " ") == re.sub(r"<[^>]+>", "", html)
    assert "PMID\u00a036230058" in out and "<em>Cells</em>" in out
    zh = str(title("標榜「一般保健」的幹細胞療程", "zh-Hant-HK"))
    assert re.sub(r"<[^>]+>", "", zh) == "標榜「一般保健」的幹細胞療程"
    assert "幹細胞療程</span>" in zh  # the last two phrases together


# Issue 28: CJK typesetting as clreq and klreq set it, measured on the guides and the cards.


@pytest.fixture(scope="module")
def rows_of(repo_build: Path):
    """Lines of glyphs (tests.typesetting.rows) of a locale's guide or card, parsed once each."""
    found: dict[tuple[str, str, tuple[float, float]], list[Row]] = {}

    def get(locale: str, product: str = "guide", sizes: tuple[float, float] = (0, 99)) -> list[Row]:
        key = (locale, product, sizes)
        if key not in found:
            found[key] = rows(repo_build / locale / f"{product}.pdf", sizes)
        return found[key]

    return get


def test_chinese_is_justified_between_characters_without_holes(rows_of):
    """Every line of a Chinese paragraph but its last reaches the right edge, its slack spread between
    characters (no gap of more than one character anywhere: before, the text was ragged, with holes
    of up to 9 characters before a citation)."""
    body = rows_of("zh_Hant", "guide", (BODY, BODY))
    right = max(line.x1 for line in body)
    assert not holes(body, right), holes(body, right)
    spread = [
        line
        for para in paragraphs(body)
        for line in para[:-1]
        if abs(line.x1 - right) < 0.5
        and statistics.median(b["x0"] - a["x0"] for a, b in zip(line.chars, line.chars[1:], strict=False))
        > 1.01 * line.size
    ]
    assert len(spread) >= 20  # lines that were justified by spacing their characters


@pytest.mark.parametrize("product", ["guide", "consult-card"])
def test_adjacent_chinese_punctuation_is_squeezed(rows_of, product):
    """」（ ）。 ）（: two marks side by side take 1.5 em, not 2 (19 pairs were set in 2 em)."""
    lines = rows_of("zh_Hant", product)
    assert not unsqueezed(lines), unsqueezed(lines)
    pairs = sum(
        a["text"] in SQUEEZABLE and b["text"] in SQUEEZABLE
        for line in lines
        for a, b in zip(line.chars, line.chars[1:], strict=False)
    )
    assert pairs >= (10 if product == "guide" else 0)  # the card has none today; the rule holds if it gets some


def test_no_korean_word_gap_wider_than_half_an_em(rows_of):
    """Justified Korean never opens a river: no gap between two words over 0.5 em (before: 32 lines,
    15 over 0.6 em, up to 1 em); a line that cannot be filled so is spread a little over its
    syllables, or left short. (English keeps WeasyPrint's rule: hyphenated, its spaces take the slack.)"""
    body = rows_of("ko", "guide", (BODY, BODY))
    assert not wide_gap_lines(body, 0.5), wide_gap_lines(body, 0.5)
    full = [line for line in body if max(word_gaps(line), default=0) > 0.3]
    assert len(full) >= 20  # justification did widen word gaps


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("product", ["guide", "consult-card"])
def test_no_paragraph_ends_on_one_character_or_one_word(rows_of, locale, product):
    """The card's questions, glosses and tips go through the guide's paragraph rules: no "摘 / 要。",
    no "알려 / 주십시오." (before: 1 zh and 5 ko cards' lines, 1 zh guide's)."""
    lines = [line for line in rows_of(locale, product) if line.size != TABLE or product != "guide"]
    assert not short_last_lines(lines), short_last_lines(lines)


def test_a_korean_auxiliary_verb_stays_with_its_verb(rows_of):
    """ "알려 / 주십시오": a line never starts with an auxiliary verb whose main verb ended the line above."""
    cut = []
    for product in ("guide", "consult-card"):
        for para in paragraphs(rows_of("ko", product)):
            for above, below in zip(para, para[1:], strict=False):
                joined = above.text.split()[-1] + " " + below.text.split()[0]
                if _AUXILIARY.search(joined):
                    cut.append((product, above.page, joined))
    assert not cut, cut


@pytest.mark.typeset
def test_a_korean_line_breaks_after_a_middle_dot(tmp_path):
    """ "카리브해·라틴아메리카" is two words under keep-all: a narrow line breaks after the dot (or the
    slash, or before a parenthesis), never inside a word. (It was one unbreakable word: it took a
    quarter of the markets table, then ran into the next column.) Typeset by the typeset stage."""
    import io

    import pdfplumber

    from generator.typeset import Typesetting, typeset

    style = '@page { size: 60mm 80mm; margin: 5mm } p { font-family: "Noto Sans CJK KR"; font-size: 10pt; width: 16mm }'
    text = "카리브해·라틴아메리카 자가/동종세포 관리국(NMPA)"
    html = f'<html lang="ko"><title>t</title><style>{style}</style><p>{text}</p>'
    pdf, _ = typeset(html, Typesetting(tmp_path, (tmp_path,), None, "middle dot"))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words(keep_blank_chars=True)
    assert [w["text"] for w in words] == ["카리브해·", "라틴아메리카", "자가/", "동종세포", "관리국", "(NMPA)"]


@pytest.mark.parametrize("locale", LOCALES)
def test_table_cells_take_at_most_four_lines(rows_of, locale):
    """Columns balanced to their cells (typography.column_widths): before, Korean cells ran to
    5 lines of one or two words. English, whose five columns hold long phrases at 8.5 pt: 4 cells of 5 or 6."""
    tall = [(c[0].page, len(c), c[0].text) for c in cells(rows_of(locale, "guide", (TABLE, TABLE))) if len(c) > 4]
    if locale == "en":
        assert len(tall) <= 4 and max(n for _, n, _ in tall) <= 6, tall
    else:
        assert not tall, tall


@pytest.mark.parametrize("locale", LOCALES)
def test_a_table_is_not_split_after_its_first_row(rows_of, locale):
    """Each page the markets table is on holds at least two of its rows (the header repeats)."""
    table = [line for line in rows_of(locale, "guide", (TABLE, TABLE)) if HAN.search(line.text) or locale != "zh_Hant"]
    first = min(line.x0 for line in table)
    heads = [c for c in cells(table) if abs(c[0].x0 - first) < 1 and not _accent(c[0])]
    per_page = statistics.multimode(c[0].page for c in heads)
    counts = {page: sum(c[0].page == page for c in heads) for page in {c[0].page for c in heads}}
    assert len(heads) == 5 and min(counts.values()) >= 2, (counts, per_page)


def _accent(row: Row) -> bool:
    return tuple(round(float(v), 3) for v in row.chars[0].get("non_stroking_color") or ()) == ACCENT


@pytest.mark.parametrize("locale", LOCALES)
def test_the_checklist_of_questions_is_on_one_page(rows_of, locale):
    numbers = [
        line for line in rows_of(locale, "guide", (BODY, BODY)) if re.match(r"\d+\.", line.text) and _accent(line)
    ]
    assert len(numbers) == 10 and len({line.page for line in numbers}) == 1, [(n.page, n.text[:8]) for n in numbers]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_list_term_is_followed_by_a_colon(rows_of, locale):
    text = "".join(line.text for line in rows_of(locale, "guide", (BODY, BODY)))
    term = {"en": "Mechanism named:", "zh_Hant": "點出機制：", "ko": "기전 제시:"}[locale]
    assert term in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_hanging_10_keeps_clear_of_its_question(repo_build, locale):
    """At least 1.2 mm between the card's "10" and its question (it was 0.9 mm and looked touching)."""
    with plumbed(repo_build / locale / "consult-card.pdf") as pdf:
        for page in pdf.pages:
            chars = page.chars
            for one, zero in zip(chars, chars[1:], strict=False):
                if one["text"] + zero["text"] == "10" and one["size"] > 10:
                    beside = [c for c in chars if abs(c["top"] - one["top"]) < 4 and c["x0"] > zero["x1"]]
                    gap = min(c["x0"] for c in beside) - zero["x1"]
                    assert gap >= 1.2 / 25.4 * 72, gap * 25.4 / 72
                    return
    pytest.fail("no question 10 on the card")


def test_glosses_are_at_least_8_5_pt(rows_of):
    """The card's glosses (the accent-coloured notes under two questions) for an older reader."""
    for locale in LOCALES:
        glosses = [
            line for line in rows_of(locale, "consult-card") if _accent(line) and line.size < 9.5 and line.page < 4
        ]
        assert glosses and min(line.size for line in glosses) >= TABLE, [(g.size, g.text) for g in glosses]
