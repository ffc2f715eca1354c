"""One escaping function per output context.

A translation is text in every context: HTML text (markupsafe.escape, through
:func:`~.scripts.tag_scripts`), an HTML attribute (:func:`html_attribute`), a CSS string
(:func:`css_string`) and plain text that becomes PDF metadata or a form field's tooltip
(:func:`plain_text`). Each is tested with every control character.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# What plain text (metadata, tooltips) never carries: C0/C1 controls, line/paragraph separators,
# bidi marks, embeddings, overrides and isolates, zero-width characters and BOM.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def plain_text(text: str) -> str:
    """Text for a PDF's metadata or a form field's tooltip: controls and invisible marks become spaces."""
    return " ".join(_INVISIBLE.sub(" ", str(text)).split())


def html_attribute(text: str) -> Markup:
    """Text made safe as a double-quoted HTML attribute value (quotes, <, >, & escaped; no controls)."""
    return escape(plain_text(text))


def css_string(text: str) -> Markup:
    """Text made safe inside a double-quoted CSS string in a <style> element.

    Every character but a letter, a digit or a space becomes a CSS hex escape (``\\22 ``), so
    nothing a translation holds (a quote, a backslash, ``\\r``, ``\\f``, ``</style>``) can end
    the string, the rule or the element; C0/C1 controls and other invisible marks become spaces.
    """
    out = []
    for char in _INVISIBLE.sub(" ", str(text)):
        out.append(char if char.isalnum() or char == " " else f"\\{ord(char):X} ")
    return Markup("".join(out))


def font_stack(families: tuple[str, ...] | list[str]) -> Markup:
    """A CSS font-family value from a list of family names."""
    return Markup(", ".join(f'"{css_string(name)}"' for name in families))
