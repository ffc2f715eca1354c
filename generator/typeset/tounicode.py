"""Each glyph's text in a font's ToUnicode map: its own character where the font's cmap gives one.

WeasyPrint gives a glyph the text of the first cluster that drew it, and a cluster's second glyph
nothing; :func:`map_glyphs` (called by actualtext.py for each of HarfBuzz's clusters as a line is
about to be drawn) gives each glyph of a several-glyph cluster the character the font draws with
it (the font's cmap, reversed with uharfbuzz), the rest of the cluster's text to a glyph the cmap
does not reach (a conjunct, a reph), and never an empty entry. A glyph keeps its first entry.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actualtext import Cluster


def map_glyphs(cluster: Cluster) -> None:
    """Give the cluster's unmapped glyphs their own characters (the cmap's), the rest of its text to
    the first glyph that has none: never a borrowed text where a glyph has its own."""
    to_unicode = cluster.font.to_unicode
    if len(cluster.glyphs) == 1:
        to_unicode.setdefault(cluster.glyphs[0], cluster.written)
        return
    own = _own_characters(cluster.font, cluster.text)
    left = [c for c in _decomposed(cluster.text)]
    unmapped = []
    for glyph in cluster.glyphs:
        if glyph in to_unicode:
            continue
        if glyph in own:
            to_unicode[glyph] = own[glyph]
            if own[glyph] in left:
                left.remove(own[glyph])
        else:
            unmapped.append(glyph)
    rest = unicodedata.normalize("NFC", "".join(left))
    for n, glyph in enumerate(unmapped):
        # never empty (PDF/UA: a malformed map; pdfium reads the glyph's number): the cluster's text,
        # which its span's ActualText stands in for wherever a reader meets this glyph in it
        text = rest if n == 0 and rest else cluster.text
        to_unicode[glyph] = text[::-1] if cluster.rtl else text


def _decomposed(text: str) -> str:
    """The text with every character decomposed (Thai SARA AM into NIKHAHIT and SARA AA too):
    the characters a shaper may draw as glyphs of their own."""
    return "".join(_decompose(c) for c in text)


@lru_cache(maxsize=4096)
def _decompose(char: str) -> str:
    mapping = unicodedata.decomposition(char)
    if not mapping:
        return char
    codes = [int(part, 16) for part in mapping.split() if not part.startswith("<")]
    return "".join(_decompose(chr(code)) for code in codes)


def _own_characters(font, text: str) -> dict[int, str]:
    """Glyph → the character the font's cmap draws with it: one of ``text``'s (or of their
    decompositions) where several draw it, else any (a Khmer split vowel's top is ី's glyph)."""
    hb_font, drawn_by = cmap(font)
    own: dict[int, str] = {}
    for char in dict.fromkeys(text + _decomposed(text)):
        glyph = hb_font.get_nominal_glyph(ord(char))
        if glyph:
            own.setdefault(glyph, char)
    return {**drawn_by, **own}


def cmap(font) -> tuple[Any, dict[int, str]]:
    """A HarfBuzz font on the face's data, and its cmap reversed (glyph → the lowest character drawn
    with it); kept on WeasyPrint's font object (one per document), made only for a font that
    draws a cluster with several glyphs."""
    cached = getattr(font, "_guide_cmap", None)
    if cached is None:
        import uharfbuzz

        face = uharfbuzz.Face(uharfbuzz.Blob(font.file_content), font.index)
        hb_font = uharfbuzz.Font(face)
        drawn_by: dict[int, str] = {}
        for code in sorted(face.unicodes, reverse=True):
            drawn_by[hb_font.get_nominal_glyph(code) or 0] = chr(code)
        drawn_by.pop(0, None)
        cached = font._guide_cmap = (hb_font, drawn_by)
    return cached
