"""The home screen's warning check (``DiaryService.banners``) on day 1 and with 1 and 10 years of
demo data, side by side in one run, with the ratio to day 1. Also the Warnings list (every episode
of the whole history), which is built only when the user opens it. Nothing here asserts on time.

    .venv/bin/python bench/warnings_check.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.core.models import DiaryEntry, DoseRecord
from companion.demo import fill
from companion.services import PatientRecords


def folder_with(years: int, root: Path) -> Path:
    folder = root / f"years-{years}"
    records = PatientRecords.open(folder)
    try:
        if years:
            fill(records, years, seed=1)
        else:
            today = records.today()
            records.doses.record(DoseRecord(given_on=today - dt.timedelta(days=1), number=1))
            records.diary.add(DiaryEntry(at=dt.datetime.now().astimezone(), symptoms={"fever": 2}))
    finally:
        records.close()
    return folder


def median_ms(call, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("COMPANION_TODAY", dt.date.today().isoformat())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = {
            label: folder_with(years, root)
            for label, years in (("day 1", 0), ("1 year", 1), ("10 years", 10))
        }
        opened = {label: PatientRecords.open(folder) for label, folder in folders.items()}
        try:
            checks: dict[str, list[float]] = {label: [] for label in opened}
            lists: dict[str, list[float]] = {label: [] for label in opened}
            # Interleaved, so that a busy moment of the machine falls on all of them alike.
            for _ in range(5):
                for label, records in opened.items():
                    checks[label].append(median_ms(records.diary.banners, max(1, args.rounds // 5)))
                    lists[label].append(median_ms(records.diary.warning_history, max(1, args.rounds // 50)))
            base = statistics.median(checks["day 1"])
            print("home screen's warning check (DiaryService.banners), median:")
            for label, records in opened.items():
                value = statistics.median(checks[label])
                print(
                    f"  {label:>8}: {value:6.2f} ms = {value / base:4.2f}x day 1 "
                    f"({records.diary.count()} diary entries, {len(records.diary.banners())} waiting)"
                )
            base = statistics.median(lists["day 1"])
            print("Warnings list, every episode (DiaryService.warning_history), median:")
            for label, records in opened.items():
                value = statistics.median(lists[label])
                print(
                    f"  {label:>8}: {value:6.2f} ms = {value / base:4.2f}x day 1 "
                    f"({len(records.diary.warning_history())} episodes)"
                )
        finally:
            for records in opened.values():
                records.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
