"""Backups that survive a wrong import and a wrong clock (issue 17, H2 and M4), on real files.

Rotation is graded: every backup of the last 2 days, one a day for 2 weeks, one a week for 3
months, one a month after; a backup made before an import or a restore is kept at least 30 days.
It counts by the time each backup recorded beside itself, and by the order backups were made, so a
clock set wrong (2020, 2099) never deletes the backup just made nor keeps a future one "newest".
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from companion.core.models import DoseRecord
from companion.core.retention import backups_to_keep
from companion.services import PatientRecords
from companion.store import backups
from companion.store.backups import make_backup
from companion.store.doses import DoseRepository
from companion.store.opening import open_store

UTC = dt.UTC
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def add(folder: Path, day: dt.date) -> None:
    with open_store(folder) as store:
        DoseRepository(store).add(DoseRecord(given_on=day))


def dose_days(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT given_on FROM dose ORDER BY given_on")]
    finally:
        conn.close()


def backup_at(folder: Path, when: dt.datetime, reason: str = "manual") -> Path:
    with open_store(folder) as store:
        return backups.make_backup(store, reason, now=when)


# --- the graded rotation itself (pure) ------------------------------------------------------------


def test_rotation_keeps_all_of_2_days_daily_for_2_weeks_weekly_for_3_months_monthly_after():
    times = [NOW - dt.timedelta(hours=3 * i) for i in range(8 * 400)]  # every 3 hours for 400 days
    keep = backups_to_keep(times, NOW)
    recent = [t for t in times if NOW - t < dt.timedelta(days=2)]
    assert set(recent) <= keep, "every backup of the last 2 days"
    for days in range(3, 14):
        day = (NOW - dt.timedelta(days=days)).date()
        assert len([t for t in keep if t.date() == day]) == 1, f"one backup on the day {days} days ago"
    weeks = {t.isocalendar()[:2] for t in keep if dt.timedelta(days=15) < NOW - t < dt.timedelta(days=90)}
    assert len(weeks) >= 10, "one a week for 3 months"
    for t in keep:
        if NOW - t > dt.timedelta(days=95):
            same_month = [k for k in keep if (k.year, k.month) == (t.year, t.month)]
            assert len(same_month) == 1, f"one a month after 3 months, not {same_month}"
    months = {(t.year, t.month) for t in keep}
    assert len(months) >= 13, "a backup of every month is kept"
    assert max(times) in keep


def test_rotation_never_keeps_fewer_than_the_newest_and_drops_nothing_of_the_last_2_days():
    burst = [NOW - dt.timedelta(minutes=i) for i in range(50)]
    assert backups_to_keep(burst, NOW) == set(burst)


# --- making backups -------------------------------------------------------------------------------


def test_five_backups_in_a_row_are_five_backups(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    made = []
    with open_store(data_dir) as store:
        for _ in range(5):
            made.append(make_backup(store, "manual"))
    assert all(p.exists() for p in made), "a backup printed must still exist"
    assert len({p.name for p in made}) == 5


def test_a_backup_records_its_own_time_beside_itself_and_is_listed_by_it(data_dir):
    """The list counts by the time the backup recorded, not by a file name: a backup renamed (or
    named by a clock that was wrong) keeps its recorded time and place in the order."""
    add(data_dir, dt.date(2026, 5, 4))
    first = backup_at(data_dir, NOW - dt.timedelta(days=3))
    second = backup_at(data_dir, NOW)
    listed = backups.list_backups(backups.backup_folder(data_dir))
    assert [b.path for b in listed] == [second, first], "newest first"
    assert listed[1].made_at == (NOW - dt.timedelta(days=3)).astimezone().replace(tzinfo=None)
    for path in (first, second):
        assert any(p.name.startswith(path.stem) and p != path for p in path.parent.iterdir()), (
            "the time is recorded beside the backup"
        )


def test_with_the_clock_in_2020_a_backup_is_never_deleted_as_it_is_made(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    for days in range(40, 0, -1):
        backup_at(data_dir, NOW - dt.timedelta(days=days))
    wrong = dt.datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    before = {b.path for b in backups.list_backups(backups.backup_folder(data_dir))}
    made = backup_at(data_dir, wrong)
    assert made.exists(), "backup printed the path of a file rotation had already deleted"
    after = {b.path for b in backups.list_backups(backups.backup_folder(data_dir))}
    assert before <= after, "a clock set wrong deleted backups that the right clock would keep"
    assert backups.list_backups(backups.backup_folder(data_dir))[0].path == made, "the last made is newest"


def test_a_backup_dated_2099_does_not_stay_newest_and_is_not_recommended_over_a_sane_one(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    backup_at(data_dir, NOW - dt.timedelta(days=1))
    future = backup_at(data_dir, dt.datetime(2099, 1, 1, tzinfo=UTC))
    add(data_dir, dt.date(2026, 5, 18))
    sane = backup_at(data_dir, NOW)
    listed = backups.list_backups(backups.backup_folder(data_dir))
    assert listed[0].path == sane, "the backup made last is the newest, whatever a wrong clock named"
    good = backups.newest_good_backup(data_dir)
    assert good is not None and good.path == sane
    # It ages with the backups made after it: months later it goes as any other would.
    later = NOW
    for _ in range(30):
        later += dt.timedelta(days=1)
        backup_at(data_dir, later)
    assert not future.exists(), "a backup dated in the future is kept for ever"


def test_the_hint_prefers_a_sane_backup_to_one_dated_in_the_future(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    sane = backup_at(data_dir, NOW - dt.timedelta(days=2))
    future = backup_at(data_dir, dt.datetime(2099, 1, 1, tzinfo=UTC))
    assert future.exists()
    good = backups.newest_good_backup(data_dir)
    assert good is not None and good.path == sane


def test_a_backup_made_before_an_import_is_kept_30_days_whatever_else_is_made(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    safety = backup_at(data_dir, NOW, reason="before-import")
    when = NOW
    for _ in range(29 * 2):  # two backups a day for 29 days, and restores too
        when += dt.timedelta(hours=12)
        backup_at(data_dir, when, reason="auto")
        if when.hour == 0:
            backup_at(data_dir, when, reason="before-restore")
    assert safety.exists(), "the backup made before an import went within 30 days"


# --- import and restore make their own backup -------------------------------------------------------


def test_import_makes_a_backup_first_and_a_window_start_keeps_it(tmp_path, data_dir):

    mine = PatientRecords.open(data_dir)
    mine.profile.update(display_name="Anna Weber", birth_date=dt.date(1970, 3, 2))
    mine.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4)))
    mine.backups.now()
    same = PatientRecords.open(tmp_path / "laptop")
    same.profile.update(display_name="Anna Weber", birth_date=dt.date(1970, 3, 2))
    same.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
    raw = same.exchange.export_json()
    same.close()
    plan = mine.exchange.plan_import(raw)
    safety = mine.exchange.import_with_backup(plan)
    assert safety is not None and safety.exists()
    assert dose_days(safety) == ["2026-05-04"], "the backup holds the data as it was before the import"
    assert mine.backups.at_start() is not None  # the window's start after the import
    mine.close()
    assert safety.exists(), "rotation deleted the backup made just before the import"
    reasons = [b.reason for b in backups.list_backups(backups.backup_folder(data_dir))]
    assert "before-import" in reasons


def test_the_meta_beside_a_backup_is_private(data_dir):
    add(data_dir, dt.date(2026, 5, 4))
    made = backup_at(data_dir, NOW)
    metas = [p for p in made.parent.iterdir() if p.name.startswith(made.stem) and p != made]
    assert metas
    for meta in metas:
        assert meta.stat().st_mode & 0o777 == 0o600
        json.loads(meta.read_text(encoding="utf-8"))
