"""The pictures of the consult card in docs/: its four panels side by side, per card.

Run after a build: ``.venv/bin/python scripts/card-pictures.py [dist]``. Writes
docs/card-<locale>[-<second>].png for the cards README.md shows, and docs/sheet-a4.png
(the A4 sheet, outside and inside).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
CARDS = {
    "card-en": "en/consult-card.pdf",
    "card-zh_Hant": "zh_Hant/consult-card.pdf",
    "card-ko": "ko/consult-card.pdf",
    "card-zh_Hant-ko": "zh_Hant/consult-card.ko.pdf",
}
SHEET = {"sheet-a4": "en/consult-card.a4.pdf"}
GAP, GREY = 12, (150, 150, 150)


def side_by_side(path: Path, dpi: float) -> Image.Image:
    pdf = pypdfium2.PdfDocument(str(path))
    pages = [pdf[n].render(scale=dpi / 72).to_pil() for n in range(len(pdf))]
    pdf.close()
    out = Image.new("RGB", (sum(p.width for p in pages) + GAP * (len(pages) + 1), pages[0].height + 2 * GAP), GREY)
    x = GAP
    for page in pages:
        out.paste(page, (x, GAP))
        x += page.width + GAP
    return out


def main() -> None:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    for name, pdf in {**CARDS, **SHEET}.items():
        image = side_by_side(dist / pdf, 90 if name in CARDS else 40)
        image.quantize(colors=96).save(ROOT / "docs" / f"{name}.png", optimize=True)
        print(ROOT / "docs" / f"{name}.png")


if __name__ == "__main__":
    main()
