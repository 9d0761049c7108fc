"""Benchmark of command start-up: ``custodes --help`` and ``custodes status`` beside the import floor.

Run from the worktree: ``PYTHONPATH=src python bench/cli_startup.py [--runs 15]``.
In one run, side by side, each the median of ``--runs`` fresh interpreters (interleaved, so that the machine's
load falls on all three alike):

- the floor: ``python -c "import sqlalchemy, typer, rich"``, the libraries every command needs;
- ``custodes --help``;
- ``custodes status`` on a freshly initialised data directory.

Prints one JSON document with the medians, the ratios to the floor (targets: --help within 1.5x, status
within 2x), the CPU time of the children and the load average before and after; docs/benchmarks.md records
the results with the command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TARGETS = {"help": 1.5, "status": 2.0}


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child (CPU from the children's rusage, user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters per measure (median taken)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)}
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "data")
        subprocess.run([py, "-m", "custodes", "--data-dir", data, "init"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        commands = {
            "floor": [py, "-c", "import sqlalchemy, typer, rich"],
            "help": [py, "-m", "custodes", "--help"],
            "status": [py, "-m", "custodes", "--data-dir", data, "status"],
        }
        for argv in commands.values():  # warm the file cache and the bytecode once
            _run(argv, env)
        load_before = _loadavg()
        wall: dict[str, list[float]] = {k: [] for k in commands}
        cpu: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                w, c = _run(argv, env)
                wall[name].append(w)
                cpu[name].append(c)
        load_after = _loadavg()
    med = {k: statistics.median(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "runs": args.runs,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "median_wall_s": {k: round(v, 3) for k, v in med.items()},
        "median_cpu_s": {k: round(v, 3) for k, v in med_cpu.items()},
        "ratio_to_floor_wall": {k: round(med[k] / med["floor"], 2) for k in TARGETS},
        "ratio_to_floor_cpu": {k: round(med_cpu[k] / med_cpu["floor"], 2) for k in TARGETS},
        "target_ratio": TARGETS,
        "met": {k: med[k] / med["floor"] <= t for k, t in TARGETS.items()},
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
