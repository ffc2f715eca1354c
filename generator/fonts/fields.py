"""Field faces: the font of a locale's fillable form fields, made to hold what a patient types.

A PDF form field names one font, and a viewer that saves typed text (pdfium in Chrome, pdf.js,
Acrobat) draws it with that font when the font has the characters: embedded, so the saved file
shows and extracts it anywhere. Lacking them, pdfium substitutes a system font that is not
embedded (Chinese then saves with a Japanese or Simplified font, or nothing, elsewhere).
WeasyPrint embeds a field's font whole, so the face is cut to the script's common repertoire:
Big5 level 1 for Traditional Chinese (5,401 hanzi, 1.3 MB), GB2312 level 1 for Simplified,
JIS X 0208 level 1 and kana for Japanese, KS X 1001's 2,350 Hangul syllables for Korean; a face
of another script (Arabic, Hebrew, Thai...) is small and kept whole; Latin text keeps the templates'
19 KB ``fonts/form-field.otf``.
Cut once per face and repertoire, cached beside the prepared faces.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from ..config import LocaleConfig
from ..errors import FontError
from ..files import atomic_write
from .installed import Face, charset, face_for, glyph_count
from .prepare import BASE_CHARACTERS, CUT_ABOVE_GLYPHS, face_identity, prepared_dir

_FIELD_VERSION = b"3"  # bump when the repertoires change


def _decoded(codec: str, rows: range, cells: range) -> str:
    """Every character of a double-byte code's rows × cells (a level of a national standard)."""
    found = []
    for row in rows:
        for cell in cells:
            try:
                found.append(bytes([row, cell]).decode(codec))
            except UnicodeDecodeError:
                continue
    return "".join(found)


_KANA = "".join(chr(c) for c in range(0x3040, 0x3100))
_JAMO = "".join(chr(c) for c in range(0x3131, 0x318F))
# Script (ISO 15924) → its common characters: what a patient is likely to type.
_REPERTOIRES = {
    "Hant": lambda: _decoded("big5", range(0xA4, 0xC7), range(0x40, 0xFF)),  # Big5 level 1 (A440-C67E)
    "Hans": lambda: _decoded("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),  # GB2312 level 1
    "Jpan": lambda: _decoded("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF)) + _KANA,  # JIS X 0208 level 1
    "Kore": lambda: _decoded("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF)) + _JAMO,  # KS X 1001 Hangul
}


def field_face(locale: LocaleConfig, folder: Path | None = None) -> Path | None:
    """The cached field face of ``locale``: its first sans family cut to what its readers type; None
    for a Latin locale set in a CJK face (the templates' Latin ``fonts/form-field.otf`` serves)."""

    family = locale.sans[0]
    found = _wanted(family, locale.script)
    if found is None:
        return None
    face, wanted = found
    key = hashlib.sha256(_FIELD_VERSION + face_identity(face).encode() + wanted.encode()).hexdigest()[:20]
    path = prepared_dir(folder) / f"field-{family.replace(' ', '')}-{key}.otf"
    if not path.exists():
        atomic_write(path, _cut(face, wanted))
    return path


@functools.cache
def _wanted(family: str, script: str) -> tuple[Face, str] | None:
    """The installed face and the characters its field face keeps (see the module)."""

    face = face_for(family, 400)
    if face is None:
        raise FontError(f"font {family!r} is not installed", hint="install it (check_fonts names the package)")
    if script in _REPERTOIRES:
        wanted = _REPERTOIRES[script]()
    elif glyph_count(face) <= CUT_ABOVE_GLYPHS:  # a face of one script: all of it
        wanted = "".join(chr(c) for c in sorted(charset(family)))
    else:  # Latin (Cyrillic, Greek) in a CJK face: the templates' form-field.otf, a project may replace it
        return None
    # no controls, no byte-order mark: PDF/UA refuses a ToUnicode value of U+0000 or U+FEFF
    kept = {c for c in set(wanted) | set(BASE_CHARACTERS) if ord(c) > 0x1F and c not in "\ufeff\ufffe"}
    return face, "".join(sorted(kept))


def _cut(face: Face, characters: str) -> bytes:
    """The face's glyphs for ``characters``, without layout tables: a viewer draws typed text
    glyph by glyph from the cmap (no shaping), and GSUB's variants tripled a CJK cut's size."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index & 0xFFFF)
    request = hb.SubsetInput()
    for char in characters:
        request.unicode_set.add(ord(char))
    request.layout_feature_tag_set.clear()
    for table in ("GSUB", "GPOS", "GDEF", "BASE", "VORG"):
        request.drop_table_tag_set.add(_tag(table))
    if "wght" in [axis.tag for axis in source.axis_infos]:
        request.pin_all_axes_to_default(source)
    return hb.subset(source, request).blob.data


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")
