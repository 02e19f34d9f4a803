"""What the window loads to open, and what it leaves for later (issue 10).

The start-up benchmark (bench/startup.py) measures the time; this checks the reasons for it, which
a change can silently undo: a later start of the window reads the records with plain SQL and shows
them without importing sqlite-utils (with click, dateutil and pluggy), reportlab, the calendar
export or the dialogs. The first start in a new folder creates the database and does need
sqlite-utils: that case shows the check sees what it looks for.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_harness import Cli

# Top-level packages and our modules that a start must not import.
NOT_AT_START = (
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
    "reportlab",
    "icalendar",
    "companion.reports",
    "companion.ui.dialogs",
    "companion.ui.report_screen",
    "companion.ui.visit",
)

pytestmark = pytest.mark.slow


def modules_loaded_by_the_window(cli: Cli, folder: Path) -> set[str]:
    """Every module imported while ``companion gui --smoke`` opens ``folder`` and shows it."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "companion", "--data-dir", str(folder), "gui", "--smoke"],
        cwd=cli.cwd,
        env=cli.env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START)}


def test_the_first_start_creates_the_database_with_sqlite_utils(tmp_path):
    loaded = modules_loaded_by_the_window(Cli(tmp_path), tmp_path / "new-patient")
    assert "sqlite_utils" in loaded
    assert "companion.ui.main_window" in loaded


def test_a_later_start_without_records_loads_nothing_heavy(tmp_path):
    cli, folder = Cli(tmp_path), tmp_path / "patient"
    modules_loaded_by_the_window(cli, folder)  # the first start creates the database
    loaded = modules_loaded_by_the_window(cli, folder)
    assert "companion.ui.home" in loaded
    assert heavy(loaded) == set()


def test_a_later_start_with_records_and_warning_signs_loads_only_what_it_shows(tmp_path):
    cli, folder = Cli(tmp_path), tmp_path / "patient"
    cli.ok(folder, "dose", "add", "2026-01-05")
    # A red flag of the label's warnings (design.md §5): the home screen shows its banner, which
    # may bring the dialog building blocks, but still no sqlite-utils, reportlab or calendar.
    cli.ok(folder, "diary", "add", "--symptom", "fever=3")
    loaded = modules_loaded_by_the_window(cli, folder)
    assert "babel.dates" in loaded  # the home screen shows the next dose's date
    assert "companion.ui.red_flag" in loaded  # …and the warning's banner
    assert heavy(loaded) - {"companion.ui.dialogs", "companion.ui.dialogs.forms"} == set()
