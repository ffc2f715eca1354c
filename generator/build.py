"""Build: every locale × product through render → typeset → file.

One broken catalogue does not stop the other locales: their outputs are
written, and all problems are raised together at the end.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .config import Config, ProductConfig
from .content import Guide, load_content
from .errors import CatalogueError, ErrorList, GuideError
from .files import atomic_write
from .fonts import check_coverage, check_fonts
from .impose import impose
from .messages import Catalogue, Translator, read_catalogue
from .render import BUILTIN_TEMPLATES, Document, make_environment, render_html
from .typeset import typeset
from .variants import jobs, output_name, second_locales

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    locale: str
    product: str
    path: Path
    pages: int
    size: int
    fallbacks: tuple[tuple[str | None, str], ...]


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0

    def fallbacks(self, locale: str) -> dict[tuple[str | None, str], None]:
        """Messages shown in the source language in this locale, in order, once each."""
        seen: dict[tuple[str | None, str], None] = {}
        for output in self.outputs:
            if output.locale == locale:
                seen.update(dict.fromkeys(output.fallbacks))
        return seen


def load_catalogues(config: Config, locales: list[str]) -> tuple[dict[str, Catalogue | None], list[GuideError]]:
    catalogues: dict[str, Catalogue | None] = {}
    errors: list[GuideError] = []
    for code in locales:
        path = config.po_path(code)
        if code == config.source_locale and not path.exists():
            catalogues[code] = None  # the source needs no catalogue
            continue
        try:
            catalogues[code] = read_catalogue(path, code)
        except GuideError as exc:
            errors.append(exc)
    return catalogues, errors


def check_policy(config: Config, code: str, product: ProductConfig, translator: Translator) -> None:
    """Refuse a document that would print safety information untranslated, or too little translated."""
    path = config.po_path(code)
    critical = list(translator.critical_fallbacks)
    if critical:
        names = ", ".join(context or msgid for context, msgid in critical[:3]) + (" ..." if len(critical) > 3 else "")
        raise CatalogueError(
            f"{code} {product.name} not built: {len(critical)} safety-critical message(s) "
            f"untranslated or fuzzy: {names}",
            path=path,
            line=translator.line_of(critical[0]),
            hint="translate them (guide check lists them), then build again",
        )
    share = translator.share_translated
    if share < product.min_translated:
        raise CatalogueError(
            f"{code} {product.name} not built: {share:.0f}% of its messages are translated, "
            f"the minimum is {product.min_translated:.0f}%",
            path=path,
            hint=f"translate more, or lower products.{product.name}.min_translated in guide.toml",
        )


def make_pdf(
    config: Config,
    env: jinja2.Environment,
    guide: Guide,
    catalogues: dict[str, Catalogue | None],
    code: str,
    name: str,
    also: str | None = None,
    html_target: Path | None = None,
) -> tuple[bytes, int, Document]:
    """One product in one locale (bilingual with ``also``): its PDF, pages and document state.

    ``html_target``: where to write the HTML first, for debugging (also when typesetting fails).
    """
    product = config.products[name]
    second = (config.locales[also], catalogues[also]) if also else None
    html, doc = render_html(env, config, guide, config.locales[code], product, catalogues[code], also=second)
    check_policy(config, code, product, doc.translator)
    if also and doc.also is not None:
        check_policy(config, also, product, doc.also.translator)
    check_coverage(config, doc.samples, default=config.locales[code])
    if html_target is not None:
        atomic_write(html_target, html.encode("utf-8"))
    max_pages = product.max_pages * (2 if also else 1) if product.max_pages else None
    what = f"{code}+{also} {name}" if also else f"{code} {name}"
    pdf, pages = typeset(html, config.root, [config.root, BUILTIN_TEMPLATES], max_pages, what, pdf_forms=True)
    return pdf, pages, doc


def build(
    config: Config,
    out: Path | None = None,
    locales: list[str] | None = None,
    products: list[str] | None = None,
    write_html: bool = False,
    progress: Callable[[Output], None] | None = None,
    variants: bool = True,
) -> BuildReport:
    """Build the PDFs; return what was written. Raises GuideError/ErrorList on problems.

    ``variants``: also the bilingual copies and sheets the products list in guide.toml.
    """
    started = time.perf_counter()
    out = config.root / (out or config.out)
    locales = locales or list(config.locales)
    products = products or list(config.products)
    guide = load_content(config.content_dir)
    check_fonts(config)
    work = jobs(config, locales, products, variants)
    catalogues, errors = load_catalogues(config, list(dict.fromkeys([*locales, *second_locales(config, work)])))
    env = make_environment(config)
    report = BuildReport()
    for code, name, variant in work:
        if code not in catalogues or (variant.also and variant.also not in catalogues):
            continue  # a catalogue is broken: reported below
        product = config.products[name]
        target = out / code / output_name(product.output, variant.also)
        try:
            html_target = target.with_suffix(".html") if write_html else None
            pdf, pages, doc = make_pdf(config, env, guide, catalogues, code, name, variant.also, html_target)
            atomic_write(target, pdf)
            written = [(target, pages, len(pdf))]
            for paper in variant.papers:
                sheets = impose(pdf, paper)
                sheet_target = out / code / output_name(product.output, variant.also, paper)
                atomic_write(sheet_target, sheets.pdf)
                written.append((sheet_target, sheets.sides, len(sheets.pdf)))
        except GuideError as exc:
            if exc.path is None:
                exc.path = target
            errors.append(exc)
            continue
        for path, count, size in written:
            output = Output(code, name, path, count, size, tuple(doc.translator.fallbacks))
            report.outputs.append(output)
            if progress:
                progress(output)
    report.seconds = time.perf_counter() - started
    if errors:
        error = errors[0] if len(errors) == 1 else ErrorList(errors)
        error.report = report  # type: ignore[attr-defined]  # so the CLI can show what did build
        raise error
    return report
