"""Form fields as a pdfium viewer (Chrome, Edge) fills them: text typed in any script saved with the
field's own embedded face (fonts/fields.py), not with a system font that is not embedded.

pdfium draws a typed character with the field's default font only if the character's charset is
the font's (``CPDF_BAFontMap::GetWordFontIndex``), and gives an embedded font the ANSI charset: so
Chinese, Korean or Arabic typed into a field went to a substitute (``NotoSansCJKJP``, Adobe-GB1,
not embedded) that poppler then draws as nothing and PDF/UA refuses. A default font whose
resource name is one pdfium counts as a symbol font (``Wingdings``) is asked for every character
it maps: the field face's resource is given that name. The name is only a key in the form's
resources; the font itself (``/BaseFont``, its glyphs, its ToUnicode) is unchanged, and other
viewers look the font up by that key as before.
"""

from __future__ import annotations

import io
import re

FIELD_FONT_KEY = "Wingdings"
_TF = re.compile(rb"/([^\s/\[\]()<>]+)(\s+[\d.]+\s+Tf)")


def name_field_fonts(data: bytes, rtl: bool = False) -> bytes:
    """The PDF with its text fields' font resource renamed (see the module); unchanged without fields.
    ``rtl``: the fields' text aligned to the right (``/Q 2``), where a right-to-left line starts."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    form = pdf.Root.get("/AcroForm")
    if form is None or "/DR" not in form or "/Font" not in form.DR:
        return data
    fonts = form.DR.Font
    keys = {match.group(1) for field in form.Fields if (match := _TF.search(bytes(field.get("/DA", b""))))}
    if len(keys) != 1:  # one field face per card; several: leave them as they are
        return data
    key = keys.pop().decode("latin-1")
    fonts[f"/{FIELD_FONT_KEY}"] = fonts[f"/{key}"]  # the old key stays: the form's resources are the page's
    for field in form.Fields:
        if rtl:
            field.Q = 2
        if "/DA" in field:
            field.DA = pikepdf.String(_TF.sub(rb"/" + FIELD_FONT_KEY.encode() + rb"\2", bytes(field.DA)))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
