"""Benchmark: the visit summary PDF for 3 months and for 10 years of demo data, side by side.

    .venv/bin/python bench/report.py [--rounds 3]

Each build runs in a fresh child process (so imports and caches are honest); the script prints
the median time and peak memory of each, and the ratio 10 years / 3 months. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from companion.services import PatientRecords
from companion.services.report import write_report
records = PatientRecords.open(sys.argv[2])
today = records.today()
start = today - dt.timedelta(days=int(sys.argv[3]))
t = time.perf_counter()
write_report(records, start, today, "en", sys.argv[4], "a4")
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ten-years"
        subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(folder), "demo-data", "--years", "10"],
            env=env,
            check=True,
            capture_output=True,
        )
        results: dict[str, list[dict]] = {"3 months": [], "10 years": []}
        for _ in range(args.rounds):
            for label, days in (("3 months", 91), ("10 years", 3653)):
                out = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(REPO),
                        str(folder),
                        str(days),
                        str(Path(tmp) / "r.pdf"),
                    ],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[label].append(json.loads(out.strip().splitlines()[-1]))
    print(f"visit summary PDF, median of {args.rounds} builds (build only, after start-up)")
    for label, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mib"] for r in runs)
        print(f"  {label:9s} {seconds:6.2f} s   peak memory {peak:6.1f} MiB")
    ratio = statistics.median(r["seconds"] for r in results["10 years"]) / statistics.median(
        r["seconds"] for r in results["3 months"]
    )
    print(f"  ratio 10 years / 3 months: {ratio:.1f}x")


if __name__ == "__main__":
    main()
