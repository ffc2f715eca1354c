"""Bad input never crashes, never corrupts: the matrix of tests/fixtures/bad/.

Each folder of tests/fixtures/bad/ holds only the files that differ from the
``mini`` fixture project, and a ``case.toml``: the command (``args``), the
error line it must print (``expect``, a regex for what follows ``error: ``),
files to delete from the copy (``remove``) and a ``setup`` for what files
cannot hold (an unwritable folder, a full disk). Every case runs through the
real ``guide`` command, in a process of its own (tests/runners.py), and must give
exactly one ``error:`` line naming the file (and line), exit 1, no traceback, and
leave no PDF or temporary file in the output folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import FIXTURES
from .runners import guide, tampered_writes

BAD = FIXTURES / "bad"
CASES = sorted(path.name for path in BAD.iterdir() if (path / "case.toml").is_file())

# The CLI's process has a disk that fills up half-way through a PDF's data. (Only a PDF's: fonts
# prepared into the cache go first when the cache is cold, and would be the file named.)
ENOSPC = tampered_writes(
    """
if data[:4] != b"%PDF":
    return self.handle.write(data)
self.handle.write(data[: len(data) // 2])
self.handle.flush()
raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
"""
)


# What a file outside the project holds: read, a PO or YAML reader would quote its first line.
SECRET = "hunter2-do-not-print"
SECRET_TEXT = f'msgid "AWS_SECRET_ACCESS_KEY={SECRET}\ntitle: [{SECRET}\n'


def project_for(case: str, tmp_path: Path) -> tuple[Path, dict]:
    """A copy of mini with the case's files laid over it."""
    spec = tomllib.loads((BAD / case / "case.toml").read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    for rel in spec.get("remove", []):
        shutil.rmtree(project / rel)
    for path in (BAD / case).rglob("*"):
        if path.is_file() and path.name != "case.toml":
            target = project / path.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return project, spec


def make_unwritable(folder: Path) -> list[str]:
    """Read-only for this user; as root (whom modes do not stop) also immutable. Returns the undo command."""
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return []
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode:
        pytest.skip("running as root without chattr: no folder is unwritable")
    return ["chattr", "-i", str(folder)]


def run_case(case: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, dict, Path]:
    project, spec = project_for(case, tmp_path)
    out = tmp_path / "out"
    setup = spec.get("setup")
    undo: list[str] = []
    if setup == "readonly-out":
        undo = make_unwritable(out / "ko")
    elif setup == "file-in-the-way":
        out.mkdir()
        (out / "ko").write_text("not a folder")
    elif setup == "dev-zero":  # a symlink cannot be copied from the fixture: it would be read
        po = project / "locales/ko/LC_MESSAGES/guide.po"
        po.unlink()
        po.symlink_to("/dev/zero")
    elif setup == "link-out":  # a file of the project that is a link to a secret outside it
        secret = tmp_path / "secret.txt"
        secret.write_text(SECRET_TEXT, encoding="utf-8")
        link = project / spec["link"]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(secret)
    elif setup == "foreign-index":
        out.mkdir()
        (out / "index.html").write_text("<h1>the user's own page</h1>")
    args = [*spec["args"], "--out", str(out)] if spec["args"][0] == "build" else spec["args"]
    try:
        result = guide("--project", str(project), *args, cwd=tmp_path, prelude=ENOSPC if setup == "enospc" else "")
    finally:
        if undo:
            subprocess.run(undo, check=True)
        if (out / "ko").is_dir():
            (out / "ko").chmod(0o755)
    return result, spec, out


@pytest.mark.typeset
@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_clear_line_and_no_half_written_file(case, tmp_path):
    result, spec, out = run_case(case, tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr  # one line, no log noise around it
    assert SECRET not in result.stdout + result.stderr  # nothing outside the project is read
    # A path is shown relative to the project, or in full when outside it (the output folder).
    assert re.match(rf"error: (?:/\S*/)?{spec['expect']}", lines[0]), (spec["expect"], lines[0])
    leftovers = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".tmp", ".pdf")] if out.is_dir() else []
    assert leftovers == [], leftovers


def test_the_matrix_covers_the_issue():
    """The issue's list of bad inputs, each present as a case."""
    wanted = {
        "po-syntax-error", "po-invalid-utf8", "po-wrong-charset", "po-duplicate-msgid", "config-unknown-locale",
        "missing-locale-folder", "empty-catalogue", "content-syntax-error", "content-no-id", "content-duplicate-id",
        "template-syntax-error", "template-unknown-message", "font-file-missing", "font-lacks-glyphs",
        "output-unwritable", "disk-full", "config-unknown-key", "config-wrong-type", "translation-too-long",
        # issue 12
        "translation-carriage-return", "translation-bidi-mark", "translation-line-separator",
        "translation-numbers-differ", "translation-blank-critical", "config-domain-path", "config-output-over-source",
        "config-output-empty", "config-han-lang-markup", "catalogue-dev-zero", "output-foreign-index",
    }  # fmt: skip
    assert wanted <= set(CASES), wanted - set(CASES)


@pytest.mark.slow
def test_debug_shows_the_traceback(tmp_path):
    project, _ = project_for("po-duplicate-msgid", tmp_path)
    result = guide("--project", str(project), "--debug", "build", "--locale", "ko", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "CatalogueError" in result.stderr


@pytest.mark.typeset
def test_a_full_disk_keeps_the_old_pdf(tmp_path):
    """The ENOSPC case again, over a good PDF from an earlier build: it is left as it was."""
    project, _ = project_for("disk-full", tmp_path)
    out = tmp_path / "out"
    args = ["--project", str(project), "build", "--locale", "ko", "--product", "card", "--out", str(out)]
    assert guide(*args).returncode == 0
    before = (out / "ko/consult-card.pdf").read_bytes()
    # --force: the inputs did not change, and an incremental build would not write at all
    result = guide(*args, "--force", prelude=ENOSPC)
    assert result.returncode == 1 and "No space left on device" in result.stderr
    assert (out / "ko/consult-card.pdf").read_bytes() == before
    assert len(PdfReader(out / "ko/consult-card.pdf").pages) >= 1
    assert [p.name for p in (out / "ko").iterdir()] == ["consult-card.pdf"]


@pytest.mark.slow
def test_a_bug_is_one_line_with_exit_70_and_the_traceback_only_with_debug(tmp_path):
    """Not bad input but a bug in guide (simulated): still one line, and a way to see more."""
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    bug = (
        "import sys, generator.content\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('simulated bug')\n"
        "sys.modules['generator.content'].load_content = broken\n"
    )
    args = ["--project", str(project), "build", "--out", str(tmp_path / "o")]
    # A process of Python's own making, as the console script's: exit code 70 is what it ends with.
    runner = bug + "from generator.cli import main\nmain()\n"
    result = subprocess.run([sys.executable, "-c", runner, *args], capture_output=True, text=True, check=False)
    assert result.returncode == 70
    assert result.stderr.splitlines() == [
        "error: internal error: RuntimeError: simulated bug (run again with --debug and report it)"
    ]
    debug = guide("--debug", *args, prelude=bug)
    assert debug.returncode == 70 and "Traceback" in debug.stderr and "simulated bug" in debug.stderr
