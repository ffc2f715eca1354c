"""The project's terminology: locales/glossary.yaml (see the file's header)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
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
    note: str | None
    enforce: bool = False  # a missing locale term is an error, not a warning


def load_glossary(path: Path, source_locale: str, root: Path) -> list[Term]:
    """The terms of ``path`` (inside the project ``root``); none if there is no glossary."""
    if not path.is_file():
        return []
    return _parse(path, read_input(path, ContentError, root=root), source_locale, root)


@functools.lru_cache(maxsize=8)
def _parse(path: Path, content: bytes, source_locale: str, root: Path) -> list[Term]:
    """Parsed once per file content (the key): the build checks every document against the glossary."""
    data = read_yaml(path, root)
    terms: list[Term] = []
    if data is None:  # an empty file
        return terms
    if not isinstance(data, dict) or not isinstance(data.get("terms") or [], list):
        raise ContentError("expected a mapping with a list of terms", path=path, hint="terms: [{id: ..., en: ...}]")
    for entry in data.get("terms") or []:
        line = entry.get("__line__") if isinstance(entry, dict) else data["__lines__"].get("terms")
        if not isinstance(entry, dict) or "id" not in entry or source_locale not in entry:
            raise ContentError("each glossary term needs an id and a source term", path=path, line=line)
        flags = [key for key in ("keep", "enforce") if not isinstance(entry.get(key, False), bool)]
        if flags:  # `keep: no` is the text "no" (values are read as written), which bool() calls true
            raise ContentError(f"{flags[0]} must be true or false", path=path, line=entry["__lines__"][flags[0]])
        targets = {
            key: str(value)
            for key, value in entry.items()
            if key not in {"id", "keep", "note", "enforce", source_locale} and not key.startswith("__")
        }
        terms.append(
            Term(
                str(entry["id"]),
                str(entry[source_locale]),
                targets,
                bool(entry.get("keep")),
                entry.get("note"),
                bool(entry.get("enforce")),
            )
        )
    return terms


# --- Export for translators' tools (guide glossary) -----------------------------


def to_tbx(terms: list[Term], source: tuple[str, str], targets: list[tuple[str, str]]) -> str:
    """The glossary as TBX (the TermBase eXchange format Weblate and translate-toolkit read).

    ``source`` and ``targets`` are (locale, language tag) pairs. A ``keep`` term is marked
    "Translation needed: No" (read-only in Weblate) and given the source form as its term.
    """
    from xml.etree import ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    martif = ET.Element("martif", {"type": "TBX", xml_lang: source[1]})
    header = ET.SubElement(ET.SubElement(martif, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "guide glossary (locales/glossary.yaml)"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for term in terms:
        entry = ET.SubElement(body, "termEntry", {"id": term.id})
        if term.note:
            ET.SubElement(entry, "descrip").text = " ".join(term.note.split())
        if term.keep:
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "No"
        for code, tag in (source, *targets):
            text = term.source if code == source[0] or term.keep else term.targets.get(code)
            if text:
                lang_set = ET.SubElement(entry, "langSet", {xml_lang: tag})
                ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = text
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
        note = " ".join((term.note or "").split())
        writer.writerow([term.source, target, (("Keep as in the source. " if term.keep else "") + note).strip()])
    return out.getvalue()
