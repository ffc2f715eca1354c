"""Fonts: every family the config names must be installed, and must hold every
character a locale prints. Both are checked before typesetting.

Without these checks fontconfig silently substitutes another font (DejaVu),
and a Chinese or Korean page comes out in the wrong shapes, or in boxes.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from ..config import SCRIPT_FONTS, STYLE_SCRIPTS, Config, LocaleConfig
from ..errors import ErrorList, FontError, GuideError
from . import installed

log = logging.getLogger(__name__)


# Characters the templates and CSS print themselves: list bullets, leader dots,
# page numbers, punctuation around references.
TEMPLATE_CHARACTERS = "•.,:;()0123456789–—%/"


def check_fonts(config: Config) -> None:
    """Every font named in guide.toml is installed; a script's default fonts too (one line per script)."""
    families = installed.installed_families()
    errors: list[GuideError] = list(style_font_problems(config, families))
    for locale in config.locales.values():
        named = {face.family for face in (*config.style.fonts, *config.style.heading_fonts)}  # reported above
        stack = dict.fromkeys((*locale.sans, *locale.serif))
        missing = [family for family in stack if family not in families and family not in named]
        if not missing:
            continue
        if not locale.fonts_named:
            package = SCRIPT_FONTS.get(locale.script, ((), (), "fonts-noto-core"))[2]
            errors.append(
                FontError(
                    f"no font for the {script_name(locale.script)} script of locale {locale.code} is installed "
                    f"({', '.join(missing)})",
                    path=config.path,
                    hint=f"install the Debian package {package} (scripts/setup.sh does), "
                    f"or name an installed font for it in [locales.{locale.code}] sans and serif",
                )
            )
            continue
        for family in missing:
            errors.append(
                FontError(
                    f"font {family!r} for locale {locale.code} is not installed",
                    path=config.path,
                    hint="run `make setup` (installs fonts-noto-cjk) or change the locale's fonts in guide.toml",
                )
            )
    ErrorList.raise_if(errors)


def style_font_problems(config: Config, families: frozenset[str]) -> list[GuideError]:
    """Each face [style.fonts] names is installed and has its script's letters (else fontconfig would
    set them in another face, silently), reported at its line of guide.toml."""
    errors: list[GuideError] = []
    for where, faces in (("fonts", config.style.fonts), ("heading_fonts", config.style.heading_fonts)):
        for face in faces:
            at = f"style.{where}.{face.script}"
            if face.family not in families:
                problem, hint = f"{at}: font {face.family!r} is not installed", "install it (fc-list lists what is)"
            else:
                sample = STYLE_SCRIPTS[face.script].sample
                lacks = "".join(char for char in sample if ord(char) not in installed.charset(face.family))
                if not lacks:
                    continue
                problem = f"{at}: font {face.family!r} has no {face.script.title()} letters ({lacks})"
                hint = f"name a font that has the {face.script.title()} script"
            errors.append(FontError(problem, path=config.path, line=face.line, hint=hint))
    return errors


def script_name(script: str) -> str:
    """A script's English name (Thai, Arabic, Devanagari) from CLDR, else its ISO 15924 code."""
    return Locale("en").scripts.get(script, script)


def _script_of_char(char: str) -> str:
    """The first word of the character's Unicode name: THAI, ARABIC, HANGUL, CJK..."""
    return unicodedata.name(char, "?").split()[0].title()


def _printable(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf"))


@dataclass(frozen=True)
class Sample:
    """Text that will be printed in one language, and where it came from."""

    lang: str
    text: str
    what: str  # the message context, or a description
    path: Path | None = None
    line: int | None = None


def stacks_for(config: Config) -> dict[str, LocaleConfig]:
    """lang tag → the locale whose fonts print it (han_lang included)."""
    stacks = {locale.lang: locale for locale in config.locales.values()}
    stacks.setdefault(config.han_lang, config.han)
    return stacks


def check_coverage(config: Config, samples: Iterable[Sample], default: LocaleConfig) -> None:
    """Every printable character of every sample is in its language's sans and serif fonts.

    Text in a language no locale is configured for is checked against ``default``. A few missing
    characters are reported one by one, where they are; many (a script no font of the stack has)
    as one line per script.
    """
    stacks = stacks_for(config)
    misses: dict[tuple[str, tuple[str, ...]], dict[str, Sample]] = {}  # (lang, stack) → character → first sample
    seen: set[tuple[str, str]] = set()  # (lang, character) looked up already: a document repeats most
    for sample in samples:
        locale = stacks.get(sample.lang, default)
        for char in sample.text:
            if (sample.lang, char) in seen or not _printable(char):
                continue
            seen.add((sample.lang, char))
            for stack in (locale.sans, locale.serif):
                if not any(ord(char) in installed.charset(family) for family in stack):
                    misses.setdefault((sample.lang, stack), {}).setdefault(char, sample)
                    break
    errors: list[GuideError] = []
    hint = "replace the character, or add a font that has it to the locale in guide.toml"
    for (lang, stack), chars in misses.items():
        if len(chars) <= 3:
            for char, sample in chars.items():
                errors.append(
                    FontError(
                        f"{sample.what}: character {char!r} (U+{ord(char):04X}) is not in "
                        f"{' or '.join(stack)}, the {lang} fonts",
                        path=sample.path,
                        line=sample.line,
                        hint=hint,
                    )
                )
            continue
        by_script: dict[str, list[str]] = {}
        for char in chars:
            by_script.setdefault(_script_of_char(char), []).append(char)
        for script, missing in by_script.items():
            sample = chars[missing[0]]
            shown = " ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            errors.append(
                FontError(
                    f"{len(missing)} {script} characters ({shown}) are not in {' or '.join(stack)}, the {lang} fonts",
                    path=sample.path,
                    line=sample.line,
                    hint="name a font for this script in the locale's sans and serif in guide.toml "
                    "(see the generator's docs/languages.md), or install fonts-noto-core",
                )
            )
    ErrorList.raise_if(errors)
