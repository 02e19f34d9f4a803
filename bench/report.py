"""Benchmark: the visit summary PDF for 3 months, 1 year and 10 years of demo data, in English and
German, side by side.

    .venv/bin/python bench/report.py [--rounds 3] [--paper a4|letter]

Each build runs in a fresh child process (so imports and caches are honest); the script prints
the median time, peak memory and page count of each (issue 19: at most four pages, two for three
months), and the ratio 10 years / 3 months. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
records = PatientRecords.open(sys.argv[2])
today = records.today()
start = today - dt.timedelta(days=int(sys.argv[3]))
t = time.perf_counter()
records.report.write(start, today, sys.argv[5], sys.argv[4], sys.argv[6])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()
    periods = (("3 months", 91), ("1 year", 365), ("10 years", 3653))
    builds = [(f"{label} {lang}", days, lang) for lang in ("en", "de") for label, days in periods]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ten-years"
        subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(folder), "demo-data", "--years", "10"],
            env=env,
            check=True,
            capture_output=True,
        )
        results: dict[str, list[dict]] = {label: [] for label, _days, _lang in builds}
        pages: dict[str, int] = {}
        for _ in range(args.rounds):
            for label, days, lang in builds:
                pdf = Path(tmp) / f"{label.replace(' ', '-')}.pdf"
                out = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(REPO),
                        str(folder),
                        str(days),
                        str(pdf),
                        lang,
                        args.paper,
                    ],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[label].append(json.loads(out.strip().splitlines()[-1]))
                info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                found = re.search(r"Pages:\s+(\d+)", info)
                pages[label] = int(found.group(1)) if found else 0
    print(f"visit summary PDF ({args.paper}), median of {args.rounds} builds (build only, after start-up)")
    for label, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mib"] for r in runs)
        print(f"  {label:12s} {seconds:6.2f} s   peak memory {peak:6.1f} MiB   {pages[label]} pages")
    for lang in ("en", "de"):
        ratio = statistics.median(r["seconds"] for r in results[f"10 years {lang}"]) / statistics.median(
            r["seconds"] for r in results[f"3 months {lang}"]
        )
        print(f"  ratio 10 years / 3 months ({lang}): {ratio:.1f}x")


if __name__ == "__main__":
    main()
