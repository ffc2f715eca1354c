"""The package's shape, as docs/internals.md ("How it works") describes it: a stage imports only stages
below it, and only through their package's API; functions and modules stay short enough to read
in one sitting; the module table of docs/internals.md lists every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "generator"
# Bottom to top. A module imports only from its own stage or one listed before it.
STAGES = [
    {"errors", "files", "paths", "papers", "schema", "unicode"},
    {"config"},
    {"content"},
    {"messages"},
    {"fonts"},
    {"render"},
    {"typeset"},
    {"impose", "press"},  # the outputs made from a typeset PDF or its HTML: neither imports the other
    {"pipeline"},
    {"publish"},
    {"new"},
    {"cli"},
]
LEVEL = {name: level for level, names in enumerate(STAGES) for name in names}
LONGEST_FUNCTION = 60
LONGEST_MODULE = 350


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path) -> list[str]:
    """generator/render/html.py → ["render", "html"]; a package's __init__ → ["render"]."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(path: Path, source: str | None = None) -> list[tuple[int, list[str]]]:
    """(line, the imported module inside generator) for every import, at any depth: in functions (lazy),
    under TYPE_CHECKING, ``from . import x`` and ``import generator.x`` alike."""
    here = dotted(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if node.module:
                found.append((node.lineno, target))
            else:  # from . import a, b: a module of that package, or a name from its API
                for alias in node.names:
                    module = PACKAGE.joinpath(*target, alias.name)
                    is_module = module.is_dir() or module.with_suffix(".py").is_file()
                    found.append((node.lineno, target + [alias.name] if is_module else target))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.append((node.lineno, node.module.split(".")[1:]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[1:]) for a in node.names if a.name.startswith("generator.")]
    return found


def stage(parts: list[str]) -> str:
    return parts[0] if parts else "__init__"


def violations(path: Path, source: str | None = None) -> list[str]:
    """Each import of the module at ``path`` (or of ``source``, as if it were there) that breaks the order."""
    mine, found = stage(dotted(path)), []
    for line, target in imports(path, source):
        theirs = stage(target)
        if theirs == mine:
            continue
        where = f"{path.relative_to(ROOT)}:{line}: imports {'.'.join(target) or 'generator'}"
        if theirs not in LEVEL:
            found.append(f"{where}, the public API above every stage")
        elif not (LEVEL[theirs] < LEVEL[mine] or LEVEL[theirs] == LEVEL[mine] == 0):  # base modules use each other
            found.append(f"{where}, a stage above {mine}" if LEVEL[theirs] > LEVEL[mine] else f"{where}, beside {mine}")
        elif (PACKAGE / theirs).is_dir() and len(target) > 1:
            found.append(f"{where}: import from the {theirs} package's API instead")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_imports_only_stages_below_it_through_their_api(path: Path) -> None:
    if path == PACKAGE / "__init__.py":
        return  # the public API: it may name anything
    assert not violations(path), "\n".join(violations(path))


def test_every_import_counts_in_a_function_under_type_checking_or_spelled_in_full() -> None:
    """The order is read from every import, not only the module's first lines (its graph at run time)."""
    probe = PACKAGE / "typeset" / "probe.py"  # not written: its source is given
    above = "generator/typeset/probe.py:{}: imports {}, a stage above typeset"
    assert violations(probe, "def f():\n    if True:\n        from ..pipeline import build\n") == [
        above.format(3, "pipeline")
    ]
    assert violations(probe, "import generator.press\n") == [above.format(1, "press")]
    beside = PACKAGE / "impose" / "probe.py"
    assert violations(beside, "from ..press import typeset_press\n") == [
        "generator/impose/probe.py:1: imports press, beside impose"
    ]
    inside = "if TYPE_CHECKING:\n    from ..render.html import Rendition\n"
    assert violations(probe, inside) == [
        "generator/typeset/probe.py:2: imports render.html: import from the render package's API instead"
    ]
    assert violations(probe, "from ..fonts import cache_dir\nfrom . import panels\n") == []


def test_every_module_has_a_stage() -> None:
    assert {stage(dotted(p)) for p in modules()} - {"__init__"} <= set(LEVEL)


def test_no_function_is_longer_than_one_screen() -> None:
    long = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} is {length} lines")
    assert not long, "\n".join(long)


def test_no_module_is_longer_than_a_sitting() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    ]
    assert not long, "\n".join(long)


def test_the_internals_page_lists_every_module_in_pipeline_order() -> None:
    table = (ROOT / "docs/internals.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([\w/.]+\.py)` \|", table, re.M)
    actual = [str(p.relative_to(PACKAGE)) for p in modules()]
    assert sorted(listed) == sorted(actual), "docs/internals.md's module table and generator/ differ"
    order = [LEVEL.get(stage(dotted(PACKAGE / name)), -1) for name in listed if name != "__init__.py"]
    assert order == sorted(order), "docs/internals.md's module table is not in pipeline order"
