"""The real CLI in a process of its own: the installed console script, or a child of a warm fork server.

``guide(...)`` runs a command in a child forked from tests/forkserver.py, which has imported the
CLI and WeasyPrint once: a process like the console script's (own output, exit code, logging and
signal handlers), without a Python start and a WeasyPrint import (~0.7 s of CPU) per command.
``installed(...)`` runs the console script itself: for the tests of its exit codes, signals and kills.
A ``prelude`` (``tampered_writes``) patches the child before the command runs: a slow disk, a full one.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

GUIDE = str(Path(sys.executable).parent / "guide")
SERVER = Path(__file__).with_name("forkserver.py")


class ForkServer:
    """One per test process (each pytest-xdist worker has its own), started on first use."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        atexit.register(self.close)

    def run(self, args: list[str], cwd: Path | None, env: dict[str, str], prelude: str) -> subprocess.CompletedProcess:
        assert self.process.stdin is not None and self.process.stdout is not None
        with tempfile.TemporaryDirectory(prefix="guide-run-") as folder:
            stdout, stderr = Path(folder) / "stdout", Path(folder) / "stderr"
            request = {"args": args, "cwd": str(cwd or Path.cwd()), "env": env, "prelude": prelude}
            self.process.stdin.write(json.dumps({**request, "stdout": str(stdout), "stderr": str(stderr)}) + "\n")
            self.process.stdin.flush()
            reply = self.process.stdout.readline()
            assert reply, f"the fork server stopped (exit {self.process.wait()})"
            # Read as subprocess.run(text=True) reads a pipe: the locale's encoding, universal newlines.
            out, err = (path.read_text(encoding=None) for path in (stdout, stderr))
        return subprocess.CompletedProcess(["guide", *args], json.loads(reply)["returncode"], out, err)

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)


_server: ForkServer | None = None


def guide(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess:
    """``guide ARGS`` in a process of its own; ``env`` is added to this process's environment."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = ForkServer()
    return _server.run(list(args), cwd, {**os.environ, **(env or {})}, prelude)


def installed(*args: str, cwd: Path | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """The console script as a user runs it (killed after ``timeout`` seconds: a hang fails the test)."""
    return subprocess.run([GUIDE, *args], capture_output=True, text=True, cwd=cwd, check=False, timeout=timeout)


_TAMPERED = """
import errno, os, sys, time
real_fdopen = os.fdopen

class Tampered:
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
{write}
    def __getattr__(self, name):
        return getattr(self.handle, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()

def fdopen(fd, mode="r", *args, **kwargs):
    handle = real_fdopen(fd, mode, *args, **kwargs)
    return Tampered(handle) if "w" in mode else handle

os.fdopen = fdopen
"""


def tampered_writes(write: str) -> str:
    """A prelude whose files' ``write(self, data)`` is ``write``."""
    body = "\n".join("        " + line for line in write.strip("\n").splitlines())
    return _TAMPERED.format(write=body)


def cli_with_writes(write: str) -> str:
    """A ``python -c`` script running ``guide`` whose files' ``write(self, data)`` is ``write``."""
    return tampered_writes(write) + 'from generator.cli import main\nsys.argv[0] = "guide"\nmain()\n'
