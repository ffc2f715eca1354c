"""Build speed: `guide build` as a user runs it, against plain WeasyPrint, in one run.

Usage:  .venv/bin/python benchmarks/build_speed.py [--project DIR] [--runs N]

The project is copied to a temporary folder (the benchmark edits a catalogue there),
and prepared fonts go to a temporary cache, so nothing of yours is touched.

Scenarios (each the whole process as a user runs it: wall-clock and CPU seconds (user + system, the
process and its children), the median of N runs; the machine's load average is printed before and
after, since other work on it slows the wall-clock figures, the parallel build's most):
  cold fonts      guide build, empty font cache and empty output folder
  full build      guide build into an empty output folder, fonts already prepared
  full, --jobs 1  the same in one process (what the pool buys)
  documents only  the same, without the sheets (the baseline's work: the same documents)
  no-op           guide build again, nothing changed
  one catalogue   one locale's .po edited, then guide build (only that locale is rebuilt)
  baseline        plain `weasyprint in.html out.pdf`, one process per document, on the
                  very HTML guide build typeset (same fonts)
  guide card      `guide card --lang zh_Hant --out F` (one process), against plain WeasyPrint on
                  that card's HTML and, if the `typst` package is installed (the `bench` extra),
                  a Typst process compiling a comparable card (same text, font and page size);
                  cold (no warm worker) and warm (`guide warm` running: the card is handed to it),
                  two rows, never one for the other
  serve           `guide serve` running: a msgstr of the card saved, until the card PDF changed
  scale           a generated 30-locale project (every script the generator ships strings for; the
                  card's messages pseudo-translated into each script's own words), `guide build
                  --product card` in one command, against the 3-locale project's same command:
                  time per document and the peak memory of any build process (--scale-only: just this)
Prints a table with each scenario's ratio to the baseline, the peak memory of any
process of the build, and the size of every output against its target.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

BIN = Path(sys.executable).parent
TARGETS_KB = {"consult-card": 150, "guide": 800}  # issue 6: card PDFs under 150 KB, guides under 800 KB


class Timing(NamedTuple):
    seconds: float  # wall-clock, median of the runs
    cpu: float  # CPU seconds of the child processes (user + system), median of the runs


def best(fn: Callable[[], None], runs: int) -> Timing:
    """The median run of ``fn`` (the median, not the best: the machine is shared)."""
    import statistics

    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return Timing(statistics.median(walls), statistics.median(cpus))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


# What a copy of the project for a benchmark leaves out: the run's own outputs and the tooling.
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__", "*.egg-info", "benchmarks", "tests")


@contextlib.contextmanager
def scratch(prefix: str = "guide-bench-") -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary folder, removed afterwards, and an environment whose font cache is inside it."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work, {**os.environ, "GUIDE_CACHE_DIR": str(work / "cache")}
    finally:
        shutil.rmtree(work, ignore_errors=True)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale-only", action="store_true", help="Run only the 30-locale scale scenario.")
    parser.add_argument("--serve-only", action="store_true", help="Run only the guide serve scenario.")
    parser.add_argument("--quick", action="store_true", help="Leave out the serve and scale scenarios.")
    parser.add_argument("--card-only", action="store_true", help="Run only the one-card rows (cold, warm, plain).")
    args = parser.parse_args()
    if args.card_only:
        card_only(args.project, args.runs)
        return
    if args.scale_only:
        scale(args.project, args.runs)
        return
    if args.serve_only:
        serve_only(args.project, args.runs)
        return

    with scratch() as (work, env):
        project = work / "project"
        shutil.copytree(args.project, project, ignore=COPY_IGNORE)
        cache = work / "cache"
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

        print(f"before: {load()}")
        rows: list[tuple[str, Timing, int]] = []
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

        print(f"{'scenario':<44}{'documents':>10}{'seconds':>10}{'cpu s':>8}{'vs baseline':>13}{'cpu vs':>8}")
        for name, timing, count in rows:
            ratio, cpu_ratio = timing.seconds / base.seconds, timing.cpu / base.cpu
            print(f"{name:<44}{count:>10}{timing.seconds:>10.2f}{timing.cpu:>8.2f}{ratio:>12.2f}x{cpu_ratio:>7.2f}x")

        card_rows(project, work, env, html_out / "zh_Hant" / "consult-card.html", args.runs)
        print(f"after the builds and cards: {load()}")
        if not args.quick:
            latency = serve_latency(project, work, env, args.runs)
            print(f"\nguide serve: catalogue saved -> card PDF changed: {latency:.2f} s (best of {args.runs})")
            scale(args.project, args.runs)
        print(f"\npeak memory of any build process (main or worker): {peak_mb:.0f} MB")
        print(f"\n{'output':<36}{'KB':>8}{'target':>9}")
        for path in documents:
            kb = path.stat().st_size / 1024
            target = TARGETS_KB.get(path.stem.split(".")[0])
            mark = "" if target is None else f"{'<' if kb < target else '>='} {target}"
            print(f"{str(path.relative_to(out)):<36}{kb:>8.0f}{mark:>9}")


# The locales of the scale scenario: every one the generator ships its own strings for, and three more.
SCALE_LOCALES = [
    "ar", "bn", "de", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "km", "ko", "mn", "ms", "my", "pt", "ru",
    "ta", "th", "tl", "tr", "uk", "ur", "vi", "zh_Hans", "zh_Hant", "el", "pl",
]  # fmt: skip
EXTRA_WORDS = {"el": "ερώτηση γιατρός κάρτα θεραπεία απάντηση κλινική", "pl": "pytanie lekarz karta leczenie odpowiedź"}
KEEP = re.compile(r"%\(\w+\)s|https?://\S+|\[|\]\([^)]*\)|\*+|\d+(?:[.,]\d+)*|\b[A-Z]{2,}\b|PubMed|[^\w\s]")


def script_words(locale: str) -> list[str]:
    """Words in the locale's own script, from the generator's catalogue of it (pieces of text where the
    script does not space its words)."""
    import polib

    path = Path(__file__).resolve().parents[1] / f"generator/locale/{locale}/LC_MESSAGES/generator.po"
    text = " ".join(e.msgstr for e in polib.pofile(str(path))) if path.exists() else EXTRA_WORDS[locale]
    text = re.sub(r"%\(\w+\)s|[A-Za-z]+|\d+|[^\w\s]", " ", text)
    words = text.split()
    if sum(map(len, words)) > 6 * len(words):  # unspaced scripts: cut the runs into short pieces
        words = [w[i : i + 3] for w in words for i in range(0, len(w), 3)]
    return [w for w in words if w] or ["x"]


def pseudo_translate(source: str, words: list[str], seed: int) -> str:
    """The source's markup, numbers, placeholders, URLs and kept terms, with every other word replaced
    by a word of the target script: text `guide check` accepts, of about the source's length."""
    out, position = [], 0
    for match in KEEP.finditer(source):
        gap = source[position : match.start()]
        out.append(re.sub(r"[^\W\d_]+", lambda m: words[(seed + m.start()) % len(words)], gap))
        out.append(match.group())
        position = match.end()
    out.append(re.sub(r"[^\W\d_]+", lambda m: words[(seed + m.start()) % len(words)], source[position:]))
    return "".join(out)


def card_only(source_project: Path, runs: int) -> None:
    with scratch() as (work, env):
        project = work / "project"
        shutil.copytree(source_project, project, ignore=COPY_IGNORE)
        html = work / "html"  # the card's HTML, and fonts prepared and its fit remembered, outside the timing
        command = [str(BIN / "guide"), "--project", str(project), "build", "--product", "card", "--html"]
        subprocess.run([*command, "--locale", "zh_Hant", "--out", str(html)], check=True, capture_output=True, env=env)
        print(f"before: {load()}")
        card_rows(project, work, env, html / "zh_Hant" / "consult-card.html", runs)
        print(f"after: {load()}")


def serve_only(source_project: Path, runs: int) -> None:
    with scratch() as (work, env):
        project = work / "project"
        shutil.copytree(source_project, project, ignore=COPY_IGNORE)
        latency = serve_latency(project, work, env, runs)
        print(f"guide serve: catalogue saved -> card PDF changed: {latency:.2f} s (best of {runs})")


def scale(source_project: Path, runs: int) -> None:
    """30 locales in one command, against the 3-locale project: time per document and peak memory."""
    import polib

    with scratch("guide-scale-") as (work, env):
        small, big = work / "three", work / "thirty"
        shutil.copytree(source_project, small, ignore=COPY_IGNORE)
        shutil.copytree(source_project, big, ignore=COPY_IGNORE)
        for project in (small, big):  # the card alone, no bilingual copies: the same work per locale
            toml = project / "guide.toml"
            text = re.sub(r"(?m)^bilingual\s*=.*$", "bilingual = []", toml.read_text("utf-8"))
            # pseudo-translations run longer than real ones: a page limit is not what is measured
            toml.write_text(re.sub(r"(?m)^max_pages\s*=.*$", "max_pages = 8", text), "utf-8")
        guide = [str(BIN / "guide"), "--project", str(big)]
        for locale in SCALE_LOCALES:
            if not (big / f"locales/{locale}").exists():
                subprocess.run([*guide, "init", locale], check=True, capture_output=True, env=env)
        for locale in SCALE_LOCALES:
            path = big / f"locales/{locale}/LC_MESSAGES/guide.po"
            catalogue = polib.pofile(str(path))
            words = script_words(locale)
            for seed, entry in enumerate(catalogue):
                if entry.msgctxt and entry.msgctxt.split(".")[0] in {"card", "questions", "page", "notice", "qr"}:
                    if locale not in ("zh_Hant", "ko") or not entry.msgstr:  # the real translations stay
                        entry.msgstr = pseudo_translate(entry.msgid, words, seed)
                        entry.flags = [f for f in entry.flags if f != "fuzzy"]
            catalogue.save()

        def run(project: Path) -> Callable[[], None]:
            def go() -> None:
                shutil.rmtree(project / "dist", ignore_errors=True)
                result = subprocess.run([str(BIN / "guide"), "--project", str(project), "build", "--product", "card"],
                                        capture_output=True, text=True, env=env)  # fmt: skip
                if result.returncode != 0:
                    raise SystemExit(f"scale: the build failed:\n{result.stderr[-3000:]}")

            return go

        rows = []
        for name, project in (("3 locales", small), (f"{len(SCALE_LOCALES) + 1} locales", big)):
            run(project)()  # fonts prepared, outside the timing
            seconds = best(run(project), runs).seconds
            documents = len(list((project / "dist").rglob("*.pdf")))
            rows.append((name, documents, seconds))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\n{'scale: guide build --product card':<44}{'documents':>10}{'seconds':>10}{'per document':>14}")
        for name, documents, seconds in rows:
            print(f"{name:<44}{documents:>10}{seconds:>10.2f}{seconds / documents:>13.3f}s")
        print(f"scale: peak memory of any build process (main or worker): {peak_mb:.0f} MB")


def card_rows(project: Path, work: Path, env: dict[str, str], card_html: Path, runs: int) -> None:
    """`guide card` cold and warm (a `guide warm` worker running), plain WeasyPrint and Typst on one card."""
    one_card = [str(BIN / "guide"), "--project", str(project), "card", "--lang", "zh_Hant", "--out"]

    def sh(command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, env=env)

    cold = best(lambda: sh([*one_card, str(work / "card.pdf")]), runs)
    warm = warm_card(project, work, env, one_card, runs)
    plain = best(lambda: sh([str(BIN / "weasyprint"), str(card_html), str(work / "plain-card.pdf")]), runs)
    print(f"\n{'one card, whole process':<44}{'seconds':>10}{'cpu s':>8}{'vs weasyprint':>15}")
    for name, timing in (
        ("guide card --lang zh_Hant, cold", cold),
        ("guide card --lang zh_Hant, warm (guide warm)", warm),
        ("weasyprint card.html (same HTML)", plain),
    ):
        if timing is None:
            print(f"{name:<44}  (no guide warm in this version)")
            continue
        print(f"{name:<44}{timing.seconds:>10.2f}{timing.cpu:>8.2f}{timing.seconds / plain.seconds:>14.2f}x")
    print("(warm: the client's CPU only; the worker's is not a child of the benchmark)")
    typst_card = typst_seconds(project, work, runs)
    if typst_card is None:
        print("typst: not installed (pip install -e '.[bench]')")
        return
    print(f"{'typst compile (comparable card)':<44}{typst_card:>10.2f}{'':>8}{typst_card / plain.seconds:>14.2f}x")
    print(f"{'guide card vs typst: cold':<44}{'':>18}{cold.seconds / typst_card:>14.2f}x")
    if warm is not None:
        print(f"{'guide card vs typst: warm':<44}{'':>18}{warm.seconds / typst_card:>14.2f}x")


def warm_card(project: Path, work: Path, env: dict[str, str], one_card: list[str], runs: int) -> Timing | None:
    """`guide card` while `guide warm` runs (None: this version has no guide warm)."""
    help_run = subprocess.run([str(BIN / "guide"), "warm", "--help"], capture_output=True, env=env, check=False)
    if help_run.returncode != 0:
        return None

    def sh(command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, env=env)

    worker = subprocess.Popen(
        [str(BIN / "guide"), "--project", str(project), "warm", "--idle", "300"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        if not (worker.stdout and worker.stdout.readline()):  # its first line: warm and listening
            raise RuntimeError("guide warm stopped")
        warm = best(lambda: sh([*one_card, str(work / "card-warm.pdf")]), runs)
        lines = [worker.stdout.readline() if worker.stdout else "" for _ in range(runs)]  # one per job
        handed = sum("card-warm.pdf" in line for line in lines)  # built by the worker, not handed back
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if handed != runs:
        raise RuntimeError(f"guide warm built {handed} of the {runs} warm cards: not a warm measurement")
    return warm


def typst_seconds(project: Path, work: Path, runs: int) -> float | None:
    """A Typst process compiling an A6 card with the zh_Hant card's text, in Noto Sans CJK HK."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    import polib

    catalogue = polib.pofile(str(project / "locales/zh_Hant/LC_MESSAGES/guide.po"))
    entries = {e.msgctxt: e.msgstr or e.msgid for e in catalogue}
    questions = [text for context, text in entries.items() if context and context.startswith("questions.ten.")]

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "#set page(width: 105mm, height: 148mm, margin: 8mm,",
        '  footer: context align(right, counter(page).display("1 / 1", both: true)))',
        '#set text(font: "Noto Sans CJK HK", size: 8pt, lang: "zh", region: "hk")',
        f"#text(size: 12pt, weight: \"bold\", {quoted(entries.get('card.title', ''))})",
        f"#par({quoted(entries.get('card.intro', ''))})",
    ]
    for number, question in enumerate(questions, 1):
        rule = "#v(3mm) #line(length: 100%)"
        lines.append(f"#block(breakable: false)[*{number}.* #{quoted(question)} {rule} {rule}]")
    source = work / "card.typ"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = f"import typst; typst.compile({str(source)!r}, output={str(work / 'typst.pdf')!r})"
    command = [sys.executable, "-c", script]
    return best(lambda: subprocess.run(command, check=True, capture_output=True), runs).seconds


def serve_latency(project: Path, work: Path, env: dict[str, str], runs: int) -> float:
    """`guide serve` on the project: save a new card title in the ko catalogue, time until the card PDF changed."""
    import hashlib
    import json
    import urllib.request

    import polib

    out = work / "serve"
    process = subprocess.Popen(
        [str(BIN / "guide"), "--project", str(project), "serve", "--port", "0", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        url = ""
        while not url:
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                raise RuntimeError("guide serve stopped")
            url = next(iter(re.findall(r"http://[\d.]+:\d+/", line)), "")

        def status() -> dict:
            with urllib.request.urlopen(url + "_guide/status", timeout=10) as response:
                return json.loads(response.read())

        def settle() -> None:
            while (now := status())["building"] or now["version"] == 0:
                time.sleep(0.05)

        settle()
        card = out / "ko" / "consult-card.pdf"
        po_path = project / "locales/ko/LC_MESSAGES/guide.po"
        times = []
        for run in range(runs):
            catalogue = polib.pofile(str(po_path))
            entry = next(e for e in catalogue if e.msgctxt == "card.title")
            # a real change of the printed title, without a digit (guide check refuses numbers the source lacks)
            entry.msgstr = entry.msgstr.rstrip(" 가나다라마바사아자차") + " " + "가나다라마바사아자차"[run % 10]
            before = hashlib.sha256(card.read_bytes()).digest()
            start = time.perf_counter()
            catalogue.save()
            while not card.exists() or hashlib.sha256(card.read_bytes()).digest() == before:
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            settle()
        return min(times)
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
