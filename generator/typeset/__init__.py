"""Typeset stage: HTML → PDF with WeasyPrint, fetching only the project's files.

Two fixes to WeasyPrint's line breaking (linebreak.py) and its justification as Chinese and
Korean are set (justify.py) are installed first.

Every PDF is tagged (PDF/UA-1: structure, ``/Lang`` from ``<html lang>``,
bookmarks from headings, title/author/subject from ``<title>`` and ``<meta>``)
and reproducible: its identifier is a hash of its HTML and its modification
date is ``SOURCE_DATE_EPOCH`` when set, so two builds of the same inputs are
byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import OutputError
from ..files import LoadLog, within
from . import actualtext, fields, fontconfigs, linebreak, paintorder, panels, pdfua, viewer
from .pdfua import instructions, tag_sheets
from .viewer import right_to_left, with_preferences

# The stage's API. Besides typesetting: the PDF helpers the output stages after it (impose, press)
# finish their own PDFs with, and the WeasyPrint import a worker makes before its first task.
__all__ = [
    "OVERFLOW",
    "TooLong",
    "Typesetting",
    "document_id",
    "import_weasyprint",
    "instructions",
    "right_to_left",
    "tag_sheets",
    "typeset",
    "with_preferences",
]

log = logging.getLogger(__name__)


def import_weasyprint() -> None:
    """Import WeasyPrint without the C-library search that costs a third of its import.

    WeasyPrint 70 opens each of its seven C libraries by trying up to six names; cffi hands every
    name that is not a file name to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``
    and, for a miss, gcc and ld: some twenty processes, 0.3-0.5 s on a loaded machine, in every
    process that imports WeasyPrint (each build worker, each ``guide card``). Here find_library
    reads ``ldconfig -p`` once and stops at that step (CPython's own first step); a name it does
    not know falls through to WeasyPrint's next name, the library's soname, which dlopen finds.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401

        return
    import ctypes.util  # lazy, as the rest of this function: only a process that typesets pays for it
    import subprocess

    try:
        known = subprocess.run(
            ["/sbin/ldconfig", "-p"], capture_output=True, env={"LC_ALL": "C", "LANG": "C"}, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # no glibc ldconfig: CPython's own search
        import weasyprint  # noqa: F401

        return
    abi = "libc6,x86-64" if os.uname().machine == "x86_64" and sys.maxsize > 2**32 else "libc6"

    def find_library(name: str) -> str | None:
        found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name.encode()), abi.encode()), known)
        return os.fsdecode(found.group(1)) if found else None

    search, ctypes.util.find_library = ctypes.util.find_library, find_library
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = search


def _fetcher(roots: tuple[Path, ...]):
    from weasyprint.urls import URLFetcher  # lazy: WeasyPrint (see import_weasyprint)

    class LocalFetcher(URLFetcher):
        """Refuses the network: a printed card must not depend on a live URL."""

        def fetch(self, url: str, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path))
                if any(within(path, root) for root in roots):  # the one answer to "may this file be read?"
                    return super().fetch(url, headers)
            raise ValueError(f"refusing to fetch {url}: only the project's own files are allowed")

    return LocalFetcher(allowed_protocols={"file", "data"})


# A text box may stick out this far (in CSS px) past the page's edge: rounding, not overflow.
_SLACK = 1.0
OVERFLOW = "runs off page"


def check_fits(document, what: str) -> None:
    """Refuse a document with text outside its page: clipped, a reader would never see it.

    The base stylesheet wraps long words (``overflow-wrap: anywhere``); what still does not fit
    (an unbreakable run, a margin box) is found by measuring every laid-out text box.
    """
    from weasyprint.formatting_structure import boxes  # lazy: WeasyPrint

    for number, page in enumerate(document.pages, 1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox) and box.text.strip():  # (a bare space says nothing: name the words)
                if box.position_x < -_SLACK or box.position_x + box.width > page.width + _SLACK:
                    raise OutputError(
                        f"{what}: text {OVERFLOW} {number}: {box.text[:40]!r}",
                        hint="give the translation spaces where a line may break, or shorten it",
                    )
            elif isinstance(box, boxes.ParentBox):
                stack.extend(box.children)


def build_time() -> dt.datetime:
    """When this build happened: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise OutputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time", hint="set it to whole seconds since 1970"
            ) from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Typesetting:
    """How one document is typeset: what it may load, its page limit, the PDF it becomes."""

    base: Path  # relative URLs in the HTML resolve against it
    roots: tuple[Path, ...]  # the only folders the HTML may load files from (the first: the project)
    max_pages: int | None
    what: str  # names the document in errors ("ko+en card")
    variant: str | None = "pdf/ua-1"  # tagged for screen readers (pdf/x-4 too); None: untagged
    forms: bool = False  # HTML inputs become fillable form fields
    identifier: bytes | None = None  # the PDF's /ID; None: a hash of the HTML (document_id)

    @property
    def tagged(self) -> bool:
        return self.variant in ("pdf/ua-1", "pdf/x-4")  # press PDFs (PDF/X-4) are tagged too


class TooLong(OutputError):
    """A document laid out on more pages than its limit: the build may try a tighter fit of it."""

    def __init__(self, what: str, pages: int, max_pages: int) -> None:
        hint = "shorten its texts or loosen the product's max_pages in guide.toml"
        super().__init__(f"{what} has {pages} pages; the limit is {max_pages}", hint=hint)
        self.pages = pages


def _layout(source: str, how: Typesetting, fetcher: Any) -> Any:
    """WeasyPrint's layout of one HTML document; what it could not load is refused (LoadLog)."""
    from weasyprint import HTML  # lazy: WeasyPrint (see import_weasyprint)

    with LoadLog(fetcher, how.roots[0], how.what) as loads:  # WeasyPrint leaves out what it cannot load: refuse
        document = HTML(string=source, base_url=str(how.base) + "/", url_fetcher=fetcher).render(
            pdf_forms=how.forms, font_config=fontconfigs.kept(source)
        )
    loads.check()
    return document


_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6}) ?")


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code <= 0x10FFFF else match.group()  # text can hold any backslash: not always an escape


def document_id(html: str, roots: tuple[Path, ...]) -> bytes:
    """The PDF's /ID (and the XMP DocumentID made from it): a hash of the HTML it was set from, with
    where the project and the font cache lie on this machine left out, so that another checkout
    (a fresh clone, a CI machine) builds the same bytes."""
    html = _CSS_ESCAPE.sub(_unescaped, html)  # @font-face URLs are CSS-escaped
    for number, root in enumerate(roots):
        html = html.replace(root.resolve().as_uri(), f"root{number}:")
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


def typeset(html: str, how: Typesetting) -> tuple[bytes, int]:
    """Lay out and write one PDF; return its bytes and page count. More pages than ``how.max_pages``
    raise :class:`TooLong` (before the PDF is written: the build may try a tighter fit)."""
    _install(how.tagged)
    fetcher = _fetcher(how.roots)
    document = _layout(html, how, fetcher)
    if how.max_pages is not None and len(document.pages) > how.max_pages:
        raise TooLong(how.what, len(document.pages), how.max_pages)
    if panels.panels_of(html):  # a folded card: its questions over its panels, spare room to write on
        relayout = lambda source: _layout(source, how, fetcher)  # noqa: E731
        document, html = panels.fill(document, html, relayout, how.max_pages)
    check_fits(document, how.what)
    if how.max_pages is not None and len(document.pages) > how.max_pages:
        raise TooLong(how.what, len(document.pages), how.max_pages)
    document.metadata.modified = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    identifier = how.identifier if how.identifier is not None else document_id(html, how.roots)
    tags = {"pdf_tags": True} if how.tagged else {}
    with LoadLog(fetcher, how.roots[0], how.what) as loads:  # attachments are fetched as the PDF is written
        pdf = document.write_pdf(pdf_variant=how.variant, pdf_forms=how.forms, pdf_identifier=identifier, **tags)
    loads.check()
    return _finish(pdf, html, how.tagged, how.forms), len(document.pages)


def _install(tagged: bool) -> None:
    """WeasyPrint, imported late (0.5 s, and not needed by extract/update), with this stage's hooks."""
    import_weasyprint()
    linebreak.install()  # and justify's
    actualtext.install()  # the text a reader's tools extract is the text set
    paintorder.install()  # list numbers and slanted words painted where they are read
    if tagged:
        pdfua.install()


def _finish(pdf: bytes, source: str, tagged: bool, pdf_forms: bool) -> bytes:
    """What WeasyPrint's PDF still needs: PDF/UA, fields a pdfium viewer saves in their own face, the
    reading direction."""
    if tagged:
        pdf = pdfua.finish(pdf)  # what WeasyPrint 70 leaves out of PDF/UA (element /Lang, artifacts, ...)
    if pdf_forms:
        pdf = fields.name_field_fonts(pdf, viewer.is_rtl(source))  # typed text saved in the field's own face
    return viewer.with_preferences(pdf, rtl=viewer.is_rtl(source))  # right-to-left spreads and folds
