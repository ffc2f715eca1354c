"""Fonts: every family the config names must be installed, and must hold every
character a locale prints. Both are checked before typesetting.

Without these checks fontconfig silently substitutes another font (DejaVu),
and a Chinese or Korean page comes out in the wrong shapes, or in boxes.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import DEFAULT_FONTS, Config, LocaleConfig
from .errors import ErrorList, FontError, GuideError

# Characters the templates and CSS print themselves: list bullets, leader dots,
# page numbers, punctuation around references.
TEMPLATE_CHARACTERS = "•.,:;()0123456789–—%/"


@functools.cache
def installed_families() -> frozenset[str]:
    if shutil.which("fc-list") is None:
        raise FontError("fc-list not found: fontconfig is needed to find fonts", hint="install fontconfig")
    listing = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def check_fonts(config: Config) -> None:
    """Every font named in guide.toml is installed."""
    families = installed_families()
    errors: list[GuideError] = []
    for locale in config.locales.values():
        for family in dict.fromkeys((*locale.sans, *locale.serif)):
            if family not in families:
                errors.append(
                    FontError(
                        f"font {family!r} for locale {locale.code} is not installed",
                        path=config.path,
                        hint="run `make setup` (installs fonts-noto-cjk) or change the locale's fonts in guide.toml",
                    )
                )
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)


@functools.cache
def font_file(family: str) -> tuple[Path, int]:
    """The file and face index fontconfig uses for ``family`` (regular weight)."""
    out = subprocess.run(
        ["fc-match", "--format", "%{family}|%{file}|%{index}", f"{family}:weight=regular"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    names, file, index = out.rsplit("|", 2)
    if family not in [name.strip() for name in names.split(",")]:
        raise FontError(f"font {family!r} is not installed (fontconfig offers {names!r} instead)")
    return Path(file), int(index)


@functools.cache
def charset(family: str) -> frozenset[int]:
    """Code points the family's regular face maps to a glyph."""
    from fontTools.ttLib import TTFont

    path, index = font_file(family)
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


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
    if config.han_lang not in stacks:
        sans, serif = DEFAULT_FONTS["zh_Hant"]
        stacks[config.han_lang] = LocaleConfig("zh_Hant", config.han_lang, (sans,), (serif,), "zh_Hant")
    return stacks


def check_coverage(config: Config, samples: Iterable[Sample], default: LocaleConfig) -> None:
    """Every printable character of every sample is in its language's sans and serif fonts.

    Text in a language no locale is configured for is checked against ``default``.
    """
    stacks = stacks_for(config)
    errors: list[GuideError] = []
    reported: set[tuple[str, str]] = set()
    for sample in samples:
        locale = stacks.get(sample.lang, default)
        for char in sample.text:
            if not _printable(char) or (sample.what, char) in reported:
                continue
            for stack in (locale.sans, locale.serif):
                if not any(ord(char) in charset(family) for family in stack):
                    reported.add((sample.what, char))
                    errors.append(
                        FontError(
                            f"{sample.what}: character {char!r} (U+{ord(char):04X}) is not in "
                            f"{' or '.join(stack)}, the {sample.lang} fonts",
                            path=sample.path,
                            line=sample.line,
                            hint="replace the character, or add a font that has it to the locale in guide.toml",
                        )
                    )
                    break
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
