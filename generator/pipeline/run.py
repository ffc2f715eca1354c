"""Running a plan: render each job's HTML here, typeset it in the workers, write what comes back.

One path for every command: :func:`execute` renders and typesets a list of jobs and yields each
as it finishes; :func:`build` (``guide build``, and every rebuild of ``guide serve``) runs the
out-of-date jobs of a plan through it and writes and records their files; :func:`make_pdf`
(``guide card``) runs one job through it and leaves the writing to its caller.

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

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import CARD, NO_QUESTIONS, Config
from ..errors import CatalogueError, ContentError, ErrorList, GuideError, OutputError
from ..files import atomic_write
from .incremental import Manifest, manifest_name
from .inputs import Inputs
from .outputs import BuildReport, Output, check_out, check_ownership, keep_changed
from .plan import (
    Job,
    Shard,
    characters,
    font_families,
    load_catalogues,
    plan,
    shard_of,
)
from .policy import check_policy, name_the_message
from .workers import TypesetResult, TypesetTask, default_jobs, started_pool, submit

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    import jinja2

    from ..content import Guide
    from ..fonts import PreparedFace
    from ..messages import Catalogue
    from ..render import Document


class Rendered(NamedTuple):
    """A job's HTML, ready for a worker, and the document it was rendered from (its messages)."""

    task: TypesetTask
    doc: Document


class Finished(NamedTuple):
    """One job through rendering and typesetting: its result, or the problem that stopped it."""

    job: Job
    result: TypesetResult | None = None  # None: see error
    error: GuideError | None = None
    rendered: Rendered | None = None  # None: it stopped before it was typeset


@dataclass
class Renderer:
    """What rendering any job needs, loaded once: the content, catalogues, Jinja environment, fonts."""

    config: Config
    guide: Guide
    catalogues: dict[str, Catalogue | None]
    env: jinja2.Environment
    faces: dict[tuple[str, ...], list[PreparedFace]] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Config, catalogues: dict[str, Catalogue | None]) -> Renderer:
        from ..content import check_locales, load_content
        from ..render import make_environment

        guide = load_content(config.content_dir)
        check_locales(guide, list(config.locales))
        return cls(config, guide, catalogues, make_environment(config))

    def fonts(self, job: Job) -> list[PreparedFace]:
        """The faces a job's locales print with, cut down to their characters (once per set of locales)."""
        from ..fonts import prepare_faces

        codes = tuple(job.locales)
        if codes not in self.faces:
            self.faces[codes] = prepare_faces(font_families(self.config), characters(self.config, job.locales))
        return self.faces[codes]


def render_job(renderer: Renderer, job: Job, write_html: bool = False, thumbnail: bool = False) -> Rendered:
    """Render one job's HTML and check it (safety policy, font coverage): its typeset task.

    With ``write_html`` the HTML is written beside the PDF first, for debugging (also when
    typesetting then fails).
    """
    from ..fonts import cache_dir, check_coverage
    from ..paths import BUILTIN_TEMPLATES
    from ..render import fit_levels, render_html

    config, catalogues = renderer.config, renderer.catalogues
    product, locale, catalogue = config.products[job.product], config.locales[job.locale], catalogues[job.locale]
    second = (config.locales[job.also], catalogues[job.also]) if job.also else None
    fonts = renderer.fonts(job)
    html, doc = render_html(renderer.env, config, renderer.guide, locale, product, catalogue, fonts=fonts, also=second)
    # Tighter fits of the same text, tried in turn when it overflows max_pages (the card's are CSS only).
    fits = [html] + [
        render_html(renderer.env, config, renderer.guide, locale, product, catalogue, fonts, second, n)[0]
        for n in range(1, fit_levels(html))
    ]
    check_policy(config, job, doc)
    check_coverage(config, doc.samples, default=locale)
    if write_html:
        atomic_write(job.target.with_suffix(".html"), html.encode("utf-8"))
    roots = (config.root, BUILTIN_TEMPLATES, cache_dir())
    task = TypesetTask(tuple(fits), config.root, roots, product.max_pages, job.what, job.papers, thumbnail)
    return Rendered(task, doc)


def execute(
    renderer: Renderer, jobs: list[Job], pool: Executor | None, write_html: bool = False, thumbnails: bool = False
) -> Iterator[Finished]:
    """Render every job here and typeset it in ``pool`` (or here, without one); yield each as it is done.

    A job whose catalogue could not be read is left out (the caller reports that catalogue). A
    problem has the job's target as its file when it names none. ``thumbnails``: of the plain
    (not bilingual) documents, for the index page.
    """
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending: dict[Future[TypesetResult], tuple[Job, Rendered]] = {}
    for job in jobs:
        if any(code not in renderer.catalogues for code in job.locales):
            continue
        renderer.fonts(job)  # not one job's problem: a font cache that cannot be written stops the build
        try:
            rendered = render_job(renderer, job, write_html, thumbnails and job.also is None)
        except GuideError as exc:
            yield Finished(job, error=_located(exc, job))
            continue
        try:
            pending[submit(pool, rendered.task)] = (job, rendered)
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
            yield Finished(job, error=_stopped(job, exc), rendered=rendered)
    # As they finish (not in the order submitted): a short card is on disk before a long guide.
    for future in as_completed(pending) if pool is not None else list(pending):
        job, rendered = pending[future]
        try:
            result = future.result()  # raises what the worker raised, as itself
        except BrokenProcessPool as exc:  # a worker died: not the user's input
            yield Finished(job, error=_stopped(job, exc), rendered=rendered)
        except GuideError as exc:
            yield Finished(job, error=_located(name_the_message(exc, rendered.doc), job), rendered=rendered)
        else:
            yield Finished(job, result, rendered=rendered)


def _located(error: GuideError, job: Job) -> GuideError:
    if error.path is None:
        error.path = job.target
    return error


def _stopped(job: Job, exc: Exception) -> OutputError:
    return OutputError(f"the process typesetting it stopped ({exc})", path=job.target)


def make_pdf(renderer: Renderer, job: Job, pool: Executor | None = None) -> TypesetResult:
    """One job, typeset in ``pool`` if given (a worker started early has imported WeasyPrint while
    this process rendered the HTML), else here; no thumbnail. Raises what stopped it."""
    for done in execute(renderer, [job], pool):
        if done.error is not None:
            raise done.error
        assert done.result is not None  # a Finished holds a result or an error
        return done.result
    raise CatalogueError(f"{job.what}: not built, a catalogue it prints could not be read")


class _Todo(NamedTuple):
    job: Job
    key: str  # its inputs' key in the build record


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
    shard: Shard | None = None,
    pool: Executor | None = None,
) -> BuildReport:
    """Build what is out of date; return every output. Raises GuideError/ErrorList on problems.

    ``variants``: also the bilingual copies and sheets the products list in guide.toml.
    ``shard`` (i, n): only part i of n of the plan (see :func:`shard_of`), recorded on its own.
    ``pool``: typeset in these (already warm) worker processes instead of a pool of this build's own;
    ``guide serve`` keeps one for all its rebuilds. It is not shut down.
    """
    from ..fonts import check_fonts

    started = time.perf_counter()
    out = check_out(config, out or config.out)
    check_fonts(config)
    report = BuildReport()
    manifest = Manifest(out, manifest_name(shard))
    everything = plan(config, out, locales or list(config.locales), products or list(config.products), variants)
    planned = shard_of(everything, shard)
    todo = _out_of_date(config, planned, manifest, report, write_html, force, progress)
    errors: list[GuideError] = []
    if todo:
        errors = _make(config, todo, manifest, report, write_html, progress, jobs or default_jobs(), pool)
    if products and CARD in products and NO_QUESTIONS in report.notes:  # asked for by name: a failure, not a note
        hint = "add a questions block to a section, or build without --product card"
        errors.append(ContentError("no questions block, so there is no card", path=config.content_dir, hint=hint))
    report.seconds = time.perf_counter() - started
    if errors:
        error = errors[0] if len(errors) == 1 else ErrorList(errors)
        error.report = report  # so the CLI can show what did build
        raise error
    return report


def _out_of_date(
    config: Config,
    planned: list[Job],
    manifest: Manifest,
    report: BuildReport,
    write_html: bool,
    force: bool,
    progress: Callable[[Output], None] | None,
) -> list[_Todo]:
    """The jobs to make (a job is current when its PDF and every sheet are); the current ones reported."""
    inputs = Inputs(config)  # the one list: generator, project, installed fonts
    todo: list[_Todo] = []
    for job in planned:
        options = {"product": vars(config.products[job.product]), "papers": job.papers, "html": write_html}
        key = inputs.key(job.locales, options)
        targets = [job.target, *(job.sheet(paper) for paper in job.papers)]
        records = [None if force else manifest.current(target, key) for target in targets]
        html_missing = write_html and not job.target.with_suffix(".html").exists()
        if not force:
            check_ownership(manifest, targets + ([job.target.with_suffix(".html")] if write_html else []))
        if html_missing or any(record is None for record in records):
            todo.append(_Todo(job, key))
            continue
        for target, record in zip(targets, records, strict=True):
            assert record is not None
            output = Output(job.locale, job.product, target, record.pages, record.size, record.message_keys(), True)
            report.outputs.append(output)
            if progress:
                progress(output)
    return todo


def _make(
    config: Config,
    todo: list[_Todo],
    manifest: Manifest,
    report: BuildReport,
    write_html: bool,
    progress: Callable[[Output], None] | None,
    workers: int,
    shared_pool: Executor | None = None,
) -> list[GuideError]:
    """Render, typeset, impose and write the out-of-date jobs; return the problems."""
    from ..fonts import warn_if_slow_subsetting

    warn_if_slow_subsetting()
    keys = {item.job: item.key for item in todo}
    with started_pool(min(workers, len(todo)), shared_pool) as pool:
        loaded = load_catalogues(config, list(dict.fromkeys(code for job in keys for code in job.locales)))
        errors = list(loaded.errors)
        renderer = Renderer.load(config, loaded.found)
        # The longest documents first, so that no worker is left with one at the end.
        jobs = sorted(keys, key=lambda job: -_cost(config, manifest, job))
        if CARD in {job.product for job in jobs} and renderer.guide.section_with("questions") is None:
            jobs = [job for job in jobs if job.product != CARD]
            report.notes.append(NO_QUESTIONS)
        for done in execute(renderer, jobs, pool, write_html, thumbnails=True):
            if write_html and done.rendered is not None:  # the HTML of its first fit, written beside it
                manifest.own(done.job.target.with_suffix(".html"), done.rendered.task.fits[0].encode("utf-8"))
            if done.error is not None:
                errors.append(done.error)
                manifest.forget(done.job.target)
            else:
                errors += _write(done, keys[done.job], manifest, report, progress)
    return errors


def _write(
    done: Finished, key: str, manifest: Manifest, report: BuildReport, progress: Callable[[Output], None] | None
) -> list[GuideError]:
    """Write a finished job's PDF, its sheets and thumbnail, and record each; return the problem, if any."""
    from .thumbs import thumb_path

    job, result = done.job, done.result
    assert result is not None and done.rendered is not None  # a finished job without an error
    report.worker_peak_mb = max(report.worker_peak_mb, result.peak_mb)
    fallbacks = tuple(done.rendered.doc.translator.fallbacks)
    files = [(job.target, result.pdf, result.pages), *((job.sheet(s.paper), s.pdf, s.sides) for s in result.sheets)]
    for target, data, count in files:
        try:
            kept = keep_changed(manifest, target)  # a card the user filled in and saved is theirs
            atomic_write(target, data)
            if target == job.target and result.thumbnail is not None:
                atomic_write(thumb_path(manifest.out, target, data), result.thumbnail)
                manifest.own(thumb_path(manifest.out, target, data), result.thumbnail)
        except GuideError as exc:
            return [exc]
        manifest.record(target, key, data, count, fallbacks)
        output = Output(job.locale, job.product, target, count, len(data), fallbacks, kept=kept)
        report.outputs.append(output)
        if progress:
            progress(output)
    return []


def _cost(config: Config, manifest: Manifest, job: Job) -> int:
    """The pages an output had last time, or a guess (a product without a page limit is long)."""
    record = manifest.records.get(job.target.relative_to(manifest.out).as_posix())
    if record is not None:
        return record.pages
    return 100 if config.products[job.product].max_pages is None else 2
