"""A running `guide serve` for tests: a real server in a subprocess on a free port (`served` fixture)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TIMEOUT = 90  # seconds: generous, the machine is shared


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    out: Path
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def get(self, path: str) -> tuple[int, str, bytes]:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()

    def status(self) -> dict:
        return json.loads(self.get("/_guide/status")[2])

    def wait_for_version_after(self, version: int) -> dict:
        return wait_until(lambda: (s := self.status())["version"] > version and not s["building"] and s)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def wait_until(check: Callable[[], object], timeout: float = TIMEOUT) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s")


def _pump(stream, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    for line in stream:
        lines.append(line.rstrip("\n"))


@pytest.fixture
def served(mini: Path, mini_build: Path) -> Iterator[Served]:
    """`guide serve --port 0` on a copy of the mini project; the first build done. Its output folder
    starts as a copy of the session's build of the project (outputs and record), so that first build
    finds every output current instead of typesetting the four PDFs again (a test edits, then reads)."""
    shutil.copytree(mini_build, mini / "dist")
    exe = Path(sys.executable).parent / "guide"
    process = subprocess.Popen(
        [str(exe), "--project", str(mini), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Ctrl-C as at a terminal, even when the tests run in the background (which ignores SIGINT,
        # and a child inherits that)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    stdout: list[str] = []
    stderr: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, stdout), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, stderr), daemon=True).start()
    try:
        match = wait_until(lambda: next((m for line in stdout if (m := re.search(r"http://[\d.]+:\d+/", line))), None))
        server = Served(process, match.group(0), mini / "dist", stdout, stderr)  # type: ignore[union-attr]
        server.wait_for_version_after(0)  # the first build
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
