"""Safety-critical messages a catalogue lacks: ``guide check`` lists them as the build's gate says it does.

A critical unit (``critical: true`` in content/) with no entry in a locale's catalogue, or only an
entry for its old msgid, is printed in the source language, so a product that prints it is not built
(pipeline.policy). The entry-by-entry checks never see it: there is no entry to look at.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from ..content import Unit
from ..errors import GuideError


def missing_critical(po: polib.POFile, code: str, units: Sequence[Unit], root: Path) -> list[tuple[str, str, str]]:
    """(severity, problem, what to do): a warning, as for an untranslated critical entry, for each
    critical unit the catalogue has no live entry for."""
    keys = {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}
    return [
        (
            "warning",
            f"untranslated [{unit.context}]: {unit.text[:50]!r} has no entry "
            f"(a safety-critical message of {GuideError('', unit.path, unit.line).location(root)})",
            f"run `guide extract && guide update --locale {code}`, then translate it: "
            "a product that prints this safety message is not built until then",
        )
        for unit in units
        if unit.critical and unit.shown_in(code) and (unit.context, unit.text) not in keys
    ]
