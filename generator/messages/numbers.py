"""Numbers as a reader reads them: in order, by value, in the text's locale's format.

The translation's numbers must be the source's in the same order ("2 doses, 10 days" as "10회, 2일"
is an error), compared by value, each text read with its locale's separators: 0.5 is 0,5 in French,
1,000 is 1.000 in German, ١٬٠٠٠ in Arabic-Indic digits; "1.000" is one in English. A letter or sign
that reads as a digit touching a number (10O, l0, 10〇, 2½, 10²) is an error. A translator's
``# numbers-differ: [NUMBERS [-> NUMBERS]:] why`` comment exempts numbers (:func:`exemption`);
``guide update`` makes one on a changed source ``numbers-differ (re-confirm):``, which exempts nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from babel.numbers import get_decimal_symbol, get_group_symbol

Finding = tuple[str, str, str]  # (severity, message, what to do), as checks.Finding

# Spaces that group digits and never break a line. An ordinary space separates two numbers ("2 100 mg").
GROUP_SPACES = "\u00a0\u202f\u2007"
ARABIC_DECIMAL, ARABIC_GROUP = "\u066b", "\u066c"  # ٫ ٬, with Arabic-Indic digits in any Arabic-script locale
WIDE = str.maketrans("．，", ".,")  # full-width separators between full-width digits
SEPARATORS = ".,'’" + GROUP_SPACES + ARABIC_DECIMAL + ARABIC_GROUP + "．，"
# Letters that read as 0 or 1 beside digits: Latin, Cyrillic (and Ukrainian) and Greek O, o, l, I.
LOOK_ALIKES = frozenset("OolIОоІіӀΟο")
# Units that begin with a look-alike and may touch a number: 10lb, 1000IU.
UNITS = frozenset({"lb", "lbs", "oz", "IU", "in"})


class Reading(NamedTuple):
    numbers: list[Decimal]  # in order
    unreadable: list[tuple[str, str]]  # (the number as written, why it may be misread)


class Exemption(NamedTuple):
    kind: str  # "" (none), "bare", "list", "map", "re-confirm"
    covered: tuple[Decimal, ...] = ()  # list: the values that may differ; map: the source's numbers
    target: tuple[Decimal, ...] = ()  # map: the translation's numbers


_RUN = re.compile(rf"\d+(?:[{re.escape(SEPARATORS)}]\d+)*")
_COMMENT = re.compile(r"^[ \t]*numbers-differ(?P<again> \(re-confirm\))?:[ \t]*(?P<rest>\S.*)$", re.M)
_SPEC = re.compile(r"(?P<left>[\d.,\s]*?)\s*(?:(?P<arrow>->|→)\s*(?P<right>[\d.,\s]*?))?\s*:\s*\S")


def _decimal(digits: str) -> Decimal:
    """'٣٫٥' or '3.5' → Decimal('3.5'): every script's digits as ASCII, '.' kept."""
    return Decimal("".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in digits))


@functools.cache
def convention(locale: str) -> tuple[str, str]:
    """(decimal signs, group signs) of ``locale``, its Latin and its own digits' (Babel); English if unknown."""
    decimals, groups = ARABIC_DECIMAL, ARABIC_GROUP + GROUP_SPACES
    for system in ("latn", "default"):
        try:
            decimals += get_decimal_symbol(locale, numbering_system=system)
            groups += get_group_symbol(locale, numbering_system=system)
        except Exception:  # an unknown locale or numbering system: Babel raises several kinds
            decimals, groups = decimals + ".", groups + ","
    return decimals, "".join(c for c in groups if c not in decimals)


def _grouped(groups: list[str]) -> bool:
    """Digit groups as a group separator divides them: 1,000,000 or (Indian) 10,00,000."""
    if len(groups) == 1:
        return True
    middle = {len(g) for g in groups[1:-1]}
    return 1 <= len(groups[0]) <= 3 and len(groups[-1]) == 3 and middle <= {2, 3} and len(middle) <= 1


def _value(run: str, decimals: str, groups: str) -> Decimal | None:
    """The run read as one number with these separators, or None if they cannot make it one."""
    parts = re.split(r"(\D)", run.translate(WIDE))
    digits, seps = parts[0::2], parts[1::2]
    fraction = ""
    if seps and seps[-1] in decimals:
        fraction, seps = digits.pop(), seps[:-1]
    if any(s not in groups for s in seps) or not _grouped(digits):
        return None
    return _decimal("".join(digits) + (f".{fraction}" if fraction else ""))


def _values(run: str, conventions: Sequence[tuple[str, str]]) -> list[Decimal]:
    """A run of digits and separators as the first convention reads it; else its digit groups, each a number."""
    for decimals, groups in conventions:
        value = _value(run, decimals, groups)
        if value is not None:
            return [value]
    return [_decimal(part) for part in re.split(r"\D", run)]


def _letters(text: str, start: int, step: int) -> str:
    """The run of Latin, Cyrillic or Greek letters from ``start`` going ``step`` (+1 or -1), in reading order."""
    end = start
    while 0 <= end < len(text) and unicodedata.name(text[end], "").startswith(("LATIN", "CYRILLIC", "GREEK")):
        end += step
    return text[start:end] if step > 0 else text[end + 1 : start + 1]


def _digit_like(char: str) -> bool:
    """A sign that is a number but not a decimal digit: ½ ² ① Ⅱ 〇 (Unicode No, Nl)."""
    return unicodedata.category(char) in ("No", "Nl")


def _touching(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the number text[start:end] with the look-alikes and digit-like signs that touch it."""
    left, right = start, end
    while left > 0 and _digit_like(text[left - 1]):
        left -= 1
    while right < len(text) and _digit_like(text[right]):
        right += 1
    before, after = _letters(text, left - 1, -1), _letters(text, right, 1)
    if before and before[-1] in LOOK_ALIKES and before not in UNITS:
        left -= len(before)
    if after and after[0] in LOOK_ALIKES and after not in UNITS:
        right += len(after)
    return left, right


def _scripts(run: str) -> set[str]:
    """The scripts of a run's digits, by name: "" for ASCII, "ARABIC-INDIC ", "FULLWIDTH "…"""
    return {unicodedata.name(c).partition("DIGIT")[0] for c in run if c.isdecimal()}


def read(text: str, conventions: Sequence[tuple[str, str]]) -> Reading:
    """The numbers of ``text`` in order, each run read by the first convention that makes it one number."""
    numbers: list[Decimal] = []
    unreadable: list[tuple[str, str]] = []
    start = end = 0
    for match in _RUN.finditer(text):
        left, right = _touching(text, *match.span())
        numbers += _signs(text[end:left], unreadable) + _values(match.group(), conventions)
        if (left, right) != match.span():
            if left < end:  # one look-alike between two runs of digits (1l0): one number misread
                unreadable.pop()
            else:
                start = left
            unreadable.append((text[start:right], "a letter or sign that reads as a digit touches the number"))
        elif len(_scripts(match.group())) > 1:
            unreadable.append((match.group(), "its digits are of two scripts"))
        end = right
    numbers += _signs(text[end:], unreadable)
    return Reading(numbers, unreadable)


def _signs(text: str, unreadable: list[tuple[str, str]]) -> list[Decimal]:
    """Numbers written as one sign (½, ②, Ⅻ) away from digits; a super- or subscript on a word (m², H₂O) is none."""
    found: list[Decimal] = []
    for match in re.finditer(r"\w+", text):
        signs = [c for c in match.group() if _digit_like(c)]
        if not signs:
            continue
        raised = all(unicodedata.decomposition(c).startswith(("<super>", "<sub>")) for c in signs)
        if raised and len(signs) < len(match.group()):
            continue
        if len(signs) > 1:
            unreadable.append((match.group(), "signs that read as digits side by side"))
        found += [Decimal(str(unicodedata.numeric(c))).normalize() for c in signs]
    return found


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
WORD_NUMBERS = {
    **{word: n for n, word in enumerate(_ONES)},
    **{word: 20 + 10 * i for i, word in enumerate(_TENS)},
    **{f"{tens}-{one}": 20 + 10 * i + n for i, tens in enumerate(_TENS) for n, one in enumerate(_ONES[1:10], 1)},
    **{word: n for n, word in enumerate(_ORDINALS, 1)},
}
_WORD_NUMBER = re.compile(rf"\b(?:{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))})\b", re.IGNORECASE)


def word_numbers(text: str) -> list[Decimal]:
    """Numbers an English source spells out ("eighteen months", "twenty-\neight")."""
    return [Decimal(WORD_NUMBERS[m.group().lower()]) for m in _WORD_NUMBER.finditer(re.sub(r"-\s+", "-", text))]


def exemption_comment(tcomment: str | None) -> str:
    """The ``numbers-differ`` line of a translator comment, '' when there is none."""
    match = _COMMENT.search(tcomment or "")
    return match.group().strip() if match else ""


def exemption(comment: str) -> Exemption:
    """``numbers-differ: [NUMBERS [-> NUMBERS]:] why`` read; numbers in digits, '.' before decimals."""
    match = _COMMENT.search(comment or "")
    if match is None:
        return Exemption("")
    if match["again"]:
        return Exemption("re-confirm")
    spec = _SPEC.match(match["rest"])
    if spec is None or not (re.search(r"\d", spec["left"]) or spec["arrow"]):
        return Exemption("bare")
    left, right = (tuple(map(_decimal, re.findall(r"\d+(?:\.\d+)?", spec[side] or ""))) for side in ("left", "right"))
    return Exemption("map", left, right) if spec["arrow"] else Exemption("list", left)


def reconfirm(tcomment: str) -> str:
    """A translator comment carried to a changed source: its ``numbers-differ`` exempts nothing until re-confirmed."""
    return re.sub(r"^(\s*)numbers-differ:", r"\1numbers-differ (re-confirm):", tcomment, flags=re.M)


class Difference(NamedTuple):
    missing: list[Decimal]  # the source's numbers the translation lacks, in the source's order
    extra: list[Decimal]  # the translation's numbers the source lacks, in the translation's order
    moved: bool  # the same numbers, in another order

    @property
    def any(self) -> bool:
        return bool(self.missing or self.extra or self.moved)


def _left_over(values: Sequence[Decimal], allowed: Counter[Decimal]) -> list[Decimal]:
    out = []
    for value in values:
        if allowed[value] > 0:
            allowed[value] -= 1
        else:
            out.append(value)
    return out


def _in_order(required: Sequence[Decimal], optional: Sequence[Decimal], found: Sequence[Decimal]) -> bool:
    """``found`` is ``required`` in order, with spelt-out numbers in digits anywhere (greedy is exact: equal values)."""
    spare, at = Counter(optional), 0
    for value in found:
        if at < len(required) and required[at] == value:
            at += 1
        elif spare[value] > 0:
            spare[value] -= 1
        else:
            return False
    return at == len(required)


def compare(required: Sequence[Decimal], optional: Sequence[Decimal], found: Sequence[Decimal]) -> Difference:
    """How ``found`` departs from the source's ``required`` numbers (and ``optional``: spelt out in the source)."""
    missing = _left_over(required, Counter(found))
    extra = _left_over(found, Counter(required) + Counter(optional))
    return Difference(missing, extra, not missing and not extra and not _in_order(required, optional, found))


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _joined(values: Sequence[Decimal], sep: str = ", ") -> str:
    return sep.join(_show(v) for v in values)


def describe(diff: Difference, required: Sequence[Decimal], found: Sequence[Decimal]) -> str:
    """Every difference: 'number 10 of the source is missing; number 3 is not in the source'."""
    parts = []
    for values, what in ((diff.missing, "of the source {} missing"), (diff.extra, "{} not in the source")):
        if values:
            one = len(values) == 1
            parts.append(f"number{'' if one else 's'} {_joined(values)} " + what.format("is" if one else "are"))
    if diff.moved:
        parts.append(f"numbers are in another order than the source's: {_joined(required)} → {_joined(found)}")
    return "; ".join(parts)


KEEP = "keep each number as digits, in the source's order, as often as the source has it"
MARKED = " (marked numbers-differ by the translator)"


def number_findings(
    source: str, target: str, locale: str, comment: str = "", source_locale: str = "en"
) -> Iterator[Finding]:
    """What a reader of ``target`` would read otherwise than the source's numbers; ``comment``: the
    translator's ``numbers-differ`` line."""
    ours = read(source, [convention(source_locale)])
    theirs = read(target, [convention(locale), convention(source_locale)])
    written = {text for text, _ in ours.unreadable}
    for text, why in theirs.unreadable:
        if text not in written:  # as the source writes it (H2O, COVID-19): read as the source is
            yield "error", f"{text!r} may be misread: {why}", "write the number in digits alone, a space before a word"
    marked = exemption(comment)
    if marked.kind == "map":
        yield from _mapped(ours.numbers, theirs.numbers, marked)
    else:
        yield from _compared(ours.numbers, word_numbers(source), theirs.numbers, marked)


def _compared(
    required: list[Decimal], optional: list[Decimal], found: list[Decimal], marked: Exemption
) -> Iterator[Finding]:
    """The differences in numbers the comment does not name are errors; those it names, a note."""
    everything = set(required + optional + found)
    covered = everything if marked.kind == "bare" else set(marked.covered)
    for inside, severity in ((False, "error"), (True, "note")):
        part = [[v for v in values if (v in covered) == inside] for values in (required, optional, found)]
        diff = compare(*part)
        if not diff.any:
            continue
        what = describe(diff, part[0], part[2])
        if severity == "error":
            yield "error", what, _hint(diff, part[0], part[2], marked)
        else:
            named = "; name the numbers in the comment ('# numbers-differ: 1: why')" if marked.kind == "bare" else ""
            yield "note", what + MARKED, "check the translator's reason" + named


def _mapped(required: list[Decimal], found: list[Decimal], marked: Exemption) -> Iterator[Finding]:
    """``# numbers-differ: 2 10 -> 10 2: why``: the source's numbers and the translation's, exactly."""
    comment = f"'# numbers-differ: {_joined(marked.covered, ' ')} -> {_joined(marked.target, ' ')}'"
    if tuple(required) != marked.covered:
        what, hint = f"the source's numbers are {_joined(required) or 'none'}", "the source changed: check it"
        yield "error", f"{what}, not those of the comment {comment}", f"{hint}, then correct the comment"
    elif tuple(found) != marked.target:
        what, hint = f"the translation's numbers are {_joined(found) or 'none'}", "write the numbers the comment names"
        yield "error", f"{what}, not those of its comment {comment}", f"{hint}, or correct the comment"
    elif marked.covered != marked.target:
        what = f"numbers {_joined(required)} are written {_joined(found)}"
        yield "note", what + MARKED, "check the translator's reason"


def _hint(diff: Difference, required: list[Decimal], found: list[Decimal], marked: Exemption) -> str:
    """What to do, and the comment that would mark the difference as right."""
    if marked.kind == "re-confirm":
        return (
            f"{KEEP}; the source changed since the comment '# numbers-differ (re-confirm)' was written: "
            "check every number against it, then remove ' (re-confirm)'"
        )
    if marked.kind == "list":
        return f"{KEEP}; the comment '# numbers-differ: {_joined(marked.covered, ' ')}' covers only those numbers"
    if diff.moved:
        named = f"{_joined(required, ' ')} -> {_joined(found, ' ')}"
    else:
        named = _joined(list(dict.fromkeys(diff.missing + diff.extra)), " ")
    return f"{KEEP}; if the difference is right, say so in a translator comment: '# numbers-differ: {named}: why'"
