"""The installed fonts, as fontconfig lists them: faces, their files and what they cover."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError

WEIGHTS = {400: 80, 700: 200}  # CSS weight → fontconfig weight


@dataclass(frozen=True)
class Face:
    """One installed face, as fontconfig lists it."""

    family: str
    weight: int  # fontconfig weight (80 regular, 200 bold)
    slant: int  # 0 upright
    path: Path
    index: int



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



def installed_families() -> frozenset[str]:
    return frozenset(face.family for face in installed_faces())


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



@functools.cache
def glyph_count(face: Face) -> int:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(face.path)), face.index & 0xFFFF).glyph_count

