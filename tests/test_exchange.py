"""Export and import (design.md §3 and §8; issue 7), judged against the specification on real folders.

The contract under test:
- ``export`` writes every record and ``import`` reads it back: they "round-trip every record exactly";
- an import "validates everything first and writes in one transaction — all or nothing — so a
  truncated, garbage or invalid file is refused (exit 2) and changes nothing";
- importing "into a folder that already holds data merges without duplicates, keyed on the records'
  UUIDs"; a record both sides have keeps the version changed last, the other kept as a revision;
- a dose of the other file on a day that already has a dose is left out and reported;
- the diary as CSV: one row per entry, one column per symptom holding its severity.

No Qt here. Every folder is a real temporary folder with a real SQLite file.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core.diary import Checkin, CheckinStatus
from companion.core.errors import InvalidInput
from companion.core.exchange import LOCAL_SETTINGS
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DiaryEntry,
    DoseRecord,
    Item5,
    Measurement,
    MeasurementKind,
    Medication,
    Profile,
    Question,
    TreatmentStatus,
)
from companion.core.symptoms import CODES
from companion.services import PatientRecords
from companion.store import revisions
from companion.store.database import DB_FILENAME

TODAY = dt.date(2026, 6, 15)
TABLES = (
    "profile",
    "dose",
    "appointment",
    "diary_entry",
    "alsfrs",
    "measurement",
    "medication",
    "question",
    "red_flag_ack",
    "checkin",
)
# Every table of the database, for "nothing changed" checks that go beyond what an export shows.
ALL_DB_TABLES = (*TABLES, "diary_symptom", "revision")

# Text in many scripts, with emoji (also ZWJ sequences and flags), combining marks, right-to-left
# text, quotes, backslashes, tabs and new lines.
NOTES = [
    "Kopfschmerzen nach der Punktion, übel — Grüße aus Köln",
    "Ελαφρύς πονοκέφαλος μετά την ένεση",
    "Болит спина после пункции, слабость в ногах",
    "صداع خفيف بعد الحقن ‏(يمين إلى يسار)",
    "כאב ראש קל אחרי הזריקה",
    "注射后轻微头痛，晚上睡不好。",
    "注射の後、少し頭痛がしました。",
    "주사 후 약간의 두통",
    "इंजेक्शन के बाद हल्का सिरदर्द",
    "ฉีดยาแล้วปวดหัวเล็กน้อย",
    "Emoji 🤕💉🧠 👨‍👩‍👧 🏳️‍🌈 🇩🇪 ✔︎ e\u0301 a\u0308",
    "Quotes \"double\" and 'single', back\\slash, tab\there,\nnew line\r\nand CRLF",
    "Zoë Ødegård-Łukasiewicz ÆØÅ ñ ç ß ı İ",
]


# --- a fake clock, so that "changed later" is exact and reproducible --------------------------


class Clock:
    """Replaces the stores' ``now_utc``: every call is one second after the previous one."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> str:
        self.now += dt.timedelta(seconds=1)
        return self.now.isoformat(timespec="seconds")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock(dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC))
    for module in (
        "companion.store.database",
        "companion.store.repository",
        "companion.store.revisions",
        "companion.store.profile",
        "companion.store.diary",
        "companion.store.exchange",
    ):
        monkeypatch.setattr(f"{module}.now_utc", fake)
    return fake


# --- helpers ------------------------------------------------------------------------------------


def open_records(folder: Path) -> PatientRecords:
    return PatientRecords.open(folder, today=lambda: TODAY)


def tz(hours: int, minutes: int = 0) -> dt.timezone:
    sign = -1 if hours < 0 else 1
    return dt.timezone(dt.timedelta(hours=hours, minutes=sign * minutes))


def exported(records: PatientRecords) -> dict:
    return json.loads(records.exchange.export_json().decode("utf-8"))


def export_records(records: PatientRecords) -> dict:
    return exported(records)["records"]


def db_state(records: PatientRecords) -> dict:
    """Every row of every table (revisions and symptoms too): the whole stored state."""
    state = {}
    for table in ALL_DB_TABLES:
        rows = records.store.db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        state[table] = rows
    return state


def import_bytes(records: PatientRecords, raw: bytes):
    plan = records.exchange.plan_import(raw)
    records.exchange.apply_import(plan)
    return plan


def to_bytes(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


@dataclasses.dataclass
class Ids:
    doses: list[str]
    deleted_dose: str
    numbered_dose: str
    entries: list[str]
    deleted_entry: str
    caregiver_entry: str


def fill(records: PatientRecords) -> Ids:
    """Every kind of record a patient can have, with awkward text and several UTC offsets."""
    # Profile: every field set (fields added later get a text value too).
    values = {
        "display_name": "Zoë Ødegård 🧬",
        "birth_date": dt.date(1971, 2, 28),
        "sod1_variant": "p.Ala5Val (A4V) — ДНК",
        "onset_date": dt.date(2024, 9, 1),
        "care_team_name": "ALS-Ambulanz Universitätsklinikum Köln",
        "care_team_phone": "+49 221 478-0",
        "care_team_out_of_hours": "+49 221 478-99999 (Notaufnahme)",
        "treatment_status": TreatmentStatus.PAUSED,
        "status_since": dt.date(2026, 5, 1),
        "status_note": "Pause wegen Infekt — 一時休止",
        "planned_first_dose": dt.date(2026, 1, 5),
        "language": "de",
        "report_language": "fr",
        "onboarding_done": True,
        "care_team_asked": True,
    }
    for f in dataclasses.fields(Profile):  # fields added later: a value other than the default
        if f.name in values:
            continue
        if isinstance(f.default, bool):
            values[f.name] = not f.default
        elif isinstance(f.default, int):
            values[f.name] = f.default + 1
        elif isinstance(f.default, str):
            values[f.name] = f"{f.name} ✓"
    records.profile.update(**values)

    doses = []
    for day, extra in [
        (dt.date(2026, 1, 5), {"given_at": dt.time(9, 30), "csf_removed_ml": 10.0}),
        (dt.date(2026, 1, 19), {}),
        (dt.date(2026, 2, 2), {"lot": "LOT-Ä-0042", "given_by": "Dr. Ødegård"}),
        (dt.date(2026, 3, 30), {"csf_removed_ml": 12.5, "note": NOTES[5]}),
    ]:
        record = DoseRecord(given_on=day, place="Neurologie, Universitätsklinikum Köln", **extra)
        records.doses.record(record)
        doses.append(record.id)
    numbered = DoseRecord(given_on=dt.date(2026, 3, 2), number=4, note="numbered by me")
    records.doses.record(numbered)
    doses.append(numbered.id)
    gone = DoseRecord(given_on=dt.date(2026, 2, 20), note="typed by mistake")
    records.doses.record(gone)
    records.doses.delete(gone.id)
    # An edit: the earlier version goes to the revisions.
    records.doses.record(dataclasses.replace(records.doses.get(doses[1]), note="edited: " + NOTES[1]))

    appointments = [
        Appointment(on=dt.date(2026, 3, 2), at=dt.time(8, 15), for_dose=4, place="Köln"),
        Appointment(on=dt.date(2026, 3, 28), note="LP failed — " + NOTES[2]),
        Appointment(on=dt.date(2026, 4, 10), kind=AppointmentKind.NEUROLOGY, note=NOTES[3]),
        Appointment(on=dt.date(2026, 5, 20), kind=AppointmentKind.TESTS, place="Labor"),
        Appointment(on=dt.date(2026, 7, 1), at=dt.time(10, 0), for_dose=6, note="booked"),
        Appointment(on=dt.date(2026, 8, 1), kind=AppointmentKind.NEUROLOGY, note="to delete"),
    ]
    for a in appointments:
        records.appointments.book(a)
    records.appointments.set_outcome(appointments[0].id, AppointmentOutcome.DONE)
    records.appointments.set_outcome(appointments[1].id, AppointmentOutcome.ATTEMPTED_NOT_GIVEN)
    records.appointments.set_outcome(appointments[2].id, AppointmentOutcome.CANCELLED)
    records.appointments.set_outcome(appointments[3].id, AppointmentOutcome.DONE)
    records.appointments.delete(appointments[5].id)

    offsets = [tz(1), tz(5, 30), tz(-8), tz(0), tz(13, 45), tz(-3, 30), tz(9), tz(-11), tz(14), tz(2)]
    entries = []
    for i, note in enumerate(NOTES):
        at = dt.datetime(2026, 1, 6 + i, 7 + i % 12, 5 * i % 60, tzinfo=offsets[i % len(offsets)])
        symptoms = {CODES[(3 * i + k) % len(CODES)]: 1 + (i + k) % 3 for k in range(i % 4)}
        symptoms.pop("other", None)
        by = "patient" if i % 3 else "Jürgen Müller (Ehemann) 👨"
        entry = records.diary.add(DiaryEntry(at=at, by=by, symptoms=symptoms, note=note))
        entries.append(entry.id)
    # An "other" symptom with its words, a red flag of each rule, an "as usual" entry.
    other = records.diary.add(
        DiaryEntry(
            at=dt.datetime(2026, 4, 1, 23, 59, 59, tzinfo=tz(-8)),
            symptoms={"other": 2, "fatigue": 1},
            other_text="Schluckauf — しゃっくり",
        )
    )
    entries.append(other.id)
    flagged = [
        ({"stiff_neck": 2, "headache": 3}, tz(2)),
        ({"numbness_tingling": 1}, tz(-5)),
        ({"breathing_difficulty": 3}, tz(0)),
        ({"vision_changes": 2, "nausea_vomiting": 3}, tz(5, 30)),
    ]
    for n, (symptoms, zone) in enumerate(flagged):
        at = dt.datetime(2026, 4, 3 + 3 * n, 12, 0, tzinfo=zone)
        entries.append(records.diary.add(DiaryEntry(at=at, by="Maria", symptoms=symptoms)).id)
    for n, banner in enumerate(records.diary.banners()):
        records.diary.acknowledge(banner, known_to_team=bool(n % 2))
    usual = records.diary.feel_as_usual()
    entries.append(usual.id)
    caregiver = records.diary.add(
        DiaryEntry(at=dt.datetime(2026, 5, 2, 18, 30, tzinfo=tz(2)), by="Ana María Núñez", note=NOTES[10])
    )
    entries.append(caregiver.id)
    edited = records.diary.entry(entries[2])
    records.diary.edit(dataclasses.replace(edited, note=edited.note + " (edited)", symptoms={"fever": 1}))
    deleted = records.diary.add(
        DiaryEntry(at=dt.datetime(2026, 5, 3, 8, 0, tzinfo=tz(2)), symptoms={"fall": 3}, note="deleted")
    )
    records.diary.delete(deleted.id)

    # Check-ins: answered and dismissed.
    records.diary.repo.close_checkin(doses[0], 1, CheckinStatus.ANSWERED)
    records.diary.dismiss_checkin(Checkin(doses[0], dt.date(2026, 1, 5), 3))
    records.diary.dismiss_checkin(Checkin(doses[3], dt.date(2026, 3, 30), 7))

    records.alsfrs.add(
        AlsfrsRating(rated_on=dt.date(2026, 2, 1), scores=(4, 4, 3, 3, 3, 3, 4, 3, 3, 4, 4, 4))
    )
    records.alsfrs.add(
        AlsfrsRating(
            rated_on=dt.date(2026, 5, 1),
            scores=(3, 3, 2, 2, 1, 2, 3, 2, 2, 3, 4, 4),
            item5=Item5.GASTROSTOMY,
            rated_by="Jürgen Müller",
            note=NOTES[7],
        )
    )
    gone_rating = AlsfrsRating(rated_on=dt.date(2026, 3, 1), scores=(0,) * 12, note="wrong")
    records.alsfrs.add(gone_rating)
    records.alsfrs.delete(gone_rating.id)

    for kind, value, day in [
        (MeasurementKind.WEIGHT, 71.4, dt.date(2026, 2, 1)),
        (MeasurementKind.NFL, 45.25, dt.date(2026, 2, 2)),
        (MeasurementKind.FVC, 88.0, dt.date(2026, 3, 2)),
        (MeasurementKind.SVC, 85.5, dt.date(2026, 3, 2)),
        (MeasurementKind.WEIGHT, 70.9, dt.date(2026, 6, 1)),
    ]:
        records.visit.add_measurement(
            Measurement(measured_on=day, kind=kind, value=value, note=NOTES[0][:20])
        )
    gone_m = records.visit.add_measurement(
        Measurement(measured_on=dt.date(2026, 6, 2), kind=MeasurementKind.WEIGHT, value=170.0)
    )
    records.visit.delete_measurement(gone_m.id)

    records.visit.add_medication(
        Medication(name="Apixaban (Eliquis®)", dose="5 mg 2×/Tag", since=dt.date(2025, 1, 1), note=NOTES[8])
    )
    records.visit.add_medication(
        Medication(name="Riluzol", dose="50 mg", since=dt.date(2024, 10, 1), stopped=dt.date(2026, 1, 1))
    )
    gone_med = records.visit.add_medication(Medication(name="Vitamin D"))
    records.visit.delete_medication(gone_med.id)

    asked = records.visit.add_question(
        Question(text="Wie lange dauert die Pause? ⏸", created_on=dt.date(2026, 4, 1))
    )
    records.visit.mark_question_asked(asked.id, on=dt.date(2026, 4, 10))
    records.visit.add_question(Question(text=NOTES[6], created_on=dt.date(2026, 6, 1)))
    gone_q = records.visit.add_question("Frage, die gelöscht wird")
    records.visit.delete_question(gone_q.id)

    return Ids(doses, gone.id, numbered.id, entries, deleted.id, caregiver.id)


@pytest.fixture
def full(tmp_path, clock):
    """A folder holding every kind of record; yields (records, ids)."""
    records = open_records(tmp_path / "full")
    ids = fill(records)
    yield records, ids
    records.close()


def assert_every_kind_present(records: dict) -> None:
    for table in TABLES:
        assert records.get(table), f"the export has no {table} record"
    for table in ("dose", "appointment", "diary_entry", "alsfrs", "measurement", "medication", "question"):
        assert any(r["deleted_at"] for r in records[table]), f"no deleted {table} in the export"


# --- round trip -----------------------------------------------------------------------------------


def test_export_holds_every_kind_of_record(full):
    records, ids = full
    document = exported(records)
    assert document["format"] == "tofersen-companion-export"
    assert document["version"] == 1
    rows = document["records"]
    assert_every_kind_present(rows)
    doses = by_id(rows["dose"])
    assert doses[ids.numbered_dose]["number"] == 4
    assert doses[ids.deleted_dose]["deleted_at"]
    entries = by_id(rows["diary_entry"])
    assert entries[ids.deleted_entry]["deleted_at"]
    assert entries[ids.caregiver_entry]["by_name"] == "Ana María Núñez"
    assert {r["item5_form"] for r in rows["alsfrs"]} == {"5a", "5b"}
    assert {r["kind"] for r in rows["measurement"]} == {"weight", "nfl", "fvc", "svc"}
    assert {r["outcome"] for r in rows["appointment"]} == {None, "done", "cancelled", "attempted_not_given"}
    assert {bool(r["asked_on"]) for r in rows["question"]} == {True, False}
    assert {r["status"] for r in rows["checkin"]} == {"answered", "dismissed"}
    assert {r["rule"] for r in rows["red_flag_ack"]} == {
        "myelitis_radiculitis",
        "intracranial_pressure",
        "aseptic_meningitis",
        "urgent_breathing",
    }
    assert {r["known_to_team"] for r in rows["red_flag_ack"]} == {0, 1}
    notes = {r["note"] for r in rows["diary_entry"]}
    for note in NOTES:
        assert any(n.startswith(note) for n in notes), f"note lost in export: {note!r}"
    offsets = {r["at"][-6:] for r in rows["diary_entry"]}
    assert len(offsets) >= 8, offsets


def test_export_then_import_into_an_empty_folder_round_trips_every_record_exactly(full, tmp_path):
    """design.md §8: "export/import round-trip every record exactly"."""
    source, _ids = full
    first = exported(source)
    assert_every_kind_present(first["records"])
    target = open_records(tmp_path / "empty")
    try:
        import_bytes(target, source.exchange.export_json())
        second = exported(target)
    finally:
        target.close()
    for table in TABLES:
        assert second["records"][table] == first["records"][table], f"{table} differs after the round trip"
    assert second["records"] == first["records"]


def test_a_profile_alone_round_trips_into_an_empty_folder(tmp_path, clock):
    source = open_records(tmp_path / "a")
    source.profile.update(display_name="Zoë", sod1_variant="A4V")
    raw = source.exchange.export_json()
    source.close()
    target = open_records(tmp_path / "b")
    try:
        import_bytes(target, raw)
        assert target.profile.get().display_name == "Zoë"
        assert target.profile.get().sod1_variant == "A4V"
    finally:
        target.close()


def test_the_round_trip_goes_through_a_file_on_disk_byte_for_byte(full, tmp_path):
    source, _ids = full
    path = tmp_path / "export.json"
    path.write_bytes(source.exchange.export_json())
    target = open_records(tmp_path / "empty")
    try:
        import_bytes(target, path.read_bytes())
        assert export_records(target) == export_records(source)
        # The app reads the imported records back as the source does.
        assert [e.note for e in target.diary.entries()] == [e.note for e in source.diary.entries()]
        assert [d.number for d in target.doses.history()] == [d.number for d in source.doses.history()]
        # The patient's details come across; the settings of a computer stay on it (issue 17, M1).
        local = set(LOCAL_SETTINGS)
        assert {k: v for k, v in dataclasses.asdict(target.profile.get()).items() if k not in local} == {
            k: v for k, v in dataclasses.asdict(source.profile.get()).items() if k not in local
        }
    finally:
        target.close()


def test_importing_twice_adds_nothing(full, tmp_path):
    source, _ids = full
    raw = source.exchange.export_json()
    target = open_records(tmp_path / "twice")
    try:
        import_bytes(target, raw)
        after_first = db_state(target)
        plan = target.exchange.plan_import(raw)
        assert plan.empty, f"a second import would add {plan.added()} and change {plan.changed()}"
        target.exchange.apply_import(plan)
        assert db_state(target) == after_first
    finally:
        target.close()


def test_importing_a_folder_s_own_export_adds_nothing(full):
    source, _ids = full
    before = db_state(source)
    plan = source.exchange.plan_import(source.exchange.export_json())
    assert plan.empty, f"would add {plan.added()} and change {plan.changed()}"
    source.exchange.apply_import(plan)
    assert db_state(source) == before


# --- merge ----------------------------------------------------------------------------------------


def _shared_pair(tmp_path: Path, with_profile: bool) -> tuple[PatientRecords, PatientRecords, Ids]:
    """Folder A with every kind of record; folder B made from A's export (so they share it)."""
    a = open_records(tmp_path / "patient-computer")
    ids = fill(a)
    if not with_profile:
        a.store.db.execute("DELETE FROM profile")
        a.store.db.conn.commit()
    b = open_records(tmp_path / "caregiver-computer")
    import_bytes(b, a.exchange.export_json())
    assert export_records(b) == export_records(a), "B should start as a copy of A"
    return a, b, ids


@pytest.mark.parametrize("with_profile", [True, False], ids=["with-profile", "without-profile"])
def test_merge_two_diverged_folders_adds_new_records_and_keeps_the_later_edit(tmp_path, clock, with_profile):
    a, b, ids = _shared_pair(tmp_path, with_profile)
    try:
        shared_entry = ids.entries[0]
        # Both add records of their own.
        a_new = a.diary.add(DiaryEntry(at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=tz(2)), note="A's 新しい"))
        a_question = a.visit.add_question("A: 質問?")
        b_new = b.diary.add(
            DiaryEntry(at=dt.datetime(2026, 6, 11, 9, 0, tzinfo=tz(2)), by="Jürgen", note="B's Eintrag")
        )
        b_weight = b.visit.add_measurement(
            Measurement(measured_on=dt.date(2026, 6, 12), kind=MeasurementKind.WEIGHT, value=70.1)
        )
        b_dose = DoseRecord(given_on=dt.date(2026, 4, 27), note="B recorded the dose")
        b.doses.record(b_dose)
        # Both edit the same entry; B edits it later (the clock moves forward with every save).
        old = a.diary.entry(shared_entry)
        a.diary.edit(dataclasses.replace(old, note="edit on A (earlier)", symptoms={"headache": 1}))
        b.diary.edit(dataclasses.replace(old, note="edit on B (later)", symptoms={"fatigue": 2}))
        if with_profile:
            a.profile.update(care_team_phone="A's phone (earlier)")
            b.profile.update(care_team_phone="B's phone (later)")

        a_before = export_records(a)
        b_export = b.exchange.export_json()
        a_export = a.exchange.export_json()

        # B into A: A gains B's new records, and B's later edit.
        plan = a.exchange.plan_import(b_export)
        added = plan.added()
        assert added["diary_entry"] == 1 and added["measurement"] == 1 and added["dose"] == 1, added
        assert sum(added.values()) == 3, added
        a.exchange.apply_import(plan)
        merged = export_records(a)
        entries = by_id(merged["diary_entry"])
        assert a_new.id in entries and b_new.id in entries
        assert entries[shared_entry]["note"] == "edit on B (later)"
        assert entries[shared_entry]["symptoms"] == {"fatigue": 2}
        assert b_weight.id in by_id(merged["measurement"])
        assert b_dose.id in by_id(merged["dose"])
        assert a_question.id in by_id(merged["question"])
        # No duplicates: every id once, and one row more per added record.
        for table in TABLES:
            assert len(merged[table]) == len(by_id(merged[table])), f"duplicate ids in {table}"
            assert len(merged[table]) == len(a_before[table]) + added.get(table, 0), table
        # The replaced version (A's own edit) is kept as a revision.
        kept = [r["old"] for r in revisions.of(a.store, shared_entry)]
        assert any(r.get("note") == "edit on A (earlier)" for r in kept), kept
        assert any(
            r.get("symptoms") == {"headache": 1} for r in kept if r.get("note") == "edit on A (earlier)"
        )
        if with_profile:
            assert a.profile.get().care_team_phone == "B's phone (later)"
            assert len(merged["profile"]) == 1

        # A (before the merge) into B: B gains A's new records and keeps its own later edit.
        plan = b.exchange.plan_import(a_export)
        assert plan.added()["diary_entry"] == 1 and plan.added()["question"] == 1, plan.added()
        b.exchange.apply_import(plan)
        merged_b = export_records(b)
        assert by_id(merged_b["diary_entry"])[shared_entry]["note"] == "edit on B (later)"
        if with_profile:
            assert b.profile.get().care_team_phone == "B's phone (later)"

        # Both sides now hold the same records.
        assert {t: by_id(rows) for t, rows in export_records(b).items()} == {
            t: by_id(rows) for t, rows in export_records(a).items()
        }
        # And merging again changes nothing on either side.
        assert a.exchange.plan_import(b.exchange.export_json()).empty
        assert b.exchange.plan_import(a.exchange.export_json()).empty
    finally:
        a.close()
        b.close()


def test_a_later_profile_from_another_computer_replaces_the_older_one(tmp_path, clock):
    """Both computers have the patient's profile (the caregiver's came from the patient's export);
    the caregiver's was changed later. One patient, one profile: the later one is kept, the older
    one kept as a revision."""
    a = open_records(tmp_path / "a")
    b = open_records(tmp_path / "b")
    try:
        a.profile.update(display_name="Zoë")
        import_bytes(b, a.exchange.export_json())
        a.profile.update(display_name="Zoë", care_team_phone="+49 221 1111")
        b.profile.update(display_name="Zoë Ødegård", care_team_phone="+49 221 2222 (neu)")
        before = db_state(a)
        try:
            import_bytes(a, b.exchange.export_json())
        except Exception as exc:
            assert db_state(a) == before, "a failed import changed the data"
            pytest.fail(f"merging a later profile failed: {type(exc).__name__}: {exc}")
        assert a.profile.get().care_team_phone == "+49 221 2222 (neu)"
        assert a.profile.get().display_name == "Zoë Ødegård"
        assert len(export_records(a)["profile"]) == 1
        [profile_id] = [r["id"] for r in export_records(a)["profile"]]
        assert any(
            r["old"].get("care_team_phone") == "+49 221 1111" for r in revisions.of(a.store, profile_id)
        )
    finally:
        a.close()
        b.close()


def test_a_dose_on_a_day_that_already_has_one_is_left_out_and_reported(tmp_path, clock):
    a = open_records(tmp_path / "a")
    b = open_records(tmp_path / "b")
    try:
        a.doses.record(DoseRecord(given_on=dt.date(2026, 3, 2), note="A's dose"))
        theirs = DoseRecord(given_on=dt.date(2026, 3, 2), note="B's dose, same day")
        b.doses.record(theirs)
        other_day = DoseRecord(given_on=dt.date(2026, 3, 30), note="B's other dose")
        b.doses.record(other_day)
        plan = a.exchange.plan_import(b.exchange.export_json())
        skipped = [(reason, row["id"]) for reason, row in plan.skipped]
        assert ("dose_same_day", theirs.id) in skipped, plan.skipped
        assert plan.added()["dose"] == 1
        from companion.services.exchange import describe_plan

        text = " ".join(describe_plan(plan))
        assert "Left out: 1 dose" in text, text
        a.exchange.apply_import(plan)
        days = sorted((d.given_on, d.note) for d in a.doses.all())
        assert days == [(dt.date(2026, 3, 2), "A's dose"), (dt.date(2026, 3, 30), "B's other dose")]
    finally:
        a.close()
        b.close()


def test_merge_when_both_computers_acknowledged_the_same_red_flag(tmp_path, clock):
    """Patient and caregiver both read the red-flag banner of a shared entry on their own computers.
    Bringing the computers together must work (no error) and leave the flag acknowledged once."""
    a = open_records(tmp_path / "a")
    b = open_records(tmp_path / "b")
    try:
        a.diary.add(DiaryEntry(at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=tz(2)), symptoms={"stiff_neck": 3}))
        import_bytes(b, a.exchange.export_json())
        [banner_a] = a.diary.banners()
        [banner_b] = b.diary.banners()
        a.diary.acknowledge(banner_a)
        b.diary.acknowledge(banner_b, known_to_team=True)
        before = db_state(a)
        try:
            import_bytes(a, b.exchange.export_json())
        except InvalidInput as exc:  # pragma: no cover - reported below
            pytest.fail(f"merging two acknowledgements of the same flag was refused: {exc}")
        except Exception as exc:
            assert db_state(a) == before, "a failed import changed the data"
            pytest.fail(f"merging two acknowledgements of the same flag crashed: {type(exc).__name__}: {exc}")
        assert a.diary.banners() == []
        acks = export_records(a)["red_flag_ack"]
        assert len({(r["entry_id"], r["rule"]) for r in acks}) == len(acks) == 1
    finally:
        a.close()
        b.close()


# --- all or nothing -------------------------------------------------------------------------------


def _last_table(records: dict) -> str:
    return [t for t in TABLES if records.get(t)][-1]


def test_a_file_whose_last_record_is_invalid_changes_nothing(full, tmp_path):
    source, _ids = full
    document = exported(source)
    # The target already holds data of its own (a merge) — nothing of it may change.
    target = open_records(tmp_path / "target")
    try:
        target.doses.record(DoseRecord(given_on=dt.date(2025, 12, 1)))
        target.diary.add(DiaryEntry(at=dt.datetime(2025, 12, 2, 10, 0, tzinfo=tz(1)), note="mine"))
        for breakage in ("bad value", "unknown column", "missing required"):
            broken = copy.deepcopy(document)
            table = _last_table(broken["records"])
            last = broken["records"][table][-1]
            if breakage == "bad value":
                last["day"] = 9 if table == "checkin" else last.get("day")
                last["status"] = "exploded"
            elif breakage == "unknown column":
                last["surprise"] = 1
            else:
                del last["id"]
            before_export = export_records(target)
            before = db_state(target)
            with pytest.raises(InvalidInput):
                import_bytes(target, to_bytes(broken))
            assert export_records(target) == before_export, breakage
            assert db_state(target) == before, breakage
        # The file without the breakage passes the checks (read_import writes nothing).
        target.exchange.plan_import(to_bytes(document))
    finally:
        target.close()


def test_a_file_that_fails_while_writing_changes_nothing_and_is_refused(full, tmp_path):
    """Two acknowledgements of one red flag under different ids pass every per-record check but
    cannot both be stored. The import must still be all or nothing, and a refusal is InvalidInput
    (exit 2), not a crash."""
    source, _ids = full
    document = exported(source)
    rows = document["records"]["red_flag_ack"]
    twin = dict(rows[0], id="00000000-0000-4000-8000-000000000001")
    rows.append(twin)
    target = open_records(tmp_path / "target")
    try:
        # A profile of its own, changed after the file's, so that only the red flags matter here.
        target.profile.update(display_name="Local name")
        target.diary.add(DiaryEntry(at=dt.datetime(2025, 12, 2, 10, 0, tzinfo=tz(1)), note="mine"))
        before = db_state(target)
        try:
            import_bytes(target, to_bytes(document))
        except InvalidInput:
            pass
        except Exception as exc:
            assert db_state(target) == before, "a failed import left part of the file written"
            pytest.fail(f"expected InvalidInput (exit 2), got {type(exc).__name__}: {exc}")
        else:
            acks = export_records(target)["red_flag_ack"]
            assert len({(r["entry_id"], r["rule"]) for r in acks}) == len(acks)
            return
        assert db_state(target) == before
    finally:
        target.close()


# --- refusals -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory) -> dict:
    """A valid export of a folder holding every kind of record (built once)."""
    folder = tmp_path_factory.mktemp("sample") / "patient"
    mp = pytest.MonkeyPatch()
    mp.setenv("COMPANION_TODAY", TODAY.isoformat())
    fake = Clock(dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC))
    for module in (
        "companion.store.database",
        "companion.store.repository",
        "companion.store.revisions",
        "companion.store.profile",
        "companion.store.diary",
        "companion.store.exchange",
    ):
        mp.setattr(f"{module}.now_utc", fake)
    try:
        records = open_records(folder)
        fill(records)
        document = exported(records)
        records.close()
    finally:
        mp.undo()
    return document


@pytest.fixture
def target(tmp_path):
    """A folder holding a little data of its own; yields its records."""
    records = open_records(tmp_path / "target")
    records.doses.record(DoseRecord(given_on=dt.date(2025, 12, 1), note="already here"))
    records.diary.add(DiaryEntry(at=dt.datetime(2025, 12, 2, 10, 0, tzinfo=tz(1)), symptoms={"fever": 1}))
    yield records
    records.close()


def assert_refused(records: PatientRecords, raw: bytes) -> InvalidInput:
    before = db_state(records)
    with pytest.raises(InvalidInput) as info:
        records.exchange.plan_import(raw)
    message = str(info.value)
    assert message.strip() and "\n" not in message.strip(), f"not a one-line message: {message!r}"
    assert db_state(records) == before
    return info.value


def mutate(document: dict, table: str, column: str | None, value, row: int = 0) -> bytes:
    broken = copy.deepcopy(document)
    if column is None:
        broken["records"][table][row] = value
    else:
        broken["records"][table][row][column] = value
    return to_bytes(broken)


def first_row_with(document: dict, table: str, column: str) -> int:
    return next(i for i, r in enumerate(document["records"][table]) if r.get(column) is not None)


def test_a_valid_sample_is_accepted(sample_export, target):
    """The refusals below are refusals of one change each: the unchanged file passes the checks."""
    plan = target.exchange.plan_import(to_bytes(sample_export))
    assert plan.added()["diary_entry"] == len(sample_export["records"]["diary_entry"])


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b" ",
        b"\x00" * 64,
        b"\xff\xfe\x00\x00garbage",
        b"SQLite format 3\x00" + bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04" + b"\x00" * 30,
        b"null",
        b"[]",
        b"{}",
        b"42",
        b'"tofersen-companion-export"',
        b"[" * 100_000,
        b'{"format": "tofersen-companion-export", "version": 1, "records": ' + b"[" * 50_000,
    ],
    ids=lambda raw: repr(raw[:24]),
)
def test_garbage_is_refused(target, raw):
    assert_refused(target, raw)


@given(st.binary(max_size=2_000))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_are_refused(target, raw):
    assert_refused(target, raw)


@given(cut=st.floats(0, 1, exclude_max=True), jitter=st.integers(-8, 8))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_truncated_file_is_refused_wherever_it_is_cut(sample_export, target, cut, jitter):
    raw = json.dumps(sample_export, ensure_ascii=False, indent=1).encode("utf-8")
    at = min(max(int(len(raw) * cut) + jitter, 0), len(raw) - 1)
    assert_refused(target, raw[:at])


def test_a_file_cut_inside_a_multibyte_character_is_refused(sample_export, target):
    raw = json.dumps(sample_export, ensure_ascii=False).encode("utf-8")
    position = raw.index("🧬".encode()) + 2
    assert_refused(target, raw[:position])


@pytest.mark.parametrize(
    "change",
    [
        {"format": "tofersen-companion-backup"},
        {"format": "Tofersen-Companion-Export"},
        {"format": None},
        {"version": 2},
        {"version": 99},
        {"version": 0},
        {"version": -1},
        {"version": "1"},
        {"version": 1.0},
        {"version": True},
        {"version": None},
        {"records": []},
        {"records": None},
        {"records": "everything"},
    ],
    ids=repr,
)
def test_wrong_format_name_or_version_or_records_is_refused(sample_export, target, change):
    document = copy.deepcopy(sample_export)
    for key, value in change.items():
        if value is None:
            document.pop(key)
        else:
            document[key] = value
    assert_refused(target, to_bytes(document))


def test_a_newer_version_says_so(sample_export, target):
    document = dict(copy.deepcopy(sample_export), version=2)
    error = assert_refused(target, to_bytes(document))
    assert "newer version" in str(error)


@pytest.mark.parametrize("table", ["patients", "Dose", "revision", "diary_symptom", ""])
def test_an_unknown_table_is_refused(sample_export, target, table):
    document = copy.deepcopy(sample_export)
    document["records"][table] = []
    assert_refused(target, to_bytes(document))


@pytest.mark.parametrize("table", TABLES)
def test_an_unknown_column_is_refused(sample_export, target, table):
    assert_refused(target, mutate(sample_export, table, "colour", "blue"))


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("dose", "given_on", 20260105),
        ("dose", "given_on", ["2026-01-05"]),
        ("dose", "number", "4"),
        ("dose", "number", 4.0),
        ("dose", "number", True),
        ("dose", "number", 0),
        ("dose", "csf_removed_ml", "10"),
        ("dose", "csf_removed_ml", -1),
        ("dose", "csf_removed_ml", 1e400),
        ("dose", "note", 7),
        ("dose", "place", {"city": "Köln"}),
        ("dose", "id", 12345),
        ("dose", "id", ""),
        ("dose", "given_at", "25:00"),
        ("appointment", "kind", "surgery"),
        ("appointment", "outcome", "given"),
        ("appointment", "for_dose", "6"),
        ("diary_entry", "symptoms", ["headache"]),
        ("diary_entry", "symptoms", None),
        ("diary_entry", "by_name", ""),
        ("diary_entry", "by_name", None),
        ("diary_entry", "at", 1767686400),
        ("diary_entry", "note", False),
        ("alsfrs", "item1", "4"),
        ("alsfrs", "item3", 3.5),
        ("alsfrs", "item12", None),
        ("measurement", "value", "71,4"),
        ("measurement", "value", None),
        ("measurement", "value", float("nan")),
        ("measurement", "value", float("inf")),
        ("measurement", "kind", "height"),
        ("medication", "name", ""),
        ("medication", "name", None),
        ("question", "text", None),
        ("question", "text", 42),
        ("red_flag_ack", "rule", "headache"),
        ("red_flag_ack", "known_to_team", 2),
        ("red_flag_ack", "entry_id", None),
        # What a reading covers decides which warnings stay quiet: only real symptoms and
        # severities (a hostile {"fever": 99} would silence every later fever).
        ("red_flag_ack", "severities", "not json"),
        ("red_flag_ack", "severities", "[1, 2]"),
        ("red_flag_ack", "severities", '{"fever": 99}'),
        ("red_flag_ack", "severities", '{"fever": "2"}'),
        ("red_flag_ack", "severities", '{"migraine": 2}'),
        ("checkin", "day", 0),
        ("checkin", "day", 8),
        ("checkin", "day", "1"),
        ("checkin", "status", "ignored"),
        ("profile", "display_name", None),
        ("profile", "treatment_status", "cured"),
        ("profile", "language", "xx"),
        ("profile", "onboarding_done", 2),
    ],
    ids=lambda v: repr(v)[:30],
)
def test_wrong_types_and_values_are_refused(sample_export, target, table, column, value):
    assert_refused(target, mutate(sample_export, table, column, value))


@pytest.mark.parametrize("row", [[], "a row", 17, None, ["id", "x"]], ids=repr)
def test_a_record_that_is_not_an_object_is_refused(sample_export, target, row):
    assert_refused(target, mutate(sample_export, "dose", None, row))


@pytest.mark.parametrize("table", TABLES)
def test_a_table_that_is_not_a_list_is_refused(sample_export, target, table):
    document = copy.deepcopy(sample_export)
    document["records"][table] = {"0": document["records"][table][0]}
    assert_refused(target, to_bytes(document))


DATE_COLUMNS = [
    ("profile", "birth_date"),
    ("profile", "onset_date"),
    ("profile", "status_since"),
    ("profile", "planned_first_dose"),
    ("dose", "given_on"),
    ("appointment", "on_date"),
    ("alsfrs", "rated_on"),
    ("measurement", "measured_on"),
    ("medication", "since"),
    ("medication", "stopped"),
    ("question", "created_on"),
    ("question", "asked_on"),
]


@pytest.mark.parametrize(("table", "column"), DATE_COLUMNS)
@pytest.mark.parametrize(
    "bad", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "05.01.2026"]
)
def test_invalid_dates_are_refused(sample_export, target, table, column, bad):
    row = first_row_with(sample_export, table, column)
    assert_refused(target, mutate(sample_export, table, column, bad, row))


@pytest.mark.parametrize(
    "bad",
    [
        "2026-02-30T10:00:00+01:00",
        "2026-01-06T25:00:00+01:00",
        "2026-01-06T10:00:00",  # no UTC offset: the spec keeps local time WITH its offset
        "2026-01-06",
        "yesterday",
        "",
    ],
)
def test_invalid_diary_times_are_refused(sample_export, target, bad):
    assert_refused(target, mutate(sample_export, "diary_entry", "at", bad))


@pytest.mark.parametrize("severity", [0, 4, -1, 2.5, "2", True, None, 10**20])
def test_symptom_severities_outside_1_to_3_are_refused(sample_export, target, severity):
    assert_refused(target, mutate(sample_export, "diary_entry", "symptoms", {"headache": severity}))


@pytest.mark.parametrize("code", ["migraine", "Headache", "headache ", "", "kopfschmerzen", "💉"])
def test_unknown_symptom_codes_are_refused(sample_export, target, code):
    assert_refused(target, mutate(sample_export, "diary_entry", "symptoms", {code: 2}))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("item5", 5),
        ("item1", 5),
        ("item7", -1),
        ("item5_form", "5"),
        ("item5_form", "5c"),
        ("item5_form", None),
    ],
)
def test_alsfrs_scores_outside_the_scale_are_refused(sample_export, target, column, value):
    assert_refused(target, mutate(sample_export, "alsfrs", column, value))


@pytest.mark.parametrize("table", TABLES)
def test_duplicate_ids_are_refused(sample_export, target, table):
    document = copy.deepcopy(sample_export)
    rows = document["records"][table]
    if table == "profile":
        rows.append(dict(rows[0]))  # two profiles, the same id
    else:
        twin = copy.deepcopy(rows[-1])
        twin["id"] = rows[0]["id"]
        rows.append(twin)
    assert_refused(target, to_bytes(document))


def test_two_profiles_are_refused(sample_export, target):
    document = copy.deepcopy(sample_export)
    document["records"]["profile"].append(dict(document["records"]["profile"][0], id="another"))
    assert_refused(target, to_bytes(document))


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-32", "mac-roman"])
def test_a_file_that_is_not_utf8_is_refused(sample_export, target, encoding):
    document = copy.deepcopy(sample_export)
    document["records"]["diary_entry"][0]["note"] = "Kopfschmerzen, übel, Grüße"
    text = json.dumps(document, ensure_ascii=False)
    assert_refused(target, text.encode(encoding, errors="replace"))


def test_a_huge_file_is_refused_without_being_parsed(sample_export, target):
    from companion.core import exchange

    raw = to_bytes(sample_export)
    padding = b" " * (exchange.MAX_FILE_BYTES + 1 - len(raw))
    assert_refused(target, raw + padding)


def test_text_longer_than_the_limit_is_refused(sample_export, target):
    from companion.core import exchange

    assert_refused(target, mutate(sample_export, "diary_entry", "note", "x" * (exchange.MAX_TEXT + 1)))


# --- fuzzing the importer -------------------------------------------------------------------------

FUZZ: dict[str, int] = {}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2026-02-30",
            "2026-06-15",
            "2026-06-15T10:00:00+02:00",
            "5a",
            "5b",
            "done",
            "headache",
            "",
            "0",
            "-1",
        ]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutations(draw):
    """A list of edits to a valid export: delete keys, change types, change values, copy rows."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "delete",
                    "set",
                    "set_same_kind",
                    "copy_row",
                    "new_id",
                    "new_id",  # twice: a record copied under a new id is what a merge by id meets most
                    "swap_id",
                    "drop_table",
                    "top",
                    "extra",
                ]
            )
        )
        table = draw(st.sampled_from(TABLES))
        edits.append(
            (
                kind,
                table,
                draw(st.integers(0, 50)),
                draw(st.integers(0, 50)),
                draw(json_values),
                draw(st.text(max_size=10)),
            )
        )
    return edits


def _same_kind_value(value, draw_value):
    """A value of the same JSON type but a different content."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + (draw_value if isinstance(draw_value, int) and not isinstance(draw_value, bool) else 5)
    if isinstance(value, float):
        return -value - 1.5
    if isinstance(value, str):
        return draw_value if isinstance(draw_value, str) else value[::-1] + "x"
    if isinstance(value, dict):
        return {**value, "fever": 3}
    return draw_value


def apply_mutations(document: dict, edits) -> dict:
    doc = copy.deepcopy(document)
    records = doc["records"]
    for kind, table, row_pick, column_pick, value, text in edits:
        rows = records.get(table)
        if kind == "top":
            key = ["format", "version", "records", "exported_at", "app_version"][column_pick % 5]
            doc[key] = value
            records = doc.get("records") if isinstance(doc.get("records"), dict) else {}
            continue
        if kind == "drop_table":
            records.pop(table, None)
            continue
        if not isinstance(rows, list) or not rows:
            continue
        row = rows[row_pick % len(rows)]
        if not isinstance(row, dict):
            continue
        columns = sorted(row)
        column = columns[column_pick % len(columns)] if columns else "id"
        if kind == "delete":
            row.pop(column, None)
        elif kind == "set":
            row[column] = value
        elif kind == "set_same_kind":
            row[column] = _same_kind_value(row.get(column), value)
        elif kind == "copy_row":
            rows.append(copy.deepcopy(row))
        elif kind == "new_id":
            twin = copy.deepcopy(row)
            twin["id"] = f"fuzz-{text}-{row_pick}-{column_pick}"
            rows.append(twin)
        elif kind == "swap_id":
            other = rows[column_pick % len(rows)]
            if isinstance(other, dict):
                row["id"] = other.get("id")
        elif kind == "extra":
            row[text or "extra"] = value
    return doc


def _fresh_folder(template: Path, base: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=base))
    shutil.copyfile(template / DB_FILENAME, folder / DB_FILENAME)
    return folder


def _check_import_property(folder: Path, raw: bytes, failures: dict, example) -> None:
    """Import fully, or raise InvalidInput and change nothing; never any other exception."""
    records = open_records(folder)
    try:
        before = db_state(records)
        try:
            plan = records.exchange.plan_import(raw)
        except InvalidInput:
            if db_state(records) != before:
                failures.setdefault("refused but changed the data", example)
            return
        except Exception as exc:
            failures.setdefault(f"read_import raised {type(exc).__name__}: {str(exc)[:80]}", example)
            return
        try:
            records.exchange.apply_import(plan)
        except Exception as exc:
            changed = db_state(records) != before
            key = f"do_import raised {type(exc).__name__}: {str(exc)[:80]}"
            failures.setdefault(key + (" (and changed the data)" if changed else ""), example)
            return
        # Imported fully: every record the plan added is now stored.
        after = export_records(records)
        for table, rows in plan.inserts.items():
            stored = by_id(after[table])
            for row in rows:
                if table == "profile":
                    continue
                if row["id"] not in stored:
                    failures.setdefault(f"planned {table} record missing after import", example)
    finally:
        records.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory, sample_export) -> dict[str, Path]:
    """Database files to copy for each fuzz example: an empty folder and one holding data."""
    base = tmp_path_factory.mktemp("templates")
    empty = open_records(base / "empty")
    empty.close()
    holding = open_records(base / "holding")
    holding.doses.record(DoseRecord(given_on=dt.date(2026, 1, 5), note="same day as the file's dose"))
    holding.diary.add(DiaryEntry(at=dt.datetime(2025, 12, 2, 10, 0, tzinfo=tz(1)), note="mine"))
    # The same patient as the sample (another person's file is refused: issue 17, H4).
    holding.profile.update(display_name="Zoë Ødegård 🧬")
    holding.close()
    return {"empty": base / "empty", "holding": base / "holding"}


def test_fuzz_the_importer_with_mutations_of_a_valid_export(sample_export, templates, tmp_path):
    """Mutations of a valid export (keys deleted, types and values changed, rows copied, ids
    changed): the import either completes or raises InvalidInput and changes nothing."""
    failures: dict[str, object] = {}
    count = 0

    @given(edits=mutations(), where=st.sampled_from(["empty", "holding", "holding"]))
    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    def run(edits, where):
        nonlocal count
        count += 1
        document = apply_mutations(sample_export, edits)
        raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
        _check_import_property(_fresh_folder(templates[where], tmp_path), raw, failures, (where, edits))

    run()
    FUZZ["importer mutations"] = count
    print(f"\n[fuzz] importer mutations: {count} cases, {len(failures)} kinds of failure")
    assert not failures, "\n".join(
        f"- {kind}\n    e.g. {example!r}"[:600] for kind, example in failures.items()
    )


def test_fuzz_the_importer_with_random_json(sample_export, templates, tmp_path):
    """Random JSON, alone and inside an export envelope: imported fully or refused (InvalidInput)."""
    failures: dict[str, object] = {}
    count = 0

    @given(
        value=json_values,
        table=st.sampled_from(TABLES),
        envelope=st.sampled_from(["bare", "records", "table", "row"]),
    )
    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    def run(value, table, envelope):
        nonlocal count
        count += 1
        if envelope == "bare":
            document = value
        elif envelope == "records":
            document = {"format": "tofersen-companion-export", "version": 1, "records": value}
        elif envelope == "table":
            document = {"format": "tofersen-companion-export", "version": 1, "records": {table: value}}
        else:
            document = {"format": "tofersen-companion-export", "version": 1, "records": {table: [value]}}
        try:
            raw = json.dumps(document, ensure_ascii=False).encode("utf-8", errors="surrogatepass")
        except ValueError:
            return
        _check_import_property(_fresh_folder(templates["holding"], tmp_path), raw, failures, document)

    run()
    FUZZ["importer random JSON"] = count
    print(f"\n[fuzz] importer random JSON: {count} cases, {len(failures)} kinds of failure")
    assert not failures, "\n".join(
        f"- {kind}\n    e.g. {example!r}"[:600] for kind, example in failures.items()
    )


# --- the diary as CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "delimiter"), [("en", ","), ("de", ";"), ("fr", ";"), ("es", ";"), ("it", ";")]
)
def test_diary_csv_is_in_the_users_language_with_its_separator_and_intact_unicode(
    full, tmp_path, language, delimiter
):
    """Issue 19: column names, symptoms and severities in words in the chosen language; the
    separator that language's spreadsheets expect (";" where the decimal mark is a comma); UTF-8
    with a byte-order mark; the date in ISO form in its own column, so that it sorts."""
    from companion import i18n
    from companion.core import texts
    from companion.core.symptoms import severity_label, symptom_label

    records, ids = full
    entries = records.diary.entries()
    i18n.set_language(language)
    try:
        raw = records.exchange.diary_csv()
        assert raw.startswith("\ufeff".encode()), "a byte-order mark, for the accents"
        path = tmp_path / "diary.csv"
        path.write_bytes(raw)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header, *body = list(csv.reader(fh, delimiter=delimiter))
        labels = {code: symptom_label(code) for code in CODES}
        words = ("Date", "Time", "Written by", "After dose", "Warning signs", "Note")
        assert header[:6] == [i18n._(w) for w in words]
        assert header[6:] == [labels[code] for code in CODES], "symptoms in words, not codes"
        assert len(set(header)) == len(header), "two columns with the same name"
        rows = [dict(zip(header, row, strict=True)) for row in body]
        assert len(rows) == len(entries), "one row per diary entry (deleted entries are not in it)"
        assert ids.deleted_entry not in {e.id for e in entries}
        dates = [row[header[0]] for row in rows]
        assert dates == sorted(dates) and all(dt.date.fromisoformat(d) for d in dates)
        for entry, row in zip(entries, rows, strict=True):
            assert row[header[0]] == entry.at.date().isoformat()
            assert row[header[5]] == entry.note, "note changed in the CSV"
            assert row[header[2]] == texts.author_name(entry.by)
            for code in CODES:
                cell = row[labels[code]]
                if code not in entry.symptoms:
                    assert cell == ""
                    continue
                assert cell.startswith(severity_label(entry.symptoms[code])), (code, cell)
                if code == "other" and entry.other_text.strip():
                    assert entry.other_text.strip() in cell
        notes = [row[header[5]] for row in rows]
        for note in NOTES:
            assert any(n.startswith(note) for n in notes), f"lost in the CSV: {note!r}"
        assert any("Ana María Núñez" in row[header[2]] for row in rows)
    finally:
        i18n.set_language("en")
