"""A file's keys, declared once: guide.toml (config/schema.py) and content/*.yaml (content/schema.py).

A :class:`Key` names a key, its kind, what it means and how it is checked. From the declarations come
the validation (:func:`read_mapping`, :func:`read_value`, :func:`unknown_keys`), each problem reported
as ``file:line: problem (what to do)``, and the reference (:func:`reference`, ``guide schema``).

The lines come with the data: a file's loader gives each mapping its ``__line__`` and the lines of its
values (``__lines__``), and each list the lines of its items (:class:`Seq`), whatever the format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GuideError

# A check gets the key's place (guide.domain, references.r.pmid) and a value of the key's kind (or an
# item of the list); it returns the whole problem, or None.
Check = Callable[[str, Any], str | None]


@dataclass(frozen=True)
class Kind:
    """What a value may be: its Python types (none: the reader of the kind decides) and its name."""

    doc: str  # the reference's "value" column
    types: tuple[type, ...] = ()
    must: str = ""  # "<place> must be <must>"; the doc when empty


KINDS = {
    "string": Kind("text", (str,)),
    "integer": Kind("integer", (int,), "an integer"),
    "number": Kind("number", (int, float), "a number"),
    "date": Kind("date, such as 2026-11-25", (dt.date,), "a date such as 2026-11-25"),
    "flag": Kind("true or false", (bool,)),
    "list": Kind("list", (list,), "a list"),
    "mapping": Kind("mapping", (dict,), "a mapping"),
    # content's own: "text" is translated, "data" printed as written (content/reader.py reads them)
    "text": Kind("text (translated)"),
    "paragraphs": Kind("text, or a list of paragraphs (translated)"),
    "data": Kind("text or number, printed as written (not translated)", (str, int, float), "text"),
    "note": Kind("a note to translators (not printed)", (str, int, float), "text"),
    "id": Kind("id"),
    "cells": Kind("mapping of column id to text (translated)"),
    "locales": Kind("list of locale codes", (list,)),
}
# guide.toml's keys name their kind by its Python type, as TOML does (Key("out", str)).
TYPE_KINDS: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    (int, float): "number",
    dt.date: "date",
    bool: "flag",
    list: "list",
    dict: "mapping",
}


@dataclass(frozen=True)
class Key:
    """One key of a file: a table's key in guide.toml, a mapping's in a content file."""

    name: str
    kind: str | type | tuple[type, ...]  # a name in KINDS, or its Python type(s)
    doc: str = ""  # its meaning, in the reference
    required: bool = False
    keys: tuple[Key, ...] = ()  # a mapping's keys, or the keys of each entry of a list
    default: Any = None  # when absent; None: no value (or one computed from other keys)
    default_of: Callable[[str], Any] | None = field(default=None, compare=False)  # from the table's name
    check: Check | None = field(default=None, compare=False)  # of the value, given or default
    each: Check | None = field(default=None, compare=False)  # of each item of a list; a bad item is left out
    hint: str | None = None  # what to do about a problem ``check`` or ``each`` finds
    must: str | None = None  # a wrong kind is "must be <must>" rather than the kind's own words
    renamed_from: str | None = None  # its old name, reported as renamed (content: translations move)
    one_of: tuple[str, ...] = ()  # a mapping (a block) needs exactly one of these keys
    only_with: str | None = None  # allowed only beside this key (a quote's cite)
    entry: str = ""  # how an entry of this list is named in messages ("block")
    # How the texts under it are translated (content): what it adds to their context (None: its name,
    # "": nothing), a context computed from the entry, and whether it applies to every text under it.
    scope: str | None = None
    context: Callable[[str, dict[str, Any]], str] | None = field(default=None, compare=False)
    inherit: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            object.__setattr__(self, "kind", TYPE_KINDS[self.kind])
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")

    @property
    def value_kind(self) -> Kind:
        return KINDS[str(self.kind)]

    def child(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)

    def default_for(self, table: str) -> Any:
        return self.default_of(table) if self.default_of else self.default

    def takes(self, value: Any) -> bool:
        """Whether ``value`` is of the key's kind: true/false is never a number."""
        types = self.value_kind.types
        return isinstance(value, types) and (bool in types or not isinstance(value, bool))

    def wrong_kind(self, at: str) -> str:
        return f"{at} must be {self.must or self.value_kind.must or self.value_kind.doc}"


class Seq(list[Any]):
    """A list as a file wrote it, with its own line and each item's."""

    def __init__(self, items: Iterable[Any] = (), line: int | None = None, lines: list[int] | None = None) -> None:
        super().__init__(items)
        self.line, self.lines = line, lines or []


def line_of(node: Any, key: str | int | None = None) -> int | None:
    """The line of ``node[key]`` (a mapping's value, a list's item), else of ``node`` itself."""
    if isinstance(node, dict):
        found = node.get("__lines__", {}).get(key) if key is not None else None
        return found or node.get("__line__")
    if isinstance(node, Seq):
        if isinstance(key, int) and 0 <= key < len(node.lines):
            return node.lines[key]
        return node.line
    return None


def keys_of(node: dict[str, Any]) -> list[str]:
    """A mapping's keys as the file wrote them: not the lines the loader added."""
    return [key for key in node if not (isinstance(key, str) and key.startswith("__"))]


class Problems:
    """The problems of one file, each at its line, raised as ``error`` (ConfigError, ContentError)."""

    def __init__(self, path: Path, error: type[GuideError], reference: str, renamed: str = "") -> None:
        self.path, self.error, self.reference = path, error, reference  # reference: where keys are explained
        self.renamed = renamed or "rename it in the file"  # what to do about a renamed key
        self.errors: list[GuideError] = []

    def add(self, message: str, node: Any = None, key: str | int | None = None, hint: str | None = None) -> None:
        self.errors.append(self.error(message, path=self.path, line=line_of(node, key), hint=hint))


def unknown_keys(node: dict[str, Any], keys: tuple[Key, ...], where: str, problems: Problems) -> None:
    """Each key of ``node`` that is not declared: a renamed one by its new name."""
    allowed = {key.name for key in keys}
    prefix = f"{where}: " if where else ""
    for name in keys_of(node):
        if name in allowed:
            continue
        new = next((key.name for key in keys if key.renamed_from == name), None)
        if new:
            problems.add(f"{prefix}key {name!r} was renamed {new!r}", node, name, problems.renamed)
        else:
            hint = f"allowed: {', '.join(sorted(allowed))}; see {problems.reference}"
            problems.add(f"{prefix}unknown key {name!r}", node, name, hint)


def read_value(key: Key, node: dict[str, Any], where: str, problems: Problems, table: str = "") -> Any:
    """``node[key.name]`` if it is of the key's kind and passes its checks, else its default (the
    default of table ``table``'s); a list keeps the items that pass ``each``. Problems go to ``problems``."""
    at, default = f"{where}.{key.name}" if where else key.name, key.default_for(table)
    given = present(key, node, where, problems)
    if not given and key.required:  # said once: not checked as its default too
        return default
    value = node[key.name] if given else default
    if value is None:
        return None
    if given and not key.takes(value):
        problems.add(key.wrong_kind(at), node, key.name)
        return default
    problem = key.check(at, value) if key.check else None
    if problem:
        problems.add(problem, node, key.name, key.hint)
        return default
    if not key.each:
        return value
    kept = []
    for n, item in enumerate(value):
        problem = key.each(at, item)
        if problem:  # at the item's line where the list has them (YAML), else at the key's
            holder, at_key = (value, n) if isinstance(value, Seq) else (node, key.name)
            problems.add(problem, holder, at_key, key.hint)
        else:
            kept.append(item)
    return kept


def present(key: Key, node: dict[str, Any], where: str, problems: Problems) -> bool:
    """Whether ``node`` has a value for ``key``; a required key's absence is a problem."""
    if node.get(key.name) is not None:
        return True
    if key.required:
        hint = f"add it; {problems.reference} says what each key means"
        problems.add(f"{where + ': ' if where else ''}missing {key.name!r}", node, hint=hint)
    return False


def read_mapping(node: dict[str, Any], keys: tuple[Key, ...], where: str, problems: Problems) -> dict[str, Any]:
    """Every declared key's value in ``node`` (read_value), after reporting the undeclared ones."""
    unknown_keys(node, keys, where, problems)
    table = where.rpartition(".")[2]
    return {key.name: read_value(key, node, where, problems, table) for key in keys}


def reference(keys: tuple[Key, ...], prefix: str = "") -> str:
    """The keys as a Markdown table: name, kind, whether required, meaning (and default)."""
    head = "| key | value | required | meaning |\n| --- | --- | --- | --- |\n"
    return head + "\n".join(_rows(keys, prefix)) + "\n"


def _rows(keys: tuple[Key, ...], prefix: str) -> list[str]:
    rows = []
    for key in keys:
        path = f"{prefix}{key.name}"
        kind = key.value_kind.doc
        if key.kind == "list":
            kind = "list of mappings, each with an `id`" if key.keys else "list of text"
        doc = key.doc + (f" Default: `{_toml(key.default)}`." if key.default not in (None, (), "") else "")
        doc += f" (Formerly `{key.renamed_from}`.)" if key.renamed_from else ""
        rows.append(f"| `{path}` | {kind} | {'yes' if key.required else ''} | {doc} |")
        if key.kind == "mapping":
            rows += _rows(key.keys, f"{path}.")
        elif key.kind == "list":
            rows += _rows(key.keys, f"{path}[].")
    return rows


def _toml(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
