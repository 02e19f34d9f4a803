"""Which folders the app takes as a patient's, and how it opens them (issue 17: M5, M6, L1, L3, L5,
L9, and umask 000). Real command-line processes on real folders.

A patient folder is one that holds ``companion.sqlite3`` (or the app's own files around it, such
as its backups), or an empty or new one. Anything else is someone else's folder: refused, and
left exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_harness import Cli, assert_refused, snapshot

from companion.core.models import DoseRecord
from companion.services import PatientRecords
from companion.store.database import DB_FILENAME
from companion.store.doses import DoseRepository

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "run")


def make_patient(folder: Path) -> Path:
    records = PatientRecords.open(folder, today=lambda: TODAY)
    try:
        records.profile.update(display_name="Anna Weber")
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4)))
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
    finally:
        records.close()
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# --- M5: an unrelated folder is not a patient folder ---------------------------------------------


@pytest.mark.parametrize("command", [["dose", "add", "2026-06-01"], ["dose", "list"], ["backup"]])
def test_an_unrelated_folder_with_files_is_refused_and_left_as_it_was(cli, tmp_path, command):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "holiday.jpg").write_bytes(b"\xff\xd8 not really a photo")
    (shared / "notes").mkdir()
    os.chmod(shared, 0o1777)
    before = snapshot(shared, tmp_path / "scratch")
    result = cli(shared, *command)
    if command == ["dose", "list"]:
        # Reading finds no records there; it creates nothing either.
        assert result.returncode in (0, 2), str(result)
    else:
        assert_refused(result)
        assert "folder" in result.stderr, str(result)
    assert mode(shared) == 0o1777, "the folder's permissions were changed"
    assert not (shared / DB_FILENAME).exists(), "a database was created in someone else's folder"
    assert snapshot(shared, tmp_path / "scratch") == before


def test_an_empty_or_new_folder_is_a_new_patient(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    cli.ok(empty, "dose", "add", "2026-06-01")
    cli.ok(tmp_path / "new" / "deeper", "dose", "add", "2026-06-01")
    assert mode(empty) == 0o700


def test_a_folder_holding_only_the_app_s_backups_is_a_patient_folder(cli, tmp_path):
    folder = make_patient(tmp_path / "patient")
    backup = Path(cli.ok(folder, "backup").stdout.strip())
    for name in os.listdir(folder):
        if name.startswith(DB_FILENAME):
            (folder / name).unlink()
    result = cli.ok(folder, "restore", str(backup))
    assert "Restored" in result.stdout


# --- M6: an empty database file beside backups ---------------------------------------------------


def test_an_empty_database_file_beside_backups_is_not_taken_as_a_new_patient(cli, tmp_path):
    folder = make_patient(tmp_path / "patient")
    cli.ok(folder, "backup")
    (folder / DB_FILENAME).write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{folder / DB_FILENAME}{suffix}").unlink(missing_ok=True)
    result = cli(folder, "dose", "add", "2026-06-01")
    assert result.returncode != 0, str(result)
    assert "empty" in result.stderr and "backup" in result.stderr, str(result)
    assert "restore" in result.stderr, str(result)
    assert (folder / DB_FILENAME).read_bytes() == b"", "the empty file was taken as a new patient"


def test_an_empty_database_file_without_backups_is_a_new_patient(cli, tmp_path):
    folder = tmp_path / "patient"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"")
    cli.ok(folder, "dose", "add", "2026-06-01")


# --- L1: a refused import on a new folder creates nothing ----------------------------------------


def test_a_refused_import_into_a_new_folder_creates_nothing(cli, tmp_path):
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"format": "tofersen-companion-export", "version": 1, "records": {"dose": [1]}}')
    for folder in (tmp_path / "new", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        assert_refused(cli(folder, "import", str(garbage)))
        assert not (folder / DB_FILENAME).exists()


# --- L3: a read-only folder can still be read ---------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path):
    """Nobody can write into ``folder`` or its database, root included (immutable when root)."""
    paths = [folder / DB_FILENAME, folder]
    as_root = os.geteuid() == 0
    for path in paths:
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
        if as_root:
            subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield folder
    finally:
        for path in reversed(paths):
            if as_root:
                subprocess.run(["chattr", "-i", str(path)], check=True)
        os.chmod(folder, 0o700)
        os.chmod(folder / DB_FILENAME, 0o600)


def test_read_only_commands_work_on_a_read_only_folder(cli, tmp_path):
    folder = make_patient(tmp_path / "patient")
    expected = cli.ok(folder, "dose", "list", "--json").json()
    with read_only(folder):
        before = {p.name: mode(p) for p in [folder, *folder.iterdir()]}
        assert cli.ok(folder, "dose", "list", "--json").json() == expected
        cli.ok(folder, "diary", "list")
        cli.ok(folder, "schedule")
        cli.ok(folder, "alsfrs", "list")
        result = cli(folder, "dose", "add", "2026-06-01")
        assert result.returncode != 0 and "read-only" in result.stderr, str(result)
        assert "Traceback" not in result.stderr
        after = {p.name: mode(p) for p in [folder, *folder.iterdir()]}
        assert after == before, "opening a read-only folder changed permissions"


def test_opening_a_private_folder_changes_no_permission(tmp_path):
    folder = make_patient(tmp_path / "patient")
    os.chmod(folder, 0o500)  # private, and read-only for its owner: nothing to make more private
    try:
        with PatientRecords.open(folder).store as store:
            DoseRepository(store).all()
        assert mode(folder) == 0o500
    finally:
        os.chmod(folder, 0o700)


# --- L5: a newer version's database is refused with its bytes unchanged --------------------------


def test_a_newer_version_s_database_keeps_every_byte(cli, tmp_path):
    folder = make_patient(tmp_path / "patient")
    db = folder / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('tofersen_companion', 'm999_from_the_future', '2030-01-01 00:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = cli(folder, "dose", "list")
    assert result.returncode == 1 and "newer version" in result.stderr, str(result)
    assert db.read_bytes() == before, "the newer version's file was changed"


# --- L9: a database file that is a link ----------------------------------------------------------


def test_a_database_that_is_a_symlink_is_refused_before_anything_changes(cli, tmp_path):
    target = tmp_path / "elsewhere" / "precious.sqlite3"
    target.parent.mkdir()
    make_patient(tmp_path / "source")
    target.write_bytes((tmp_path / "source" / DB_FILENAME).read_bytes())
    os.chmod(target, 0o644)
    folder = tmp_path / "patient"
    folder.mkdir(mode=0o700)
    (folder / DB_FILENAME).symlink_to(target)
    before = target.read_bytes()
    for command in (["dose", "list"], ["dose", "add", "2026-06-01"], ["backup"]):
        result = cli(folder, *command)
        assert result.returncode == 2, str(result)
        assert "link" in result.stderr, str(result)
    assert mode(target) == 0o644, "the link's target had its permissions changed"
    assert target.read_bytes() == before


# --- umask 000: the folders the app creates are private ------------------------------------------


def test_under_umask_000_every_folder_the_app_creates_is_0700(tmp_path):
    run = Cli(tmp_path / "run")
    env = run.env()
    del env["XDG_DATA_HOME"]  # the platform's default: ~/.local/share, which does not exist yet
    home = Path(env["HOME"])
    result = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$0" -m companion dose add 2026-06-01', sys.executable],
        cwd=run.cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    created = [home / ".local", home / ".local" / "share", home / ".local" / "share" / "TofersenCompanion"]
    for folder in created:
        assert mode(folder) == 0o700, f"{folder} is {oct(mode(folder))}"
    for path in (home / ".local" / "share" / "TofersenCompanion").rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path} is {oct(mode(path))}"


def test_restore_into_a_read_only_folder_is_refused_and_changes_nothing(cli, tmp_path):
    folder = make_patient(tmp_path / "patient")
    backup = tmp_path / "kept.sqlite3"
    backup.write_bytes(Path(cli.ok(folder, "backup").stdout.strip()).read_bytes())
    with read_only(folder):
        before = snapshot(folder, tmp_path / "scratch")
        result = cli(folder, "restore", str(backup))
        assert_refused(result)
        assert "read-only" in result.stderr, str(result)
        assert snapshot(folder, tmp_path / "scratch") == before
