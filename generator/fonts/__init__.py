"""Fonts: every family the config names must be installed, and must hold every
character a locale prints. Both are checked before typesetting.

Without these checks fontconfig silently substitutes another font (DejaVu),
and a Chinese or Korean page comes out in the wrong shapes, or in boxes.
"""

from .coverage import TEMPLATE_CHARACTERS, Sample, check_coverage, check_fonts, script_name, stacks_for
from .fields import field_face
from .installed import Face, charset, font_file, installed_families
from .prepare import (
    PREPARED_SUFFIX,
    PreparedFace,
    cache_dir,
    fonts_identity,
    prepare_faces,
    prepared_dir,
    shaping_closure,
    warn_if_slow_subsetting,
)

__all__ = [
    "PREPARED_SUFFIX",
    "TEMPLATE_CHARACTERS",
    "Face",
    "PreparedFace",
    "Sample",
    "cache_dir",
    "charset",
    "check_coverage",
    "check_fonts",
    "field_face",
    "font_file",
    "fonts_identity",
    "installed_families",
    "prepare_faces",
    "prepared_dir",
    "script_name",
    "shaping_closure",
    "stacks_for",
    "warn_if_slow_subsetting",
]
