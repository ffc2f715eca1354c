"""Measures of CJK and Latin typesetting on a built PDF's character boxes (pdfplumber), for
tests/test_guide_typography.py and for the figures of a change (``python -m tests.typesetting DIST``).

Each measure reads what a reader sees: where glyphs stand on a line, not what the HTML asked for.
"""

from __future__ import annotations

import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import plumbed

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
OPENING = set("「『（《〈【〔")
CLOSING = set("」』）》〉】〕")
PAUSES = set("，。、；：")
# Punctuation whose glyph is half blank (brackets) or set in the middle of its em (HK/TW pauses):
# two of them side by side are set in 1.5 em, not 2 (clreq 3.1.6; W3C JLREQ 3.1.4).
SQUEEZABLE = OPENING | CLOSING | PAUSES


@dataclass
class Row:
    """The glyphs of one line of text: one baseline, one size."""

    page: int
    top: float
    size: float
    chars: list[dict] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def start(self) -> float:
        """Where the text begins, after a list's bullet or number ("• ", "10. ")."""
        marker = re.match(r"(•|\d+\.)", "".join(c["text"] for c in self.chars[:3]))
        return self.chars[len(marker.group())]["x0"] if marker and len(self.chars) > len(marker.group()) else self.x0

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def text(self) -> str:
        out = ""
        for previous, char in zip([None, *self.chars], self.chars, strict=False):
            if previous is not None and char["x0"] - previous["x1"] > 0.15 * self.size and not out.endswith(" "):
                out += " "
            out += char["text"]
        return out


def rows(path: Path, sizes: tuple[float, float] = (0, 99)) -> list[Row]:
    """Every line of glyphs between ``sizes`` (pt), in reading order; spaces dropped, segments not cut."""
    out: list[Row] = []
    with plumbed(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if sizes[0] - 0.05 <= c["size"] <= sizes[1] + 0.05 and c["text"].strip()]
            chars.sort(key=lambda c: (round(c["size"], 1), c["bottom"]))
            found: list[Row] = []
            for char in chars:
                last = found[-1] if found else None
                if (
                    last
                    and last.size == round(char["size"], 1)
                    and abs(last.chars[-1]["bottom"] - char["bottom"]) < 1.5
                ):
                    last.chars.append(char)
                else:
                    found.append(Row(number, char["top"], round(char["size"], 1), [char]))
            for row in sorted(found, key=lambda r: r.top):
                row.chars.sort(key=lambda c: c["x0"])
                out.append(row)
    return out


def columns(row: Row, gap: float = 0.9) -> list[Row]:
    """A line cut where a gap wider than ``gap`` em shows another column (a table's cells)."""
    out = [Row(row.page, row.top, row.size, [row.chars[0]])]
    for char in row.chars[1:]:
        if char["x0"] - out[-1].chars[-1]["x1"] > gap * row.size:
            out.append(Row(row.page, row.top, row.size))
        out[-1].chars.append(char)
    return out


def paragraphs(lines: list[Row]) -> list[list[Row]]:
    """Lines of one paragraph: same page, size and left edge, each one line pitch (the commonest
    distance between such lines) under the last."""
    steps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.size == b.size and abs(a.start - b.start) < 1 and 0 < b.top - a.top < 2 * a.size:
            steps.setdefault(a.size, []).append(round(b.top - a.top, 1))
    pitches = {size: statistics.mode(found) for size, found in steps.items()}
    out: list[list[Row]] = []
    for line in lines:
        last = out[-1] if out else None
        if last and last[-1].page == line.page and abs(last[-1].start - line.start) < 1 and last[-1].size == line.size:
            if abs(line.top - last[-1].top - pitches.get(line.size, 0)) < 0.5:
                last.append(line)
                continue
        out.append([line])
    return out


def short_last_lines(lines: list[Row]) -> list[str]:
    """Last lines of a paragraph of two or more lines that hold one Chinese character or one word."""
    out = []
    for para in paragraphs(lines):
        if len(para) < 2:
            continue
        text = para[-1].text.strip()
        if re.search(r"\w\.\w+/", text):
            continue  # a URL on its own line (after a line break), not a paragraph's end
        han = HAN.findall(text)
        if (han and len(han) <= 1 and not re.search(r"[A-Za-z0-9]{2}", text)) or (not han and len(text.split()) == 1):
            out.append(f"p{para[-1].page}: {para[-2].text[-12:]} / {text}")
    return out


def holes(lines: list[Row], right: float) -> list[str]:
    """Blank runs wider than one character inside a Chinese paragraph: between glyphs on a line, or at
    the end of a line that is not the paragraph's last (``right``: the text column's right edge)."""
    out = []
    for para in paragraphs(lines):
        for i, line in enumerate(para):
            if not HAN.search(line.text):
                continue
            em = line.size
            gaps = [
                (b["x0"] - a["x1"], a["text"] + b["text"]) for a, b in zip(line.chars, line.chars[1:], strict=False)
            ]
            if i < len(para) - 1:
                gaps.append((right - line.x1, line.text[-4:] + "|"))
            out += [f"p{line.page}: {where} {gap / em:.1f} em" for gap, where in gaps if gap > 1.05 * em]
    return out


def unsqueezed(lines: list[Row]) -> list[str]:
    """Two squeezable punctuation marks side by side set in (about) two full ems."""
    out = []
    for line in lines:
        chars, em = line.chars, line.size
        pitches = [b["x0"] - a["x0"] for a, b in zip(chars, chars[1:], strict=False) if HAN.match(a["text"])]
        extra = statistics.median(pitches) - em if pitches else 0.0  # inter-character justification
        for i in range(len(chars) - 1):
            a, b = chars[i], chars[i + 1]
            if a["text"] in SQUEEZABLE and b["text"] in SQUEEZABLE and b["x0"] - a["x1"] < 0.5 * em:  # one column
                end = b["x0"] + em + extra  # the pair's end: the next glyph, if it is on the same run of text
                if i + 2 < len(chars) and chars[i + 2]["x0"] < end + 0.2 * em:
                    end = chars[i + 2]["x0"]
                if end - a["x0"] - 2 * max(extra, 0) > 1.75 * em:
                    out.append(f"p{line.page}: {a['text']}{b['text']} {(end - a['x0']) / em:.2f} em")
    return out


def word_gaps(line: Row) -> list[float]:
    """The blank between words on a line, in ems (gaps over 0.12 em: syllables and letters touch).
    The gap after a list's number ("10. ") is the list's, not a word space."""
    marker = re.match(r"\d+\.", line.text)
    chars = line.chars[len(marker.group()) :] if marker else line.chars
    return [
        (b["x0"] - a["x1"]) / line.size
        for a, b in zip(chars, chars[1:], strict=False)
        if b["x0"] - a["x1"] > 0.12 * line.size
    ]


def wide_gap_lines(lines: list[Row], limit: float = 0.5) -> list[str]:
    return [
        f"p{ln.page}: {max(word_gaps(ln)):.2f} em {ln.text[:30]}"
        for ln in lines
        if max(word_gaps(ln), default=0) > limit
    ]


def cells(lines: list[Row]) -> list[list[Row]]:
    """A table's cells: its lines cut into columns, the lines of one column one pitch apart joined."""
    pieces = sorted((piece for line in lines for piece in columns(line)), key=lambda r: (r.page, r.x0, r.top))
    return paragraphs(pieces)


def body_size(path: Path) -> float:
    """The running text's size: the size most glyphs are set in."""
    with plumbed(path) as pdf:
        sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()]
    return statistics.mode(sizes)


def figures(dist: Path, table_size: float) -> dict[str, dict[str, object]]:
    """The figures of issue 28, per locale, for the guide and the card."""
    out: dict[str, dict[str, object]] = {}
    for locale in ("en", "zh_Hant", "ko"):
        guide, card = dist / locale / "guide.pdf", dist / locale / "consult-card.pdf"
        size = body_size(guide)
        body = rows(guide, (size, size))
        right = max(line.x1 for line in body)
        everything = rows(guide) + rows(card)
        with plumbed(guide) as pdf:
            pages = len(pdf.pages)
        table = cells(rows(guide, (table_size, table_size)))
        out[locale] = {
            "body pt": size,
            "zh holes > 1 char": len(holes(body, right)) if locale == "zh_Hant" else "-",
            "unsqueezed pairs": len(unsqueezed(everything)) if locale == "zh_Hant" else "-",
            "lines with gaps > 0.5 em": len(wide_gap_lines(body)) if locale != "zh_Hant" else "-",
            "short last lines (guide)": len(short_last_lines([r for r in rows(guide) if r.size != table_size])),
            "short last lines (card)": len(short_last_lines(rows(card))),
            "table cells > 4 lines": sum(len(c) > 4 for c in table),
            "guide pages": pages,
        }
    return out


if __name__ == "__main__":
    for locale, values in figures(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 8.5).items():
        print(locale, values)
