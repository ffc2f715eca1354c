"""The output folder's index page: every locale's PDFs with a preview, size, pages and coverage.

``write_index`` reads what is in the output folder (not only what this build
wrote), so files from earlier builds, other products and card variants are
listed too. The page is one static file with inline CSS and no script or
external asset, so it works opened from disk; ``guide serve`` adds a small
script when it serves it. Thumbnails of each PDF's first page are rendered
with pypdfium2 into ``OUT/_thumbs/``, named by the PDF's content hash so a
browser never shows a stale one and an unchanged PDF is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from ..config import Config
from ..content import load_content
from ..errors import GuideError
from ..files import KEPT, atomic_write
from ..messages import Stats, stats
from ..papers import PAPERS, label
from ..pipeline import INDEX_NAME, THUMBS_DIR, BuildReport, Output, check_index, png, thumb_path
from ..render import render_inline
from .describe import describe, sheet_name

log = logging.getLogger(__name__)


ASSETS = Path(__file__).parents[1] / "assets"


@dataclass
class Document:
    """One PDF in the output folder."""

    href: str  # relative to the index page
    name: str  # file name
    size: int
    pages: int | None  # None: the PDF could not be read
    title: str | None  # the PDF's own title (in its language)
    paper: str | None  # A6, A5, A4, Letter, or None
    thumb: str | None  # href of the first page's PNG
    modified: dt.datetime
    product: str | None = None  # the config's product name, None for other PDFs (card variants)
    fallbacks: int | None = None  # messages shown in the source language, if this build made it
    description: str = ""  # what the file is, in words (describe)


@dataclass
class LocaleEntry:
    code: str
    name: str  # in its own language
    english: str
    lang: str  # BCP 47, for the lang attribute
    is_source: bool
    coverage: Stats | None
    coverage_error: str | None
    products: list[Document] = field(default_factory=list)
    home: list[Document] = field(default_factory=list)  # the card's home-print sheets: what a patient prints
    variants: list[Document] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # products not built (yet)
    errors: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        if self.is_source:
            return 100.0
        return self.coverage.percent if self.coverage else None


def error_lines(error: GuideError, root: Path | None) -> list[str]:
    """The CLI's one-line-per-problem text: ``error: file:line: problem (what to do)``."""
    return [f"error: {line}" for line in error.format(root).splitlines()]


def _flatten(errors: Iterable[GuideError]) -> list[GuideError]:
    return [problem for error in errors for problem in error.each()]


def error_locale(config: Config, out_dir: Path, error: GuideError) -> str | None:
    """The locale an error belongs to (its catalogue or its output), or None if it is global."""
    if error.path is None:
        return None
    path = error.path.resolve()
    for folder in (config.locales_dir.resolve(), out_dir.resolve()):
        if path.is_relative_to(folder) and len(path.relative_to(folder).parts) > 1:
            code = path.relative_to(folder).parts[0]
            if code in config.locales:
                return code
    return None


def _outputs(report_or_outputs: BuildReport | Iterable[Output] | None) -> dict[Path, Output]:
    if report_or_outputs is None:
        return {}
    outputs = report_or_outputs.outputs if isinstance(report_or_outputs, BuildReport) else report_or_outputs
    return {output.path.resolve(): output for output in outputs}


def _paper(width: float, height: float) -> str | None:
    short, long = sorted((width, height))
    for name, (w, h) in PAPERS.items():
        if abs(short - w) < 3 and abs(long - h) < 3:
            return label(name) + (" landscape" if width > height else "")
    return None


def _href(path: Path, out_dir: Path) -> str:
    return "/".join(quote(part) for part in path.relative_to(out_dir).parts)


def _pdfs(folder: Path) -> list[Path]:
    """The PDFs under ``folder`` the page lists: not a copy kept aside because the user changed it
    (a filled-in card holds a patient's answers: not for a page that may be published)."""
    return sorted(p for p in folder.rglob("*.pdf") if not KEPT.search(p.stem)) if folder.is_dir() else []


def _document(
    path: Path, out_dir: Path, thumbs: set[Path], name: str | None = None, preview: bool = True
) -> Document:
    """Read a PDF's page count, title and size; render its first page once per content
    (``preview``: only products are shown with a picture)."""
    import pypdfium2 as pdfium  # imported here: only the index needs it

    data = path.read_bytes()
    thumb = thumb_path(out_dir, path, data)
    pages = title = paper = None
    try:
        pdf = pdfium.PdfDocument(data)
        try:
            pages = len(pdf)
            title = pdf.get_metadata_dict().get("Title") or None
            if pages:
                page = pdf[0]
                width, height = page.get_size()
                paper = _paper(width, height)
                if preview:
                    if not thumb.exists():
                        atomic_write(thumb, png(page, width))
                    thumbs.add(thumb)
        finally:
            pdf.close()
    except pdfium.PdfiumError as exc:
        log.warning("%s: cannot read the PDF for the index (%s)", path, exc)
    return Document(
        href=_href(path, out_dir),
        name=name or path.name,
        size=len(data),
        pages=pages,
        title=title,
        paper=paper,
        thumb=_href(thumb, out_dir) if thumb in thumbs else None,
        modified=dt.datetime.fromtimestamp(path.stat().st_mtime),
    )


def _coverage(config: Config, code: str) -> tuple[Stats | None, str | None]:
    path = config.po_path(code)
    if code == config.source_locale and not path.exists():
        return None, None
    try:
        return stats(path, code, config.root, is_source=code == config.source_locale), None
    except GuideError as exc:
        return None, exc.format(config.root)


def _title(config: Config) -> Markup:
    """The guide's title in the source language, typeset like the PDFs (quotes, lang tags)."""
    try:
        unit = load_content(config.content_dir).texts.get("title")
    except GuideError:
        unit = None
    if unit is None:
        return Markup.escape(config.root.name)
    return Markup(render_inline(unit.text, config.source.lang, config.han_lang))


def _fill(config: Config, entry: LocaleEntry, out_dir: Path, built: dict[Path, Output], thumbs: set[Path]) -> None:
    """The locale's PDFs: its products (with a preview), the card's home-print sheets, the other files."""
    code = entry.code
    folder = out_dir / code
    outputs = {product.output: name for name, product in config.products.items()}
    for path in _pdfs(folder):
        product = outputs.get(str(path.relative_to(folder)))
        document = _document(path, out_dir, thumbs, preview=product is not None)
        if product:
            document.product = product
            output = built.get(path.resolve())
            document.fallbacks = len(output.fallbacks) if output else None
            entry.products.append(document)
        else:
            document.name = str(path.relative_to(folder))
            document.description, paper = describe(config, document.name)
            home = paper is not None and document.name == sheet_name(config, paper)  # not a bilingual one
            (entry.home if home else entry.variants).append(document)
    for document in entry.products:
        document.description = describe(config, document.name)[0]
    order = list(config.products)
    entry.products.sort(key=lambda d: order.index(d.product or ""))
    entry.missing = [name for name in config.products if name not in {d.product for d in entry.products}]


def collect(
    config: Config,
    out_dir: Path,
    report_or_outputs: BuildReport | Iterable[Output] | None = None,
    errors: Iterable[GuideError] = (),
) -> tuple[list[LocaleEntry], list[Document], list[str], set[Path]]:
    """What the index shows: per locale its documents, plus PDFs outside any locale folder."""
    out_dir = out_dir.resolve()
    built = _outputs(report_or_outputs)
    flat = _flatten(errors)
    thumbs: set[Path] = set()
    entries: list[LocaleEntry] = []
    for code, locale in config.locales.items():
        coverage, coverage_error = _coverage(config, code)
        entry = LocaleEntry(
            code=code,
            name=locale.display_name,
            english=Locale.parse(code).english_name or code,
            lang=locale.lang,
            is_source=code == config.source_locale,
            coverage=coverage,
            coverage_error=coverage_error,
            errors=[
                line
                for error in flat
                if error_locale(config, out_dir, error) == code
                for line in error_lines(error, config.root)
            ],
        )
        _fill(config, entry, out_dir, built, thumbs)
        entries.append(entry)
    others = [
        _document(path, out_dir, thumbs, name=str(path.relative_to(out_dir)))
        for path in _pdfs(out_dir)
        if path.relative_to(out_dir).parts[0] not in config.locales
        and path.relative_to(out_dir).parts[0] != THUMBS_DIR
    ]
    general = [
        line
        for error in flat
        if error_locale(config, out_dir, error) is None
        for line in error_lines(error, config.root)
    ]
    return entries, others, general, thumbs


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["size"] = _size
    return env


def render_index(
    config: Config,
    out_dir: Path,
    report_or_outputs: BuildReport | Iterable[Output] | None = None,
    errors: Iterable[GuideError] = (),
) -> tuple[str, set[Path]]:
    """The index page's HTML, and the thumbnails it uses."""
    entries, others, general, thumbs = collect(config, out_dir, report_or_outputs, errors)
    source = config.locales[config.source_locale]
    html = (
        _environment()
        .get_template("index.html.j2")
        .render(
            title=_title(config),
            source=source,
            edition=format_date(config.edition, "long", locale=source.babel),
            entries=entries,
            others=others,
            errors=general + [line for entry in entries for line in entry.errors],
            products=config.products,
        )
    )
    return html, thumbs


def write_index(
    config: Config,
    out_dir: Path,
    report_or_outputs: BuildReport | Iterable[Output] | None = None,
    errors: Iterable[GuideError] = (),
    force: bool = False,
) -> Path:
    """Write ``out_dir/index.html`` for every PDF in ``out_dir``; drop thumbnails no PDF has any more.

    ``report_or_outputs`` (what this build made) adds the count of messages
    shown in the source language; ``errors`` are shown at the top of the page
    and beside their locale, as the CLI prints them. The page and thumbnails are
    recorded in the build's manifest: an ``index.html`` guide did not write is
    not replaced (unless ``force``), and only thumbnails guide made are removed.
    """
    from ..pipeline import Manifest

    out_dir = (config.root / out_dir).resolve()
    target = out_dir / INDEX_NAME
    manifest = Manifest(out_dir)
    if not force:
        check_index(manifest)
    html, thumbs = render_index(config, out_dir, report_or_outputs, errors)
    atomic_write(target, html.encode("utf-8"))
    manifest.own(target, html.encode("utf-8"))
    for thumb in thumbs:
        if not manifest.owns(thumb) and thumb.exists():
            manifest.own(thumb, b"")  # made by this page or by a build's worker
    for stale in (out_dir / THUMBS_DIR).rglob("*.png"):
        if stale not in thumbs and manifest.owns(stale):
            stale.unlink(missing_ok=True)
            manifest.files.pop(stale.relative_to(out_dir).as_posix(), None)
    manifest.save()
    return target
