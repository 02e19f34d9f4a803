"""Measurements, other medicines and questions for the next visit: the only SQL for their tables.

Every write runs inside ``store.write()``; edits keep the previous version in ``revision`` first;
deletes are soft (``deleted_at``) and can be restored. Lists leave deleted records out.
"""

from __future__ import annotations

import datetime as dt

from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.store.database import Repository, iso_date, now_utc, to_iso

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


def _deleted_at(row: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(row["deleted_at"])


class VisitRecordsStore(Repository):
    """The three tables of "For my next visit", on one patient's ``Store``."""

    # --- shared -----------------------------------------------------------------------------

    def _insert(self, table: str, row: dict) -> None:
        now = now_utc()
        with self.store.write():
            self.db.table(table).insert({**row, "created_at": now, "updated_at": now})

    def _update(self, table: str, row: dict) -> None:
        with self.store.write():
            self.store.keep_revision(table, row["id"], "update")
            self.db.table(table).update(row["id"], {**row, "updated_at": now_utc()})

    def _rows(self, table: str, deleted: bool, order_by: str):
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        return self.store.rows(f"SELECT * FROM {table} WHERE {where} ORDER BY {order_by}")

    # --- measurements -----------------------------------------------------------------------

    def measurements(self) -> list[Measurement]:
        """Not deleted; newest date first, and on one date the latest entered first."""
        rows = self._rows(MEASUREMENT, False, "measured_on DESC, created_at DESC, rowid DESC")
        return [_measurement_from(r) for r in rows]

    def deleted_measurements(self) -> list[tuple[Measurement, dt.datetime]]:
        rows = self._rows(MEASUREMENT, True, "deleted_at DESC, rowid DESC")
        return [(_measurement_from(r), _deleted_at(r)) for r in rows]

    def measurement(self, measurement_id: str) -> Measurement:
        return _measurement_from(self.store.row(MEASUREMENT, measurement_id))

    def add_measurement(self, m: Measurement) -> None:
        self._insert(MEASUREMENT, _measurement_row(m))

    def update_measurement(self, m: Measurement) -> None:
        self._update(MEASUREMENT, _measurement_row(m))

    def delete_measurement(self, measurement_id: str) -> None:
        self.store.set_deleted(MEASUREMENT, measurement_id, now_utc())

    def restore_measurement(self, measurement_id: str) -> None:
        self.store.set_deleted(MEASUREMENT, measurement_id, None)

    # --- other medicines --------------------------------------------------------------------

    def medications(self) -> list[Medication]:
        """Not deleted, in the order they were entered (the core sorts them for people)."""
        rows = self._rows(MEDICATION, False, "created_at, rowid")
        return [_medication_from(r) for r in rows]

    def deleted_medications(self) -> list[tuple[Medication, dt.datetime]]:
        rows = self._rows(MEDICATION, True, "deleted_at DESC, rowid DESC")
        return [(_medication_from(r), _deleted_at(r)) for r in rows]

    def medication(self, medication_id: str) -> Medication:
        return _medication_from(self.store.row(MEDICATION, medication_id))

    def add_medication(self, m: Medication) -> None:
        self._insert(MEDICATION, _medication_row(m))

    def update_medication(self, m: Medication) -> None:
        self._update(MEDICATION, _medication_row(m))

    def delete_medication(self, medication_id: str) -> None:
        self.store.set_deleted(MEDICATION, medication_id, now_utc())

    def restore_medication(self, medication_id: str) -> None:
        self.store.set_deleted(MEDICATION, medication_id, None)

    # --- questions --------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        """Not deleted, in the order they were written."""
        rows = self._rows(QUESTION, False, "created_on, created_at, rowid")
        return [_question_from(r) for r in rows]

    def deleted_questions(self) -> list[tuple[Question, dt.datetime]]:
        rows = self._rows(QUESTION, True, "deleted_at DESC, rowid DESC")
        return [(_question_from(r), _deleted_at(r)) for r in rows]

    def question(self, question_id: str) -> Question:
        return _question_from(self.store.row(QUESTION, question_id))

    def add_question(self, q: Question) -> None:
        self._insert(QUESTION, _question_row(q))

    def update_question(self, q: Question) -> None:
        self._update(QUESTION, _question_row(q))

    def delete_question(self, question_id: str) -> None:
        self.store.set_deleted(QUESTION, question_id, now_utc())

    def restore_question(self, question_id: str) -> None:
        self.store.set_deleted(QUESTION, question_id, None)

    def exists(self, table: str, record_id: str) -> bool:
        """True when a record with this id was ever saved (deleted or not)."""
        return self.db.table(table).count_where("id = ?", [record_id]) > 0
