"""The shape every record kind shares: one repository per kind, over one ``Store``'s connection.

A record kind (doses, appointments, diary entries, ratings, measurements…) lives in one table with
an ``id``, ``created_at``/``updated_at`` stamps and a ``deleted_at`` for soft deletes.
``RecordRepository`` gives each kind the same seven doors: add, update, delete, restore, get, all
and deleted. Every write runs in one transaction; an update, delete or restore first keeps the
previous version in ``revision`` (``companion.store.revisions``), so nothing saved is ever lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

from companion.store import revisions
from companion.store.database import Store, now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)


class Repository:
    """One part of a patient's records, over the ``Store``'s connection.

    Reads run plain SQL on ``conn`` (``store.rows``); writes go through ``db`` (sqlite-utils),
    imported when first needed."""

    def __init__(self, store: Store):
        self.store = store
        self.conn = store.conn

    @property
    def db(self) -> Database:
        return self.store.db


class RecordRepository(Repository, Generic[R]):
    """The records of one kind in ``table``. A subclass names its table and its order, and turns
    a record into a row (``_row``) and rows back into records (``_records``)."""

    table: ClassVar[str]
    order_by: ClassVar[str] = "id"
    deleted_order_by: ClassVar[str] = "deleted_at DESC, rowid DESC"

    # --- what a kind tells ------------------------------------------------------------------

    def _row(self, record: R) -> dict:
        raise NotImplementedError

    def _record(self, row: dict) -> R:
        raise NotImplementedError

    def _records(self, rows: Sequence[dict]) -> list[R]:
        """Rows back as records (a kind whose records span tables reads them in one go here)."""
        return [self._record(row) for row in rows]

    def _revision_extra(self, record_id: str) -> dict | None:
        """What a revision keeps besides the row (e.g. a diary entry's symptoms)."""
        return None

    def _after_write(self, record: R, replacing: bool) -> None:
        """Write what lives beside the row (inside the same transaction)."""

    # --- reading ----------------------------------------------------------------------------

    def _select(
        self, where: str, params: Iterable = (), order_by: str | None = None, limit: int | None = None
    ) -> list[dict]:
        sql = f"SELECT * FROM {self.table} WHERE {where} ORDER BY {order_by or self.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.store.rows(sql, list(params))

    def get(self, record_id: str) -> R:
        """The record with this id, deleted or not; KeyError when there is none."""
        rows = self._select("id = ?", [record_id])
        if not rows:
            raise KeyError(f"{self.table} {record_id}")
        return self._records(rows)[0]

    def state(self, record_id: str) -> str | None:
        """``"kept"``, ``"deleted"``, or None when no record has this id."""
        row = self.conn.execute(f"SELECT deleted_at FROM {self.table} WHERE id = ?", [record_id]).fetchone()
        if row is None:
            return None
        return "deleted" if row[0] else "kept"

    def exists(self, record_id: str) -> bool:
        """True when a record with this id was ever saved (deleted or not)."""
        return self.state(record_id) is not None

    def all(self) -> list[R]:
        """The records not deleted, in the kind's order."""
        return self._records(self._select("deleted_at IS NULL"))

    def deleted(self) -> list[tuple[R, dt.datetime]]:
        """Deleted records with when they were deleted, most recently deleted first."""
        rows = self._select("deleted_at IS NOT NULL", order_by=self.deleted_order_by)
        records = self._records(rows)
        return [
            (record, dt.datetime.fromisoformat(row["deleted_at"]))
            for record, row in zip(records, rows, strict=True)
        ]

    # --- writing ----------------------------------------------------------------------------

    def add(self, record: R, check: Callable[[], None] | None = None) -> None:
        """Insert a new record. ``check`` runs inside the same write transaction (BEGIN
        IMMEDIATE: no other process writes between it and the insert) and may refuse by raising."""
        now = now_utc()
        with self.store.write():
            if check is not None:
                check()
            self.db.table(self.table).insert({**self._row(record), "created_at": now, "updated_at": now})
            self._after_write(record, replacing=False)

    def update(self, record: R) -> None:
        """Save new values for a record, keeping the previous version in ``revision``."""
        with self.store.write():
            revisions.keep(self.store, self.table, record.id, "update", self._revision_extra(record.id))
            self.db.table(self.table).update(record.id, {**self._row(record), "updated_at": now_utc()})
            self._after_write(record, replacing=True)

    def delete(self, record_id: str) -> None:
        """Soft delete: the record leaves the lists and can be restored."""
        self._set_deleted(record_id, now_utc())

    def restore(self, record_id: str) -> None:
        self._set_deleted(record_id, None)

    def _set_deleted(self, record_id: str, when: str | None) -> None:
        with self.store.write():
            action = "delete" if when else "restore"
            revisions.keep(self.store, self.table, record_id, action, self._revision_extra(record_id))
            self.db.table(self.table).update(record_id, {"deleted_at": when, "updated_at": now_utc()})
