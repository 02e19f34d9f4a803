"""Data safety, second round (issue 17), judged on real folders, real SQLite files and real
command-line processes.

Each test is written from the issue's text: what the attacker or the unlucky user did, and what
must hold afterwards (nothing lost, nothing mixed, nothing sent elsewhere, bounded and honest).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
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
        records.profile.update(display_name=name, birth_date=born, onboarding_done=True)
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4), note="first"))
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
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
            "from companion.services.folders import FolderLock\n"
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
    assert "2026-06-01" not in [d for d, _n in doses_of(patient)]


def test_a_second_window_cannot_take_a_held_folder_but_takes_it_once_freed(patient):
    from companion.services.folders import FolderLock

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
    from companion.services.folders import FolderLock
    from companion.store import backups

    records = PatientRecords.open(patient, today=lambda: DAY)
    saved = records.backups.now()
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1)))
    records.close()
    lock = FolderLock(patient)
    assert lock.acquire()
    try:
        backups.restore(patient, saved)
        assert "2026-06-01" not in [d for d, _n in doses_of(patient)]
        other = Cli(patient.parent / "run")(patient, "restore", str(saved))
        assert_refused(other)
    finally:
        lock.release()


# --- H2: backups before import and restore; rotation never deletes what it just printed --------------


def test_five_backup_calls_in_a_row_leave_five_backups(cli, patient):
    printed = [Path(cli.ok(patient, "backup").stdout.strip()) for _ in range(5)]
    assert len(set(printed)) == 5
    missing = [p for p in printed if not p.exists()]
    assert not missing, f"backup printed paths that rotation deleted: {missing}"


def export_of(cli: Cli, folder: Path, target: Path) -> Path:
    cli.ok(folder, "export", "-o", str(target))
    return target


def test_import_backs_up_first_and_says_where(cli, patient, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(patient, laptop)  # the same patient on a second computer
    cli.ok(laptop, "dose", "add", "2026-06-01")
    raw = export_of(cli, laptop, tmp_path / "laptop.json")
    before = doses_of(patient)
    result = cli.ok(patient, "import", str(raw))
    kept = [Path(p) for p in re.findall(r"(/\S+\.sqlite3)", result.stdout)]
    assert kept and kept[0].exists(), f"import names no backup of the data before it\n{result}"
    conn = sqlite3.connect(kept[0])
    try:
        assert (
            conn.execute(
                "SELECT given_on, note FROM dose WHERE deleted_at IS NULL ORDER BY given_on"
            ).fetchall()
            == before
        )
    finally:
        conn.close()
    assert "2026-06-01" in [d for d, _n in doses_of(patient)]


# --- M3: five simultaneous dose add of one day store one -------------------------------------------


def test_five_simultaneous_dose_adds_of_one_day_store_exactly_one(cli, patient):
    argv = [sys.executable, "-m", "companion", "--data-dir", str(patient), "dose", "add", "2026-06-01"]
    for _round in range(2):
        procs = [
            subprocess.Popen(argv, cwd=cli.cwd, env=cli.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(5)
        ]
        codes = [p.wait(timeout=120) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        days = [d for d, _note in doses_of(patient)]
        assert days.count("2026-06-01") == 1, f"{days.count('2026-06-01')} doses stored on one day"
        assert sorted(codes) == ([0, 2, 2, 2, 2] if _round == 0 else [2] * 5), codes


# --- H3 and H4 on the command line ---------------------------------------------------------------


def test_import_of_a_dose_dated_9999_is_refused_naming_it_and_changes_nothing(cli, patient, tmp_path):
    document = json.loads(export_of(cli, patient, tmp_path / "mine.json").read_text(encoding="utf-8"))
    far = dict(document["records"]["dose"][0], id="far-future-dose", given_on="9999-12-01")
    document["records"]["dose"].append(far)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(patient, tmp_path / "scratch")
    result = cli(patient, "import", str(bad))
    assert_refused(result)
    assert "9999-12-01" in result.stderr and "far-future-dose" in result.stderr, str(result)
    assert snapshot(patient, tmp_path / "scratch") == before
    cli.ok(patient, "schedule")


def test_another_person_s_export_is_refused_unless_other_patient(cli, patient, tmp_path):
    ben = make_patient(tmp_path / "ben", name="Ben Weber", born=dt.date(1972, 1, 1))
    cli.ok(ben, "dose", "add", "2026-06-01")
    theirs = export_of(cli, ben, tmp_path / "ben.json")
    before = snapshot(patient, tmp_path / "scratch")
    result = cli(patient, "import", str(theirs))
    assert_refused(result)
    assert "Ben Weber" in result.stderr and "--other-patient" in result.stderr, str(result)
    assert snapshot(patient, tmp_path / "scratch") == before
    cli.ok(patient, "import", str(theirs), "--other-patient")
    assert "2026-06-01" in [d for d, _n in doses_of(patient)]


def test_restoring_another_person_s_backup_is_refused_unless_other_patient(cli, patient, tmp_path):
    ben = make_patient(tmp_path / "ben", name="Ben Weber", born=dt.date(1972, 1, 1))
    theirs = Path(cli.ok(ben, "backup").stdout.strip())
    before = snapshot(patient, tmp_path / "scratch")
    result = cli(patient, "restore", str(theirs))
    assert_refused(result)
    assert "Ben Weber" in result.stderr, str(result)
    assert snapshot(patient, tmp_path / "scratch") == before
    cli.ok(patient, "restore", str(theirs), "--other-patient")


def test_import_into_a_new_folder_takes_the_profile_and_a_refusal_creates_nothing(cli, patient, tmp_path):
    export = export_of(cli, patient, tmp_path / "mine.json")
    new = tmp_path / "new-folder"
    bad = tmp_path / "bad.json"
    bad.write_text(export.read_text(encoding="utf-8").replace("2026-05-04", "2031-05-04"), encoding="utf-8")
    assert_refused(cli(new, "import", str(bad)))
    assert not new.exists() or not any(new.iterdir()), "a refused import created the folder's data"
    cli.ok(new, "import", str(export))
    assert doses_of(new) == doses_of(patient)


# --- M8: bounded input, and every failure says what happened ----------------------------------------


def test_import_of_a_device_a_pipe_or_a_huge_file_is_refused_at_once(cli, patient, tmp_path):
    pipe = tmp_path / "export.json"
    os.mkfifo(pipe)
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024 + 1)
    before = snapshot(patient, tmp_path / "scratch")
    for source, words in (
        (Path("/dev/zero"), "not a regular file"),
        (pipe, "not a regular file"),
        (huge, "200 MB"),
    ):
        result = cli(patient, "import", str(source))  # the harness gives up after 120 s: no hang
        assert_refused(result)
        assert words in result.stderr and str(source) in result.stderr, str(result)
        assert "something went wrong" not in result.stderr
    assert snapshot(patient, tmp_path / "scratch") == before
