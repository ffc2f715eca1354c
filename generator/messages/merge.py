"""Keeping catalogues in step with the template: ``guide update`` (:func:`merge`) and ``guide init``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from ..config import Config
from ..content import renamed_context
from ..errors import CatalogueError
from .catalog import Key, generator_catalogue, generator_template
from .extract import write_catalog
from .numbers import reconfirm
from .plurals import adopt_cldr, differs_from_cldr, fill_forms, plural_forms
from .pofile import header_date, new_po, read_po_file


@dataclass(frozen=True)
class Updated:
    """What ``guide update`` did to one catalogue."""

    changed: bool  # the file was written
    plural_note: str | None  # how its Plural-Forms departs from CLDR's (kept), or what adopting CLDR's did


def update(config: Config, locale: str, adopt_plural_forms: bool = False) -> Updated:
    """Merge the template into one catalogue, keeping its Plural-Forms unless told to adopt CLDR's."""
    path = config.po_path(locale)
    po = read_po_file(path, hint=f"run `guide init {locale}` to create it", root=config.root)
    pot = read_po_file(config.pot_path, hint="run `guide extract` first", root=config.root)
    merged = merge(po, pot)
    return write_merged(path, merged, locale, adopt_plural_forms)


def write_merged(path: Path, po: polib.POFile, locale: str, adopt_plural_forms: bool) -> Updated:
    """Write a merged catalogue, and say how its plural forms stand against CLDR's."""
    note = differs_from_cldr(po.metadata.get("Plural-Forms"), locale)
    if note and adopt_plural_forms:
        marked = adopt_cldr(po, locale)
        note = f"Plural-Forms is now CLDR's {po.metadata['Plural-Forms']!r}; {marked} plural entries marked fuzzy"
    elif note:
        note += "; kept: `--plural-forms` adopts CLDR's"
    return Updated(write_catalog(path, po), note)


def merge(po: polib.POFile, pot: polib.POFile) -> polib.POFile:
    """msgmerge --previous, keyed by context (contexts are stable content ids).

    - same context and msgid: the entry is kept as it is;
    - same context, changed msgid: the old translation is kept, marked fuzzy,
      with the msgid it was made for as ``#| msgid``; its ``# numbers-differ:`` comment becomes
      ``# numbers-differ (re-confirm):``, which exempts nothing until the translator re-confirms it;
    - an old entry no longer in the template becomes obsolete (``#~``) if it
      holds a translation; untranslated ones are dropped, as msgmerge does;
    - an obsolete entry whose message returns is revived.
    """
    migrate_contexts(po)
    live = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    wanted = {(t.msgctxt, t.msgid) for t in pot}
    gone: dict[str | None, list[Key]] = {}  # context → translated entries the template no longer has
    for key, entry in live.items():
        if key not in wanted and entry.msgstr:
            gone.setdefault(key[0], []).append(key)
    used: set[Key] = set()

    out = new_po(_merged_header(po.metadata, pot.metadata))
    out.header = _retitled(po.header, pot.metadata.get("Project-Id-Version"))
    out.metadata_is_fuzzy = po.metadata_is_fuzzy
    for template in pot:
        key = (template.msgctxt, template.msgid)
        if key in live or key in obsolete:
            entry = live.get(key) or obsolete[key]
            entry.obsolete = False
            _refresh(entry, template)
            used.add(key)
        else:
            entry = _changed(template, [k for k in gone.get(template.msgctxt, []) if k not in used], live, used)
        out.append(entry)
    for entry in _left_over(live, obsolete, used, wanted):
        out.append(entry)
    fill_forms(out)
    return out


def _changed(
    template: polib.POEntry, candidates: list[Key], live: dict[Key, polib.POEntry], used: set[Key]
) -> polib.POEntry:
    """A template entry new to the catalogue, with the translation of the msgid it replaced (fuzzy) if any."""
    if len(candidates) > 1:  # several changed strings share a context: take the closest
        close = difflib.get_close_matches(template.msgid, [k[1] for k in candidates], n=1, cutoff=0.6)
        candidates = [(template.msgctxt, close[0])] if close else []
    entry = polib.POEntry(msgctxt=template.msgctxt, msgid=template.msgid, msgstr="")
    _refresh(entry, template)
    if candidates and template.msgctxt is not None:
        old = live[candidates[0]]
        used.add(candidates[0])
        was_fuzzy = "fuzzy" in old.flags and old.previous_msgid
        entry.msgstr, entry.msgstr_plural = old.msgstr, dict(old.msgstr_plural)
        entry.tcomment = reconfirm(old.tcomment)  # its numbers-differ was said of the old source
        entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = old.previous_msgctxt if was_fuzzy else old.msgctxt
        entry.previous_msgid = old.previous_msgid if was_fuzzy else old.msgid
    return entry


def _left_over(
    live: dict[Key, polib.POEntry], obsolete: dict[Key, polib.POEntry], used: set[Key], wanted: set[Key]
) -> list[polib.POEntry]:
    """The entries the template does not list that are kept, as obsolete ones (a project's own translation
    of a generator string is in the template: `guide extract` lists it, so every merging tool keeps it)."""
    out: list[polib.POEntry] = []
    for key, entry in live.items():
        if key not in used and key not in wanted and (entry.msgstr or entry.tcomment):
            entry.obsolete = True
            entry.occurrences = []
            out.append(entry)
    out += [entry for key, entry in obsolete.items() if key not in wanted]
    return out


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


def _refresh(entry: polib.POEntry, template: polib.POEntry) -> None:
    """Take source references, notes and format flags from the template; keep the translator's work."""
    entry.occurrences = list(template.occurrences)
    entry.comment = template.comment
    entry.msgid_plural = template.msgid_plural  # its forms are given the catalogue's count (plurals.fill_forms)
    entry.flags = [f for f in entry.flags if f == "fuzzy" or not f.endswith("-format")] + [
        f for f in template.flags if f.endswith("-format")
    ]


# Header fields the template decides: the guide's title and edition, the bug address, the creation date.
FROM_TEMPLATE = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date")


def _retitled(comment: str | None, project: str | None) -> str | None:
    """The first line `guide init` writes (``Korean translation of <title>.``), naming the template's title."""
    lines = (comment or "").split("\n")
    match = re.fullmatch(r"(.+) translation of .+\.", lines[0])
    if not match or not project:
        return comment
    return "\n".join([f"{match.group(1)} translation of {project}.", *lines[1:]])


def _merged_header(header: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The catalogue's header in the order read (a tool's own fields stay where it put them), with
    the template's creation date and bug address, as msgmerge does (a missing Report-Msgid-Bugs-To
    goes after Project-Id-Version), and its Project-Id-Version, which msgmerge then keeps."""
    out: dict[str, str] = {}
    for key, value in header.items():
        out[key] = template.get(key, value) if key in FROM_TEMPLATE else value
        if key == "Project-Id-Version" and "Report-Msgid-Bugs-To" not in header and "Report-Msgid-Bugs-To" in template:
            out["Report-Msgid-Bugs-To"] = template["Report-Msgid-Bugs-To"]
    return out


def init(config: Config, locale: str) -> Path:
    """Create locales/<locale>/LC_MESSAGES/<domain>.po from the template."""
    path = config.po_path(locale)
    if path.exists():
        raise CatalogueError("catalogue exists already", path=path, hint="use `guide update` to refresh it")
    pot = read_po_file(config.pot_path, hint="run `guide extract` first", root=config.root)
    name = Locale.parse(locale).english_name or locale
    po = new_po(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version", config.domain),
            "Report-Msgid-Bugs-To": pot.metadata.get("Report-Msgid-Bugs-To", config.report_bugs_to),
            "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", header_date()),
            "PO-Revision-Date": header_date(),
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": name,
            "Language": locale,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms(locale),
        }
    )
    po.header = f"{name} translation of {pot.metadata.get('Project-Id-Version', config.domain)}."
    templates = list(pot)
    if generator_catalogue(locale) is None:
        # The generator has no translation of its templates' strings for this locale: the project makes one.
        keys = {(t.msgctxt, t.msgid) for t in templates}
        templates += [t for t in generator_template() if (t.msgctxt, t.msgid) not in keys]
    for template in templates:
        entry = polib.POEntry(msgctxt=template.msgctxt, msgid=template.msgid, msgstr="")
        _refresh(entry, template)
        po.append(entry)
    fill_forms(po)
    write_catalog(path, po)
    return path
