"""guide.toml, declared once: each table's keys with their type, default, check and hint.

load.py reads every table against these declarations in one loop (``read_table``), the way
content/schema.py declares the content files, so a new key is one line here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from ..papers import PRODUCT_PAPERS, SHEET_PAPERS
from .scripts import STYLE_SCRIPTS, default_fonts

# A BCP 47 language tag (zh-Hant-HK): what lang="" and :lang() may hold.
LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
# A locale code as guide.locales holds it (zh_Hant_HK): its default language tag (zh-Hant-HK), Babel
# locale and catalogue folder follow from it, so an encoding or a modifier (ko.UTF-8, sr@latin) is none.
LOCALE_CODE = re.compile(r"^[A-Za-z]{2,8}(?:_[A-Za-z0-9]{1,8})*$")
# A catalogue name: a plain file name, never a path.
DOMAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

# A check gets the key's dotted name (guide.domain) and a value of the key's type (or an item of
# the list); it returns the whole problem, or None.
Check = Callable[[str, Any], str | None]


@dataclass(frozen=True)
class Key:
    """One key of a guide.toml table."""

    name: str
    kind: type | tuple[type, ...]  # the TOML types it takes; true/false is never a number here
    default: Any = None  # when absent; None: no value (or one computed from other keys, in load.py)
    default_of: Callable[[str], Any] | None = None  # a default from the table's name (a locale's code)
    check: Check | None = None  # of the value, given or default
    each: Check | None = None  # of each item of a list; an item with a problem is left out
    hint: str | None = None  # what to do about a problem ``check`` or ``each`` finds
    must: str | None = None  # a wrong type is "must be <must>", not "must be <type>, not <type>"

    def default_for(self, table: str) -> Any:
        return self.default_of(table) if self.default_of else self.default

    def takes(self, value: Any) -> bool:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return isinstance(value, kinds) and (bool in kinds or not isinstance(value, bool))

    def wrong_type(self, at: str, value: Any) -> str:
        if self.must:
            return f"{at} must be {self.must}"
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return f"{at} must be {' or '.join(kind.__name__ for kind in kinds)}, not {type(value).__name__}"


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
        default=(),
        check=_some_locale,
        each=_locale_code,
        hint=LOCALE_HINT,
    ),
    Key("source_locale", str),  # default: the first of guide.locales
    Key("edition", dt.date, default_of=lambda _: dt.date.today()),  # today's, when read
    Key("domain", str, default="guide", check=_plain_name, hint='use a file name such as "guide"'),
    Key("han_lang", str, default="zh-Hant-HK", check=_language_tag, hint='such as "zh-Hant-HK"'),
    Key("out", str, default="dist", check=_not_empty, hint='name the output folder, such as "dist"'),
    Key("author", str, default=""),  # the PDFs' Author
    Key("report_bugs_to", str, default=""),  # the catalogues' Report-Msgid-Bugs-To
)

# [locales.CODE]: the defaults come from the code.
FAMILY_HINT = 'name each family as text, such as "Noto Sans"'
LOCALE = (
    Key(
        "lang",
        str,
        default_of=lambda code: code.replace("_", "-"),
        check=_language_tag,
        hint='use one like "zh-Hant-HK"',
    ),
    Key("sans", list, default_of=lambda code: default_fonts(code).sans, each=_family, hint=FAMILY_HINT),
    Key("serif", list, default_of=lambda code: default_fonts(code).serif, each=_family, hint=FAMILY_HINT),
    Key("format_locale", str, default_of=str, check=_format_locale, hint="use a Babel/CLDR code such as en_GB"),
)

# [products.NAME]: the defaults come from the name (card: card.html.j2, card.pdf).
PRODUCT = (
    Key("template", str, default_of=lambda name: f"{name}.html.j2", check=_template, hint="name a file in templates/"),
    Key(
        "output",
        str,
        default_of=lambda name: f"{name}.pdf",
        check=_pdf,
        hint='name a PDF inside the locale\'s output folder, such as "consult-card.pdf"',
    ),
    Key("max_pages", int, check=_positive, must="a positive integer"),
    # How many fits the template offers (its `fit` variable, 0 = loosest): tried in turn past max_pages.
    Key("fits", int, default=1, check=_positive, must="a positive integer"),
    Key("min_translated", (int, float), default=0, check=_percentage, must="a percentage from 0 to 100"),
    Key(
        "bilingual",
        list,
        default=(),
        each=_pair,
        hint='write the reader\'s locale, "+", the second locale: "zh_Hant+ko"',
    ),
    Key(
        "papers",
        list,
        default=(),
        each=_paper,
        hint=f"use {', '.join(SHEET_PAPERS)} or press (the product itself is always built)",
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
    Key("accent", str, check=_colour, hint=COLOUR_HINT),  # headings, numbers, rules: --accent
    Key("text", str, check=_colour, hint=COLOUR_HINT),  # running text: --ink
    Key("tint", str, check=_colour, hint=COLOUR_HINT),  # boxes' background: --wash (default: from accent)
    Key("size", (int, float), check=_size, must=f"a number of points from {SIZES[0]:g} to {SIZES[1]:g}"),
    Key("fonts", dict, default={}, must="a table of script = font family"),  # [style.fonts]: text faces
    Key("heading_fonts", dict, default={}, must="a table of script = font family"),  # [style.heading_fonts]
)
# [style.fonts] and [style.heading_fonts]: a face per script (config.scripts.STYLE_SCRIPTS).
STYLE_FONTS = tuple(Key(name, str, check=_family, hint=FAMILY_HINT) for name in STYLE_SCRIPTS)

TABLES = ("guide", "locales", "products", "style")
