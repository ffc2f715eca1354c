"""Fonts: every family the config names must be installed, and must hold every
character a locale prints. Both are checked before typesetting.

Without these checks fontconfig silently substitutes another font (DejaVu),
and a Chinese or Korean page comes out in the wrong shapes, or in boxes.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_FONTS, SCRIPT_FONTS, Config, LocaleConfig
from ..errors import ErrorList, FontError, GuideError

log = logging.getLogger(__name__)

# Characters the templates and CSS print themselves: list bullets, leader dots,
# page numbers, punctuation around references.
TEMPLATE_CHARACTERS = "•.,:;()0123456789–—%/"


def installed_families() -> frozenset[str]:
    return frozenset(face.family for face in installed_faces())


def check_fonts(config: Config) -> None:
    """Every font named in guide.toml is installed; a script's default fonts too (one line per script)."""
    families = installed_families()
    errors: list[GuideError] = []
    for locale in config.locales.values():
        missing = [family for family in dict.fromkeys((*locale.sans, *locale.serif)) if family not in families]
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


def script_name(script: str) -> str:
    """A script's English name (Thai, Arabic, Devanagari) from CLDR, else its ISO 15924 code."""
    from babel import Locale

    return Locale("en").scripts.get(script, script)


def _script_of_char(char: str) -> str:
    """The first word of the character's Unicode name: THAI, ARABIC, HANGUL, CJK..."""
    return unicodedata.name(char, "?").split()[0].title()


def font_file(family: str) -> tuple[Path, int]:
    """The file and face index of ``family``'s regular face (from the same fc-list as the rest)."""
    face = face_for(family, 400)
    if face is None:
        raise FontError(f"font {family!r} is not installed", hint="install it, or name another font in guide.toml")
    return face.path, face.index & 0xFFFF


@functools.cache
def charset(family: str) -> frozenset[int]:
    """Code points the family's regular face maps to a glyph (HarfBuzz reads the cmap in
    a millisecond; fontTools took a quarter of a second per CJK face)."""
    import uharfbuzz as hb

    path, index = font_file(family)
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


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

    Text in a language no locale is configured for is checked against ``default``. A few missing
    characters are reported one by one, where they are; many (a script no font of the stack has)
    as one line per script.
    """
    stacks = stacks_for(config)
    misses: dict[tuple[str, tuple[str, ...]], dict[str, Sample]] = {}  # (lang, stack) → character → first sample
    for sample in samples:
        locale = stacks.get(sample.lang, default)
        for char in sample.text:
            if not _printable(char):
                continue
            for stack in (locale.sans, locale.serif):
                if not any(ord(char) in charset(family) for family in stack):
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
                    "(see README, Languages and scripts), or install fonts-noto-core",
                )
            )
    ErrorList.raise_if(errors)


# --- Prepared fonts -----------------------------------------------------------
#
# A CJK font holds 20,000-65,000 glyphs. WeasyPrint subsets what it embeds but
# keeps glyph ids, so a card that uses 300 Hangul still carries metrics for every
# glyph up to the highest one used (450 KB for an A6 card). Before typesetting,
# each face is cut down once to the characters the project can print, so glyph
# ids are small; the cut is cached on disk, keyed by font file and character set.
# The prepared faces get their own family name (``… Subset``): WeasyPrint prefers
# an installed family over an @font-face of the same name.

PREPARED_SUFFIX = " Subset"
WEIGHTS = {400: 80, 700: 200}  # CSS weight → fontconfig weight
# Always kept, whatever the text: Latin, punctuation, CJK punctuation and full-width forms.
BASE_CHARACTERS = "".join(
    chr(c)
    for lo, hi in ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x3000, 0x303F), (0xFF00, 0xFFEF))
    for c in range(lo, hi + 1)
)
_PREPARE_VERSION = b"3"  # bump when the way faces are cut changes
# Only faces with more glyphs than this are cut (the CJK faces: 65,535). A face for another
# script has a few hundred to 3,300 glyphs: cutting gains nothing (WeasyPrint subsets what it
# embeds anyway) and risks the shaping (Thai SARA AM, Arabic joining), so it is used as installed.
CUT_ABOVE_GLYPHS = 10_000
# Looked up by HarfBuzz whatever the text: the dotted circle it draws under a stray mark.
SHAPER_CHARACTERS = "\u25cc"


@dataclass(frozen=True)
class Face:
    """One installed face, as fontconfig lists it."""

    family: str
    weight: int  # fontconfig weight (80 regular, 200 bold)
    slant: int  # 0 upright
    path: Path
    index: int


@dataclass(frozen=True)
class PreparedFace:
    family: str  # the family the config names
    weight: int  # CSS weight
    path: Path  # the cut-down font file in the cache

    @property
    def css_family(self) -> str:
        return self.family + PREPARED_SUFFIX


@functools.cache
def installed_faces() -> tuple[Face, ...]:
    """Every face fontconfig knows, with the file and index it lives in (one fc-list call)."""
    if shutil.which("fc-list") is None:
        raise FontError("fc-list not found: fontconfig is needed to find fonts", hint="install fontconfig")
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{weight}\t%{slant}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    faces = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        families, weight, slant, file, index = parts
        for family in families.split(","):
            try:
                faces.append(Face(family.strip(), int(float(weight)), int(float(slant)), Path(file), int(index)))
            except ValueError:
                continue
    return tuple(faces)


def face_for(family: str, css_weight: int) -> Face | None:
    """The installed face of ``family`` nearest to ``css_weight``, or None."""
    wanted = WEIGHTS.get(css_weight, 80)
    candidates = [face for face in installed_faces() if face.family == family and face.slant == 0]
    return min(candidates, key=lambda face: abs(face.weight - wanted), default=None)


def cache_dir() -> Path:
    """Where prepared fonts are kept: $GUIDE_CACHE_DIR, else the user's cache folder."""
    import os

    if os.environ.get("GUIDE_CACHE_DIR"):
        return Path(os.environ["GUIDE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "guide-generator"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    import tempfile  # no writable home (a CI runner, a sandbox): a per-user temporary folder

    return Path(tempfile.gettempdir()) / f"guide-generator-{os.getuid()}"


def face_identity(face: Face) -> str:
    """A font file's identity for cache keys: path, index, size and modification time.

    The one input not tracked by content hash: reading the 20-27 MB font files on every
    build would cost more than a whole no-op build may take.
    """
    stat = face.path.stat()
    return f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}"


def fonts_identity(families: Iterable[str]) -> str:
    """The identity of every installed face the prepared fonts of ``families`` are cut from."""
    faces = [face_for(family, weight) for family in dict.fromkeys(families) for weight in WEIGHTS]
    return "|".join(face_identity(face) for face in faces if face is not None)


def prepare_faces(families: Iterable[str], characters: str, folder: Path | None = None) -> list[PreparedFace]:
    """Cut each family's regular and bold faces down to ``characters`` (plus BASE_CHARACTERS).

    Cached in ``folder``: a face is cut once per font file and character set (about 0.03 s each,
    with HarfBuzz). A family that is not installed is skipped: check_fonts reports it.
    """
    import hashlib

    from ..files import atomic_write

    folder = (folder or cache_dir()) / "fonts"
    wanted = "".join(sorted(shaping_closure(set(characters) | set(BASE_CHARACTERS))))
    prepared = []
    for family in dict.fromkeys(families):
        for css_weight in WEIGHTS:
            face = face_for(family, css_weight)
            if face is None or glyph_count(face) <= CUT_ABOVE_GLYPHS:
                continue
            key = hashlib.sha256(_PREPARE_VERSION + face_identity(face).encode() + wanted.encode()).hexdigest()[:20]
            path = folder / f"{family.replace(' ', '')}-{css_weight}-{key}.otf"
            if not path.exists():
                atomic_write(path, _cut(face, wanted, css_weight))
            prepared.append(PreparedFace(family, css_weight, path))
    return prepared


@functools.cache
def glyph_count(face: Face) -> int:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(face.path)), face.index & 0xFFFF).glyph_count


def shaping_closure(characters: set[str]) -> set[str]:
    """``characters`` and every code point the shaper may look up for them.

    HarfBuzz normalises as it shapes: it decomposes a character the font lacks (Thai SARA AM
    U+0E33 → U+0E4D U+0E32) and composes a base and mark into one character the font has,
    so both the canonical decomposition and composition of each character must be kept.
    """
    closure = set(characters) | set(SHAPER_CHARACTERS)
    for char in characters:
        for form in ("NFD", "NFKD"):
            closure.update(unicodedata.normalize(form, char))
        # Thai and Lao AM are compatibility-decomposed by the shapers themselves
        closure.update({"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"}.get(char, ""))
    for char in list(closure):  # and the base + first marks composed (ệ → ẹ), as the shaper recomposes
        decomposed = unicodedata.normalize("NFD", char)
        for end in range(1, len(decomposed) + 1):
            closure.update(unicodedata.normalize("NFC", decomposed[:end]))
    return closure


def _cut(face: Face, characters: str, css_weight: int) -> bytes:
    """The face with only ``characters`` (and what its layout features reach), renamed."""
    import uharfbuzz as hb

    # fontconfig numbers a variable font's named instances (n << 16) | face
    source = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index & 0xFFFF)
    request = hb.SubsetInput()
    for char in characters:
        request.unicode_set.add(ord(char))
    # Keep every OpenType feature and script: the sets start as HarfBuzz's defaults (68 features),
    # so they are emptied, then inverted to "all". Inverting the defaults alone kept every feature
    # *but* those: kern and mark positioning were lost (Vietnamese and Korean spacing changed).
    for tags in (request.layout_feature_tag_set, request.layout_script_tag_set):
        tags.clear()
        tags.invert()
    if "wght" in [axis.tag for axis in source.axis_infos]:
        # A variable font becomes a static instance: WeasyPrint would otherwise instantiate it
        # with fontTools on every document (seconds each).
        request.pin_all_axes_to_default(source)
        request.pin_axis_location(source, "wght", css_weight)
    return hb.subset(source, request).blob.data


def warn_if_slow_subsetting() -> None:
    """WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed, else with fontTools (slow)."""
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        log.warning(
            "libharfbuzz-subset is not installed: WeasyPrint will subset fonts with fontTools, many times slower "
            "(install libharfbuzz-subset0: scripts/setup.sh does)"
        )
