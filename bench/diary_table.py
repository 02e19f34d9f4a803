"""Benchmark: the diary table with 50,000 entries against 10, side by side in one run.

    .venv/bin/python bench/diary_table.py [--entries 50000] [--rounds 5]

For each size it measures, in a fresh child process each round (so caches and memory are
honest): opening the records (SQLite's quick_check reads the whole file first, on purpose: a
damaged file is found before anything is shown or written), then the diary screen to its first
painted frame, and going to the oldest entry (End) and painting it. It prints the median of each, the
ratio large/small, and the peak memory of each process. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYMPTOMS = ["headache", "back_pain", "fatigue", "muscle_cramps", "weakness", "twitching", "sleep_problems"]


def make_folder(folder: Path, count: int) -> None:
    """A patient folder with ``count`` diary entries, a few a day, ending today, and doses."""
    sys.path.insert(0, str(REPO))
    from companion.core.models import DiaryEntry, DoseRecord
    from companion.store.diary import DiaryRepository
    from companion.store.doses import DoseRepository

    rng = random.Random(7)
    from companion.store.opening import open_store

    store = open_store(folder)  # the schema as the app makes it
    repo = DiaryRepository(store)
    doses = DoseRepository(store)
    end = dt.datetime.now().astimezone().replace(microsecond=0)
    step = dt.timedelta(hours=6)
    with store.write():
        for i in range(count):
            symptoms = {s: rng.randint(1, 3) for s in rng.sample(SYMPTOMS, rng.randint(0, 3))}
            repo.add(DiaryEntry(at=end - i * step, symptoms=symptoms, note=f"entry {i}"))
        first = (end - count * step).date()
        day = first
        while day <= end.date():
            doses.add(DoseRecord(given_on=day))
            day += dt.timedelta(days=28)
    store.close()


CHILD = r"""
import json, os, resource, sys, time
start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, sys.argv[2])
from companion.earlyinit import early_init
early_init()  # as the app does before Qt (companion/earlyinit.py)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from companion.services import PatientRecords
from companion.ui.diary_screen import DiaryScreen
from companion.ui.session import PatientSession
app = QApplication([])
t_start = time.perf_counter()
records = PatientRecords.open(sys.argv[1])
t0 = time.perf_counter()
session = PatientSession(records)
screen = DiaryScreen(session)
screen.resize(1100, 800)
screen.show()
screen.cards.viewport().repaint()
app.processEvents()
t1 = time.perf_counter()
# End, as a user goes to the oldest entry: the view is given every row and shows the last one.
QTest.keyClick(screen.cards, Qt.Key.Key_End)
screen.cards.viewport().repaint()
app.processEvents()
t2 = time.perf_counter()
rows = screen.model.rowCount()
last = screen.cards.currentIndex().data()
assert screen.cards.currentIndex().row() == rows - 1 == screen.model.total - 1
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"open": t0 - t_start, "first_paint": t1 - t0, "scroll_end": t2 - t1, "rows": rows,
                  "last": last, "peak_mib": peak_kib / 1024}))
"""


def run_child(folder: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(REPO)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        t = time.perf_counter()
        make_folder(small, 10)
        make_folder(large, args.entries)
        print(f"made the data in {time.perf_counter() - t:.1f} s")
        results: dict[str, list[dict]] = {"small": [], "large": []}
        for _ in range(args.rounds):
            for name, folder in (("small", small), ("large", large)):
                results[name].append(run_child(folder))
        print(f"diary table, median of {args.rounds} rounds (ratio: {args.entries} entries / 10 entries)")
        steps = (
            ("open", "open the records"),
            ("first_paint", "first paint"),
            ("scroll_end", "End: oldest entry"),
        )
        for key, label in steps:
            a = statistics.median(r[key] for r in results["small"])
            b = statistics.median(r[key] for r in results["large"])
            sizes = f"10: {a * 1000:7.1f} ms   {args.entries}: {b * 1000:7.1f} ms"
            print(f"  {label:18s} {sizes}   ratio {b / a:5.2f}")
        for name in ("small", "large"):
            peak = statistics.median(r["peak_mib"] for r in results[name])
            print(f"  peak memory {name:5s}  {peak:6.1f} MiB  ({results[name][0]['rows']} rows)")


if __name__ == "__main__":
    main()
