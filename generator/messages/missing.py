"""Safety-critical messages a catalogue lacks: ``guide check`` lists them as the build's gate says it does.

A critical unit (``critical: true`` in content/) with no entry in a locale's catalogue, or only an
entry for its old msgid, is printed in the source language, so a product that prints it is not built
(pipeline.policy). The entry-by-entry checks never see it: there is no entry to look at.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..content import Unit, load_content
from ..errors import GuideError
from .checks import Problem
from .pofile import read_po


def critical_units(config: Config) -> list[Unit]:
    """The content's safety-critical units; none when the content does not load (check reports why)."""
    try:
        guide = load_content(config.content_dir)
    except GuideError:
        return []
    return [unit for unit in guide.units if unit.critical]


def missing_critical(config: Config, path: Path, code: str, units: list[Unit]) -> list[Problem]:
    """A warning, as for an untranslated critical entry, for each critical unit ``path`` has no entry for."""
    hint = f"run `guide init {code}`"
    parsed = read_po(path, hint=hint, root=config.root, missing="catalogue not found", strict=False)
    keys = {(entry.msgctxt, entry.msgid) for entry in parsed.po if not entry.obsolete}
    return [
        Problem(
            path,
            0,
            "warning",
            f"untranslated [{unit.context}]: {unit.text[:50]!r} has no entry "
            f"(a safety-critical message of {_relative(unit.path, config.root)}:{unit.line})",
            f"run `guide extract && guide update --locale {code}`, then translate it: "
            "a product that prints this safety message is not built until then",
        )
        for unit in units
        if unit.shown_in(code) and (unit.context, unit.text) not in keys
    ]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
