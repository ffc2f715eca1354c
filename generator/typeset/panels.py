"""Panels: a folded card's questions spread over its first panels, and each panel's spare height
turned into writing lines before it is left as blank paper.

A template marks the list to spread with ``data-guide-fill="N"`` (the card: 3, its panels 1-3; the
back, panel 4, is a page of its own). Each item (``<li id>``) holds writing lines
(``class="line"``), some hidden: more than any panel can show. After the fit is chosen, the layout
is measured (each item's height, its lines' pitch, each panel's room) and the items are cut into N
runs, one per panel, in order: every panel gets at least one item when there are N or more, and
the cut chosen is the fairest: the question with the fewest writing lines has as many as any cut
gives, then the next fewest, and so on (max-min, compared as sorted line counts). A
panel's spare height goes to its items as whole lines, in turn from its first. The plan is given to
the document as CSS (a page break before each run, the lines to show) and laid out again; if that
layout does not come out as planned, the first is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

FILL = re.compile(r'data-guide-fill="(\d+)"')
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
SLACK = 2.0  # CSS px (0.5 mm) each panel keeps free: rounding between two layouts


@dataclass(frozen=True)
class Item:
    id: str
    page: int  # 0-based
    height: float  # margin box, CSS px, with the lines it shows
    lines: int  # writing lines shown
    slots: int  # writing lines it has (shown or not)
    pitch: float  # one line's height
    margin: float  # below it: dropped at the foot of a page


def panels_of(html: str) -> int:
    """How many panels the template spreads its list over (0: it does not ask)."""
    found = FILL.search(html)
    return int(found.group(1)) if found else 0


def _walk(box: Any) -> Any:
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", [])))


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []


def measure(document: Any) -> tuple[list[Item], list[float]] | None:
    """The list's items and the room of each page (from an item's top on the list's first page).

    None when the document has no list to fill, or items it cannot name in CSS."""
    items: list[Item] = []
    room: list[float] = []
    for number, page in enumerate(document.pages):
        box = page._page_box
        bottom = box.content_box_y() + box.height
        room.append(box.height)
        for found in _walk(box):
            if found.element is not None and found.element.get("data-guide-fill") and found.element_tag != "li":
                for li in (child for child in found.children if child.element_tag == "li"):
                    item = _item(li, number)
                    if item is None:
                        return None
                    if not items:
                        room[number] = bottom - li.position_y
                    items.append(item)
    return (items, room[items[0].page :]) if items else None


def _item(li: Any, page: int) -> Item | None:
    ident = li.element.get("id") or ""
    if not _ID.fullmatch(ident):
        return None
    shown = [box for box in _walk(li) if box.element_tag == "div" and "line" in _classes(box.element)]
    slots = sum(1 for element in li.element.iter() if "line" in _classes(element))
    pitch = shown[0].margin_height() if shown else 0.0
    return Item(ident, page, li.margin_height(), len(shown), slots, pitch, li.margin_bottom)


def plan(items: list[Item], room: list[float], panels: int) -> tuple[list[int], list[int]] | None:
    """Where each run starts (item indexes) and each item's lines: the best cut, or None if none fits."""
    n = len(items)
    # each panel holds an item; with fewer items than panels, one each
    best: tuple[list[int], list[int], list[int]] | None = None
    for cuts in combinations(range(1, n), min(panels, n) - 1):
        starts = [0, *cuts]
        lines = _lines(items, room, [*starts, n])
        if lines is None:
            continue
        score = sorted(lines)  # the fewest lines as many as can be, then the next fewest...
        if best is None or score > best[0]:
            best = (score, starts, lines)
    return (best[1], best[2]) if best else None


def _lines(items: list[Item], room: list[float], bounds: list[int]) -> list[int] | None:
    """Each item's lines when runs are items[bounds[i]:bounds[i+1]], or None if a run overflows."""
    lines: list[int] = []
    for panel, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        run = items[start:end]
        used = sum(item.height for item in run) - (run[-1].margin if run else 0)
        space = (room[panel] if panel < len(room) else room[-1]) - SLACK - used
        if space < 0:
            return None
        extra = [0] * len(run)
        while run and any(item.pitch for item in run):  # whole lines, in turn from the run's first
            grew = False
            for k, item in enumerate(run):
                if item.pitch and item.pitch <= space and item.lines + extra[k] < item.slots:
                    extra[k] += 1
                    space -= item.pitch
                    grew = True
            if not grew:
                break
        lines += [item.lines + more for item, more in zip(run, extra, strict=True)]
    return lines


def css(items: list[Item], starts: list[int], lines: list[int]) -> str:
    """The plan as CSS: a page break before each run but the first, the lines each item shows."""
    rules = [f"#{items[start].id} {{ break-before: page; }}" for start in starts[1:] if start < len(items)]
    rules += [
        f"#{item.id} .line:nth-child(-n+{count}) {{ display: block; }}"
        for item, count in zip(items, lines, strict=True)
        if count > item.lines
    ]
    return "\n".join(rules)


def fill(document: Any, source: str, layout: Callable[[str], Any], max_pages: int | None) -> tuple[Any, str]:
    """The document with its list spread over its panels and their room written on (see the module);
    ``layout`` lays out changed HTML. Returns the document and the HTML it was laid out from."""
    panels = panels_of(source)
    measured = measure(document) if panels else None
    if measured is None:
        return document, source
    items, room = measured
    planned = plan(items, room, panels)
    if planned is None:
        return document, source
    starts, lines = planned
    rules = css(items, starts, lines)
    if not rules:
        return document, source
    filled_source = source.replace("</head>", f"<style>\n{rules}\n</style>\n</head>", 1)
    filled = layout(filled_source)
    check = measure(filled)
    runs = zip(starts, [*starts[1:], len(items)], strict=True)
    wanted = [panel for panel, (start, end) in enumerate(runs) for _ in range(end - start)]
    if check is None or [item.page - check[0][0].page for item in check[0]] != wanted:
        return document, source  # not as planned (a rounding): the first layout stands
    if len(filled.pages) < len(document.pages) or (max_pages is not None and len(filled.pages) > max_pages):
        return document, source
    return filled, filled_source
