"""The project's config, ``guide.toml``: loaded once, validated, then read-only.

All problems are collected and reported together, each with its line, so an
editor fixes the file in one pass (the way MkDocs reports its config).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from .errors import ConfigError, ErrorList, GuideError
from .impose import SHEET_PAPERS

CONFIG_NAME = "guide.toml"

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

DEFAULT_PRODUCTS = {
    "card": {"template": "card.html.j2", "output": "consult-card.pdf", "max_pages": 4},
    "guide": {"template": "guide.html.j2", "output": "guide.pdf"},
}

_KEYS = {
    "guide": {"source_locale", "locales", "edition", "domain", "han_lang", "out", "author"},
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

    @property
    def babel(self) -> Locale:
        return Locale.parse(self.format_locale)

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
        text = path.read_text(encoding="utf-8")
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
        script_default = DEFAULT_FONTS.get(code) or DEFAULT_FONTS.get(code.split("_")[0]) or DEFAULT_FONTS[""]
        sans = typed(table, "sans", list, [script_default[0]], where)
        serif = typed(table, "serif", list, [script_default[1]], where)
        locales[code] = LocaleConfig(
            code=code,
            lang=typed(table, "lang", str, code.replace("_", "-"), where),
            sans=tuple(sans),
            serif=tuple(serif),
            format_locale=typed(table, "format_locale", str, code, where),
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
            if paper not in SHEET_PAPERS:
                error(
                    f"{where}.papers: {paper!r} is not a sheet size",
                    "papers",
                    where,
                    hint=f"use {' or '.join(SHEET_PAPERS)} (the A6 card itself is always built)",
                )
            elif paper not in papers:
                papers.append(paper)
        products[name] = ProductConfig(
            name=name,
            template=typed(table, "template", str, f"{name}.html.j2", where),
            output=typed(table, "output", str, f"{name}.pdf", where),
            max_pages=max_pages,
            min_translated=float(min_translated),
            bilingual=tuple(bilingual),
            papers=tuple(papers),
        )

    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
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
    )


def add_locale(root: Path, code: str) -> bool:
    """Append ``code`` to guide.locales in guide.toml, editing only that line.

    Returns False when the line cannot be found (the user adds it by hand).
    """
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^(\s*locales\s*=\s*\[)([^\]]*)(\])", re.M)
    match = pattern.search(text)
    if match is None:
        return False
    items = match.group(2).rstrip().rstrip(",")
    new = (
        f'{match.group(1)}{items}, "{code}"{match.group(3)}'
        if items.strip()
        else f'{match.group(1)}"{code}"{match.group(3)}'
    )
    from .files import atomic_write

    atomic_write(path, (text[: match.start()] + new + text[match.end() :]).encode("utf-8"))
    return True
