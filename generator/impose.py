"""Imposition: the A6 card placed 4-up on A4 or US Letter sheets for home printing.

Each card leaf (pages 1-2, then 3-4 of a bilingual card) fills slots of a 2 × 2
grid; the card repeats to fill the sheet (four copies of a 2-page card, two
of a 4-page one). The back of each sheet holds every leaf's back page mirrored
left-right, so a double-sided print flipped on the long edge puts each back
behind its front; a card of one page has no back side, so its sheet has none
either (a blank back would waste a printer pass). The cards touch (one cut between neighbours), crop marks
outside the grid show where to cut.

Neither A4 nor Letter holds four A6 cards at full size with room for crop
marks and a home printer's unprintable edge (Letter is shorter than two A6
cards), so the grid is scaled to fit inside ``MARGIN`` on every side: about
91 % on A4, 88 % on Letter. The scale is reported with the sheet.

Pages are placed with pikepdf (each card page a Form XObject); the crop marks
are typeset by WeasyPrint from a few absolutely positioned rules, so no PDF is
written by hand. Links and form fields are dropped from the sheets: they are for paper.
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

    Each card page is placed as a Form XObject (pikepdf, qpdf underneath: milliseconds a
    sheet; re-writing the content streams with pypdf took a third of a second). The sheets
    keep the card's metadata (title, author, subject, dates) and /Lang.
    """
    import pikepdf

    card_pdf = pikepdf.open(io.BytesIO(pdf))
    pages = [pikepdf.Page(page) for page in card_pdf.pages]
    box = pages[0].mediabox
    card = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
    scale, x0, y0 = grid(paper, card)
    cw, ch = card[0] * scale, card[1] * scale
    width, height = SHEET_PAPERS[paper]
    marks_pdf = pikepdf.open(io.BytesIO(crop_marks(paper, card)))
    marks = pikepdf.Page(marks_pdf.pages[0])

    leaves = [(i, i + 1 if i + 1 < len(pages) else None) for i in range(0, len(pages), 2)]
    slots = leaves * max(1, 4 // len(leaves))
    sheets = pikepdf.new()
    # Each card page (and the marks) becomes one Form XObject in the sheets, placed in as many
    # slots as needed. Only the page's content is placed: links and form fields mean nothing on paper.
    forms = [sheets.copy_foreign(page.as_form_xobject()) for page in pages]
    marks_form = sheets.copy_foreign(marks.as_form_xobject())

    def place(side: pikepdf.Page, form: pikepdf.Object, name: str, rect: pikepdf.Rectangle) -> None:
        # Fixed resource names (add_overlay picks random ones): equal inputs, equal bytes.
        key = side.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/" + name))
        side.contents_add(side.calc_form_xobject_placement(form, key, rect), prepend=False)

    for start in range(0, len(slots), 4):
        front = sheets.add_blank_page(page_size=(width, height))
        # A sheet whose cards have no backs (a one-page card) has no back side: no blank page to print.
        has_back = any(reverse is not None for _, reverse in slots[start : start + 4])
        back = sheets.add_blank_page(page_size=(width, height)) if has_back else None
        for side in (front, back):
            if side is not None:
                place(side, marks_form, "Marks", pikepdf.Rectangle(0, 0, width, height))
        for k, (face, reverse) in enumerate(slots[start : start + 4]):
            col, row = k % 2, k // 2  # row 0 is the top row
            y = y0 + (1 - row) * ch
            x = x0 + col * cw
            place(front, forms[face], f"Card{face}", pikepdf.Rectangle(x, y, x + cw, y + ch))
            if back is not None and reverse is not None:
                # Long-edge flip: a card's back is on the other side, mirrored left-right.
                x = x0 + (1 - col) * cw
                place(back, forms[reverse], f"Card{reverse}", pikepdf.Rectangle(x, y, x + cw, y + ch))
    keep = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate")
    for key in keep:
        if key in card_pdf.docinfo:
            sheets.docinfo[key] = pikepdf.String(str(card_pdf.docinfo[key]))
    sheets.docinfo["/Producer"] = pikepdf.String("guide-generator (pikepdf)")
    if "/Lang" in card_pdf.Root:
        sheets.Root.Lang = pikepdf.String(str(card_pdf.Root.Lang))
    out = io.BytesIO()
    # deterministic_id: the /ID is a hash of the content, so equal inputs give equal sheets
    sheets.save(out, deterministic_id=True, compress_streams=True)
    return Sheets(out.getvalue(), len(sheets.pages), scale, min(4, len(slots)))
