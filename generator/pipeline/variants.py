"""Variants of a product: bilingual copies and home-printer sheets, and their file names.

A build job is (locale, product, variant). The plain variant is the product
itself; ``also`` makes a bilingual copy (the reader's language, with a second
one under each question); ``papers`` are sheets imposed 4-up from the job's
PDF, written beside it without typesetting again.

File names insert the variant before the extension, in the reader's folder:
``zh_Hant/consult-card.pdf``, ``zh_Hant/consult-card.ko.pdf`` (bilingual),
``zh_Hant/consult-card.a4.pdf`` and ``zh_Hant/consult-card.ko.letter.pdf`` (sheets).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..config import Config


@dataclass(frozen=True)
class Variant:
    also: str | None = None  # the second locale of a bilingual copy
    papers: tuple[str, ...] = ()  # sheets imposed from this copy (a4, letter)


def output_name(output: str, also: str | None = None, paper: str | None = None) -> str:
    """``consult-card.pdf`` → ``consult-card.ko.a4.pdf``: the variant before the extension."""
    path = PurePath(output)
    parts = [part for part in (also, paper) if part]
    return str(path.with_name(".".join([path.stem, *parts]) + path.suffix))


def jobs(
    config: Config, locales: list[str], products: list[str], variants: bool = True
) -> list[tuple[str, str, Variant]]:
    """Every (locale, product, variant) to build: each product, then its configured bilingual copies."""
    out: list[tuple[str, str, Variant]] = []
    for code in locales:
        for name in products:
            product = config.products[name]
            if not variants:
                out.append((code, name, Variant()))
                continue
            for also in (None, *product.pairs_for(code)):
                out.append((code, name, Variant(also, product.papers)))
    return out


def second_locales(config: Config, work: list[tuple[str, str, Variant]]) -> list[str]:
    """The locales whose catalogues bilingual copies need besides the readers' own."""
    return list(dict.fromkeys(variant.also for _, _, variant in work if variant.also))
