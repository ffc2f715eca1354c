"""The project's terminology: locales/glossary.yaml (see the file's header)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .content import read_yaml
from .errors import ContentError


@dataclass(frozen=True)
class Term:
    id: str
    source: str  # the term in the source locale
    targets: dict[str, str]  # locale → term
    keep: bool  # printed as in the source in every locale
    note: str | None
    enforce: bool = False  # a missing locale term is an error, not a warning


def load_glossary(path: Path, source_locale: str) -> list[Term]:
    if not path.is_file():
        return []
    return _parse(path, path.read_bytes(), source_locale)


@functools.lru_cache(maxsize=8)
def _parse(path: Path, content: bytes, source_locale: str) -> list[Term]:
    """Parsed once per file content (the key): the build checks every document against the glossary."""
    data = read_yaml(path)
    terms = []
    for entry in (data or {}).get("terms") or []:
        if not isinstance(entry, dict) or "id" not in entry or source_locale not in entry:
            raise ContentError(
                "each glossary term needs an id and a source term", path=path, line=entry.get("__line__")
            )
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
