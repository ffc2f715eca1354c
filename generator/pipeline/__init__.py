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

from ..config import CARD, NO_QUESTIONS, Config, ProductConfig
from ..errors import CatalogueError, ErrorList, GuideError, OutputError
from ..files import atomic_write
from ..paths import BUILTIN_TEMPLATES
from .incremental import Inputs, Manifest, manifest_name

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import jinja2

    from ..content import Guide
    from ..fonts import PreparedFace
    from ..messages import Catalogue, Translator
    from ..render import Document

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
    notes: list[str] = field(default_factory=list)  # what was left out on purpose, said once

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


def shard_of(jobs: list[Job], shard: tuple[int, int] | None) -> list[Job]:
    """Part ``i`` of ``n`` of the plan: every n-th job, by the plan's fixed order, so that the parts of
    a CI matrix are disjoint and together the whole build."""
    if shard is None:
        return jobs
    index, count = shard
    return [job for position, job in enumerate(jobs) if position % count == index - 1]


def recorded_outputs(config: Config, out: Path) -> list[Output]:
    """The outputs every build into ``out`` recorded (all shards): what ``guide index`` lists."""
    from .incremental import all_records

    def product(name: str) -> str:
        stems = {Path(p.output).stem: n for n, p in config.products.items()}
        return next((n for stem, n in stems.items() if Path(name).name.startswith(stem)), "")

    return [
        Output(
            name.split("/")[0],
            product(name),
            out / name,
            record.pages,
            record.size,
            tuple((context, msgid) for context, msgid in record.fallbacks),
            up_to_date=True,
        )
        for name, record in all_records(out).items()
    ]


def load_catalogues(config: Config, locales: list[str]) -> tuple[dict[str, Catalogue | None], list[GuideError]]:
    from ..messages import read_catalogue

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
    """Every character the locales ``codes`` can print: content, templates, their catalogues (the project's
    and the generator's own), dates."""
    from babel.dates import format_date

    from ..messages import generator_catalogue

    texts: list[str] = []
    folders = [config.content_dir, *template_dirs(config)]
    for folder in folders:
        if folder.is_dir():
            texts += [text for p in sorted(folder.rglob("*")) if p.is_file() and (text := _text_or_none(p)) is not None]
    for code in dict.fromkeys([config.source_locale, *codes]):
        path = config.po_path(code)
        if path.is_file():
            texts.append(path.read_text("utf-8", errors="replace"))
        shipped = generator_catalogue(code)  # the templates' own words ("Clinic", "Page 1 of 4")
        if shipped is not None:
            texts += [message.msgstr for message in shipped.entries.values()]
        babel = config.locales[code].babel if code in config.locales else code
        texts += [format_date(config.edition, format=f, locale=babel) for f in ("long", "medium", "short")]
    return "".join(sorted(set("".join(texts))))


def _text_or_none(path: Path) -> str | None:
    """A file's text, or None for a binary file (a font in templates/ holds no characters to print)."""
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        return None


def font_families(config: Config) -> list[str]:
    from ..fonts import stacks_for

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
    from ..fonts import cache_dir, check_coverage
    from ..messages import gate
    from ..render import fit_levels, render_html

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
    guide: Guide,
    catalogues: dict[str, Catalogue | None],
    code: str,
    name: str,
    also: str | None = None,
    pool: Executor | None = None,
    paper: str | None = None,
) -> tuple[bytes, int, Document]:
    """One product in one locale (bilingual with ``also``): its PDF, pages and document; with
    ``paper``, that paper's PDF (a sheet or the press PDF) and its pages or sides.

    Typeset in ``pool`` if given (a worker started early has imported WeasyPrint while this
    process rendered the HTML), else here.
    """
    from ..fonts import prepare_faces
    from ..render import make_environment

    job = Job(code, name, config.root / "unused.pdf", also)
    fonts = prepare_faces(font_families(config), characters(config, job.locales))
    task, doc = render_job(config, make_environment(config), guide, catalogues, job, fonts)
    task = (*task[:-2], (paper,) if paper else (), False)  # no thumbnail
    result = _typeset_task(task) if pool is None else pool.submit(_typeset_task, task).result()
    if result[0] == "error":
        _, message, hint, path, line = result
        raise OutputError(message, path=path, line=line, hint=hint)
    if paper:  # that paper's PDF instead of the document's (e.g. press)
        return result[3][0][1], result[3][0][2], doc
    return result[1], result[2], doc


def check_out(config: Config, out: Path) -> Path:
    """The output folder, resolved; refused if it is the project folder or lies inside its sources.

    (A folder that holds the project is allowed: a build writes only ``<locale>/``, ``_thumbs/`` and
    its index there, and replaces only files it wrote.)
    """
    out = (config.root / out).resolve()
    root = config.root.resolve()
    sources = [root / "content", root / "locales", root / "templates"]
    if out == root:
        problem = "is the project folder"
    elif any(out.is_relative_to(folder) for folder in sources):
        problem = "is inside the project's sources"
    else:
        return out
    raise OutputError(
        f"the output folder {out} {problem}",
        path=config.path,
        hint='choose a folder of its own, such as --out dist (a build writes and replaces files there)',
    )


INDEX_NAME = "index.html"
GENERATOR_MARK = b'<meta name="generator" content="guide">'  # in the head of site's index.html.j2


def check_index(manifest: Manifest) -> None:
    """Refuse to replace an ``index.html`` in the output folder that guide did not write."""
    target = manifest.out / INDEX_NAME
    if not target.exists() or manifest.owns(target):
        return
    try:
        with target.open("rb") as handle:
            if GENERATOR_MARK in handle.read(4096):  # a page of a build whose record was lost
                return
    except OSError:
        pass
    raise OutputError(
        "an index.html that guide did not write is in the way",
        path=target,
        hint="move it, build into another folder with --out, or replace it with --force",
    )


def check_card_target(config: Config, target: Path) -> None:
    """``guide card --out FILE``: anywhere but over the project's config or sources."""
    root = config.root.resolve()
    sources = [root / "content", root / "locales", root / "templates"]
    if target == config.path.resolve() or any(target.is_relative_to(folder) for folder in sources):
        raise OutputError(
            "will not write a card over the project's sources", path=target, hint="name a file outside them"
        )
    if target.exists() and not made_by_guide(target):
        raise OutputError(
            "a file that guide did not write is in the way", path=target, hint="move it, or name another file"
        )


def made_by_guide(path: Path) -> bool:
    """A PDF whose metadata says guide wrote it (the build's record of it may have been lost)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return False
    try:
        return pdf.get_metadata_dict().get("Creator") == "guide-generator"
    finally:
        pdf.close()


def check_ownership(manifest: Manifest, targets: list[Path]) -> None:
    """Refuse to replace a file in the output folder that no build wrote (the user's own)."""
    for target in targets:
        if target.exists() and not manifest.owns(target) and not (target.suffix == ".pdf" and made_by_guide(target)):
            raise OutputError(
                "a file that guide did not write is in the way",
                path=target,
                hint="move it, build into another folder with --out, or replace it with --force",
            )


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
    shard: tuple[int, int] | None = None,
    pool: Executor | None = None,
) -> BuildReport:
    """Build what is out of date; return every output. Raises GuideError/ErrorList on problems.

    ``variants``: also the bilingual copies and sheets the products list in guide.toml.
    ``shard`` (i, n): only part i of n of the plan (see :func:`shard_of`), recorded on its own.
    ``pool``: typeset in these (already warm) worker processes instead of a pool of this build's own;
    ``guide serve`` keeps one for all its rebuilds. It is not shut down.
    """
    from ..fonts import check_fonts, fonts_identity

    started = time.perf_counter()
    out = check_out(config, out or config.out)
    locales = locales or list(config.locales)
    products = products or list(config.products)
    check_fonts(config)
    report = BuildReport()
    manifest = Manifest(out, manifest_name(shard))
    inputs = Inputs(config, template_dirs(config))
    # The prepared fonts are cut from these faces to characters that the other inputs fix.
    fonts = fonts_identity(font_families(config))
    errors: list[GuideError] = []

    # Plan: which jobs are out of date (a job is current when its PDF and every sheet are).
    todo: list[tuple[Job, str]] = []
    for job in shard_of(plan(config, out, locales, products, variants), shard):
        options = {"product": vars(config.products[job.product]), "papers": job.papers, "html": write_html}
        key = inputs.key(job.locales, {**options, "fonts": fonts})
        targets = [job.target, *(job.sheet(paper) for paper in job.papers)]
        records = [None if force else manifest.current(target, key) for target in targets]
        html_missing = write_html and not job.target.with_suffix(".html").exists()
        if not force:
            check_ownership(manifest, targets + ([job.target.with_suffix(".html")] if write_html else []))
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
        errors += _make(config, todo, manifest, report, write_html, progress, jobs or default_jobs(), pool)
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
    shared_pool: Executor | None = None,
) -> list[GuideError]:
    """Render, typeset, impose and write the out-of-date jobs; return the problems."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    from ..content import check_locales, load_content
    from ..fonts import prepare_faces, warn_if_slow_subsetting
    from ..publish.thumbs import thumb_path
    from ..render import make_environment

    warn_if_slow_subsetting()
    pool = shared_pool or worker_pool(min(jobs, len(todo)))
    pending = {}
    try:
        if pool is not None and shared_pool is None:
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
        if CARD in {job.product for job, _ in todo} and guide.section_with("questions") is None:
            todo = [(job, key) for job, key in todo if job.product != CARD]
            report.notes.append(NO_QUESTIONS)
        for job, key in todo:
            if any(code not in catalogues for code in job.locales):
                continue  # a catalogue is broken: reported with the errors
            if tuple(job.locales) not in faces:
                faces[tuple(job.locales)] = prepare_faces(families, characters(config, job.locales))
            try:
                task, doc = render_job(config, env, guide, catalogues, job, faces[tuple(job.locales)], write_html)
                if write_html:
                    manifest.own(job.target.with_suffix(".html"), task[0][0].encode("utf-8"))  # the first fit
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
            pending[future] = (job, key, fallbacks, _printed_messages(doc))
        # Written as they finish (not in the order submitted): a short card is on disk before a long guide.
        for future in as_completed(pending) if pool is not None else pending:
            job, key, fallbacks, samples = pending[future]
            try:
                result = future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): not the user's input
                errors.append(OutputError(f"the process typesetting it stopped ({exc})", path=job.target))
                continue
            if result[0] == "error":
                _, message, hint, path, line = result
                message, path, line = _name_the_message(message, path, line, samples)
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
                        manifest.own(thumb_path(manifest.out, target, data), thumb)
                except GuideError as exc:
                    errors.append(exc)
                    break
                manifest.record(target, key, data, count, fallbacks)
                output = Output(job.locale, job.product, target, count, len(data), fallbacks)
                report.outputs.append(output)
                if progress:
                    progress(output)
    finally:
        if pool is not None and shared_pool is None:
            pool.shutdown(cancel_futures=True)
    return errors


def _printed_messages(doc: Document) -> list[tuple[str, str, Path | None, int | None]]:
    """(context, text, catalogue, line) of every message a document printed, for error messages."""
    found = []
    for document in (doc, doc.also):
        if document is None:
            continue
        catalogue = document.translator.catalogue
        for context, msgid in document.translator.used:
            message = catalogue.entries.get((context, msgid)) if catalogue else None
            if catalogue and message and message.translated:
                found.append((context or msgid[:40], message.msgstr, catalogue.path, message.line))
            else:
                found.append((context or msgid[:40], msgid, None, None))
    return found


def _name_the_message(
    message: str, path: Path | None, line: int | None, printed: list[tuple[str, str, Path | None, int | None]]
) -> tuple[str, Path | None, int | None]:
    """Text that runs off the page: the message it comes from, and its catalogue line."""
    from ..typeset import OVERFLOW

    if OVERFLOW not in message:
        return message, path, line
    snippet = " ".join(message.split(": ", 2)[-1].strip("'\"").split())[:20]
    for context, text, where, number in printed:
        if snippet and snippet in " ".join(text.split()):
            return f"{message} [{context}]", where or path, number or line
    return message, path, line


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


def worker_pool(workers: int, even_one: bool = False) -> Executor | None:
    """A pool of typesetting processes, or None to typeset here (one job, or --jobs 1).

    ``even_one``: a single worker too, for one document whose worker imports WeasyPrint while
    this process renders its HTML (``guide card``: the two overlap on two cores).
    """
    if workers < 1 or (workers == 1 and not even_one):
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

    from ..impose import impose
    from ..impose.press import PRESS, typeset_press
    from ..publish.thumbs import thumbnail
    from ..typeset import typeset
    from ..typeset.pdfua import tag_sheets

    html, base, roots, max_pages, what, papers, preview = task
    try:
        pdf, pages = typeset(html, base, roots, max_pages, what, pdf_forms=True)
        sheets = []
        for paper in papers:
            if paper == PRESS:  # typeset again for a print shop: bleed, crop marks, CMYK, PDF/X-4
                sheets.append((paper, *typeset_press(html, base, roots, max_pages, what)))
                continue
            imposed = impose(pdf, paper)
            sheets.append((paper, tag_sheets(imposed.pdf, pdf), imposed.sides))
    except GuideError as exc:
        return ("error", exc.message, exc.hint, exc.path, exc.line)
    # The index page's picture of a product (not of its variants), made here in parallel
    thumbs = [thumbnail(pdf) if preview else None] + [None] * len(sheets)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ("ok", pdf, pages, sheets, thumbs, peak_mb)
