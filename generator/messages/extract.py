"""The catalogue template (POT): every unit of content/ and every ``{% trans %}`` of the templates."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract

from ..config import Config
from ..content import Guide
from ..errors import TemplateError
from ..files import atomic_write, read_input
from .catalog import Key, generator_catalogue, generator_messages, generator_template
from .pofile import dumps, header_date, new_po, read_po_file, without_creation_date

# Template functions that carry translatable text, besides gettext's own.
KEYWORDS = {**DEFAULT_KEYWORDS, "css_text": ((1, "c"), 2)}
TEMPLATE_SUFFIXES = (".j2", ".html", ".css")
CRITICAL_NOTE = "CRITICAL: safety information; a product that prints it is not built while it is untranslated or fuzzy."
# Jinja's extractor, named the way Babel resolves it (Babel's type for a callable does not fit Jinja's).
JINJA_EXTRACTOR = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "true", "silent": "false"}
# The header comment and placeholders xgettext writes into a template (msgfmt -c expects them).
POT_COMMENT = """SOME DESCRIPTIVE TITLE.
Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER
This file is distributed under the same license as the PACKAGE package.
FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
"""
# The note on a generator string the template lists because the project translates it itself.
OVERRIDE_NOTE = "Generator string: a translation here replaces the generator's own; empty prints the generator's."


def template_files(config: Config, builtin: Path) -> list[tuple[str, Path]]:
    """Template names and the file that wins for each (project overrides built-in)."""
    found: dict[str, Path] = {}
    for folder in (builtin, config.templates_dir):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                    found[path.relative_to(folder).as_posix()] = path
    return sorted(found.items())


def project_id(config: Config, guide: Guide) -> str:
    """Project-Id-Version: the guide's title and edition (not the checkout folder's name)."""
    title = guide.texts.get("title")
    plain = re.sub(r"[*_`]", "", title.text) if title is not None else config.domain
    return f"{plain} {config.edition.isoformat()}"


def extract(config: Config, guide: Guide, builtin_templates: Path) -> polib.POFile:
    """The catalogue template: content units first, in document order, then template strings."""
    entries: dict[Key, polib.POEntry] = {}
    for unit in guide.units:
        notes = ([unit.note] if unit.note else []) + ([CRITICAL_NOTE] if unit.critical else [])
        if unit.locales:  # translators elsewhere can see they may skip it
            notes.append("Printed only in: " + ", ".join(unit.locales) + ".")
        _add(entries, unit.text, unit.context, _relative(unit.path, config.root), notes)
    _add_template_messages(entries, config, builtin_templates)
    _add_overrides(entries, config)
    pot = new_po(
        {
            "Project-Id-Version": project_id(config, guide),
            "Report-Msgid-Bugs-To": config.report_bugs_to,
            "POT-Creation-Date": header_date(),
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
    for entry in entries.values():
        pot.append(entry)
    return pot


def _add_template_messages(entries: dict[Key, polib.POEntry], config: Config, builtin_templates: Path) -> None:
    """Every message of the templates, but the built-in ones' that the generator's catalogue translates."""
    shipped = generator_messages()
    for name, path in template_files(config, builtin_templates):
        builtin = path.resolve().is_relative_to(builtin_templates.resolve())
        source = read_input(path, TemplateError, root=builtin_templates if builtin else config.root)
        try:
            handle = io.BytesIO(source)
            results = list(babel_extract(JINJA_EXTRACTOR, handle, KEYWORDS, ("NOTE:",), JINJA_OPTIONS, True))
        except Exception as exc:  # jinja2.TemplateSyntaxError and friends
            raise TemplateError(
                f"cannot extract messages: {exc}", path=path, line=getattr(exc, "lineno", None)
            ) from None
        for _lineno, message, comments, context in results:
            msgid, plural = message[:2] if isinstance(message, tuple) else (message, "")
            if builtin and (context, msgid) in shipped:
                continue  # translated by the generator's own catalogue
            _add(entries, msgid, context, f"templates/{name}", list(comments), plural)


def _add_overrides(entries: dict[Key, polib.POEntry], config: Config) -> None:
    """The generator's strings the project translates itself, so that msgmerge, Poedit and Weblate keep them.

    A string is listed when a catalogue translates it (live, or made obsolete by a tool that merged
    without it) or when a locale has no shipped translation of the generator's strings at all.
    """
    overridden: set[Key] = set()
    everything = False
    for code in config.locales:
        path = config.po_path(code)
        if code == config.source_locale or not path.is_file():
            continue
        everything = everything or generator_catalogue(code) is None
        po = read_po_file(path, hint=f"run `guide init {code}`", root=config.root)
        overridden.update((e.msgctxt, e.msgid) for e in po if e.msgstr or any(e.msgstr_plural.values()))
    for template in generator_template():
        key = (template.msgctxt, template.msgid)
        if key not in entries and (everything or key in overridden):
            notes = [*filter(None, [template.comment]), OVERRIDE_NOTE]
            for location, _line in template.occurrences:
                _add(entries, template.msgid, template.msgctxt, location, notes)


def _add(
    entries: dict[Key, polib.POEntry],
    msgid: str,
    context: str | None,
    location: str,
    notes: list[str],
    plural: str = "",
) -> None:
    """A new entry, or one more place an entry's message occurs."""
    entry = entries.get((context, msgid))
    if entry is not None:
        if (location, "") not in entry.occurrences:
            entry.occurrences.append((location, ""))
        return
    entries[(context, msgid)] = polib.POEntry(
        msgctxt=context,
        msgid=msgid,
        msgstr="",
        occurrences=[(location, "")],
        comment="\n".join(notes),
        flags=["python-format"] if PYTHON_FORMAT.search(msgid + plural) else [],
        # ngettext's plural, with the two empty forms xgettext writes; `guide init` gives the locale's count
        **({"msgid_plural": plural, "msgstr_plural": {0: "", 1: ""}} if plural else {}),
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def write_catalog(path: Path, po: polib.POFile) -> bool:
    """Write a .po/.pot atomically; skip it if only the creation date would change."""
    data = dumps(po).encode("utf-8")
    # (A link is replaced by the file, never followed: what it points to is not read.)
    if path.is_file() and not path.is_symlink():
        if without_creation_date(path.read_bytes()) == without_creation_date(data):
            return False
    atomic_write(path, data)
    return True
