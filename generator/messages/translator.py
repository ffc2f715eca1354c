"""Lookups for one document: the project's translation, else the generator's, else the source."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..errors import CatalogueError
from .bounds import over_budget
from .catalog import Catalogue, Key, is_blank
from .formats import HINT, format_problem
from .plurals import form_source


class Lookup(NamedTuple):
    text: str
    fell_back: bool  # no translation: the text is the source language's


class Origin(NamedTuple):
    """Where a translation was read from (both None for the source text)."""

    path: Path | None
    line: int | None


class Translator:
    """Lookups for one document in one locale, remembering what fell back."""

    def __init__(self, catalogue: Catalogue | None, is_source: bool, shipped: Catalogue | None = None) -> None:
        self.catalogue = catalogue
        self.is_source = is_source
        self.shipped = shipped  # the generator's own catalogue for the locale (its templates' strings)
        self.used: dict[Key, None] = {}  # ordered sets
        self.fallbacks: dict[Key, None] = {}
        self.critical_fallbacks: dict[Key, None] = {}
        self.formatted: set[Key] = set()  # the messages looked up as template strings (formatted with %)
        self.last: Key | None = None  # the message looked up last: what an exception while rendering it names

    def get(self, context: str | None, msgid: str, critical: bool = False, formatted: bool = False) -> Lookup:
        """The project's translation, else the generator's, else the source.

        In the source locale an empty entry is the source. ``formatted``: the text will be
        formatted with ``%`` (a template string); a translation whose placeholders are not the
        source's is refused here, before anything formats it.
        """
        key = (context, msgid)
        self.used[key] = None
        self.last = key
        translated = self.catalogue.lookup(context, msgid) if self.catalogue else None
        if translated is not None and critical and is_blank(translated):
            translated = None  # " ", "." or a zero-width space is not a safety question
        if translated is not None and over_budget(msgid, translated):
            # Never rendered (markdown-it would take minutes); the gate refuses the entry at its line.
            return Lookup(msgid, True)
        if translated is None and not self.is_source and self.shipped is not None:
            translated = self.shipped.lookup(context, msgid)
        if translated is not None:
            if formatted:
                self.formatted.add(key)
                self._check_format(key, translated)
            return Lookup(translated, False)
        if self.is_source:
            return Lookup(msgid, False)
        self.fallbacks[key] = None
        if critical:
            self.critical_fallbacks[key] = None
        return Lookup(msgid, True)

    def get_plural(self, context: str | None, msgid: str, msgid_plural: str, n: int) -> Lookup:
        """The form of a plural message (a template's ngettext) for ``n``: the project's, else the
        generator's, else the source's (msgid for n = 1, msgid_plural otherwise, as gettext falls back).

        Always a template string: the form is checked as :meth:`get` checks one, against msgid_plural.
        """
        key = (context, msgid)
        self.used[key] = None
        self.last = key
        for catalogue in (self.catalogue, None if self.is_source else self.shipped):
            rule = catalogue.plural if catalogue else None
            translated = catalogue.lookup_plural(context, msgid, n) if catalogue else None
            if rule and translated is not None and not over_budget(msgid_plural, translated):
                self.formatted.add(key)
                index = int(rule.form(n))  # (lookup_plural answers only by a rule)
                source = form_source(msgid_plural, index, translated, rule)
                self._check_format(key, translated, source, f"msgstr[{index}]: ")
                return Lookup(translated, False)
        source = msgid if n == 1 else msgid_plural
        if self.is_source:
            return Lookup(source, False)
        self.fallbacks[key] = None
        return Lookup(source, True)

    def _check_format(self, key: Key, translated: str, source: str | None = None, form: str = "") -> None:
        problem = format_problem(key[1] if source is None else source, translated)
        if problem is not None:
            origin = self.where(*key)
            raise CatalogueError(form + problem, path=origin.path, line=origin.line, hint=HINT)

    def where(self, context: str | None, msgid: str) -> Origin:
        """The file and line a translated message was read from (the project's or the generator's)."""
        for catalogue in (self.catalogue, self.shipped):
            message = catalogue.entries.get((context, msgid)) if catalogue is not None else None
            if catalogue is not None and message is not None and message.translated:
                return Origin(catalogue.path, message.line)
        return Origin(None, None)

    @property
    def share_translated(self) -> float:
        """Percent of the distinct messages looked up that were translated."""
        return 100.0 * (1 - len(self.fallbacks) / len(self.used)) if self.used else 100.0

    def line_of(self, key: Key) -> int | None:
        message = self.catalogue.entries.get(key) if self.catalogue else None
        return message.line if message else None
