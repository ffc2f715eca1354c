"""QR codes for the printed page: vector SVG inline in the HTML, drawn by segno.

A phone scans the code on paper and opens the cited study's PubMed abstract;
the short URL is printed beside it for anyone who types it instead.
"""

from __future__ import annotations

import functools

import segno
from markupsafe import Markup


@functools.cache
def qr_svg(url: str, label: str | None = None) -> Markup:
    """``url`` as an inline SVG QR code (error correction M, 2-module quiet zone).

    ``label`` is its title, the PDF figure's alt text: what a screen reader says for the
    code, in the reader's language ("QR code: PubMed abstract, PMID 36230058").

    The quiet zone is narrower than the standard 4 modules: the code is printed
    on white with white space around it, and phones read it fine.
    """
    code = segno.make(url, error="m", boost_error=False)
    # a translated label is Markup (maybe a fallback <span lang>): its text only; segno escapes it
    title = label.striptags() if isinstance(label, Markup) else (label or url)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr-code", title=title)
    return Markup(svg)


def short_url(url: str) -> str:
    """The URL as printed beside its code: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
