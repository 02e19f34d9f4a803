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
from companion.core.exchange import (
    CLOCK_SLACK,
    FORMAT,
    LOCAL_SETTINGS,
    NATURAL_KEYS,
    SCHEMA,
    TABLES,
    VERSION,
    OtherPatient,
    describe_person,
    is_other_patient,
    normalise_row,
    record_error,
    stamp_time,
)
from companion.i18n import _
from companion.store import revisions
from companion.store.database import Store, now_utc


def _columns(table: str) -> list[str]:
    return [c for c in SCHEMA[table] if c != "symptoms"]


def _exported_columns(table: str) -> list[str]:
    """What an export holds: every column but the settings of this computer."""
    return [c for c in _columns(table) if table != "profile" or c not in LOCAL_SETTINGS]


def export_document(store: Store) -> dict:
    """Every record of the patient (deleted ones too, marked), in the exchange format."""
    records: dict[str, list[dict]] = {}
    for table in TABLES:
        columns = _exported_columns(table)
        rows = [
            {c: row.get(c) for c in columns}
            for row in store.db.execute_returning_dicts(f"SELECT * FROM {table} ORDER BY rowid")
        ]
        if table == "diary_entry":
            symptoms: dict[str, dict[str, int]] = {str(r["id"]): {} for r in rows}
            for entry_id, code, severity in store.db.execute(
                "SELECT entry_id, code, severity FROM diary_symptom ORDER BY entry_id, code"
            ).fetchall():
                if entry_id in symptoms:
                    symptoms[entry_id][code] = severity
            for row in rows:
                row["symptoms"] = symptoms[str(row["id"])]
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


def local_profile(store: Store | None) -> dict | None:
    """The folder's profile row, or None (a new folder, or one where no profile was saved yet)."""
    if store is None:
        return None
    rows = store.db.execute_returning_dicts("SELECT * FROM profile LIMIT 1")
    return rows[0] if rows else None


def other_patient_error(theirs: dict, ours: dict, what: str) -> OtherPatient:
    """The refusal of another person's export (``what`` = "import") or backup ("restore")."""
    them, us = describe_person(theirs), describe_person(ours)
    if what == "restore":
        message = _(
            "This backup holds the records of another person ({theirs}); this folder holds {ours}'s. "
            "Nothing was changed. If it is the same person, restore it with --other-patient."
        )
    else:
        message = _(
            "This file holds the records of another person ({theirs}); this folder holds {ours}'s. "
            "Nothing was imported. If it is the same person, import it with --other-patient."
        )
    return OtherPatient(message.format(theirs=them, ours=us), them, us)


def _stamp_key(value, now: dt.datetime) -> dt.datetime:
    """A record time for "which was changed last": a time that cannot be right (not a time, or
    still to come beyond a day of clock drift) counts as older than any real one, so that it
    never wins every later merge."""
    moment = stamp_time(value)
    if moment is None or moment > now + CLOCK_SLACK:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return moment


def plan_import(
    store: Store | None,
    records: dict[str, list[dict]],
    other_patient: bool = False,
    now: dt.datetime | None = None,
) -> ImportPlan:
    """Decide, without writing, what merging ``records`` (checked by parse_export) would do.

    ``store`` None: a folder with no records yet. Raises OtherPatient when the file's profile is
    another person's (unless ``other_patient``: the user said it is the same person), and
    InvalidInput, naming the record, for a reference to a record that is neither in the file
    nor in the folder.
    """
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    plan = ImportPlan()
    ours = local_profile(store)
    profiles = records.get("profile") or []
    theirs = profiles[0] if profiles else None
    if not other_patient and is_other_patient(ours, theirs):
        assert theirs is not None and ours is not None  # another person: both profiles are there
        raise other_patient_error(theirs, ours, "import")
    _check_references(store, records)
    dose_days = (
        {r[0] for r in store.db.execute("SELECT given_on FROM dose WHERE deleted_at IS NULL").fetchall()}
        if store is not None
        else set()
    )
    for table in TABLES:
        inserts, updates = [], []
        for raw in records.get(table, []):
            row = normalise_row(table, raw)
            if table == "profile":
                # Settings stay on this computer: the folder's own, or the defaults in a new one.
                row.update({k: (ours or {}).get(k, v) for k, v in LOCAL_SETTINGS.items()})
                if ours is not None:
                    row["id"] = ours["id"]  # one patient, one profile: merge into it
            elif table in NATURAL_KEYS and store is not None:
                # The same acknowledgement or check-in made on two computers: one record.
                columns = NATURAL_KEYS[table]
                where = " AND ".join(f"{c} = ?" for c in columns)
                local = store.db.execute_returning_dicts(
                    f"SELECT id FROM {table} WHERE {where}", [row[c] for c in columns]
                )
                if local:
                    row["id"] = local[0]["id"]
            current = _current(store, table, row["id"]) if store is not None else None
            if current is None:
                if table == "dose" and row["deleted_at"] is None and row["given_on"] in dose_days:
                    plan.skipped.append(("dose_same_day", row))
                    continue
                if table == "dose" and row["deleted_at"] is None:
                    dose_days.add(row["given_on"])
                inserts.append(row)
            elif _same(current, row):
                plan.unchanged[table] += 1
            elif _stamp_key(row.get("updated_at"), now) > _stamp_key(current.get("updated_at"), now):
                updates.append(row)
            else:
                plan.unchanged[table] += 1  # ours was changed later: keep it
        plan.inserts[table] = inserts
        plan.updates[table] = updates
    return plan


_REFERENCES = {"red_flag_ack": ("entry_id", "diary_entry"), "checkin": ("dose_id", "dose")}


def _check_references(store: Store | None, records: dict[str, list[dict]]) -> None:
    """Every warning read is of a diary entry, every check-in of a dose, that is in the file or
    already in the folder."""
    for table, (column, target) in _REFERENCES.items():
        known = {r["id"] for r in records.get(target, [])}
        for row in records.get(table, []):
            ref = row[column]
            if ref in known:
                continue
            if (
                store is not None
                and store.conn.execute(f"SELECT 1 FROM {target} WHERE id = ?", [ref]).fetchone()
            ):
                continue
            raise record_error(
                table,
                row,
                _("it refers to a record ({id}) that is neither in the file nor in this folder.").format(
                    id="".join(c if c.isprintable() else "?" for c in ref)[:40]
                ),
            )


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
                revisions.keep(store, table, row["id"], "import", _symptoms_extra(store, table, row["id"]))
                _write_row(store, table, row, replace=True)
            for row in plan.inserts.get(table, []):
                _write_row(store, table, row, replace=False)


def _symptoms_extra(store: Store, table: str, record_id: str) -> dict | None:
    if table != "diary_entry":
        return None
    return {"symptoms": (_current(store, table, record_id) or {}).get("symptoms", {})}


def _write_row(store: Store, table: str, row: dict, replace: bool) -> None:
    present = set(store.db.table(table).columns_dict)  # the profile has no created_at or deleted_at
    values = {c: row.get(c) for c in _columns(table) if c in present}
    if table == "profile":  # never null: a new folder takes the defaults
        values.update({k: v for k, v in LOCAL_SETTINGS.items() if k in present and values.get(k) is None})
    values["updated_at"] = values.get("updated_at") or now_utc()
    if "created_at" in present:
        values["created_at"] = values.get("created_at") or values["updated_at"]
    if replace:
        store.db.table(table).update(row["id"], values)
    else:
        store.db.table(table).insert(values)
    if table == "diary_entry":
        store.db.execute("DELETE FROM diary_symptom WHERE entry_id = ?", [row["id"]])
        if row["symptoms"]:
            store.db.table("diary_symptom").insert_all(
                [{"entry_id": row["id"], "code": c, "severity": s} for c, s in row["symptoms"].items()]
            )
