"""Storage on a real SQLite file: schema, migrations, privacy, soft deletes, revisions."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest

from companion.core.errors import DataError, InvalidInput
from companion.core.models import (
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DoseRecord,
    Profile,
    TreatmentStatus,
)
from companion.services import PatientRecords
from companion.store import revisions
from companion.store.appointments import AppointmentRepository
from companion.store.backups import make_backup
from companion.store.database import DB_FILENAME
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.store.patients import PatientDirectory
from companion.store.profile import ProfileRepository
from companion.store.schema import MIGRATION_SET

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_records_survive_closing_and_reopening(data_dir):
    dose = DoseRecord(
        given_on=dt.date(2026, 3, 2),
        number=12,
        given_at=dt.time(9, 30),
        place="Hôpital de la Pitié-Salpêtrière",
        given_by="Dr Łukasz Nowak",
        csf_removed_ml=10.0,
        lot="A1B2",
        note="没问题 — all fine",
    )
    appointment = Appointment(
        on=dt.date(2026, 3, 30),
        at=dt.time(8, 15),
        kind=AppointmentKind.DOSE,
        place="Day unit",
        for_dose=13,
    )
    profile = Profile(
        display_name="Ana María",
        care_team_phone="+34 600 000 000",
        treatment_status=TreatmentStatus.PAUSED,
        status_since=dt.date(2026, 3, 10),
        status_note="infection",
        onboarding_done=True,
    )
    with open_store(data_dir) as store:
        DoseRepository(store).add(dose)
        AppointmentRepository(store).add(appointment)
        ProfileRepository(store).save(profile)
    with open_store(data_dir) as store:
        assert DoseRepository(store).all() == [dose]
        assert AppointmentRepository(store).all() == [appointment]
        assert ProfileRepository(store).get() == profile


def test_folder_and_files_are_private(data_dir):
    with open_store(data_dir) as store:
        DoseRepository(store).add(DoseRecord(given_on=dt.date(2026, 1, 5)))
        backup = make_backup(store)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / DB_FILENAME).stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


def test_database_uses_wal_and_records_its_migrations(data_dir):
    open_store(data_dir).close()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        ]
    finally:
        conn.close()
    assert names and names[0] == "m001_initial"


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(data_dir):
    with open_store(data_dir) as store:
        DoseRepository(store).add(DoseRecord(given_on=dt.date(2026, 1, 5)))
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [MIGRATION_SET, "m999_from_the_future", "2030-01-01"],
        )
    conn.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    with pytest.raises(DataError, match="newer version"):
        open_store(data_dir)
    assert (data_dir / DB_FILENAME).read_bytes() == before


def test_a_file_that_is_not_a_database_is_reported_not_overwritten(data_dir):
    data_dir.mkdir()
    garbage = b"this is not a database\n" * 100
    (data_dir / DB_FILENAME).write_bytes(garbage)
    with pytest.raises(DataError):
        open_store(data_dir)
    assert (data_dir / DB_FILENAME).read_bytes() == garbage


def test_delete_is_soft_and_restore_brings_the_same_record_back(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 2, 1))
    dose = DoseRecord(given_on=dt.date(2026, 1, 5), note="first")
    records.doses.record(dose)
    records.doses.delete(dose.id)
    assert records.doses.history() == []
    [(deleted, when)] = records.doses.deleted()
    assert deleted == dose
    assert when.date() <= dt.datetime.now(dt.UTC).date()
    records.doses.restore(dose.id)
    assert [d.record for d in records.doses.history()] == [dose]
    records.close()


def test_restoring_a_dose_whose_day_was_taken_meanwhile_is_refused(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 2, 1))
    old = DoseRecord(given_on=dt.date(2026, 1, 5))
    records.doses.record(old)
    records.doses.delete(old.id)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 1, 5), note="typed again"))
    with pytest.raises(InvalidInput):
        records.doses.restore(old.id)
    assert len(records.doses.history()) == 1
    records.close()


def test_every_edit_keeps_the_previous_version(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 2, 1))
    dose = DoseRecord(given_on=dt.date(2026, 1, 5), lot="A")
    records.doses.record(dose)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 1, 6), lot="B", id=dose.id))
    records.doses.record(DoseRecord(given_on=dt.date(2026, 1, 6), lot="C", id=dose.id))
    history = revisions.of(records.store, dose.id)
    assert [h["old"]["lot"] for h in history] == ["A", "B"]
    assert records.doses.get(dose.id).lot == "C"
    records.close()


def test_appointment_outcome_cannot_be_set_before_the_day(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 2, 1))
    future = Appointment(on=dt.date(2026, 2, 10), outcome=AppointmentOutcome.DONE)
    with pytest.raises(InvalidInput):
        records.appointments.book(future)
    assert records.appointments.all() == []
    records.close()


def test_setup_with_a_maintenance_dose_keeps_the_number(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 5, 20))
    assert records.profile.needs_setup()
    records.profile.complete_setup(
        recent_dose=DoseRecord(given_on=dt.date(2026, 5, 12), number=12),
        care_team_name="Clinic",
    )
    assert not records.profile.needs_setup()
    [dose] = records.doses.history()
    assert (dose.number, dose.phase.value, dose.due_on) == (12, "maintenance", None)
    [next_dose] = records.schedule.upcoming(1)
    assert (next_dose.number, next_dose.due_on) == (13, dt.date(2026, 6, 9))
    profile = records.profile.get()
    assert profile.care_team_name == "Clinic" and profile.care_team_asked
    records.close()


def test_setup_refuses_a_recent_dose_in_the_future_and_saves_nothing(data_dir):
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 5, 20))
    with pytest.raises(InvalidInput):
        records.profile.complete_setup(recent_dose=DoseRecord(given_on=dt.date(2026, 5, 21)))
    assert records.profile.needs_setup()
    assert records.doses.history() == []
    records.close()


def test_patient_directory_lists_names_and_remembers_the_current_one(tmp_path):
    directory = PatientDirectory(tmp_path / "root")
    assert directory.patients() == []
    first = directory.current_or_new()
    assert directory.current() == first
    second = directory.new_folder("José García")
    with open_store(second) as store:
        ProfileRepository(store).save(Profile(display_name="José García"))
    with open_store(first) as store:
        ProfileRepository(store).save(Profile(display_name="Anna"))
    assert [p.name for p in directory.patients()] == ["Anna", "José García"]
    directory.set_current(second)
    assert PatientDirectory(tmp_path / "root").current() == second
    assert stat.S_IMODE((tmp_path / "root").stat().st_mode) == 0o700


def test_authors_are_everyone_with_a_kept_entry_most_recent_first(tmp_path):
    """Checked against the plain reading of the rule, on random names, times and deletions."""
    import random

    from companion.core.models import DiaryEntry
    from companion.store.diary import DiaryRepository

    rng = random.Random(3)
    store = open_store(tmp_path / "p")
    repo = DiaryRepository(store)
    start = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    names = ["patient", "Anna", "Ben", "anna", "Zoë", "Ben Müller"]
    with store.write():
        for i in range(300):
            entry = DiaryEntry(at=start + dt.timedelta(hours=rng.randint(0, 5000)), by=rng.choice(names))
            repo.add(entry)
            if i % 7 == 0:
                repo.delete(entry.id)
    rows = store.db.execute(
        "SELECT by_name, MAX(at_utc) FROM diary_entry WHERE deleted_at IS NULL GROUP BY by_name"
    ).fetchall()
    expected = [name for name, _latest in sorted(rows, key=lambda row: row[1], reverse=True)]
    assert repo.authors() == expected
    assert set(expected) <= set(names) and len(expected) >= 4
    store.close()


def test_a_diary_page_read_from_the_end_is_the_same_page(tmp_path):
    """Pages near the end are read backwards from the end (cheap after years of entries); every
    page, in both orders and with a filter, must be exactly the page read from the start.
    Entries share times, so the tie-break by id is checked too."""
    import random

    from companion.core.diary import DiaryFilter
    from companion.core.models import DiaryEntry
    from companion.store.diary import DiaryRepository

    rng = random.Random(5)
    store = open_store(tmp_path / "p")
    repo = DiaryRepository(store)
    start = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    with store.write():
        for i in range(53):
            symptoms = {"headache": 2} if i % 3 == 0 else {}
            repo.add(DiaryEntry(at=start + dt.timedelta(hours=rng.randint(0, 30)), symptoms=symptoms))
    filters = [
        DiaryFilter(newest_first=True),
        DiaryFilter(newest_first=False),
        DiaryFilter(symptom="headache", newest_first=True),
        DiaryFilter(start=dt.date(2026, 1, 2), newest_first=False),
    ]
    for f in filters:
        total = repo.count_matching(f)
        everything = repo.ids(f)
        assert len(everything) == total > 0
        for limit in (1, 4, 10, 100):
            for offset in range(total + 2):
                assert repo.ids(f, offset, limit, total) == everything[offset : offset + limit], (f, offset)
    store.close()
