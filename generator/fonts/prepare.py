"""Prepared faces: the big CJK faces cut down to the characters the project prints, cached.

A CJK font holds 20,000-65,000 glyphs. WeasyPrint subsets what it embeds but
keeps glyph ids, so a card that uses 300 Hangul still carries metrics for every
glyph up to the highest one used (450 KB for an A6 card). Before typesetting,
each face is cut down once to the characters the project can print, so glyph
ids are small; the cut is cached on disk, keyed by font file and character set.
The prepared faces get their own family name (``… Subset``): WeasyPrint prefers
an installed family over an @font-face of the same name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_write
from .installed import WEIGHTS, Face, face_for, glyph_count

log = logging.getLogger(__name__)

PREPARED_SUFFIX = " Subset"
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
class PreparedFace:
    family: str  # the family the config names
    weight: int  # CSS weight
    path: Path  # the cut-down font file in the cache

    @property
    def css_family(self) -> str:
        return self.family + PREPARED_SUFFIX


def cache_dir() -> Path:
    """Where prepared fonts are kept: $GUIDE_CACHE_DIR, else the user's cache folder."""

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

    return Path(tempfile.gettempdir()) / f"guide-generator-{os.getuid()}"


def prepared_dir(cache: Path | None = None) -> Path:
    """Where prepared faces are kept (in ``cache``, default the cache folder), each named by its content."""
    return (cache or cache_dir()) / "fonts"


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

    folder = prepared_dir(folder)
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
