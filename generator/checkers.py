"""Catalogue checks: what a translation must keep from its source.

Each checker looks at one entry and yields problems; :func:`check_catalogue`
runs them over a .po file and reports them compiler-style, with the line of
the entry's msgstr. Errors would mislead a reader (a changed URL, PMID or
number, broken markup, a changed placeholder); warnings need a translator's
look (fuzzy, untranslated, a glossary term not used, text left in English).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from .config import Config
from .errors import CatalogueError, GuideError
from .glossary import Term, load_glossary
from .messages import msgstr_line, parse_po, plural_forms

PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|\{\w*\}")
URL = re.compile(r"https?://[^\s)\]>]+")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)\)")
PMID = re.compile(r"PMID:?\s*(\d+)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKUP = re.compile(r"\*\*|\*|`")
LETTERS = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    severity: str  # "error" or "warning"
    message: str
    hint: str

    def format(self, root: Path | None = None) -> str:
        return GuideError(f"{self.severity}: {self.message}", self.path, self.line, self.hint).format(root)


def _multiset(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted(m.group(1) if pattern.groups else m.group() for m in pattern.finditer(text))


def check_entry(entry: polib.POEntry, terms: list[Term], locale: str) -> Iterator[tuple[str, str, str]]:
    """(severity, problem, what to do) for one translated entry."""
    source, target = entry.msgid, entry.msgstr
    if _multiset(PLACEHOLDER, source) != _multiset(PLACEHOLDER, target):
        yield "error", "placeholders differ from the source", "keep every %(name)s exactly as in msgid"
    if _multiset(LINK, source) != _multiset(LINK, target):
        yield "error", "links differ from the source", "keep each [text](url) with the source's URL"
    if _multiset(URL, source) != _multiset(URL, target):
        yield "error", "URLs differ from the source", "copy every URL exactly"
    if _multiset(PMID, source) != _multiset(PMID, target):
        yield "error", "PMIDs differ from the source", "copy every PMID and its digits exactly"
    # Digits inside URLs and PMIDs are checked above; here only the numbers of the prose.
    prose = [PMID.sub("", URL.sub("", text)) for text in (source, target)]
    missing = [n for n in _multiset(NUMBER, prose[0]) if n not in _multiset(NUMBER, prose[1])]
    if missing:
        yield "error", f"number {missing[0]} of the source is missing", "keep numbers as digits, as in the source"
    if len(MARKUP.findall(source)) != len(MARKUP.findall(target)) or target.count("*") % 2:
        yield "error", "inline markup (* or **) differs from the source", "keep emphasis marks paired as in msgid"
    if re.search(r"<[a-zA-Z/!]", target) and not re.search(r"<[a-zA-Z/!]", source):
        yield "error", "HTML in a translation is printed as text", "remove the tags"
    for term in terms:
        if not re.search(rf"(?<![A-Za-z]){re.escape(term.source)}(?![A-Za-z])", source, re.IGNORECASE):
            continue
        if term.keep and term.source not in target:
            yield "error", f"{term.source!r} must stay as it is", "do-not-translate term: copy it exactly"
        elif (
            locale in term.targets
            and term.targets[locale].strip("「」\"'") not in target
            # kept in the source language on purpose: a name or a title, like a journal's
            and not re.search(re.escape(term.source), target, re.IGNORECASE)
        ):
            yield "warning", f"glossary: {term.source!r} should be {term.targets[locale]!r}", "use the glossary term"
    kept = URL.sub("", source)
    for term in terms:
        if term.keep:
            kept = kept.replace(term.source, "")
    if target == source and LETTERS.search(kept):
        yield "warning", "translation is identical to the source", "translate it, or confirm by editing the entry"


def _header_problems(po: polib.POFile, locale: str) -> Iterator[tuple[str, str]]:
    if po.metadata.get("Language") != locale:
        yield f"Language header is {po.metadata.get('Language')!r}, expected {locale!r}", "fix the Language header"
    content_type = po.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        yield f"Content-Type is {content_type!r}", 'use "text/plain; charset=UTF-8"'
    try:
        expected = plural_forms(locale)
    except ValueError:  # an unknown locale is reported by the config
        return
    if po.metadata.get("Plural-Forms", "").replace(" ", "") != expected.replace(" ", ""):
        yield f"Plural-Forms is {po.metadata.get('Plural-Forms')!r}", f"use {expected!r}"


def check_catalogue(path: Path, locale: str, terms: list[Term], is_source: bool = False) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError("catalogue not found", path=path, hint=f"run `guide init {locale}`") from None
    except UnicodeDecodeError:
        raise CatalogueError("not valid UTF-8", path=path, hint="save the file as UTF-8") from None
    po = parse_po(path, text)
    problems = [Problem(path, 1, "error", message, hint) for message, hint in _header_problems(po, locale)]
    lines = text.splitlines()
    for entry in po:
        if entry.obsolete:
            continue
        line = msgstr_line(lines, entry.linenum)
        if is_source and not entry.msgstr:
            continue
        if "fuzzy" in entry.flags:
            problems.append(
                Problem(
                    path,
                    line,
                    "warning",
                    "fuzzy: the source changed since this was translated",
                    "check it against msgid, then remove the fuzzy flag",
                )
            )
        elif not entry.msgstr:
            problems.append(
                Problem(path, line, "warning", f"untranslated [{entry.msgctxt}]: {entry.msgid[:50]!r}", "translate it")
            )
            continue
        for severity, message, hint in check_entry(entry, terms, locale):
            problems.append(Problem(path, line, severity, message, hint))
    return problems


def check_project(config: Config, locales: list[str]) -> list[Problem]:
    terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale)
    problems: list[Problem] = []
    for code in locales:
        path = config.po_path(code)
        if code == config.source_locale and not path.exists():
            continue
        problems.extend(check_catalogue(path, code, terms, is_source=code == config.source_locale))
    return problems
