"""The fast tier's guard in every Python process a test starts (tests/tiers.py puts this folder on
PYTHONPATH): WeasyPrint's layout, once imported, refuses to run and logs the test that asked."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable
from types import ModuleType

LOG = "GUIDE_TEST_TYPESET_LOG"


def refuse_typesetting(weasyprint: ModuleType) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        with open(os.environ[LOG], "a", encoding="utf-8") as log:
            log.write(os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0] + "\n")
        raise RuntimeError("the fast tier typesets nothing: mark this test @pytest.mark.typeset")

    weasyprint.HTML.render = refused
    weasyprint.HTML.write_pdf = refused


class AfterImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps a module's own loader so that ``hook(module)`` follows its import
    (benchmarks/suite_time.py's tracer uses it too)."""

    def __init__(self, name: str, hook: Callable[[ModuleType], None]) -> None:
        self.name, self.hook = name, hook

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            exec_module, hook = spec.loader.exec_module, self.hook

            def then_hook(module: ModuleType) -> None:
                exec_module(module)
                hook(module)

            spec.loader.exec_module = then_hook  # type: ignore[method-assign]
        return spec


def install() -> None:
    if "weasyprint" in sys.modules:
        refuse_typesetting(sys.modules["weasyprint"])
    else:
        sys.meta_path.insert(0, AfterImport("weasyprint", refuse_typesetting))


if os.environ.get("GUIDE_TEST_TIER") == "fast" and LOG in os.environ:
    install()
