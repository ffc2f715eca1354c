"""Content stage: read ``content/`` into translation units and a document model.

Every string a reader sees is a :class:`Unit` with a stable context built from
ids (``risks.kinds.infection.text``), its source text, an optional translator
note and the file and line it came from. Sections are lists of typed blocks.
See content/README.md for the format editors write.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, ErrorList, GuideError
from ..files import read_input
from .schema import (
    BLOCK_KINDS,
    CONTROL,
    CONTROL_HINT,
    GUIDE_FILE,
    ID_RE,
    REFERENCES_FILE,
    SECTION_FILE,
    Key,
    Reader,
    Unit,
)

__all__ = ["BLOCK_KINDS", "CONTROL", "CONTROL_HINT", "Guide", "Unit", "load_content", "read_yaml"]

# Every key editors write is declared in schema.py; this module builds the document model from it.


@dataclass(frozen=True)
class Item:
    id: str
    text: Unit
    term: Unit | None = None
    gloss: Unit | None = None  # a few words explaining a term in the text (printed on the card)

    @property
    def locales(self) -> tuple[str, ...] | None:
        return self.text.locales


@dataclass(frozen=True)
class FaqItem:
    id: str
    q: Unit
    a: tuple[Unit, ...]

    @property
    def locales(self) -> tuple[str, ...] | None:
        return self.q.locales


@dataclass(frozen=True)
class Column:
    id: str
    text: Unit


@dataclass(frozen=True)
class Row:
    id: str
    cells: tuple[Unit, ...]  # in column order


@dataclass(frozen=True)
class Block:
    kind: str  # one of BLOCK_KINDS
    id: str
    text: Unit | None = None  # p, h, quote
    cite: Unit | None = None  # quote
    items: tuple[Any, ...] = ()  # list/questions: Item; faq: FaqItem
    caption: Unit | None = None  # table
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    locales: tuple[str, ...] | None = None  # printed only in these locales; None: all


@dataclass(frozen=True)
class Section:
    id: str
    title: Unit | None  # a section without a title has no heading and no line in the contents
    blocks: tuple[Block, ...]
    path: Path

    def find(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)


@dataclass(frozen=True)
class Reference:
    id: str
    authors: str
    year: int | str
    journal: str
    title: str | None
    pmid: str | None
    about: Unit | None

    @property
    def url(self) -> str | None:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else None


@dataclass(frozen=True)
class Guide:
    """Everything in content/: free texts (guide.yaml), sections, references."""

    texts: Texts  # guide.yaml: nested mappings and lists of Unit, addressed as texts.card.title
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    units: tuple[Unit, ...] = field(repr=False)  # all units in document order

    def section_with(self, kind: str) -> tuple[Section, Block] | None:
        for section in self.sections:
            block = section.find(kind)
            if block is not None:
                return section, block
        return None


# --- YAML with line numbers -------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line and each value's line."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ContentError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = value_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        text = read_input(path, ContentError).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not valid UTF-8 (byte {exc.start})", path=path, hint="save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except ContentError as exc:
        raise ContentError(exc.message, path=path, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(
            f"YAML syntax error: {exc.problem or exc.context}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="check indentation and quote strings that contain ': '",
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL: not a MarkedYAMLError
        line = text[: exc.position].count("\n") + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise ContentError(
            f"control character U+{ord(char):04X} is not allowed", path=path, line=line, hint="delete it"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML error: {exc}", path=path, hint="check the file's syntax") from None


# --- Texts of guide.yaml, with what is absent ---------------------------------------


class Missing:
    """A text guide.yaml does not have: false in ``{% if %}``, empty in ``{% for %}``.

    Printing it (``doc.text``, ``{{ }}``) is an error that names the content file and
    key, since the fix is there (or a guard in the template), not at the template's line.
    """

    def __init__(self, path: Path, key: str, spec: Key) -> None:
        self._path, self._key, self._spec = path, key, spec

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def error(self) -> ContentError:
        return ContentError(
            f"{self._key!r} is not set, and the template prints it",
            path=self._path,
            hint=f"add {self._key} to {self._path.name}, or print it in the template only {{% if ... %}}",
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        child = self._spec.child(name)
        if child is not None:  # guide.texts.card.title when there is no card at all
            return Missing(self._path, f"{self._key}.{name}", child)
        raise self.error()  # doc.text(missing) reads .context first

    def __str__(self) -> str:
        raise self.error()


class Texts(dict):
    """A mapping of guide.yaml: a declared key that is absent is :class:`Missing`; an undeclared one is a
    KeyError, which the template reports at its own line (the template asks for a key that cannot exist)."""

    def __init__(self, values: dict[str, Any], spec: Key, path: Path, prefix: str = "") -> None:
        super().__init__(values)
        self._spec, self._path, self._prefix = spec, path, prefix

    def __missing__(self, key: str) -> Any:
        child = self._spec.child(key)
        if child is None or child.name == "note":
            raise KeyError(key)
        return Missing(self._path, f"{self._prefix}{key}", child)


def _texts(raw: dict[str, Any], spec: Key, path: Path, prefix: str = "") -> Texts:
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
    return Texts(values, spec, path, prefix)


# --- The document model ---------------------------------------------------------


def _items(entries: list[dict[str, Any]]) -> tuple[Item, ...]:
    return tuple(
        Item(e["id"], e["text"], e.get("term"), e.get("gloss")) for e in entries if e.get("text") is not None
    )


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
        pmid = entry.get("pmid")
        if pmid is not None and not re.fullmatch(r"\d{1,9}", str(pmid)):
            reader.fail(f"references.{entry['id']}: pmid {pmid!r} must be digits", entry, "pmid")
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


def load_content(content_dir: Path) -> Guide:
    """Read guide.yaml, references.yaml and sections/*.yaml; raise all problems together."""
    if not content_dir.is_dir():
        raise ContentError(
            "content folder not found", path=content_dir, hint="create content/ with guide.yaml and sections/"
        )
    readers: list[Reader] = []
    errors: list[GuideError] = []

    def parse(path: Path) -> Any:
        try:
            return read_yaml(path)
        except GuideError as exc:
            errors.append(exc)
            return None

    guide_path = content_dir / "guide.yaml"
    texts = Texts({}, GUIDE_FILE, guide_path)
    if not guide_path.is_file():
        errors.append(ContentError("guide.yaml not found", path=content_dir, hint="add guide.yaml with a title"))
    else:
        reader = Reader(guide_path)
        data = parse(guide_path)
        if data is not None:
            raw = reader.mapping(data, GUIDE_FILE, "", "")
            texts = _texts(raw or {}, GUIDE_FILE, guide_path)
        readers.append(reader)

    sections = []
    ids: dict[str, Path] = {}
    for path in sorted((content_dir / "sections").glob("*.yaml")):
        data = parse(path)
        if data is None:
            continue
        reader = Reader(path)
        section = _section(reader, data, ids)
        readers.append(reader)
        if section:
            sections.append(section)

    references: tuple[Reference, ...] = ()
    ref_path = content_dir / "references.yaml"
    if ref_path.is_file():
        data = parse(ref_path)
        if data is not None:
            reader = Reader(ref_path)
            references = _references(reader, data)
            readers.append(reader)

    units: list[Unit] = []
    seen: dict[str, Unit] = {}
    for reader in readers:
        errors.extend(reader.errors)
        for unit in reader.units:
            if unit.context in seen and seen[unit.context].path != unit.path:
                first = seen[unit.context]
                errors.append(
                    ContentError(
                        f"context {unit.context!r} also used at {first.path.name}:{first.line}",
                        path=unit.path,
                        line=unit.line,
                    )
                )
            seen[unit.context] = unit
            units.append(unit)
    ErrorList.raise_if(errors)
    return Guide(texts=texts, sections=tuple(sections), references=references, units=tuple(units))


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
