"""Viewer preferences: how a PDF asks to be shown and printed.

A right-to-left document (``<html dir="rtl">``: Arabic, Hebrew, Persian, Urdu) says so with
``/Direction /R2L``: a viewer shows its spreads right to left, and the imposition folds a card that
way (impose: page 1 on the left of the outside, page 2 on the right of the inside). A home-print
sheet asks for no scaling (``/PrintScaling /None``: a viewer's "fit to printable area" moves the cut
marks) and its flip (``/Duplex /DuplexFlipLongEdge``, the A5 landscape sheet ``/DuplexFlipShortEdge``:
the inside must land behind the outside).
"""

from __future__ import annotations

import io
import re

_RTL = re.compile(r"<html\b[^>]*\sdir=\"rtl\"")


def is_rtl(html: str) -> bool:
    """Whether the document's root says right to left."""
    return _RTL.search(html[:2000]) is not None


def right_to_left(pdf) -> bool:  # a pikepdf.Pdf
    """Whether a PDF asks for right-to-left spreads (``/ViewerPreferences /Direction /R2L``)."""
    prefs = pdf.Root.get("/ViewerPreferences")
    return prefs is not None and str(prefs.get("/Direction", "")) == "/R2L"


def with_preferences(data: bytes, *, rtl: bool = False, sheet: bool = False, flip: str = "long") -> bytes:
    """The PDF with its viewer preferences set (see the module); the others it has are kept."""
    import pikepdf

    if not (rtl or sheet):
        return data
    pdf = pikepdf.open(io.BytesIO(data))
    prefs = pdf.Root.get("/ViewerPreferences") or pikepdf.Dictionary()
    prefs.DisplayDocTitle = True
    if rtl:
        prefs.Direction = pikepdf.Name.R2L
    if sheet:
        prefs.PrintScaling = pikepdf.Name("/None")
        prefs.Duplex = pikepdf.Name.DuplexFlipShortEdge if flip == "short" else pikepdf.Name.DuplexFlipLongEdge
    pdf.Root.ViewerPreferences = prefs
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
