"""Build speed: `guide build` as a user runs it, against plain WeasyPrint, in one run.

Usage:  .venv/bin/python benchmarks/build_speed.py [--project DIR] [--runs N]

The project is copied to a temporary folder (the benchmark edits a catalogue there),
and prepared fonts go to a temporary cache, so nothing of yours is touched.

Scenarios (each the whole process as a user runs it, wall-clock, best of N runs):
  cold fonts      guide build, empty font cache and empty output folder
  full build      guide build into an empty output folder, fonts already prepared
  full, --jobs 1  the same in one process (what the pool buys)
  documents only  the same, without the sheets (the baseline's work: the same documents)
  no-op           guide build again, nothing changed
  one catalogue   one locale's .po edited, then guide build (only that locale is rebuilt)
  baseline        plain `weasyprint in.html out.pdf`, one process per document, on the
                  very HTML guide build typeset (same fonts)
Prints a table with each scenario's ratio to the baseline, the peak memory of any
process of the build, and the size of every output against its target.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
TARGETS_KB = {"consult-card": 150, "guide": 800}  # issue 6: card PDFs under 150 KB, guides under 800 KB


def best(fn: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="guide-bench-"))
    try:
        project = work / "project"
        shutil.copytree(
            args.project,
            project,
            ignore=shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", "*.egg-info", "benchmarks", "tests"),
        )
        cache = work / "cache"
        env = {**os.environ, "GUIDE_CACHE_DIR": str(cache)}
        guide = [str(BIN / "guide"), "--project", str(project), "build"]
        out = work / "dist"

        def sh(command: list[str]) -> None:
            subprocess.run(command, check=True, capture_output=True, env=env)

        def cold_fonts() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            sh([*guide, "--out", str(out)])

        def full(jobs: list[str]) -> Callable[[], None]:
            def run() -> None:
                shutil.rmtree(out, ignore_errors=True)
                sh([*guide, "--out", str(out), *jobs])

            return run

        rows: list[tuple[str, float, int]] = []
        rows.append(("cold fonts (font cache empty)", best(cold_fonts, args.runs), 0))
        rows.append(("full build (fonts prepared)", best(full([]), args.runs), 0))
        rows.append(("full build, --jobs 1", best(full(["--jobs", "1"]), args.runs), 0))
        documents = sorted(out.rglob("*.pdf"))
        rows = [(name, seconds, len(documents)) for name, seconds, _ in rows]

        # The baseline's work only: the same documents, without the sheets imposed from them.
        plain = work / "plain"
        shutil.copytree(project, plain)
        toml = plain / "guide.toml"
        toml.write_text(re.sub(r"(?m)^papers\s*=.*$", "", toml.read_text(encoding="utf-8")), encoding="utf-8")
        plain_out = work / "plain-dist"

        def documents_only() -> None:
            shutil.rmtree(plain_out, ignore_errors=True)
            sh([str(BIN / "guide"), "--project", str(plain), "build", "--out", str(plain_out)])

        seconds = best(documents_only, args.runs)
        rows.append(("full build, documents only (no sheets)", seconds, len(list(plain_out.rglob("*.pdf")))))
        rows.append(("no-op rebuild", best(lambda: sh([*guide, "--out", str(out)]), args.runs), 0))

        locales = sorted({p.parent.name for p in documents})
        catalogues = [c for c in locales if (project / f"locales/{c}/LC_MESSAGES/guide.po").exists()]
        edited = next((c for c in catalogues if c != "en"), catalogues[0])  # a translation, not the source
        po = project / f"locales/{edited}/LC_MESSAGES/guide.po"
        serial = [0]

        def one_catalogue() -> None:
            serial[0] += 1  # a real edit each run: a translator's comment on the first entry
            text = po.read_text(encoding="utf-8").replace("\n\n#", f"\n\n# benchmark edit {serial[0]}\n#", 1)
            po.write_text(text, encoding="utf-8")
            sh([*guide, "--out", str(out)])

        rows.append(
            (
                f"one catalogue changed ({edited})",
                best(one_catalogue, args.runs),
                sum(p.parent.name == edited for p in documents),
            )
        )
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        html_out = work / "html"
        sh([*guide, "--out", str(html_out), "--html"])
        pages = sorted(p for p in html_out.rglob("*.html") if p.name != "index.html")  # typeset documents

        def baseline() -> None:
            for html in pages:
                sh([str(BIN / "weasyprint"), str(html), str(work / "baseline.pdf")])

        base = best(baseline, args.runs)
        rows.append(("baseline: weasyprint, 1 process/document", base, len(pages)))

        print(f"{'scenario':<44}{'documents':>10}{'seconds':>10}{'vs baseline':>13}")
        for name, seconds, count in rows:
            print(f"{name:<44}{count:>10}{seconds:>10.2f}{seconds / base:>12.2f}x")
        print(f"\npeak memory of any build process (main or worker): {peak_mb:.0f} MB")
        print(f"\n{'output':<36}{'KB':>8}{'target':>9}")
        for path in documents:
            kb = path.stat().st_size / 1024
            target = TARGETS_KB.get(path.stem.split(".")[0])
            mark = "" if target is None else f"{'<' if kb < target else '>='} {target}"
            print(f"{str(path.relative_to(out)):<36}{kb:>8.0f}{mark:>9}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
