"""Press stage: a product typeset for a print shop, ``<output>.press.pdf`` (after typeset, beside impose).

- the trimmed page as designed, with bleed on every side: the PDF's BleedBox lies
  10 pt (3.53 mm) outside the TrimBox, and backgrounds that reach the
  page edge are painted on into it (WeasyPrint paints page backgrounds to the media edge);
- crop marks on the trim lines, 5-10 mm out: outside the bleed, so they are cut away; in
  registration colour (``/Separation /All``), so they print on every plate;
- colour in CMYK, from the document's own palette (the ``--ink``, ``--muted``, ``--accent``,
  ``--rule``, ``--wash`` its stylesheets set last, so a guide's own accent, from guide.toml's [style]
  or its own stylesheet, prints): grey ink is 100 % K, a near-grey is K alone (it cannot shift in
  registration), a colour goes from sRGB to CMYK through the output intent's ICC profile (relative colorimetric);
  what is still RGB (QR codes, crop marks) is converted, so no RGB is left;
- claimed as PDF/X-4 (WeasyPrint's ``pdf/x-4``), with a GTS_PDFX output intent naming
  FOGRA39 (ISO 12647-2 coated offset) and embedding its ICC profile
  ``templates/color/FOGRA39L-guide.icc``, made by ``scripts/make-press-profile.sh`` with
  ArgyllCMS from the FOGRA39 data in Debian's icc-profiles-free (zlib licence);
- still tagged (PDF/UA-1), reproducible, without link annotations (they mean nothing on paper,
  and preflights flag annotations inside the bleed): their text is tagged as a span; no form fields.

No PDF/X validator installs here: tests/test_press.py checks the structure.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import uuid
from dataclasses import replace
from pathlib import Path

from ..typeset import Typesetting, document_id, instructions, typeset

PROFILE = "color/FOGRA39L-guide.icc"
BLEED = "10mm"  # CSS bleed: the media box; crop marks fill its outer half, the PDF BleedBox is 10 pt
PALETTE = ("--ink", "--muted", "--accent", "--rule", "--wash")  # the colours of templates/style/base.css
NEUTRAL = 0.1  # a colour whose channels differ less than this is a grey: K alone
_COLOUR = re.compile(r"(--ink|--muted|--accent|--rule|--wash)\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def palette(html: str, profile: Path) -> dict[str, tuple[float, float, float, float]]:
    """The document's palette in CMYK (0-1): each colour as its stylesheets set it last (see the module)."""
    found = {name: value if len(value) == 6 else "".join(c * 2 for c in value) for name, value in _COLOUR.findall(html)}
    rgbs = {name: tuple(int(value[i : i + 2], 16) for i in (0, 2, 4)) for name, value in found.items()}
    return {name: _separated(name, rgb, str(profile)) for name, rgb in rgbs.items()}


@functools.cache
def _separated(name: str, rgb: tuple[int, ...], profile: str) -> tuple[float, float, float, float]:
    grey = max(rgb) - min(rgb) < NEUTRAL * 255
    if name == "--ink" and grey:
        return (0.0, 0.0, 0.0, 1.0)  # grey text is black; a coloured one ([style] text) is separated
    if grey:  # K alone, as light as the colour (Rec. 709 luma)
        luma = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
        return (0.0, 0.0, 0.0, round(1 - luma, 3))
    from PIL import Image, ImageCms  # Pillow comes with WeasyPrint; its LittleCMS does the separation

    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )  # fmt: skip
    image = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform)
    assert image is not None
    pixel = image.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    c, m, y, k = (round(float(v) / 255, 3) for v in pixel)
    return (c, m, y, k)


def press_html(html: str, profile: Path) -> str:
    """The document's HTML with the press page (bleed, crop marks) and its palette in CMYK."""
    colours = palette(html, profile)
    palette_css = " ".join(f"{name}: device-cmyk({' '.join(map(str, cmyk))});" for name, cmyk in colours.items())
    style = (
        f'<style>@color-profile device-cmyk {{ src: url("{profile.as_uri()}"); components: c, m, y, k; }}'
        f" @page {{ bleed: {BLEED}; marks: crop; }} :root {{ {palette_css} }}</style>"
    )
    return html.replace("</head>", style + "</head>", 1)


def profile_path(roots: tuple[Path, ...]) -> Path:
    """The output profile: the project's templates/ first, then the built-in ones."""
    for folder in (roots[0] / "templates", *roots[1:]):
        if (folder / PROFILE).is_file():
            return folder / PROFILE
    raise FileNotFoundError(PROFILE)


def typeset_press(html: str, how: Typesetting) -> tuple[bytes, int]:
    """The press PDF of a document's HTML (the fit its own PDF was set in), and its pages."""
    profile = profile_path(how.roots)
    source = press_html(html, profile)
    identifier = document_id(source, how.roots)  # the same on every checkout and machine
    press = replace(how, what=f"{how.what} (press)", variant="pdf/x-4", forms=False, identifier=identifier)
    data, pages = typeset(source, press)
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
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

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


def _registration(pdf, form) -> None:
    """The crop marks' black (WeasyPrint's marks, converted to 100 % K) in registration colour: on every plate."""
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

    ops = []
    for operands, operator in instructions(form):
        name = str(operator)
        if name in ("k", "K") and [float(v) for v in operands] == [0, 0, 0, 1]:
            setter = pikepdf.Operator("cs" if name == "k" else "CS")
            ops.append(pikepdf.ContentStreamInstruction([pikepdf.Name.Registration], setter))
            operands, operator = [1], pikepdf.Operator("scn" if name == "k" else "SCN")
        ops.append(pikepdf.ContentStreamInstruction(operands, operator))
    form.write(pikepdf.unparse_content_stream(ops))
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    space = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])
    resources = form.get("/Resources") or pikepdf.Dictionary()
    resources.ColorSpace = pikepdf.Dictionary(Registration=space)
    form.Resources = resources


def _marks(page) -> list:
    """The page's crop-mark forms: drawn as artifacts, reaching outside the trim, with no text."""
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

    trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
    found = []
    for form in page.obj.get("/Resources", {}).get("/XObject", {}).values():
        if form.get("/Subtype") != pikepdf.Name.Form:
            continue
        box = [float(v) for v in form.BBox]
        ops = {str(operator) for _, operator in instructions(form)}
        if (box[0] < trim[0] or box[1] < trim[1]) and "BT" not in ops and ops & {"K", "k"}:
            found.append(form)
    return found


def _drop_links(pdf, page) -> None:
    """Link annotations removed, and their structure elements tagged as spans (their text stays)."""
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

    links = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == pikepdf.Name.Link]
    if not links:
        return
    gone = {a.objgen for a in links}
    page.obj.Annots = pikepdf.Array([a for a in page.obj.Annots if a.objgen not in gone])
    for link in links:
        element = link.get("/StructParent")
        parent = _link_element(pdf, element) if element is not None else None
        if parent is not None:
            kids = parent.K if isinstance(parent.K, pikepdf.Array) else pikepdf.Array([parent.K])
            parent.K = pikepdf.Array([kid for kid in kids if not _refers_to(kid, gone)])
            parent.S = pikepdf.Name.Span


def _refers_to(kid, objects: set[tuple[int, int]]) -> bool:
    """Whether a structure element's kid is an object reference (OBJR) to one of ``objects``."""
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

    return isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid and kid.Obj.objgen in objects


def _link_element(pdf, key: int):
    """The structure element the parent tree gives for an annotation's /StructParent."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", [])
    for index in range(0, len(nums), 2):
        if int(nums[index]) == int(key):
            return nums[index + 1]
    return None


def finish(data: bytes, identifier: bytes) -> bytes:
    """After WeasyPrint's PDF/X-4: no RGB left, the output intent named, PDF/UA identified, links hidden."""
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

    pdf = pikepdf.open(io.BytesIO(data))
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        group = page.obj.get("/Group")
        if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
            group.CS = pikepdf.Name.DeviceCMYK
        _to_cmyk(pdf, page, done)
        for form in _marks(page):
            _registration(pdf, form)
        _drop_links(pdf, page)
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
    import pikepdf  # lazy: 0.1 s, paid only by the worker that makes a press PDF

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
