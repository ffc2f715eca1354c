"""What this project changes in WeasyPrint 70's line breaking, each for a defect seen on a page.

**Korean breaks lines only between words.** WeasyPrint 70 ignores ``word-break: keep-all``, and
Pango (following UAX #14) may break between any two Hangul syllables: about one Korean word in
ten came out split across two lines. :func:`_keep_korean_words` tells Pango not to break inside a
word: it marks every run holding Hangul between spaces (or after a middle dot or slash, or before
an opening parenthesis) with Pango's ``allow_breaks`` attribute (Pango >= 1.44) as WeasyPrint lays
text out. Wrapping each word in a ``white-space: nowrap`` span
did the same, but made WeasyPrint 3-4 times slower on Korean pages; invisible joiners would end
up in text copied from the PDF.

**A space at the end of a line hangs.** When the text before an inline element (the span that
ties a paragraph's last two words, a link, emphasis) fits on the line but for its trailing
space, WeasyPrint's ``split_first_line`` counts the space, decides that nothing fits and breaks
after the text's *first* word: "testimoni-" (hyphenated) or "얻은" alone on a line in the middle
of a paragraph. CSS Text 3 says a collapsible space at the end of a line hangs: it is not
measured. :func:`_hang_trailing_spaces` lays such a text out on one line when it fits without
its trailing spaces.
"""

from __future__ import annotations

import re

from ..unicode import HANGUL, LONGEST_WORD
from . import justify

_installed = False


def install() -> None:
    """Both fixes, and the justification of justify.py, once per process (before the first layout)."""
    global _installed
    if not _installed:
        _keep_korean_words()
        _hang_trailing_spaces()
        justify.install()
        _installed = True


# A word ends at a space, after a middle dot or slash between words ("카리브해·라틴아메리카",
# "자가/동종"), kept with the word before it, and before an opening parenthesis ("관리국(NMPA)"):
# break opportunities in klreq.
_HANGUL_WORD = re.compile(rf"[^\s·/(]*[{HANGUL}][^\s·/(]*[·/]?")


def _keep_korean_words() -> None:
    """Teach WeasyPrint's text layout to keep Korean words whole."""
    from weasyprint.text import ffi as text_ffi  # lazy: WeasyPrint, imported by the stage (import_weasyprint)
    from weasyprint.text import line_break

    ffi, pango = text_ffi.ffi, text_ffi.pango
    ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")
    set_text = line_break.Layout.set_text

    def set_text_keeping_words(self, text, justify=False):
        set_text(self, text, justify)
        laid_out = self.text  # WeasyPrint may have cut the text at a newline
        # a "word" longer than any real one (LONGEST_WORD) may break: kept whole, it would run off the page
        words = [word for word in _HANGUL_WORD.finditer(laid_out) if len(word.group()) <= LONGEST_WORD]
        if not words:
            return
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        for word in words:
            attribute = pango.pango_attr_allow_breaks_new(False)
            attribute.start_index = len(laid_out[: word.start()].encode())
            attribute.end_index = len(laid_out[: word.end()].encode())
            pango.pango_attr_list_insert(attributes, attribute)  # not change: it merges adjacent words into one
        pango.pango_layout_set_attributes(self.layout, attributes)

    line_break.Layout.set_text = set_text_keeping_words


def _hang_trailing_spaces() -> None:
    """A text that fits on its line but for its trailing spaces is laid out on that line."""
    from weasyprint.layout import inline

    split = inline.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if (
            result[2] is None  # it all fits
            or minimum
            or max_width is None
            or not text.endswith(" ")
            or style["white_space"] not in ("normal", "pre-line")  # spaces that collapse, lines that wrap
            or len(text) > max_width / style["font_size"] * 4  # too long for one line (WeasyPrint's own bound)
        ):
            return result
        stripped = text.rstrip(" ")
        if stripped and split(stripped, style, context, max_width, justification_spacing, is_line_start)[2] is None:
            return split(text, style, context, None, justification_spacing, is_line_start)  # one line
        return result

    inline.split_first_line = split_first_line
