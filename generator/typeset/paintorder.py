"""A list item's number, and a slanted word, drawn where they are read, not after the page's text.

WeasyPrint 70 lays an outside ``::marker`` out as an absolutely positioned box, and paints it
with the positioned boxes, after every line of the page. A reader that reads a page in the
order it was drawn (pdfium, so Chrome's copy and search; ``pdftotext -raw``) then finds a
question's number at the end of the page, or inside a paragraph that runs on from the page
before ("병원 예외 10. 조항"). :func:`install` paints each such marker just before the lines of its
list item. Where it is painted on the page is unchanged; a marker that makes a stacking context
of its own (a z-index, a transform, opacity) is left where WeasyPrint paints it. The same goes for
an absolutely positioned box a template marks ``data-guide-read-first`` (the card's question
number, placed in its item's padding: in a flex row it cost 40 % of the card's layout): painted
after its question, it was read after it ("…registration? 3 What records…"). Left to right only: a
right-to-left line is drawn from its left end, so a number drawn after it ends the run at the
right, where pdfium reads it first; drawn before it, pdfium broke the Urdu line in two.

The English emphasis is an inline block skewed like an oblique (its CJK face has no italic): a
transform makes a stacking context, painted after the page's text too ("the journal looked at",
Cells at the end). An inline block whose only such property is its transform is painted in its line,
as WeasyPrint paints an inline block without one.
"""

from __future__ import annotations

_installed = False


def install() -> None:
    """Hook WeasyPrint's stacking and block drawing (once per process)."""
    global _installed
    if _installed:
        return
    from weasyprint import draw, stacking

    dispatch_children = stacking._dispatch_children
    dispatch = stacking._dispatch

    def dispatch_slanted_in_line(box, page, child_contexts, blocks, floats, blocks_and_cells):
        if _slanted_inline_block(box):
            return stacking.StackingContext.from_box(box, page, child_contexts)
        return dispatch(box, page, child_contexts, blocks, floats, blocks_and_cells)

    def dispatch_markers_apart(box, page, child_contexts, blocks, floats, blocks_and_cells):
        children = getattr(box, "children", None) or []
        markers = [child for child in children if _read_first(child)]
        if not markers:
            return dispatch_children(box, page, child_contexts, blocks, floats, blocks_and_cells)
        box = box.copy_with_children([child for child in children if not _read_first(child)])
        box = dispatch_children(box, page, child_contexts, blocks, floats, blocks_and_cells)
        box.guide_markers = [stacking.StackingContext.from_box(marker, page) for marker in markers]
        return box

    draw_block_level = draw.draw_block_level

    def draw_markers_first(page, stream, blocks_and_cells):
        for block, inner in blocks_and_cells.items():
            for marker in getattr(block, "guide_markers", ()):
                draw.draw_stacking_context(stream, marker)
            draw_block_level(page, stream, {block: inner})

    stacking._dispatch_children = dispatch_markers_apart
    stacking._dispatch = dispatch_slanted_in_line
    draw.draw_block_level = draw_markers_first
    _installed = True


def _read_first(box) -> bool:
    """An outside marker, or a box marked to be read first, that WeasyPrint paints late only for
    being positioned (absolutely)."""
    style = box.style
    element = getattr(box, "element", None)
    asked = element is not None and element.get("data-guide-read-first") is not None
    marked = asked and style["position"] == "absolute" and style["direction"] == "ltr"
    return (bool(getattr(box, "is_outside_marker", False)) or marked) and style["z_index"] == "auto" and not (
        style["opacity"] < 1 or style["transform"] or style["overflow"] != "visible"
    )


def _slanted_inline_block(box) -> bool:
    """An inline block that makes a stacking context only for its transform."""
    from weasyprint.formatting_structure import boxes

    style = box.style
    return (
        isinstance(box, boxes.InlineBlockBox)
        and bool(style["transform"])
        and style["opacity"] >= 1
        and style["overflow"] == "visible"
        and style["position"] == "static"
    )
