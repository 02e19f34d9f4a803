"""Every record kind keeps the same promises (issue 21): one repository per kind on one shared
base, so that add, update, delete, restore, get, all and deleted behave alike for doses,
appointments, diary entries, ratings, measurements, medicines and questions; and an edit, a
delete or a restore never loses the version before it. Real SQLite files, no mocks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
    Medication,
    Question,
)
from companion.store import revisions
from companion.store.alsfrs import AlsfrsRepository
from companion.store.appointments import AppointmentRepository
from companion.store.diary import DiaryRepository
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.store.repository import RecordRepository
from companion.store.visit import MeasurementRepository, MedicationRepository, QuestionRepository

DAY = dt.date(2026, 6, 1)
AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))

# For each kind: its repository, a record, and the same record edited.
KINDS: dict[str, tuple[type[RecordRepository], Callable[[], object], Callable[[object], object]]] = {
    "dose": (
        DoseRepository,
        lambda: DoseRecord(given_on=DAY, number=4, lot="L1"),
        lambda r: dataclasses.replace(r, lot="L2", note="lot corrected"),
    ),
    "appointment": (
        AppointmentRepository,
        lambda: Appointment(on=DAY, at=dt.time(9, 30), place="Day unit"),
        lambda r: dataclasses.replace(r, place="Ward 3"),
    ),
    "diary entry": (
        DiaryRepository,
        lambda: DiaryEntry(at=AT, symptoms={"headache": 2, "fatigue": 1}, note="after the walk"),
        lambda r: dataclasses.replace(r, symptoms={"headache": 3}, note="worse in the evening"),
    ),
    "ALSFRS-R rating": (
        AlsfrsRepository,
        lambda: AlsfrsRating(rated_on=DAY, scores=(4,) * 12),
        lambda r: dataclasses.replace(r, scores=(3,) + (4,) * 11, note="buttons harder"),
    ),
    "measurement": (
        MeasurementRepository,
        lambda: Measurement(measured_on=DAY, kind=MeasurementKind.WEIGHT, value=71.5, unit="kg"),
        lambda r: dataclasses.replace(r, value=70.9),
    ),
    "medicine": (
        MedicationRepository,
        lambda: Medication(name="Riluzole", dose="50 mg"),
        lambda r: dataclasses.replace(r, dose="50 mg twice a day"),
    ),
    "question": (
        QuestionRepository,
        lambda: Question(text="Can I travel between doses?", created_on=DAY),
        lambda r: dataclasses.replace(r, text="Can I fly between two doses?"),
    ),
}


@pytest.fixture
def store(data_dir):
    with open_store(data_dir) as opened:
        yield opened


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_keeps_what_was_saved_and_gives_it_back_the_same(store, kind):
    repo_class, make, _edit = KINDS[kind]
    repo = repo_class(store)
    record = make()
    repo.add(record)
    assert repo.get(record.id) == record
    assert repo.all() == [record]
    assert repo.state(record.id) == "kept" and repo.exists(record.id)
    # Another connection to the same file reads the same.
    with open_store(store.folder) as other:
        assert repo_class(other).get(record.id) == record


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_keeps_the_version_before_an_edit_a_delete_and_a_restore(store, kind):
    repo_class, make, edit = KINDS[kind]
    repo = repo_class(store)
    record = make()
    repo.add(record)
    edited = edit(record)
    repo.update(edited)
    assert repo.get(record.id) == edited and repo.all() == [edited]

    repo.delete(record.id)
    assert repo.all() == [], "a deleted record leaves the list"
    assert repo.state(record.id) == "deleted"
    [(gone, when)] = repo.deleted()
    assert gone == edited and when.tzinfo is not None
    assert repo.get(record.id) == edited, "a deleted record can still be read (to restore it)"

    repo.restore(record.id)
    assert repo.all() == [edited] and repo.deleted() == []

    history = revisions.of(store, record.id)
    assert [h["action"] for h in history] == ["update", "delete", "restore"]
    first = history[0]["old"]
    assert first["id"] == record.id and first["deleted_at"] is None
    if kind == "diary entry":
        assert first["symptoms"] == {"headache": 2, "fatigue": 1}, "the symptoms before the edit are kept"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_says_plainly_when_a_record_does_not_exist(store, kind):
    repo = KINDS[kind][0](store)
    with pytest.raises(KeyError):
        repo.get("no-such-id")
    assert repo.state("no-such-id") is None and not repo.exists("no-such-id")


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_add_writes_nothing(store, kind):
    """``check`` runs inside the write transaction: when it refuses, nothing is saved."""
    repo_class, make, _edit = KINDS[kind]
    repo = repo_class(store)

    def refuse() -> None:
        raise ValueError("refused")

    with pytest.raises(ValueError):
        repo.add(make(), check=refuse)
    assert repo.all() == [] and repo.deleted() == []
