"""Clinic appointments, in the ``appointment`` table: the only SQL for them."""

from __future__ import annotations

import datetime as dt

from companion.core.models import Appointment, AppointmentKind, AppointmentOutcome
from companion.store.database import iso_time, to_iso
from companion.store.repository import RecordRepository


class AppointmentRepository(RecordRepository[Appointment]):
    """One patient's booked appointments, in date order."""

    table = "appointment"
    order_by = "on_date, at_time, id"

    def _row(self, record: Appointment) -> dict:
        return {
            "id": record.id,
            "on_date": record.on.isoformat(),
            "at_time": to_iso(record.at),
            "kind": record.kind.value,
            "place": record.place,
            "note": record.note,
            "outcome": record.outcome.value if record.outcome else None,
            "for_dose": record.for_dose,
        }

    def _record(self, row: dict) -> Appointment:
        return Appointment(
            id=row["id"],
            on=dt.date.fromisoformat(row["on_date"]),
            at=iso_time(row["at_time"]),
            kind=AppointmentKind(row["kind"]),
            place=row["place"] or "",
            note=row["note"] or "",
            outcome=AppointmentOutcome(row["outcome"]) if row["outcome"] else None,
            for_dose=row["for_dose"],
        )
