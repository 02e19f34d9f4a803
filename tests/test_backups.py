"""Backups, graded rotation, restore and damaged files, on real database files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from companion.core.errors import DamagedData, InvalidInput
from companion.core.models import DoseRecord
from companion.core.retention import backups_to_keep
from companion.store import backups
from companion.store.backups import make_backup
from companion.store.database import DB_FILENAME
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.store.schema import KNOWN_MIGRATIONS, migration_set


def doses(folder) -> list[dt.date]:
    with open_store(folder) as store:
        return [d.given_on for d in DoseRepository(store).all()]


def add(folder, day: dt.date) -> None:
    with open_store(folder) as store:
        DoseRepository(store).add(DoseRecord(given_on=day))


# --- rotation ------------------------------------------------------------------------------------


def test_graded_rotation_keeps_2_days_then_daily_weekly_monthly():
    """Issue 17: every backup of the last 2 days, one a day for 2 weeks, one a week for 3 months,
    one a month after (tests/test_data_safety_backups.py checks each band in detail)."""
    start = dt.datetime(2025, 1, 1, 12)
    times = [start + dt.timedelta(hours=8 * i) for i in range(3 * 500)]  # three a day for 500 days
    newest = max(times)
    keep = backups_to_keep(times, newest)
    assert newest in keep
    assert {t for t in times if newest - t < dt.timedelta(days=2)} <= keep
    months = {(t.year, t.month) for t in keep}
    assert months == {(t.year, t.month) for t in times}, "a backup of every month"
    # each kept backup older than 2 days is the newest of its day (among those older than 2 days)
    old = [t for t in times if newest - t >= dt.timedelta(days=2)]
    for t in keep:
        if newest - t >= dt.timedelta(days=2):
            assert t == max(x for x in old if x.date() == t.date())


@given(st.lists(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)), max_size=60))
@settings(max_examples=150, deadline=None)
def test_rotation_keeps_the_newest_and_all_of_2_days_and_one_per_day_before(times):
    keep = backups_to_keep(times)
    assert keep <= set(times)
    if times:
        newest = max(times)
        assert newest in keep
        assert {t for t in times if newest - t < dt.timedelta(days=2)} <= keep
        older = [t for t in keep if newest - t >= dt.timedelta(days=2)]
        assert len(older) == len({t.date() for t in older}), "at most one a day after 2 days"


# --- making backups ------------------------------------------------------------------------------


def test_backup_is_a_private_complete_copy_and_listed(data_dir):
    add(data_dir, dt.date(2026, 1, 5))
    with open_store(data_dir) as store:
        path = make_backup(store)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT given_on FROM dose").fetchall() == [("2026-01-05",)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    [info] = backups.list_backups(backups.backup_folder(data_dir))
    assert info.path == path and info.reason == "manual"


def test_a_backup_is_listed_with_the_moment_in_its_name_and_strange_names_are_passed_over(data_dir):
    """The list reads each backup's time from its name, to the microsecond. A file whose name only
    looks like one (a 13th month) is not ours: it is left out, and the start goes on."""
    add(data_dir, dt.date(2026, 1, 5))
    with open_store(data_dir) as store:
        made = make_backup(store)
    folder = backups.backup_folder(data_dir)
    (folder / "20261340-250000-000000-auto.sqlite3").write_bytes(made.read_bytes())
    [info] = backups.list_backups(folder)
    stamp = made.name.split("-manual")[0]
    assert info.path == made
    assert info.made_at == dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
    with open_store(data_dir) as store:
        assert backups.backup_if_changed(store) is None  # nothing changed since that backup


def test_backup_at_start_only_when_the_data_changed(data_dir, tmp_path):
    add(data_dir, dt.date(2026, 1, 5))
    mirror = tmp_path / "usb-stick"
    with open_store(data_dir) as store:
        first = backups.backup_if_changed(store, mirror)
        again = backups.backup_if_changed(store, mirror)
    assert first is not None and again is None
    assert (mirror / first.name).exists(), "a second copy on the other disk"
    add(data_dir, dt.date(2026, 1, 19))
    with open_store(data_dir) as store:
        assert backups.backup_if_changed(store) is not None


def test_an_unplugged_mirror_does_not_stop_the_backup(data_dir, tmp_path):
    add(data_dir, dt.date(2026, 1, 5))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the mirror folder should be")
    with open_store(data_dir) as store:
        path = make_backup(store, mirror=blocked / "sub")
    assert path.exists()


def test_a_backup_is_made_before_a_schema_migration(data_dir):
    # A database at the first schema version, with a dose in it.
    data_dir.mkdir()
    db = Database(data_dir / DB_FILENAME)
    migration_set().apply(db, stop_before=KNOWN_MIGRATIONS[1])
    db["dose"].insert(
        {"id": "d1", "given_on": "2026-01-05", "created_at": "x", "updated_at": "x", "deleted_at": None}
    )
    db.close()
    with open_store(data_dir) as store:
        assert [d.given_on for d in DoseRepository(store).all()] == [dt.date(2026, 1, 5)]
        assert store.db["diary_entry"].exists(), "migrated to the newest schema"
    [info] = backups.list_backups(backups.backup_folder(data_dir))
    assert info.reason == "before-upgrade"
    conn = sqlite3.connect(info.path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert "dose" in tables and "diary_entry" not in tables, "the copy is of the data before the upgrade"


# --- restore -------------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_data_aside(data_dir):
    add(data_dir, dt.date(2026, 1, 5))
    with open_store(data_dir) as store:
        saved = make_backup(store)
    add(data_dir, dt.date(2026, 1, 19))  # written after the backup, into the WAL
    safety = backups.restore(data_dir, saved)
    assert doses(data_dir) == [dt.date(2026, 1, 5)]
    assert safety is not None
    conn = sqlite3.connect(safety)
    try:
        assert conn.execute("SELECT COUNT(*) FROM dose").fetchone()[0] == 2, "the data before the restore"
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        wal = data_dir / f"{DB_FILENAME}{suffix}"
        assert not wal.exists() or wal.stat().st_size == 0 or suffix == "-shm"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all\n" * 50, b"SQLite format 3\x00" + b"\x00" * 200],
    ids=["empty", "text", "truncated-header"],
)
def test_restore_refuses_a_file_that_is_not_a_good_database_and_changes_nothing(data_dir, tmp_path, content):
    add(data_dir, dt.date(2026, 1, 5))
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    before = (data_dir / DB_FILENAME).read_bytes()
    with pytest.raises(InvalidInput):
        backups.restore(data_dir, bad)
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert doses(data_dir) == [dt.date(2026, 1, 5)]


def test_restore_refuses_a_database_of_another_app_or_a_newer_version(data_dir, tmp_path):
    add(data_dir, dt.date(2026, 1, 5))
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(InvalidInput, match="not a database of Tofersen Companion"):
        backups.restore(data_dir, other)
    with open_store(data_dir) as store:
        newer = make_backup(store)
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('tofersen_companion', 'm999', 'x')"
        )
    conn.close()
    with pytest.raises(InvalidInput, match="newer version"):
        backups.restore(data_dir, newer)


# --- damaged files -------------------------------------------------------------------------------


def corrupt(path) -> None:
    """Overwrite the middle of the file, as a failing disk would."""
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 3)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_reported_kept_aside_and_restorable(data_dir):
    for day in range(1, 60, 14):
        add(data_dir, dt.date(2026, 1, day) if day <= 31 else dt.date(2026, 2, day - 31))
    with open_store(data_dir) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        make_backup(store)
        # Fill pages so that the damage hits data.
        with store.write():
            for i in range(300):
                store.db["revision"].insert(
                    {
                        "table_name": "x",
                        "record_id": str(i),
                        "action": "pad",
                        "changed_at": "x",
                        "old_json": "y" * 200,
                    }
                )
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_file = data_dir / DB_FILENAME
    corrupt(db_file)
    damaged_bytes = db_file.read_bytes()
    with pytest.raises(DamagedData):
        open_store(data_dir)
    assert db_file.read_bytes() == damaged_bytes, "a damaged file is never overwritten"
    good = backups.newest_good_backup(data_dir)
    assert good is not None
    backups.restore(data_dir, good.path)
    assert len(doses(data_dir)) == 5
    kept = [p for p in data_dir.glob(f"{DB_FILENAME}.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1, "the damaged file is kept aside, not deleted"
    assert kept[0].read_bytes() == damaged_bytes
