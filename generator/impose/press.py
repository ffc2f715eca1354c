"""The "press" paper: a product typeset for a print shop, ``<output>.press.pdf``.

- the trimmed page as designed, with 3 mm bleed or more on every side: the PDF's
  BleedBox lies 10 pt (3.5 mm) outside the TrimBox, and backgrounds that reach the
  page edge are painted on into it (WeasyPrint paints page backgrounds to the media edge);
- crop marks on the trim lines, 5-10 mm out: outside the bleed, so they are cut away;
- colour in CMYK: black text 100 % K (``device-cmyk(0 0 0 1)``), the palette as CMYK;
  what is still RGB (QR codes, crop marks) is converted, so no RGB is left;
- claimed as PDF/X-4 (WeasyPrint's ``pdf/x-4``), with a GTS_PDFX output intent naming
  FOGRA39 (ISO 12647-2 coated offset) and embedding its ICC profile
  ``templates/color/FOGRA39L-guide.icc``, made by ``scripts/make-press-profile.sh`` with
  ArgyllCMS from the FOGRA39 data in Debian's icc-profiles-free (zlib licence);
- still tagged (PDF/UA-1), reproducible, with links hidden (they mean nothing on paper
  and PDF/X allows no visible annotation inside the bleed); no form fields.

No PDF/X validator installs here: tests/test_press.py checks the structure.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Sequence
from pathlib import Path

from ..papers import PRESS as PRESS  # the paper's name, declared in papers; re-exported for importers of this module
from ..typeset import instructions

PROFILE = "color/FOGRA39L-guide.icc"
BLEED = "10mm"  # CSS bleed: the media box; crop marks fill its outer half, the PDF BleedBox is 10 pt
# The palette of templates/style/base.css as CMYK: ink is black, so it prints as 100 % K.
PALETTE = {
    "--ink": "device-cmyk(0 0 0 1)",
    "--muted": "device-cmyk(0 0 0 0.7)",
    "--accent": "device-cmyk(0.88 0 0 0.58)",
    "--rule": "device-cmyk(0.08 0.02 0 0.21)",
    "--wash": "device-cmyk(0.03 0 0.01 0.04)",
}


def press_html(html: str, profile: Path) -> str:
    """The document's HTML with the press page (bleed, crop marks) and CMYK colour."""
    palette = " ".join(f"{name}: {value};" for name, value in PALETTE.items())
    style = (
        f'<style>@color-profile device-cmyk {{ src: url("{profile.as_uri()}"); components: c, m, y, k; }}'
        f" @page {{ bleed: {BLEED}; marks: crop; }} :root {{ {palette} }}</style>"
    )
    return html.replace("</head>", style + "</head>", 1)


def profile_path(roots: list[Path]) -> Path:
    """The output profile: the project's templates/ first, then the built-in ones."""
    for folder in (roots[0] / "templates", *roots[1:]):
        if (folder / PROFILE).is_file():
            return folder / PROFILE
    raise FileNotFoundError(PROFILE)


def typeset_press(
    html: str | Sequence[str], base: Path, roots: list[Path], max_pages: int | None, what: str
) -> tuple[bytes, int]:
    """The press PDF of a document's HTML (or of its fits, loosest first: see typeset), and its pages."""
    from ..typeset import document_id, typeset

    profile = profile_path(roots)
    source = press_html(html, profile) if isinstance(html, str) else tuple(press_html(fit, profile) for fit in html)
    identifier = document_id("".join(source), roots)  # the same on every checkout and machine
    data, pages = typeset(
        source, base, roots, max_pages, f"{what} (press)", pdf_variant="pdf/x-4", identifier=identifier
    )
    return finish(data, identifier), pages


def _cmyk(r: float, g: float, b: float) -> list[float]:
    """Naive RGB → CMYK with all grey in K (black is 0 0 0 1): for the few RGB left (QR, marks)."""
    k = 1 - max(r, g, b)
    if k >= 1:
        return [0.0, 0.0, 0.0, 1.0]
    return [
        round((1 - r - k) / (1 - k), 4),
        round((1 - g - k) / (1 - k), 4),
        round((1 - b - k) / (1 - k), 4),
        round(k, 4),
    ]


def _to_cmyk(pdf, stream, done: set[tuple[int, int]]) -> None:
    """Rewrite rg/RG as k/K in a content stream and in the forms it draws."""
    import pikepdf

    key = (stream.obj if isinstance(stream, pikepdf.Page) else stream).objgen
    if key in done:
        return
    done.add(key)
    ops = []
    changed = False
    for operands, operator in instructions(stream):
        name = str(operator)
        if name in ("rg", "RG"):
            operands = _cmyk(*(float(v) for v in operands))
            operator = pikepdf.Operator("k" if name == "rg" else "K")
            changed = True
        ops.append(pikepdf.ContentStreamInstruction(operands, operator))
    if changed:
        data = pikepdf.unparse_content_stream(ops)
        if isinstance(stream, pikepdf.Page):
            stream.obj.Contents = pdf.make_stream(data)
        else:
            stream.write(data)
    resources = stream.obj.get("/Resources", {}) if isinstance(stream, pikepdf.Page) else stream.get("/Resources", {})
    for inner in resources.get("/XObject", {}).values():
        if inner.get("/Subtype") == pikepdf.Name.Form:
            group = inner.get("/Group")
            if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
                group.CS = pikepdf.Name.DeviceCMYK
            _to_cmyk(pdf, inner, done)
    for pattern in resources.get("/Pattern", {}).values():
        if isinstance(pattern, pikepdf.Stream):
            _to_cmyk(pdf, pattern, done)


def finish(data: bytes, identifier: bytes) -> bytes:
    """After WeasyPrint's PDF/X-4: no RGB left, the output intent named, PDF/UA identified, links hidden."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        group = page.obj.get("/Group")
        if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
            group.CS = pikepdf.Name.DeviceCMYK
        _to_cmyk(pdf, page, done)
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == pikepdf.Name.Link:
                annot.F = 2  # Hidden: neither shown nor printed
    for intent in pdf.Root.get("/OutputIntents", []):
        intent.OutputConditionIdentifier = pikepdf.String("FOGRA39")
        intent.OutputCondition = pikepdf.String("Offset printing, coated paper (ISO 12647-2:2004, FOGRA39)")
        intent.RegistryName = pikepdf.String("http://www.color.org")
        intent.Info = pikepdf.String("FOGRA39L, made with ArgyllCMS from Debian icc-profiles-free data")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfuaid:part"] = "1"  # also tagged for screen readers, as every PDF of the build
        # WeasyPrint writes a random DocumentID: derive it from the identifier, for reproducible builds
        meta["xmpMM:DocumentID"] = f"uuid:{uuid.UUID(hashlib.sha256(identifier).hexdigest()[:32])}"
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def rgb_operators(data: bytes) -> list[str]:
    """Every RGB colour operator left in a PDF's pages and forms (for tests: none should be)."""
    import pikepdf

    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        streams = [
            *pdf.pages,
            *(o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"),
        ]
        for stream in streams:
            for operands, operator in instructions(stream):
                name = str(operator)
                if name in ("rg", "RG") or (name in ("cs", "CS") and operands[0] == pikepdf.Name.DeviceRGB):
                    found.append(name)
    return found
