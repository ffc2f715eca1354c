"""`guide card` handed to a warm worker (`guide warm`): the same bytes, errors and exit codes as cold."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from generator.publish.warm import socket_path

from .conftest import FIXTURES
from .serving import _pump, wait_until

GUIDE = str(Path(sys.executable).parent / "guide")
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def card(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GUIDE, "--project", str(project), "card", "--lang", "ko", "--out", str(out), *extra],
        capture_output=True, text=True, env={**os.environ, **EPOCH, **(env or {})}, check=False,
    )  # fmt: skip


@contextlib.contextmanager
def warm_worker(project: Path) -> Iterator[list[str]]:
    """`guide warm` running for ``project``; yields the lines it prints (one per job)."""
    process = subprocess.Popen(
        [GUIDE, "--project", str(project), "warm", "--idle", "300"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    try:
        wait_until(lambda: lines or process.poll() is not None)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=30)
    path = socket_path(project)
    assert path is not None and not path.exists()  # a stopped worker leaves no socket behind


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the mini project for the module's one warm worker (a test that edits it puts it back)."""
    target = tmp_path_factory.mktemp("warm") / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="module")
def warm(project: Path) -> Iterator[list[str]]:
    """One worker for the module's tests (a worker serves any number of cards: starting one is 1 s)."""
    with warm_worker(project) as lines:
        yield lines


@contextlib.contextmanager
def edited(po_path: Path) -> Iterator[polib.POFile]:
    """The catalogue to edit and save; put back as it was afterwards."""
    before = po_path.read_bytes()
    try:
        yield polib.pofile(str(po_path))
    finally:
        po_path.write_bytes(before)


@pytest.mark.typeset
def test_a_warm_card_is_the_cold_card_byte_for_byte(project, tmp_path, warm):
    cold_out = tmp_path / "cold.pdf"
    # -v builds in its own process (its log lines are its own): the cold reference
    seen = len(warm)
    cold = card(project, cold_out, "-v")
    assert cold.returncode == 0, cold.stderr
    assert not any("card" in line for line in warm[seen:])
    hot = card(project, tmp_path / "warm.pdf")
    assert hot.returncode == 0, hot.stderr
    assert wait_until(lambda: any(str(tmp_path / "warm.pdf") in line for line in warm))  # the worker built it
    assert (tmp_path / "warm.pdf").read_bytes() == cold_out.read_bytes()
    assert hot.stdout.replace("warm.pdf", "cold.pdf") == cold.stdout


@pytest.mark.typeset
def test_a_warm_sheet_is_the_cold_sheet(project, tmp_path, warm):
    cold = card(project, tmp_path / "cold.pdf", "--paper", "a4", "-v")
    hot = card(project, tmp_path / "warm.pdf", "--paper", "a4")
    assert cold.returncode == hot.returncode == 0, cold.stderr + hot.stderr
    assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    assert hot.stdout.replace("warm.pdf", "cold.pdf") == cold.stdout


@pytest.mark.slow
def test_a_warm_error_is_the_cold_error(project, tmp_path, warm):
    seen = len(warm)
    with edited(project / "locales/ko/LC_MESSAGES/guide.po") as po:
        po.find("How many cells are in one dose?", msgctxt="basics.ask.dose").flags.append("fuzzy")
        po.save()
        cold = card(project, tmp_path / "cold.pdf", "-v")
        hot = card(project, tmp_path / "warm.pdf")
    assert cold.returncode == hot.returncode == 1
    assert "ko card not built: 1 safety-critical message(s)" in hot.stderr
    assert hot.stderr == "".join(line + "\n" for line in cold.stderr.splitlines() if not line.startswith("INFO"))
    assert wait_until(lambda: any(line.endswith(": error") for line in warm[seen:]))
    assert not (tmp_path / "warm.pdf").exists()


@pytest.mark.typeset
def test_a_warm_card_reads_the_sources_afresh(project, tmp_path, warm):
    """An edit between two cards is in the second: the worker keeps code warm, not the project."""
    first = card(project, tmp_path / "first.pdf")
    with edited(project / "locales/ko/LC_MESSAGES/guide.po") as po:
        entry = next(e for e in po if e.msgctxt == "basics.ask.dose")
        entry.msgstr += " 가나다"
        po.save()
        second = card(project, tmp_path / "second.pdf")
        cold = card(project, tmp_path / "cold.pdf", "-v")
    assert first.returncode == second.returncode == cold.returncode == 0
    assert (tmp_path / "second.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    assert (tmp_path / "second.pdf").read_bytes() != (tmp_path / "first.pdf").read_bytes()


@pytest.mark.typeset
def test_without_a_worker_guide_card_builds_itself(mini, tmp_path):
    path = socket_path(mini)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")  # a socket file left by a killed worker: nobody listens
    try:
        result = card(mini, tmp_path / "card.pdf")
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "card.pdf").read_bytes()[:5] == b"%PDF-"
    finally:
        path.unlink()


@pytest.fixture
def private_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test's own (for the warm worker and every command it runs): the test
    changes its warm/ folder, which the session's other workers' tests share. Short: a socket's path is."""
    folder = Path(tempfile.mkdtemp(prefix="gw-"))
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.typeset
def test_only_this_user_may_hand_the_worker_a_card(private_cache, mini, tmp_path):
    """The worker writes where it is told: its socket's folder is the user's alone, else unused."""
    with warm_worker(mini) as lines:  # its own: the cache folder is this test's
        path = socket_path(mini)
        assert path is not None and path.parent.stat().st_mode & 0o777 == 0o700
        path.parent.chmod(0o755)
        try:
            result = card(mini, tmp_path / "card.pdf")
            assert result.returncode == 0, result.stderr
            assert not any("card.pdf" in line for line in lines)  # built by the caller, not handed over
        finally:
            path.parent.chmod(0o700)


@pytest.mark.slow
def test_a_second_worker_for_the_same_project_is_refused(project, warm):
    result = subprocess.run([GUIDE, "--project", str(project), "warm"], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "no warm worker started: a warm worker already listens on" in result.stderr


@pytest.mark.slow
def test_weasyprint_imported_quickly_opens_the_same_libraries():
    """import_weasyprint skips ctypes' gcc/ld search, not a library: the same C libraries are mapped."""
    script = (
        "import sys; from generator.typeset import import_weasyprint\n"
        "import_weasyprint() if sys.argv[1] == 'quick' else __import__('weasyprint')\n"
        "print(sorted({l.split()[-1] for l in open('/proc/self/maps') if '.so' in l}))"
    )
    maps = [
        subprocess.run([sys.executable, "-c", script, how], capture_output=True, text=True, check=True).stdout
        for how in ("quick", "plain")
    ]
    assert "libpango-1.0.so" in maps[0] and "libharfbuzz-subset.so" in maps[0]
    assert maps[0] == maps[1]


def test_guide_serve_builds_guide_cards_warm(served, tmp_path):
    """While `guide serve` runs, it builds `guide card`'s card: the same bytes as a card built alone."""
    project = served.out.parent
    hot = card(project, tmp_path / "warm.pdf")
    cold = card(project, tmp_path / "cold.pdf", "-v")
    assert hot.returncode == cold.returncode == 0, hot.stderr + cold.stderr
    said = f"guide card: ko card (a6): {tmp_path / 'warm.pdf'}"
    assert wait_until(lambda: any(said in line for line in served.stdout))
    assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    assert served.stop() == 0
    assert wait_until(lambda: not (path := socket_path(project)) or not path.exists())


def test_a_worker_of_other_generator_inputs_is_not_asked(mini, tmp_path, monkeypatch):
    # the socket is named by the build's own list of the generator's inputs (pipeline.inputs), by
    # content: an edited template or shipped catalogue names another worker, as edited code does
    from generator import paths

    for name, folder in (("BUILTIN_TEMPLATES", "templates"), ("GENERATOR_LOCALES", "locale")):
        shutil.copytree(getattr(paths, name), tmp_path / folder)
        monkeypatch.setattr(paths, name, tmp_path / folder)
    names = [socket_path(mini)]
    (tmp_path / "templates/style/card.css").write_text("/* edited */", encoding="utf-8")
    names.append(socket_path(mini))
    po = tmp_path / "locale/ko/LC_MESSAGES/generator.po"
    po.write_text(po.read_text(encoding="utf-8").replace("카드 발행일", "카드 발행 날짜"), encoding="utf-8")
    names.append(socket_path(mini))
    os.utime(po, (1, 1))  # a new time, the same content: the same worker
    names.append(socket_path(mini))
    assert None not in names and len(set(names)) == 3 and names[2] == names[3]
