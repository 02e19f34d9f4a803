"""ALSFRS-R ratings in the ``alsfrs`` table: the only SQL for them.

The shared doors (add, update, delete, restore, get, all, deleted) come from
``RecordRepository``: every write in one transaction, the previous version kept in ``revision``.
"""

from __future__ import annotations

import datetime as dt

from companion.core.models import AlsfrsRating, Item5
from companion.store.repository import RecordRepository

TABLE = "alsfrs"
_ITEM_COLUMNS = tuple(f"item{n}" for n in range(1, 13))
_ORDER = "rated_on, created_at, id"


def _row(rating: AlsfrsRating) -> dict:
    return {
        "id": rating.id,
        "rated_on": rating.rated_on.isoformat(),
        **dict(zip(_ITEM_COLUMNS, rating.scores, strict=True)),
        "item5_form": Item5(rating.item5).value,
        "rated_by": rating.rated_by,
        "note": rating.note,
    }


def _rating(row: dict) -> AlsfrsRating:
    return AlsfrsRating(
        id=row["id"],
        rated_on=dt.date.fromisoformat(row["rated_on"]),
        scores=tuple(row[c] for c in _ITEM_COLUMNS),
        item5=Item5(row["item5_form"]),
        rated_by=row["rated_by"] or "",
        note=row["note"] or "",
    )


class AlsfrsRepository(RecordRepository[AlsfrsRating]):
    """One patient's ALSFRS-R ratings, oldest first."""

    table = TABLE
    order_by = _ORDER
    deleted_order_by = "deleted_at DESC, id"

    def _row(self, record: AlsfrsRating) -> dict:
        return _row(record)

    def _record(self, row: dict) -> AlsfrsRating:
        return _rating(row)

    def ratings(self, start: dt.date | None = None, end: dt.date | None = None) -> list[AlsfrsRating]:
        """Ratings not deleted, oldest first; ``start`` and ``end`` (both included) limit the dates."""
        clauses, params = ["deleted_at IS NULL"], []
        if start is not None:
            clauses.append("rated_on >= ?")
            params.append(start.isoformat())
        if end is not None:
            clauses.append("rated_on <= ?")
            params.append(end.isoformat())
        return self._records(self._select(" AND ".join(clauses), params))

    def latest(self) -> AlsfrsRating | None:
        """The most recent rating not deleted, or None."""
        rows = self._select("deleted_at IS NULL", order_by="rated_on DESC, created_at DESC, id DESC", limit=1)
        return _rating(rows[0]) if rows else None
