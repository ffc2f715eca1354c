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
from .schema import CONTROL, CONTROL_HINT, ID_RE, LOCALE_RE, Key, join


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
        self.errors: list[GuideError] = []
        self.units: list[Unit] = []
        self.contexts: dict[str, int] = {}

    def fail(self, message: str, node: Any, key: str | None = None, hint: str | None = None) -> None:
        line = None
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(key) if key else None
            line = line or node.get("__line__")
        self.errors.append(ContentError(message, path=self.path, line=line, hint=hint))

    def mapping(self, node: Any, spec: Key, at: str, where: str, scope: Scope = Scope()) -> dict[str, Any] | None:
        """The mapping's declared keys, read; None if it is not a mapping or not one of ``spec.one_of``."""
        if not isinstance(node, dict):
            self.errors.append(ContentError(f"{where or spec.name}: expected a mapping", path=self.path))
            return None
        errors = len(self.errors)
        self._unknown_keys(node, spec, where)
        if spec.one_of:
            present = [k for k in spec.one_of if k in node]
            if len(present) != 1 and len(self.errors) > errors:  # a misspelt kind: said above
                return None
            if len(present) != 1:
                self.fail(f"{where}: a {spec.entry or 'mapping'} needs exactly one of {', '.join(spec.one_of)}", node)
                return None
        return self._children(node, spec, at, where, self._inherited(node, spec, where, scope))

    def _unknown_keys(self, node: dict[str, Any], spec: Key, where: str) -> None:
        allowed = {k.name for k in spec.keys}
        prefix = f"{where}: " if where else ""
        for key in node:
            if isinstance(key, str) and (key.startswith("__") or key in allowed):
                continue
            new = next((k.name for k in spec.keys if k.renamed_from == key), None)
            if new:
                self.fail(
                    f"{prefix}key {key!r} was renamed {new!r}",
                    node,
                    key,
                    hint="rename it in the file; `guide extract && guide update` moves its translations",
                )
            else:
                self.fail(
                    f"{prefix}unknown key {key!r}",
                    node,
                    key,
                    hint=f"allowed: {', '.join(sorted(allowed))}; see content/README.md",
                )

    def _inherited(self, node: dict[str, Any], spec: Key, where: str, scope: Scope) -> Scope:
        """``scope`` with what this mapping adds for the texts under it."""
        note = node.get("note") if isinstance(node.get("note"), str) else scope.note
        critical, only = scope.critical, scope.only
        for child in spec.keys:
            if child.inherit and child.kind == "flag" and node.get(child.name) is True:
                critical = True
            if child.inherit and child.kind == "locales" and child.name in node:
                only = self.locales(node, child.name, where) or only
        return Scope(note, critical, only)

    def _children(self, node: dict[str, Any], spec: Key, at: str, where: str, scope: Scope) -> dict[str, Any]:
        out: dict[str, Any] = {"__line__": node.get("__line__"), "__lines__": node.get("__lines__", {})}
        order = list(node)  # the file's order, so the catalogues list texts as the reader meets them
        for child in sorted(spec.keys, key=lambda k: order.index(k.name) if k.name in node else len(order)):
            value = node.get(child.name)
            if value is None:
                if child.required:
                    self.fail(
                        f"{where + ': ' if where else ''}missing {child.name!r}",
                        node,
                        hint="add it; content/README.md says what each key means",
                    )
                continue
            if child.only_with and child.only_with not in node:
                self.fail(f"{where}: {child.name!r} belongs beside {child.only_with!r}", node, child.name)
                continue
            name = child.name if child.scope is None else child.scope
            inner = child.context(at, node) if child.context else join(at, name)
            out[child.name] = self.value(node, child, value, inner, where, scope)
        return out

    def locales(self, node: dict[str, Any], key: str, where: str) -> tuple[str, ...] | None:
        raw = node.get(key)
        if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and LOCALE_RE.match(c) for c in raw):
            self.fail(f"{where + ': ' if where else ''}'locales' must be a list of locale codes", node, key,
                      hint="e.g. locales: [zh_Hant]")  # fmt: skip
            return None
        return tuple(raw)

    def value(self, node: dict[str, Any], spec: Key, value: Any, at: str, where: str, scope: Scope) -> Any:
        """``node[spec.name]`` read as its kind: a Unit, a list of them, a mapping, a list of entries..."""
        here = join(where, spec.name) if where else spec.name
        if spec.kind == "text":
            return self._text(node, spec, value, at, here, scope)
        if spec.kind == "paragraphs":
            return self._paragraphs(node, spec, value, at, here, scope)
        if spec.kind in ("data", "note"):
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.fail(f"{here}: must be text", node, spec.name)
                return None
            return value
        if spec.kind == "flag":
            if not isinstance(value, bool):
                self.fail(f"{here}: must be true or false", node, spec.name)
            return value is True
        if spec.kind == "locales":  # read into the scope by _inherited
            return scope.only
        if spec.kind == "id":
            return str(value)
        if spec.kind == "mapping":
            return self.mapping(value, spec, at, here, scope)
        if spec.kind == "cells":
            return self._cells(node, spec, value, at, where, scope)
        return self.entries(node, spec, value, at, where, scope)

    def _text(self, node: dict[str, Any], spec: Key, value: Any, at: str, here: str, scope: Scope) -> Unit | None:
        if spec.required and isinstance(value, str) and not value.strip():
            self.fail(f"{here}: must not be empty", node, spec.name)
            return None
        if not (isinstance(value, dict) and "text" in value):
            return self.unit(node, spec.name, at, scope)
        # {text: ..., locales: [...], note: ...}: a text with its own locales or note
        for key in value:
            if not str(key).startswith("__") and key not in ("text", "locales", "note"):
                self.fail(f"{here}: unknown key {key!r}", value, key, hint="allowed: locales, note, text")
        only = (self.locales(value, "locales", here) or scope.only) if "locales" in value else scope.only
        note = value.get("note") if isinstance(value.get("note"), str) else scope.note
        return self.unit(value, "text", at, Scope(note, scope.critical, only))

    def _paragraphs(
        self, node: dict[str, Any], spec: Key, value: Any, at: str, here: str, scope: Scope
    ) -> list[Unit | None] | None:
        if isinstance(value, list) and value:
            line = node["__lines__"].get(spec.name, node["__line__"])
            return [
                self.unit({"a": text, "__line__": line + n}, "a", f"{at}{n + 1}", scope) for n, text in enumerate(value)
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
        return {
            str(key): self.unit(value, key, join(at, str(key)), scope) for key in value if not str(key).startswith("__")
        }

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
        for entry in value:
            ident = self._entry_id(entry, here, seen)
            if ident is not None:
                read = self.mapping(entry, spec, join(at, ident), join(at, ident), inner)
                if read is not None:
                    out.append(read)
        return out

    def _entry_id(self, entry: Any, here: str, seen: set[str]) -> str | None:
        """The entry's id, added to ``seen``; None (and the problem reported) if it has no valid, unique one."""
        if not isinstance(entry, dict):
            self.errors.append(ContentError(f"{here}: expected a mapping with an 'id'", path=self.path))
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
