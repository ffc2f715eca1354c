"""The text layer: what pdftotext and pdfium read back from each card and guide, with the ActualText
and ToUnicode work of generator/typeset/actualtext.py and without it (plain WeasyPrint 70), in one run.

Usage:  .venv/bin/python benchmarks/text_layer.py [--project DIR ...] [--products card,guide]

Each project (default: the multi-script fixture and the first guide) is built into temporary folders,
in one process each (``jobs=1``): as `guide build` does ("after"), and with the hooks of
typeset/actualtext.py and typeset/paintorder.py left out ("before": plain WeasyPrint's text layer).
Prints per locale and product the paragraphs found by each extractor (as tests/test_text_layer.py
counts them) and the PDFs' size, before and after, and the build's CPU time (the median of --runs
builds of each, taken in turn).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_text_layer import PRODUCTS, missing, paragraphs  # noqa: E402  (one definition of "found")

BUILD = """
import json, resource, sys, time
from pathlib import Path
from generator import BuildOptions, build, load_config
from generator.typeset import actualtext, paintorder
if sys.argv[3] == "before":
    actualtext.install = paintorder.install = lambda: None  # plain WeasyPrint's text layer
config, times = load_config(Path(sys.argv[1])), []
for _ in range(int(sys.argv[5])):
    start = time.process_time()
    build(config, BuildOptions(Path(sys.argv[2]), products=sys.argv[4].split(","), write_html=True, variants=False,
                               jobs=1, force=True))
    times.append(time.process_time() - start)
print(json.dumps({"cpu": sorted(times)[len(times) // 2]}))
"""


def built(project: Path, out: Path, mode: str, products: str, runs: int) -> float:
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(project), str(out), mode, products, str(runs)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return float(json.loads(result.stdout.strip().splitlines()[-1])["cpu"])


def rows(project: Path, outs: dict[str, Path], products: list[str]) -> list[str]:
    lines = []
    for locale in sorted(p.name for p in outs["after"].iterdir() if p.is_dir() and not p.name.startswith("_")):
        for product in products:
            if not (outs["after"] / locale / PRODUCTS[product]).exists():
                continue
            total = len(paragraphs(project, outs["after"], locale, product))
            cells = []
            for mode in ("before", "after"):
                by_poppler, by_pdfium = missing(project, outs[mode], locale, product)
                cells.append(f"{total - len(by_poppler):>3}/{total} {total - len(by_pdfium):>3}/{total}")
            size = [(outs[m] / locale / PRODUCTS[product]).stat().st_size // 1024 for m in ("before", "after")]
            lines.append(f"{locale:8} {product:6} {cells[0]:>17} {cells[1]:>17}   {size[0]:>4} {size[1]:>4} KB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", action="append", type=Path)
    parser.add_argument("--products", default="card,guide")
    parser.add_argument("--runs", type=int, default=3, help="builds per mode; the CPU time is their median")
    args = parser.parse_args()
    projects = args.project or [ROOT / "tests" / "fixtures" / "scripts", ROOT]
    products = args.products.split(",")
    print(f"{'locale':8} {'':6} {'before: poppler pdfium':>22} {'after: poppler pdfium':>22}   size before/after")
    for project in projects:
        with tempfile.TemporaryDirectory() as folder:
            outs = {mode: Path(folder) / mode for mode in ("before", "after")}
            cpu: dict[str, list[float]] = {mode: [] for mode in outs}
            for _ in range(args.runs):  # the modes in turn, so that the machine's load weighs on both alike
                for mode in outs:
                    cpu[mode].append(built(project, outs[mode], mode, ",".join(products), 1))
            median = {mode: sorted(times)[len(times) // 2] for mode, times in cpu.items()}
            name = project.name or str(project)
            print(f"-- {name}: build CPU {median['before']:.1f} s before, {median['after']:.1f} s after")
            print("\n".join(rows(project, outs, products)))


if __name__ == "__main__":
    main()
