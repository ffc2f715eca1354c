"""Typesetting processes: what crosses to them and back, the pool, and the work one does.

A :class:`TypesetTask` (the rendered HTML and how to typeset it) goes to a worker; a
:class:`TypesetResult` (the PDF, its sheets, its thumbnail) comes back. A GuideError raised in
a worker arrives in the build as itself (same class, message, file and line), raised by the
future's ``result()``. Both types are plain data, so they pickle; nothing here knows of jobs,
files or the build record.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..errors import GuideError
from ..papers import PRESS

if TYPE_CHECKING:
    from ..typeset import Typesetting


@dataclass(frozen=True)
class TypesetTask:
    """One document to typeset in a worker, and the sheets to impose from it."""

    html: str  # its HTML, in one fit
    how: Typesetting  # where it may load files from, its page limit, its name in errors
    papers: tuple[str, ...] = ()  # sheets imposed from it (a4, letter), or press: typeset again for a print shop
    thumbnail: bool = False  # also a PNG of its first page, for the index page


class Sheet(NamedTuple):
    """A PDF made from a document for one paper: imposed sheets (``sides``), or the press PDF (pages)."""

    paper: str
    pdf: bytes
    sides: int


@dataclass(frozen=True)
class TypesetResult:
    pdf: bytes
    pages: int
    sheets: tuple[Sheet, ...]  # one per paper of the task, in its order
    thumbnail: bytes | None  # of the document's first page; None if not asked for (or not readable)
    peak_mb: float  # the largest resident size the worker process reached so far


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worker_pool(workers: int | None = None, even_one: bool = False) -> Executor | None:
    """A pool of typesetting processes (default: one per core), or None to typeset here (one job, or --jobs 1).

    ``even_one``: a single worker too, for one document whose worker imports WeasyPrint while
    this process renders its HTML (``guide card``: the two overlap on two cores).
    """
    workers = default_jobs() if workers is None else workers
    if workers < 1 or (workers == 1 and not even_one):
        return None
    import multiprocessing  # lazy, as the pool: 20 ms that a build with nothing to typeset does not spend
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start in milliseconds and share the parent's imports. Forking a process
    # with other threads (guide serve) can copy a held lock and hang the child: then forkserver.
    # Either way WeasyPrint is imported once per worker (the initializer), not once per document.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    parent = os.getpid() if method == "fork" else None  # a forkserver's workers are its children
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker, initargs=(parent,))


@contextmanager
def started_pool(workers: int, shared: Executor | None = None, even_one: bool = False) -> Iterator[Executor | None]:
    """``shared`` if given (its owner shuts it down: ``guide serve`` keeps one for every rebuild), else
    a pool of ``workers`` (see :func:`worker_pool`) started at once, so that its workers import
    WeasyPrint while this process loads content and renders, and shut down when done."""
    if shared is not None:
        yield shared
        return
    pool = worker_pool(workers, even_one)
    if pool is not None:
        pool.submit(int)  # a pool starts its processes at the first task
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def submit(pool: Executor | None, task: TypesetTask) -> Future[TypesetResult]:
    """Typeset ``task`` in ``pool``, or here and now without one; either way a future of its result."""
    if pool is not None:
        return pool.submit(typeset_task, task)
    future: Future[TypesetResult] = Future()
    try:
        future.set_result(typeset_task(task))
    except GuideError as exc:
        future.set_exception(exc)
    return future


def _warm_worker(parent: int | None) -> None:
    # The build (the parent) handles Ctrl-C and SIGTERM and stops the pool; a worker that
    # inherited the CLI's handlers would print its own "Stopped" and a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        # Die with the build: a killed `guide build` must not leave workers behind, holding its
        # output pipes open.
        import ctypes  # lazy: ctypes only for this call, in a worker

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if parent is not None and os.getppid() != parent:  # the build died before the line above
            os._exit(1)
    # What every task needs, imported (lazily: 0.7 s together) while the build still loads content and renders
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401

    from ..typeset import import_weasyprint

    import_weasyprint()


def typeset_task(task: TypesetTask) -> TypesetResult:
    """Typeset one document and impose its sheets (in a worker). A GuideError is raised as is: it
    pickles, and the future's ``result()`` raises it again in the build."""
    # lazy: the stages a worker runs (typeset, impose, press: 30 modules) are not imported by a build
    # with nothing to typeset, nor by the commands that never typeset (extract, check, update)
    from ..impose import impose
    from ..press import typeset_press
    from ..typeset import typeset
    from .thumbs import thumbnail

    pdf, pages = typeset(task.html, task.how)
    sheets = []
    for paper in task.papers:
        if paper == PRESS:  # typeset again for a print shop: bleed, crop marks, CMYK, PDF/X-4
            sheets.append(Sheet(paper, *typeset_press(task.html, task.how)))
        else:
            imposed = impose(pdf, paper)
            sheets.append(Sheet(paper, imposed.pdf, imposed.sides))
    # The index page's picture of a product (not of its variants), made here in parallel
    thumb = thumbnail(pdf) if task.thumbnail else None
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return TypesetResult(pdf, pages, tuple(sheets), thumb, peak_mb)
