"""Imposition: the A6 card placed 4-up on A4 or US Letter sheets for home printing.

Each card leaf (pages 1-2, then 3-4 of a bilingual card) fills slots of a 2 × 2
grid; the card repeats to fill the sheet (four copies of a 2-page card, two
of a 4-page one). The back of each sheet holds every leaf's back page mirrored
left-right, so a double-sided print flipped on the long edge puts each back
behind its front. The cards touch (one cut between neighbours), crop marks
outside the grid show where to cut.

Neither A4 nor Letter holds four A6 cards at full size with room for crop
marks and a home printer's unprintable edge (Letter is shorter than two A6
cards), so the grid is scaled to fit inside ``MARGIN`` on every side: about
91 % on A4, 88 % on Letter. The scale is reported with the sheet.

Pages are merged with pypdf; the crop marks are typeset by WeasyPrint from a
few absolutely positioned rules, so no PDF is written by hand. Links and form
fields are dropped from the sheets: they are for paper.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

MM = 72 / 25.4
# Sheet sizes, portrait, in points.
SHEET_PAPERS: dict[str, tuple[float, float]] = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
MARGIN = 9 * MM  # around the grid: crop marks, and the printer's unprintable edge (~4 mm) outside them
MARK_GAP = 1.5 * MM  # between a card's edge and its crop mark, so the mark is cut away
MARK_LENGTH = 3.5 * MM
MARK_WIDTH = 0.3  # pt


@dataclass(frozen=True)
class Sheets:
    pdf: bytes
    sides: int  # pages of the sheet PDF (front and back of each sheet)
    scale: float  # of each card on the sheet
    cards: int  # card slots per side holding a page


def grid(paper: str, card: tuple[float, float]) -> tuple[float, float, float]:
    """Scale and lower-left corner (x, y) of the 2 × 2 grid of cards on the sheet."""
    width, height = SHEET_PAPERS[paper]
    cw, ch = card
    scale = min(1.0, (width - 2 * MARGIN) / (2 * cw), (height - 2 * MARGIN) / (2 * ch))
    return scale, (width - 2 * cw * scale) / 2, (height - 2 * ch * scale) / 2


@functools.cache
def crop_marks(paper: str, card: tuple[float, float]) -> bytes:
    """A one-page PDF of the sheet with only the crop marks of the grid."""
    from weasyprint import HTML

    width, height = SHEET_PAPERS[paper]
    scale, x0, y0 = grid(paper, card)
    cw, ch = card[0] * scale, card[1] * scale
    top = height - y0 - 2 * ch  # CSS measures from the top
    rules: list[tuple[float, float, float, float]] = []  # left, top, width, height in pt
    for x in (x0, x0 + cw, x0 + 2 * cw):  # vertical cuts: marks above and below the grid
        rules.append((x - MARK_WIDTH / 2, top - MARK_GAP - MARK_LENGTH, MARK_WIDTH, MARK_LENGTH))
        rules.append((x - MARK_WIDTH / 2, top + 2 * ch + MARK_GAP, MARK_WIDTH, MARK_LENGTH))
    for y in (top, top + ch, top + 2 * ch):  # horizontal cuts: marks left and right
        rules.append((x0 - MARK_GAP - MARK_LENGTH, y - MARK_WIDTH / 2, MARK_LENGTH, MARK_WIDTH))
        rules.append((x0 + 2 * cw + MARK_GAP, y - MARK_WIDTH / 2, MARK_LENGTH, MARK_WIDTH))
    divs = "".join(
        f'<div style="left:{left:.3f}pt;top:{y:.3f}pt;width:{w:.3f}pt;height:{h:.3f}pt"></div>'
        for left, y, w, h in rules
    )
    html = (
        f"<style>@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0 }} body {{ margin: 0 }}"
        f" div {{ position: absolute; background: #000 }}</style>{divs}"
    )
    return HTML(string=html).write_pdf()


def impose(pdf: bytes, paper: str) -> Sheets:
    """The card ``pdf`` imposed 4-up on ``paper`` (a4, letter), fronts and backs alternating.

    The sheets keep the card's metadata (title, author, subject, dates) and /Lang.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    for page in pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]  # links and form fields mean nothing on paper
    box = pages[0].mediabox
    card = (float(box.width), float(box.height))
    scale, x0, y0 = grid(paper, card)
    cw, ch = card[0] * scale, card[1] * scale
    width, height = SHEET_PAPERS[paper]
    marks = PdfReader(io.BytesIO(crop_marks(paper, card))).pages[0]

    leaves = [(pages[i], pages[i + 1] if i + 1 < len(pages) else None) for i in range(0, len(pages), 2)]
    slots = leaves * max(1, 4 // len(leaves))
    writer = PdfWriter()
    for start in range(0, len(slots), 4):
        front = PageObject.create_blank_page(width=width, height=height)
        back = PageObject.create_blank_page(width=width, height=height)
        front.merge_page(marks)
        back.merge_page(marks)
        for k, (face, reverse) in enumerate(slots[start : start + 4]):
            col, row = k % 2, k // 2  # row 0 is the top row
            y = y0 + (1 - row) * ch
            place = Transformation().scale(scale).translate(x0 + col * cw, y)
            front.merge_transformed_page(face, place)
            if reverse is not None:
                # Long-edge flip: a card's back is on the other side, mirrored left-right.
                mirror = Transformation().scale(scale).translate(x0 + (1 - col) * cw, y)
                back.merge_transformed_page(reverse, mirror)
        writer.add_page(front)
        writer.add_page(back)
    keep = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate")
    info = {key: str(value) for key, value in (reader.metadata or {}).items() if key in keep}
    writer.add_metadata({**info, "/Producer": "guide-generator (pypdf)"})
    lang = reader.root_object.get("/Lang")
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    for page in writer.pages:
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return Sheets(out.getvalue(), len(writer.pages), scale, min(4, len(slots)))
