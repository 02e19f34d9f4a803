"""One patient's SQLite database: the only code that runs SQL. Returns core objects.

Every write runs in one transaction (``db.atomic()``); edits and deletes first copy the previous
version into ``revision``; deletes are soft (``deleted_at``) and can be undone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from companion.core.errors import DamagedData, NewerVersionData
from companion.core.models import (
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DoseRecord,
    Profile,
    TreatmentStatus,
    new_id,
)
from companion.i18n import _
from companion.store.schema import KNOWN_MIGRATIONS, migrations

DB_FILENAME = "companion.sqlite3"
BACKUP_DIRNAME = "backups"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def now_utc() -> str:
    """The current UTC time as ISO 8601, for created/updated/deleted stamps."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_iso(value: dt.date | dt.time | None) -> str | None:
    """ISO 8601 text for storage, or None."""
    return value.isoformat() if value is not None else None


def iso_date(value: str | None) -> dt.date | None:
    """A stored ISO date back as a date, or None."""
    return dt.date.fromisoformat(value) if value else None


def iso_time(value: str | None) -> dt.time | None:
    """A stored ISO time back as a time, or None."""
    return dt.time.fromisoformat(value) if value else None


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` (and parents) readable by this user only."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)


def _dose_row(r: DoseRecord) -> dict:
    return {
        "id": r.id,
        "given_on": r.given_on.isoformat(),
        "given_at": to_iso(r.given_at),
        "number": r.number,
        "place": r.place,
        "given_by": r.given_by,
        "csf_removed_ml": r.csf_removed_ml,
        "lot": r.lot,
        "note": r.note,
    }


def _dose_from(row: dict) -> DoseRecord:
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


def _appointment_row(a: Appointment) -> dict:
    return {
        "id": a.id,
        "on_date": a.on.isoformat(),
        "at_time": to_iso(a.at),
        "kind": a.kind.value,
        "place": a.place,
        "note": a.note,
        "outcome": a.outcome.value if a.outcome else None,
        "for_dose": a.for_dose,
    }


def _appointment_from(row: dict) -> Appointment:
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


_PROFILE_DATES = ("birth_date", "onset_date", "status_since", "planned_first_dose")
_PROFILE_FLAGS = ("onboarding_done", "care_team_asked", "calendar_detail", "high_contrast")


def _profile_row(p: Profile) -> dict:
    row = dataclasses.asdict(p)
    for key in _PROFILE_DATES:
        row[key] = to_iso(row[key])
    for key in _PROFILE_FLAGS:
        row[key] = int(row[key])
    row["treatment_status"] = p.treatment_status.value
    return row


def _profile_from(row: dict) -> Profile:
    values = {f.name: row.get(f.name) for f in dataclasses.fields(Profile)}
    for key in _PROFILE_DATES:
        values[key] = iso_date(values[key])
    for key in _PROFILE_FLAGS:
        values[key] = bool(values[key])
    values["treatment_status"] = TreatmentStatus(values["treatment_status"] or "active")
    if values["reminder_days"] is None:
        values["reminder_days"] = Profile.reminder_days
    if values["text_size"] is None:
        values["text_size"] = Profile.text_size
    for key, value in values.items():
        if value is None and key not in _PROFILE_DATES:
            values[key] = ""
    return Profile(**values)


class Store:
    """The records of one patient, in ``<folder>/companion.sqlite3``."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.path = self.folder / DB_FILENAME
        ensure_private_folder(self.folder)
        if not self.path.exists():
            # Create the file ourselves so that it (and SQLite's -wal/-shm beside it) is private.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
        os.chmod(self.path, FILE_MODE)
        try:
            conn = sqlite3.connect(str(self.path))
            conn.execute("PRAGMA busy_timeout=5000")
            # Check before anything is written, so a damaged file is left exactly as it is.
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick == "ok":
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise DamagedData(
                _("The data file {path} cannot be read: {reason}").format(path=self.path, reason=exc),
                self.folder,
            ) from exc
        if quick != "ok":
            conn.close()
            raise DamagedData(
                _("The data file {path} is damaged ({reason}).").format(path=self.path, reason=quick),
                self.folder,
            )
        # execute_plugins=False: plugin discovery costs start-up time and the app uses none.
        self.db = Database(conn, execute_plugins=False)
        self._migrate()

    # --- lifecycle --------------------------------------------------------------------------

    def _migrate(self) -> None:
        try:
            applied = [m.name for m in migrations.applied(self.db)]
        except sqlite3.DatabaseError as exc:
            raise DamagedData(
                _("The data file {path} cannot be read: {reason}").format(path=self.path, reason=exc)
            ) from exc
        unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
        if unknown:
            raise NewerVersionData(
                _(
                    "This data was saved by a newer version of Tofersen Companion. "
                    "Please update the app; your data has not been changed."
                )
            )
        pending = migrations.pending(self.db)
        if pending and applied:
            self.backup(reason="before-upgrade")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: everything inside is saved together, or nothing is.

        It takes the write lock at once (BEGIN IMMEDIATE), so that a second process writing to
        the same folder (the window and the command line) waits for it instead of failing.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")

    def backup(self, reason: str = "manual", mirror: Path | None = None) -> Path:
        """Copy the whole database with SQLite's backup API into ``backups/``; return the path."""
        from companion.store.backups import make_backup

        return make_backup(self, reason, mirror)

    def is_empty(self) -> bool:
        """True when nothing has been recorded for this patient yet."""
        return (
            self.db["dose"].count == 0 and self.db["appointment"].count == 0 and not self.db["profile"].count
        )

    # --- revisions --------------------------------------------------------------------------

    def keep_revision(self, table: str, record_id: str, action: str, extra: dict | None = None) -> dict:
        """Copy the current version of a record into ``revision`` before it changes. ``extra``
        adds what lives in other tables (e.g. a diary entry's symptoms)."""
        row = {**self.db[table].get(record_id), **(extra or {})}
        self.db["revision"].insert(
            {
                "table_name": table,
                "record_id": record_id,
                "action": action,
                "changed_at": now_utc(),
                "old_json": json.dumps(row, ensure_ascii=False),
            }
        )
        return row

    def revisions(self, record_id: str) -> list[dict]:
        """Earlier versions of a record, oldest first (each the row as it was)."""
        return [
            {**r, "old": json.loads(r["old_json"])}
            for r in self.db["revision"].rows_where("record_id = ?", [record_id], order_by="id")
        ]

    # --- profile ----------------------------------------------------------------------------

    def profile(self) -> Profile:
        for row in self.db["profile"].rows_where(limit=1):
            return _profile_from(row)
        return Profile()

    def save_profile(self, profile: Profile) -> None:
        row = _profile_row(profile)
        with self.write():
            existing = list(self.db["profile"].rows_where(limit=1))
            if existing:
                row_id = existing[0]["id"]
                self.keep_revision("profile", row_id, "update")
            else:
                row_id = new_id()
            self.db["profile"].upsert({"id": row_id, **row, "updated_at": now_utc()}, pk="id")

    # --- doses ------------------------------------------------------------------------------

    def doses(self) -> list[DoseRecord]:
        """Doses not deleted, in date order."""
        rows = self.db["dose"].rows_where("deleted_at IS NULL", order_by="given_on, given_at, id")
        return [_dose_from(r) for r in rows]

    def deleted_doses(self) -> list[tuple[DoseRecord, dt.datetime]]:
        rows = self.db["dose"].rows_where("deleted_at IS NOT NULL", order_by="deleted_at DESC")
        return [(_dose_from(r), dt.datetime.fromisoformat(r["deleted_at"])) for r in rows]

    def dose(self, dose_id: str) -> DoseRecord:
        return _dose_from(self.db["dose"].get(dose_id))

    def add_dose(self, record: DoseRecord) -> None:
        now = now_utc()
        with self.write():
            self.db["dose"].insert({**_dose_row(record), "created_at": now, "updated_at": now})

    def update_dose(self, record: DoseRecord) -> None:
        with self.write():
            self.keep_revision("dose", record.id, "update")
            self.db["dose"].update(record.id, {**_dose_row(record), "updated_at": now_utc()})

    def delete_dose(self, dose_id: str) -> None:
        self.set_deleted("dose", dose_id, now_utc())

    def restore_dose(self, dose_id: str) -> None:
        self.set_deleted("dose", dose_id, None)

    def set_deleted(self, table: str, record_id: str, when: str | None) -> None:
        """Soft-delete (``when`` = now) or restore (``when`` = None) a record, keeping a revision."""
        with self.write():
            self.keep_revision(table, record_id, "delete" if when else "restore")
            self.db[table].update(record_id, {"deleted_at": when, "updated_at": now_utc()})

    # --- appointments -----------------------------------------------------------------------

    def appointments(self) -> list[Appointment]:
        rows = self.db["appointment"].rows_where("deleted_at IS NULL", order_by="on_date, at_time, id")
        return [_appointment_from(r) for r in rows]

    def deleted_appointments(self) -> list[tuple[Appointment, dt.datetime]]:
        rows = self.db["appointment"].rows_where("deleted_at IS NOT NULL", order_by="deleted_at DESC")
        return [(_appointment_from(r), dt.datetime.fromisoformat(r["deleted_at"])) for r in rows]

    def appointment(self, appointment_id: str) -> Appointment:
        return _appointment_from(self.db["appointment"].get(appointment_id))

    def add_appointment(self, appointment: Appointment) -> None:
        now = now_utc()
        with self.write():
            self.db["appointment"].insert(
                {**_appointment_row(appointment), "created_at": now, "updated_at": now}
            )

    def update_appointment(self, appointment: Appointment) -> None:
        with self.write():
            self.keep_revision("appointment", appointment.id, "update")
            self.db["appointment"].update(
                appointment.id, {**_appointment_row(appointment), "updated_at": now_utc()}
            )

    def delete_appointment(self, appointment_id: str) -> None:
        self.set_deleted("appointment", appointment_id, now_utc())

    def restore_appointment(self, appointment_id: str) -> None:
        self.set_deleted("appointment", appointment_id, None)
