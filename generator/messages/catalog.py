"""One locale's translations as the build looks them up: :class:`Catalogue` of :class:`Message`.

:func:`read_catalogue` reads a project's .po file; :func:`generator_catalogue` the generator's
own (generator/locale/<locale>/LC_MESSAGES/generator.po): the built-in templates' strings
("Page 1 of 2", "Contents") ship translated, the way Sphinx ships its own. Lookups try the
project's catalogue, then the generator's, then the source text. A project's POT leaves these
strings out (it is not made to translate them), but for those a project catalogue translates
itself: `guide extract` lists them, so msgmerge and Weblate keep them, and such an entry wins.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .. import paths
from ..errors import CatalogueError
from .numbers import exemption_comment
from .plurals import PluralRule, forms_problem, parse
from .pofile import read_po, read_po_file

Key = tuple[str | None, str]  # (msgctxt, msgid): how gettext names a message

GENERATOR_LOCALES = paths.GENERATOR_LOCALES


@dataclass(frozen=True)
class Message:
    """One entry of a catalogue, as the build needs it."""

    msgstr: str
    fuzzy: bool
    line: int  # the line of its msgstr in the .po file, for error messages
    numbers_differ: str = ""  # the translator's ``# numbers-differ`` line: numbers that differ on purpose
    msgid_plural: str = ""  # a plural message's: its forms are ``forms`` (msgstr[n]), msgstr is ""
    forms: dict[int, str] = field(default_factory=dict)

    @property
    def translated(self) -> bool:
        """Printed: neither empty nor fuzzy (a plural message: none of its forms empty)."""
        if self.msgid_plural:
            return bool(self.forms) and all(self.forms.values()) and not self.fuzzy
        return bool(self.msgstr) and not self.fuzzy


@dataclass
class Catalogue:
    """One locale's translations: (context, msgid) → :class:`Message`."""

    locale: str
    path: Path | None
    entries: dict[Key, Message] = field(default_factory=dict)
    plural: PluralRule | None = None  # its Plural-Forms header, None if gettext could not read it

    def lookup(self, context: str | None, msgid: str) -> str | None:
        """The translation, or None when missing, empty or fuzzy."""
        message = self.entries.get((context, msgid))
        if message is None or message.msgid_plural:
            return None
        return message.msgstr if message.translated else None

    def lookup_plural(self, context: str | None, msgid: str, n: int) -> str | None:
        """The form of a plural message for ``n`` by the catalogue's Plural-Forms (gettext's own
        evaluator, as GNUTranslations.ngettext), or None when missing, empty, fuzzy, or its forms are
        not the rule's."""
        message = self.entries.get((context, msgid))
        rule = self.plural
        if message is None or not message.msgid_plural or not message.translated or rule is None:
            return None
        if rule.problem() or forms_problem(message.forms, rule):
            return None
        return message.forms[int(rule.form(n))]


def is_blank(text: str) -> bool:
    """Nothing a reader can read: only spaces, punctuation, controls and invisible marks."""
    return all(unicodedata.category(char)[0] in "ZPC" for char in text)


def read_catalogue(path: Path, locale: str, root: Path) -> Catalogue:
    """A locale's .po file (inside the project ``root``), refusing syntax errors with their line and a
    Language header for another locale."""
    parsed = read_po(path, hint=f"run `guide init {locale}` to create it", root=root, missing="catalogue not found")
    language = parsed.po.metadata.get("Language")
    if language and language != locale:
        raise CatalogueError(
            f"Language header says {language}, folder says {locale}",
            path=path,
            line=1,
            hint='fix the "Language:" header',
        )
    entries = {
        (entry.msgctxt, entry.msgid): Message(
            msgstr=entry.msgstr,
            fuzzy="fuzzy" in entry.flags,
            line=parsed.msgstr_line(entry),
            numbers_differ=exemption_comment(entry.tcomment),
            msgid_plural=entry.msgid_plural or "",
            forms=dict(entry.msgstr_plural) if entry.msgid_plural else {},
        )
        for entry in parsed.po
        if not entry.obsolete and entry.msgid
    }
    return Catalogue(locale, path, entries, parse(parsed.po.metadata.get("Plural-Forms")))


def generator_template() -> list[polib.POEntry]:
    """The entries of the generator's catalogue template (none if it is not shipped)."""
    path = GENERATOR_LOCALES / "generator.pot"
    if not path.is_file():
        return []
    entries = read_po_file(path, hint="run scripts/generator-catalogue.py", root=GENERATOR_LOCALES)
    return [entry for entry in entries if entry.msgid]


@functools.cache
def generator_messages() -> frozenset[Key]:
    """(msgctxt, msgid) of every message the generator's catalogue template lists."""
    return frozenset((entry.msgctxt, entry.msgid) for entry in generator_template())


def generator_catalogue(locale: str) -> Catalogue | None:
    """The generator's translations for ``locale`` (pt_BR falls back to pt), or None."""
    path = paths.shipped_catalogue(locale)
    if path is None:
        return None
    return _shipped(path, path.read_bytes())


@functools.lru_cache(maxsize=64)
def _shipped(path: Path, content: bytes) -> Catalogue:
    """Parsed once per content: an edited catalogue reaches the next build of a long-lived process
    (``guide serve``), as the build record expects (pipeline.inputs)."""
    return read_catalogue(path, path.parents[1].name, path.parents[2])
