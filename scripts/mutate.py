"""Mutation testing of the modules that guard the reader: ``make mutate MODULE=messages/checks``.

mutmut (3.x, the ``dev`` group of uv.lock) changes one thing at a time in a module (a ``<`` to
``<=``, a string to another, a call's argument to None…) and runs the module's own fast tests
against each change: a change no test notices ("survived") is a line no test reaches. Each
module is run against the test files listed here (not the whole suite: a mutant runs them all),
in a scratch copy of the checkout, so the worktree gets no ``mutants/`` folder.

    python scripts/mutate.py messages/checks          # run, then print the score and the survivors
    python scripts/mutate.py messages/checks --show   # also each survivor's diff
    python scripts/mutate.py messages/checks --before # without the kill tests (tests/test_mutation_*.py)
    python scripts/mutate.py --list                   # the modules and their tests

The score: killed / (killed + survived + timeouts); "no tests" mutants count as survivors.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# module (under generator/) → (the functions to mutate, as mutmut names them; pytest's arguments: the
# module's fast tests, in this process: a test that runs `guide` in a child imports the unmutated code).
# (`-k`: the tests of a file that also tests other things; "mut" keeps the kill tests' file whole.)
CHECKS_TESTS = ["tests/test_checkers.py", "tests/test_numbers.py", "tests/test_glossary.py", "tests/test_addresses.py"]
ESCAPE = ["tests/test_safety.py", "tests/test_mutation_escape.py", "-k", "string or html or plain or mut"]
SERVE = ["tests/test_safety.py", "tests/test_blind_spots.py", "tests/test_mutation_serve.py", "-k", "serve or mut"]
POLICY = ["tests/test_blind_spots.py", "tests/test_mutation_policy.py", "-k", "translated or bilingual or mut"]
FETCHER = ["tests/test_blind_spots.py", "tests/test_mutation_fetcher.py", "-k", "attach or mut"]
MODULES: dict[str, tuple[str, list[str]]] = {
    "render/escape": ("*", ESCAPE),
    "render/markdown": ("*", ["tests/test_render.py", "tests/test_mutation_markdown.py"]),
    "fonts/coverage": ("*", ["tests/test_fonts.py", "tests/test_mutation_coverage.py"]),
    "publish/serve": ("xǁHandlerǁ*", SERVE),  # the request handler
    "typeset/__init__": ("x__fetcher*", FETCHER),  # the fetcher only
    "pipeline/policy": ("*", POLICY),
    "messages/checks": ("*", [*CHECKS_TESTS, "tests/test_mutation_checks.py", "tests/test_plural_messages.py"]),
    "messages/markup": ("*", [*CHECKS_TESTS, "tests/test_bounds.py", "tests/test_mutation_checks.py"]),
    "config/schema": ("*", ["tests/test_config.py", "tests/test_config_lines.py"]),
    "schema": (
        "*",
        [
            "tests/test_config_lines.py",
            "tests/test_content_lines.py",
            "tests/test_content.py",
            "tests/test_mutation_schema.py",
        ],
    ),
}
COPIED = ("generator", "templates", "tests", "content", "locales", "guide.toml", "pyproject.toml", "README.md", "docs")


def scratch_copy(module: str, folder: Path, before: bool = False) -> None:
    """The checkout's files the tests read, and a pyproject whose [tool.mutmut] names the module.
    ``before``: without the kill tests (tests/test_mutation_*.py), for the score they started from."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "dist"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    tests = [t for t in MODULES[module][1] if not t.endswith(".py") or (ROOT / t).exists()]
    if before:
        tests = [t for t in tests if not t.startswith("tests/test_mutation_")]
    pyproject = (folder / "pyproject.toml").read_text(encoding="utf-8")
    pyproject += f"""
[tool.mutmut]
source_paths = ["generator"]
only_mutate = ["generator/{module}.py"]
pytest_add_cli_args = ["-n", "0", "-p", "no:randomly", "-q", "-x"]
pytest_add_cli_args_test_selection = {tests!r}
also_copy = ["templates", "content", "locales", "guide.toml", "README.md", "docs"]
"""
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")


# How mutmut marks a mutant in its report.
VERDICTS = {"🎉": "killed", "🫥": "no tests", "⏰": "timeout", "🤔": "suspicious", "🙁": "survived", "🔇": "skipped"}


def run(module: str, show: bool, before: bool = False) -> float:
    """Run mutmut on one module; print the survivors and the score."""
    with tempfile.TemporaryDirectory(prefix="guide-mutate-") as scratch:
        folder = Path(scratch)
        scratch_copy(module, folder, before)
        mutmut = [str(Path(sys.executable).parent / "mutmut")]
        names = "generator." + module.replace("/", ".").removesuffix(".__init__") + "." + MODULES[module][0]
        report = subprocess.run([*mutmut, "run", names], cwd=folder, capture_output=True, text=True, check=False)
        verdicts = {}
        for line in report.stdout.splitlines():
            mark, _, name = line.strip().partition(" ")
            if mark in VERDICTS and name.startswith("generator."):
                verdicts[name] = VERDICTS[mark]
        if not verdicts:
            print(report.stdout[-3000:], report.stderr[-3000:], sep="\n")
        survivors = sorted(n for n, v in verdicts.items() if v in ("survived", "no tests", "timeout", "suspicious"))
        for name in survivors:
            print(f"{verdicts[name]}: {name}")
            if show:
                print(subprocess.run([*mutmut, "show", name], cwd=folder, capture_output=True, text=True).stdout)
    killed = sum(v == "killed" for v in verdicts.values())
    total = killed + len(survivors)
    score = 100.0 * killed / total if total else 100.0
    print(f"{module}: {killed} of {total} mutants killed ({score:.0f} %)")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("module", nargs="*", help="a module under generator/, e.g. messages/checks (default: all)")
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument("--list", action="store_true", help="list the modules and their test files")
    parser.add_argument("--before", action="store_true", help="without the kill tests (tests/test_mutation_*.py)")
    args = parser.parse_args()
    if args.list:
        for module, (functions, tests) in MODULES.items():
            print(f"{module} ({functions}): {' '.join(tests)}")
        return
    unknown = [m for m in args.module if m not in MODULES]
    if unknown:
        sys.exit(f"unknown module {unknown[0]!r}: one of {', '.join(MODULES)}")
    for module in args.module or list(MODULES):
        run(module, args.show, args.before)


if __name__ == "__main__":
    main()
