"""Earlier versions of records, in the ``revision`` table: every edit, delete and restore first
copies the record as it was, so that nothing a user saved is lost by a change."""

from __future__ import annotations

import json

from companion.store.database import Store, now_utc


def keep(store: Store, table: str, record_id: str, action: str, extra: dict | None = None) -> dict:
    """Copy the current version of a record into ``revision`` before it changes (call inside a
    write). ``extra`` adds what lives in other tables (e.g. a diary entry's symptoms)."""
    row = {**store.row(table, record_id), **(extra or {})}
    store.db.table("revision").insert(
        {
            "table_name": table,
            "record_id": record_id,
            "action": action,
            "changed_at": now_utc(),
            "old_json": json.dumps(row, ensure_ascii=False),
        }
    )
    return row


def of(store: Store, record_id: str) -> list[dict]:
    """Earlier versions of a record, oldest first (each the row as it was, under ``old``)."""
    return [
        {**r, "old": json.loads(r["old_json"])}
        for r in store.rows("SELECT * FROM revision WHERE record_id = ? ORDER BY id", [record_id])
    ]
