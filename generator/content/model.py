"""The document model of ``content/``: sections of typed blocks, references, and guide.yaml's texts.

Every text in it is a :class:`Unit`; templates read the model (render), the catalogues its units (messages).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError
from .reader import Unit
from .schema import Key


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


# --- Texts of guide.yaml, with what is absent ---------------------------------------


class Missing:
    """A text guide.yaml does not have: false in ``{% if %}``, empty in ``{% for %}``.

    Printing it (``doc.text``, ``{{ }}``) is an error that names the content file and
    key, at the line of the mapping it belongs in, since the fix is there (or a guard in the
    template), not at the template's line.
    """

    def __init__(self, path: Path, key: str, spec: Key, line: int | None) -> None:
        self._path, self._key, self._spec, self._line = path, key, spec, line

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
            line=self._line,
            hint=f"add {self._key} to {self._path.name}, or print it in the template only {{% if ... %}}",
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        child = self._spec.child(name)
        if child is not None:  # guide.texts.card.title when there is no card at all
            return Missing(self._path, f"{self._key}.{name}", child, self._line)
        raise self.error()  # doc.text(missing) reads .context first

    def __str__(self) -> str:
        raise self.error()


class Texts(dict):
    """A mapping of guide.yaml: a declared key that is absent is :class:`Missing`; an undeclared one is a
    KeyError, which the template reports at its own line (the template asks for a key that cannot exist)."""

    def __init__(self, values: dict[str, Any], spec: Key, path: Path, prefix: str = "", line: int = 1) -> None:
        super().__init__(values)
        self._spec, self._path, self._prefix, self._line = spec, path, prefix, line  # line: the mapping's

    def __missing__(self, key: str) -> Any:
        child = self._spec.child(key)
        if child is None or child.name == "note":
            raise KeyError(key)
        return Missing(self._path, f"{self._prefix}{key}", child, self._line)
