"""Loading ``content/``: YAML with line numbers, read against the schema into the document model.

Every problem in every file is collected and raised together, each with its file and line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..errors import ContentError, ErrorList, GuideError
from .model import Block, Column, FaqItem, Guide, Item, Reference, Row, Section, Texts
from .reader import Reader, Unit
from .schema import BLOCK_KINDS, GUIDE_FILE, ID_RE, REFERENCES_FILE, SECTION_FILE, Key
from .yamlfile import read_yaml


def _texts(raw: dict[str, Any], spec: Key, path: Path, prefix: str = "") -> Texts:
    """guide.yaml as read, as the templates see it: notes left out, a list of items as its texts."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        child = spec.child(key)
        if child is None or value is None or child.kind == "note":
            continue
        if child.kind == "mapping":
            value = _texts(value, child, path, f"{prefix}{key}.")
        elif child.kind == "list":  # a list of texts with ids: the texts themselves
            value = [entry["text"] for entry in value if entry.get("text") is not None]
        values[key] = value
    return Texts(values, spec, path, prefix, raw.get("__line__") or 1)


# --- The document model ---------------------------------------------------------


def _items(entries: list[dict[str, Any]]) -> tuple[Item, ...]:
    return tuple(Item(e["id"], e["text"], e.get("term"), e.get("gloss")) for e in entries if e.get("text") is not None)


def _table(reader: Reader, ident: str, raw: dict[str, Any], where: str) -> Block:
    columns = tuple(Column(c["id"], c["text"]) for c in raw.get("columns") or [] if c.get("text") is not None)
    ids = [c.id for c in columns]
    rows = []
    for row in raw.get("rows") or []:
        cells = row.get("cells")
        if cells is None or not ids:  # reported by the reader
            continue
        for key in cells:
            if key not in ids:
                reader.fail(f"{where}.{row['id']}: no column {key!r}", row, "cells", hint=f"columns: {', '.join(ids)}")
        if any(cells.get(c) is None for c in ids):
            absent = [c for c in ids if cells.get(c) is None]
            reader.fail(f"{where}.{row['id']}: no text for column {absent[0]!r}", row, "cells", hint="add the cell")
            continue
        rows.append(Row(row["id"], tuple(cells[c] for c in ids)))
    return Block("table", ident, caption=raw.get("caption"), columns=columns, rows=tuple(rows))


def _block(reader: Reader, section: str, raw: dict[str, Any]) -> Block | None:
    block = _block_of_kind(reader, section, raw)
    return dataclasses.replace(block, locales=raw.get("locales")) if block and raw.get("locales") else block


def _block_of_kind(reader: Reader, section: str, raw: dict[str, Any]) -> Block | None:
    kind = next(k for k in BLOCK_KINDS if k in raw)
    value, ident = raw.get(kind), raw["id"]
    if value is None or value == []:  # reported by the reader, or an empty list: nothing to print
        return None
    if kind in ("p", "h", "quote"):
        return Block(kind, ident, text=value, cite=raw.get("cite"))
    if kind in ("list", "questions"):
        return Block(kind, ident, items=_items(value))
    if kind == "faq":
        items = tuple(
            FaqItem(e["id"], e["q"], tuple(e["a"])) for e in value if e.get("q") and e.get("a") and all(e["a"])
        )
        return Block(kind, ident, items=items)
    return _table(reader, ident, value, f"{section}.{ident}")


def _section(reader: Reader, data: Any, ids: dict[str, Path]) -> Section | None:
    ident = data.get("id") if isinstance(data, dict) else None
    ident = str(ident) if ident is not None else ""
    if isinstance(data, dict) and ident and not ID_RE.match(ident):
        reader.fail(f"section: id {ident!r} must be lower-case letters, digits and hyphens", data, "id")
        return None
    raw = reader.mapping(data, SECTION_FILE, ident, "section" if not ident else ident)
    if raw is None or not ident:
        return None
    if ident in ids:
        reader.fail(f"section id {ident!r} is also used by {ids[ident].name}", data, "id")
    ids[ident] = reader.path
    blocks = tuple(b for b in (_block(reader, ident, r) for r in raw.get("blocks") or []) if b)
    return Section(ident, raw.get("title"), blocks, reader.path)


def _references(reader: Reader, data: Any) -> tuple[Reference, ...]:
    raw = reader.mapping(data, REFERENCES_FILE, "", "")
    refs = []
    for entry in (raw or {}).get("references") or []:
        pmid = entry.get("pmid")  # digits, as the schema checked
        refs.append(
            Reference(
                id=entry["id"],
                authors=str(entry.get("authors") or ""),
                year=entry.get("year") or "",
                journal=str(entry.get("journal") or ""),
                title=entry.get("title"),
                pmid=str(pmid) if pmid is not None else None,
                about=entry.get("about"),
            )
        )
    return tuple(refs)


class _Files:
    """The content files read so far: a :class:`Reader` each, and the files that did not parse."""

    def __init__(self, root: Path) -> None:
        self.root = root  # the project: no file outside it is read
        self.readers: list[Reader] = []
        self.errors: list[GuideError] = []

    def parse(self, path: Path) -> Any:
        """The file's YAML, or None (and the problem kept); an empty file is an empty mapping, whose
        missing keys are reported at its first line."""
        try:
            data = read_yaml(path, self.root)
        except GuideError as exc:
            self.errors.append(exc)
            return None
        return {"__line__": 1, "__lines__": {}} if data is None else data

    def reader(self, path: Path) -> Reader:
        reader = Reader(path)
        self.readers.append(reader)
        return reader


def load_content(content_dir: Path) -> Guide:
    """Read guide.yaml, references.yaml and sections/*.yaml; raise all problems together."""
    if not content_dir.is_dir():
        raise ContentError(
            "content folder not found", path=content_dir, hint="create content/ with guide.yaml and sections/"
        )
    files = _Files(content_dir.parent)  # the project folder (guide.toml's), which content/ is in
    texts = _guide_texts(files, content_dir / "guide.yaml")
    sections = _sections(files, content_dir / "sections")
    references = _references_file(files, content_dir / "references.yaml")
    units = _units(files)
    ErrorList.raise_if(files.errors)
    return Guide(texts=texts, sections=sections, references=references, units=units)


def _guide_texts(files: _Files, path: Path) -> Texts:
    if not path.is_file():
        files.errors.append(ContentError("guide.yaml not found", path=path.parent, hint="add guide.yaml with a title"))
        return Texts({}, GUIDE_FILE, path)
    reader = files.reader(path)
    data = files.parse(path)
    raw = reader.mapping(data, GUIDE_FILE, "", "") if data is not None else None
    return _texts(raw or {}, GUIDE_FILE, path)


def _sections(files: _Files, folder: Path) -> tuple[Section, ...]:
    """sections/*.yaml in file-name order."""
    sections = []
    ids: dict[str, Path] = {}  # section id: the file that has it
    for path in sorted(folder.glob("*.yaml")):
        data = files.parse(path)
        section = _section(files.reader(path), data, ids) if data is not None else None
        if section:
            sections.append(section)
    return tuple(sections)


def _references_file(files: _Files, path: Path) -> tuple[Reference, ...]:
    data = files.parse(path) if path.is_file() else None
    return _references(files.reader(path), data) if data is not None else ()


def _units(files: _Files) -> tuple[Unit, ...]:
    """Every file's units in document order; each reader's problems, and a context two files use, join the errors."""
    units: list[Unit] = []
    seen: dict[str, Unit] = {}
    for reader in files.readers:
        files.errors.extend(reader.errors)
        for unit in reader.units:
            first = seen.get(unit.context)
            if first is not None and first.path != unit.path:
                files.errors.append(
                    ContentError(
                        f"context {unit.context!r} also used at {first.path.name}:{first.line}",
                        path=unit.path,
                        line=unit.line,
                    )
                )
            seen[unit.context] = unit
            units.append(unit)
    return tuple(units)


def check_locales(guide: Guide, codes: list[str]) -> None:
    """``locales:`` may name only the project's locales: a misspelt code would hide a text everywhere."""
    errors: list[GuideError] = [
        ContentError(
            f"{unit.context}: 'locales' names {code!r}, which is not in guide.locales",
            path=unit.path,
            line=unit.line,
            hint=f"use one of {', '.join(codes)}",
        )
        for unit in guide.units
        for code in unit.locales or ()
        if code not in codes
    ]
    ErrorList.raise_if(errors)
