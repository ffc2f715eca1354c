"""Build: every locale × product through render → typeset → file.

- Incremental: an output whose inputs did not change since it was built is not
  rebuilt (see :mod:`incremental`); ``force`` rebuilds everything.
- Fonts are prepared once (cut down to the project's characters, cached on
  disk; see :mod:`fonts`) and the HTML names the prepared faces.
- HTML is rendered in this process; PDFs are typeset in a pool of worker
  processes (``jobs``, default the number of cores), each importing WeasyPrint
  once. Files are written as they finish, each atomically.
- One broken catalogue does not stop the other locales: their outputs are
  written, and all problems are raised together at the end.

Heavy modules (Jinja, Babel's catalogues, WeasyPrint) are imported only when
something has to be rebuilt, so a no-op build stays well under half a second.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, ProductConfig
from .errors import CatalogueError, ErrorList, GuideError, OutputError
from .files import atomic_write
from .incremental import Inputs, Manifest
from .paths import BUILTIN_TEMPLATES

if TYPE_CHECKING:
    from .messages import Catalogue, Translator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    locale: str
    product: str
    path: Path
    pages: int
    size: int
    fallbacks: tuple[tuple[str | None, str], ...]
    up_to_date: bool = False  # True: not rebuilt, its inputs had not changed


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_mb: float = 0.0  # the largest resident size a typesetting process reached

    @property
    def built(self) -> list[Output]:
        return [output for output in self.outputs if not output.up_to_date]

    def fallbacks(self, locale: str) -> dict[tuple[str | None, str], None]:
        """Messages shown in the source language in this locale, in order, once each."""
        seen: dict[tuple[str | None, str], None] = {}
        for output in self.outputs:
            if output.locale == locale:
                seen.update(dict.fromkeys(output.fallbacks))
        return seen


@dataclass(frozen=True)
class Job:
    """One output to make."""

    locale: str
    product: str
    target: Path


def load_catalogues(config: Config, locales: list[str]) -> tuple[dict[str, Catalogue | None], list[GuideError]]:
    from .messages import read_catalogue

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


def template_dirs(config: Config) -> list[Path]:
    return [config.templates_dir, BUILTIN_TEMPLATES]


def characters(config: Config, codes: list[str]) -> str:
    """Every character the locales ``codes`` can print: content, templates, their catalogues, dates."""
    from babel.dates import format_date

    texts: list[str] = []
    folders = [config.content_dir, *template_dirs(config)]
    for folder in folders:
        if folder.is_dir():
            texts += [p.read_text("utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file()]
    for code in dict.fromkeys([config.source_locale, *codes]):
        path = config.po_path(code)
        if path.is_file():
            texts.append(path.read_text("utf-8", errors="replace"))
        babel = config.locales[code].babel if code in config.locales else code
        texts += [format_date(config.edition, format=f, locale=babel) for f in ("long", "medium", "short")]
    return "".join(sorted(set("".join(texts))))


def font_families(config: Config) -> list[str]:
    from .fonts import stacks_for

    return list(dict.fromkeys(f for locale in stacks_for(config).values() for f in (*locale.sans, *locale.serif)))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build(
    config: Config,
    out: Path | None = None,
    locales: list[str] | None = None,
    products: list[str] | None = None,
    write_html: bool = False,
    progress: Callable[[Output], None] | None = None,
    jobs: int | None = None,
    force: bool = False,
) -> BuildReport:
    """Build what is out of date; return every output. Raises GuideError/ErrorList on problems."""
    from .fonts import check_fonts, fonts_identity

    started = time.perf_counter()
    out = config.root / (out or config.out)
    locales = locales or list(config.locales)
    products = products or list(config.products)
    check_fonts(config)
    report = BuildReport()
    manifest = Manifest(out)
    inputs = Inputs(config, template_dirs(config))
    # The prepared fonts are cut from these faces to characters that the other inputs fix.
    fonts = fonts_identity(font_families(config))
    errors: list[GuideError] = []

    # Plan: which outputs are out of date.
    todo: list[tuple[Job, str]] = []
    for code in locales:
        for name in products:
            job = Job(code, name, out / code / config.products[name].output)
            options = {"product": name, "html": write_html, "product_config": vars(config.products[name])}
            key = inputs.key([code], {**options, "fonts": fonts})
            record = None if force else manifest.current(job.target, key)
            if record is not None and (not write_html or job.target.with_suffix(".html").exists()):
                fallbacks = tuple((context, msgid) for context, msgid in record.fallbacks)
                output = Output(code, name, job.target, record.pages, record.size, fallbacks, up_to_date=True)  # type: ignore[arg-type]
                report.outputs.append(output)
                if progress:
                    progress(output)
                continue
            todo.append((job, key))

    if todo:
        errors += _make(config, todo, manifest, report, write_html, progress, jobs or default_jobs())
    report.seconds = time.perf_counter() - started
    if errors:
        error = errors[0] if len(errors) == 1 else ErrorList(errors)
        error.report = report  # type: ignore[attr-defined]  # so the CLI can show what did build
        raise error
    return report


def _make(
    config: Config,
    todo: list[tuple[Job, str]],
    manifest: Manifest,
    report: BuildReport,
    write_html: bool,
    progress: Callable[[Output], None] | None,
    jobs: int,
) -> list[GuideError]:
    """Render, typeset and write the out-of-date outputs; return the problems."""
    from .content import load_content
    from .fonts import cache_dir, check_coverage, prepare_faces, warn_if_slow_subsetting
    from .render import make_environment, render_html

    warn_if_slow_subsetting()
    guide = load_content(config.content_dir)
    codes = list(dict.fromkeys(job.locale for job, _ in todo))
    catalogues, errors = load_catalogues(config, codes)
    families = font_families(config)
    faces_of = {code: prepare_faces(families, characters(config, [code])) for code in codes}
    env = make_environment(config)
    roots = [config.root, BUILTIN_TEMPLATES, cache_dir()]
    pool = _pool(min(jobs, len(todo)))
    pending = []
    try:
        for job, key in todo:
            faces = faces_of[job.locale]
            if job.locale not in catalogues:
                continue  # its catalogue is broken: reported with the errors
            product = config.products[job.product]
            try:
                html, doc = render_html(
                    env, config, guide, config.locales[job.locale], product, catalogues[job.locale], fonts=faces
                )
                check_policy(config, job.locale, product, doc.translator)
                check_coverage(config, doc.samples, default=config.locales[job.locale])
                if write_html:
                    atomic_write(job.target.with_suffix(".html"), html.encode("utf-8"))
            except GuideError as exc:
                if exc.path is None:
                    exc.path = job.target
                errors.append(exc)
                manifest.forget(job.target)
                continue
            task = (html, config.root, roots, product.max_pages, f"{job.locale} {job.product}")
            fallbacks = tuple(doc.translator.fallbacks)
            if pool is None:
                pending.append((job, key, fallbacks, _Done(_typeset_task(task))))
            else:
                pending.append((job, key, fallbacks, pool.submit(_typeset_task, task)))
        for job, key, fallbacks, future in pending:
            try:
                result = future.result()
            except Exception as exc:  # a worker died (killed, out of memory): not the user's input
                from concurrent.futures.process import BrokenProcessPool

                if not isinstance(exc, BrokenProcessPool):
                    raise
                errors.append(OutputError(f"the process typesetting it stopped ({exc})", path=job.target))
                continue
            if result[0] == "error":
                errors.append(OutputError(result[1], path=job.target, hint=result[2]))
                manifest.forget(job.target)
                continue
            _, pdf, pages, peak_mb = result
            report.worker_peak_mb = max(report.worker_peak_mb, peak_mb)
            try:
                atomic_write(job.target, pdf)
            except GuideError as exc:
                errors.append(exc)
                continue
            manifest.record(job.target, key, pdf, pages, fallbacks)
            output = Output(job.locale, job.product, job.target, pages, len(pdf), fallbacks)
            report.outputs.append(output)
            if progress:
                progress(output)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return errors


class _Done:
    """A result computed in this process, with the interface of a future."""

    def __init__(self, value: tuple) -> None:
        self.value = value

    def result(self) -> tuple:
        return self.value


def _pool(workers: int):  # type: ignore[no-untyped-def]
    """A pool of typesetting processes, or None to typeset here (one job, or --jobs 1)."""
    if workers <= 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start in milliseconds and share the parent's imports; WeasyPrint
    # is imported once per worker (the initializer), not once per document.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_warm_worker)


def _warm_worker() -> None:
    import weasyprint  # noqa: F401


def _typeset_task(task: tuple) -> tuple:
    """Typeset in a worker; errors come back as data (their classes need not pickle)."""
    import resource

    from .typeset import typeset

    try:
        pdf, pages = typeset(*task)
    except GuideError as exc:
        return ("error", exc.message, exc.hint)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ("ok", pdf, pages, peak_mb)
