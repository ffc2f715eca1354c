"""guide.toml, declared once: each table's keys with their type, default, check, hint and meaning.

load.py reads every table against these declarations (generator/schema.py's ``read_mapping``, as
content/schema.py's are read), docs.py makes the reference from them, so a new key is one line here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from ..papers import PRODUCT_PAPERS, SHEET_PAPERS
from ..schema import Key
from .scripts import STYLE_SCRIPTS, default_fonts

# A BCP 47 language tag (zh-Hant-HK): what lang="" and :lang() may hold.
LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
# A locale code as guide.locales holds it (zh_Hant_HK): its default language tag (zh-Hant-HK), Babel
# locale and catalogue folder follow from it, so an encoding or a modifier (ko.UTF-8, sr@latin) is none.
LOCALE_CODE = re.compile(r"^[A-Za-z]{2,8}(?:_[A-Za-z0-9]{1,8})*$")
# A catalogue name: a plain file name, never a path.
DOMAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def is_locale_code(code: Any) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def locale_problem(code: Any) -> str | None:
    """Why ``code`` cannot be a locale of guide.locales, or None: one rule for guide.toml, `guide init`
    and `guide new`, so neither command starts a project the config then refuses."""
    if isinstance(code, str) and LOCALE_CODE.match(code) and is_locale_code(code):
        return None
    return f"unknown locale code {code!r}"


def path_problem(name: str) -> str | None:
    """Why ``name`` is not a relative path that stays inside its folder, or None."""
    if not name.strip():
        return "is empty"
    if "\\" in name or any(ord(char) < 32 for char in name):
        return "holds a backslash or a control character"
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name.startswith("~"):
        return "leaves its folder"
    if any(part.startswith(".") for part in path.parts):
        return "names a hidden file"
    return None


# --- Checks: each returns the problem's whole message, or None --------------------------------


def _some_locale(at: str, codes: list[Any]) -> str | None:
    return None if codes else f"{at} must list at least one locale"


def _locale_code(at: str, code: Any) -> str | None:
    return locale_problem(code)


def _format_locale(at: str, code: str) -> str | None:
    return None if is_locale_code(code) else f"{at} {code!r} is not a locale code"


def _plain_name(at: str, name: str) -> str | None:
    return None if DOMAIN.match(name) else f"{at} {name!r} is not a plain name"


def _language_tag(at: str, tag: str) -> str | None:
    return None if LANG_TAG.match(tag) else f"{at} {tag!r} is not a language tag"


def _not_empty(at: str, text: str) -> str | None:
    return None if text.strip() else f"{at} is empty"


def _family(at: str, family: Any) -> str | None:
    return None if isinstance(family, str) and family.strip() else f"{at}: {family!r} is not a font family name"


def _template(at: str, name: str) -> str | None:
    problem = path_problem(name)
    return f"{at} {name!r} {problem}" if problem else None


def _pdf(at: str, name: str) -> str | None:
    problem = path_problem(name) or (None if name.endswith(".pdf") else "does not end in .pdf")
    return f"{at} {name!r} {problem}" if problem else None


def _positive(at: str, number: int) -> str | None:
    return None if number >= 1 else f"{at} must be a positive integer"


def _percentage(at: str, number: float) -> str | None:
    return None if 0 <= number <= 100 else f"{at} must be a percentage from 0 to 100"


def _pair(at: str, pair: Any) -> str | None:
    first, plus, second = pair.partition("+") if isinstance(pair, str) else ("", "", "")
    return None if plus and first and second and first != second else f"{at}: {pair!r} is not a pair of two locales"


def _paper(at: str, paper: Any) -> str | None:
    return None if paper in PRODUCT_PAPERS else f"{at}: {paper!r} is not a sheet size"


COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SIZES = (10.0, 14.0)  # [style] size, pt: the built-in 10 pt is the floor (type for older readers, issue 28)


def _colour(at: str, colour: str) -> str | None:
    return None if COLOUR.match(colour) else f"{at} {colour!r} is not a colour written #rrggbb"


def _size(at: str, size: float) -> str | None:
    low, high = SIZES
    return None if low <= size <= high else f"{at} {size} is not a type size from {low:g} to {high:g} pt"


LOCALE_HINT = "use a Babel/CLDR code such as en, zh_Hant, ko"

# --- The tables ----------------------------------------------------------------------------------

GUIDE = (
    Key(
        "locales",
        list,
        required=True,
        default=(),
        check=_some_locale,
        each=_locale_code,
        hint=LOCALE_HINT,
        doc="The guide's locales, Babel/CLDR codes such as `en`, `zh_Hant`, `ko`; at least one.",
    ),
    Key("source_locale", str, doc="The locale content/ is written in. Default: the first of `locales`."),
    Key(
        "edition",
        dt.date,
        default_of=lambda _: dt.date.today(),
        doc="Printed on the card and the cover, formatted per locale. Default: the day of the build.",
    ),
    Key(
        "domain",
        str,
        default="guide",
        check=_plain_name,
        hint='use a file name such as "guide"',
        doc="The catalogues' name: `locales/<domain>.pot`, `locales/CODE/LC_MESSAGES/<domain>.po`.",
    ),
    Key(
        "han_lang",
        str,
        default="zh-Hant-HK",
        check=_language_tag,
        hint='such as "zh-Hant-HK"',
        doc="The language tag of Chinese quoted inside other languages, so it gets a Chinese font.",
    ),
    Key(
        "out",
        str,
        default="dist",
        check=_not_empty,
        hint='name the output folder, such as "dist"',
        doc="The output folder, inside the project.",
    ),
    Key("author", str, default="", doc="The PDFs' Author."),
    Key("report_bugs_to", str, default="", doc="The catalogues' Report-Msgid-Bugs-To: an address or URL."),
)

# [locales.CODE]: the defaults come from the code.
FAMILY_HINT = 'name each family as text, such as "Noto Sans"'
FONTS_DOC = "font families, in order. Default: by the locale's script (see README, Languages and scripts)."
LOCALE = (
    Key(
        "lang",
        str,
        default_of=lambda code: code.replace("_", "-"),
        check=_language_tag,
        hint='use one like "zh-Hant-HK"',
        doc="The HTML and PDF language tag, such as `zh-Hant-HK`. Default: the code, `_` as `-`.",
    ),
    Key(
        "sans",
        list,
        default_of=lambda code: default_fonts(code).sans,
        each=_family,
        hint=FAMILY_HINT,
        doc=f"The sans-serif {FONTS_DOC}",
    ),
    Key(
        "serif",
        list,
        default_of=lambda code: default_fonts(code).serif,
        each=_family,
        hint=FAMILY_HINT,
        doc=f"The serif {FONTS_DOC}",
    ),
    Key(
        "format_locale",
        str,
        default_of=str,
        check=_format_locale,
        hint="use a Babel/CLDR code such as en_GB",
        doc="The Babel locale dates and numbers are formatted in, such as `zh_Hant_HK`. Default: the code.",
    ),
)

# [products.NAME]: the defaults come from the name (card: card.html.j2, card.pdf).
PRODUCT = (
    Key(
        "template",
        str,
        default_of=lambda name: f"{name}.html.j2",
        check=_template,
        hint="name a file in templates/",
        doc="Its template in templates/. Default: `NAME.html.j2` (the card's: `card.html.j2`).",
    ),
    Key(
        "output",
        str,
        default_of=lambda name: f"{name}.pdf",
        check=_pdf,
        hint='name a PDF inside the locale\'s output folder, such as "consult-card.pdf"',
        doc="The PDF's name in each locale's output folder. Default: `NAME.pdf` (the card's: `consult-card.pdf`).",
    ),
    Key(
        "max_pages",
        int,
        check=_positive,
        must="a positive integer",
        doc="Set tighter, then refused, when it grows past this many pages (the card: 4). Default: no limit.",
    ),
    Key(
        "min_translated",
        (int, float),
        default=0,
        check=_percentage,
        must="a percentage from 0 to 100",
        doc="The percentage of its messages a locale must have translated for its copy to be built.",
    ),
    Key(
        "fits",
        int,
        default=1,
        check=_positive,
        must="a positive integer",
        doc="How many fits its template offers (the template's `fit`, 0 the loosest), tried in turn, each only"
        " when the one before ran past max_pages (the card: 5).",
    ),
    Key(
        "bilingual",
        list,
        default=(),
        each=_pair,
        hint='write the reader\'s locale, "+", the second locale: "zh_Hant+ko"',
        doc="Bilingual copies `guide build` makes, each `reader+second`, such as `zh_Hant+ko`.",
    ),
    Key(
        "papers",
        list,
        default=(),
        each=_paper,
        hint=f"use {', '.join(SHEET_PAPERS)} or press (the product itself is always built)",
        doc=f"Sheets imposed from every copy of the product: {', '.join(SHEET_PAPERS)}; `press`: the print shop's PDF.",
    ),
)

# The built-in products; a project's [products.X] tables override them key by key.
DEFAULT_PRODUCTS: dict[str, dict[str, Any]] = {
    "card": {"template": "card.html.j2", "output": "consult-card.pdf", "max_pages": 4, "fits": 5},
    "guide": {"template": "guide.html.j2", "output": "guide.pdf"},
}

# [style]: the built-in stylesheet's colours and type size; absent keys keep its own (templates/style/base.css).
COLOUR_HINT = 'write it as six hex digits, such as "#2e7d32"'
STYLE = (
    Key("accent", str, check=_colour, hint=COLOUR_HINT, doc="Headings, numbers and rules: `#rrggbb`."),
    Key("text", str, check=_colour, hint=COLOUR_HINT, doc="Running text: `#rrggbb`."),
    Key(
        "tint",
        str,
        check=_colour,
        hint=COLOUR_HINT,
        doc="Boxes' background: `#rrggbb`. Default: 7 % of the accent over white.",
    ),
    Key(
        "size",
        (int, float),
        check=_size,
        must=f"a number of points from {SIZES[0]:g} to {SIZES[1]:g}",
        doc="Base type size in points; every other size scales with it.",
    ),
    Key(
        "fonts",
        dict,
        default={},
        must="a table of script = font family",
        doc="`[style.fonts]`: a text face per script.",
    ),
    Key(
        "heading_fonts",
        dict,
        default={},
        must="a table of script = font family",
        doc="`[style.heading_fonts]`: a heading face per script.",
    ),
)
# [style.fonts] and [style.heading_fonts]: a face per script (config.scripts.STYLE_SCRIPTS).
STYLE_FONTS = tuple(
    Key(name, str, check=_family, hint=FAMILY_HINT, doc="An installed family that has this script's letters.")
    for name in STYLE_SCRIPTS
)

TABLES = ("guide", "locales", "products", "style")
