"""How far each catalogue is translated (``guide stats`` and the index page)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .pofile import read_po_file


@dataclass(frozen=True)
class Stats:
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(path: Path, locale: str, root: Path, is_source: bool = False) -> Stats:
    """Counts of one catalogue, read with polib (the way translators' tools count).

    In the source locale an empty entry prints its msgid, so it counts as done.
    """
    po = read_po_file(path, hint=f"run `guide init {locale}` to create it", root=root)
    if is_source:
        live = [e for e in po if not e.obsolete]
        fuzzy = sum("fuzzy" in e.flags for e in live)
        return Stats(locale, len(live) - fuzzy, fuzzy, 0, len(po.obsolete_entries()))
    return Stats(
        locale=locale,
        translated=len(po.translated_entries()),
        fuzzy=len([e for e in po.fuzzy_entries() if not e.obsolete]),
        untranslated=len(po.untranslated_entries()),
        obsolete=len(po.obsolete_entries()),
    )
