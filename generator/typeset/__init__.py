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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GuideError, OutputError
from ..files import LoadLog, within
from . import actualtext, fields, fontconfigs, linebreak, paintorder, panels, pdfua, viewer
from .pdfua import instructions as instructions  # for impose.press
from .pdfua import tag_sheets as tag_sheets  # for pipeline's workers: the imposed sheets
from .viewer import right_to_left as right_to_left  # for impose: which way a card folds
from .viewer import with_preferences as with_preferences  # for pipeline's workers: the sheets' print presets

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
    import sys

    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    import ctypes.util
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


def _fetcher(roots: list[Path]):
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Refuses the network: a printed card must not depend on a live URL."""

        def fetch(self, url: str, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

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
    from weasyprint.formatting_structure import boxes

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


def _fits_key(fits: list[str], max_pages: int | None) -> Path:
    import weasyprint

    from ..fonts import cache_dir

    digest = hashlib.sha256(f"{weasyprint.__version__}\0{max_pages}".encode())
    for fit in fits:
        digest.update(b"\0" + fit.encode("utf-8"))
    return cache_dir() / "fits" / digest.hexdigest()


def known_fit(fits: list[str], max_pages: int | None) -> int:
    """The setting an earlier layout of these very fits chose (the loosest within max_pages), so that a
    card is laid out once, not once per tighter setting tried; 0 when they were never laid out.
    Layout is deterministic: the same HTML (whose prepared fonts are named by their content) gives the
    same pages."""
    if len(fits) < 2:
        return 0
    try:
        fit = int(_fits_key(fits, max_pages).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return 0
    return fit if 0 <= fit < len(fits) else 0


def remember_fit(fits: list[str], max_pages: int | None, fit: int) -> None:
    from ..files import atomic_write

    try:
        atomic_write(_fits_key(fits, max_pages), str(fit).encode("ascii"))
    except (GuideError, OSError):  # a cache: a build that cannot keep it is only slower next time
        pass


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


def _layout(source: str, base: Path, fetcher: Any, root: Path, what: str, pdf_forms: bool) -> Any:
    """WeasyPrint's layout of one HTML document; what it could not load is refused (LoadLog)."""
    from weasyprint import HTML

    with LoadLog(fetcher, root, what) as loads:  # WeasyPrint leaves out what it cannot load: refuse instead
        document = HTML(string=source, base_url=str(base) + "/", url_fetcher=fetcher).render(
            pdf_forms=pdf_forms, font_config=fontconfigs.kept(source)
        )
    loads.check()
    return document


_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6}) ?")


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code <= 0x10FFFF else match.group()  # text can hold any backslash: not always an escape


def document_id(html: str, roots: list[Path]) -> bytes:
    """The PDF's /ID (and the XMP DocumentID made from it): a hash of the HTML it was set from, with
    where the project and the font cache lie on this machine left out, so that another checkout
    (a fresh clone, a CI machine) builds the same bytes."""
    html = _CSS_ESCAPE.sub(_unescaped, html)  # @font-face URLs are CSS-escaped
    for number, root in enumerate(roots):
        html = html.replace(root.resolve().as_uri(), f"root{number}:")
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


def typeset(
    html: str | Sequence[str],
    base: Path,
    roots: list[Path],
    max_pages: int | None,
    what: str,
    *,
    pdf_variant: str | None = "pdf/ua-1",
    pdf_forms: bool = False,
    identifier: bytes | None = None,
) -> tuple[bytes, int]:
    """Lay out and write one PDF; return its bytes and page count.

    ``html`` may be several fits of one document, loosest first: the first that stays
    within ``max_pages`` is written (a card set tighter rather than refused).

    ``pdf_variant`` "pdf/ua-1" tags the PDF for screen readers (None: untagged);
    ``pdf_forms`` turns HTML inputs into fillable form fields; ``identifier``
    (default: a hash of the HTML) is the PDF's /ID, pinned for reproducibility.
    """
    tagged = pdf_variant in ("pdf/ua-1", "pdf/x-4")  # press PDFs (PDF/X-4) are tagged too
    _install(tagged)
    fetcher = _fetcher(roots)
    fits = [html] if isinstance(html, str) else list(html)
    first = known_fit(fits, max_pages)
    for fit, source in enumerate(fits[first:], first):
        document = _layout(source, base, fetcher, roots[0], what, pdf_forms)
        pages = len(document.pages)
        if max_pages is None or pages <= max_pages:
            break
        log.debug("%s: fit %d has %d pages, more than %d", what, fit, pages, max_pages)
    else:
        if len(fits) > 1:
            raise OutputError(
                f"{what} does not fit its {max_pages} pages, even set as tight as it goes ({pages} pages)",
                hint="shorten its longest texts (its questions first) in the catalogue",
            )
    if len(fits) > 1 and fit != first:
        remember_fit(fits, max_pages, fit)
    if panels.panels_of(source):  # a folded card: its questions over its panels, spare room to write on
        relayout = lambda html: _layout(html, base, fetcher, roots[0], what, pdf_forms)  # noqa: E731
        document, source = panels.fill(document, source, relayout, max_pages)
        pages = len(document.pages)
    check_fits(document, what)
    if max_pages is not None and pages > max_pages:
        raise OutputError(
            f"{what} has {pages} pages; the limit is {max_pages}",
            hint="shorten its texts or loosen the product's max_pages in guide.toml",
        )
    document.metadata.modified = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    if identifier is None:
        identifier = document_id(source, roots)
    tags = {"pdf_tags": True} if tagged else {}
    with LoadLog(fetcher, roots[0], what) as loads:  # attachments are fetched as the PDF is written
        pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_forms=pdf_forms, pdf_identifier=identifier, **tags)
    loads.check()
    return _finish(pdf, source, tagged, pdf_forms), pages


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
