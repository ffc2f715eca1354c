"""Messages stage: the catalogue template (POT), the .po catalogues, lookups.

- :func:`extract` collects every unit of content/ and every ``{% trans %}`` of
  the templates into one Babel catalogue, in document order.
- :func:`read_catalogue` reads a locale's .po file, refusing syntax errors
  with their line (Babel and polib both silently drop an unterminated string).
- :class:`Translator` answers lookups for one document and records every
  message that fell back to the source language, for the build summary.
- :func:`update` and :func:`init` keep catalogues in step with the template.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract_from
from babel.messages.pofile import PoFileError, read_po, write_po
from jinja2.ext import babel_extract as jinja_extractor

from .config import Config
from .content import Guide
from .errors import CatalogueError, TemplateError
from .files import atomic_write

# Template functions that carry translatable text, besides gettext's own.
KEYWORDS = {**DEFAULT_KEYWORDS, "css_text": ((1, "c"), 2)}
TEMPLATE_SUFFIXES = (".j2", ".html", ".css")
CRITICAL_NOTE = "CRITICAL: safety information; a product that prints it is not built while it is untranslated or fuzzy."
WIDTH = 76  # msgmerge's default wrapping, so diffs stay small either way


# --- Extraction ---------------------------------------------------------------


def template_files(config: Config, builtin: Path) -> list[tuple[str, Path]]:
    """Template names and the file that wins for each (project overrides built-in)."""
    found: dict[str, Path] = {}
    for folder in (builtin, config.templates_dir):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                    found[path.relative_to(folder).as_posix()] = path
    return sorted(found.items())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def extract(config: Config, guide: Guide, builtin_templates: Path) -> Catalog:
    """Build the catalogue template: content units first, then template strings."""
    catalog = Catalog(
        project=config.root.name,
        version=config.edition.isoformat(),
        charset="utf-8",
        fuzzy=False,
        creation_date=None,
    )
    for unit in guide.units:
        catalog.add(
            unit.text,
            context=unit.context,
            locations=[(_relative(unit.path, config.root), unit.line)],
            auto_comments=([unit.note] if unit.note else []) + ([CRITICAL_NOTE] if unit.critical else []),
        )
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "true", "silent": "false"}
    for name, path in template_files(config, builtin_templates):
        try:
            with path.open("rb") as handle:
                results = list(babel_extract_from(jinja_extractor, handle, KEYWORDS, ("NOTE:",), options, True))
        except Exception as exc:  # jinja2.TemplateSyntaxError and friends
            raise TemplateError(
                f"cannot extract messages: {exc}", path=path, line=getattr(exc, "lineno", None)
            ) from None
        for lineno, message, comments, context in results:
            if isinstance(message, tuple):
                message = message[0]
            catalog.add(message, context=context, locations=[(f"templates/{name}", lineno)], auto_comments=comments)
    return catalog


def _without_creation_date(data: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", data)


def write_catalog(path: Path, catalog: Catalog, previous: bool = True) -> bool:
    """Write a .po/.pot atomically; skip it if only the creation date would change."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=previous, ignore_obsolete=False)
    data = buffer.getvalue()
    if path.exists() and _without_creation_date(path.read_bytes()) == _without_creation_date(data):
        return False
    atomic_write(path, data)
    return True


# --- Reading catalogues ------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:#~ )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|(?:#~ )?\s*{_STRING}\s*)$"
)


def lint_po(path: Path, text: str) -> None:
    """Raise on the first line that is not valid PO syntax."""
    for number, line in enumerate(text.splitlines(), 1):
        if not _LINE.match(line):
            hint = (
                "close the string with a double quote"
                if line.count('"') % 2
                else "expected msgctxt, msgid, msgstr, a quoted string or a # comment"
            )
            raise CatalogueError(f"PO syntax error: {line.strip()[:60]!r}", path=path, line=number, hint=hint)


@dataclass
class Catalogue:
    """One locale's translations: (context, msgid) → translation, fuzzy flag, line."""

    locale: str
    path: Path | None
    entries: dict[tuple[str | None, str], tuple[str, bool, int]] = field(default_factory=dict)

    def lookup(self, context: str | None, msgid: str) -> str | None:
        """The translation, or None when missing, empty or fuzzy."""
        entry = self.entries.get((context, msgid))
        if entry is None or entry[1] or not entry[0]:
            return None
        return entry[0]


def msgstr_line(lines: list[str], msgid_line: int) -> int:
    """The line of an entry's msgstr, which is what a translator edits (Babel gives msgid's)."""
    for number in range(max(msgid_line, 1), len(lines) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return msgid_line


def read_catalogue(path: Path, locale: str) -> Catalogue:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError("catalogue not found", path=path, hint=f"run `guide init {locale}` to create it") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError("not valid UTF-8", path=path, line=line, hint="save the file as UTF-8") from None
    lint_po(path, text)
    try:
        catalog = read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogueError(f"cannot read: {exc}", path=path) from None
    if catalog.locale is not None and str(catalog.locale) != locale:
        raise CatalogueError(
            f"Language header says {catalog.locale}, folder says {locale}",
            path=path,
            line=1,
            hint='fix the "Language:" header',
        )
    lines = text.splitlines()
    entries: dict[tuple[str | None, str], tuple[str, bool, int]] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        string = message.string if isinstance(message.string, str) else ""
        entries[(message.context, message.id)] = (string, message.fuzzy, msgstr_line(lines, message.lineno or 0))
    return Catalogue(locale=locale, path=path, entries=entries)


class Translator:
    """Lookups for one document in one locale, remembering what fell back."""

    def __init__(self, catalogue: Catalogue | None, is_source: bool) -> None:
        self.catalogue = catalogue
        self.is_source = is_source
        self.used: dict[tuple[str | None, str], None] = {}  # ordered sets
        self.fallbacks: dict[tuple[str | None, str], None] = {}
        self.critical_fallbacks: dict[tuple[str | None, str], None] = {}

    def get(self, context: str | None, msgid: str, critical: bool = False) -> tuple[str, bool]:
        """(text, fell_back). In the source locale an empty entry is the source."""
        key = (context, msgid)
        self.used[key] = None
        translated = self.catalogue.lookup(context, msgid) if self.catalogue else None
        if translated is not None:
            return translated, False
        if self.is_source:
            return msgid, False
        self.fallbacks[key] = None
        if critical:
            self.critical_fallbacks[key] = None
        return msgid, True

    @property
    def share_translated(self) -> float:
        """Percent of the distinct messages looked up that were translated."""
        return 100.0 * (1 - len(self.fallbacks) / len(self.used)) if self.used else 100.0

    def line_of(self, key: tuple[str | None, str]) -> int | None:
        entry = self.catalogue.entries.get(key) if self.catalogue else None
        return entry[2] if entry else None


# --- Keeping catalogues in step ----------------------------------------------


def read_template(path: Path) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogueError("template not found", path=path, hint="run `guide extract` first") from None
    except PoFileError as exc:
        raise CatalogueError(f"cannot read: {exc}", path=path) from None


def update(config: Config, locale: str) -> bool:
    """Merge the template into one catalogue (changed → fuzzy, removed → obsolete)."""
    path = config.po_path(locale)
    read_catalogue(path, locale)  # refuses a broken file before we touch it
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, abort_invalid=True)
    catalog.update(read_template(config.pot_path), update_creation_date=False)
    return write_catalog(path, catalog)


def init(config: Config, locale: str) -> Path:
    """Create locales/<locale>/LC_MESSAGES/<domain>.po from the template."""
    path = config.po_path(locale)
    if path.exists():
        raise CatalogueError("catalogue exists already", path=path, hint="use `guide update` to refresh it")
    template = read_template(config.pot_path)
    catalog = Catalog(
        locale=Locale.parse(locale), project=template.project, version=template.version, charset="utf-8", fuzzy=False
    )
    for message in template:
        if message.id:
            catalog.add(
                message.id,
                "",
                locations=message.locations,
                auto_comments=message.auto_comments,
                context=message.context,
            )
    write_catalog(path, catalog)
    return path


@dataclass(frozen=True)
class Stats:
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(path: Path, locale: str) -> Stats:
    """Counts of one catalogue, read with polib (the way translators' tools count)."""
    import polib

    text = path.read_text(encoding="utf-8")
    lint_po(path, text)
    po = polib.pofile(text)
    return Stats(
        locale=locale,
        translated=len(po.translated_entries()),
        fuzzy=len([e for e in po.fuzzy_entries() if not e.obsolete]),
        untranslated=len(po.untranslated_entries()),
        obsolete=len(po.obsolete_entries()),
    )
