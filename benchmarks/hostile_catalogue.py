"""Hostile catalogue entries: what one entry cost before the caps of generator/messages/bounds.py, and now.

Before: what ``guide check`` ran on a translation before its length was looked at (markdown-it's
inline parse, the link regex), timed on growing sizes (1 MB would take most of an hour). Now:
``check_texts`` on the same entry, then ``guide check`` and ``guide build --locale ko --product card``
on a copy of the mini fixture with a 1 MB entry, as whole processes.

    .venv/bin/python benchmarks/hostile_catalogue.py [--sizes 16000,32000,64000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from markdown_it import MarkdownIt

from generator.messages.checks import check_texts

ROOT = Path(__file__).resolve().parents[1]
GUIDE = str(Path(sys.executable).parent / "guide")
SOURCE = "Ask each one."
SHAPES = {"[a](": "[a](", "*": "*", "**a": "**a", "[": "[", "one line": "x"}
_MD = MarkdownIt("zero").enable(["emphasis", "link", "escape"])  # markup._MD
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)\)")  # checks.LINK, as _multiset ran it


def before(text: str) -> None:
    """The parses the old check_texts ran first, whatever the translation's length."""
    _MD.parseInline(text)
    sorted(m.group(1) for m in _LINK.finditer(text))


def after(text: str) -> None:
    """guide check's findings for the entry now."""
    list(check_texts(SOURCE, text, [], "ko"))


def seconds(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def entry_table(sizes: list[int]) -> None:
    print(f"{'shape':10} {'chars':>9} {'before s':>9} {'after ms':>9}")
    for name, unit in SHAPES.items():
        for size in sizes:
            text = unit * (size // len(unit))
            old = seconds(before, text)
            print(f"{name:10} {len(text):9} {old:9.3f} {seconds(after, text) * 1e3:9.3f}", flush=True)
        text = unit * (1_000_000 // len(unit))
        print(f"{name:10} {len(text):9} {'not run':>9} {seconds(after, text) * 1e3:9.3f}")


def process_table() -> None:
    print(f"\n{'1 MB entry, whole process':34} {'check s':>8} {'build s':>8}")
    for name, unit in SHAPES.items():
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder) / "mini"
            shutil.copytree(ROOT / "tests/fixtures/mini", project)
            po_path = project / "locales/ko/LC_MESSAGES/guide.po"
            po = polib.pofile(str(po_path), wrapwidth=0)
            next(e for e in po if e.msgctxt == "card.intro").msgstr = unit * (1_000_000 // len(unit))
            po.save()
            times = []
            for args in (["check", "--locale", "ko"], ["build", "--locale", "ko", "--product", "card"]):
                start = time.perf_counter()
                result = subprocess.run([GUIDE, *args], cwd=project, capture_output=True, text=True, timeout=600)
                times.append(time.perf_counter() - start)
                assert result.returncode == 1 and "times as long" in result.stdout + result.stderr
            print(f"{name:34} {times[0]:8.2f} {times[1]:8.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16000,32000,64000", help="entry sizes (characters) timed before and after")
    args = parser.parse_args()
    entry_table([int(size) for size in args.sizes.split(",")])
    process_table()


if __name__ == "__main__":
    main()
