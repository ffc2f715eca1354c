"""Justification as Chinese and Korean books are set (W3C clreq, klreq), in place of WeasyPrint 70's.

WeasyPrint 70 justifies a line by widening its spaces only. A Chinese line has none, so Chinese
could not be justified at all (it was set ragged, with holes of up to 9 characters at line ends);
a Korean line, its words kept whole, has few, and justifying opened gaps of up to 1 em between words.

- **Chinese and Japanese** (a paragraph whose ``lang`` is zh or ja): the line's slack is spread
  evenly between characters (CSS ``text-justify: inter-character``), spaces included.
- **Korean** (klreq): the slack goes to the spaces, until a word gap reaches :data:`WORD_GAP` em;
  then to the gaps between syllables, up to :data:`SYLLABLE_GAP` em each; what is left stays at
  the line's end (the line is ragged rather than gappy: words are kept whole, so a line can have
  few spaces).
- **Other languages**: WeasyPrint's own rule, the spaces take the slack (English is hyphenated).

The extra space between characters is Pango's letter spacing, set only on the runs of CJK
characters (Latin words inside Chinese are not spaced out). How much width a given spacing adds
to a text is measured, not counted (Pango gives half a spacing at a run's edges), so lines come
out flush to the point.
"""

from __future__ import annotations

import re
from typing import Any

from ..unicode import CJK_PUNCT, HAN, HANGUL_SYLLABLES, KANA

# The widest gap between two words, in ems, that justification may open (klreq: no rivers):
WORD_GAP = 0.49  # 0.5 em, less a hair: the PDF rounds positions
# The most a Korean line's syllables are spaced apart, in ems, before the line is left ragged.
SYLLABLE_GAP = 0.06
_CJK = re.compile(f"[{HAN}{KANA}{CJK_PUNCT}]+")
_SYLLABLES = re.compile(f"[{HANGUL_SYLLABLES}]+")
_WIDE_PAIR = re.compile(f"[{HAN}{KANA}{HANGUL_SYLLABLES}] [{HAN}{KANA}{HANGUL_SYLLABLES}]")
_ANY_PAIR = re.compile(r"\S \S")
_installed = False


def install() -> None:
    """Replace WeasyPrint's justification (once per process, before the first layout)."""
    global _installed
    if _installed:
        return
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    inline.justify_line = _justify_line
    set_text = line_break.Layout.set_text

    def set_text_spaced(self, text, justify=False):
        set_text(self, text, justify)
        letters = getattr(self, "letter_justification", None)
        if justify and letters:
            _space_letters(self, letters)

    line_break.Layout.set_text = set_text_spaced
    _installed = True


def _letters(box: Any) -> re.Pattern[str] | None:
    """The runs of characters a text box's language spaces apart to justify a line, if any."""
    lang = (box.style["lang"] or "").lower()
    if lang.startswith(("zh", "ja")):
        return _CJK
    if lang.startswith("ko"):
        return _SYLLABLES
    return None


def _space_letters(layout: Any, letters: tuple[re.Pattern[str], float]) -> None:
    """Letter spacing on ``layout``'s runs of ``letters`` (its text is set)."""
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    pattern, spacing = letters
    attributes = pango.pango_layout_get_attributes(layout.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    text = layout.text
    for run in pattern.finditer(text):
        attribute = pango.pango_attr_letter_spacing_new(int(spacing * TO_UNITS))
        attribute.start_index = len(text[: run.start()].encode())
        attribute.end_index = len(text[: run.end()].encode())
        pango.pango_attr_list_change(attributes, attribute)
    pango.pango_layout_set_attributes(layout.layout, attributes)


def _text_boxes(box: Any) -> list[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return [box]
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [t for child in box.children if child.is_in_normal_flow() for t in _text_boxes(child)]
    return []


def _spaced_width(context: Any, box: Any, word: float, letter: float) -> tuple[float, Any]:
    """The width ``box``'s text takes with ``word`` added to each space and ``letter`` between its
    letters, and the layout that draws it so."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(box.text, box.style, context, None, word)
    pattern = _letters(box)
    layout.letter_justification = (pattern, letter) if pattern and letter else None
    layout.set_text(box.text, justify=True)
    line, _ = layout.get_first_line()
    return line_size(line, box.style)[0], layout


def _justify_line(context: Any, line: Any, extra: float) -> None:
    """Spread ``extra`` points over ``line`` (see the module's rules)."""
    texts = [box for box in _text_boxes(line) if box.text]
    if not texts:
        return
    spaces = sum(box.text.count(" ") + box.text.count("\u00a0") for box in texts)
    # how much each box widens for 1 pt of letter spacing (Pango gives half at a run's edges)
    unit = {
        id(box): _spaced_width(context, box, 0, 1.0)[0] - _spaced_width(context, box, 0, 0)[0]
        for box in texts
        if (pattern := _letters(box)) and pattern.search(box.text)
    }
    letters = sum(unit.values())
    em = texts[0].style["font_size"]
    lang = (line.style["lang"] or "").lower()  # the paragraph's language rules, whatever it quotes
    if lang.startswith(("zh", "ja")):  # inter-character: every opportunity alike
        word = letter = extra / (spaces + letters) if spaces + letters else 0.0
    elif not lang.startswith("ko"):  # Latin: the spaces take it all, as WeasyPrint does (hyphenated)
        word, letter = (extra / spaces if spaces else 0.0), 0.0
    else:
        space = _natural_space(context, texts)
        word = min(extra / spaces, max(WORD_GAP * em - space, 0.0)) if spaces else 0.0
        rest = extra - word * spaces
        letter = min(rest / letters, SYLLABLE_GAP * em) if letters and rest > 0 else 0.0
        word = min(word, max(WORD_GAP * em - space - letter, 0.0))  # the gap's letter halves count too
    if word or letter:
        _spread(context, line, texts, word, letter)


def _natural_space(context: Any, texts: list[Any]) -> float:
    """The width of a space on the line, measured between two of its own characters: the prepared
    fonts hold only the text's characters, so a sample like "x x" would be set in another font."""
    from weasyprint.text.line_break import create_layout, line_size

    for pattern in (_WIDE_PAIR, _ANY_PAIR):  # a space between wide letters first: the line's usual one
        for box in texts:
            found = pattern.search(box.text)
            if found:
                pair = found.group()
                wide = create_layout(pair, box.style, context, None, 0)
                narrow = create_layout(pair[0] + pair[2], box.style, context, None, 0)
                width = line_size(wide.get_first_line()[0], box.style)[0]
                return width - line_size(narrow.get_first_line()[0], box.style)[0]
    return 0.25 * texts[0].style["font_size"]


def _spread(context: Any, line: Any, texts: list[Any], word: float, letter: float) -> None:
    """Widen each text box of ``line`` and move everything after it along (WeasyPrint's
    add_word_spacing, with the width each box gains measured)."""
    from weasyprint.formatting_structure import boxes

    gains: dict[int, tuple[float, Any]] = {}
    for box in texts:
        if (" " in box.text or "\u00a0" in box.text) or (letter and _letters(box)):
            width, layout = _spaced_width(context, box, word, letter)
            layout.deactivate()
            gains[id(box)] = (width - box.width, layout)

    def move(box: Any, advance: float) -> float:
        if isinstance(box, boxes.TextBox):
            box.position_x += advance
            if id(box) in gains:
                gain, layout = gains[id(box)]
                box.justification_spacing = word
                box.pango_layout = layout
                box.width += gain
                advance += gain
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += advance
            before = advance
            children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
            for child in children:
                if child.is_in_normal_flow():
                    advance = move(child, advance)
            box.width += advance - before
        else:
            box.translate(advance, 0)
        return advance

    move(line, 0.0)
