"""Script runs in text: the lang of each run, direction (bidi isolation), word breaks and
Korean words kept whole across inline markup."""

from __future__ import annotations

import functools
import re

from markupsafe import escape

from ..unicode import CJK_PUNCT, DICTIONARY_BROKEN, HAN, HANGUL, LONGEST_WORD
from .escape import html_attribute

_RUNS = re.compile(rf"(?P<hangul>[^\s{HAN}]*[{HANGUL}][^\s{HAN}]*)|(?P<han>[{HAN}][{HAN}{CJK_PUNCT}]*)")


def primary(lang: str) -> str:
    return lang.split("-")[0].lower()


def script_runs(text: str, lang: str, han_lang: str) -> list[tuple[str, str]]:
    """(lang, text) pieces: the language each part of ``text`` is printed in."""
    runs: list[tuple[str, str]] = []
    last = 0
    for match in _RUNS.finditer(text):
        runs.append((lang, text[last : match.start()]))
        if match.group("hangul"):
            runs.append(("ko" if primary(lang) != "ko" else lang, match.group()))
        elif primary(lang) in ("zh", "ja"):
            runs.append((lang, match.group()))
        else:
            runs.append((han_lang, match.group()))
        last = match.end()
    runs.append((lang, text[last:]))
    return [(run_lang, piece) for run_lang, piece in runs if piece]




@functools.cache
def is_rtl(lang: str) -> bool:
    """Whether ``lang`` (a BCP 47 tag) is written right to left, as CLDR says (ar, fa, he, ur...)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang, sep="-").character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


# A left-to-right run inside right-to-left text: Latin words with the digits, spaces and
# punctuation between them (PMID 36230058, PubMed, pubmed.ncbi.nlm.nih.gov/36230058/).
_LATIN = "A-Za-z\u00c0-\u024f"
# (%(name)s placeholders are matched first, and left alone.)
_LTR_RUN = re.compile(rf"%\(\w+\)s|[{_LATIN}][{_LATIN}0-9 .,:/_@&+'\u2019-]*[{_LATIN}0-9/]|[{_LATIN}]")


def escape_isolating(text: str, rtl: bool) -> str:
    """Escape ``text``; in right-to-left text, wrap each left-to-right run in ``<bdi dir="ltr">``.

    Isolated, a run keeps its own order and punctuation: unisolated, the full stop after
    "Hoang et al. (2023)." in Arabic text is drawn at the run's left end.
    """
    if not rtl:
        return str(escape(text))
    out, last = [], 0
    for match in _LTR_RUN.finditer(text):
        run = escape(match.group())
        out += [str(escape(text[last : match.start()])), run if run.startswith("%(") else f'<bdi dir="ltr">{run}</bdi>']
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


# Khmer, Lao and Myanmar write words without spaces. Pango finds the breaks between Thai words
# (libthai's dictionary) but breaks these scripts only at spaces: a long phrase ran off the page.
# ICU's dictionaries find the words, and a ZERO WIDTH SPACE marks each break (as Khmer typists
# do by hand); it is never inside a cluster, and a line never starts with a combining mark.
_DICTIONARY_SCRIPTS = re.compile(f"[{DICTIONARY_BROKEN}]+")
ZWSP = "\u200b"


@functools.cache
def _line_breaks(run: str) -> tuple[int, ...]:
    from icu4py.breakers import LineBreaker

    ends, position = [], 0
    first = run[0]
    locale = "lo" if first <= "\u0eff" else "my" if first <= "\u109f" or first >= "\uaa60" else "km"
    for segment in LineBreaker(run, locale):  # (ICU picks the dictionary by script; the locale is a hint)
        position += len(segment)
        ends.append(position)
    return tuple(ends[:-1])


def mark_word_breaks(text: str) -> str:
    """``text`` with a zero width space between the words of each Khmer, Lao or Myanmar run."""
    if not _DICTIONARY_SCRIPTS.search(text):
        return text

    def split(match: re.Match[str]) -> str:
        run, last, pieces = match.group(), 0, []
        for end in _line_breaks(run):
            pieces.append(run[last:end])
            last = end
        return ZWSP.join([*pieces, run[last:]])

    return _DICTIONARY_SCRIPTS.sub(split, text)


def tag_scripts(text: str, lang: str, han_lang: str) -> str:
    """Escape ``text`` and wrap script runs that need their own lang (and, in RTL text, direction)."""
    text = mark_word_breaks(text)
    out: list[str] = []
    rtl = is_rtl(lang)
    last = 0
    for match in _RUNS.finditer(text):
        out.append(escape_isolating(text[last : match.start()], rtl))
        run = str(escape(match.group()))
        if match.group("hangul"):
            # Korean words are kept whole when typeset (typeset.linebreak)
            out.append(run if primary(lang) == "ko" else f'<span lang="ko">{run}</span>')
        elif primary(lang) in ("zh", "ja"):
            out.append(run)
        else:
            out.append(f'<span lang="{html_attribute(han_lang)}">{run}</span>')
        last = match.end()
    out.append(escape_isolating(text[last:], rtl))
    return "".join(out)




_PIECES = re.compile(r"(<[^>]*>|\s+)")
_HANGUL_CHAR = re.compile(f"[{HANGUL}]")


def keep_words_across_tags(html: str) -> str:
    """Keep a Korean word unbreakable when inline markup cuts through it (``*세포 출처*는``).

    The typeset stage keeps each word of one text run together; a particle after
    emphasis or a link is a second run, and the line could break between the two.
    Such a word is wrapped whole in ``<span class="w">``: the tags open at its start
    are closed before the span and reopened inside it (and likewise at its end), so
    the HTML stays well nested.
    """
    if "<" not in html or not _HANGUL_CHAR.search(html):
        return html
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # open inline tags: (name, the opening tag as written)
    word: list[str] = []

    def flush() -> None:
        texts = [p for p in word if not p.startswith("<")]
        long = sum(len(p) for p in texts) > LONGEST_WORD
        if len(texts) < 2 or long or not any(_HANGUL_CHAR.search(p) for p in texts):
            out.extend(word)
        else:
            before = list(stack_at_start)
            out.extend(f"</{name}>" for name, _ in reversed(before))
            out.append('<span class="w">')
            out.extend(tag for _, tag in before)
            out.extend(word)
            out.extend(f"</{name}>" for name, _ in reversed(stack))
            out.append("</span>")
            out.extend(tag for _, tag in stack)
        word.clear()

    stack_at_start: list[tuple[str, str]] = []
    for piece in _PIECES.split(html):
        if not piece:
            continue
        if piece.isspace():
            flush()
            out.append(piece)
            continue
        if not word:
            stack_at_start = list(stack)
        word.append(piece)
        if piece.startswith("</"):
            if stack:
                stack.pop()
        elif piece.startswith("<") and not piece.endswith("/>") and not piece.startswith("<br"):
            stack.append((piece[1:].split(None, 1)[0].rstrip(">"), piece))
    flush()
    return "".join(out)

