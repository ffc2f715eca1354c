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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polib

from ..config import CARD, NO_QUESTIONS, Config
from ..content import CONTROL, CONTROL_HINT, Unit, load_content, renamed_context
from ..errors import CatalogueError, ErrorList, GuideError
from .addresses import address_problems
from .bounds import over_budget, raw_links
from .catalog import generator_catalogue, is_blank
from .formats import HINT as FORMAT_HINT
from .formats import PLACEHOLDER, is_formatted, placeholder_problem
from .glossary import Term, load_glossary
from .markup import inline_markup, markup_problems
from .missing import missing_critical
from .numbers import number_findings
from .plurals import PluralRule, form_source, forms_problem, plural_forms_problem
from .plurals import parse as parse_plural
from .pofile import ParsedPo, read_po
from .translator import Translator

UNTRANSLATED = "untranslated"
URL = re.compile(r"https?://[^\s)\]>]+")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)\)")
PMID = re.compile(r"PMID:?\s*(\d+)")
LETTERS = re.compile(r"[A-Za-z]{3,}")
_EVERY_FORM = ": every msgstr[n], one per plural form (Plural-Forms says which numbers take it)"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    severity: str  # "error", "warning" or "note" (a difference the translator marked as intended)
    message: str
    hint: str
    kind: str = ""  # "untranslated": an empty entry, which `guide check` counts per catalogue unless --verbose

    def format(self, root: Path | None = None) -> str:
        return GuideError(f"{self.severity}: {self.message}", self.path, self.line, self.hint).format(root)


def _multiset(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted(m.group(1) if pattern.groups else m.group() for m in pattern.finditer(text))


class Finding(NamedTuple):
    severity: str  # "error", "warning" or "note"
    message: str
    hint: str  # what to do


def check_entry(
    entry: polib.POEntry, terms: list[Term], locale: str, source_locale: str, rule: PluralRule | None = None
) -> Iterator[Finding]:
    """What is wrong with one translated entry (a plural one: each form, by the catalogue's ``rule``)."""
    comment, formatted = entry.tcomment or "", is_formatted(entry)
    if entry.msgid_plural:
        return check_forms(entry.msgid_plural, entry.msgstr_plural, rule, terms, locale, comment, source_locale)
    return check_texts(entry.msgid, entry.msgstr, terms, locale, comment, source_locale, formatted)


def check_forms(
    msgid_plural: str,
    forms: dict[int, str],
    rule: PluralRule | None,
    terms: list[Term],
    locale: str,
    numbers_differ: str = "",
    source_locale: str = "en",
) -> Iterator[Finding]:
    """Each form of a plural translation as a translation of msgid_plural (:func:`.plurals.form_source`),
    as :func:`check_texts` checks a template string (ngettext's always is one)."""
    for index, text in sorted(forms.items()):
        source = form_source(msgid_plural, index, text, rule) if rule else msgid_plural
        for finding in check_texts(source, text, terms, locale, numbers_differ, source_locale, True) if text else ():
            yield finding._replace(message=f"msgstr[{index}]: {finding.message}")


def check_texts(
    source: str,
    target: str,
    terms: list[Term],
    locale: str,
    numbers_differ: str = "",
    source_locale: str = "en",
    formatted: bool = False,
) -> Iterator[Finding]:
    """What is wrong with one translation of ``source``, in the order ``guide check`` lists it.

    ``numbers_differ``: the translator's comment; its ``# numbers-differ`` line makes the differences
    in numbers it names notes, not errors. ``formatted``: a template string (see :mod:`formats`).
    """
    if too_much := over_budget(source, target):  # first: nothing below may parse such a text (bounds.py)
        yield Finding(*too_much)
        return
    source_markup, target_markup = inline_markup(source), inline_markup(target)
    yield from _copied_exactly(source, target, source_markup.links != target_markup.links, formatted)
    yield from (Finding(*finding) for finding in address_problems(source, target))
    yield from _number_problems(source, target, locale, numbers_differ, source_locale)
    yield from (Finding(*f) for f in markup_problems(source, target, source_markup, target_markup))
    yield from _glossary_problems(source, target, terms, locale)
    kept = URL.sub("", source)
    for term in terms:
        if term.keep:
            kept = kept.replace(term.source, "")
    if target == source and LETTERS.search(kept):
        yield Finding(
            "warning", "translation is identical to the source", "translate it, or confirm by editing the entry"
        )


def _copied_exactly(source: str, target: str, links_differ: bool, formatted: bool) -> Iterator[Finding]:
    """What a translation must carry over unchanged: no new control characters, placeholders, links, URLs, PMIDs."""
    control = next((c for c in CONTROL.findall(target) if c not in source), None)
    if control:
        yield Finding("error", f"control character U+{ord(control):04X} in the translation", CONTROL_HINT)
    if placeholders := placeholder_problem(source, target, formatted):
        yield Finding("error", placeholders, FORMAT_HINT)
    if raw_links(source) != raw_links(target) or links_differ:  # bounds.raw_links: LINK, in linear time
        yield Finding("error", "links differ from the source", "keep each [text](url) with the source's URL")
    if _multiset(URL, source) != _multiset(URL, target):
        yield Finding("error", "URLs differ from the source", "copy every URL exactly")
    if _multiset(PMID, source) != _multiset(PMID, target):
        yield Finding("error", "PMIDs differ from the source", "copy every PMID and its digits exactly")


def _number_problems(source: str, target: str, locale: str, comment: str, source_locale: str) -> Iterator[Finding]:
    """The numbers of the prose as a reader reads them, in the source's order (see :mod:`.numbers`)."""
    # Digits of URLs, PMIDs and placeholders are checked with them; here only the numbers of the prose.
    ours, theirs = (PLACEHOLDER.sub(" ", PMID.sub(" ", URL.sub(" ", text))) for text in (source, target))
    for finding in number_findings(ours, theirs, locale, comment, source_locale):
        yield Finding(*finding)


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


def check_catalogue(
    path: Path, locale: str, terms: list[Term], root: Path, source_locale: str = "en", units: Sequence[Unit] = ()
) -> list[Problem]:
    """Every problem of one .po file: its header's, each live entry's at the line of its msgstr, then
    the safety-critical ``units`` it has no entry for."""
    # Not strict: a wrong charset or an empty file is listed below with the other header problems.
    parsed = read_po(path, hint=f"run `guide init {locale}`", root=root, missing="catalogue not found", strict=False)
    problems = [Problem(path, parsed.header_line(field), *f) for field, f in _header_problems(parsed.po, locale)]
    for entry in parsed.po:
        if not entry.obsolete:
            problems += _entry_problems(parsed, entry, terms, locale, source_locale)
    if locale != source_locale:
        problems += [Problem(path, 0, *finding) for finding in missing_critical(parsed.po, locale, units, root)]
    return problems


def _entry_problems(
    parsed: ParsedPo, entry: polib.POEntry, terms: list[Term], locale: str, source_locale: str
) -> list[Problem]:
    line, rule = parsed.msgstr_line(entry), parse_plural(parsed.po.metadata.get("Plural-Forms"))
    problems: list[Problem] = []
    forms = entry.msgstr_plural if entry.msgid_plural else {}
    translated = entry.msgstr or any(forms.values())

    def add(severity: str, message: str, hint: str) -> None:
        problems.append(Problem(parsed.path, line, severity, message, hint))

    if renamed_context(entry.msgctxt):  # the build no longer looks it up: its translation is not printed
        add(
            "warning",
            f"context {entry.msgctxt!r} is a renamed key's; now {renamed_context(entry.msgctxt)!r}",
            "run `guide extract && guide update` to move the translation",
        )
    if locale == source_locale and not translated:
        return problems
    if "fuzzy" in entry.flags:
        add(
            "warning",
            "fuzzy: the source changed since this was translated",
            "check it against msgid, then remove the fuzzy flag",
        )
    elif not translated or not all(forms.values()):
        if not _shipped(locale, entry):  # else the generator's own translation is printed
            message = f"untranslated [{entry.msgctxt}]: {entry.msgid[:50]!r}"
            hint = "translate it" + _EVERY_FORM * bool(forms)
            problems.append(Problem(parsed.path, line, "warning", message, hint, UNTRANSLATED))
        if not translated:
            return problems
    elif "CRITICAL:" in entry.comment and is_blank(entry.msgstr):
        add(
            "warning",
            f"untranslated [{entry.msgctxt}]: only spaces, punctuation or invisible characters",
            "translate it: a product that prints this safety message is not built until then",
        )
    if forms and rule and (wrong := forms_problem(forms, rule)):
        add("error", wrong, "give it one msgstr[n] per form of Plural-Forms (`guide update` adds the missing ones)")
    for finding in check_entry(entry, terms, locale, source_locale, rule):
        add(*finding)
    return problems


def _shipped(locale: str, entry: polib.POEntry) -> bool:
    """Whether the generator ships a translation of this entry's message for the locale."""
    shipped = generator_catalogue(locale)
    return shipped is not None and shipped.lookup(entry.msgctxt, entry.msgid) is not None


def check_content(config: Config) -> tuple[list[Unit], list[Problem]]:
    """content/ against its declared schema (the build's own errors), and whether the card has its
    questions; with the content's units (none when it does not load)."""
    try:
        guide = load_content(config.content_dir)
    except GuideError as exc:
        errors = exc.errors if isinstance(exc, ErrorList) else [exc]
        where = config.content_dir
        return [], [Problem(e.path or where, e.line or 0, "error", e.message, e.hint or "") for e in errors]
    if CARD in config.products and guide.section_with("questions") is None:
        message, _, hint = NO_QUESTIONS.partition(" (")
        return list(guide.units), [Problem(config.content_dir / "sections", 0, "warning", message, hint.rstrip(")"))]
    return list(guide.units), []


def check_project(config: Config, locales: list[str]) -> list[Problem]:
    terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale, config.root)
    units, problems = check_content(config)
    for code in locales:
        path = config.po_path(code)
        if code == config.source_locale and not path.exists():
            continue
        problems.extend(check_catalogue(path, code, terms, config.root, config.source_locale, units))
    return problems


def gate(config: Config, locale: str, translator: Translator, what: str) -> None:
    """Refuse a document that would print a translation ``guide check`` calls an error.

    Checks only the entries the document looked up and printed as translated.
    """
    catalogue = translator.catalogue
    if catalogue is None:
        return
    terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale, config.root)
    errors: list[GuideError] = []
    for context, msgid in translator.used:
        message = catalogue.entries.get((context, msgid))
        if message is None or not message.translated:
            continue  # untranslated or fuzzy: printed in the source language
        if message.msgid_plural and catalogue.lookup_plural(context, msgid, 0) is None:
            continue  # its forms are not its Plural-Forms': printed in the source language too
        formatted = (context, msgid) in translator.formatted
        exempt, source_locale = message.numbers_differ, config.source_locale
        findings = (
            check_forms(message.msgid_plural, message.forms, catalogue.plural, terms, locale, exempt, source_locale)
            if message.msgid_plural
            else check_texts(msgid, message.msgstr, terms, locale, exempt, source_locale, formatted)
        )
        for finding in findings:
            if finding.severity == "error":  # the first per entry: one line each; guide check lists them all
                errors.append(
                    CatalogueError(f"{what} not built: {finding.message}", catalogue.path, message.line, finding.hint)
                )
                break
    ErrorList.raise_if(errors)
