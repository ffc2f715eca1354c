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

from .checkers import gate
from .config import Config, ProductConfig
from .content import load_content
from .errors import CatalogueError, ErrorList, GuideError
from .files import atomic_write
from .fonts import check_coverage, check_fonts
from .messages import Catalogue, Translator, read_catalogue
from .render import BUILTIN_TEMPLATES, make_environment, render_html
from .typeset import typeset

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


def build(
    config: Config,
    out: Path | None = None,
    locales: list[str] | None = None,
    products: list[str] | None = None,
    write_html: bool = False,
    progress: Callable[[Output], None] | None = None,
) -> BuildReport:
    """Build the PDFs; return what was written. Raises GuideError/ErrorList on problems."""
    started = time.perf_counter()
    out = config.root / (out or config.out)
    locales = locales or list(config.locales)
    products = products or list(config.products)
    guide = load_content(config.content_dir)
    check_fonts(config)
    catalogues, errors = load_catalogues(config, locales)
    env = make_environment(config)
    roots = [config.root, BUILTIN_TEMPLATES]
    report = BuildReport()
    for code in locales:
        if code not in catalogues:
            continue  # its catalogue is broken: reported below
        for name in products:
            product = config.products[name]
            target = out / code / product.output
            try:
                html, doc = render_html(env, config, guide, config.locales[code], product, catalogues[code])
                check_policy(config, code, product, doc.translator)
                gate(config, code, doc.translator, f"{code} {name}")  # what guide check calls an error
                check_coverage(config, doc.samples, default=config.locales[code])
                if write_html:
                    atomic_write(target.with_suffix(".html"), html.encode("utf-8"))
                pdf, pages = typeset(html, config.root, roots, product.max_pages, f"{code} {name}")
                atomic_write(target, pdf)
            except GuideError as exc:
                if exc.path is None:
                    exc.path = target
                errors.append(exc)
                continue
            output = Output(code, name, target, pages, len(pdf), tuple(doc.translator.fallbacks))
            report.outputs.append(output)
            if progress:
                progress(output)
    report.seconds = time.perf_counter() - started
    if errors:
        error = errors[0] if len(errors) == 1 else ErrorList(errors)
        error.report = report  # type: ignore[attr-defined]  # so the CLI can show what did build
        raise error
    return report
