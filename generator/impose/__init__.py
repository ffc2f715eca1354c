"""Imposition: the card on A4 or US Letter sheets for home printing, duplex.

A card of four pages (or eight, twelve ...) is a *folded card*: each four pages are
one A5 sheet folded once. Its outside holds page 4 (the back when folded) beside
page 1 (the front); its inside page 2 beside page 3 (mirrored for a right-to-left
card). Two cards go on a portrait sheet, one above the other, the lower one upside
down: their feet (the page footers) meet at the middle cut and their heads, with
the cards' own top margin, face the paper's edges, so nothing is printed within a
home printer's 5 mm. At 100 % on A4 (two A5 are one A4), scaled to the paper on
Letter (94 %: the card's 8 pt stays above 7.5 pt). Printed on both sides and flipped
on the long edge, each card's inside lands behind its outside; the fold runs
parallel to the long edge.

A card of any other page count is cut into A6 leaves (pages 1-2, 3-4, ...), each
on a sheet of its own, four copies a side; a leaf's back is mirrored left-right
behind its front. A last page without a back gets a one-sided sheet: no sheet
page has an empty slot.

Where the cards reach the paper's edge the edge is the cut; other cuts get crop
marks (solid), outside the cards where there is room, else just inside the
printable area in the cards' own margin. Folds get dashed marks at the card's top
and bottom edges. A slug line up the front's left edge says how to print (the
flip edge, the scale) and how to cut and fold. The marks and the slug are typeset by WeasyPrint
from a few absolutely positioned elements, so no PDF is written by hand.

Pages are placed with pikepdf (each card page a Form XObject). Links and form fields
are dropped from the sheets: they are for paper.
"""

from __future__ import annotations

import functools
import html
import io
from dataclasses import dataclass

from ..papers import MM, SHEET_PAPERS, label
from ..paths import BUILTIN_TEMPLATES
from ..typeset import right_to_left, tag_sheets, with_preferences

PRINTABLE = 5 * MM  # a home printer's unprintable edge is 3 to 5 mm: nothing is drawn nearer the paper's edge
FOOTER = 1.7 * MM  # how near a card page's footer comes to its foot (card.css: a 7.5 mm bottom margin; measured)
MARK_GAP = 1.5 * MM  # between a card's edge and its crop mark, so the mark is cut away
MARK_LENGTH = 3.5 * MM
INNER_MARK = 2.2 * MM  # a mark inside a card's margin, where the card reaches the paper's edge
MARK_WIDTH = 0.3  # pt
FLIPS = {"a5": "short"}  # the edge a sheet is flipped on: the fold's, parallel to it (else "long")


def flip(paper: str) -> str:
    """The edge to flip a sheet on, printed double-sided: A4 and Letter portrait on the long edge, the
    A5 landscape sheet on the short one (either way the back is mirrored left to right)."""
    return FLIPS.get(paper, "long")


@dataclass(frozen=True)
class Sheets:
    pdf: bytes
    sides: int  # pages of the sheet PDF (front and back of each sheet)
    rtl: bool = False  # folded right to left (the card's /Direction /R2L)
    flip: str = "long"  # the edge to flip the sheet on (flip)


@dataclass(frozen=True)
class Layout:
    """Where the cells (a folded card's open spread, or an A6 leaf) go on a sheet side."""

    paper: str
    cell: tuple[float, float]  # in points, unscaled
    cols: int
    rows: int
    folded: bool

    @functools.cached_property
    def scale(self) -> float:
        """1 where the cells fit the paper at full size (A4 holds two A5 exactly), else scaled to the paper:
        the cards' own margins (5.5 mm and more, both rows' heads at the paper's edges) keep the text
        inside the printable part, and Letter's 94 % keeps the card's 8 pt above 7.5 pt."""
        width, height = SHEET_PAPERS[self.paper]
        w, h = self.cell[0] * self.cols, self.cell[1] * self.rows
        fit = 1.0 if w <= width + 0.01 and h <= height + 0.01 else min(width / w, height / h)
        if self.rows == 1:  # one card alone (A5): its foot faces an edge too, so its footer must clear 5 mm
            fit = min(fit, (height / 2 - PRINTABLE) / (h / 2 - FOOTER))
        return fit

    @property
    def origin(self) -> tuple[float, float]:
        """The grid's lower-left corner (PDF coordinates): centred on the sheet."""
        width, height = SHEET_PAPERS[self.paper]
        return (width - self.cols * self.cell[0] * self.scale) / 2, (height - self.rows * self.cell[1] * self.scale) / 2

    def slot(self, col: int, row: int) -> tuple[float, float, float, float]:
        """A cell's rectangle (x0, y0, x1, y1); row 0 is the top row."""
        x0, y0 = self.origin
        w, h = self.cell[0] * self.scale, self.cell[1] * self.scale
        x, y = x0 + col * w, y0 + (self.rows - 1 - row) * h
        return x, y, x + w, y + h


def layout(paper: str, card: tuple[float, float], pages: int) -> Layout:
    """The folded layout for a card of 4, 8 ... pages (one card on A5, two on a bigger sheet); otherwise
    A6 leaves, four to a side (two on A5)."""
    rows = 1 if SHEET_PAPERS[paper][1] < 2 * card[1] * 0.9 else 2  # A5 landscape holds one row
    if pages % 4 == 0:
        return Layout(paper, (2 * card[0], card[1]), 1, rows, folded=True)
    return Layout(paper, card, 2, rows, folded=False)


def slug(place: Layout) -> str:
    """How to print, cut and fold, in a line that fits up the side of an A4 sheet."""
    paper = label(place.paper)
    size = "at 100 %" if place.scale == 1 else f"scaled to {round(place.scale * 100)} %"
    count = place.rows * (1 if place.folded else place.cols)
    cards = f"{count} folded card{'s' if count > 1 else ''}" if place.folded else f"{count} cards"
    fold = ", fold at dashed" if place.folded else ""
    how = f"print both sides, flip on {flip(place.paper)} edge"
    return f"{paper} {size} \u00b7 {cards} \u00b7 {how} \u00b7 cut at solid marks{fold}"


Rect = tuple[float, float, float, float]


def _mark_rules(place: Layout) -> tuple[list[Rect], list[tuple[float, float, float]]]:
    """The cut marks (left, top, width, height in pt, from the top) and fold marks (left, top, height)."""
    width, height = SHEET_PAPERS[place.paper]
    x0, y0 = place.origin
    w, h = place.cell[0] * place.scale, place.cell[1] * place.scale
    left, top = x0, height - y0 - place.rows * h  # CSS measures from the top
    right, bottom = left + place.cols * w, top + place.rows * h
    rules: list[Rect] = []  # left, top, width, height in pt
    folds: list[tuple[float, float, float]] = []  # left, top, height

    def at_edge(value: float, limit: float) -> bool:
        return value < PRINTABLE or value > limit - PRINTABLE

    half = MARK_WIDTH / 2
    for x in (left + c * w for c in range(place.cols + 1)):  # vertical cuts: marks above and below
        if at_edge(x, width):
            continue
        if top - MARK_GAP - MARK_LENGTH >= PRINTABLE:
            rules.append((x - half, top - MARK_GAP - MARK_LENGTH, MARK_WIDTH, MARK_LENGTH))
            rules.append((x - half, bottom + MARK_GAP, MARK_WIDTH, MARK_LENGTH))
        else:
            rules.append((x - half, PRINTABLE, MARK_WIDTH, INNER_MARK))
            rules.append((x - half, height - PRINTABLE - INNER_MARK, MARK_WIDTH, INNER_MARK))
    for y in (top + r * h for r in range(place.rows + 1)):  # horizontal cuts: marks left and right
        if at_edge(y, height):
            continue
        if left - MARK_GAP - MARK_LENGTH >= PRINTABLE:
            rules.append((left - MARK_GAP - MARK_LENGTH, y - half, MARK_LENGTH, MARK_WIDTH))
            rules.append((right + MARK_GAP, y - half, MARK_LENGTH, MARK_WIDTH))
        else:
            rules.append((PRINTABLE, y - half, INNER_MARK, MARK_WIDTH))
            rules.append((width - PRINTABLE - INNER_MARK, y - half, INNER_MARK, MARK_WIDTH))
    if place.folded:  # the fold: down the middle of each card, marked at its top and bottom edge
        for r in range(place.rows):
            card_top, card_bottom = top + r * h, top + (r + 1) * h
            start = max(card_top, PRINTABLE)
            end = min(card_bottom, height - PRINTABLE)
            for c in range(place.cols):
                x = left + c * w + w / 2
                folds.append((x - half, start, INNER_MARK))
                folds.append((x - half, end - INNER_MARK, INNER_MARK))
    return rules, folds


@functools.cache
def marks(place: Layout, with_slug: bool = True) -> bytes:
    """A one-page PDF of a sheet side with only its crop marks, fold marks and (front) slug line."""
    from weasyprint import HTML  # lazy: WeasyPrint's import is 0.5 s, and a no-op build imports impose

    width, height = SHEET_PAPERS[place.paper]
    left = place.origin[0]
    rules, folds = _mark_rules(place)
    divs = "".join(
        f'<div style="left:{x:.3f}pt;top:{y:.3f}pt;width:{rw:.3f}pt;height:{rh:.3f}pt"></div>' for x, y, rw, rh in rules
    )
    divs += "".join(
        f'<div class="fold" style="left:{x:.3f}pt;top:{y:.3f}pt;height:{fh:.3f}pt"></div>' for x, y, fh in folds
    )
    # The slug runs up the sheet's left edge, just inside the printable part: beside the cards
    # where there is room, else (A4 at 100 %) in the left card's side margin (7 mm).
    size = 7.0 if left - PRINTABLE > 4 * MM else 5.0
    note = (
        f'<p style="left:{PRINTABLE + 0.2 * MM:.3f}pt;top:{height - 12 * MM:.3f}pt;font-size:{size:.1f}pt">'
        f"{html.escape(slug(place))}</p>"
        if with_slug
        else ""
    )
    # The slug's face: the 19 KB Latin cut the form fields use (a system CJK face added 120 KB a sheet).
    face = (BUILTIN_TEMPLATES / "fonts" / "form-field.otf").resolve().as_uri()
    page = (
        f'<style>@font-face {{ font-family: "Guide Slug"; src: url("{face}") }}'
        f"@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0 }} body {{ margin: 0 }}"
        f" div {{ position: absolute; background: #000 }}"
        f" div.fold {{ background: none; width: 0; border-left: {MARK_WIDTH}pt dashed #000 }}"
        f" p {{ position: absolute; margin: 0; line-height: 1; white-space: nowrap; color: #000;"
        f' font-family: "Guide Slug"; transform-origin: 0 0; transform: rotate(-90deg) }}'
        f"</style>{divs}{note}"
    )
    return HTML(string=page).write_pdf()


def _half(rect: Rect, which: int) -> Rect:
    x0, y0, x1, y1 = rect
    middle = (x0 + x1) / 2
    return (x0, y0, middle, y1) if which == 0 else (middle, y0, x1, y1)


Slot = tuple[int, Rect, bool]  # card page index, where, upside down


def _sides(place: Layout, pages: int, rtl: bool = False) -> list[tuple[list[Slot], bool]]:
    """Each sheet side's slots and whether it is a front. Rows below the first are upside down.

    ``rtl``: a right-to-left card folds the other way (its spine at the front's right): page 1 on
    the left of the outside, page 4 on the right; inside, page 3 on the left, page 2 on the right."""
    sides: list[tuple[list[Slot], bool]] = []
    if place.folded:
        for first in range(0, pages, 4):
            outside: list[Slot] = []
            inside: list[Slot] = []
            for row in range(place.rows):
                rect, turned = place.slot(0, row), row > 0
                # Outside: the back (page 4) on the left, the front (page 1) on the right; inside: pages 2 and 3.
                # Turned upside down, a card's halves swap sides.
                left, right = (1, 0) if rtl != turned else (0, 1)
                outside += [(first + 3, _half(rect, left), turned), (first, _half(rect, right), turned)]
                inside += [(first + 1, _half(rect, left), turned), (first + 2, _half(rect, right), turned)]
            sides += [(outside, True), (inside, False)]
    else:
        slots = [(col, row) for row in range(place.rows) for col in range(place.cols)]
        for first in range(0, pages, 2):
            sides.append(([(first, place.slot(col, row), row > 0) for col, row in slots], True))
            if first + 1 < pages:  # long-edge flip: the back mirrored left-right
                back = [(first + 1, place.slot(place.cols - 1 - col, row), row > 0) for col, row in slots]
                sides.append((back, False))
    return sides


def _placement(form, key: str, rect: Rect, turned: bool) -> bytes:  # form: a pikepdf Form XObject
    """The content that draws ``form`` scaled into ``rect``, upside down if ``turned``."""
    bx0, by0, bx1, by1 = (float(v) for v in form.BBox)
    x0, y0, x1, y1 = rect
    sx, sy = (x1 - x0) / (bx1 - bx0), (y1 - y0) / (by1 - by0)
    if turned:  # the box's lower-left corner to the slot's upper-right
        matrix = (-sx, 0, 0, -sy, x1 + sx * bx0, y1 + sy * by0)
    else:
        matrix = (sx, 0, 0, sy, x0 - sx * bx0, y0 - sy * by0)
    numbers = " ".join(f"{value:.6f}".rstrip("0").rstrip(".") for value in matrix)
    return f"q {numbers} cm {key} Do Q\n".encode("ascii")


def impose(pdf: bytes, paper: str) -> Sheets:
    """The card ``pdf`` imposed on ``paper`` (a4, letter) for a duplex print, fronts and backs alternating,
    tagged and with the viewer's print presets (no scaling, the flip edge).

    Each card page is placed as a Form XObject (pikepdf, qpdf underneath: milliseconds a
    sheet; re-writing the content streams with pypdf took a third of a second). The sheets
    keep the card's metadata (title, author, subject, dates) and /Lang.
    """
    import pikepdf  # lazy: 0.1 s at import, needed only when a card is imposed

    card_pdf = pikepdf.open(io.BytesIO(pdf))
    pages = [pikepdf.Page(page) for page in card_pdf.pages]
    box = pages[0].mediabox
    card = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
    place = layout(paper, card, len(pages))
    width, height = SHEET_PAPERS[paper]
    marks_pdfs = [pikepdf.open(io.BytesIO(marks(place, with_slug))) for with_slug in (True, False)]

    sheets = pikepdf.new()
    # Each card page (and the marks) becomes one Form XObject in the sheets, placed in as many
    # slots as needed. Only the page's content is placed: links and form fields mean nothing on paper.
    forms = [sheets.copy_foreign(page.as_form_xobject()) for page in pages]
    front_marks, back_marks = (sheets.copy_foreign(pikepdf.Page(m.pages[0]).as_form_xobject()) for m in marks_pdfs)

    def place_form(side: pikepdf.Page, form: pikepdf.Object, name: str, rect: Rect, turned: bool = False) -> None:
        # Fixed resource names (add_overlay picks random ones): equal inputs, equal bytes.
        key = side.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/" + name))
        side.contents_add(_placement(form, str(key), rect, turned), prepend=False)

    def new_side(front: bool) -> pikepdf.Page:
        side = sheets.add_blank_page(page_size=(width, height))
        place_form(side, front_marks if front else back_marks, "Marks", (0, 0, width, height))
        return side

    rtl = right_to_left(card_pdf)
    for slots_of_side, front in _sides(place, len(pages), rtl):
        side = new_side(front)
        for index, rect, turned in slots_of_side:
            place_form(side, forms[index], f"Card{index}", rect, turned)

    _keep_metadata(card_pdf, sheets)
    out = io.BytesIO()
    # deterministic_id: the /ID is a hash of the content, so equal inputs give equal sheets
    sheets.save(out, deterministic_id=True, compress_streams=True)
    # tagged (each side a Figure named by the card's title) and printed at 100 %, flipped on the fold's edge
    finished = with_preferences(tag_sheets(out.getvalue(), pdf), sheet=True, flip=flip(paper))
    return Sheets(finished, len(sheets.pages), rtl, flip(paper))


def _keep_metadata(card, sheets) -> None:  # pikepdf.Pdf both
    """The card's title, author, subject, dates and /Lang on its sheets."""
    import pikepdf  # lazy: see impose

    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate"):
        if key in card.docinfo:
            sheets.docinfo[key] = pikepdf.String(str(card.docinfo[key]))
    sheets.docinfo["/Producer"] = pikepdf.String("guide-generator (pikepdf)")
    if "/Lang" in card.Root:
        sheets.Root.Lang = pikepdf.String(str(card.Root.Lang))
