"""Plural forms: a catalogue's ``Plural-Forms`` header, what it means, and CLDR's rule for its locale.

Two headers are the same rule when they have the same number of forms and give the same form for
every n from 0 to 1000: ``plural=n != 1;`` and Babel's ``plural=(n != 1);`` are one rule.

CLDR's rules change between Babel releases (Babel 2.19 gave French, Spanish, Italian and Portuguese
a third form, "many", for millions, at index 1), so a catalogue's header is its translators'
decision, not Babel's: ``guide init`` writes CLDR's rule; ``guide update`` and
``scripts/generator-catalogue.py`` keep a catalogue's header and say in one line when it means
something other than CLDR's; only their ``--plural-forms`` option replaces it.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass

import babel
import polib
from babel import Locale
from babel.messages.plurals import get_plural

SAMPLE = range(1001)  # the numbers two rules are compared on
_HEADER = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*")


@dataclass(frozen=True)
class PluralRule:
    """A parsed ``Plural-Forms`` value: how many forms, and which one each number takes."""

    count: int
    formula: str
    form: Callable[[int], int]

    @property
    def header(self) -> str:
        return f"nplurals={self.count}; plural={self.formula};"

    def forms(self) -> list[int] | None:
        """The form of each number of :data:`SAMPLE`, or None if the formula fails on one."""
        return self._forms

    @functools.cached_property
    def _forms(self) -> list[int] | None:  # once per rule: a build looks plural messages up often
        try:
            return [int(self.form(n)) for n in SAMPLE]
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return None

    def means(self, other: PluralRule) -> bool:
        forms = self.forms()
        return self.count == other.count and forms is not None and forms == other.forms()

    def single(self, index: int) -> int | None:
        """The one number of :data:`SAMPLE` that takes form ``index``, or None if it is none or several."""
        forms = self.forms() or []
        numbers = [n for n, form in zip(SAMPLE, forms, strict=False) if form == index]
        return numbers[0] if len(numbers) == 1 else None

    def problem(self) -> str | None:
        """Why the rule cannot be used (a form out of range, a formula that fails), or None."""
        forms = self.forms()
        if forms is None:
            return "its formula fails for some n from 0 to 1000"
        wrong = next((n for n, form in zip(SAMPLE, forms, strict=True) if not 0 <= form < self.count), None)
        if wrong is not None:
            return f"its formula gives form {forms[wrong]} for n={wrong}, but there are {self.count} forms"
        return None


def parse(value: str | None) -> PluralRule | None:
    """The rule a ``Plural-Forms`` value states, or None if it is not one gettext can read."""
    match = _HEADER.fullmatch(value or "")
    if not match or len(match.group(2)) > 500:  # a header is a line; longer is not a plural rule
        return None
    try:
        return PluralRule(int(match.group(1)), match.group(2).strip(), gettext.c2py(match.group(2)))
    except (ValueError, SyntaxError, RecursionError):
        return None


def cldr_rule(locale: str) -> PluralRule:
    """CLDR's rule for a locale, from the Babel this environment has (uv.lock fixes which)."""
    plural = get_plural(Locale.parse(locale))
    rule = parse(f"nplurals={plural.num_plurals}; plural={plural.plural_expr};")
    assert rule is not None, f"Babel's plural rule for {locale} does not parse"  # Babel writes C syntax
    return rule


def plural_forms(locale: str) -> str:
    """The header ``guide init`` writes: CLDR's rule for the locale."""
    return cldr_rule(locale).header


def same_plural_forms(header: str | None, expected: str | None) -> bool:
    """Whether two ``Plural-Forms`` values are one rule (same count, same form for n = 0…1000)."""
    ours, theirs = parse(header), parse(expected)
    return ours is not None and theirs is not None and ours.means(theirs)


def differs_from_cldr(header: str | None, locale: str) -> str | None:
    """One sentence saying how a catalogue's rule departs from CLDR's, or None if it does not."""
    expected = cldr_rule(locale)
    rule = parse(header)
    if rule is not None and rule.means(expected):
        return None
    example = _first_difference(rule, expected)
    return (
        f"Plural-Forms {header!r} is not CLDR's rule for {locale} "
        f"(Babel {babel.__version__}: {expected.header!r}{example})"
    )


def plural_forms_problem(header: str | None, locale: str) -> tuple[str, str, str] | None:
    """``guide check``'s (severity, problem, what to do) for a header: unusable is an error, not CLDR's a note."""
    try:
        expected = cldr_rule(locale)
    except ValueError:  # an unknown locale is reported by the config
        return None
    rule = parse(header)
    problem = "it is not a gettext Plural-Forms" if rule is None else rule.problem()
    if problem:
        return "error", f"Plural-Forms is {header!r}: {problem}", f"use CLDR's {expected.header!r}"
    if note := differs_from_cldr(header, locale):
        adopt = f"`guide update --locale {locale} --plural-forms` adopts CLDR's"
        return "note", note, f"keep it if your team chose it; {adopt}"
    return None


def _first_difference(rule: PluralRule | None, expected: PluralRule) -> str:
    if rule is None or rule.count != expected.count:
        return ""
    ours, theirs = rule.forms(), expected.forms()
    if ours is None or theirs is None:
        return ""
    n = next(n for n in SAMPLE if ours[n] != theirs[n])
    return f"; n={n} takes form {theirs[n]}, not {ours[n]}"


def adopt_cldr(po: polib.POFile, locale: str) -> int:
    """Give a catalogue CLDR's rule; the number of translated plural entries marked fuzzy.

    When the rule's meaning changes, plural entries are reshaped to the new number of forms and
    marked fuzzy: what each form stands for moved, so a translator must look at them again.
    """
    expected = cldr_rule(locale)
    rule = parse(po.metadata.get("Plural-Forms"))
    po.metadata["Plural-Forms"] = expected.header
    if rule is not None and rule.means(expected):
        return 0
    marked = 0
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            entry.msgstr_plural = {i: entry.msgstr_plural.get(i, "") for i in range(expected.count)}
            if "fuzzy" not in entry.flags and any(entry.msgstr_plural.values()):
                entry.flags.insert(0, "fuzzy")
                marked += 1
    return marked


# The names Jinja gives a plural message's number: ngettext's ``num``, ``{% trans count=n %}``'s ``count``.
NUMBER_PLACEHOLDERS = re.compile(r"%\((?:num|count)\)[-#0 +]*\d*s")


def forms_problem(forms: dict[int, str], rule: PluralRule) -> str | None:
    """Why a plural entry's translations are not the rule's forms (one missing or past its count), or None."""
    missing = [i for i in range(rule.count) if i not in forms]
    if missing:
        last = rule.count - 1
        return f"msgstr[{missing[0]}] is missing: Plural-Forms has {rule.count} forms (msgstr[0] to msgstr[{last}])"
    extra = sorted(i for i in forms if i >= rule.count)
    if extra:
        return f"msgstr[{extra[0]}] is past the last form: Plural-Forms has {rule.count} forms"
    return None


def form_source(msgid_plural: str, index: int, text: str, rule: PluralRule) -> str:
    """What form ``index`` of a plural message is checked against: ``msgid_plural``.

    A form that stands for one number only (Arabic's n=0, 1 and 2) may leave the number's
    placeholder out, as ``msgfmt -c`` allows: its word says the number ("سؤالان"). Russian's
    form 0 stands for 1, 21, 31…: it must print the number.
    """
    if rule.single(index) is None:
        return msgid_plural
    for placeholder in NUMBER_PLACEHOLDERS.findall(msgid_plural):
        if placeholder not in text:
            msgid_plural = msgid_plural.replace(placeholder, "", 1)
    return msgid_plural


def fill_forms(po: polib.POFile) -> None:
    """Give every plural entry one msgstr[n] per form of the catalogue's rule (msginit's and
    msgmerge's way): a new Arabic entry gets six empty forms, translated ones keep theirs."""
    rule = parse(po.metadata.get("Plural-Forms"))
    if rule is None:
        return
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            forms = entry.msgstr_plural or {}  # forms past the count are kept: guide check names them
            entry.msgstr_plural = {i: forms.get(i, "") for i in sorted({*range(rule.count), *forms})}
