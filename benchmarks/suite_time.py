"""Where the test suite's time goes: `make test` run once with a tracer, against the floor its work sets.

Usage:  .venv/bin/python benchmarks/suite_time.py [--top N] [PYTEST ARGS...]

Runs ``pytest`` (the README's test command; extra arguments are passed on, e.g. ``tests/test_cli.py``)
with benchmarks/suite_trace on PYTHONPATH: every Python process the tests start logs each WeasyPrint
layout and PDF write (CPU seconds, a hash of its HTML, the test that asked), each WeasyPrint import,
and its own CPU time. Prints, from that one run:

  suite         wall-clock and CPU seconds (pytest, its workers and every process they started)
  typesetting   WeasyPrint layouts and PDF writes: how many, their CPU; and of those, the ones given
                HTML that had been typeset before in the run (the same document typeset again)
  imports       WeasyPrint imports (processes that typeset): how many, their CPU
  processes     Python processes that ended: fresh ones and forked ones
  the floor     CPU over the cores: the wall time this much work cannot go under; and without the
                repeated typesetting
  modules       the N test modules with the most test time (pytest --durations, setup included),
                with the typesetting their tests asked for and its repeats

The tracer adds about 1 % to the run. Times depend on what else the machine does, and on a virtual
machine also on what its host does, which the load average does not show: the same suite on the same
2-core machine took 254 s and, half an hour later, 154 s (its CPU seconds 433 and 290). So a fixed
piece of work (pure Python, one core) is timed before and after the run: compare runs by it, or run the
two versions one after the other (an A/B), never against a figure from another hour.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRACER = Path(__file__).with_name("suite_trace")
DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?)(::|\s|$)", re.M)


@dataclass
class Tally:
    count: int = 0
    cpu: float = 0.0

    def add(self, cpu: float) -> None:
        self.count += 1
        self.cpu += cpu


@dataclass
class Trace:
    typeset: Tally = field(default_factory=Tally)
    repeated: Tally = field(default_factory=Tally)
    imports: Tally = field(default_factory=Tally)
    processes: Tally = field(default_factory=Tally)
    by_module: dict[str, tuple[Tally, Tally]] = field(default_factory=dict)  # test module: (typeset, repeats)


def read_trace(path: Path) -> Trace:
    trace, seen = Trace(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        _pid, kind, cpu_text, html, test = line.split("\t")
        cpu = float(cpu_text)
        if kind == "import":
            trace.imports.add(cpu)
        elif kind == "process":
            trace.processes.add(cpu)
        else:  # a layout or a write: the same HTML laid out or written again is a repeat
            module = test.split("::")[0]
            trace.typeset.add(cpu)
            trace.by_module.setdefault(module, (Tally(), Tally()))[0].add(cpu)
            if (kind, html) in seen and html != "-":
                trace.repeated.add(cpu)
                trace.by_module[module][1].add(cpu)
            seen.add((kind, html))
    return trace


def probe() -> float:
    """CPU seconds of a fixed piece of pure-Python work: this machine's speed just now."""
    start = time.process_time()
    total = 0
    for number in range(8_000_000):
        total += number * number % 7
    return time.process_time() - start


def module_times(output: str) -> collections.Counter[str]:
    times: collections.Counter[str] = collections.Counter()
    for seconds, _phase, test, _end in DURATION.findall(output):
        times[test.split("::")[0]] += float(seconds)
    return times


def run(pytest_args: list[str], log: Path) -> tuple[float, float, str]:
    env = {**os.environ, "SUITE_TRACE_LOG": str(log)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TRACER), env.get("PYTHONPATH")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0", *pytest_args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    print(f"pytest: {summary}", file=sys.stderr)
    return wall, cpu, result.stdout


def report(wall: float, cpu: float, trace: Trace, times: collections.Counter[str], top: int) -> None:
    cores = os.cpu_count() or 1
    print(f"{'suite':<13} wall {wall:6.1f} s   CPU {cpu:6.1f} s ({cpu / wall:.2f} of {cores} cores busy)")
    print(f"{'typesetting':<13} {trace.typeset.count:5d} layouts and writes, CPU {trace.typeset.cpu:6.1f} s;"
          f" repeats of HTML typeset before: {trace.repeated.count}, CPU {trace.repeated.cpu:.1f} s")  # fmt: skip
    print(f"{'imports':<13} {trace.imports.count:5d} WeasyPrint imports, CPU {trace.imports.cpu:.1f} s")
    print(f"{'processes':<13} {trace.processes.count:5d} Python processes ended (fresh and forked)")
    print(f"{'the floor':<13} CPU / {cores} cores = {cpu / cores:6.1f} s;"
          f" without the repeats {(cpu - trace.repeated.cpu) / cores:6.1f} s")  # fmt: skip
    print(f"\n{'test time':>9} {'typeset':>8} {'repeats':>8}  module (test time: pytest --durations, setup included)")
    for module, seconds in times.most_common(top):
        typeset, repeated = trace.by_module.get(module, (Tally(), Tally()))
        print(f"{seconds:8.1f}s {typeset.cpu:7.1f}s {repeated.cpu:7.1f}s  {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=15, help="modules to list (default 15)")
    options, pytest_args = parser.parse_known_args()
    print(f"before: load average {os.getloadavg()[0]:.2f}, fixed work {probe():.2f} s")
    with tempfile.TemporaryDirectory(prefix="suite-trace-") as folder:
        log = Path(folder) / "trace.tsv"
        log.touch()
        wall, cpu, output = run(pytest_args, log)
        trace = read_trace(log)
    print(f"after: load average {os.getloadavg()[0]:.2f}, fixed work {probe():.2f} s\n")
    report(wall, cpu, trace, module_times(output), options.top)


if __name__ == "__main__":
    main()
