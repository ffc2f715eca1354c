"""What guide.toml says, once loaded: frozen, so no stage changes it under another."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from babel import Locale, UnknownLocaleError

from .scripts import DEFAULT_FONTS, NUMBERING, STYLE_SCRIPTS, Numbering, script_of

CONFIG_NAME = "guide.toml"

# Products the build and `guide check` both name (here, below messages, so both can import them).
CARD = "card"  # the consult card: its questions are the guide's first questions block
NO_QUESTIONS = "card: not built, the content has no questions block (add one to a section to get the consult card)"


class Pair(NamedTuple):
    """A bilingual copy: the reader's locale, and the second locale under each text ("zh_Hant+ko")."""

    reader: str
    second: str


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
    def numbering(self) -> Numbering:
        """The digit zero and CSS counter style of CLDR's default numbering system for the locale."""
        return NUMBERING.get(self.babel.default_numbering_system, NUMBERING["latn"])

    def digits(self, text: str) -> str:
        """``text`` with its ASCII digits in the locale's own (fa: ۱۲, bn: ১২); Latin digits elsewhere."""
        zero = ord(self.numbering.zero)
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
    fits: int = 1  # settings of its template, loosest first, tried in turn past max_pages (pipeline.fits)
    min_translated: float = 0.0  # percent of a document's messages that must be translated
    bilingual: tuple[Pair, ...] = ()  # the bilingual copies built by default
    papers: tuple[str, ...] = ()  # sheets (a4, letter) imposed 4-up from each PDF of the product

    def pairs_for(self, code: str) -> list[str]:
        """The second languages of the bilingual copies built for locale ``code``."""
        return [pair.second for pair in self.bilingual if pair.reader == code]


class ScriptFace(NamedTuple):
    """A face [style.fonts] or [style.heading_fonts] names for a script."""

    script: str  # the key: latin, han, hangul (config.scripts.STYLE_SCRIPTS)
    family: str
    line: int | None  # where guide.toml names it: the font check reports there

    def sets(self, script: str) -> bool:
        """Whether the face sets a locale written in ``script`` (ISO 15924: Latn, Hant)."""
        return script in STYLE_SCRIPTS[self.script].codes


@dataclass(frozen=True)
class StyleConfig:
    """[style]: what the guide changes of the built-in stylesheet; None keeps base.css's own."""

    accent: str | None = None  # #rrggbb
    text: str | None = None
    tint: str | None = None  # given, or mixed from the accent
    size: float | None = None  # the guide's running text, pt; every type size scales with it
    fonts: tuple[ScriptFace, ...] = ()  # text faces by script
    heading_fonts: tuple[ScriptFace, ...] = ()

    def stacks(
        self, script: str, sans: tuple[str, ...], serif: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A locale's (sans, serif) stacks with its script's faces first; the rest stay as fallbacks."""
        text = tuple(face.family for face in self.fonts if face.sets(script))
        headings = tuple(face.family for face in self.heading_fonts if face.sets(script))
        return tuple(dict.fromkeys((*text, *sans))), tuple(dict.fromkeys((*headings, *serif)))

    def properties(self) -> dict[str, str]:
        """The CSS custom properties the stylesheets read (templates/style/base.css), for what is set."""
        colours = {"--accent": self.accent, "--ink": self.text, "--wash": self.tint}
        found = {name: value.lower() for name, value in colours.items() if value}
        if self.size is not None:
            found["--scale"] = f"{self.size / 10:g}"  # base.css sizes are the guide's at 10 pt
        return found


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
    style: StyleConfig = field(default_factory=StyleConfig)

    @property
    def han(self) -> LocaleConfig:
        """The fonts for Chinese quoted in other languages (han_lang): a Chinese locale's, or the default."""
        for locale in self.locales.values():
            if locale.lang == self.han_lang:
                return locale
        faces = DEFAULT_FONTS["zh_Hant"]
        sans, serif = self.style.stacks("Hant", (faces.sans,), (faces.serif,))
        return LocaleConfig("zh_Hant", self.han_lang, sans, serif, "zh_Hant")

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
