"""The guide.toml reference, made from the declaration in schema.py: ``guide schema config`` prints
it; a test keeps the repository's copy (docs/guide-toml.md) current.
"""

from __future__ import annotations

from ..schema import reference
from .schema import DEFAULT_PRODUCTS, GUIDE, LOCALE, PRODUCT, STYLE, STYLE_FONTS

INTRO = """\
# guide.toml

<!-- Generated from generator/config/schema.py by `guide schema config > docs/guide-toml.md`: edit the schema. -->

The project's settings, in four kinds of table; only `guide.locales` is
required. Unknown keys, wrong types and values a key's check
refuses are reported together, each as `guide.toml:LINE: problem (what to do)`.
"""

TABLES = (
    ("[guide]", "The guide as a whole.", GUIDE),
    (
        "[locales.CODE]",
        "One locale of `guide.locales` each, such as `[locales.zh_Hant]`; a locale without a table takes "
        "the defaults, which follow from its code.",
        LOCALE,
    ),
    (
        "[products.NAME]",
        "One product each: the built-in "
        + " and ".join(f"`{name}`" for name in DEFAULT_PRODUCTS)
        + " (set key by key here), or a project's own, such as `[products.leaflet]`.",
        PRODUCT,
    ),
    ("[style]", "The guide's colours, base type size and faces (docs/configuration.md, Styling a guide).", STYLE),
    (
        "[style.fonts], [style.heading_fonts]",
        "A face per script; the locale's own fonts stay behind it as fallbacks.",
        STYLE_FONTS,
    ),
)


def markdown() -> str:
    """docs/guide-toml.md: every key of every table, from the declaration."""
    parts = [INTRO]
    for name, doc, keys in TABLES:
        parts.append(f"## {name}\n\n{doc}\n")
        parts.append(reference(keys))
    return "\n".join(parts)
