"""Paper names and sizes, declared once: config checks them, impose lays sheets out on them,
``guide card --paper`` offers them and the index page names a PDF's page size by them.

A base module (like errors and files): it imports nothing from the generator.
"""

from __future__ import annotations

MM = 72 / 25.4  # PDF points in a millimetre

# Every paper the generator knows, portrait, in PDF points.
PAPERS: dict[str, tuple[float, float]] = {
    "a6": (105 * MM, 148 * MM),  # the consult card
    "a5": (148 * MM, 210 * MM),  # the guide, and the card's folded sheet
    "a4": (210 * MM, 297 * MM),
    "letter": (8.5 * 72, 11 * 72),
}

# Sheets a product is imposed on for home printing (impose): two folded cards on A4 or Letter, portrait;
# one on A5, landscape (the card is one A5 sheet folded once: printed on A5 it needs no cutting).
SHEET_PAPERS: dict[str, tuple[float, float]] = {
    "a4": PAPERS["a4"],
    "letter": PAPERS["letter"],
    "a5": (PAPERS["a5"][1], PAPERS["a5"][0]),
}

# Not a size: the product typeset for a print shop (bleed, crop marks, CMYK; see the press stage).
PRESS = "press"

# What a product's `papers` in guide.toml may list (the product itself is always built).
PRODUCT_PAPERS: tuple[str, ...] = (*SHEET_PAPERS, PRESS)

# What `guide card --paper` offers: the card itself (A6), on sheets, or for the press.
CARD_PAPERS: tuple[str, ...] = ("a6", *PRODUCT_PAPERS)


def label(paper: str) -> str:
    """The paper's name as people write it: A6, A4, Letter."""
    return paper.title() if paper == "letter" else paper.upper()
