"""Export every record to the exchange format, and merge an export in one transaction.

Records are matched by their UUIDs, so importing the same file twice adds nothing, and a
patient's and a caregiver's computers can be brought together: a record both have keeps the
version changed last (the other is kept as a revision).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from companion import __version__
from companion.core.errors import InvalidInput
from companion.core.exchange import FORMAT, NATURAL_KEYS, SCHEMA, TABLES, VERSION, normalise_row
from companion.i18n import _
from companion.store.database import Store, now_utc


def _columns(table: str) -> list[str]:
    return [c for c in SCHEMA[table] if c != "symptoms"]


def export_document(store: Store) -> dict:
    """Every record of the patient (deleted ones too, marked), in the exchange format."""
    records: dict[str, list[dict]] = {}
    for table in TABLES:
        columns = _columns(table)
        rows = [
            {c: row.get(c) for c in columns}
            for row in store.db.execute_returning_dicts(f"SELECT * FROM {table} ORDER BY rowid")
        ]
        if table == "diary_entry":
            symptoms: dict[str, dict[str, int]] = {r["id"]: {} for r in rows}
            for entry_id, code, severity in store.db.execute(
                "SELECT entry_id, code, severity FROM diary_symptom ORDER BY entry_id, code"
            ).fetchall():
                if entry_id in symptoms:
                    symptoms[entry_id][code] = severity
            for row in rows:
                row["symptoms"] = symptoms[row["id"]]
        records[table] = rows
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "records": records,
    }


def export_bytes(store: Store) -> bytes:
    return json.dumps(export_document(store), ensure_ascii=False, indent=1).encode("utf-8")


@dataclass
class ImportPlan:
    """What an import will do, table by table, before it does it."""

    inserts: dict[str, list[dict]] = field(default_factory=dict)
    updates: dict[str, list[dict]] = field(default_factory=dict)
    unchanged: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, dict]] = field(default_factory=list)  # (reason code, row)

    def added(self) -> Counter:
        return Counter({t: len(rows) for t, rows in self.inserts.items() if rows})

    def changed(self) -> Counter:
        return Counter({t: len(rows) for t, rows in self.updates.items() if rows})

    @property
    def empty(self) -> bool:
        return not self.added() and not self.changed()


def _current(store: Store, table: str, record_id: str) -> dict | None:
    rows = store.db.execute_returning_dicts(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    if not rows:
        return None
    row = {c: rows[0].get(c) for c in _columns(table)}
    if table == "diary_entry":
        row["symptoms"] = {
            code: sev
            for code, sev in store.db.execute(
                "SELECT code, severity FROM diary_symptom WHERE entry_id = ?", [record_id]
            ).fetchall()
        }
    return row


def plan_import(store: Store, records: dict[str, list[dict]]) -> ImportPlan:
    """Decide, without writing, what merging ``records`` (checked by parse_export) would do."""
    plan = ImportPlan()
    dose_days = {
        r[0] for r in store.db.execute("SELECT given_on FROM dose WHERE deleted_at IS NULL").fetchall()
    }
    for table in TABLES:
        inserts, updates = [], []
        for raw in records.get(table, []):
            row = normalise_row(table, raw)
            if table == "profile":
                local = store.db.execute_returning_dicts("SELECT * FROM profile LIMIT 1")
                if local:
                    row["id"] = local[0]["id"]  # one patient, one profile: merge into it
            elif table in NATURAL_KEYS:
                # The same acknowledgement or check-in made on two computers: one record.
                columns = NATURAL_KEYS[table]
                where = " AND ".join(f"{c} = ?" for c in columns)
                local = store.db.execute_returning_dicts(
                    f"SELECT id FROM {table} WHERE {where}", [row[c] for c in columns]
                )
                if local:
                    row["id"] = local[0]["id"]
            current = _current(store, table, row["id"])
            if current is None:
                if table == "dose" and row["deleted_at"] is None and row["given_on"] in dose_days:
                    plan.skipped.append(("dose_same_day", row))
                    continue
                if table == "dose" and row["deleted_at"] is None:
                    dose_days.add(row["given_on"])
                inserts.append(row)
            elif _same(current, row):
                plan.unchanged[table] += 1
            elif (row.get("updated_at") or "") > (current.get("updated_at") or ""):
                updates.append(row)
            else:
                plan.unchanged[table] += 1  # ours was changed later: keep it
        plan.inserts[table] = inserts
        plan.updates[table] = updates
    return plan


def _same(a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in set(a) | set(b))


def apply_import(store: Store, plan: ImportPlan) -> None:
    """Write the plan in one transaction: all of it, or (on any error) nothing."""
    try:
        _apply(store, plan)
    except sqlite3.IntegrityError as exc:  # the transaction was rolled back: nothing was written
        raise InvalidInput(
            _("The export file cannot be merged with these records: {reason}").format(reason=exc)
        ) from None


def _apply(store: Store, plan: ImportPlan) -> None:
    with store.write():
        for table in TABLES:
            for row in plan.updates.get(table, []):
                store.keep_revision(table, row["id"], "import", _symptoms_extra(store, table, row["id"]))
                _write_row(store, table, row, replace=True)
            for row in plan.inserts.get(table, []):
                _write_row(store, table, row, replace=False)


def _symptoms_extra(store: Store, table: str, record_id: str) -> dict | None:
    if table != "diary_entry":
        return None
    return {"symptoms": (_current(store, table, record_id) or {}).get("symptoms", {})}


def _write_row(store: Store, table: str, row: dict, replace: bool) -> None:
    present = set(store.db[table].columns_dict)  # the profile has no created_at or deleted_at
    values = {c: row.get(c) for c in _columns(table) if c in present}
    values["updated_at"] = values.get("updated_at") or now_utc()
    if "created_at" in present:
        values["created_at"] = values.get("created_at") or values["updated_at"]
    if replace:
        store.db[table].update(row["id"], values)
    else:
        store.db[table].insert(values)
    if table == "diary_entry":
        store.db.execute("DELETE FROM diary_symptom WHERE entry_id = ?", [row["id"]])
        if row["symptoms"]:
            store.db["diary_symptom"].insert_all(
                [{"entry_id": row["id"], "code": c, "severity": s} for c, s in row["symptoms"].items()]
            )
