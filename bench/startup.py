"""Start-up time of ``companion gui --smoke`` beside a bare PySide6 QMainWindow (and a floor).

A benchmark, not a test: it asserts nothing about time. Every program runs as a fresh process, in
the same run, interleaved (the order alternates each round), after one untimed warm-up of each.
Each time is the wall time from starting the process until it prints ``ok``: its window is shown
(for the app: filled with the patient's records). Closing is not counted. The peak resident memory
of each process comes from ``os.wait4``.

The app runs three ways: the very first start (a new, empty folder: the database is created and
the welcome screen shown), a patient's day 1 (one dose recorded: the home screen shows when the
next is due), and 10 years of made-up records (``demo-data``). The ratio of the last two is how
the start grows with the records. A "floor" program shows what the stack itself costs: the bare
window plus a Babel date, Qt's namespace and the app's style sheet, and none of the app's code.

    .venv/bin/python bench/startup.py [--rounds N]

Without a screen (no DISPLAY or WAYLAND_DISPLAY) all run with QT_QPA_PLATFORM=offscreen.
``python -m companion`` runs from the repository root, so it measures the code in the checkout.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# A bare window: create it, show it, and report once the platform says it is exposed (on screen).
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(800, 600)
window.show()


def check():
    handle = window.windowHandle()
    if handle is not None and handle.isExposed():
        print("ok", flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, check)


QTimer.singleShot(0, check)
sys.exit(app.exec())
"""

# The floor under any window built as this app is (PySide6 on this Python, Babel for dates, a style
# sheet), before any of its own code: the bare window plus one date formatted by Babel (its import
# and locale data), Qt's namespace (the first use of Qt.* creates ~90 Python enums at once) and the
# app's style sheet (every widget is then polished through it).
FLOOR_WINDOW = BARE_WINDOW.replace(
    "app = QApplication(sys.argv)", 'app = QApplication([*sys.argv, "-style", "Fusion"])'
).replace(
    "window = QMainWindow()",
    """import datetime
from babel.dates import format_date
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from companion.ui.style import STYLE_SHEET

app.setStyleSheet(STYLE_SHEET)
window = QMainWindow()
label = QLabel(format_date(datetime.date.today(), "full", locale="en"))
label.setAlignment(Qt.AlignmentFlag.AlignCenter)
window.setCentralWidget(label)""",
)


@dataclass
class Program:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)


def run_once(command: list[str], cwd: Path, env: dict[str, str], scratch: Path) -> tuple[float, int]:
    """Run a command to its end; return (wall seconds until it printed its first line, peak RSS in
    KiB). Exit on a failed run."""
    err_path = scratch / "stderr"
    with err_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
        )
        assert process.stdout is not None
        first_line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = (first_line + rest).decode(errors="replace")
    if process.returncode != 0 or stdout.strip() != "ok":
        sys.exit(
            f"startup.py: {' '.join(command)} exited {process.returncode} and printed {stdout!r}\n"
            + err_path.read_text(errors="replace")
        )
    return elapsed, usage.ru_maxrss  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed runs of each program (default 10)")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    options = parser.parse_args()
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")

    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    # An installed app runs from bytecode (pip compiles it); so must the checkout, or each run
    # would compile every module again (when PYTHONDONTWRITEBYTECODE is set, nothing is cached).
    compileall.compile_dir(REPO_ROOT / "companion", quiet=1)
    has_screen = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if not has_screen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = env.get("QT_QPA_PLATFORM") or "default (screen)"

    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # The app must never touch the user's real data or settings.
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(tmp / name.lower())
        bare = Program("bare QMainWindow")
        floor = Program("floor: bare + Babel, Qt.*, sheet")
        companion = Program("app, first start (new folder)")
        day_one = Program("app, day 1 (one dose)")
        ten_years = Program("app, 10 years of records")
        full = tmp / "ten-years"
        first_day = tmp / "day-one"
        subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(full), "demo-data", "--years", "10"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        given = (dt.date.today() - dt.timedelta(days=3)).isoformat()
        subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(first_day), "dose", "add", given],
            cwd=REPO_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        counter = 0

        def run(program: Program, record: bool) -> None:
            nonlocal counter
            counter += 1
            if program is bare:
                command = [sys.executable, "-c", BARE_WINDOW]
            elif program is floor:
                command = [sys.executable, "-c", FLOOR_WINDOW]
            elif program is ten_years:
                command = [sys.executable, "-m", "companion", "--data-dir", str(full), "gui", "--smoke"]
            elif program is day_one:
                command = [sys.executable, "-m", "companion", "--data-dir", str(first_day), "gui", "--smoke"]
            else:
                data_dir = tmp / f"patient-{counter}"  # a new, empty patient folder every time
                data_dir.mkdir()
                command = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "gui", "--smoke"]
            seconds, peak = run_once(command, REPO_ROOT, env, tmp)
            if record:
                program.seconds.append(seconds)
                program.peak_kib.append(peak)
            if options.verbose:
                note = "" if record else " (warm-up)"
                print(f"  {program.label:<32} {seconds:7.3f} s {peak / 1024:6.0f} MiB{note}")

        programs = (bare, floor, companion, day_one, ten_years)
        for program in programs:
            run(program, record=False)
        for round_number in range(options.rounds):
            order = programs if round_number % 2 == 0 else tuple(reversed(programs))
            for program in order:
                run(program, record=True)

    print(f"Start-up to a shown window: {options.rounds} rounds each, interleaved, after one warm-up")
    print("(app: companion gui --smoke)")
    print(f"Python {sys.version.split()[0]} at {sys.executable}; Qt platform: {platform}")
    print(f"{'':<32} {'median':>9} {'min':>9} {'peak RSS':>10}")
    for program in programs:
        print(
            f"{program.label:<32} {statistics.median(program.seconds):7.3f} s {min(program.seconds):7.3f} s"
            f" {statistics.median(program.peak_kib) / 1024:6.0f} MiB"
        )
    for program in (floor, companion, day_one, ten_years):
        ratio_median = statistics.median(program.seconds) / statistics.median(bare.seconds)
        ratio_min = min(program.seconds) / min(bare.seconds)
        print(f"ratio {program.label} / bare: {ratio_median:.2f}x (median), {ratio_min:.2f}x (min)")
    ratio_floor = statistics.median(day_one.seconds) / statistics.median(floor.seconds)
    print(f"ratio day 1 / floor: {ratio_floor:.2f}x (median)")
    ratio_data = statistics.median(ten_years.seconds) / statistics.median(day_one.seconds)
    print(f"ratio 10 years of records / day 1: {ratio_data:.2f}x (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
