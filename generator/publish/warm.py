"""A warm card worker: ``guide card`` hands its job to a process that has WeasyPrint, Jinja and
Babel imported and its templates compiled, over a Unix socket in the cache folder.

- ``guide warm`` runs one in the foreground until it has had no job for ``--idle`` seconds;
  ``guide serve`` runs one for its project while it serves.
- The socket is named by the project folder and the generator (its code, templates and shipped
  catalogues by content: pipeline.inputs), so a worker never builds a card with other code than the caller's.
- The worker builds with the very code of a cold ``guide card`` (:func:`make_card`, the caller's
  ``SOURCE_DATE_EPOCH``): the bytes are the same. It answers with the card, or with the error
  lines of a :class:`GuideError`; on anything else (a bug, an unreadable file) it answers "build it
  yourself", and ``guide card`` builds cold, so its errors and exit codes are the cold ones.
- No worker, or one that vanished: ``guide card`` builds itself. A busy worker queues the job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import GuideError
from ..files import owned_alone

log = logging.getLogger(__name__)

IDLE_SECONDS = 900.0  # `guide warm` stops after this long without a job
CONNECT_SECONDS = 0.5  # a listening worker accepts at once (the kernel queues): longer means something is wrong
MAX_SOCKET_PATH = 100  # sockaddr_un holds 108 bytes; a longer cache path gets no warm worker


@dataclass(frozen=True)
class CardJob:
    """What ``guide card`` asks a warm worker for (its options, already checked by the CLI)."""

    project: str
    lang: str
    also: str | None
    paper: str
    out: str
    source_date_epoch: str | None  # the caller's, so that the PDF's date is the cold build's


@dataclass(frozen=True)
class CardAnswer:
    """The worker's answer: the card written, a user's error (its lines), or ``cold`` (build it yourself)."""

    path: str | None = None
    pages: int = 0
    size: int = 0
    error: str | None = None
    cold: bool = False
    kept: str | None = None  # where the card it replaced went (the user had changed it)


class WarmError(GuideError):
    """A GuideError raised in the warm worker, printed by ``guide card`` as the cold build prints it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def format(self, root: Path | None = None) -> str:
        return self.text


def code_stamp() -> str:
    """The code this process would run: the generator (pipeline.inputs: its code, templates and
    catalogues, by content) and the installed packages (a folder's time changes when a package is
    installed or removed). A worker of other code must not answer."""
    from ..pipeline import generator_digest

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.executable}\0{package}\0{generator_digest()}".encode())
    for folder in sys.path:
        if folder.endswith("-packages") and os.path.isdir(folder):
            digest.update(f"\0{folder}\0{os.stat(folder).st_mtime_ns}".encode())
    return digest.hexdigest()


def socket_path(project: Path) -> Path | None:
    """Where the warm worker of ``project`` listens (None: the cache path is too long for a socket)."""
    from ..fonts import cache_dir

    key = hashlib.sha256(f"{project.resolve()}\0{code_stamp()}".encode()).hexdigest()[:16]
    path = cache_dir() / "warm" / f"{key}.sock"
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def hand_over(job: CardJob) -> CardAnswer | None:
    """Ask the project's warm worker to build the card; None if there is none to ask (build cold)."""
    path = socket_path(Path(job.project))
    if path is None or not path.exists() or not _private(path.parent):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(CONNECT_SECONDS)
            conn.connect(str(path))
            conn.settimeout(None)  # a long card (press, sheets) takes what it takes
            conn.sendall(json.dumps(asdict(job)).encode() + b"\n")
            conn.shutdown(socket.SHUT_WR)
            reply = _read_all(conn)
    except OSError:  # no worker (a stale socket), or it died mid-job before writing anything
        return None
    try:
        answer = CardAnswer(**json.loads(reply))
    except (ValueError, TypeError):
        return None
    return None if answer.cold else answer


def _private(folder: Path) -> bool:
    """The socket's folder is this user's alone: nobody else can ask the worker to write a file."""
    return owned_alone(folder, 0o077)


def _same_user(conn: socket.socket) -> bool:
    """The caller runs as this user (Linux: SO_PEERCRED; elsewhere the folder's mode must do)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    import struct

    _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return bool(uid == os.getuid())


def _read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


_env_lock = threading.Lock()  # os.environ is the process's: one job at a time sets its date


@contextlib.contextmanager
def _source_date_epoch(value: str | None) -> Iterator[None]:
    with _env_lock:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        if value is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = value
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def build_card(job: CardJob) -> CardAnswer:
    """Build the card here, as a cold ``guide card`` would (the config and sources read afresh)."""
    from ..config import load_config
    from ..pipeline import make_card

    try:
        with _source_date_epoch(job.source_date_epoch):
            config = load_config(Path(job.project))
            card = make_card(config, job.lang, job.also, job.paper, Path(job.out), in_process=True)
    except GuideError as exc:
        return CardAnswer(error=exc.format(Path(job.project)))
    except Exception:  # noqa: BLE001 (a bug or an OSError: the caller builds cold and reports it as cold)
        log.debug("warm: building cold instead", exc_info=True)
        return CardAnswer(cold=True)
    return CardAnswer(str(card.path), card.pages, card.size, kept=str(card.kept) if card.kept else None)


class Worker:
    """Listens on the project's socket and builds the cards it is asked for, one at a time."""

    def __init__(self, project: Path, echo: Callable[[str], None] | None = None) -> None:
        self.project = project.resolve()
        self.echo = echo  # one line per job: what was built, or that the caller builds it
        path = socket_path(self.project)
        if path is None:
            raise OSError("the cache folder's path is too long for a Unix socket")
        self.path = path
        self.server = self._bind()

    def _bind(self) -> socket.socket:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path.parent.chmod(0o700)  # the worker writes where it is told: only this user may tell it
        if self.path.exists():
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(str(self.path))
                except OSError:
                    self.path.unlink(missing_ok=True)  # left by a worker that was killed
                else:
                    raise OSError(f"a warm worker already listens on {self.path}")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(self.path))
        server.listen(4)
        return server

    def warm_up(self) -> None:
        """Import now what every card needs, so that the first job is as fast as the next."""
        import pikepdf  # noqa: F401

        from ..content import load_content  # noqa: F401  (YAML)
        from ..messages import read_catalogue  # noqa: F401  (Babel)
        from ..pipeline import make_card  # noqa: F401
        from ..render import make_environment  # noqa: F401  (Jinja)
        from ..typeset import import_weasyprint

        import_weasyprint()

    def serve(self, idle: float | None = None, stopped: Callable[[], bool] = lambda: False) -> None:
        """Answer jobs until ``idle`` seconds pass without one (None: until ``stopped()``)."""
        self.server.settimeout(idle if idle is not None else 1.0)
        try:
            while not stopped():
                try:
                    conn, _ = self.server.accept()
                except TimeoutError:
                    if idle is not None:
                        return
                    continue
                with conn:
                    self._answer(conn)
        finally:
            self.close()

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(10.0)  # a caller that never finishes its request must not block the others
        if not _same_user(conn):
            return
        try:
            request = json.loads(_read_all(conn))
            job = CardJob(**request)
        except (OSError, ValueError, TypeError):
            return
        answer = build_card(job) if Path(job.project).resolve() == self.project else CardAnswer(cold=True)
        if self.echo is not None:
            what = f"{job.lang}+{job.also}" if job.also else job.lang
            outcome = "built cold by the caller" if answer.cold else "error" if answer.error else answer.path
            self.echo(f"{what} card ({job.paper}): {outcome}")
        with contextlib.suppress(OSError):  # the caller gave up: it builds cold
            conn.settimeout(None)
            conn.sendall(json.dumps(asdict(answer)).encode())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def start_in_thread(project: Path, echo: Callable[[str], None] | None = None) -> Callable[[], None] | None:
    """A warm worker for ``guide serve``, in a thread of its process; returns what stops it (None:
    none started, e.g. one already runs)."""
    try:
        worker = Worker(project, echo)
    except OSError as exc:
        log.info("warm: no card worker (%s)", exc)
        return None
    stop, imported = threading.Event(), threading.Event()

    def run() -> None:
        try:
            if not stop.is_set():
                worker.warm_up()
        finally:
            imported.set()
        worker.serve(stopped=stop.is_set)

    thread = threading.Thread(target=run, name="guide-warm", daemon=True)
    thread.start()

    def stopper() -> None:
        stop.set()
        # an extension module still importing while the interpreter exits aborts the process
        # (pikepdf: "Critical nanobind error"): wait for the imports, however slow the machine
        imported.wait()
        thread.join(timeout=5)

    return stopper
