"""The file names of a product's variants: bilingual copies and home-printer sheets.

A build job (plan.Job) is a locale's product, plain or with ``also``, a bilingual
copy (the reader's language, with a second one under each question); its sheets
are imposed from the job's PDF and written beside it without typesetting again.

File names insert the variant before the extension, in the reader's folder:
``zh_Hant/consult-card.pdf``, ``zh_Hant/consult-card.ko.pdf`` (bilingual),
``zh_Hant/consult-card.a4.pdf`` and ``zh_Hant/consult-card.ko.letter.pdf`` (sheets).
"""

from __future__ import annotations

from pathlib import PurePath


def output_name(output: str, also: str | None = None, paper: str | None = None) -> str:
    """``consult-card.pdf`` → ``consult-card.ko.a4.pdf``: the variant before the extension."""
    path = PurePath(output)
    parts = [part for part in (also, paper) if part]
    return str(path.with_name(".".join([path.stem, *parts]) + path.suffix))
