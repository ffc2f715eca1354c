"""A warm process that runs `guide` commands in forked children, for tests/runners.py (not a test module).

It imports, once, every module a command may need: the generator's, WeasyPrint, and the libraries
the generator imports inside its functions (late, so that the console script starts quickly; each
child would import them again, 0.1-0.15 s of CPU a command). Each request, one JSON line on stdin,
is run in a forked child, which is a process of its own as the console script's is: its own stdout
and stderr (files), exit code, current folder, environment, logging set-up and signal handlers. The
answer, one JSON line on stdout, is the child's return code (negative: the signal that killed it,
as subprocess says).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import pkgutil
import sys
import threading
import traceback
from pathlib import Path

import babel.localedata

import generator.cli
import generator.typeset
from generator.errors import GuideError

# What the generator imports inside its functions (grep "^ *import\|^ *from" generator/).
LATE_IMPORTS = ("pikepdf", "pypdfium2", "uharfbuzz", "budoux", "tomlkit", "multiprocessing.pool")

ROOT = Path(__file__).resolve().parents[1]
WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


def _exit_code(exc: SystemExit) -> int:
    """What the interpreter makes of an uncaught SystemExit."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def _child(request: dict) -> None:
    """Become the command: files for 0, 1 and 2, its folder and environment; run it; exit."""
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], WRITE), (2, request["stderr"], WRITE)):
        opened = os.open(path, flags, 0o644)
        os.dup2(opened, fd)
        os.close(opened)
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["guide", *request["args"]]
        # A prelude (tests/runners.py: a disk that fills up) patches what it needs, as `python -c` would.
        exec(request["prelude"], {"__name__": "__main__"})
        generator.cli.main()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()  # what a process does on its way out (multiprocessing, logging)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def preload() -> None:
    """Import every module of the generator, and the libraries it imports late; read Babel's data of
    the locales the tests' projects use (0.05 s a locale, in every command that builds)."""
    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if not module.name.endswith("__main__"):  # (importing a __main__ would run it)
            importlib.import_module(module.name)
    generator.typeset.import_weasyprint()  # as a build imports it
    for name in LATE_IMPORTS:
        importlib.import_module(name)
    for project in (ROOT, *(ROOT / "tests/fixtures").glob("*/")):
        with contextlib.suppress(GuideError):  # (a project that does not load: its tests say so)
            for locale in generator.load_config(project).locales.values():
                babel.localedata.load(str(locale.babel))


def main() -> None:
    preload()
    # fork copies only the calling thread: a single-threaded parent is what makes it safe, and
    # what makes a child's build choose fork for its workers, as the console script does.
    assert threading.active_count() == 1, threading.enumerate()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
