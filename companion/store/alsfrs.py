"""ALSFRS-R ratings in the ``alsfrs`` table: the only SQL for them.

Every write runs inside ``store.write()``; an edit first keeps the previous version in
``revision``; deletes are soft (``deleted_at``) and can be undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from companion.core.models import AlsfrsRating, Item5
from companion.store.database import Repository, now_utc

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


class AlsfrsRepository(Repository):
    """One patient's ALSFRS-R ratings."""

    # --- writing ----------------------------------------------------------------------------

    def add(self, rating: AlsfrsRating) -> None:
        now = now_utc()
        with self.store.write():
            self.db.table(TABLE).insert({**_row(rating), "created_at": now, "updated_at": now})

    def update(self, rating: AlsfrsRating) -> None:
        """Save new values for a rating, keeping the previous version in ``revision``."""
        with self.store.write():
            self.store.keep_revision(TABLE, rating.id, "update")
            self.db.table(TABLE).update(rating.id, {**_row(rating), "updated_at": now_utc()})

    def delete(self, rating_id: str) -> None:
        with self.store.write():
            self.store.set_deleted(TABLE, rating_id, now_utc())

    def restore(self, rating_id: str) -> None:
        with self.store.write():
            self.store.set_deleted(TABLE, rating_id, None)

    # --- reading ----------------------------------------------------------------------------

    def _where(
        self, where: str, params: Iterable = (), order_by: str = _ORDER, limit: int | None = None
    ) -> list[dict]:
        sql = f"SELECT * FROM {TABLE} WHERE {where} ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.store.rows(sql, list(params))

    def get(self, rating_id: str) -> AlsfrsRating:
        """The rating with this id, deleted or not; KeyError when there is none."""
        rows = self._where("id = ?", [rating_id])
        if not rows:
            raise KeyError(rating_id)
        return _rating(rows[0])

    def state(self, rating_id: str) -> str | None:
        """``"kept"``, ``"deleted"``, or None when no rating has this id."""
        rows = self._where("id = ?", [rating_id])
        if not rows:
            return None
        return "deleted" if rows[0]["deleted_at"] else "kept"

    def ratings(self, start: dt.date | None = None, end: dt.date | None = None) -> list[AlsfrsRating]:
        """Ratings not deleted, oldest first; ``start`` and ``end`` (both included) limit the dates."""
        clauses, params = ["deleted_at IS NULL"], []
        if start is not None:
            clauses.append("rated_on >= ?")
            params.append(start.isoformat())
        if end is not None:
            clauses.append("rated_on <= ?")
            params.append(end.isoformat())
        return [_rating(r) for r in self._where(" AND ".join(clauses), params)]

    def deleted(self) -> list[tuple[AlsfrsRating, dt.datetime]]:
        """Deleted ratings with when they were deleted, most recent first."""
        rows = self._where("deleted_at IS NOT NULL", order_by="deleted_at DESC, id")
        return [(_rating(r), dt.datetime.fromisoformat(r["deleted_at"])) for r in rows]

    def latest(self) -> AlsfrsRating | None:
        """The most recent rating not deleted, or None."""
        rows = self._where("deleted_at IS NULL", order_by="rated_on DESC, created_at DESC, id DESC", limit=1)
        return _rating(rows[0]) if rows else None
