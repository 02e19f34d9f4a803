"""Data safety, second round (issue 17), judged on real folders, real SQLite files and real
command-line processes.

Each test is written from the issue's text: what the attacker or the unlucky user did, and what
must hold afterwards (nothing lost, nothing mixed, nothing sent elsewhere, bounded and honest).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_harness import REPO_ROOT, TODAY, Cli, assert_refused, snapshot

from companion.core.models import DoseRecord
from companion.services import PatientRecords
from companion.store.database import DB_FILENAME

pytestmark = pytest.mark.slow

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "run")


def make_patient(folder: Path, name: str = "Anna Weber", born: dt.date | None = dt.date(1970, 3, 2)) -> Path:
    """A patient folder with a profile and two doses, made through the services."""
    records = PatientRecords.open(folder, today=lambda: DAY)
    try:
        records.update_profile(display_name=name, birth_date=born, onboarding_done=True)
        records.record_dose(DoseRecord(given_on=dt.date(2026, 5, 4), note="first"))
        records.record_dose(DoseRecord(given_on=dt.date(2026, 5, 18)))
    finally:
        records.close()
    return folder


def doses_of(folder: Path) -> list[tuple]:
    conn = sqlite3.connect(folder / DB_FILENAME)
    try:
        return conn.execute(
            "SELECT given_on, note FROM dose WHERE deleted_at IS NULL ORDER BY given_on"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def patient(tmp_path) -> Path:
    return make_patient(tmp_path / "patient")


class Holder:
    """Another process that holds a patient folder's lock, as an open window does, until closed."""

    def __init__(self, folder: Path):
        code = (
            "import sys\n"
            "from companion.ui.lock import FolderLock\n"
            f"lock = FolderLock({str(folder)!r})\n"
            "print('held' if lock.acquire() else 'busy', flush=True)\n"
            "sys.stdin.read()\n"
        )
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
        )
        self.state = self.proc.stdout.readline().strip()  # waits until the lock is taken

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


# --- H1: restore takes the folder's lock ------------------------------------------------------------


def test_restore_is_refused_while_a_window_holds_the_folder_and_changes_nothing(cli, patient, tmp_path):
    backup = Path(cli.ok(patient, "backup").stdout.strip())
    cli.ok(patient, "dose", "add", "2026-06-01")
    window = Holder(patient)
    try:
        assert window.state == "held"
        before = snapshot(patient, tmp_path / "scratch")
        result = cli(patient, "restore", str(backup))
        assert_refused(result)
        assert "open" in result.stderr, str(result)
        assert snapshot(patient, tmp_path / "scratch") == before, "a refused restore changed the folder"
    finally:
        window.close()
    # Once the window is closed, the same restore goes ahead.
    cli.ok(patient, "restore", str(backup))
    assert ("2026-06-01", None) not in doses_of(patient)


def test_a_second_window_cannot_take_a_held_folder_but_takes_it_once_freed(patient):
    from companion.ui.lock import FolderLock

    window = Holder(patient)
    try:
        assert window.state == "held"
        assert not FolderLock(patient).acquire()
    finally:
        window.close()
    lock = FolderLock(patient)
    assert lock.acquire(), "a lock left by a process that ended must be free"
    lock.release()


def test_the_window_s_own_restore_goes_ahead_while_it_holds_the_lock(patient):
    """The window holds the lock itself: its restore (store.backups.restore) must still work, and
    a restore from another process must still be refused meanwhile."""
    from companion.store import backups
    from companion.ui.lock import FolderLock

    records = PatientRecords.open(patient, today=lambda: DAY)
    saved = records.backup_now()
    records.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    records.close()
    lock = FolderLock(patient)
    assert lock.acquire()
    try:
        backups.restore(patient, saved)
        assert ("2026-06-01", None) not in doses_of(patient)
        other = Cli(patient.parent / "run")(patient, "restore", str(saved))
        assert_refused(other)
    finally:
        lock.release()
