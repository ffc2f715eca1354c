"""Fonts and digits by locale and script: what a locale gets when guide.toml does not say."""

from __future__ import annotations

from typing import NamedTuple


class Faces(NamedTuple):
    sans: str
    serif: str


class FontStacks(NamedTuple):
    """A locale's font families, first choice first."""

    sans: tuple[str, ...]
    serif: tuple[str, ...]


class ScriptFonts(NamedTuple):
    sans: tuple[str, ...]
    serif: tuple[str, ...]
    package: str  # the Debian package that installs them


class Numbering(NamedTuple):
    zero: str  # the digit zero: the other nine follow it in Unicode
    counter: str  # the CSS counter style


# Fonts used when a locale's table does not name its own. Noto CJK faces come
# from Debian's fonts-noto-cjk (static OpenType, fast to subset); the HK face
# carries Latin too, so English text and quoted Cantonese share one family.
DEFAULT_FONTS: dict[str, Faces] = {
    "ko": Faces("Noto Sans CJK KR", "Noto Serif CJK KR"),
    "ja": Faces("Noto Sans CJK JP", "Noto Serif CJK JP"),
    "zh_Hans": Faces("Noto Sans CJK SC", "Noto Serif CJK SC"),
    "zh_Hant": Faces("Noto Sans CJK HK", "Noto Serif CJK HK"),
    "": Faces("Noto Sans CJK HK", "Noto Serif CJK HK"),
}

# Fonts by script (ISO 15924, from CLDR's likely subtags), for a locale whose table names none:
# sans, serif, and the Debian package that installs them. A non-Latin face rarely carries Latin
# letters or digits (Noto Sans Thai has neither), so Noto Sans/Serif follow for PMIDs and URLs.
# Latin, Cyrillic and Greek are set in Noto Sans/Serif, which has every letter of them (Ukrainian
# і ї є ґ, Vietnamese ệ: a word stays in one face) and proportional punctuation (the CJK faces draw
# ’ one em wide); the CJK HK face follows for quoted Chinese.
_LATIN = (("Noto Sans", "Noto Sans CJK HK"), ("Noto Serif", "Noto Serif CJK HK"), "fonts-noto-core")
_SCRIPT_FONTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
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
SCRIPT_FONTS: dict[str, ScriptFonts] = {script: ScriptFonts(*fonts) for script, fonts in _SCRIPT_FONTS.items()}

# Locales whose readers expect another style of their script than its default face: Urdu is read in
# Nastaliq (Naskh, the Arabic default, reads as Arabic or as a child's primer). One face for sans and
# serif: Nastaliq has no such contrast. It lacks Latin letters: Noto Sans follows for PMIDs and URLs.
LOCALE_FONTS: dict[str, FontStacks] = {
    "ur": FontStacks(("Noto Nastaliq Urdu", "Noto Sans"), ("Noto Nastaliq Urdu", "Noto Serif")),
}

# Traditional Chinese by region: Taiwan reads its Ministry of Education's glyph shapes (the TC face);
# Hong Kong, Macau and a locale without a region (zh_Hant) keep the HK face. The region must be in
# the code: CLDR's likely region of zh_Hant is TW, which would move the first guide to TC.
HANT_REGION_FONTS: dict[str, FontStacks] = {
    "TW": FontStacks(("Noto Sans CJK TC",), ("Noto Serif CJK TC",)),
}

# CLDR numbering systems → digit zero and CSS counter style, for page numbers and counts.
_NUMBERING = {
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
NUMBERING: dict[str, Numbering] = {system: Numbering(*digits) for system, digits in _NUMBERING.items()}


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


def default_fonts(code: str) -> FontStacks:
    """The font stacks a locale gets when guide.toml names none: by code, then by script."""
    if code in LOCALE_FONTS:
        return LOCALE_FONTS[code]
    regions = [part for part in code.replace("-", "_").split("_")[1:] if len(part) == 2 and part.isalpha()]
    if regions and script_of(code) == "Hant" and regions[0].upper() in HANT_REGION_FONTS:
        return HANT_REGION_FONTS[regions[0].upper()]
    faces = DEFAULT_FONTS.get(code)
    script = SCRIPT_FONTS.get(script_of(code)) if faces is None else None
    if script is not None:
        return FontStacks(script.sans, script.serif)
    faces = faces or DEFAULT_FONTS[""]
    return FontStacks((faces.sans,), (faces.serif,))


class StyleScript(NamedTuple):
    """A script as guide.toml's [style.fonts] names it: the locales' scripts it covers, and letters
    a face must have to set it (the font check's sample)."""

    codes: tuple[str, ...]  # ISO 15924, as script_of gives them
    sample: str


# [style.fonts] keys: Unicode's script names, lower case. Han is Traditional Chinese (zh_Hant) and the
# Chinese quoted in other languages (guide.han_lang), han_simplified zh_Hans: the two take faces of
# different glyph shapes, so a guide with both names one for each.
STYLE_SCRIPTS: dict[str, StyleScript] = {
    "latin": StyleScript(("Latn",), "AZaz09éß"),
    "cyrillic": StyleScript(("Cyrl",), "АЯая"),
    "greek": StyleScript(("Grek",), "ΑΩαω"),
    "han": StyleScript(("Hant",), "中文字體"),
    "han_simplified": StyleScript(("Hans",), "中文字体"),
    "hangul": StyleScript(("Kore",), "한국어"),
    "japanese": StyleScript(("Jpan",), "あア日本"),
    "arabic": StyleScript(("Arab",), "عربي"),
    "hebrew": StyleScript(("Hebr",), "עברית"),
    "thai": StyleScript(("Thai",), "ภาษาไทย"),
    "lao": StyleScript(("Laoo",), "ພາສາລາວ"),
    "khmer": StyleScript(("Khmr",), "ភាសាខ្មែរ"),
    "myanmar": StyleScript(("Mymr",), "မြန်မာ"),
    "devanagari": StyleScript(("Deva",), "हिन्दी"),
    "bengali": StyleScript(("Beng",), "বাংলা"),
    "tamil": StyleScript(("Taml",), "தமிழ்"),
}
