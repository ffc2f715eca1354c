"""The fast tier's guard (tests/tiers.py): a test that typesets unmarked fails in the fast tier and
says what to do, whether it typesets in its own process or in a `guide` it starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

UNMARKED = """
import subprocess, sys
from pathlib import Path

def test_in_process(tmp_path):
    import weasyprint
    weasyprint.HTML(string="<p>x</p>").write_pdf(tmp_path / "x.pdf")

def test_in_a_guide_it_starts(tmp_path):
    guide = Path(sys.executable).parent / "guide"
    out = str(tmp_path / "c.pdf")
    subprocess.run([str(guide), "--project", "{mini}", "card", "--lang", "en", "--out", out], check=True)

def test_that_reads_only():
    assert True
"""


@pytest.mark.slow
def test_an_unmarked_test_that_typesets_fails_in_the_fast_tier(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "__init__.py").write_text("")
    (tests / "conftest.py").write_text((ROOT / "tests/conftest.py").read_text(encoding="utf-8"))
    for helper in ("tiers.py", "serving.py", "runners.py", "forkserver.py"):
        (tests / helper).write_text((ROOT / "tests" / helper).read_text(encoding="utf-8"))
    (tests / "tier").mkdir()
    (tests / "tier/sitecustomize.py").write_text((ROOT / "tests/tier/sitecustomize.py").read_text(encoding="utf-8"))
    (tests / "test_unmarked.py").write_text(UNMARKED.replace("{mini}", str(ROOT / "tests/fixtures/mini")))
    env = {**os.environ, "GUIDE_TEST_TIER": "fast"}
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q", "-m", "not typeset", "tests"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout
    assert "2 failed, 1 passed" in run.stdout, run.stdout
    for test in ("test_in_process", "test_in_a_guide_it_starts"):
        assert f"FAILED tests/test_unmarked.py::{test}" in run.stdout
    assert "error: internal error: RuntimeError: the fast tier typesets nothing: mark this test" in run.stdout
