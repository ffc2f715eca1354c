"""Guide typography applied to rendered inline HTML: where lines may and may not break.

WeasyPrint 70 has no ``word-break: keep-all``, ``text-wrap: balance`` or widow control
for the last line of a paragraph, so the rules are written into the HTML as unbreakable
spans (``white-space: nowrap``) and no-break spaces, around a few characters each:

- titles (:func:`title`): Chinese and Japanese break only between phrases (BudouX,
  mended by the project's word list), and the last two words of a heading stay together;
- paragraphs (:func:`paragraph`): the last line holds at least a few Chinese characters,
  or two words, and its last word is never hyphenated;
- everywhere (:func:`glue`): "PMID 36230058" and a number with its label stay on one
  line, and the Chinese dash —— is one unbroken, joined rule.

Each function takes and returns the HTML of one element's content (escaped text and
inline tags, as the render stage makes it); tags are kept, only text is touched.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from ..unicode import CJK_PUNCT, HAN, HANGUL_SYLLABLES, KANA

_TAG = re.compile(r"(<[^>]*>)")
_HAN = HAN + KANA
_HAN_CHAR = re.compile(f"[{_HAN}]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# Single characters that lean on the phrase before them (particles, conjunctions).
_LEAN_BACK = set("的之與及和或並而是在於也都就了嗎呢吧")
_CLOSING = set("，。、；：？！）」』》〉】…%％")
_OPENERS = set("「『（《〈【〔")
_TITLE_END = re.compile(f"[{_HAN}][」』）》〉】]")
# The last line of a Chinese paragraph holds at least this many characters (not counting punctuation):
# more would leave the justified line above it loose (its slack spread between its characters).
LAST_LINE_CHARACTERS = 3
# A project word longer than this may break inside (at BudouX's phrase boundaries).
LONGEST_WORD = 6
# A Chinese heading's last two phrases are kept together up to this many characters.
LAST_PHRASES = 6
# Two last words longer than this are not tied: the pair could not fit a narrow line.
LONGEST_TIE = 24
NOWRAP = '<span class="nw">'
NBSP = "\u00a0"


@functools.cache
def _parser(lang: str) -> Any:  # a budoux.Parser
    import budoux

    tag = lang.lower()
    if tag.startswith("ja"):
        return budoux.load_default_japanese_parser()
    if "hans" in tag or tag in ("zh-cn", "zh-sg", "zh"):
        return budoux.load_default_simplified_chinese_parser()
    return budoux.load_default_traditional_chinese_parser()


def phrases(text: str, lang: str, words: Iterable[str] = ()) -> list[str]:
    """``text`` cut into phrases that a line may break between.

    BudouX's phrases, mended: never between two letters or digits, never inside one of
    ``words`` (the project's terms), and a single character joins a neighbour (a particle
    the phrase before it, any other the phrase after it), since a line of one character
    or a break after one is what BudouX's model gets wrong most often.
    """
    pieces = _parser(lang).parse(text) or [text]
    cuts = {sum(len(p) for p in pieces[:i]) for i in range(1, len(pieces))}
    for cut in list(cuts):
        if _ALNUM.match(text[cut - 1]) and _ALNUM.match(text[cut]):
            cuts.discard(cut)
    for word in words:
        if len(word) > LONGEST_WORD:
            continue  # a title of a law, say: kept whole it could not fit a narrow column
        for match in re.finditer(re.escape(word), text):
            cuts -= set(range(match.start() + 1, match.end()))
    ordered = sorted(cuts)
    out: list[str] = []
    for start, end in zip([0, *ordered], [*ordered, len(text)], strict=True):
        piece = text[start:end]
        while out and piece[:1] in _CLOSING:  # a line never starts with a comma or a closing bracket
            out[-1], piece = out[-1] + piece[0], piece[1:]
        while out and out[-1][-1:] in _OPENERS:  # nor ends with an opening one: "韓國（" / "首爾"
            out[-1], piece = out[-1][:-1], out[-1][-1] + piece
            if not out[-1]:
                out.pop()
        if piece:
            out.append(piece)
    merged: list[str] = []
    for i, piece in enumerate(out):
        if merged and (_leans_back(piece) or (i == len(out) - 1 and _single(piece)) or _TITLE_END.match(piece)):
            merged[-1] += piece  # (a title's last character stays in it: not "《…確保 / 法》")
        elif merged and _single(merged[-1]) and not _leans_back(merged[-1]):
            merged[-1] += piece  # a single character, or an opening bracket, joins the phrase after it
        else:
            merged.append(piece)
    return merged


def _single(piece: str) -> bool:
    """One Chinese character (with its punctuation), or punctuation alone."""
    return len(_HAN_CHAR.findall(piece)) <= 1 and not _ALNUM.search(piece)


def _leans_back(piece: str) -> bool:
    """A particle, or closing punctuation alone: it belongs to the phrase before it."""
    han = _HAN_CHAR.findall(piece)
    return (len(han) == 1 and han[0] == piece.strip()[0] and han[0] in _LEAN_BACK) or (
        not han and not _ALNUM.search(piece) and piece.strip()[:1] in _CLOSING
    )


def _texts(markup: str) -> list[str]:
    return _TAG.split(str(markup))


def _join(pieces: list[str]) -> Markup:
    return Markup("".join(pieces))


def title(markup: str, lang: str, words: Iterable[str] = (), tie: bool = True) -> Markup:
    """A heading or title: Chinese kept whole between phrases, the last two words together.

    ``tie=False`` (a table cell, too narrow to hold two words on one line): phrases only.
    """
    pieces = _texts(glue(markup))
    words = tuple(words)
    last = max((i for i in range(0, len(pieces), 2) if pieces[i].strip()), default=-1)
    for i in range(0, len(pieces), 2):
        text = html.unescape(pieces[i])
        if not _HAN_CHAR.search(text):
            continue
        runs = phrases(text, lang, words)
        if tie and i == last and len(runs) > 2 and len(_HAN_CHAR.findall(runs[-2] + runs[-1])) <= LAST_PHRASES:
            runs[-2:] = [runs[-2] + runs[-1]]  # the last line of a heading is never one short phrase
        # <wbr> between two unbreakable spans: WeasyPrint finds no break opportunity there otherwise
        pieces[i] = "<wbr>".join(
            f"{NOWRAP}{escape(run)}</span>" if len(run.strip()) > 1 else str(escape(run)) for run in runs
        )
    return squeeze(_tie_last_words(pieces) if tie else _join(pieces))


def paragraph(markup: str) -> Markup:
    """A paragraph or list item: no short last line (:func:`_last_line`), punctuation squeezed."""
    return squeeze(_last_line(markup))


def _last_line(markup: str) -> Markup:
    """A paragraph or list item: no last line of one Chinese character, one hyphenated word-end or one short word."""
    pieces = _texts(glue(markup))
    last = max((i for i in range(0, len(pieces), 2) if pieces[i].strip()), default=None)
    if last is None:
        return _join(pieces)
    text = html.unescape(pieces[last])
    if _HAN_CHAR.search(text[-(LAST_LINE_CHARACTERS + 3) :]) or (_HAN_CHAR.search(text) and _LATIN_END.search(text)):
        start = _start_of_last_characters(text)
        if start is not None:
            pieces[last] = f"{escape(text[:start])}{NOWRAP}{escape(text[start:])}</span>"
        return _join(pieces)
    return _tie_last_words(pieces)


def _start_of_last_characters(text: str) -> int | None:
    """Where the last LAST_LINE_CHARACTERS letters of ``text`` begin (not inside a Latin word)."""
    count = 0
    for start in range(len(text) - 1, -1, -1):
        if text[start].isalnum():
            count += 1
        if count >= LAST_LINE_CHARACTERS:
            while start > 0 and _ALNUM.match(text[start]) and _ALNUM.match(text[start - 1]):
                start -= 1
            if _ALNUM.match(text[start]) and text[start - 1 : start] == " ":  # a Latin word: the one before it too
                start -= 1
                while start > 0 and _ALNUM.match(text[start - 1]):
                    start -= 1
            return start if start > 0 else None
    return None


def _tie_last_words(pieces: list[str]) -> Markup:
    """The last two space-separated words of the last text piece on one line, never hyphenated."""
    last = max((i for i in range(0, len(pieces), 2) if pieces[i].strip()), default=None)
    if last is None:
        return _join(pieces)
    text = html.unescape(pieces[last])
    body = text.rstrip()
    cut = body.rfind(" ")
    if NBSP in body[cut + 1 :]:  # the last "word" is two already ("갖고 있습니다.", "PMID 36230058."):
        return _join(pieces)  # a longer tie would only loosen the line above
    if cut > 0:
        cut = body.rfind(" ", 0, cut)  # the space before the second-to-last word
    tail = body[cut + 1 :]
    if cut < 0 or len(tail) > LONGEST_TIE or " " not in tail or _HAN_CHAR.search(tail):
        return _join(pieces)
    pieces[last] = f"{escape(text[: cut + 1])}{NOWRAP}{escape(tail)}</span>{escape(text[len(body):])}"
    return _join(pieces)


# A Chinese paragraph that ends in a Latin word ("（largely speculative）。"): its last two words stay together.
_LATIN_END = re.compile(r"[A-Za-z0-9]+[^\w\s]*\s*$")

# A Korean auxiliary verb stays on the line of the verb it follows ("알려 주십시오", "하고 있습니다"):
# after a word ending in the -아/-어 form (a syllable without final consonant, vowel ㅏ ㅐ ㅓ ㅕ ㅘ ㅝ) or -고.
_AUX_ENDS = "".join(chr(0xAC00 + 28 * (21 * lead + vowel)) for lead in range(19) for vowel in (0, 1, 4, 6, 9, 14))
# (주, 보 and 두 only as verb forms: not 주요, 보유, 두 가지)
_AUXILIARIES = (
    "주(?:십|시|세|었|어|고|는|면|지|기)|줍|줄|준|줘|드리|드립|드릴|드린|드려|보(?:십|시|세|았|면|아|자|니|지|기)|봅|볼|본|봐"
    "|두(?:십|시|세|었|고|는|면|지|기)|둡|둘|둔|둬|놓|버리|버립|버린|버려|있|계시|계십"
)
_AUXILIARY = re.compile(rf"(?<=[{_AUX_ENDS}고]) (?=(?:{_AUXILIARIES})[{HANGUL_SYLLABLES}]*)")

_PMID = re.compile(r"\bPMID:?\s+(?=\d)")
_DASH = re.compile(r"——")
_NUMBER_LABEL = re.compile(r"(?<=\d)\s+(?=[A-Za-z%])|(?<=\bet al\.,)\s+(?=\d)|(?<=[A-Za-z])\s+(?=\d{1,4}\b)")
_NUMBER_HAN = re.compile(rf"\d[\d,.]*[{_HAN}]")


def glue(markup: str) -> Markup:
    """PMIDs and numbers kept with their labels; the Chinese dash —— kept whole and joined."""
    pieces = _texts(markup)
    for i in range(0, len(pieces), 2):
        text = html.unescape(pieces[i])
        if _AUXILIARY.search(text):
            text = _AUXILIARY.sub(NBSP, text)
            pieces[i] = str(escape(text))
        if not re.search(r"\d|——", text):
            continue
        text = _PMID.sub("PMID" + NBSP, text)
        text = _NUMBER_LABEL.sub(NBSP, text)
        parts = re.split(r"(——|\d[\d,.]*[" + _HAN + r"])", text)
        out = []
        for j, part in enumerate(parts):
            if j % 2 == 0:
                out.append(str(escape(part)))
            elif part == "——":
                out.append(f'<span class="dash">{part}</span>')
            else:
                out.append(f"{NOWRAP}{escape(part)}</span>")
        pieces[i] = "".join(out)
    return _join(pieces)


_OPENING = _OPENERS
# Punctuation half of whose em is blank: brackets, and the pauses, set in the middle of the em in
# Hong Kong and Taiwan. Two side by side are set in 1.5 em, not 2 (clreq 3.1.6).
_SQUEEZABLE = _OPENING | set("」』）》〉】〕，。、；：")
HALT = '<span class="halt">'


def squeeze(markup: str) -> Markup:
    """Adjacent punctuation squeezed: one mark of each pair loses its blank half (OpenType ``halt``,
    which Noto CJK has; WeasyPrint 70 applies no ``chws``): the second when it opens a bracket, else
    the first. Pairs across inline tags count: "）<span>。" is a pair on the page."""
    pieces = _texts(markup)
    texts = {i: html.unescape(pieces[i]) for i in range(0, len(pieces), 2)}
    chars = [(i, j) for i, text in texts.items() for j in range(len(text))]
    halted = set()
    for (pa, ja), (pb, jb) in zip(chars, chars[1:], strict=False):
        if texts[pa][ja] in _SQUEEZABLE and texts[pb][jb] in _SQUEEZABLE:
            halted.add((pb, jb) if texts[pb][jb] in _OPENING else (pa, ja))
    if not halted:
        return Markup(markup)
    for i, text in texts.items():
        if any(p == i for p, _ in halted):
            pieces[i] = "".join(
                f"{HALT}{escape(c)}</span>" if (i, j) in halted else str(escape(c)) for j, c in enumerate(text)
            )
    return _join(pieces)


_WIDE = re.compile(f"[{_HAN}{HANGUL_SYLLABLES}{CJK_PUNCT}]")
# The width a table's columns share, in ems of its type (A5 text block at 8.5 pt, less cell padding).
TABLE_EMS = 36.2


def _ems(text: str) -> float:
    """About how wide ``text`` is set, in ems: Chinese, Korean and full-width characters 1, others 0.55."""
    wide = len(_WIDE.findall(text))
    return wide + 0.55 * (len(text) - wide)


def _units(text: str, lang: str, words: tuple[str, ...]) -> list[tuple[str, float]]:
    """What a table cell's lines break between, each with the room it takes: Chinese phrases (as
    :func:`title` sets them), or words with the space after them; a Korean word also ends after
    · and /, and before ( (typeset.linebreak)."""
    if _HAN_CHAR.search(text):
        return [(phrase, _ems(phrase)) for phrase in phrases(text, lang, words)] if lang else [(c, 1.0) for c in text]
    pieces = [w for w in re.split(r"\s+|(?<=[·/])|(?=\()", text) if w]
    return [(word, _ems(word) + 0.3) for word in pieces]


def _lines(units: list[tuple[str, float]], width: float) -> int:
    """How many lines ``units`` fill in a column ``width`` ems wide (less its padding)."""
    lines, filled, room = 1, 0.0, width - 0.6
    for _, wide in units:
        if filled and filled + wide > room + 0.3:
            lines, filled = lines + 1, 0.0
        filled += wide
    return lines


def _narrowest(units: list[tuple[str, float]], lines: int) -> float:
    """The narrowest column, in ems, that sets ``units`` in at most ``lines`` lines."""
    width = 1.0
    while _lines(units, width) > lines:
        width += 0.1
    return width


def column_widths(columns: list[list[str]], lang: str = "", words: Iterable[str] = ()) -> list[float]:
    """Percent widths for a table's columns (each: header, then cells), balanced to their content.

    Every column is at least wide enough for its longest word or phrase, and for its header in three
    lines; the rest of the width goes, a little at a time, to the column whose tallest cell (its
    header included) would take the most lines, so that no row is made tall by one narrow column.
    ``lang`` and ``words``: how Chinese cells break (:func:`phrases`).
    """
    words = tuple(words)
    units = [[_units(cell, lang, words) for cell in column] for column in columns]
    whole = [max((wide for cell in column for _, wide in cell), default=0) + 0.6 for column in units]
    floors = [max(word, 3.0, _narrowest(column[0], 3)) for column, word in zip(units, whole, strict=True)]
    widths = list(floors)
    step = TABLE_EMS / 400
    for _ in range(max(0, int((TABLE_EMS - sum(floors)) / step))):
        tallest = max(
            range(len(columns)),
            key=lambda i: (max(_lines(cell, widths[i]) for cell in units[i]), sum(map(_ems, columns[i])) / widths[i]),
        )
        widths[tallest] += step
    scale = 100.0 / sum(widths)
    return [round(w * scale, 1) for w in widths]
