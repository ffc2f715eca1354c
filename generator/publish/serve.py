"""``guide serve``: the output folder on localhost, rebuilt when a source is saved, with live reload.

An HTTP server (``http.server`` in a thread) serves the output folder. The main thread watches
the build's inputs (pipeline.inputs) with watchfiles and, on a save, calls :func:`generator.build`
in process for the locales whose inputs changed, rewrites the index page, and bumps a version
number. The index page, as served (not as written to disk), carries a few lines of script that
poll ``/_guide/status`` and reload the page when the version changes.

A problem in the project (a broken catalogue, a bad guide.toml) is shown on the
index page as the CLI prints it, and the server goes on; Ctrl-C stops it.
"""

from __future__ import annotations

import errno
import json
import logging
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from ..config import CONFIG_NAME, Config, load_config
from ..errors import GuideError
from ..pipeline import BuildFailed, BuildOptions, BuildReport, Inputs, Manifest, Output, build, check_out, worker_pool
from . import index_after_build
from .site import ASSETS, INDEX_NAME, error_lines, error_locale
from .warm import start_in_thread

log = logging.getLogger(__name__)

STATUS_PATH = "/_guide/status"
ALLOWED_HOSTS = {"127.0.0.1", "localhost", "[::1]"}

# Injected before </body> of the served index page: reload when a rebuild is done.
RELOAD_SCRIPT = (ASSETS / "live-reload.js").read_text(encoding="utf-8")


class Status:
    """What the page polls: a version bumped after every rebuild, and whether one is running."""

    def __init__(self) -> None:
        self.version = 0
        self.building = False

    def as_json(self) -> bytes:
        return json.dumps({"version": self.version, "building": self.building}).encode()


class Handler(SimpleHTTPRequestHandler):
    """Static files from the output folder; the index with the reload script; the status endpoint.

    Hardened for a server on the user's machine: a request must name this machine in its Host
    header (127.0.0.1 or localhost: a page on another site cannot read the preview through DNS
    rebinding); only files a build wrote (its manifest) are served, never a dotfile, never a
    directory listing.
    """

    def __init__(self, *args, status: Status, **kwargs) -> None:
        self.status = status
        super().__init__(*args, **kwargs)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]  # without the port
        if name in ALLOWED_HOSTS:
            return True
        self.send_error(HTTPStatus.FORBIDDEN, "this preview answers only to 127.0.0.1 and localhost")
        return False

    def do_HEAD(self) -> None:
        if self._host_ok():
            super().do_HEAD()

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            self._send(self.status.as_json(), "application/json")
        elif path in ("/", f"/{INDEX_NAME}"):
            version = self.status.version  # read before the file: a newer file only costs one more reload
            try:
                html = (Path(self.directory) / INDEX_NAME).read_text(encoding="utf-8")
            except FileNotFoundError:
                self.send_error(HTTPStatus.NOT_FOUND, "no index yet: the first build is running")
                return
            reload = RELOAD_SCRIPT.replace("GUIDE_VERSION", str(version)).replace("GUIDE_STATUS", STATUS_PATH)
            script = f"<script>{reload}</script>\n"
            html = html.replace("</body>", script + "</body>") if "</body>" in html else html + script
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def send_head(self):
        """Only files the build wrote: no dotfiles (the build record, a project's .env), no listings."""
        parts = [part for part in unquote(urlsplit(self.path).path).split("/") if part]
        folder = Path(self.directory)
        if (
            not parts
            or any(part.startswith(".") or "\\" in part for part in parts)
            or not Manifest(folder).owns(folder.joinpath(*parts))
        ):
            self.send_error(HTTPStatus.NOT_FOUND, "not a file of this build")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "no directory listings")
        return None

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a rebuilt PDF or thumbnail is never served stale
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        log.debug("%s " + format, self.address_string(), *args)


class Preview:
    """One project's live preview: what to rebuild for a change, the errors to show, the index."""

    def __init__(
        self,
        config: Config,
        out_dir: Path,
        progress: Callable[[Output], None] | None = None,
        echo: Callable[[str], None] = print,
        warm: bool = False,
        status: Status | None = None,
    ) -> None:
        self.config = config
        self.out_dir = out_dir
        self.progress = progress
        self.echo = echo
        self.status = status or Status()
        self.errors: dict[str | None, list[GuideError]] = {}  # by locale; None: the whole project
        self._workers: Executor | None = None  # typesetting processes kept warm between rebuilds
        self.inputs = Inputs(config)  # as last looked at: a save rebuilds what changed since
        # warm: `guide card` hands its cards to this process while it serves (see warm.py)
        self._stop_warm = start_in_thread(config.root, lambda line: echo(f"guide card: {line}")) if warm else None

    def workers(self) -> Executor | None:
        if self._workers is None:
            self._workers = worker_pool()
        return self._workers

    def close(self) -> None:
        if self._stop_warm is not None:
            self._stop_warm()
            self._stop_warm = None
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)
            self._workers = None

    # -- what a change affects ------------------------------------------------------------------
    def watched(self) -> tuple[list[Path], Path]:
        """Folders watched recursively, and the project folder (watched for guide.toml only): where the
        inputs are that a rebuild in this process reads afresh (all but the code it imported)."""
        read = [item.where for item in self.inputs.items if item.kind not in ("code", "config")]
        folders = {folder.resolve() for folder in read if folder is not None and folder.is_dir()}
        outermost = [folder for folder in folders if not any(other in folder.parents for other in folders)]
        return sorted(outermost), self.config.root.resolve()

    def scope(self) -> tuple[bool, list[str] | None]:
        """What changed since the last look, from the build's own list of inputs (pipeline.inputs):
        (reload guide.toml?, the locales to rebuild: None for all, [] for none)."""
        now = Inputs(self.config)
        reload_config, locales = now.affected(self.inputs)
        self.inputs = now
        return reload_config, locales

    # -- building -------------------------------------------------------------------------------
    def rebuild(self, locales: list[str] | None = None, reload_config: bool = False) -> None:
        """Build ``locales`` (None: all) in process, keep their errors, rewrite the index, bump the version."""
        self.status.building = True
        report: BuildReport | None = None
        try:
            if reload_config:
                try:
                    self.config = load_config(self.config.root)
                except GuideError as exc:  # keep the last good config; show the problem
                    self.errors = {None: [exc]}
                    self._show(exc)
                    return
            if locales is None:
                self.errors.clear()
            else:
                self.errors.pop(None, None)
                for code in locales:
                    self.errors.pop(code, None)
            try:
                started = time.perf_counter()
                report, built = self._build(locales)
                self.echo(built_line(built, len(report.outputs) - built, time.perf_counter() - started))
            except GuideError as exc:
                report = exc.report if isinstance(exc, BuildFailed) else None
                for error in exc.each():
                    self.errors.setdefault(error_locale(self.config, self.out_dir, error), []).append(error)
                self._show(exc)
            except BrokenProcessPool as exc:  # a worker was killed: start new ones next time
                self.close()
                self.errors.setdefault(None, []).append(GuideError(f"a typesetting process stopped ({exc})"))
            except Exception as exc:  # a bug in the generator: keep serving, show it
                traceback.print_exc()
                self.errors.setdefault(None, []).append(GuideError(f"internal error: {exc!r} (please report it)"))
        finally:
            self._write_index(report)
            self.status.building = False
            self.status.version += 1

    def _build(self, locales: list[str] | None) -> tuple[BuildReport, int]:
        """What the translator looks at first: after a catalogue edit, that locale's short products (the
        card) are built and shown alone, then everything else (the card is then up to date). The report
        of everything, and how many of its PDFs either build made."""
        short = [name for name, product in self.config.products.items() if product.max_pages]
        made: set[Path] = set()
        if locales is not None and short:
            first = build(self.config, BuildOptions(self.out_dir, locales, short, variants=False), self.progress,
                          self.workers())
            made = {output.path for output in first.built}
            self._write_index(first)
            self.status.version += 1  # the open page reloads now, with the new card
        report = build(self.config, BuildOptions(self.out_dir, locales or ()), self.progress, self.workers())
        return report, len(made | {output.path for output in report.built})

    def _show(self, exc: GuideError) -> None:
        for line in error_lines(exc, self.config.root):
            self.echo(line)

    def _write_index(self, report: BuildReport | None) -> None:
        try:
            index_after_build(self.config, self.out_dir, report, [e for errors in self.errors.values() for e in errors])
        except GuideError as exc:
            self._show(exc)


def built_line(built: int, current: int, seconds: float) -> str:
    """What a rebuild did: "Built 2 PDF(s) in 3.1 s, 8 up to date." or "10 PDF(s) up to date."."""
    if not built:
        return f"{current} PDF(s) up to date."
    return f"Built {built} PDF(s) in {seconds:.1f} s" + (f", {current} up to date." if current else ".")


def _watch(paths: list[Path], recursive: bool, only: str | None, changes: queue.Queue, stop: threading.Event) -> None:
    def accept(change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if only is not None:
            return name == only
        # the generator's own atomic writes (.name.XXXX.tmp) and editors' swap files
        return not name.endswith(".tmp") and watchfiles.DefaultFilter()(change, path)

    for batch in watchfiles.watch(
        *paths, watch_filter=accept, recursive=recursive, stop_event=stop, raise_interrupt=False, step=50
    ):
        changes.put({Path(path).resolve() for _, path in batch})


def serve(
    config: Config,
    out_dir: Path,
    port: int = 8000,
    host: str = "127.0.0.1",
    progress: Callable[[Output], None] | None = None,
    echo: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``out_dir``, build everything once, then rebuild on every saved change until Ctrl-C."""
    out_dir = check_out(config, out_dir)
    status = Status()
    try:  # the port first: a process that cannot serve starts no warm worker (and no thread to abort)
        server = ThreadingHTTPServer((host, port), partial(Handler, directory=str(out_dir), status=status))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise GuideError(
                f"port {port} is already in use", hint="pick another with --port N, or --port 0 for any free one"
            ) from None
        raise GuideError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    preview = Preview(config, out_dir, progress, echo, warm=True, status=status)
    stop = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():  # a service manager's stop: as clean as Ctrl-C
        previous = signal.signal(signal.SIGTERM, _interrupt)
    threading.Thread(target=server.serve_forever, name="guide-http", daemon=True).start()  # no one has the URL yet
    try:
        preview._write_index(None)  # what is there already, while the first build runs
        changes: queue.Queue[set[Path]] = queue.Queue()
        folders, root = preview.watched()
        for watched, recursive, only in ((folders, True, None), ([root], False, CONFIG_NAME)):
            thread = threading.Thread(target=_watch, args=(watched, recursive, only, changes, stop), daemon=True)
            thread.start()
        (ready or echo)(f"Serving {out_dir} at http://{host}:{server.server_port}/ (Ctrl-C to stop)")
        preview.rebuild()
        while True:
            try:
                paths = changes.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            while not changes.empty():
                paths |= changes.get_nowait()
            reload_config, locales = preview.scope()
            if locales == []:
                continue
            shown = {path for path in paths if path.exists()} or paths  # not editors' vanished temp files
            names = ", ".join(sorted(_relative(path, preview.config.root) for path in shown))
            echo(f"Changed: {names}; rebuilding {'all locales' if locales is None else ', '.join(locales)}")
            preview.rebuild(locales, reload_config)
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        stop.set()
        preview.close()
        server.shutdown()
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path)
