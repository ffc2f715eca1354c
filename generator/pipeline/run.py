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
  written, and all problems are raised together at the end, as one
  :class:`BuildFailed` that also holds what did build.
- A document over its ``max_pages`` is rendered in its product's next fit and
  typeset again (see :mod:`.fits`).

Heavy modules (Jinja, Babel's catalogues, WeasyPrint) are imported only when
something has to be rebuilt, so a no-op build stays well under half a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from typing import NamedTuple

from ..config import CARD, NO_QUESTIONS, Config
from ..errors import CatalogueError, ContentError, ErrorList, GuideError, OutputError
from ..files import atomic_write
from ..fonts import check_fonts, warn_if_slow_subsetting
from . import fits
from .incremental import Manifest, manifest_name
from .inputs import Inputs
from .outputs import BuildFailed, BuildReport, Output, check_out, check_ownership, keep_changed
from .plan import BuildOptions, Job, load_catalogues, plan
from .policy import name_the_message
from .rendering import Rendered, Renderer, next_fit, render_job
from .thumbs import thumb_path
from .workers import TypesetResult, default_jobs, started_pool, submit


class Finished(NamedTuple):
    """One job through rendering and typesetting: its result, or the problem that stopped it."""

    job: Job
    result: TypesetResult | None = None  # None: see error
    error: GuideError | None = None
    rendered: Rendered | None = None  # None: it stopped before it was typeset


def execute(
    renderer: Renderer, jobs: list[Job], pool: Executor | None, write_html: bool = False, thumbnails: bool = False
) -> Iterator[Finished]:
    """Render every job here and typeset it in ``pool`` (or here, without one); yield each as it is done.

    A job that runs over its pages is rendered in its next fit and typeset again. A job whose
    catalogue could not be read is left out (the caller reports that catalogue). A problem has the
    job's target as its file when it names none. ``thumbnails``: of the plain (not bilingual)
    documents, for the index page.
    """
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
        yield from _submit(pool, job, rendered, pending)
    while pending:  # as they finish (not in the order submitted): a short card is on disk before a long guide
        finished = wait(pending, return_when=FIRST_COMPLETED).done
        for future in [f for f in pending if f in finished]:  # without a pool: in the order submitted
            job, rendered = pending.pop(future)
            outcome = _outcome(renderer, job, rendered, future)
            if isinstance(outcome, Finished):
                yield outcome
            else:
                yield from _submit(pool, job, outcome, pending)


def _submit(
    pool: Executor | None, job: Job, rendered: Rendered, pending: dict[Future[TypesetResult], tuple[Job, Rendered]]
) -> Iterator[Finished]:
    try:
        pending[submit(pool, rendered.task)] = (job, rendered)
    except BrokenExecutor as exc:  # a worker died (killed, out of memory)
        yield Finished(job, error=_stopped(job, exc), rendered=rendered)


def _outcome(renderer: Renderer, job: Job, rendered: Rendered, future: Future[TypesetResult]) -> Finished | Rendered:
    """A typeset job finished, or (it ran over its pages) the job in its next fit, to typeset next."""
    from ..typeset import TooLong  # lazy: see workers.typeset_task

    try:
        result = future.result()  # raises what the worker raised, as itself
    except BrokenExecutor as exc:  # a worker died: not the user's input
        return Finished(job, error=_stopped(job, exc), rendered=rendered)
    except TooLong as over:
        try:
            return next_fit(renderer, job, rendered, over)
        except GuideError as exc:
            return Finished(job, error=_located(exc, job), rendered=rendered)
    except GuideError as exc:
        return Finished(job, error=_located(name_the_message(exc, rendered.doc), job), rendered=rendered)
    if rendered.fit != rendered.start:
        fits.remember(rendered.first, rendered.task.how.max_pages, fits.Fit(rendered.fit, rendered.task.html))
    return Finished(job, result, rendered=rendered)


def _located(error: GuideError, job: Job) -> GuideError:
    """``error``, each of its problems that names no file naming the job's target."""
    problems = [problem if problem.path else problem.but(path=job.target) for problem in error.each()]
    return problems[0] if len(problems) == 1 else ErrorList(problems)


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
    options: BuildOptions | None = None,
    progress: Callable[[Output], None] | None = None,
    pool: Executor | None = None,
) -> BuildReport:
    """Build what ``options`` ask for (default: everything) and is out of date; return every output.

    ``progress`` is told of each output as it is written (or found up to date). ``pool``: typeset in
    these (already warm) worker processes instead of a pool of this build's own; ``guide serve`` keeps
    one for all its rebuilds. It is not shut down.

    A problem found before anything is built (the output folder, the fonts) is raised as itself;
    problems met while building are raised together, with what did build, as :class:`BuildFailed`.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    out = check_out(config, options.out or config.out)
    check_fonts(config)
    report = BuildReport()
    manifest = Manifest(out, manifest_name(options.shard))
    todo = _out_of_date(config, plan(config, out, options), manifest, report, options, progress)
    errors = _make(config, todo, manifest, report, options, progress, pool) if todo else []
    if CARD in options.products and NO_QUESTIONS in report.notes:  # asked for by name: a failure, not a note
        hint = "add a questions block to a section, or build without --product card"
        errors.append(ContentError("no questions block, so there is no card", path=config.content_dir, hint=hint))
    report.seconds = time.perf_counter() - started
    if errors:
        raise BuildFailed(report, errors)
    return report


def _out_of_date(
    config: Config,
    planned: list[Job],
    manifest: Manifest,
    report: BuildReport,
    options: BuildOptions,
    progress: Callable[[Output], None] | None,
) -> list[_Todo]:
    """The jobs to make (a job is current when its PDF and every sheet are); the current ones reported."""
    write_html, force = options.write_html, options.force
    inputs = Inputs(config)  # the one list: generator, project, installed fonts
    todo: list[_Todo] = []
    for job in planned:
        made = {"product": vars(config.products[job.product]), "papers": job.papers, "html": write_html}
        key = inputs.key(job.locales, made)
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
    options: BuildOptions,
    progress: Callable[[Output], None] | None,
    shared_pool: Executor | None = None,
) -> list[GuideError]:
    """Render, typeset, impose and write the out-of-date jobs; return the problems."""
    warn_if_slow_subsetting()
    keys = {item.job: item.key for item in todo}
    with started_pool(min(options.jobs or default_jobs(), len(todo)), shared_pool) as pool:
        loaded = load_catalogues(config, list(dict.fromkeys(code for job in keys for code in job.locales)))
        errors = list(loaded.errors)
        renderer = Renderer.load(config, loaded.found)
        # The longest documents first, so that no worker is left with one at the end.
        jobs = sorted(keys, key=lambda job: -_cost(config, manifest, job))
        if CARD in {job.product for job in jobs} and renderer.guide.section_with("questions") is None:
            jobs = [job for job in jobs if job.product != CARD]
            report.notes.append(NO_QUESTIONS)
        for done in execute(renderer, jobs, pool, options.write_html, thumbnails=True):
            if options.write_html and done.rendered is not None:  # the HTML of fit 0, written beside it
                manifest.own(done.job.target.with_suffix(".html"), done.rendered.first.encode("utf-8"))
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
