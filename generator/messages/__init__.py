"""Messages stage: the catalogue template (POT), the .po catalogues, lookups.

polib reads and writes every .po/.pot file: it round-trips what translators'
tools write (previous msgids with contexts, comments, obsolete entries, their
own headers), where Babel's writer drops some of it. Babel supplies the locale
data (plural forms) and the Jinja extractor.

- :func:`extract` collects every unit of content/ and every ``{% trans %}`` of
  the templates, in document order.
- :func:`read_catalogue` reads a locale's .po file, refusing syntax errors
  with their line (polib and Babel both silently drop an unterminated string).
- :class:`Translator` answers lookups for one document and records every
  message that fell back to the source language, for the build summary.
- :func:`merge` (``guide update``) and :func:`init` keep catalogues in step.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract_from
from babel.messages.plurals import get_plural
from jinja2.ext import babel_extract as jinja_extractor

from ..config import Config
from ..content import Guide
from ..content.schema import renamed_context
from ..errors import CatalogueError, TemplateError
from ..files import atomic_write, read_input
from .pofile import dumps

# Template functions that carry translatable text, besides gettext's own.
KEYWORDS = {**DEFAULT_KEYWORDS, "css_text": ((1, "c"), 2)}
TEMPLATE_SUFFIXES = (".j2", ".html", ".css")
CRITICAL_NOTE = "CRITICAL: safety information; a product that prints it is not built while it is untranslated or fuzzy."
# A translator's comment line that marks numbers that differ from the source on purpose
# (``# numbers-differ: the dosage is given in the local unit``); guide check reports it as a note.
NUMBERS_DIFFER = re.compile(r"^\s*numbers-differ:\s*\S", re.M)
WIDTH = 79  # GNU gettext's wrapping, so files stay stable whichever tool last wrote them


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


def _new_file(header: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=WIDTH, check_for_duplicates=False)
    po.metadata = header
    return po


def project_id(config: Config, guide: Guide) -> str:
    """Project-Id-Version: the guide's title and edition (not the checkout folder's name)."""
    title = guide.texts.get("title")
    plain = re.sub(r"[*_`]", "", title.text) if title is not None else config.domain
    return f"{plain} {config.edition.isoformat()}"


# The header comment and placeholders xgettext writes into a template (msgfmt -c expects them).
POT_COMMENT = """SOME DESCRIPTIVE TITLE.
Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER
This file is distributed under the same license as the PACKAGE package.
FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
"""


def extract(config: Config, guide: Guide, builtin_templates: Path) -> polib.POFile:
    """The catalogue template: content units first, in document order, then template strings."""
    pot = _new_file(
        {
            "Project-Id-Version": project_id(config, guide),
            "Report-Msgid-Bugs-To": config.report_bugs_to,
            "POT-Creation-Date": _now(),
            "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": "LANGUAGE <LL@li.org>",
            "Language": "",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    pot.header = POT_COMMENT
    pot.metadata_is_fuzzy = ["fuzzy"]
    entries: dict[tuple[str | None, str], polib.POEntry] = {}

    def add(msgid: str, context: str | None, location: str, comments: list[str]) -> None:
        key = (context, msgid)
        if key in entries:
            entry = entries[key]
            if (location, "") not in entry.occurrences:
                entry.occurrences.append((location, ""))
            return
        flags = ["python-format"] if PYTHON_FORMAT.search(msgid) else []
        entry = polib.POEntry(
            msgctxt=context,
            msgid=msgid,
            msgstr="",
            occurrences=[(location, "")],
            comment="\n".join(comments),
            flags=flags,
        )
        entries[key] = entry
        pot.append(entry)

    for unit in guide.units:
        notes = ([unit.note] if unit.note else []) + ([CRITICAL_NOTE] if unit.critical else [])
        if unit.locales:  # translators elsewhere can see they may skip it
            notes.append("Printed only in: " + ", ".join(unit.locales) + ".")
        add(unit.text, unit.context, _relative(unit.path, config.root), notes)
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "true", "silent": "false"}
    shipped = generator_messages()
    for name, path in template_files(config, builtin_templates):
        builtin = path.resolve().is_relative_to(builtin_templates.resolve())
        try:
            with path.open("rb") as handle:
                results = list(babel_extract_from(jinja_extractor, handle, KEYWORDS, ("NOTE:",), options, True))
        except Exception as exc:  # jinja2.TemplateSyntaxError and friends
            raise TemplateError(
                f"cannot extract messages: {exc}", path=path, line=getattr(exc, "lineno", None)
            ) from None
        for _lineno, message, comments, context in results:
            if isinstance(message, tuple):
                message = message[0]
            if builtin and (context, message) in shipped:
                continue  # translated by the generator's own catalogue
            add(message, context, f"templates/{name}", list(comments))
    return pot


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def _without_creation_date(data: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", data)


def write_catalog(path: Path, po: polib.POFile) -> bool:
    """Write a .po/.pot atomically; skip it if only the creation date would change."""
    data = dumps(po).encode("utf-8")
    if path.exists() and _without_creation_date(path.read_bytes()) == _without_creation_date(data):
        return False
    atomic_write(path, data)
    return True


# --- Reading catalogues ------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:#~ )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|(?:#~ )?\s*{_STRING}\s*)$"
)


# Characters str.splitlines() ends a line at that gettext does not: inside a PO string they are
# text (msgfmt accepts a U+2028 in a msgstr), so lines are split at "\n" only, and polib (which
# uses splitlines) reads them as stand-ins from a private-use plane, put back after parsing.
_NOT_NEWLINES = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_STAND_INS = str.maketrans({char: chr(0xF0000 + i) for i, char in enumerate(_NOT_NEWLINES)})
_PUT_BACK = str.maketrans({chr(0xF0000 + i): char for i, char in enumerate(_NOT_NEWLINES)})


def po_lines(text: str) -> list[str]:
    """The lines of a PO file as gettext counts them: split at newlines only."""
    return text.replace("\r\n", "\n").split("\n")


def lint_po(path: Path, text: str) -> None:
    """Raise on the first line that is not valid PO syntax."""
    for number, line in enumerate(po_lines(text), 1):
        if not _LINE.match(line):
            hint = (
                "close the string with a double quote"
                if line.count('"') % 2
                else "expected msgctxt, msgid, msgstr, a quoted string or a # comment"
            )
            raise CatalogueError(f"PO syntax error: {line.strip()[:60]!r}", path=path, line=number, hint=hint)


def is_blank(text: str) -> bool:
    """Nothing a reader can read: only spaces, punctuation, controls and invisible marks."""
    return all(unicodedata.category(char)[0] in "ZPC" for char in text)


@dataclass
class Catalogue:
    """One locale's translations: (context, msgid) → translation, fuzzy flag, line."""

    locale: str
    path: Path | None
    entries: dict[tuple[str | None, str], tuple[str, bool, int]] = field(default_factory=dict)
    numbers_differ: set[tuple[str | None, str]] = field(default_factory=set)  # marked by the translator

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
        data = read_input(path, CatalogueError)
    except FileNotFoundError:
        raise CatalogueError("catalogue not found", path=path, hint=f"run `guide init {locale}` to create it") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError("not valid UTF-8", path=path, line=line, hint="save the file as UTF-8") from None
    po = parse_po(path, text)
    check_encoding(path, text, po)
    language = po.metadata.get("Language")
    if language and language != locale:
        raise CatalogueError(
            f"Language header says {language}, folder says {locale}",
            path=path,
            line=1,
            hint='fix the "Language:" header',
        )
    lines = po_lines(text)
    entries: dict[tuple[str | None, str], tuple[str, bool, int]] = {}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        line = msgstr_line(lines, entry.linenum)
        entries[(entry.msgctxt, entry.msgid)] = (entry.msgstr, "fuzzy" in entry.flags, line)
    marked = {(e.msgctxt, e.msgid) for e in po if not e.obsolete and NUMBERS_DIFFER.search(e.tcomment or "")}
    return Catalogue(locale=locale, path=path, entries=entries, numbers_differ=marked)


# --- The generator's own catalogue -------------------------------------------
#
# The built-in templates' strings ("Page 1 of 2", "Contents") ship translated in
# generator/locale/<locale>/LC_MESSAGES/generator.po, the way Sphinx ships its own.
# Lookups try the project's catalogue, then the generator's, then the source text.
# A project's POT leaves these strings out (it is not made to translate them); an
# entry for one in a project catalogue still wins, and `guide update` keeps it.

GENERATOR_LOCALES = Path(__file__).parents[1] / "locale"


@functools.cache
def generator_messages() -> frozenset[tuple[str | None, str]]:
    """(msgctxt, msgid) of every message the generator's catalogue template lists."""
    path = GENERATOR_LOCALES / "generator.pot"
    if not path.is_file():
        return frozenset()
    return frozenset((entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if entry.msgid)


@functools.cache
def generator_catalogue(locale: str) -> Catalogue | None:
    """The generator's translations for ``locale`` (pt_BR falls back to pt), or None."""
    try:
        parsed = Locale.parse(locale)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    candidates = [locale, "_".join(p for p in (parsed.language, parsed.script) if p), parsed.language]
    for code in dict.fromkeys(candidates):
        path = GENERATOR_LOCALES / code / "LC_MESSAGES" / "generator.po"
        if path.is_file():
            return read_catalogue(path, code)
    return None


def check_encoding(path: Path, text: str, po: polib.POFile) -> None:
    """Refuse an empty catalogue, and one whose header names another charset than the UTF-8 it is read as."""
    if not po.metadata and not len(po):
        raise CatalogueError(
            "catalogue is empty",
            path=path,
            hint="restore it from version control, or delete it and run `guide init` for its locale",
        )
    match = re.search(r"charset=([\w.:-]+)", po.metadata.get("Content-Type", ""), re.I)
    if match and match.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = next((n for n, row in enumerate(text.splitlines(), 1) if "Content-Type:" in row), 1)
        raise CatalogueError(
            f"the Content-Type header says charset={match.group(1)}, but catalogues are UTF-8",
            path=path,
            line=line,
            hint='save the file as UTF-8 and set "Content-Type: text/plain; charset=UTF-8"',
        )


def parse_po(path: Path, text: str) -> polib.POFile:
    """A .po/.pot file, after the syntax check; duplicate entries are an error."""
    lint_po(path, text)
    try:
        po = polib.pofile("\n".join(po_lines(text)).translate(_STAND_INS), wrapwidth=WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogueError(f"cannot read: {exc}", path=path, line=int(match.group(1)) if match else None) from None
    if any(char in text for char in _NOT_NEWLINES.replace("\r", "")) or "\r" in text.replace("\r\n", ""):
        for entry in po:
            for name in ("msgctxt", "msgid", "msgid_plural", "msgstr", "comment", "tcomment", "previous_msgid"):
                value = getattr(entry, name, None)
                if isinstance(value, str):
                    setattr(entry, name, value.translate(_PUT_BACK))
            entry.msgstr_plural = {k: v.translate(_PUT_BACK) for k, v in entry.msgstr_plural.items()}
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen and not entry.obsolete:
            raise CatalogueError(
                f"duplicate entry {entry.msgid[:40]!r} (first at line {seen[key]})",
                path=path,
                line=entry.linenum,
                hint="delete one of the two entries",
            )
        if not entry.obsolete:
            seen[key] = entry.linenum
    return po


class Translator:
    """Lookups for one document in one locale, remembering what fell back."""

    def __init__(self, catalogue: Catalogue | None, is_source: bool, shipped: Catalogue | None = None) -> None:
        self.catalogue = catalogue
        self.is_source = is_source
        self.shipped = shipped  # the generator's own catalogue for the locale (its templates' strings)
        self.used: dict[tuple[str | None, str], None] = {}  # ordered sets
        self.fallbacks: dict[tuple[str | None, str], None] = {}
        self.critical_fallbacks: dict[tuple[str | None, str], None] = {}

    def get(self, context: str | None, msgid: str, critical: bool = False) -> tuple[str, bool]:
        """(text, fell_back): the project's translation, else the generator's, else the source.

        In the source locale an empty entry is the source."""
        key = (context, msgid)
        self.used[key] = None
        translated = self.catalogue.lookup(context, msgid) if self.catalogue else None
        if translated is not None and critical and is_blank(translated):
            translated = None  # " ", "." or a zero-width space is not a safety question
        if translated is not None:
            return translated, False
        if self.is_source:
            return msgid, False
        shipped = self.shipped.lookup(context, msgid) if self.shipped else None
        if shipped is not None:
            return shipped, False
        self.fallbacks[key] = None
        if critical:
            self.critical_fallbacks[key] = None
        return msgid, True

    def where(self, context: str | None, msgid: str) -> tuple[Path | None, int | None]:
        """The file and line a translated message was read from (the project's or the generator's)."""
        for catalogue in (self.catalogue, self.shipped):
            if catalogue is not None and catalogue.lookup(context, msgid) is not None:
                return catalogue.path, catalogue.entries[(context, msgid)][2]
        return None, None

    @property
    def share_translated(self) -> float:
        """Percent of the distinct messages looked up that were translated."""
        return 100.0 * (1 - len(self.fallbacks) / len(self.used)) if self.used else 100.0

    def line_of(self, key: tuple[str | None, str]) -> int | None:
        entry = self.catalogue.entries.get(key) if self.catalogue else None
        return entry[2] if entry else None


# --- Keeping catalogues in step ----------------------------------------------


def read_po_file(path: Path, hint: str) -> polib.POFile:
    try:
        text = read_input(path, CatalogueError).decode("utf-8")
    except FileNotFoundError:
        raise CatalogueError("not found", path=path, hint=hint) from None
    except UnicodeDecodeError:
        raise CatalogueError("not valid UTF-8", path=path, hint="save the file as UTF-8") from None
    po = parse_po(path, text)
    check_encoding(path, text, po)
    return po


def _refresh(entry: polib.POEntry, template: polib.POEntry) -> None:
    """Take source references, notes and format flags from the template; keep the translator's work."""
    entry.occurrences = list(template.occurrences)
    entry.comment = template.comment
    entry.flags = [f for f in entry.flags if f == "fuzzy" or not f.endswith("-format")] + [
        f for f in template.flags if f.endswith("-format")
    ]


def migrate_contexts(po: polib.POFile) -> int:
    """Give entries of renamed content keys (``kicker`` → ``tagline``) their new context, translation and all.

    The renames are declared in the content schema; an entry whose new context is already
    there is left alone (it becomes obsolete in the merge, never overwriting newer work).
    """
    taken = {(e.msgctxt, e.msgid) for e in po}
    moved = 0
    for entry in po:
        new = renamed_context(entry.msgctxt)
        if new is not None and (new, entry.msgid) not in taken:
            entry.msgctxt = new
            moved += 1
        if entry.previous_msgctxt and renamed_context(entry.previous_msgctxt):
            entry.previous_msgctxt = renamed_context(entry.previous_msgctxt)
    return moved


def _merged_header(header: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The catalogue's header in the order read (a tool's own fields stay where it put them), with
    the template's creation date and bug address, as msgmerge does: a missing
    Report-Msgid-Bugs-To goes after Project-Id-Version."""
    out: dict[str, str] = {}
    for key, value in header.items():
        out[key] = template.get(key, value) if key in ("Report-Msgid-Bugs-To", "POT-Creation-Date") else value
        if key == "Project-Id-Version" and "Report-Msgid-Bugs-To" not in header and "Report-Msgid-Bugs-To" in template:
            out["Report-Msgid-Bugs-To"] = template["Report-Msgid-Bugs-To"]
    return out


def merge(po: polib.POFile, pot: polib.POFile) -> polib.POFile:
    """msgmerge --previous, keyed by context (contexts are stable content ids).

    - same context and msgid: the entry is kept as it is;
    - same context, changed msgid: the old translation is kept, marked fuzzy,
      with the msgid it was made for as ``#| msgid``;
    - an old entry no longer in the template becomes obsolete (``#~``) if it
      holds a translation; untranslated ones are dropped, as msgmerge does;
    - an obsolete entry whose message returns is revived.
    """
    migrate_contexts(po)
    live = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    wanted = {(t.msgctxt, t.msgid) for t in pot}
    gone: dict[str | None, list[tuple[str | None, str]]] = {}
    for key, entry in live.items():
        if key not in wanted and entry.msgstr:
            gone.setdefault(key[0], []).append(key)
    used: set[tuple[str | None, str]] = set()

    out = _new_file(_merged_header(po.metadata, pot.metadata))
    out.header = po.header
    out.metadata_is_fuzzy = po.metadata_is_fuzzy
    for template in pot:
        key = (template.msgctxt, template.msgid)
        if key in live or key in obsolete:
            entry = live.get(key) or obsolete[key]
            entry.obsolete = False
            _refresh(entry, template)
            used.add(key)
        else:
            candidates = [k for k in gone.get(template.msgctxt, []) if k not in used]
            if len(candidates) > 1:  # several changed strings share a context: take the closest
                close = difflib.get_close_matches(template.msgid, [k[1] for k in candidates], n=1, cutoff=0.6)
                candidates = [(template.msgctxt, close[0])] if close else []
            entry = polib.POEntry(msgctxt=template.msgctxt, msgid=template.msgid, msgstr="")
            _refresh(entry, template)
            if candidates and template.msgctxt is not None:
                old = live[candidates[0]]
                used.add(candidates[0])
                was_fuzzy = "fuzzy" in old.flags and old.previous_msgid
                entry.msgstr = old.msgstr
                entry.tcomment = old.tcomment
                entry.flags.insert(0, "fuzzy")
                entry.previous_msgctxt = old.previous_msgctxt if was_fuzzy else old.msgctxt
                entry.previous_msgid = old.previous_msgid if was_fuzzy else old.msgid
        out.append(entry)
    shipped = generator_messages()
    for key, entry in live.items():
        if key not in used and key not in wanted and key in shipped and entry.msgstr:
            out.append(entry)  # the project's own translation of a generator string: it overrides the shipped one
            used.add(key)
    for key, entry in live.items():
        if key not in used and key not in wanted and (entry.msgstr or entry.tcomment):
            entry.obsolete = True
            entry.occurrences = []
            out.append(entry)
    for key, entry in obsolete.items():
        if key not in wanted:
            out.append(entry)
    return out


def update(config: Config, locale: str) -> bool:
    """Merge the template into one catalogue; True if the file changed."""
    path = config.po_path(locale)
    po = read_po_file(path, hint=f"run `guide init {locale}` to create it")
    pot = read_po_file(config.pot_path, hint="run `guide extract` first")
    return write_catalog(path, merge(po, pot))


def plural_forms(locale: str) -> str:
    plural = get_plural(Locale.parse(locale))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def same_plural_forms(header: str, expected: str) -> bool:
    """Whether two Plural-Forms give the same count and the same form for every n (0..1000).

    ``plural=n != 1;`` and Babel's ``plural=(n != 1);`` are one rule written two ways:
    compare what the formulas do, not how they are spelled.
    """
    import gettext

    def parse(value: str) -> tuple[int, object] | None:
        match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*", value or "")
        if not match:
            return None
        try:
            return int(match.group(1)), gettext.c2py(match.group(2))
        except (ValueError, SyntaxError, RecursionError):
            return None

    ours, theirs = parse(header), parse(expected)
    if ours is None or theirs is None or ours[0] != theirs[0]:
        return False
    try:
        return all(ours[1](n) == theirs[1](n) for n in range(1001))  # type: ignore[operator]
    except (ZeroDivisionError, ValueError):
        return False


def init(config: Config, locale: str) -> Path:
    """Create locales/<locale>/LC_MESSAGES/<domain>.po from the template."""
    path = config.po_path(locale)
    if path.exists():
        raise CatalogueError("catalogue exists already", path=path, hint="use `guide update` to refresh it")
    pot = read_po_file(config.pot_path, hint="run `guide extract` first")
    name = Locale.parse(locale).english_name
    po = _new_file(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version", config.domain),
            "Report-Msgid-Bugs-To": pot.metadata.get("Report-Msgid-Bugs-To", config.report_bugs_to),
            "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", _now()),
            "PO-Revision-Date": _now(),
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": name,
            "Language": locale,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms(locale),
        }
    )
    title = pot.metadata.get("Project-Id-Version", config.domain)
    po.header = f"{name} translation of {title}."
    templates = list(pot)
    if generator_catalogue(locale) is None and (GENERATOR_LOCALES / "generator.pot").is_file():
        # The generator has no translation of its templates' strings for this locale: the project makes one.
        keys = {(t.msgctxt, t.msgid) for t in templates}
        extra = polib.pofile(str(GENERATOR_LOCALES / "generator.pot"))
        templates += [t for t in extra if t.msgid and (t.msgctxt, t.msgid) not in keys]
    for template in templates:
        entry = polib.POEntry(msgctxt=template.msgctxt, msgid=template.msgid, msgstr="")
        _refresh(entry, template)
        po.append(entry)
    write_catalog(path, po)
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


def stats(path: Path, locale: str, is_source: bool = False) -> Stats:
    """Counts of one catalogue, read with polib (the way translators' tools count).

    In the source locale an empty entry prints its msgid, so it counts as done.
    """
    po = read_po_file(path, hint=f"run `guide init {locale}` to create it")
    if is_source:
        live = [e for e in po if not e.obsolete]
        fuzzy = sum("fuzzy" in e.flags for e in live)
        return Stats(locale, len(live) - fuzzy, fuzzy, 0, len(po.obsolete_entries()))
    return Stats(
        locale=locale,
        translated=len(po.translated_entries()),
        fuzzy=len([e for e in po.fuzzy_entries() if not e.obsolete]),
        untranslated=len(po.untranslated_entries()),
        obsolete=len(po.obsolete_entries()),
    )
