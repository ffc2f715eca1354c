"""What each PDF in the output folder is, in words, for the index page: a patient looks for the sheet
to print on their paper, in their language; a print shop for the press file."""

from __future__ import annotations

from babel import Locale

from ..config import CARD, Config
from ..papers import PRESS

_SHEETS = {
    "a4": "on A4 sheets for a home printer: two folded cards a sheet at actual size",
    "letter": "on US Letter sheets for a home printer: two folded cards a sheet, scaled to 94 %",
    "a5": "on one A5 sheet (landscape) for a home printer: the card at 95 % (its footer clear of the edge)",
}
_HOW = "; print both sides, flip on the {edge} edge, no scaling (“actual size”), then {finish}"
_KINDS = {CARD: ("The consult card", ": four A6 pages (one A5 sheet folded once), to fill in on screen or print on A6")}


def describe(config: Config, name: str) -> tuple[str, str | None]:
    """What a PDF in a locale's folder is, in words, and its sheet paper if it is a home-print sheet.
    Names follow ``consult-card[.<second locale>][.<paper>].pdf`` (pipeline.variants)."""
    for product_name, product in config.products.items():
        stem = product.output.removesuffix(".pdf")
        if not (name == product.output or name.startswith(stem + ".")):
            continue
        kind, alone = _KINDS.get(product_name, (f"The {product_name}", ", to read or print"))
        words, paper = [kind], None
        for part in name.removeprefix(stem).removesuffix(".pdf").split(".")[1:]:
            if part in config.locales:
                words.append(f" with each question also in {Locale.parse(part).english_name or part}")
            elif part in _SHEETS:
                paper = part
                edge, finish = ("short", "fold (no cutting)") if part == "a5" else ("long", "cut and fold")
                words.append(" " + _SHEETS[part] + _HOW.format(edge=edge, finish=finish))
            elif part == PRESS:
                words.append(" for a print shop: trim size, 3.53 mm bleed, crop marks, CMYK, PDF/X-4")
        if len(words) == 1:
            words.append(alone)
        return "".join(words) + ".", paper
    return "", None


def sheet_name(config: Config, paper: str) -> str | None:
    """The file name of the card's plain home-print sheet on ``paper``."""
    card = config.products.get(CARD)
    return f"{card.output.removesuffix('.pdf')}.{paper}.pdf" if card else None
