"""Interrupted and concurrent builds: every PDF in the output folder is whole.

A build is stopped with SIGINT, SIGTERM or SIGKILL at several moments: while
starting, between two PDFs, and in the middle of writing one (a slowed-down
writer, so that the signal lands while the temporary file is half full).
Afterwards every PDF is either the one from the build before or a complete
new one; SIGINT and SIGTERM leave no temporary file, and the one SIGKILL
leaves behind is removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.files import TEMP, atomic_write, remove_stale_temps

from .runners import GUIDE, cli_with_writes, guide

PDFS = ["en/consult-card.pdf", "ko/consult-card.pdf"]
# Two PDFs: enough for a "between", and quick. One process, so that "between" is a moment
# (with a pool both PDFs are typeset at once); killed workers have their own test.
BUILD = ["build", "--product", "card", "--jobs", "1"]

# The real CLI, with a disk so slow that a card (250-360 KB) takes about 0.6-0.9 s to write.
SLOW_RUNNER = cli_with_writes(
    """
for start in range(0, len(data), 4096):
    self.handle.write(data[start : start + 4096])
    self.handle.flush()
    time.sleep(0.01)
return len(data)
"""
)


@pytest.fixture(scope="module")
def old_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project and a complete earlier build of it, with an edition that shows on every page."""
    from .conftest import FIXTURES

    root = tmp_path_factory.mktemp("atomic")
    shutil.copytree(FIXTURES / "mini", root / "mini")
    assert guide("--project", str(root / "mini"), *BUILD, "--out", str(root / "old")).returncode == 0
    return root


def whole(pdf: Path) -> bool:
    data = pdf.read_bytes()
    return data.rstrip().endswith(b"%%EOF") and len(PdfReader(pdf).pages) >= 1


def temps(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def start(project: Path, out: Path, slow: bool) -> subprocess.Popen:
    command = [sys.executable, "-c", SLOW_RUNNER] if slow else [GUIDE]
    return subprocess.Popen(
        [*command, "--project", str(project), *BUILD, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Ctrl-C as at a terminal, even when the tests run in the background (which ignores SIGINT,
        # and a child inherits that)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the moment to interrupt never came"
        time.sleep(0.002)


@pytest.mark.typeset
@pytest.mark.parametrize("moment", ["starting", "between-pdfs", "writing"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["INT", "TERM", "KILL"])
def test_an_interrupted_build_leaves_old_or_whole_pdfs(old_build, tmp_path, signum, moment):
    out = tmp_path / "out"
    shutil.copytree(old_build / "old", out)
    old = {name: (out / name).read_bytes() for name in PDFS}
    # The next build's PDFs differ from the old ones: another edition date is printed.
    project = tmp_path / "mini"
    shutil.copytree(old_build / "mini", project)
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace("2026-01-15", "2026-02-20"))

    # A slow disk for "between-pdfs" too: one process typesets both PDFs and then writes them one after
    # the other, so on a fast disk the second follows the first line within milliseconds (the signal
    # came too late on a loaded machine); on a slow one it takes half a second.
    process = start(project, out, slow=moment != "starting")
    if moment == "starting":
        time.sleep(0.5)
    elif moment == "between-pdfs":
        assert process.stdout is not None
        process.stdout.readline()  # the first PDF is written; the next is being typeset
    else:
        wait_for(lambda: temps(out))  # a temporary file is half written
    process.send_signal(signum)
    process.communicate(timeout=60)
    assert process.returncode != 0

    changed = 0
    for name in PDFS:
        assert whole(out / name), name
        changed += (out / name).read_bytes() != old[name]
    if moment == "between-pdfs":
        assert 1 <= changed < len(PDFS)  # stopped part-way, as intended
    if signum == signal.SIGKILL:
        leftovers = temps(out)
        if moment == "writing":
            assert leftovers  # the killed writer could not clean up ...
        assert guide("--project", str(project), *BUILD, "--out", str(out)).returncode == 0
        assert all(whole(out / name) for name in PDFS)
    assert temps(out) == []  # ... but nothing is left for anyone to trip over


@pytest.mark.typeset
def test_two_builds_at_once_into_one_folder_both_finish(old_build, tmp_path):
    out = tmp_path / "out"
    project = old_build / "mini"
    first, second = start(project, out, slow=False), start(project, out, slow=False)
    for process in (first, second):
        _, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
    assert all(whole(out / name) for name in PDFS)
    assert temps(out) == []


def test_stale_temp_files_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".guide.pdf.{dead_pid}.abcd1234.tmp"
    live = tmp_path / f".guide.pdf.{os.getppid()}.abcd1234.tmp"  # pytest's parent: running
    other = tmp_path / ".notes.txt.swp"  # not ours
    for path in (stale, live, other):
        path.write_bytes(b"half a PDF")
    assert TEMP.match(stale.name) and TEMP.match(live.name)
    assert remove_stale_temps(tmp_path) == [stale]
    atomic_write(tmp_path / "guide.pdf", b"%PDF-1.7 whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "guide.pdf"])


def children(pid: int) -> list[int]:
    """The build's worker processes: its children running the same command (not fc-list)."""
    found = []
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # any process may end while it is read
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and (stat.parent / "cmdline").read_bytes() == command:
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.typeset
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_a_killed_worker_fails_the_build_cleanly_and_leaves_whole_pdfs(old_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(old_build / "old", out)
    project = tmp_path / "mini"
    shutil.copytree(old_build / "mini", project)
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace("2026-01-15", "2026-02-20"))
    process = subprocess.Popen(
        [GUIDE, "--project", str(project), "build", "--product", "card", "--jobs", "2", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: children(process.pid))
    time.sleep(0.2)  # the worker is importing WeasyPrint or typesetting
    os.kill(children(process.pid)[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "the process typesetting it stopped" in stderr and "Traceback" not in stderr
    assert all(whole(out / name) for name in PDFS)
    assert temps(out) == []


@pytest.mark.typeset
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_killing_the_build_takes_its_workers_with_it(old_build, tmp_path):
    command = [GUIDE, "--project", str(old_build / "mini"), "build", "--jobs", "2", "--out", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: children(process.pid))
    workers = children(process.pid)
    process.kill()  # the main process only, as an out-of-memory killer would
    process.communicate(timeout=30)  # returns: no orphaned worker holds the output pipes open
    wait_for(lambda: not [pid for pid in workers if alive(pid)], timeout=10)


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped by whoever adopted it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
