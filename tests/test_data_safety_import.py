"""Import: nothing wrong, nothing mixed, nothing sent elsewhere (issue 17: H3, H4, M1, M2, M8).

Every record of a file is checked as the commands check what a person types (no dose or diary
entry in the future, lengths capped, dates in range, references that resolve); one bad record
refuses the whole file, naming it, and changes nothing. Another person's export is refused unless
the user says it is the same person. Settings stay on this computer. Real folders, real SQLite.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from companion.core.diary import CheckinStatus
from companion.core.errors import InvalidInput
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    AppointmentKind,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
    Medication,
    Profile,
    Question,
)
from companion.services import PatientRecords

TODAY = dt.date(2026, 6, 15)
BERLIN = dt.timezone(dt.timedelta(hours=2))
TABLES = ("profile", "dose", "appointment", "diary_entry", "diary_symptom", "alsfrs", "measurement")
ALL_TABLES = (*TABLES, "medication", "question", "red_flag_ack", "checkin", "revision")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())


def open_records(folder: Path) -> PatientRecords:
    return PatientRecords.open(folder, today=lambda: TODAY)


def state(records: PatientRecords) -> dict:
    return {t: records.store.db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in ALL_TABLES}


def fill(records: PatientRecords, name: str = "Anna Weber", born=dt.date(1970, 3, 2)) -> None:
    records.profile.update(display_name=name, birth_date=born, care_team_phone="+49 30 1234")
    first = DoseRecord(given_on=dt.date(2026, 5, 4), note="first")
    records.doses.record(first)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
    records.appointments.book(Appointment(on=dt.date(2026, 7, 1), kind=AppointmentKind.DOSE))
    records.diary.add(DiaryEntry(at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN), symptoms={"stiff_neck": 3}))
    for banner in records.diary.banners():
        records.diary.acknowledge(banner)
    records.diary.repo.close_checkin(first.id, 1, CheckinStatus.ANSWERED)
    records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 5, 1), scores=(4,) * 12))
    records.visit.add_measurement(
        Measurement(measured_on=dt.date(2026, 6, 2), kind=MeasurementKind.WEIGHT, value=70.5)
    )
    records.visit.add_medication(Medication(name="Riluzole", since=dt.date(2025, 1, 1)))
    records.visit.add_question(Question(text="How long is the pause?", created_on=dt.date(2026, 6, 1)))


@pytest.fixture
def source(tmp_path) -> dict:
    """A valid export of a folder of Anna's (a second computer of hers), as a document."""
    records = open_records(tmp_path / "laptop")
    fill(records)
    document = json.loads(records.exchange.export_json())
    records.close()
    return document


@pytest.fixture
def mine(tmp_path, source):
    """Anna's own folder, holding the same records as ``source`` (made from its import)."""
    records = open_records(tmp_path / "mine")
    records.exchange.apply_import(records.exchange.plan_import(json.dumps(source).encode()))
    yield records
    records.close()


def raw(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def with_row(document: dict, table: str, **changes) -> dict:
    """The document with one more record of ``table``: a copy of its first, changed."""
    changed = copy.deepcopy(document)
    row = dict(changed["records"][table][0], id=f"00000000-0000-4000-8000-{len(table):012d}", **changes)
    changed["records"][table].append(row)
    return changed


def refused(records: PatientRecords, data: bytes, *words: str) -> str:
    before = state(records)
    with pytest.raises(InvalidInput) as info:
        plan = records.exchange.plan_import(data)
        records.exchange.apply_import(plan)
    message = str(info.value)
    assert message.strip() and "\n" not in message.strip(), f"not one line: {message!r}"
    assert state(records) == before, "a refused import changed the data"
    for word in words:
        assert word in message, f"{word!r} not in the message: {message}"
    return message


# --- H3 and M2: every record checked as the commands check it ---------------------------------------


FUTURE = [
    ("dose", {"given_on": "9999-12-01"}, "9999-12-01"),
    ("dose", {"given_on": "2030-01-07"}, "2030-01-07"),
    ("diary_entry", {"at": "2026-06-16T09:00:00+02:00"}, "2026-06-16"),
    ("alsfrs", {"rated_on": "2026-07-01"}, "2026-07-01"),
    ("measurement", {"measured_on": "2027-01-01"}, "2027-01-01"),
    ("medication", {"since": "2031-01-01"}, "2031-01-01"),
    ("question", {"created_on": "2026-12-24"}, "2026-12-24"),
]


@pytest.mark.parametrize(("table", "changes", "date"), FUTURE, ids=[f"{t}-{d}" for t, _c, d in FUTURE])
def test_a_record_dated_in_the_future_refuses_the_whole_file_and_is_named(mine, source, table, changes, date):
    message = refused(mine, raw(with_row(source, table, **changes)), date)
    assert "00000000-0000-4000-8000" in message or date in message


OUT_OF_RANGE = [
    ("dose", {"given_on": "0001-01-01"}),
    ("dose", {"given_on": "1899-12-31"}),
    ("appointment", {"on_date": "9999-12-31"}),
    ("profile", {"birth_date": "2027-01-01"}),
    ("profile", {"birth_date": "1800-01-01"}),
    ("profile", {"planned_first_dose": "9999-01-01"}),
]


@pytest.mark.parametrize(("table", "changes"), OUT_OF_RANGE, ids=lambda v: str(v))
def test_dates_out_of_range_are_refused(mine, source, table, changes):
    document = copy.deepcopy(source)
    if table == "profile":
        document["records"]["profile"][0].update(changes)
    else:
        document = with_row(document, table, **changes)
    refused(mine, raw(document))


LONG = 100_001
TOO_LONG = [
    ("dose", "note", LONG),
    ("dose", "place", LONG),
    ("dose", "lot", LONG),
    ("dose", "given_by", LONG),
    ("appointment", "note", LONG),
    ("diary_entry", "note", LONG),
    ("medication", "name", 501),
    ("profile", "display_name", 201),
]


@pytest.mark.parametrize(("table", "column", "length"), TOO_LONG, ids=lambda v: str(v))
def test_text_longer_than_the_app_accepts_is_refused_wherever_it_is(mine, source, table, column, length):
    document = copy.deepcopy(source)
    document["records"][table][0][column] = "x" * length
    kind = {"dose": "dose", "appointment": "appointment", "diary_entry": "diary entry"}
    kind |= {"medication": "medicine", "profile": "profile"}
    refused(mine, raw(document), kind[table])


def test_the_app_refuses_a_dose_note_longer_than_an_import_accepts(tmp_path):
    """M2: a 120,000-character dose note made the export unreadable everywhere: the app refuses
    it when it is typed, as it refuses a diary note of that length."""
    records = open_records(tmp_path / "p")
    try:
        with pytest.raises(InvalidInput):
            records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4), note="x" * 120_000))
        assert records.doses.all() == []
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4), note="x" * 100_000))
        other = open_records(tmp_path / "other")
        try:
            other.exchange.apply_import(other.exchange.plan_import(records.exchange.export_json()))
            assert other.doses.all()[0].note == "x" * 100_000
        finally:
            other.close()
    finally:
        records.close()


def test_a_warning_read_for_an_entry_that_is_nowhere_is_refused(mine, source):
    message = refused(mine, raw(with_row(source, "red_flag_ack", entry_id="no-such-entry")))
    assert "no-such-entry" in message or "00000000" in message


def test_a_check_in_of_a_dose_that_is_nowhere_is_refused(mine, source):
    document = copy.deepcopy(source)
    document["records"]["checkin"] = [
        {
            "id": "c-1",
            "dose_id": "no-such-dose",
            "day": 1,
            "status": "answered",
            "at": None,
            "created_at": "2026-06-01T08:00:00+00:00",
            "updated_at": "2026-06-01T08:00:00+00:00",
            "deleted_at": None,
        }
    ]
    refused(mine, raw(document), "no-such-dose")


def test_a_record_referring_to_one_already_here_is_accepted(mine, source):
    """A reference resolves in the file or in the folder: a warning read on the laptop for an
    entry both computers have."""
    document = copy.deepcopy(source)
    entry_id = document["records"]["diary_entry"][0]["id"]
    document["records"]["diary_entry"] = []
    document["records"]["red_flag_ack"][0]["entry_id"] = entry_id
    mine.exchange.plan_import(raw(document))


@pytest.mark.parametrize("stamp", ["9999", "yesterday", "2026-13-01T00:00:00"])
def test_a_stamp_that_is_not_a_time_is_refused(mine, source, stamp):
    document = copy.deepcopy(source)
    document["records"]["dose"][0]["updated_at"] = stamp
    refused(mine, raw(document), "dose")


def test_a_future_dose_already_in_the_database_cannot_crash_the_schedule(tmp_path):

    records = open_records(tmp_path / "p")
    try:
        records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4)))
        with records.store.write():
            records.store.db["dose"].insert(
                {"id": "far", "given_on": "9999-12-01", "created_at": "x", "updated_at": "x"}
            )
        records.schedule.upcoming(6)
        records.schedule.next_dose(6)
        records.doses.history()
        assert records.calendar.ics(6)
    finally:
        records.close()


# --- H4: another person's export ------------------------------------------------------------------


def other_person(source: dict, name: str = "Ben Weber", born: str | None = "1972-01-01") -> dict:
    document = copy.deepcopy(source)
    profile = document["records"]["profile"][0]
    profile.update(id="11111111-1111-4111-8111-111111111111", display_name=name, birth_date=born)
    for table, rows in document["records"].items():  # B's own records (other ids)
        if table != "profile":
            for row in rows:
                row["id"] = "b-" + row["id"]
    for row in document["records"].get("red_flag_ack", []):
        row["entry_id"] = "b-" + row["entry_id"]
    for row in document["records"].get("checkin", []):
        row["dose_id"] = "b-" + row["dose_id"]
    return document


def test_another_person_s_export_is_refused_and_names_both(mine, source):
    refused(mine, raw(other_person(source)), "Ben Weber")
    assert mine.profile.get().display_name == "Anna Weber"


def test_another_person_with_the_same_name_but_another_birth_date_is_refused(mine, source):
    refused(mine, raw(other_person(source, name="Anna Weber", born="1999-09-09")))


def test_another_person_s_export_goes_in_when_the_user_says_so(mine, source):
    plan = mine.exchange.plan_import(raw(other_person(source)), other_patient=True)
    mine.exchange.apply_import(plan)
    assert len(mine.doses.all()) == 2 and len(mine.diary.entries()) == 2


def test_a_folder_without_a_profile_takes_the_imported_one(tmp_path, source):
    fresh = open_records(tmp_path / "fresh")
    try:
        fresh.doses.record(DoseRecord(given_on=dt.date(2026, 4, 1)))  # records, but no profile yet
        fresh.exchange.apply_import(fresh.exchange.plan_import(raw(other_person(source))))
        assert fresh.profile.get().display_name == "Ben Weber"
    finally:
        fresh.close()


def test_the_same_person_set_up_on_two_computers_is_not_another_person(tmp_path, source):
    """Different profile ids, but the same name and birth date (or one side without a birth date):
    the same person, merged without a question."""
    other = open_records(tmp_path / "desk")
    try:
        other.profile.update(display_name="  anna   WEBER ")
        other.exchange.apply_import(other.exchange.plan_import(raw(source)))
        assert len(other.doses.all()) == 2
    finally:
        other.close()


# --- M1: settings stay on this computer; a stamp from 9999 does not win every merge ------------------

SETTINGS = {
    "backup_mirror": "/tmp/attacker-chosen-folder",
    "text_size": 200,
    "high_contrast": 1,
    "reminder_days": 30,
    "calendar_detail": 1,
    "language": "it",
    "report_language": "es",
    "onboarding_done": 0,
    "care_team_asked": 0,
    "emergency_number": "0900 123 456",
}


def test_imported_settings_never_change_this_computer_s(mine, source):
    mine.profile.update(backup_mirror="", text_size=140, language="de", emergency_number="112")
    before = mine.profile.get()
    document = copy.deepcopy(source)
    profile = document["records"]["profile"][0]
    profile.update(SETTINGS, care_team_phone="+49 30 9999", updated_at=dt.datetime.now(dt.UTC).isoformat())
    mine.exchange.apply_import(mine.exchange.plan_import(raw(document)))
    after = mine.profile.get()
    assert after.care_team_phone == "+49 30 9999", "the patient's details still merge"
    for name in SETTINGS:
        assert getattr(after, name) == getattr(before, name), f"the import changed the setting {name}"


def test_a_new_folder_takes_no_settings_from_an_import(tmp_path, source):
    document = copy.deepcopy(source)
    document["records"]["profile"][0].update(SETTINGS)
    fresh = open_records(tmp_path / "fresh")
    try:
        fresh.exchange.apply_import(fresh.exchange.plan_import(raw(document)))
        profile = fresh.profile.get()
        assert profile.display_name == "Anna Weber"
        assert profile.backup_mirror == "" and fresh.profile.backup_mirror() is None
        defaults = Profile()
        for name in SETTINGS:
            if name != "onboarding_done":
                assert getattr(profile, name) == getattr(defaults, name), name
    finally:
        fresh.close()


def test_an_export_carries_no_settings_of_this_computer(mine):
    mine.profile.update(backup_mirror="/media/usb/backups", text_size=150)
    document = json.loads(mine.exchange.export_json())
    profile = document["records"]["profile"][0]
    assert "backup_mirror" not in profile and "text_size" not in profile


def test_an_update_stamped_9999_is_refused_and_names_the_record(mine, source):
    """A time still to come (beyond a day of clock drift) cannot be right: it would win every later
    merge. The file is refused, naming the record; nothing changes."""
    document = copy.deepcopy(source)
    profile = document["records"]["profile"][0]
    profile.update(care_team_phone="+1 555 0100 (from the file)", updated_at="9999-12-31T23:59:59+00:00")
    refused(mine, raw(document), "9999-12-31")
    dose = copy.deepcopy(source)
    dose["records"]["dose"][0].update(note="from the file", updated_at="2099-01-01T00:00:00+00:00")
    refused(mine, raw(dose), "2099-01-01")


def test_a_9999_stamp_already_in_the_database_does_not_win_every_merge(mine, source):
    """A stamp from 9999 that an older version let in: a real change from another computer still
    replaces that record (and the stamp with it)."""
    [profile_id] = [r[0] for r in mine.store.db.execute("SELECT id FROM profile").fetchall()]
    with mine.store.write():
        mine.store.db.execute("UPDATE profile SET updated_at = '9999-12-31T23:59:59+00:00'")
    document = copy.deepcopy(source)
    row = document["records"]["profile"][0]
    assert row["id"] == profile_id
    row.update(care_team_phone="+49 30 7777 (new)", updated_at=dt.datetime.now(dt.UTC).isoformat())
    mine.exchange.apply_import(mine.exchange.plan_import(raw(document)))
    assert mine.profile.get().care_team_phone == "+49 30 7777 (new)"
    stamps = [r[0] for r in mine.store.db.execute("SELECT updated_at FROM profile").fetchall()]
    assert all(not s.startswith("9999") for s in stamps), stamps


# --- M8: only regular files, at most 200 MB -----------------------------------------------------------


def test_import_reads_only_regular_files(tmp_path):
    from companion.services.exchange import read_export_file

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(InvalidInput) as info:
            read_export_file(path)
        assert str(path) in str(info.value)


def test_import_refuses_a_file_over_200_mb_without_reading_it(tmp_path):
    from companion.services.exchange import read_export_file

    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024 + 1)  # sparse: no disk used
    with pytest.raises(InvalidInput, match="200"):
        read_export_file(big)
