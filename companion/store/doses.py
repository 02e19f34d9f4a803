"""Doses given, in the ``dose`` table: the only SQL for them."""

from __future__ import annotations

import datetime as dt

from companion.core.limits import MAX_DATE, MIN_DATE
from companion.core.models import DoseRecord
from companion.store.database import iso_time, to_iso
from companion.store.repository import RecordRepository


class DoseRepository(RecordRepository[DoseRecord]):
    """One patient's doses, in date order."""

    table = "dose"
    order_by = "given_on, given_at, id"

    def _row(self, record: DoseRecord) -> dict:
        return {
            "id": record.id,
            "given_on": record.given_on.isoformat(),
            "given_at": to_iso(record.given_at),
            "number": record.number,
            "place": record.place,
            "given_by": record.given_by,
            "csf_removed_ml": record.csf_removed_ml,
            "lot": record.lot,
            "note": record.note,
        }

    def _record(self, row: dict) -> DoseRecord:
        return DoseRecord(
            id=row["id"],
            given_on=dt.date.fromisoformat(row["given_on"]),
            given_at=iso_time(row["given_at"]),
            number=row["number"],
            place=row["place"] or "",
            given_by=row["given_by"] or "",
            csf_removed_ml=row["csf_removed_ml"],
            lot=row["lot"] or "",
            note=row["note"] or "",
        )

    def all(self) -> list[DoseRecord]:
        """Doses not deleted, in date order. A dose dated outside the dates the app uses (year 9999,
        let in by an older version's import) is left out, so that it cannot break the schedule;
        it stays in the database and in exports."""
        where = "deleted_at IS NULL AND given_on BETWEEN ? AND ?"
        return self._records(self._select(where, [MIN_DATE.isoformat(), MAX_DATE.isoformat()]))
