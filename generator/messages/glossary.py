"""The project's terminology: locales/glossary.yaml (see the file's header)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..content import read_yaml
from ..errors import ContentError
from ..files import read_input


@dataclass(frozen=True)
class Term:
    id: str
    source: str  # the term in the source locale
    targets: dict[str, str]  # locale → term
    keep: bool  # printed as in the source in every locale
    note: str | None  # for every locale
    enforce: bool = False  # a missing locale term is an error, not a warning
    notes: dict[str, str] = field(default_factory=dict)  # locale → a note for that locale's translators only

    def note_for(self, locale: str) -> str:
        """What a translator into ``locale`` reads: the common note, then the locale's own, on one line."""
        return " ".join(" ".join(part.split()) for part in (self.note, self.notes.get(locale)) if part)


def load_glossary(path: Path, source_locale: str, root: Path) -> list[Term]:
    """The terms of ``path`` (inside the project ``root``); none if there is no glossary."""
    if not path.is_file():
        return []
    return _parse(path, read_input(path, ContentError, root=root), source_locale, root)


@functools.lru_cache(maxsize=8)
def _parse(path: Path, content: bytes, source_locale: str, root: Path) -> list[Term]:
    """Parsed once per file content (the key): the build checks every document against the glossary."""
    data = read_yaml(path, root)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ContentError("the glossary is not a mapping", path=path, line=1, hint=SHAPE_HINT)
    words = data.get("words")
    if words is not None and not (isinstance(words, dict) and all(_is_list(v) for k, v in _keys(words))):
        line = data["__lines__"]["words"]
        raise ContentError("glossary words are not lists by locale", path=path, line=line, hint=WORDS_HINT)
    entries = data.get("terms") or []
    if not isinstance(entries, list):
        raise ContentError("glossary terms are not a list", path=path, line=data["__lines__"]["terms"], hint=SHAPE_HINT)
    return [_term(path, entry, index, content, source_locale) for index, entry in enumerate(entries)]


SHAPE_HINT = "write `terms:` and under it one `- id: ...` mapping per term, as the file's header shows"
WORDS_HINT = "write `words:` and under it one `<locale>: [word, ...]` line per locale"


def _keys(mapping: dict) -> list[tuple[str, object]]:
    """A mapping's own keys and values, without the line numbers read_yaml adds."""
    return [(key, value) for key, value in mapping.items() if not str(key).startswith("__")]


def _is_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value)


def _term(path: Path, entry: object, index: int, content: bytes, source_locale: str) -> Term:
    """One entry of ``terms``; anything else is an error on its line (a string, a list, a term without its id)."""
    if not isinstance(entry, dict):
        raise ContentError(
            f"glossary term {index + 1} is not a mapping", path=path, line=_item_line(content, index), hint=SHAPE_HINT
        )
    if "id" not in entry or source_locale not in entry:
        raise ContentError(
            "each glossary term needs an id and a source term", path=path, line=entry.get("__line__")
        )
    flags = [key for key in ("keep", "enforce") if not isinstance(entry.get(key, False), bool)]
    if flags:  # `keep: no` is the text "no" (values are read as written), which bool() calls true
        raise ContentError(f"{flags[0]} must be true or false", path=path, line=entry["__lines__"][flags[0]])
    bad = next((k for k, value in _keys(entry) if k not in ("note", "notes") and isinstance(value, (dict, list))), None)
    if bad is not None or not isinstance(entry.get("note") or "", str):
        key = "note" if bad is None else bad
        raise ContentError(
            f"glossary term {entry['id']!r}: {key} is not text",
            path=path,
            line=entry["__lines__"][key],
            hint="write each locale's term, and the note, as one line of text",
        )
    targets = {
        str(key): str(value)
        for key, value in _keys(entry)
        if key not in {"id", "keep", "note", "notes", "enforce", source_locale} and value is not None  # `ko:` empty
    }
    return Term(
        str(entry["id"]),
        str(entry[source_locale]),
        targets,
        bool(entry.get("keep")),
        entry.get("note"),
        bool(entry.get("enforce")),
        _notes(path, entry),
    )


def _notes(path: Path, entry: dict) -> dict[str, str]:
    """A term's ``notes``: locale → a note for that locale's translators."""
    notes = entry.get("notes") or {}
    if not isinstance(notes, dict) or not all(isinstance(value, str) for _key, value in _keys(notes)):
        raise ContentError(
            f"glossary term {entry['id']!r}: notes are not text by locale",
            path=path,
            line=entry["__lines__"]["notes"],
            hint="write `notes:` and under it one `<locale>: text` line per locale",
        )
    return {str(key): str(value) for key, value in _keys(notes)}


def _item_line(content: bytes, index: int) -> int | None:
    """The line of item ``index`` of ``terms`` (read_yaml records the lines of mappings only)."""
    import yaml

    root = yaml.compose(content.decode("utf-8"), Loader=yaml.SafeLoader)
    terms = next((value for key, value in root.value if key.value == "terms"), None)
    return terms.value[index].start_mark.line + 1 if terms and index < len(terms.value) else None


# --- Export for translators' tools (guide glossary) -----------------------------


def tbx_lang(locale: str) -> str:
    """The xml:lang translate-toolkit (so Weblate) matches a locale code with: ``zh_Hant`` → ``zh-Hant``.

    It compares tags case-blind with ``_`` as ``-``, exactly: ``zh-Hant-HK`` is not ``zh_Hant``."""
    return locale.replace("_", "-")


def to_tbx(terms: list[Term], source_locale: str, locales: list[str]) -> str:
    """The glossary as TBX (the TermBase eXchange format Weblate and translate-toolkit read).

    Languages are tagged with their locale codes (:func:`tbx_lang`), as Weblate names them. The
    common note is a typed ``<descrip>`` (Weblate's explanation of the source term); a locale's own
    note is a translator's ``<note>`` in that locale's ``langSet`` (the explanation of its
    translation), so a file for one locale carries that locale's notes only. A ``keep`` term is marked "Translation
    needed: No" (read-only in Weblate) and given the source form as its term.
    """
    from xml.etree import ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    martif = ET.Element("martif", {"type": "TBX", xml_lang: tbx_lang(source_locale)})
    header = ET.SubElement(ET.SubElement(martif, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "guide glossary (locales/glossary.yaml)"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for term in terms:
        entry = ET.SubElement(body, "termEntry", {"id": term.id})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = " ".join(term.note.split())
        if term.keep:
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "No"
        for code in (source_locale, *locales):
            text = term.source if code == source_locale or term.keep else term.targets.get(code)
            if text:
                lang_set = ET.SubElement(entry, "langSet", {xml_lang: tbx_lang(code)})
                ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = text
                if code in term.notes:  # Weblate's explanation of the translation
                    ET.SubElement(lang_set, "note", {"from": "translator"}).text = " ".join(term.notes[code].split())
    ET.indent(martif)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(martif, encoding="unicode") + "\n"


def to_csv(terms: list[Term], source_locale: str, locale: str) -> str:
    """The glossary for one locale as CSV: source, target, explanation (Weblate's glossary columns)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "explanation"])
    for term in terms:
        target = term.source if term.keep or locale == source_locale else term.targets.get(locale, "")
        note = term.note_for(locale)
        writer.writerow([term.source, target, (("Keep as in the source. " if term.keep else "") + note).strip()])
    return out.getvalue()
