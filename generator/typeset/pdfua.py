"""PDF/UA-1 beyond what WeasyPrint 70 writes: what a screen reader needs, checked by the
``page`` validator (PyPI ``page-validation``) with zero failures.

WeasyPrint tags the document; these are the gaps, closed while it writes the PDF
(:func:`install`, hooks on its tagging) or after (:func:`finish`, with pikepdf):

- a run in another language (``lang`` on a span or paragraph) gets its own ``/Lang``,
  so 問清楚 on the English card and the Korean on a zh_Hant+ko card are read in
  their own language;
- a link's ``/Contents`` is its text (a contents entry says its section title, not
  the anchor id);
- running headers and footers (page-margin boxes) are tagged content that no
  structure element reaches: they become ``/Artifact /Pagination``;
- a list item's children other than ``Lbl``/``LBody`` (a QR figure beside a
  reference) are moved into its ``LBody``;
- form fields get an appearance stream, and ``NeedAppearances`` is dropped.

:func:`tag_sheets` makes an imposed sheet PDF (cards placed 4-up) a tagged document
too: each side one figure described by the card's title, in the card's language.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

_installed = False


def install() -> None:
    """Hook WeasyPrint's tagging: element /Lang, link /Contents (once per process)."""
    global _installed
    if _installed:
        return
    import pydyf
    import weasyprint.pdf as wpdf
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree

    def build_with_lang(box, parent, *args):
        for element in build_box_tree(box, parent, *args):  # recursive calls come back through here
            node = getattr(box, "element", None)
            lang = node.attrib.get("lang") if node is not None and hasattr(node, "attrib") else None
            if lang and box.element_tag != "html" and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    add_links = wpdf.add_links

    def add_links_described(links_and_anchors, matrix, pdf, page, names, tags_):
        add_links(links_and_anchors, matrix, pdf, page, names, tags_)
        if tags_ is None:
            return
        for _kind, _target, _rect, box in links_and_anchors[0]:
            annotation = getattr(box, "link_annotation", None)
            text = " ".join("".join(box.element.itertext()).split()) if box.element is not None else ""
            if annotation is not None and text:
                annotation["Contents"] = pydyf.String(text)

    tags._build_box_tree = build_with_lang
    wpdf.add_links = add_links_described
    _installed = True


def _struct_kids(element) -> list:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _walk(root) -> Iterator:
    """Every structure element reachable from the root."""
    import pikepdf

    stack = _struct_kids(root)
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") not in (None, pikepdf.Name.StructElem):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/S" not in node:
            continue
        yield node
        stack.extend(_struct_kids(node))


def _fix_list_items(elements: list) -> None:
    """LI may hold only Lbl and LBody: anything else goes into the item's LBody, in reading order."""
    import pikepdf

    def role(kid) -> str | None:
        return str(kid.get("/S")) if isinstance(kid, pikepdf.Dictionary) else None

    for item in elements:
        if item.S != pikepdf.Name.LI:
            continue
        kids = _struct_kids(item)
        if all(role(k) in ("/Lbl", "/LBody") for k in kids):
            continue
        label = [k for k in kids if role(k) == "/Lbl"]
        body = next((k for k in kids if role(k) == "/LBody"), None)
        if body is None:
            body = item.owner.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item)
            )
        content = []  # every kid but the label, in order; the LBody's own kids where it stood
        for kid in kids:
            if role(kid) == "/Lbl":
                continue
            if role(kid) == "/LBody":
                content.extend(_struct_kids(kid))
            else:
                if isinstance(kid, pikepdf.Dictionary):
                    kid.P = body
                content.append(kid)
        body.K = pikepdf.Array(content)
        item.K = pikepdf.Array(label + [body])


def _pagination_artifacts(pdf, reachable: set[tuple[int, int]]) -> None:
    """Marked content that no reachable structure element owns (page-margin boxes) → /Artifact."""
    import pikepdf

    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.get("/Nums", pikepdf.Array())
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        if "/StructParents" not in page:
            continue
        owners = parents.get(int(page.StructParents))
        if not isinstance(owners, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, owner in enumerate(owners)
            if isinstance(owner, pikepdf.Dictionary) and owner.is_indirect and owner.objgen not in reachable
        }
        if not orphans:
            continue
        page.Contents = pdf.make_stream(_artifacts(page, orphans))
        for mcid in orphans:
            owners[mcid] = None


# WeasyPrint's (pydyf's) marked content with an id: "/Span\n<</MCID 3>>\nBDC" (text is hex strings, so
# this cannot match inside one)
_MARKED = re.compile(rb"/[A-Za-z][\w.-]*\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _artifacts(page: pikepdf.Page, orphans: set[int]) -> bytes:
    """The page's content with the marked content ``orphans`` turned into pagination artifacts.

    A regular expression on WeasyPrint's one content stream: parsing and writing it back with
    pikepdf took most of a document's PDF/UA finishing (60 ms a page of the guide)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):

        def replace(match: re.Match[bytes]) -> bytes:
            return b"/Artifact <</Type /Pagination>> BDC" if int(match.group(1)) in orphans else match.group()

        return _MARKED.sub(replace, contents.read_bytes())
    changed = []  # several streams (not WeasyPrint's): token by token
    for operands, operator in instructions(page):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in orphans:
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
        changed.append(pikepdf.ContentStreamInstruction(operands, operator))
    return bytes(pikepdf.unparse_content_stream(changed))


def _appearances(pdf) -> None:
    """Text fields get an empty appearance stream (they print nothing until filled)."""
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    if form is None:
        return
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Widget or "/AP" in annot:
                continue
            x1, y1, x2, y2 = (float(v) for v in annot.Rect)
            stream = pdf.make_stream(b"/Tx BMC\nEMC\n")
            stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            stream.BBox = pikepdf.Array([0, 0, abs(x2 - x1), abs(y2 - y1)])
            stream.Resources = pikepdf.Dictionary()
            annot.AP = pikepdf.Dictionary(N=stream)
    if "/NeedAppearances" in form:
        del form.NeedAppearances


def finish(data: bytes) -> bytes:
    """The gaps of a WeasyPrint PDF/UA-1 document closed (see the module's doc)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        elements = list(_walk(root))
        _fix_list_items(elements)
        _pagination_artifacts(pdf, {e.objgen for e in _walk(root) if e.is_indirect})
    _appearances(pdf)
    out = io.BytesIO()
    # deterministic_id: the /ID is a hash of the content (reproducible builds)
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _strip_marked_content(pdf, form, done: set[tuple[int, int]]) -> None:
    """A placed card page without its tags (the sheet's own structure describes it)."""
    import pikepdf

    if form.objgen in done:
        return
    done.add(form.objgen)
    ops = [
        pikepdf.ContentStreamInstruction(operands, operator)
        for operands, operator in instructions(form)
        if str(operator) not in ("BDC", "BMC", "EMC", "MP", "DP")
    ]
    form.write(pikepdf.unparse_content_stream(ops))
    for inner in form.get("/Resources", {}).get("/XObject", {}).values():
        if inner.get("/Subtype") == pikepdf.Name.Form:
            _strip_marked_content(pdf, inner, done)


def tag_sheets(sheet_pdf: bytes, card_pdf: bytes) -> bytes:
    """An imposed PDF (cards placed as Form XObjects) as a tagged PDF/UA-1 document.

    Each side is one Figure, described by the card's title (in the card's language);
    the card's XMP metadata (title, PDF/UA identification) and /Lang carry over.
    """
    import pikepdf  # lazy: 0.1 s, in the workers only

    card = pikepdf.open(io.BytesIO(card_pdf))
    pdf = pikepdf.open(io.BytesIO(sheet_pdf))
    title = str(card.docinfo.get("/Title", ""))
    done: set[tuple[int, int]] = set()
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=pikepdf.Array())
    )
    root.K = pikepdf.Array([document])
    nums = pikepdf.Array()
    for number, page in enumerate(pdf.pages):
        resources: Any = page.get("/Resources", pikepdf.Dictionary())
        for form in resources.get("/XObject", pikepdf.Dictionary()).values():
            if form.get("/Subtype") == pikepdf.Name.Form:
                _strip_marked_content(pdf, form, done)
        figure = _side_figure(pdf, page, number, document, title)
        nums.append(number)
        nums.append(pikepdf.Array([figure]))
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pdf.pages)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if "/Lang" in card.Root:
        pdf.Root.Lang = pikepdf.String(str(card.Root.Lang))
    if "/Metadata" in card.Root:
        pdf.Root.Metadata = pdf.copy_foreign(card.Root.Metadata)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, min_version="1.7")
    return out.getvalue()


def _side_figure(pdf, page, number: int, document, title: str):  # pikepdf objects
    """A sheet side as one Figure of ``document``, described by the card's title, its content marked as it."""
    import pikepdf  # lazy: see tag_sheets

    side = "front" if number % 2 == 0 else "back"
    figure = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Figure,
            P=document,
            Pg=page.obj,
            K=0,
            Alt=pikepdf.String(f"{title} ({number // 2 + 1}, {side})"),
            A=pikepdf.Dictionary(O=pikepdf.Name.Layout, BBox=pikepdf.Array(list(page.mediabox))),
        )
    )
    document.K.append(figure)
    body = b"".join(bytes(s.read_bytes()) + b"\n" for s in _contents(page))
    page.Contents = pdf.make_stream(b"/Figure <</MCID 0>> BDC\n" + body + b"EMC\n")
    page.StructParents = number
    page.Tabs = pikepdf.Name.S
    return figure


def _contents(page) -> list:
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def instructions(stream: Any) -> Iterator[tuple[list[Any], Any]]:
    """(operands, operator) of each instruction of a content stream or page."""
    import pikepdf

    for instruction in pikepdf.parse_content_stream(stream):
        # an inline image's "operands" are the image: copied as they are, like any other
        yield list(instruction.operands), instruction.operator
