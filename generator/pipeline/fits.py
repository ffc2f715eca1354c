"""Fits: a product's tighter settings of the same text, tried in turn when it runs over ``max_pages``.

A product declares how many its template offers (``fits`` in guide.toml; the built-in card 5: its
``fit`` variable 0 to 4). The build renders fit 0 and typesets it; only when it runs over does it
render the next fit and typeset that, and so on: a fit is rendered when it is tried. A template that
offers fewer than declared is found out by its output: a fit whose HTML is the one before's is not
tried.

The fit chosen is remembered in the cache folder, keyed by the HTML of fit 0 (with WeasyPrint's
version and the page limit) and checked against the HTML of the fit chosen: layout is deterministic,
so the next build of the same document renders and lays out that fit alone.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import NamedTuple

from ..errors import GuideError, OutputError
from ..files import atomic_write
from ..fonts import cache_dir


class Fit(NamedTuple):
    """One fit of a document, rendered: its number (0: the loosest) and its HTML."""

    number: int
    html: str


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


@functools.cache
def _weasyprint() -> str:
    """WeasyPrint's version: its layout decides, another version may choose another fit."""
    from importlib import metadata  # lazy: 20 ms (email, zipfile, csv), for a build that renders

    return metadata.version("weasyprint")


def _key(first: str, max_pages: int | None) -> Path:
    key = hashlib.sha256(f"{_weasyprint()}\0{max_pages}\0".encode())
    key.update(first.encode("utf-8"))
    return cache_dir() / "fits" / key.hexdigest()


def known(first: str, max_pages: int | None) -> tuple[int, str] | None:
    """The fit an earlier build chose for the document whose fit 0 is ``first``, and its HTML's digest."""
    try:
        number, chosen = _key(first, max_pages).read_text(encoding="ascii").split()
        return int(number), chosen
    except (OSError, ValueError):
        return None


def remember(first: str, max_pages: int | None, fit: Fit) -> None:
    try:
        atomic_write(_key(first, max_pages), f"{fit.number} {digest(fit.html)}".encode("ascii"))
    except (GuideError, OSError):  # a cache: a build that cannot keep it is only slower next time
        pass


def too_long(what: str, max_pages: int | None, pages: int) -> OutputError:
    """Even the tightest fit runs over."""
    return OutputError(
        f"{what} does not fit its {max_pages} pages, even set as tight as it goes ({pages} pages)",
        hint="shorten its longest texts (its questions first) in the catalogue",
    )
