"""Build speed: `guide build` as a user runs it, against plain WeasyPrint.

Usage:  .venv/bin/python benchmarks/build_speed.py [--project DIR] [--runs N]

Scenarios (each the whole process, wall-clock, best of N runs):
  full build        guide build into an empty output folder
  rebuild           guide build again, nothing changed
  one locale        guide build --locale <first non-source locale>
  baseline          plain `weasyprint in.html out.pdf`, one process per document,
                    on the very HTML guide build typeset (same fonts), run in the same session
Prints a table with the ratio of each scenario to the baseline.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    guide = [str(BIN / "guide"), "--project", str(args.project)]
    work = Path(tempfile.mkdtemp(prefix="guide-bench-"))
    try:
        out = work / "dist"
        html_out = work / "html"
        subprocess.run([*guide, "build", "--html", "--out", str(html_out)], check=True, capture_output=True)
        documents = sorted(html_out.rglob("*.html"))
        locales = sorted({p.parent.name for p in documents})
        other = next((code for code in locales if code != "en"), locales[0])

        def full() -> None:
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([*guide, "build", "--out", str(out)], check=True, capture_output=True)

        def best(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
            return min(times)

        rows = [("full build", best(full, args.runs), len(documents))]
        rows.append(
            ("rebuild, nothing changed", timed([*guide, "build", "--out", str(out)], args.runs), len(documents))
        )
        rows.append(
            (
                f"one locale ({other})",
                timed([*guide, "build", "--locale", other, "--out", str(out)], args.runs),
                sum(1 for p in documents if p.parent.name == other),
            )
        )

        def baseline() -> None:
            for html in documents:
                subprocess.run(
                    [str(BIN / "weasyprint"), str(html), str(work / "b.pdf")], check=True, capture_output=True
                )

        base = best(baseline, args.runs)
        rows.append(("baseline: weasyprint, 1 process/document", base, len(documents)))
        print(f"{'scenario':<42}{'documents':>10}{'seconds':>10}{'vs baseline':>13}")
        for name, seconds, count in rows:
            print(f"{name:<42}{count:>10}{seconds:>10.2f}{seconds / base:>12.2f}x")
        sizes = sorted((p.stat().st_size, p.relative_to(out)) for p in out.rglob("*.pdf"))
        print("\nlargest outputs: " + ", ".join(f"{path} {size / 1024:.0f} KB" for size, path in sizes[-3:]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
