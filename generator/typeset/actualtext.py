"""The text inside the PDF is the text on the page: ToUnicode and ActualText for every cluster.

WeasyPrint 70 maps each glyph to the text of the first cluster that drew it (a glyph shared by
two clusters then reads as the first one's text, a cluster's second glyph as nothing), and knows
nothing of glyphs drawn out of logical order (pre-base vowels, split vowels, tone marks): a Thai,
Devanagari, Bengali, Tamil, Khmer or Burmese line extracts as other words (upstream #2841).

:func:`install` wraps its line drawing (``draw_first_line``). Before a line is drawn, from
Pango's glyph strings:

1. ToUnicode from HarfBuzz's own clusters: a one-glyph cluster's glyph gets its text; in a
   cluster of several glyphs each glyph gets the character the font's cmap draws with it, the
   rest of the text going to a glyph the cmap does not reach. Never empty; first entry kept.
2. ActualText: a letter with its marks (and, if one of its glyphs is raised, the next letter:
   see :func:`_with_raised_joined`) is drawn inside ``/Span <</ActualText (text)>> BDC … EMC``
   when its glyphs are several or do not spell its text: what poppler, Acrobat and pdfium read
   instead of the glyphs (PDF 1.7, 14.9.4).
3. Right to left, text is written last character first: readers reverse what they read there,
   a ligature's ToUnicode and (poppler) an ActualText too.

Nothing here changes what is drawn or where. Written as a wrapper so that it can be offered to
WeasyPrint as a change to ``draw_first_line``; docs/text-layer.md has the account and the limits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .tounicode import cmap, map_glyphs

_installed = False


@dataclass(eq=False)
class Cluster:
    """One cluster of a line: its text and the glyphs that draw it, in drawing order."""

    text: str
    glyphs: list[int] = field(default_factory=list)
    rtl: bool = False
    font: Any = None
    raised: bool = False  # a glyph drawn above or below the baseline (its own TJ, between Ts)

    @property
    def written(self) -> str:
        """The text as the PDF carries it: a reader reverses what it reads in a right-to-left line,
        a ligature's or an ActualText's characters too (poppler and pdfium alike)."""
        return self.text[::-1] if self.rtl else self.text

    def spelled(self) -> str:
        """What a reader's tool gets from these glyphs through the font's ToUnicode map."""
        mapped = "".join(self.font.to_unicode.get(g, "") for g in self.glyphs)
        return mapped[::-1] if self.rtl else mapped


def install() -> None:
    """Wrap WeasyPrint's line drawing (once per process)."""
    global _installed
    if _installed:
        return
    from weasyprint.draw import text

    draw_first_line = text.draw_first_line

    def draw_with_actual_text(stream, textbox, text_overflow, block_ellipsis, matrix):
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not textbox.text.strip():
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        plan = _plan(stream, textbox)
        if plan is None:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        marking = _Marking(stream, plan)
        try:
            return draw_first_line(marking, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            marking.close()

    text.draw_first_line = draw_with_actual_text
    _installed = True


def _plan(stream, textbox) -> list[Cluster] | None:
    """The line's clusters, one entry per glyph drawn, in drawing order (None: leave the line alone)."""
    line, _index = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    # typeset/justify.py's letter spacing; from half poppler's word-break gap (0.1 em) up, one span
    spread = getattr(textbox.pango_layout, "letter_justification", None)
    if spread and spread[1] < 0.05 * textbox.style["font_size"]:
        spread = None
    plan: list[Cluster] = []
    run = line.runs[0]
    while run != _null():
        item = run.data
        run = run.next
        font, _size = stream.add_font(item.item.analysis.font)
        if font.bitmap:
            return None
        glyphs = _run_plan(item, font, utf8)
        if glyphs is None:
            return None
        plan.extend(_as_one(glyphs) if spread and spread[0].match(glyphs[0].text if glyphs else "") else glyphs)
    return plan


def _as_one(plan: list[Cluster]) -> list[Cluster]:
    """A run of Chinese justified between its characters as one span: pdfium and poppler read a gap
    of a tenth of an em between two characters as a space (讀 來 for 讀來)."""
    clusters = list(dict.fromkeys(plan))
    if len(clusters) < 2:
        return plan
    text = "".join(cluster.text for cluster in clusters)
    one = Cluster(text, [g for cluster in clusters for g in cluster.glyphs], clusters[0].rtl, clusters[0].font)
    return [one] * len(plan)


def _run_plan(item, font, utf8: bytes) -> list[Cluster] | None:
    """One run's glyphs, each with the cluster its span covers: a letter with its marks (HarfBuzz
    gives a Thai or Khmer mark a cluster of its own, and poppler then reads it after the next
    letter). Glyphs get their ToUnicode text from HarfBuzz's own, smallest clusters first."""
    starts = sorted({item.glyphs.log_clusters[i] for i in range(item.glyphs.num_glyphs)})
    text = utf8[item.item.offset : item.item.offset + item.item.length]
    fine = _clusters(item, font, text, _owners(text, starts, together=False))
    if fine is None:
        return None
    clusters = list(dict.fromkeys(fine))
    for cluster in clusters:
        map_glyphs(cluster)
    if any(_extends(text[start : start + 4].decode(errors="ignore")) for start in starts[1:]):  # a mark apart
        fine = _clusters(item, font, text, _owners(text, starts, together=True)) or fine
    return _with_raised_joined(fine)


def _clusters(item, font, text: bytes, owner: dict[int, tuple[int, int]]) -> list[Cluster] | None:
    """Each glyph drawn, with its cluster (None: tofu, or a cluster's glyphs drawn apart)."""
    from weasyprint.text.ffi import pango

    glyphs = item.glyphs
    plan: list[Cluster] = []
    made: dict[int, Cluster] = {}
    for i in range(glyphs.num_glyphs):
        glyph = glyphs.glyphs[i].glyph
        if glyph == pango.PANGO_GLYPH_EMPTY:
            continue
        if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            return None  # tofu: WeasyPrint's own fallback, and the coverage check's error
        first, end = owner[glyphs.log_clusters[i]]
        if first not in made:
            rtl = bool(item.item.analysis.level % 2)
            made[first] = Cluster(text[first:end].decode(errors="replace"), rtl=rtl, font=font)
        elif plan[-1] is not made[first]:
            return None  # drawn out of its letters' order
        made[first].glyphs.append(glyph)
        made[first].raised |= bool(glyphs.glyphs[i].geometry.y_offset)
        plan.append(made[first])
    return plan


def _with_raised_joined(plan: list[Cluster]) -> list[Cluster]:
    """Clusters with a raised glyph joined with their neighbours into one span. A raised glyph is
    a text object of its own (between two Ts), and readers place text objects by where they start:
    pdfium read a Thai mark set a little right of its letter after the next letter, so a raised
    cluster is joined with the cluster drawn after it. Right to left, the whole word: Nastaliq
    raises letter after letter along a word, and poppler cut its words into pieces on other lines."""
    if not any(cluster.raised for cluster in plan):
        return plan
    groups: list[list[Cluster]] = []
    for cluster in dict.fromkeys(plan):
        last = groups[-1] if groups else None
        if last and (last[-1].raised or (cluster.rtl and _in_word(last, cluster))):
            last.append(cluster)
        else:
            groups.append([cluster])
    into: dict[int, Cluster] = {}
    for group in groups:
        if len(group) > 1 and any(c.raised for c in group):
            parts = [c.text for c in group]  # in drawing order: right to left backwards
            text = "".join(reversed(parts) if group[0].rtl else parts)
            glyphs = [g for c in group for g in c.glyphs]
            merged = Cluster(text, glyphs, group[0].rtl, group[0].font, group[-1].raised)
            into.update((id(c), merged) for c in group)
    return [into.get(id(c), c) for c in plan]


def _in_word(group: list[Cluster], cluster: Cluster) -> bool:
    """Whether ``cluster`` continues the word ``group`` is drawing (no space between them)."""
    return not (group[-1].text.isspace() or cluster.text.isspace() or group[-1].text.endswith(" "))


def _owners(text: bytes, starts: list[int], together: bool) -> dict[int, tuple[int, int]]:
    """Each shaped cluster's start → the (start, end) of the cluster it is drawn in."""
    ends = dict(zip(starts, starts[1:] + [len(text)], strict=True))
    firsts: dict[int, int] = {}
    for n, start in enumerate(starts):
        joins = together and n > 0 and _extends(text[start : ends[start]].decode(errors="ignore"))
        firsts[start] = firsts[starts[n - 1]] if joins else start
    last_end = {firsts[start]: ends[start] for start in starts}  # ascending: the last member's end
    return {start: (firsts[start], last_end[firsts[start]]) for start in starts}


def _extends(text: str) -> bool:
    """Whether a cluster's text belongs to the letter before it (a mark, a joiner, SARA AM)."""
    char = text[:1]
    return bool(char) and (unicodedata.category(char).startswith("M") or char in "\u200c\u200d\u0e33\u0eb3")


def _null():
    from weasyprint.text.ffi import ffi

    return ffi.NULL


# A TJ operand as WeasyPrint writes it: glyph strings <0012003a> between position adjustments.
_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([^<]+)")


class _Marking:
    """The stream WeasyPrint draws the line on, with each misread cluster's glyphs in a Span."""

    def __init__(self, stream, plan: list[Cluster]) -> None:
        self._stream = stream
        self._plan = plan
        self._next = 0  # index in plan of the next glyph drawn
        self._open: Cluster | None = None
        self._rise = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def set_text_rise(self, rise: float) -> None:
        self._rise = rise
        self._stream.set_text_rise(rise)

    def show_text(self, operand: str) -> None:
        pieces: list[str] = []
        for match in _TOKEN.finditer(operand):
            hexes, other = match.groups()
            if other is not None:
                pieces.append(other.strip())
                continue
            for i in range(0, len(hexes), 4):
                self._glyph(hexes[i : i + 4], pieces)
        self._flush(pieces)

    def _glyph(self, glyph: str, pieces: list[str]) -> None:
        cluster = self._plan[self._next] if self._next < len(self._plan) else None
        self._next += 1
        first = self._next == 1 or self._plan[self._next - 2] is not cluster
        if cluster is not None and first and cluster is not self._open and self._needs_span(cluster):
            self._flush(pieces)
            self.close()
            import pydyf

            self._stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(cluster.written)}))
            self._open = cluster
            if self._rise:
                self._anchor(cluster.font)
        pieces.append(f"<{glyph}>")
        last = self._next >= len(self._plan) or self._plan[self._next] is not cluster
        if self._open is not None and last:
            self._flush(pieces)
            self.close()

    def _anchor(self, font) -> None:
        """An invisible space on the baseline, its advance taken back, first in a span that starts
        with a raised glyph: poppler places a span's text where its first glyph is, and put a
        Nastaliq word that starts with a lowered kasra on a line of its own."""
        hb_font, _drawn_by = cmap(font)
        space = hb_font.get_nominal_glyph(0x20)
        if not space:
            return
        width = font.widths.setdefault(space, round(hb_font.get_glyph_h_advance(space) * 1000 / font.upem))
        font.to_unicode.setdefault(space, " ")
        self._stream.set_text_rise(0)
        self._stream.show_text(f"<{space:04x}> {width}")
        self._stream.set_text_rise(self._rise)

    @staticmethod
    def _needs_span(cluster: Cluster) -> bool:
        # several glyphs: poppler places a mark by its position, after the next letter (Thai ชั),
        # so only a one-glyph cluster that spells its text is left to ToUnicode alone
        return len(cluster.glyphs) > 1 or cluster.spelled() != cluster.text

    def _flush(self, pieces: list[str]) -> None:
        if pieces:
            self._stream.show_text(" ".join(pieces).replace("> <", ""))
            pieces.clear()

    def close(self) -> None:
        """End the open Span, if any (a line always ends with its spans closed)."""
        if self._open is not None:
            self._stream.end_marked_content()
            self._open = None
