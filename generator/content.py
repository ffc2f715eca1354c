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

from .errors import ContentError, ErrorList, GuideError

# Control characters (tab and newline are layout), and bidi embeddings, overrides and isolates:
# these reorder and mirror the text after them ("Trojan Source"), and could show 10 as 01.
# The marks U+200E/U+200F, which reorder nothing, are allowed.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_HINT = "delete it: it prints as nothing or a box, or reorders the text around it"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
BLOCK_KINDS = ("p", "h", "list", "questions", "table", "quote", "faq")
# Keys of references.yaml that are data, printed as they are.
REFERENCE_DATA = ("authors", "year", "journal", "title", "pmid", "url", "doi")


@dataclass(frozen=True)
class Unit:
    """One translatable string."""

    context: str
    text: str
    note: str | None
    path: Path
    line: int
    critical: bool = False  # safety-relevant: never printed untranslated (see build)
    locales: tuple[str, ...] | None = None  # printed only in these locales (``locales:`` in content); None: all

    def shown_in(self, code: str) -> bool:
        return self.locales is None or code in self.locales


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
    title: Unit
    blocks: tuple[Block, ...]
    path: Path

    def find(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)


@dataclass(frozen=True)
class Reference:
    id: str
    authors: str
    year: int
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

    texts: dict[str, Any]  # nested dicts/lists of Unit, addressed as texts.card.title
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
        text = path.read_text(encoding="utf-8")
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


# --- Reading ----------------------------------------------------------------


class _Reader:
    """Turns one parsed YAML file into units, collecting every problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[GuideError] = []
        self.units: list[Unit] = []
        self.contexts: dict[str, int] = {}
        self.critical = False  # set while reading a block marked critical: true
        self.block_locales: tuple[str, ...] | None = None  # a block's locales:, for the units in it

    def fail(self, message: str, node: Any, key: str | None = None, hint: str | None = None) -> None:
        line = None
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(key) if key else None
            line = line or node.get("__line__")
        self.errors.append(ContentError(message, path=self.path, line=line, hint=hint))

    def unit(
        self, node: dict[str, Any], key: str, context: str, note: str | None = None, required: bool = True
    ) -> Unit | None:
        value = node.get(key)
        if value is None:
            if required:
                self.fail(f"{context}: missing {key!r}", node)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{context}: {key!r} must be non-empty text", node, key)
            return None
        control = CONTROL.search(value)
        if control:  # YAML lets "\0" escapes through; a page cannot print them
            self.fail(f"{context}: control character U+{ord(control.group()):04X} in the text", node, key, CONTROL_HINT)
            return None
        if context in self.contexts:
            self.fail(
                f"duplicate context {context!r} (first on line {self.contexts[context]})",
                node,
                key,
                hint="give each block and item its own id",
            )
        line = node.get("__lines__", {}).get(key) or node.get("__line__", 0)
        self.contexts[context] = line
        unit = Unit(
            context=context,
            text=value.strip(),
            note=note,
            path=self.path,
            line=line,
            critical=self.critical,
            locales=self.only_in(node, context) if "locales" in node else self.block_locales,
        )
        self.units.append(unit)
        return unit

    def only_in(self, node: dict[str, Any], context: str) -> tuple[str, ...] | None:
        """``locales: [zh_Hant]`` beside a text: the locales that print it (None: every locale)."""
        raw = node.get("locales")
        if raw is None:
            return None
        if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and LOCALE_RE.match(c) for c in raw):
            hint = "e.g. locales: [zh_Hant]"
            self.fail(f"{context}: 'locales' must be a list of locale codes", node, "locales", hint)
            return None
        return tuple(raw)

    def ident(self, node: Any, where: str, seen: set[str]) -> str | None:
        if not isinstance(node, dict):
            self.errors.append(ContentError(f"{where}: expected a mapping with an 'id'", path=self.path))
            return None
        ident = node.get("id")
        if ident is None:
            self.fail(f"{where}: missing 'id'", node, hint="add a short stable id such as id: cell-source")
            return None
        ident = str(ident)
        if not ID_RE.match(ident):
            self.fail(f"{where}: id {ident!r} must be lower-case letters, digits and hyphens", node, "id")
            return None
        if ident in seen:
            self.fail(f"{where}: duplicate id {ident!r}", node, "id", hint="ids must be unique within their list")
            return None
        seen.add(ident)
        return ident

    def unknown_keys(self, node: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in node:
            if key not in allowed and not key.startswith("__"):
                self.fail(f"{where}: unknown key {key!r}", node, key, hint=f"allowed: {', '.join(sorted(allowed))}")

    def items(self, raw: Any, context: str, node: dict[str, Any], key: str, with_term: bool) -> tuple[Item, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(f"{context}: {key!r} must be a non-empty list", node, key)
            return ()
        seen: set[str] = set()
        items = []
        for entry in raw:
            ident = self.ident(entry, context, seen)
            if ident is None:
                continue
            allowed = {"id", "text", "note", "gloss", "locales"} | ({"term"} if with_term else set())
            self.unknown_keys(entry, allowed, f"{context}.{ident}")
            note = entry.get("note")
            if with_term and "term" in entry:
                term = self.unit(entry, "term", f"{context}.{ident}.term", note)
                text = self.unit(entry, "text", f"{context}.{ident}.text", note)
            else:
                term = None
                text = self.unit(entry, "text", f"{context}.{ident}", note)
            gloss = self.unit(entry, "gloss", f"{context}.{ident}.gloss", note, required=False)
            if text is not None:
                items.append(Item(id=ident, text=text, term=term, gloss=gloss))
        return tuple(items)

    def block(self, node: Any, section: str, seen: set[str]) -> Block | None:
        ident = self.ident(node, f"{section}: block", seen)
        if ident is None:
            return None
        ctx = f"{section}.{ident}"
        kinds = [k for k in BLOCK_KINDS if k in node]
        if len(kinds) != 1:
            self.fail(f"{ctx}: a block needs exactly one of {', '.join(BLOCK_KINDS)}", node)
            return None
        kind = kinds[0]
        note = node.get("note")
        extra = {"quote": {"cite"}}.get(kind, set())
        self.unknown_keys(node, {"id", "note", "critical", "locales", kind} | extra, ctx)
        self.critical = node.get("critical") is True
        self.block_locales = self.only_in(node, ctx)
        try:
            block = self._block(node, kind, ident, ctx, note)
            return dataclasses.replace(block, locales=self.block_locales) if block else None
        finally:
            self.critical = False
            self.block_locales = None

    def _block(self, node: dict[str, Any], kind: str, ident: str, ctx: str, note: str | None) -> Block | None:
        if kind in ("p", "h"):
            text = self.unit(node, kind, ctx, note)
            return Block(kind, ident, text=text) if text else None
        if kind == "quote":
            text = self.unit(node, "quote", ctx, note)
            cite = self.unit(node, "cite", f"{ctx}.cite", None, required=False)
            return Block(kind, ident, text=text, cite=cite) if text else None
        if kind in ("list", "questions"):
            return Block(kind, ident, items=self.items(node[kind], ctx, node, kind, with_term=kind == "list"))
        if kind == "faq":
            return Block(kind, ident, items=self.faq(node["faq"], ctx, node))
        return self.table(node["table"], ctx, ident, note)

    def faq(self, raw: Any, ctx: str, node: dict[str, Any]) -> tuple[FaqItem, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(f"{ctx}: 'faq' must be a non-empty list", node, "faq")
            return ()
        seen: set[str] = set()
        items = []
        for entry in raw:
            ident = self.ident(entry, ctx, seen)
            if ident is None:
                continue
            self.unknown_keys(entry, {"id", "q", "a", "note"}, f"{ctx}.{ident}")
            note = entry.get("note")
            q = self.unit(entry, "q", f"{ctx}.{ident}.q", note)
            answers = entry.get("a")
            if isinstance(answers, str):
                a = [self.unit(entry, "a", f"{ctx}.{ident}.a", note)]
            elif isinstance(answers, list) and answers:
                a = [
                    self.unit(
                        {"a": text, "__line__": entry["__lines__"].get("a", entry["__line__"]) + n},
                        "a",
                        f"{ctx}.{ident}.a{n + 1}",
                        note,
                    )
                    for n, text in enumerate(answers)
                ]
            else:
                self.fail(f"{ctx}.{ident}: 'a' must be text or a list of paragraphs", entry, "a")
                continue
            if q is not None and all(a):
                items.append(FaqItem(id=ident, q=q, a=tuple(a)))  # type: ignore[arg-type]
        return tuple(items)

    def table(self, raw: Any, ctx: str, ident: str, note: str | None) -> Block | None:
        if not isinstance(raw, dict):
            self.errors.append(ContentError(f"{ctx}: 'table' must be a mapping", path=self.path))
            return None
        self.unknown_keys(raw, {"caption", "columns", "rows"}, ctx)
        caption = self.unit(raw, "caption", f"{ctx}.caption", note, required=False)
        seen: set[str] = set()
        columns = []
        for col in raw.get("columns") or []:
            cid = self.ident(col, f"{ctx}.columns", seen)
            if cid:
                text = self.unit(col, "text", f"{ctx}.col.{cid}", col.get("note"))
                if text:
                    columns.append(Column(cid, text))
        if not columns:
            self.fail(f"{ctx}: a table needs 'columns'", raw)
        rows = []
        seen_rows: set[str] = set()
        for row in raw.get("rows") or []:
            rid = self.ident(row, f"{ctx}.rows", seen_rows)
            if rid is None:
                continue
            cells_raw = row.get("cells")
            if not isinstance(cells_raw, dict):
                self.fail(f"{ctx}.{rid}: 'cells' must map column ids to text", row)
                continue
            for key in cells_raw:
                if not key.startswith("__") and key not in {c.id for c in columns}:
                    self.fail(f"{ctx}.{rid}: no column {key!r}", cells_raw, key)
            cells = [self.unit(cells_raw, c.id, f"{ctx}.{rid}.{c.id}", row.get("note")) for c in columns]
            if all(cells):
                rows.append(Row(rid, tuple(cells)))  # type: ignore[arg-type]
        return Block("table", ident, caption=caption, columns=tuple(columns), rows=tuple(rows))

    def texts(self, node: Any, context: str) -> Any:
        """guide.yaml: any nesting of mappings and id'd lists; every string is a unit.

        A mapping with ``text`` is one unit (with its ``note`` and ``locales``).
        """
        if isinstance(node, dict) and isinstance(node.get("text"), str):
            self.unknown_keys(node, {"id", "text", "note", "locales"}, context)
            return self.unit(node, "text", context, node.get("note"))
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key.startswith("__") or key in ("note", "locales"):
                    continue
                if isinstance(value, str):
                    out[key] = self.unit(node, key, f"{context}.{key}" if context else key, node.get("note"))
                else:
                    out[key] = self.texts(value, f"{context}.{key}" if context else key)
            return out
        if isinstance(node, list):
            seen: set[str] = set()
            result = []
            for entry in node:
                ident = self.ident(entry, context, seen)
                if ident:
                    result.append(self.texts(entry, f"{context}.{ident}"))
            return result
        self.errors.append(ContentError(f"{context}: unexpected value {node!r}", path=self.path))
        return None


def _section(path: Path, data: Any, contexts: dict[str, Path]) -> tuple[Section | None, _Reader]:
    reader = _Reader(path)
    if not isinstance(data, dict):
        reader.errors.append(ContentError("a section file must be a mapping with id, title and blocks", path=path))
        return None, reader
    reader.unknown_keys(data, {"id", "title", "blocks"}, "section")
    ident = reader.ident(data, "section", set())
    if ident is None:
        return None, reader
    if ident in contexts:
        reader.fail(f"section id {ident!r} is also used by {contexts[ident].name}", data, "id")
    contexts[ident] = path
    title = reader.unit(data, "title", f"{ident}.title")
    blocks_raw = data.get("blocks")
    if not isinstance(blocks_raw, list) or not blocks_raw:
        reader.fail(f"{ident}: 'blocks' must be a non-empty list", data, "blocks")
        return None, reader
    seen: set[str] = {"title"}
    blocks = tuple(b for b in (reader.block(node, ident, seen) for node in blocks_raw) if b)
    if title is None:
        return None, reader
    return Section(ident, title, blocks, path), reader


def _references(path: Path, data: Any) -> tuple[tuple[Reference, ...], _Reader]:
    reader = _Reader(path)
    entries = data.get("references") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        reader.errors.append(ContentError("expected a 'references' list", path=path))
        return (), reader
    refs = []
    seen: set[str] = set()
    for entry in entries:
        ident = reader.ident(entry, "references", seen)
        if ident is None:
            continue
        reader.unknown_keys(entry, {"id", "about", "note", *REFERENCE_DATA}, f"references.{ident}")
        pmid = entry.get("pmid")
        if pmid is not None and not re.fullmatch(r"\d{1,9}", str(pmid)):
            reader.fail(f"references.{ident}: pmid {pmid!r} must be digits", entry, "pmid")
        refs.append(
            Reference(
                id=ident,
                authors=str(entry.get("authors") or ""),
                year=entry.get("year"),
                journal=str(entry.get("journal") or ""),
                title=entry.get("title"),
                pmid=str(pmid) if pmid is not None else None,
                about=reader.unit(entry, "about", f"references.{ident}.about", entry.get("note"), required=False),
            )
        )
    return tuple(refs), reader


def load_content(content_dir: Path) -> Guide:
    """Read guide.yaml, references.yaml and sections/*.yaml; raise all problems together."""
    if not content_dir.is_dir():
        raise ContentError(
            "content folder not found", path=content_dir, hint="create content/ with guide.yaml and sections/"
        )
    readers: list[_Reader] = []
    errors: list[GuideError] = []

    def parse(path: Path) -> Any:
        try:
            return read_yaml(path)
        except GuideError as exc:
            errors.append(exc)
            return None

    texts: dict[str, Any] = {}
    guide_path = content_dir / "guide.yaml"
    if guide_path.is_file():
        reader = _Reader(guide_path)
        data = parse(guide_path)
        if data is not None:
            texts = reader.texts(data, "") or {}
        readers.append(reader)

    sections = []
    ids: dict[str, Path] = {}
    paths = sorted((content_dir / "sections").glob("*.yaml"))
    if not paths:
        errors.append(ContentError("no section files", path=content_dir / "sections", hint="add sections/01-name.yaml"))
    for path in paths:
        data = parse(path)
        if data is None:
            continue
        section, reader = _section(path, data, ids)
        readers.append(reader)
        if section:
            sections.append(section)

    references: tuple[Reference, ...] = ()
    ref_path = content_dir / "references.yaml"
    if ref_path.is_file():
        data = parse(ref_path)
        if data is not None:
            references, reader = _references(ref_path, data)
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
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
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
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)


def iter_units(guide: Guide) -> Iterator[Unit]:
    yield from guide.units
