"""The project's config, ``guide.toml``: loaded once, validated, then read-only.

All problems are collected and reported together, each with its line, so an
editor fixes the file in one pass (the way MkDocs reports its config).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from ..errors import ConfigError, ErrorList, GuideError
from ..files import read_input
from ..impose import SHEET_PAPERS

CONFIG_NAME = "guide.toml"
# A BCP 47 language tag (zh-Hant-HK): what lang="" and :lang() may hold.
LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
# A catalogue name: a plain file name, never a path.
DOMAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

# Fonts used when a locale's table does not name its own. Noto CJK faces come
# from Debian's fonts-noto-cjk (static OpenType, fast to subset); the HK face
# carries Latin too, so English text and quoted Cantonese share one family.
DEFAULT_FONTS: dict[str, tuple[str, str]] = {
    "ko": ("Noto Sans CJK KR", "Noto Serif CJK KR"),
    "ja": ("Noto Sans CJK JP", "Noto Serif CJK JP"),
    "zh_Hans": ("Noto Sans CJK SC", "Noto Serif CJK SC"),
    "zh_Hant": ("Noto Sans CJK HK", "Noto Serif CJK HK"),
    "": ("Noto Sans CJK HK", "Noto Serif CJK HK"),
}

# Fonts by script (ISO 15924, from CLDR's likely subtags), for a locale whose table names none:
# (sans, serif, the Debian package that installs them). A non-Latin face rarely carries Latin
# letters or digits (Noto Sans Thai has neither), so Noto Sans/Serif follow for PMIDs and URLs.
# Latin, Cyrillic and Greek keep the CJK HK face (its Latin is Source Sans; quoted Chinese shares
# it), with Noto Sans after it for anything it lacks.
_LATIN = (("Noto Sans CJK HK", "Noto Sans"), ("Noto Serif CJK HK", "Noto Serif"), "fonts-noto-cjk")
SCRIPT_FONTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "Latn": _LATIN,
    "Cyrl": _LATIN,
    "Grek": _LATIN,
    "Arab": (("Noto Sans Arabic", "Noto Sans"), ("Noto Naskh Arabic", "Noto Serif"), "fonts-noto-core"),
    "Hebr": (("Noto Sans Hebrew", "Noto Sans"), ("Noto Serif Hebrew", "Noto Serif"), "fonts-noto-core"),
    "Thai": (("Noto Sans Thai", "Noto Sans"), ("Noto Serif Thai", "Noto Serif"), "fonts-noto-core"),
    "Laoo": (("Noto Sans Lao", "Noto Sans"), ("Noto Serif Lao", "Noto Serif"), "fonts-noto-core"),
    "Khmr": (("Noto Sans Khmer", "Noto Sans"), ("Noto Serif Khmer", "Noto Serif"), "fonts-noto-core"),
    "Mymr": (("Noto Sans Myanmar", "Noto Sans"), ("Noto Serif Myanmar", "Noto Serif"), "fonts-noto-core"),
    "Deva": (("Noto Sans Devanagari", "Noto Sans"), ("Noto Serif Devanagari", "Noto Serif"), "fonts-noto-core"),
    "Beng": (("Noto Sans Bengali", "Noto Sans"), ("Noto Serif Bengali", "Noto Serif"), "fonts-noto-core"),
    "Taml": (("Noto Sans Tamil", "Noto Sans"), ("Noto Serif Tamil", "Noto Serif"), "fonts-noto-core"),
    "Telu": (("Noto Sans Telugu", "Noto Sans"), ("Noto Serif Telugu", "Noto Serif"), "fonts-noto-core"),
    "Knda": (("Noto Sans Kannada", "Noto Sans"), ("Noto Serif Kannada", "Noto Serif"), "fonts-noto-core"),
    "Mlym": (("Noto Sans Malayalam", "Noto Sans"), ("Noto Serif Malayalam", "Noto Serif"), "fonts-noto-core"),
    "Gujr": (("Noto Sans Gujarati", "Noto Sans"), ("Noto Serif Gujarati", "Noto Serif"), "fonts-noto-core"),
    "Guru": (("Noto Sans Gurmukhi", "Noto Sans"), ("Noto Serif Gurmukhi", "Noto Serif"), "fonts-noto-core"),
    "Sinh": (("Noto Sans Sinhala", "Noto Sans"), ("Noto Serif Sinhala", "Noto Serif"), "fonts-noto-core"),
    "Geor": (("Noto Sans Georgian", "Noto Sans"), ("Noto Serif Georgian", "Noto Serif"), "fonts-noto-core"),
    "Armn": (("Noto Sans Armenian", "Noto Sans"), ("Noto Serif Armenian", "Noto Serif"), "fonts-noto-core"),
    "Ethi": (("Noto Sans Ethiopic", "Noto Sans"), ("Noto Serif Ethiopic", "Noto Serif"), "fonts-noto-core"),
    "Kore": (("Noto Sans CJK KR",), ("Noto Serif CJK KR",), "fonts-noto-cjk"),
    "Jpan": (("Noto Sans CJK JP",), ("Noto Serif CJK JP",), "fonts-noto-cjk"),
    "Hans": (("Noto Sans CJK SC",), ("Noto Serif CJK SC",), "fonts-noto-cjk"),
    "Hant": (("Noto Sans CJK HK",), ("Noto Serif CJK HK",), "fonts-noto-cjk"),
}

# CLDR numbering systems → (digit zero, CSS counter style) for page numbers and counts.
NUMBERING: dict[str, tuple[str, str]] = {
    "latn": ("0", "decimal"),
    "arab": ("\u0660", "arabic-indic"),
    "arabext": ("\u06f0", "persian"),
    "beng": ("\u09e6", "bengali"),
    "deva": ("\u0966", "devanagari"),
    "mymr": ("\u1040", "myanmar"),
    "thai": ("\u0e50", "thai"),
    "khmr": ("\u17e0", "khmer"),
    "laoo": ("\u0ed0", "lao"),
    "tamldec": ("\u0be6", "tamil"),
    "gujr": ("\u0ae6", "gujarati"),
    "guru": ("\u0a66", "gurmukhi"),
    "knda": ("\u0ce6", "kannada"),
    "mlym": ("\u0d66", "malayalam"),
    "orya": ("\u0b66", "oriya"),
    "telu": ("\u0c66", "telugu"),
    "tibt": ("\u0f20", "tibetan"),
}


def script_of(code: str) -> str:
    """The locale's script (ISO 15924): its own subtag (zh_Hant), else CLDR's likely one (th → Thai)."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    parts = code.replace("-", "_").split("_")
    for tag in (parts, likely.get("_".join(parts[:2]), "").split("_"), likely.get(parts[0], "").split("_")):
        script = next((part for part in tag[1:] if len(part) == 4 and part.isalpha()), None)
        if script:
            return script.title()
    return "Latn"


def default_fonts(code: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The font stacks a locale gets when guide.toml names none: by code, then by script."""
    if code in DEFAULT_FONTS:
        return (DEFAULT_FONTS[code][0],), (DEFAULT_FONTS[code][1],)
    script = script_of(code)
    if script in SCRIPT_FONTS:
        return SCRIPT_FONTS[script][0], SCRIPT_FONTS[script][1]
    return (DEFAULT_FONTS[""][0],), (DEFAULT_FONTS[""][1],)


DEFAULT_PRODUCTS = {
    "card": {"template": "card.html.j2", "output": "consult-card.pdf", "max_pages": 4},
    "guide": {"template": "guide.html.j2", "output": "guide.pdf"},
}

_KEYS = {
    "guide": {"source_locale", "locales", "edition", "domain", "han_lang", "out", "author", "report_bugs_to"},
    "locale": {"lang", "sans", "serif", "format_locale"},
    "product": {"template", "output", "max_pages", "min_translated", "bilingual", "papers"},
}


@dataclass(frozen=True)
class LocaleConfig:
    code: str  # gettext/Babel code, e.g. zh_Hant; names the locales/<code>/ folder
    lang: str  # BCP 47 tag for HTML lang and the PDF, e.g. zh-Hant-HK
    sans: tuple[str, ...]
    serif: tuple[str, ...]
    format_locale: str  # Babel locale used for dates and numbers
    fonts_named: bool = True  # False: the fonts are the script's defaults (SCRIPT_FONTS), not guide.toml's

    @property
    def babel(self) -> Locale:
        return Locale.parse(self.format_locale)

    @property
    def script(self) -> str:
        return script_of(self.code)

    @property
    def rtl(self) -> bool:
        """Right to left, as CLDR's character order for the locale says (ar, fa, he, ur...)."""
        try:
            return Locale.parse(self.code).character_order == "right-to-left"
        except (UnknownLocaleError, ValueError):
            return False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def numbering(self) -> tuple[str, str]:
        """(digit zero, CSS counter style) of CLDR's default numbering system for the locale."""
        return NUMBERING.get(self.babel.default_numbering_system, NUMBERING["latn"])

    def digits(self, text: str) -> str:
        """``text`` with its ASCII digits in the locale's own (fa: ۱۲, bn: ১২); Latin digits elsewhere."""
        zero = ord(self.numbering[0])
        return text if zero == ord("0") else text.translate({ord("0") + i: zero + i for i in range(10)})

    @property
    def display_name(self) -> str:
        """The locale's name in its own language: English, 繁體中文, 한국어.

        CLDR's own name for the whole code comes first (zh_Hant: 繁體中文, where
        ``display_name`` gives 中文 (繁體)), then language+script with the region.
        """
        locale = Locale.parse(self.code)
        name = locale.languages.get(str(locale))
        if not name and locale.script and locale.territory:
            base = locale.languages.get(f"{locale.language}_{locale.script}")
            name = base and f"{base} ({locale.territories.get(locale.territory, locale.territory)})"
        name = name or locale.display_name or self.code
        return name[:1].upper() + name[1:]  # a heading: español → Español


@dataclass(frozen=True)
class ProductConfig:
    name: str
    template: str
    output: str
    max_pages: int | None = None
    min_translated: float = 0.0  # percent of a document's messages that must be translated
    bilingual: tuple[tuple[str, str], ...] = ()  # (reader's locale, second locale) pairs built by default
    papers: tuple[str, ...] = ()  # sheets (a4, letter) imposed 4-up from each PDF of the product

    def pairs_for(self, code: str) -> list[str]:
        """The second languages of the bilingual copies built for locale ``code``."""
        return [second for first, second in self.bilingual if first == code]


@dataclass(frozen=True)
class Config:
    root: Path
    source_locale: str
    locales: dict[str, LocaleConfig]
    edition: dt.date
    domain: str = "guide"
    han_lang: str = "zh-Hant-HK"
    out: Path = Path("dist")
    products: dict[str, ProductConfig] = field(default_factory=dict)
    author: str = ""  # the PDFs' Author metadata
    report_bugs_to: str = ""  # the catalogues' Report-Msgid-Bugs-To: where translators report a bad source string

    @property
    def path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def pot_path(self) -> Path:
        return self.locales_dir / f"{self.domain}.pot"

    def po_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{self.domain}.po"

    @property
    def source(self) -> LocaleConfig:
        return self.locales[self.source_locale]


def find_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a guide.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder",
        path=start,
        hint="run inside a guide project or pass --project DIR",
    )


def _line_of(text: str, key: str | None, table: str | None = None) -> int | None:
    """Best-effort line of ``key =`` (or ``[table]``) in the TOML text."""
    lines = text.splitlines()
    start = 0
    if table:
        for i, line in enumerate(lines):
            if line.strip() == f"[{table}]":
                start = i
                if key is None:
                    return i + 1
                break
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i + 1
    return None


def _path_problem(name: str) -> str | None:
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


def _check_locale_code(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def load_config(root: Path | str) -> Config:
    """Read and validate ``root/guide.toml``; raise all problems at once."""
    root = Path(root)
    path = root / CONFIG_NAME
    try:
        text = read_input(path, ConfigError).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{CONFIG_NAME} not found", path=root, hint="create one or pass --project DIR") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else len(text.splitlines()) if "end of document" in str(exc) else None
        raise ConfigError(f"TOML syntax error: {exc}", path=path, line=line) from None

    errors: list[GuideError] = []

    def error(message: str, key: str | None = None, table: str | None = None, hint: str | None = None) -> None:
        line = _line_of(text, key, table) if key else None
        errors.append(ConfigError(message, path=path, line=line, hint=hint))

    for top in data:
        if top not in {"guide", "locales", "products"}:
            error(f"unknown table [{top}]", top, hint="known tables: [guide], [locales.X], [products.X]")

    guide: dict[str, Any] = data.get("guide", {})
    for key in guide:
        if key not in _KEYS["guide"]:
            error(f"unknown key guide.{key}", key, "guide", hint=f"known keys: {', '.join(sorted(_KEYS['guide']))}")

    def typed(table: dict[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
        value = table.get(key, default)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            error(f"{where}.{key} must be {kind.__name__}, not {type(value).__name__}", key, where)
            return default
        return value

    codes = typed(guide, "locales", list, [], "guide")
    if not codes and isinstance(guide.get("locales", []), list):  # a wrong type is reported above
        error("guide.locales must list at least one locale", "locales", "guide")
    source_locale = typed(guide, "source_locale", str, codes[0] if codes else "en", "guide")
    edition = typed(guide, "edition", dt.date, dt.date.today(), "guide")
    domain = typed(guide, "domain", str, "guide", "guide")
    han_lang = typed(guide, "han_lang", str, "zh-Hant-HK", "guide")
    out = typed(guide, "out", str, "dist", "guide")
    author = typed(guide, "author", str, "", "guide")
    report_bugs_to = typed(guide, "report_bugs_to", str, "", "guide")
    if not DOMAIN.match(domain):
        error(f"guide.domain {domain!r} is not a plain name", "domain", "guide", hint='use a file name such as "guide"')
        domain = "guide"
    if not LANG_TAG.match(han_lang):
        error(f"guide.han_lang {han_lang!r} is not a language tag", "han_lang", "guide", hint='such as "zh-Hant-HK"')
        han_lang = "zh-Hant-HK"
    if not out.strip():
        error("guide.out is empty", "out", "guide", hint='name the output folder, such as "dist"')
        out = "dist"

    tables: dict[str, Any] = data.get("locales", {})
    locales: dict[str, LocaleConfig] = {}
    for code in codes:
        if not isinstance(code, str) or not _check_locale_code(code):
            error(
                f"unknown locale code {code!r}",
                "locales",
                "guide",
                hint="use a Babel/CLDR code such as en, zh_Hant, ko",
            )
            continue
        table = tables.get(code, {})
        where = f"locales.{code}"
        for key in table:
            if key not in _KEYS["locale"]:
                error(
                    f"unknown key {where}.{key}", key, where, hint=f"known keys: {', '.join(sorted(_KEYS['locale']))}"
                )
        script_sans, script_serif = default_fonts(code)
        sans = typed(table, "sans", list, list(script_sans), where)
        serif = typed(table, "serif", list, list(script_serif), where)
        lang = typed(table, "lang", str, code.replace("_", "-"), where)
        if not LANG_TAG.match(lang):
            error(f"{where}.lang {lang!r} is not a language tag", "lang", where, hint='use one like "zh-Hant-HK"')
        locales[code] = LocaleConfig(
            code=code,
            lang=lang,
            sans=tuple(sans),
            serif=tuple(serif),
            format_locale=typed(table, "format_locale", str, code, where),
            fonts_named="sans" in table or "serif" in table,
        )
    for code in tables:
        if code not in codes:
            error(f"[locales.{code}] is not in guide.locales", None, hint="add it to guide.locales or remove the table")
    if codes and source_locale not in codes:
        error(f"source_locale {source_locale!r} is not in guide.locales", "source_locale", "guide")

    products: dict[str, ProductConfig] = {}
    # A project's [products.X] tables override the built-in products key by key.
    tables = {name: dict(table) for name, table in DEFAULT_PRODUCTS.items()}
    for name, table in data.get("products", {}).items():
        if not isinstance(table, dict):
            error(f"[products.{name}] must be a table", name)
            continue
        tables[name] = {**tables.get(name, {}), **table}
    for name, table in tables.items():
        where = f"products.{name}"
        for key in table:
            if key not in _KEYS["product"]:
                error(
                    f"unknown key {where}.{key}", key, where, hint=f"known keys: {', '.join(sorted(_KEYS['product']))}"
                )
        max_pages = table.get("max_pages")
        if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
            error(f"{where}.max_pages must be a positive integer", "max_pages", where)
            max_pages = None
        min_translated = table.get("min_translated", 0)
        if (
            isinstance(min_translated, bool)
            or not isinstance(min_translated, (int, float))
            or not 0 <= min_translated <= 100
        ):
            error(f"{where}.min_translated must be a percentage from 0 to 100", "min_translated", where)
            min_translated = 0
        bilingual: list[tuple[str, str]] = []
        for pair in typed(table, "bilingual", list, [], where):
            first, plus, second = pair.partition("+") if isinstance(pair, str) else ("", "", "")
            if not plus or not first or not second or first == second:
                error(
                    f"{where}.bilingual: {pair!r} is not a pair of two locales",
                    "bilingual",
                    where,
                    hint='write the reader\'s locale, "+", the second locale: "zh_Hant+ko"',
                )
            elif codes and (first not in codes or second not in codes):
                missing = first if first not in codes else second
                error(
                    f"{where}.bilingual: {missing!r} in {pair!r} is not in guide.locales",
                    "bilingual",
                    where,
                    hint=f"use locales from guide.locales: {', '.join(map(str, codes))}",
                )
            else:
                bilingual.append((first, second))
        papers: list[str] = []
        for paper in typed(table, "papers", list, [], where):
            if paper not in (*SHEET_PAPERS, "press"):
                error(
                    f"{where}.papers: {paper!r} is not a sheet size",
                    "papers",
                    where,
                    hint=f"use {', '.join(SHEET_PAPERS)} or press (the product itself is always built)",
                )
            elif paper not in papers:
                papers.append(paper)
        template = typed(table, "template", str, f"{name}.html.j2", where)
        output = typed(table, "output", str, f"{name}.pdf", where)
        problem = _path_problem(template)
        if problem:
            error(f"{where}.template {template!r} {problem}", "template", where, hint="name a file in templates/")
        problem = _path_problem(output) or (None if output.endswith(".pdf") else "does not end in .pdf")
        if problem:
            error(
                f"{where}.output {output!r} {problem}",
                "output",
                where,
                hint='name a PDF inside the locale\'s output folder, such as "consult-card.pdf"',
            )
        products[name] = ProductConfig(
            name=name,
            template=template,
            output=output,
            max_pages=max_pages,
            min_translated=float(min_translated),
            bilingual=tuple(bilingual),
            papers=tuple(papers),
        )

    ErrorList.raise_if(errors)
    return Config(
        root=root.resolve(),
        source_locale=source_locale,
        locales=locales,
        edition=edition,
        domain=domain,
        han_lang=han_lang,
        out=Path(out),
        products=products,
        author=author,
        report_bugs_to=report_bugs_to,
    )


def add_locale(root: Path, code: str) -> None:
    """Append ``code`` to guide.locales in guide.toml; tomlkit keeps every comment and the layout."""
    import tomlkit

    from ..files import atomic_write

    path = root / CONFIG_NAME
    text = read_input(path, ConfigError).decode("utf-8")
    document = tomlkit.parse(text)
    guide = document.setdefault("guide", tomlkit.table())
    locales = guide.setdefault("locales", tomlkit.array())
    if not isinstance(locales, list):
        raise ConfigError("guide.locales is not a list", path=path, line=_line_of(text, "locales", "guide"))
    if code not in locales:
        locales.append(code)
    atomic_write(path, tomlkit.dumps(document).encode("utf-8"))


# --- Products the build and `guide check` both name (below messages, so both can import them) ---

CARD = "card"  # the consult card: its questions are the guide's first questions block
NO_QUESTIONS = "card: not built, the content has no questions block (add one to a section to get the consult card)"
