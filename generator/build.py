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
    import jinja2

    from .content import Guide
    from .fonts import PreparedFace
    from .messages import Catalogue, Translator
    from .render import Document

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
    """One document to typeset, and the sheets imposed from it."""

    locale: str
    product: str
    target: Path
    also: str | None = None  # the second locale of a bilingual copy
    papers: tuple[str, ...] = ()  # sheets imposed from it (a4, letter)

    @property
    def locales(self) -> list[str]:
        return [self.locale, *([self.also] if self.also else [])]

    @property
    def what(self) -> str:
        return f"{self.locale}+{self.also} {self.product}" if self.also else f"{self.locale} {self.product}"

    def sheet(self, paper: str) -> Path:
        from .variants import output_name

        return self.target.with_name(output_name(self.target.name, None, paper))


def plan(config: Config, out: Path, locales: list[str], products: list[str], variants: bool = True) -> list[Job]:
    """Every job: each product in each locale, then its configured bilingual copies, with their sheets."""
    from .variants import jobs, output_name

    return [
        Job(code, name, out / code / output_name(config.products[name].output, v.also), v.also, tuple(v.papers))
        for code, name, v in jobs(config, locales, products, variants)
    ]


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


def render_job(
    config: Config,
    env: jinja2.Environment,
    guide: Guide,
    catalogues: dict[str, Catalogue | None],
    job: Job,
    fonts: list[PreparedFace],
    write_html: bool = False,
) -> tuple[tuple, Document]:
    """Render one job's HTML and check it (safety policy, font coverage); return the typeset task.

    With ``write_html`` the HTML is written beside the PDF first, for debugging (also when
    typesetting then fails).
    """
    from .checkers import gate
    from .fonts import cache_dir, check_coverage
    from .render import fit_levels, render_html

    product = config.products[job.product]
    second = (config.locales[job.also], catalogues[job.also]) if job.also else None
    html, doc = render_html(
        env, config, guide, config.locales[job.locale], product, catalogues[job.locale], fonts=fonts, also=second
    )
    # Tighter fits of the same text, tried in turn when it overflows max_pages (the card's are CSS only).
    locale, catalogue = config.locales[job.locale], catalogues[job.locale]
    fits = [html] + [
        render_html(env, config, guide, locale, product, catalogue, fonts, second, n)[0]
        for n in range(1, fit_levels(html))
    ]
    check_policy(config, job.locale, product, doc.translator)
    gate(config, job.locale, doc.translator, job.what)  # what guide check calls an error
    if job.also and doc.also is not None:
        check_policy(config, job.also, product, doc.also.translator)
        gate(config, job.also, doc.also.translator, job.what)
    check_coverage(config, doc.samples, default=config.locales[job.locale])
    if write_html:
        atomic_write(job.target.with_suffix(".html"), html.encode("utf-8"))
    roots = [config.root, BUILTIN_TEMPLATES, cache_dir()]
    return (tuple(fits), config.root, roots, product.max_pages, job.what, job.papers, job.also is None), doc


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
    """One product in one locale (bilingual with ``also``), typeset here: its PDF, pages and document."""
    from .fonts import prepare_faces

    job = Job(code, name, html_target or config.root / "unused.pdf", also)
    fonts = prepare_faces(font_families(config), characters(config, job.locales))
    task, doc = render_job(config, env, guide, catalogues, job, fonts, write_html=html_target is not None)
    result = _typeset_task((*task[:-2], (), False))  # no sheets, no thumbnail
    if result[0] == "error":
        _, message, hint, path, line = result
        raise OutputError(message, path=path, line=line, hint=hint)
    return result[1], result[2], doc


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
    variants: bool = True,
) -> BuildReport:
    """Build what is out of date; return every output. Raises GuideError/ErrorList on problems.

    ``variants``: also the bilingual copies and sheets the products list in guide.toml.
    """
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

    # Plan: which jobs are out of date (a job is current when its PDF and every sheet are).
    todo: list[tuple[Job, str]] = []
    for job in plan(config, out, locales, products, variants):
        options = {"product": vars(config.products[job.product]), "papers": job.papers, "html": write_html}
        key = inputs.key(job.locales, {**options, "fonts": fonts})
        targets = [job.target, *(job.sheet(paper) for paper in job.papers)]
        records = [None if force else manifest.current(target, key) for target in targets]
        html_missing = write_html and not job.target.with_suffix(".html").exists()
        if any(record is None for record in records) or html_missing:
            todo.append((job, key))
            continue
        for target, record in zip(targets, records, strict=True):
            assert record is not None
            fallbacks = tuple((context, msgid) for context, msgid in record.fallbacks)
            output = Output(job.locale, job.product, target, record.pages, record.size, fallbacks, True)  # type: ignore[arg-type]
            report.outputs.append(output)
            if progress:
                progress(output)

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
    """Render, typeset, impose and write the out-of-date jobs; return the problems."""
    from concurrent.futures.process import BrokenProcessPool

    from .content import check_locales, load_content
    from .fonts import prepare_faces, warn_if_slow_subsetting
    from .render import make_environment
    from .thumbs import thumb_path

    warn_if_slow_subsetting()
    pool = _pool(min(jobs, len(todo)))
    pending = []
    try:
        if pool is not None:
            pool.submit(int)  # starts the workers now: they import WeasyPrint while this process renders
        guide = load_content(config.content_dir)
        check_locales(guide, list(config.locales))
        codes = list(dict.fromkeys(code for job, _ in todo for code in job.locales))
        catalogues, errors = load_catalogues(config, codes)
        families = font_families(config)
        faces: dict[tuple[str, ...], list[PreparedFace]] = {}
        env = make_environment(config)
        # The longest documents first, so that no worker is left with one at the end: the pages an
        # output had last time, or a guess (a product without a page limit is long).
        todo = sorted(todo, key=lambda item: -_cost(config, manifest, item[0]))
        for job, key in todo:
            if any(code not in catalogues for code in job.locales):
                continue  # a catalogue is broken: reported with the errors
            if tuple(job.locales) not in faces:
                faces[tuple(job.locales)] = prepare_faces(families, characters(config, job.locales))
            try:
                task, doc = render_job(config, env, guide, catalogues, job, faces[tuple(job.locales)], write_html)
            except GuideError as exc:
                if exc.path is None:
                    exc.path = job.target
                errors.append(exc)
                manifest.forget(job.target)
                continue
            fallbacks = tuple(doc.translator.fallbacks)
            try:
                future = _Done(_typeset_task(task)) if pool is None else pool.submit(_typeset_task, task)
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                errors.append(OutputError(f"the process typesetting it stopped ({exc})", path=job.target))
                continue
            pending.append((job, key, fallbacks, future))
        for job, key, fallbacks, future in pending:
            try:
                result = future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): not the user's input
                errors.append(OutputError(f"the process typesetting it stopped ({exc})", path=job.target))
                continue
            if result[0] == "error":
                _, message, hint, path, line = result
                errors.append(OutputError(message, path=path or job.target, line=line, hint=hint))
                manifest.forget(job.target)
                continue
            _, pdf, pages, sheets, thumbs, peak_mb = result
            report.worker_peak_mb = max(report.worker_peak_mb, peak_mb)
            files = [(job.target, pdf, pages), *((job.sheet(paper), data, sides) for paper, data, sides in sheets)]
            for (target, data, count), thumb in zip(files, thumbs, strict=True):
                try:
                    atomic_write(target, data)
                    if thumb is not None:
                        atomic_write(thumb_path(manifest.out, target, data), thumb)
                except GuideError as exc:
                    errors.append(exc)
                    break
                manifest.record(target, key, data, count, fallbacks)
                output = Output(job.locale, job.product, target, count, len(data), fallbacks)
                report.outputs.append(output)
                if progress:
                    progress(output)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return errors


def _cost(config: Config, manifest: Manifest, job: Job) -> int:
    record = manifest.records.get(job.target.relative_to(manifest.out).as_posix())
    if record is not None:
        return record.pages
    return 100 if config.products[job.product].max_pages is None else 2


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
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start in milliseconds and share the parent's imports. Forking a process
    # with other threads (guide serve) can copy a held lock and hang the child: then forkserver.
    # Either way WeasyPrint is imported once per worker (the initializer), not once per document.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    parent = os.getpid() if method == "fork" else None  # a forkserver's workers are its children
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker, initargs=(parent,))


def _warm_worker(parent: int | None) -> None:
    import signal
    import sys

    # The build (the parent) handles Ctrl-C and SIGTERM and stops the pool; a worker that
    # inherited the CLI's handlers would print its own "Stopped" and a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        # Die with the build: a killed `guide build` must not leave workers behind, holding its
        # output pipes open.
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if parent is not None and os.getppid() != parent:  # the build died before the line above
            os._exit(1)
    # What every task needs, imported while the build still loads content and renders HTML
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401
    import weasyprint  # noqa: F401


def _typeset_task(task: tuple) -> tuple:
    """Typeset one document and impose its sheets (in a worker); errors come back as data,
    since their classes need not pickle."""
    import resource

    from .impose import impose
    from .thumbs import thumbnail
    from .typeset import typeset

    html, base, roots, max_pages, what, papers, preview = task
    try:
        pdf, pages = typeset(html, base, roots, max_pages, what, pdf_forms=True)
        sheets = []
        for paper in papers:
            imposed = impose(pdf, paper)
            sheets.append((paper, imposed.pdf, imposed.sides))
    except GuideError as exc:
        return ("error", exc.message, exc.hint, exc.path, exc.line)
    # The index page's picture of a product (not of its variants), made here in parallel
    thumbs = [thumbnail(pdf) if preview else None] + [None] * len(sheets)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ("ok", pdf, pages, sheets, thumbs, peak_mb)
