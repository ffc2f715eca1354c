"""Catalogue checks: what a translation must keep from its source.

Each checker looks at one entry and yields problems; :func:`check_catalogue`
runs them over a .po file and reports them compiler-style, with the line of
the entry's msgstr. Errors would mislead a reader (a changed URL, PMID or
number, broken markup, a changed placeholder); warnings need a translator's
look (fuzzy, untranslated, a glossary term not used, text left in English).

A catalogue is partly trusted input. Its inline markup is parsed the way the
renderer parses it (markdown-it, HTML off) and must have the source's shape:
the same emphasis and strong, the same links to the same targets, no HTML.
The build refuses a product that would print an entry with an error
(:func:`gate`), so what ``guide check`` calls an error never reaches a PDF.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polib
from markdown_it import MarkdownIt

from ..config import CARD, NO_QUESTIONS, Config
from ..content import CONTROL, CONTROL_HINT, load_content, renamed_context
from ..errors import CatalogueError, ErrorList, GuideError
from .catalog import NUMBERS_DIFFER, is_blank
from .glossary import Term, load_glossary
from .plurals import plural_forms_problem
from .pofile import ParsedPo, read_po
from .translator import Translator

PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|\{\w*\}")
URL = re.compile(r"https?://[^\s)\]>]+")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)\)")
PMID = re.compile(r"PMID:?\s*(\d+)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # \d: digits of every script (Arabic-Indic, Devanagari, full-width)
MARKUP = re.compile(r"\*\*|\*|`")
LETTERS = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"</?[A-Za-z][^<>]*>?|<[!?]")
# A translation this many times as long as its source (and longer than LONG characters) is a paste error.
RATIO, LONG = 8, 120
# The inline Markdown of render._markdown (without its typographer, which changes no structure).
_MD = MarkdownIt("zero").enable(["emphasis", "link", "escape"])


class Markup(NamedTuple):
    """A text's inline markup as the renderer sees it."""

    tags: list[str]  # em_open and strong_open, sorted
    links: list[str]  # each link's attributes (its target), sorted
    stars: int  # literal * left over


def inline_markup(text: str) -> Markup:
    """The emphasis, strong and links of ``text``, parsed as the renderer parses them."""
    tags: list[str] = []
    links: list[str] = []
    stars = 0
    for block in _MD.parseInline(text):
        for token in block.children or []:
            if token.type in ("em_open", "strong_open"):
                tags.append(token.type)
            elif token.type == "link_open":
                links.append(" ".join(f"{k}={v}" for k, v in sorted(token.attrs.items())))
            elif token.type == "text":
                stars += token.content.count("*")
    return Markup(sorted(tags), sorted(links), stars)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    severity: str  # "error", "warning" or "note" (a difference the translator marked as intended)
    message: str
    hint: str

    def format(self, root: Path | None = None) -> str:
        return GuideError(f"{self.severity}: {self.message}", self.path, self.line, self.hint).format(root)


def _multiset(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted(m.group(1) if pattern.groups else m.group() for m in pattern.finditer(text))


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


def word_numbers(text: str) -> list[str]:
    """Numbers an English source spells out ("eighteen months", "twenty-\neight"), which a translation
    may write as digits."""
    return [str(WORD_NUMBERS[m.group().lower()]) for m in _WORD_NUMBER.finditer(re.sub(r"-\s+", "-", text))]


def numbers(text: str) -> list[str]:
    """The numbers of ``text``, sorted, with every script's digits as ASCII ones (٣ → 3, ３ → 3)."""
    return sorted(
        "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in m.group()) for m in NUMBER.finditer(text)
    )


class Finding(NamedTuple):
    severity: str  # "error", "warning" or "note"
    message: str
    hint: str  # what to do


def check_entry(entry: polib.POEntry, terms: list[Term], locale: str) -> Iterator[Finding]:
    """What is wrong with one translated entry."""
    return check_texts(entry.msgid, entry.msgstr, terms, locale, bool(NUMBERS_DIFFER.search(entry.tcomment or "")))


def check_texts(
    source: str, target: str, terms: list[Term], locale: str, numbers_differ: bool = False
) -> Iterator[Finding]:
    """What is wrong with one translation of ``source``, in the order ``guide check`` lists it.

    ``numbers_differ``: the translator marked the entry (``# numbers-differ: why``); a difference
    in numbers is then a note, not an error.
    """
    source_markup, target_markup = inline_markup(source), inline_markup(target)
    yield from _copied_exactly(source, target, source_markup.links != target_markup.links)
    yield from _number_problems(source, target, numbers_differ)
    yield from _markup_problems(source, target, source_markup, target_markup)
    yield from _glossary_problems(source, target, terms, locale)
    kept = URL.sub("", source)
    for term in terms:
        if term.keep:
            kept = kept.replace(term.source, "")
    if target == source and LETTERS.search(kept):
        yield Finding(
            "warning", "translation is identical to the source", "translate it, or confirm by editing the entry"
        )


def _copied_exactly(source: str, target: str, links_differ: bool) -> Iterator[Finding]:
    """What a translation must carry over unchanged: no new control characters, placeholders, links, URLs, PMIDs."""
    control = next((c for c in CONTROL.findall(target) if c not in source), None)
    if control:
        yield Finding("error", f"control character U+{ord(control):04X} in the translation", CONTROL_HINT)
    if _multiset(PLACEHOLDER, source) != _multiset(PLACEHOLDER, target):
        yield Finding("error", "placeholders differ from the source", "keep every %(name)s exactly as in msgid")
    if _multiset(LINK, source) != _multiset(LINK, target) or links_differ:
        yield Finding("error", "links differ from the source", "keep each [text](url) with the source's URL")
    if _multiset(URL, source) != _multiset(URL, target):
        yield Finding("error", "URLs differ from the source", "copy every URL exactly")
    if _multiset(PMID, source) != _multiset(PMID, target):
        yield Finding("error", "PMIDs differ from the source", "copy every PMID and its digits exactly")


def _number_problems(source: str, target: str, numbers_differ: bool) -> Iterator[Finding]:
    """Each number of the prose as often as the source has it; one the source spells out may be in digits."""
    # Digits inside URLs and PMIDs are checked with them; here only the numbers of the prose.
    prose = [numbers(PMID.sub("", URL.sub("", text))) for text in (source, target)]
    missing = list((Counter(prose[0]) - Counter(prose[1])).elements())
    extra = list((Counter(prose[1]) - Counter(prose[0]) - Counter(word_numbers(source))).elements())
    if not missing and not extra:
        return
    what = f"number {missing[0]} of the source is missing" if missing else f"number {extra[0]} is not in the source"
    if numbers_differ:
        yield Finding("note", f"{what} (marked numbers-differ by the translator)", "check the translator's reason")
    else:
        yield Finding(
            "error",
            what,
            "keep each number as digits, as often as the source has it; if the difference is right, "
            "add a translator comment '# numbers-differ: why'",
        )


def _markup_problems(source: str, target: str, ours: Markup, theirs: Markup) -> Iterator[Finding]:
    """Emphasis paired as in the source, no HTML, and no pasted text many times the source's length."""
    if (
        len(MARKUP.findall(source)) != len(MARKUP.findall(target))
        or target.count("*") % 2
        or ours.tags != theirs.tags
        or theirs.stars > ours.stars
    ):
        yield Finding(
            "error", "inline markup (* or **) differs from the source", "keep emphasis marks paired as in msgid"
        )
    if _multiset(TAG, source) != _multiset(TAG, target):
        yield Finding(
            "error",
            "HTML is not allowed in a translation",
            "remove the tags; use *emphasis*, **strong** and [text](url) as the source does",
        )
    if len(target) > LONG and len(target) > RATIO * len(source):
        yield Finding(
            "error",
            f"translation is {len(target) / len(source):.0f} times as long as its source",
            "check for a paste error; translate only this entry's text",
        )


def _glossary_problems(source: str, target: str, terms: list[Term], locale: str) -> Iterator[Finding]:
    """Do-not-translate terms kept, glossary terms used.

    Longest terms first, each match blanked out: "sourced offshore" is checked, not "offshore"
    inside it. Do-not-translate terms are looked for in the whole source.
    """
    unmatched = source
    for term in sorted(terms, key=lambda t: -len(t.source)):
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(term.source)}(?![A-Za-z])", re.IGNORECASE)
        if not pattern.search(source if term.keep else unmatched):
            continue
        if not term.keep:
            unmatched = pattern.sub(" ", unmatched)
        if term.keep and term.source not in target:
            yield Finding("error", f"{term.source!r} must stay as it is", "do-not-translate term: copy it exactly")
        elif (
            locale in term.targets
            and term.targets[locale].strip("「」\"'") not in target
            # kept in the source language on purpose: a name or a title, like a journal's
            and not re.search(re.escape(term.source), target, re.IGNORECASE)
        ):
            yield Finding(
                "error" if term.enforce else "warning",
                f"glossary: {term.source!r} should be {term.targets[locale]!r}",
                "use the glossary term (locales/glossary.yaml says why)",
            )


def _header_problems(po: polib.POFile, locale: str) -> Iterator[tuple[str, Finding]]:
    """(header field, finding); a Plural-Forms other than CLDR's rule is a note: the team's choice."""
    if po.metadata.get("Language") != locale:
        message = f"Language header is {po.metadata.get('Language')!r}, expected {locale!r}"
        yield "Language", Finding("error", message, "fix the Language header")
    content_type = po.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        yield "Content-Type", Finding("error", f"Content-Type is {content_type!r}", 'use "text/plain; charset=UTF-8"')
    if plural := plural_forms_problem(po.metadata.get("Plural-Forms"), locale):
        yield "Plural-Forms", Finding(*plural)


def check_catalogue(path: Path, locale: str, terms: list[Term], is_source: bool = False) -> list[Problem]:
    """Every problem of one .po file: its header's, then each live entry's, at the line of its msgstr."""
    # Not strict: a wrong charset or an empty file is listed below with the other header problems.
    parsed = read_po(path, hint=f"run `guide init {locale}`", missing="catalogue not found", strict=False)
    problems = [Problem(path, parsed.header_line(field), *f) for field, f in _header_problems(parsed.po, locale)]
    for entry in parsed.po:
        if not entry.obsolete:
            problems += _entry_problems(parsed, entry, terms, locale, is_source)
    return problems


def _entry_problems(
    parsed: ParsedPo, entry: polib.POEntry, terms: list[Term], locale: str, is_source: bool
) -> list[Problem]:
    line = parsed.msgstr_line(entry)
    problems: list[Problem] = []

    def add(severity: str, message: str, hint: str) -> None:
        problems.append(Problem(parsed.path, line, severity, message, hint))

    if renamed_context(entry.msgctxt):  # the build no longer looks it up: its translation is not printed
        add(
            "warning",
            f"context {entry.msgctxt!r} is a renamed key's; now {renamed_context(entry.msgctxt)!r}",
            "run `guide extract && guide update` to move the translation",
        )
    if is_source and not entry.msgstr:
        return problems
    if "fuzzy" in entry.flags:
        add(
            "warning",
            "fuzzy: the source changed since this was translated",
            "check it against msgid, then remove the fuzzy flag",
        )
    elif not entry.msgstr:
        add("warning", f"untranslated [{entry.msgctxt}]: {entry.msgid[:50]!r}", "translate it")
        return problems
    elif "CRITICAL:" in entry.comment and is_blank(entry.msgstr):
        add(
            "warning",
            f"untranslated [{entry.msgctxt}]: only spaces, punctuation or invisible characters",
            "translate it: a product that prints this safety message is not built until then",
        )
    for finding in check_entry(entry, terms, locale):
        add(*finding)
    return problems


def check_content(config: Config) -> list[Problem]:
    """content/ against its declared schema (the build's own errors), and whether the card has its questions."""
    try:
        guide = load_content(config.content_dir)
    except GuideError as exc:
        errors = exc.errors if isinstance(exc, ErrorList) else [exc]
        return [Problem(e.path or config.content_dir, e.line or 0, "error", e.message, e.hint or "") for e in errors]
    if CARD in config.products and guide.section_with("questions") is None:
        message, _, hint = NO_QUESTIONS.partition(" (")
        return [Problem(config.content_dir / "sections", 0, "warning", message, hint.rstrip(")"))]
    return []


def check_project(config: Config, locales: list[str]) -> list[Problem]:
    from .missing import critical_units, missing_critical  # it imports Problem from here

    terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale)
    problems: list[Problem] = check_content(config)
    critical = critical_units(config)
    for code in locales:
        path = config.po_path(code)
        if code == config.source_locale and not path.exists():
            continue
        problems.extend(check_catalogue(path, code, terms, is_source=code == config.source_locale))
        problems.extend(missing_critical(config, path, code, critical) if code != config.source_locale else [])
    return problems


def gate(config: Config, locale: str, translator: Translator, what: str) -> None:
    """Refuse a document that would print a translation ``guide check`` calls an error.

    Checks only the entries the document looked up and printed as translated.
    """
    catalogue = translator.catalogue
    if catalogue is None:
        return
    terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale)
    errors: list[GuideError] = []
    for context, msgid in translator.used:
        message = catalogue.entries.get((context, msgid))
        if message is None or not message.translated:
            continue  # untranslated or fuzzy: printed in the source language
        for finding in check_texts(msgid, message.msgstr, terms, locale, message.numbers_differ):
            if finding.severity == "error":
                errors.append(
                    CatalogueError(f"{what} not built: {finding.message}", catalogue.path, message.line, finding.hint)
                )
    ErrorList.raise_if(errors)
