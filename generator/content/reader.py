"""Reading a parsed content file against its declaration (schema.py) into translation units.

One pass over the file finds every problem, each with its YAML line: what is invalid is
reported and left out, and the reading goes on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, GuideError
from ..schema import Key, Problems, Seq, keys_of, line_of, present, read_value, unknown_keys
from .schema import CONTROL, CONTROL_HINT, ID_RE, LOCALES, REFERENCE, RENAMED_HINT, TEXT, join

# Where a file that is not a mapping is wrong: its first line.
FIRST_LINE = {"__line__": 1}


@dataclass(frozen=True)
class Unit:
    """One translatable string."""

    context: str
    text: str
    note: str | None
    path: Path
    line: int
    critical: bool = False  # safety-relevant: never printed untranslated (see build)
    locales: tuple[str, ...] | None = None  # printed only in these locales (``locales:``); None: in all

    def shown_in(self, code: str) -> bool:
        return self.locales is None or code in self.locales


@dataclass(frozen=True)
class Scope:
    """What the texts under a mapping take from it: its translator note, ``critical: true``, ``locales:``."""

    note: str | None = None
    critical: bool = False
    only: tuple[str, ...] | None = None  # the locales the texts print in; None: all


class Reader:
    """Reads one parsed YAML file against its :class:`Key`; collects every problem with its line.

    The result mirrors the file: mappings are dicts, lists are lists of dicts, texts are
    :class:`Unit`. Invalid parts are left out (and reported), so one pass finds every problem.
    ``at`` is the translation context built so far (``risks.kinds``), ``where`` names the place in messages.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems = Problems(path, ContentError, REFERENCE, RENAMED_HINT)
        self.errors: list[GuideError] = self.problems.errors
        self.units: list[Unit] = []
        self.contexts: dict[str, int] = {}

    def fail(self, message: str, node: Any, key: str | int | None = None, hint: str | None = None) -> None:
        """A problem at the line of ``node[key]``, else of ``node``."""
        self.problems.add(message, node, key, hint)

    def mapping(
        self, node: Any, spec: Key, at: str, where: str, scope: Scope = Scope(), place: tuple[Any, Any] = (None, None)
    ) -> dict[str, Any] | None:
        """The mapping's declared keys, read; None if it is not a mapping or not one of ``spec.one_of``.
        ``place`` is where ``node`` is (the list or mapping holding it, and its index or key there)."""
        if not isinstance(node, dict):
            parent, key = place if place[0] is not None else (node if isinstance(node, Seq) else FIRST_LINE, None)
            self.fail(f"{where or spec.name}: expected a mapping", parent, key)
            return None
        errors = len(self.errors)
        unknown_keys(node, spec.keys, where, self.problems)
        if spec.one_of:
            present = [k for k in spec.one_of if k in node]
            if len(present) != 1 and len(self.errors) > errors:  # a misspelt kind: said above
                return None
            if len(present) != 1:
                self.fail(f"{where}: a {spec.entry or 'mapping'} needs exactly one of {', '.join(spec.one_of)}", node)
                return None
        return self._children(node, spec, at, where, self._inherited(node, spec, where, scope))

    def _inherited(self, node: dict[str, Any], spec: Key, where: str, scope: Scope) -> Scope:
        """``scope`` with what this mapping adds for the texts under it."""
        note = node.get("note") if isinstance(node.get("note"), str) else scope.note
        critical, only = scope.critical, scope.only
        for child in spec.keys:
            if child.inherit and child.kind == "flag" and node.get(child.name) is True:
                critical = True
            if child.inherit and child.kind == "locales" and child.name in node:
                only = self.locales(node, where) or only
        return Scope(note, critical, only)

    def _children(self, node: dict[str, Any], spec: Key, at: str, where: str, scope: Scope) -> dict[str, Any]:
        out: dict[str, Any] = {"__line__": node.get("__line__"), "__lines__": node.get("__lines__", {})}
        order = list(node)  # the file's order, so the catalogues list texts as the reader meets them
        for child in sorted(spec.keys, key=lambda k: order.index(k.name) if k.name in node else len(order)):
            if not present(child, node, where, self.problems):
                continue
            value = node[child.name]
            if child.only_with and child.only_with not in node:
                self.fail(f"{where}: {child.name!r} belongs beside {child.only_with!r}", node, child.name)
                continue
            name = child.name if child.scope is None else child.scope
            inner = child.context(at, node) if child.context else join(at, name)
            out[child.name] = self.value(node, child, value, inner, where, scope)
        return out

    def locales(self, node: dict[str, Any], where: str) -> tuple[str, ...] | None:
        """``node``'s ``locales:`` as the schema checked it; None if absent or invalid (and reported)."""
        codes = read_value(LOCALES, node, where, self.problems)
        return tuple(codes) if codes else None

    def value(self, node: dict[str, Any], spec: Key, value: Any, at: str, where: str, scope: Scope) -> Any:
        """``node[spec.name]`` read as its kind: a Unit, a list of them, a mapping, a list of entries..."""
        here = join(where, spec.name) if where else spec.name
        if spec.kind == "text":
            return self._text(node, spec, value, at, here, scope)
        if spec.kind == "paragraphs":
            return self._paragraphs(node, spec, value, at, here, scope)
        if spec.kind in ("data", "note", "flag"):  # what the framework reads: the kind, the key's check
            read = read_value(spec, node, where, self.problems)
            return read is True if spec.kind == "flag" else read
        if spec.kind == "locales":  # read into the scope by _inherited
            return scope.only
        if spec.kind == "id":
            return str(value)
        if spec.kind == "mapping":
            return self.mapping(value, spec, at, here, scope, (node, spec.name))
        if spec.kind == "cells":
            return self._cells(node, spec, value, at, where, scope)
        return self.entries(node, spec, value, at, where, scope)

    def _text(self, node: dict[str, Any], spec: Key, value: Any, at: str, here: str, scope: Scope) -> Unit | None:
        if spec.required and isinstance(value, str) and not value.strip():
            self.fail(f"{here}: must not be empty", node, spec.name)
            return None
        if not (isinstance(value, dict) and "text" in value):
            return self.unit(node, spec.name, at, scope)
        unknown_keys(value, TEXT, here, self.problems)  # {text: ..., locales: [...], note: ...}
        only = (self.locales(value, here) or scope.only) if "locales" in value else scope.only
        note = value.get("note") if isinstance(value.get("note"), str) else scope.note
        return self.unit(value, "text", at, Scope(note, scope.critical, only))

    def _paragraphs(
        self, node: dict[str, Any], spec: Key, value: Any, at: str, here: str, scope: Scope
    ) -> list[Unit | None] | None:
        if isinstance(value, list) and value:
            return [
                self.unit({"a": text, "__line__": line_of(value, n)}, "a", f"{at}{n + 1}", scope)
                for n, text in enumerate(value)
            ]
        if isinstance(value, list):
            self.fail(f"{here}: must be text or a non-empty list of paragraphs", node, spec.name)
            return None
        return [self.unit(node, spec.name, at, scope)]

    def _cells(
        self, node: dict[str, Any], spec: Key, value: Any, at: str, where: str, scope: Scope
    ) -> dict[str, Unit | None] | None:
        if not isinstance(value, dict):
            self.fail(f"{where}: 'cells' must map column ids to text", node, spec.name)
            return None
        return {str(key): self.unit(value, key, join(at, str(key)), scope) for key in keys_of(value)}

    def entries(
        self, node: dict[str, Any], spec: Key, value: Any, at: str, where: str, scope: Scope
    ) -> list[dict[str, Any]]:
        """A list of mappings, each with its own unique id."""
        here = f"{at}: {spec.entry}" if spec.entry else (at or spec.name)
        if value == [] and not spec.required:  # an empty list is simply absent (no heading over nothing)
            return []
        if not isinstance(value, list) or not value:
            kind = "a non-empty list" if spec.required else "a list"
            self.fail(f"{where + ': ' if where else ''}{spec.name!r} must be {kind}", node, spec.name)
            return []
        seen: set[str] = set()
        out = []
        # A list entry's note is its own: the note of the mapping around the list is not inherited.
        inner = dataclasses.replace(scope, note=None)
        for n, entry in enumerate(value):
            ident = self._entry_id(value, n, here, seen)
            if ident is not None:
                read = self.mapping(entry, spec, join(at, ident), join(at, ident), inner, (value, n))
                if read is not None:
                    out.append(read)
        return out

    def _entry_id(self, entries: list[Any], n: int, here: str, seen: set[str]) -> str | None:
        """Entry ``n``'s id, added to ``seen``; None (and the problem reported) if it has no valid, unique one."""
        entry = entries[n]
        if not isinstance(entry, dict):
            hint = "write each entry as its keys, starting with its id: - {id: an-id, text: ...}"
            self.fail(f"{here}: expected a mapping with an 'id'", entries, n, hint)
            return None

        ident = entry.get("id")
        if ident is None:
            self.fail(f"{here}: missing 'id'", entry, hint="add a short stable id such as id: cell-source")
            return None
        ident = str(ident)
        if not ID_RE.match(ident):
            self.fail(f"{here}: id {ident!r} must be lower-case letters, digits and hyphens", entry, "id")
            return None
        if ident in seen:
            self.fail(f"{here}: duplicate id {ident!r}", entry, "id", hint="ids must be unique within their list")
            return None
        seen.add(ident)
        return ident

    def unit(self, node: dict[str, Any], key: str, context: str, scope: Scope) -> Unit | None:
        """``node[key]`` as a translation unit, recorded in ``units``; None if it is absent or invalid."""
        value = node.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"{context}: {key!r} must be text", node, key)
            return None
        if not value.strip():  # an empty optional text is simply absent
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
        unit = Unit(context, value.strip(), scope.note, self.path, line, scope.critical, scope.only)
        self.units.append(unit)
        return unit
