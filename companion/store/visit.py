"""Measurements, other medicines and questions for the next visit: the only SQL for their tables.

One repository per kind, each with the shared doors of ``RecordRepository`` (every write in one
transaction, the previous version kept in ``revision``, soft deletes that can be restored).
"""

from __future__ import annotations

import datetime as dt

from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.store.database import iso_date, to_iso
from companion.store.repository import RecordRepository

MEASUREMENT = "measurement"
MEDICATION = "medication"
QUESTION = "question"


def _measurement_row(m: Measurement) -> dict:
    return {
        "id": m.id,
        "measured_on": m.measured_on.isoformat(),
        "kind": MeasurementKind(m.kind).value,
        "value": float(m.value),
        "unit": m.unit,
        "note": m.note,
    }


def _measurement_from(row: dict) -> Measurement:
    return Measurement(
        id=row["id"],
        measured_on=dt.date.fromisoformat(row["measured_on"]),
        kind=MeasurementKind(row["kind"]),
        value=row["value"],
        unit=row["unit"] or "",
        note=row["note"] or "",
    )


def _medication_row(m: Medication) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "dose": m.dose,
        "since": to_iso(m.since),
        "stopped": to_iso(m.stopped),
        "note": m.note,
    }


def _medication_from(row: dict) -> Medication:
    return Medication(
        id=row["id"],
        name=row["name"],
        dose=row["dose"] or "",
        since=iso_date(row["since"]),
        stopped=iso_date(row["stopped"]),
        note=row["note"] or "",
    )


def _question_row(q: Question) -> dict:
    return {
        "id": q.id,
        "text": q.text,
        "created_on": q.created_on.isoformat(),
        "asked_on": to_iso(q.asked_on),
    }


def _question_from(row: dict) -> Question:
    return Question(
        id=row["id"],
        text=row["text"],
        created_on=dt.date.fromisoformat(row["created_on"]),
        asked_on=iso_date(row["asked_on"]),
    )


class MeasurementRepository(RecordRepository[Measurement]):
    """Weights and clinic values: newest date first, and on one date the latest entered first."""

    table = MEASUREMENT
    order_by = "measured_on DESC, created_at DESC, rowid DESC"

    def _row(self, record: Measurement) -> dict:
        return _measurement_row(record)

    def _record(self, row: dict) -> Measurement:
        return _measurement_from(row)


class MedicationRepository(RecordRepository[Medication]):
    """Other medicines, in the order they were entered (the core sorts them for people)."""

    table = MEDICATION
    order_by = "created_at, rowid"

    def _row(self, record: Medication) -> dict:
        return _medication_row(record)

    def _record(self, row: dict) -> Medication:
        return _medication_from(row)


class QuestionRepository(RecordRepository[Question]):
    """Questions for the next visit, in the order they were written."""

    table = QUESTION
    order_by = "created_on, created_at, rowid"

    def _row(self, record: Question) -> dict:
        return _question_row(record)

    def _record(self, row: dict) -> Question:
        return _question_from(row)
