"""benchmarks/suite_time.py's tracer, in every Python process the tests start (it is put on PYTHONPATH):
each WeasyPrint layout and PDF write (CPU seconds, a hash of the HTML it was given, the test that asked
for it), each WeasyPrint import, and each process's CPU time when it ends, one line each in the file
named by SUITE_TRACE_LOG."""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

LOG = os.environ.get("SUITE_TRACE_LOG")
_started = time.process_time()


def _log(kind: str, cpu: float, html: str = "-") -> None:
    test = os.environ.get("PYTEST_CURRENT_TEST", "-").split(" ")[0] or "-"
    line = f"{os.getpid()}\t{kind}\t{cpu:.4f}\t{html}\t{test}\n"
    with open(LOG, "a", encoding="utf-8") as log:  # type: ignore[arg-type]  (only installed with LOG set)
        log.write(line)  # one write of one short line: lines of processes at once do not interleave


def _ended() -> None:
    _log("process", time.process_time() - _started)


def _restart_clock() -> None:
    global _started
    _started = time.process_time()


def _traced(weasyprint: ModuleType) -> None:
    html_init, render = weasyprint.HTML.__init__, weasyprint.HTML.render
    write_pdf = weasyprint.document.Document.write_pdf

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        html_init(self, *args, **kwargs)
        self._suite_hash = hashlib.sha1(str(kwargs.get("string", "")).encode()).hexdigest()[:16]

    def timed_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        document = render(self, *args, **kwargs)
        document._suite_hash = getattr(self, "_suite_hash", "-")
        _log("layout", time.process_time() - start, document._suite_hash)
        return document

    def timed_write(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return write_pdf(self, *args, **kwargs)
        finally:
            _log("write", time.process_time() - start, getattr(self, "_suite_hash", "-"))

    weasyprint.HTML.__init__, weasyprint.HTML.render = init, timed_render
    weasyprint.document.Document.write_pdf = timed_write


def _import_finder() -> Any:
    """The fast tier's AfterImport (tests/tier/sitecustomize.py, read by its path), timing the import."""
    path = Path(__file__).resolve().parents[2] / "tests" / "tier" / "sitecustomize.py"
    spec = importlib.util.spec_from_file_location("guide_tier_guard", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class Timed(module.AfterImport):  # type: ignore[misc,name-defined]
        def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
            self.started = time.process_time()  # the module is found, then executed: its import
            return super().find_spec(name, path, target)

    def imported(weasyprint: ModuleType) -> None:
        _log("import", time.process_time() - finder.started)
        _traced(weasyprint)

    finder = Timed("weasyprint", imported)
    return finder


if LOG:
    atexit.register(_ended)
    real_exit = os._exit

    def _exit(code: int) -> None:  # forked children (pool workers, fork-server children) end here
        _ended()
        real_exit(code)

    os._exit = _exit  # type: ignore[assignment]
    os.register_at_fork(after_in_child=_restart_clock)
    sys.meta_path.insert(0, _import_finder())
