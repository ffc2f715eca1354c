"""The fast tier (`make test-fast`): every test that typesets nothing, for the edit loop.

A test that typesets (WeasyPrint lays out or writes a PDF: here, in a build's worker, in a `guide`
child or in the console script) is marked ``typeset``, by hand or because it asks for a built fixture.
In the fast tier (``GUIDE_TEST_TIER=fast``) tests/tier/sitecustomize.py makes typesetting refuse and
log, in this process and in every Python process a test starts: an unmarked test that typesets fails
and says so, so the tier stays what it says it is."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

FAST = os.environ.get("GUIDE_TEST_TIER") == "fast"
GUARD = Path(__file__).with_name("tier")
# The session fixtures that build (conftest, serving): a test that asks for one typesets.
BUILT = {"repo_build", "mini_build", "scripts_build", "script_cards", "served"}


def configure(config: pytest.Config, folder: Path) -> None:
    config.addinivalue_line("markers", "typeset: lays out a document with WeasyPrint (not in the fast tier)")
    config.addinivalue_line("markers", "slow: starts `guide` or a worker process several times (not in the fast tier)")
    if not FAST:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # a log per process: counts are per test
    log = folder / f"typeset-{worker}.log"
    log.touch()
    os.environ["GUIDE_TEST_TYPESET_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")]))
    # The guard, for this process too (it ran at start-up without the log, if it ran: another
    # sitecustomize may have come first, as benchmarks/suite_time.py's tracer does), read by its path
    spec = importlib.util.spec_from_file_location("guide_tier_guard", GUARD / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)
    guard.install()


def mark(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILT & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.typeset)


def typeset_count() -> int:
    log = os.environ.get("GUIDE_TEST_TYPESET_LOG")
    return len(Path(log).read_text(encoding="utf-8").splitlines()) if FAST and log else 0
