"""The database schema, built only through migrations (sqlite-utils ``Migrations``).

Add a new migration at the end for every change; never edit one that has shipped. A database that
records a migration this version does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "tofersen_companion"
KNOWN_MIGRATIONS: list[str] = []
_STEPS: list[Callable[[Database], None]] = []


def migration(fn):
    """Register ``fn`` as the next migration of the set."""
    KNOWN_MIGRATIONS.append(fn.__name__)
    _STEPS.append(fn)
    return fn


@functools.cache
def migration_set() -> Migrations:
    """The sqlite-utils ``Migrations`` of every step above, in order. Built on first use: a start
    with an up-to-date database needs only the names (sqlite-utils costs ~0.1 s to import)."""
    from sqlite_utils import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in _STEPS:
        steps()(fn)
    return steps


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database has had, in order (none for a new file)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not has_table:
        return []
    sql = "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid"
    return [row[0] for row in conn.execute(sql, [MIGRATION_SET])]


_RECORD_TIMES = {"created_at": str, "updated_at": str, "deleted_at": str}


@migration
def m001_initial(db: Database) -> None:
    db.table("profile").create(
        {
            "id": str,
            "display_name": str,
            "birth_date": str,
            "sod1_variant": str,
            "onset_date": str,
            "care_team_name": str,
            "care_team_phone": str,
            "care_team_out_of_hours": str,
            "treatment_status": str,
            "status_since": str,
            "status_note": str,
            "planned_first_dose": str,
            "language": str,
            "report_language": str,
            "onboarding_done": int,
            "care_team_asked": int,
            "updated_at": str,
        },
        pk="id",
        not_null={"display_name", "treatment_status"},
        defaults={"treatment_status": "active", "onboarding_done": 0, "care_team_asked": 0},
    )
    db.table("dose").create(
        {
            "id": str,
            "given_on": str,
            "given_at": str,
            "number": int,
            "place": str,
            "given_by": str,
            "csf_removed_ml": float,
            "lot": str,
            "note": str,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"given_on"},
    )
    db.table("dose").create_index(["deleted_at", "given_on"])
    db.table("appointment").create(
        {
            "id": str,
            "on_date": str,
            "at_time": str,
            "kind": str,
            "place": str,
            "note": str,
            "outcome": str,
            "for_dose": int,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"on_date", "kind"},
    )
    db.table("appointment").create_index(["deleted_at", "on_date"])
    # Every edit and delete keeps the previous version of the record, so nothing is ever lost.
    db.table("revision").create(
        {
            "id": int,
            "table_name": str,
            "record_id": str,
            "action": str,
            "changed_at": str,
            "old_json": str,
        },
        pk="id",
        not_null={"table_name", "record_id", "action", "changed_at"},
    )
    db.table("revision").create_index(["table_name", "record_id"])


@migration
def m002_diary_and_visit_records(db: Database) -> None:
    db.table("diary_entry").create(
        {
            "id": str,
            "at": str,  # ISO 8601 local time with its UTC offset, exactly as recorded
            "at_utc": str,  # the same instant in UTC, for ordering across offsets
            "local_date": str,  # the entry's own local date, for day counts and filters
            "by_name": str,
            "note": str,
            "other_text": str,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"at", "at_utc", "local_date", "by_name"},
    )
    # Covering indexes: the diary view lists ids in time order and its authors without reading rows.
    db.table("diary_entry").create_index(["deleted_at", "at_utc", "id"])
    db.table("diary_entry").create_index(["deleted_at", "local_date", "at_utc", "id"])
    db.table("diary_entry").create_index(["deleted_at", "by_name", "at_utc"])
    db.table("diary_symptom").create(
        {"entry_id": str, "code": str, "severity": int},
        pk=("entry_id", "code"),
        not_null={"entry_id", "code", "severity"},
        foreign_keys=[("entry_id", "diary_entry", "id")],
    )
    db.table("diary_symptom").create_index(["code", "entry_id"])
    db.table("alsfrs").create(
        {
            "id": str,
            "rated_on": str,
            **{f"item{n}": int for n in range(1, 13)},
            "item5_form": str,
            "rated_by": str,
            "note": str,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"rated_on", "item5_form"},
    )
    db.table("alsfrs").create_index(["deleted_at", "rated_on"])
    db.table("measurement").create(
        {
            "id": str,
            "measured_on": str,
            "kind": str,
            "value": float,
            "unit": str,
            "note": str,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"measured_on", "kind", "value"},
    )
    db.table("measurement").create_index(["deleted_at", "kind", "measured_on"])
    db.table("medication").create(
        {
            "id": str,
            "name": str,
            "dose": str,
            "since": str,
            "stopped": str,
            "note": str,
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"name"},
    )
    db.table("question").create(
        {"id": str, "text": str, "created_on": str, "asked_on": str, **_RECORD_TIMES},
        pk="id",
        not_null={"text", "created_on"},
    )
    # A red flag the user has seen: acknowledged, and perhaps "known to my care team".
    db.table("red_flag_ack").create(
        {
            "id": str,
            "entry_id": str,
            "rule": str,
            "acknowledged_at": str,
            "known_to_team": int,
            "severities": str,  # JSON {code: severity} of the symptoms that raised it
            **_RECORD_TIMES,
        },
        pk="id",
        not_null={"entry_id", "rule", "acknowledged_at"},
    )
    db.table("red_flag_ack").create_index(["entry_id", "rule"], unique=True)
    # Post-dose check-ins answered or dismissed (days 1, 3 and 7 after each dose).
    db.table("checkin").create(
        {"id": str, "dose_id": str, "day": int, "status": str, "at": str, **_RECORD_TIMES},
        pk="id",
        not_null={"dose_id", "day", "status"},
    )
    db.table("checkin").create_index(["dose_id", "day"], unique=True)


@migration
def m003_backup_mirror(db: Database) -> None:
    # A second folder (another disk, a synced folder) that receives a copy of every backup.
    db.table("profile").add_column("backup_mirror", str)


@migration
def m004_reminders_and_calendar(db: Database) -> None:
    db.table("profile").add_column("reminder_days", int)  # days before a due dose to remind (null = 2)
    db.table("profile").add_column("calendar_detail", int)  # 1: name the drug and dose in calendar titles
    # Each calendar event's UID, with a SEQUENCE raised whenever its content changes, so that a
    # calendar re-importing the file updates the event instead of adding a second one.
    db.table("calendar_event").create(
        {"uid": str, "sequence": int, "fingerprint": str, "updated_at": str}, pk="uid", not_null={"sequence"}
    )
    # Reminders the user closed, so that the same one does not come back.
    db.table("reminder_dismissed").create({"key": str, "at": str}, pk="key")


@migration
def m005_text_size_and_contrast(db: Database) -> None:
    # Per patient: the needs of weak eyes differ from one person to another.
    db.table("profile").add_column("text_size", int)  # percent, 100 to 200 (null = 100)
    db.table("profile").add_column("high_contrast", int)


@migration
def m006_emergency_number(db: Database) -> None:
    # The emergency number of the country the patient lives in, as they entered it: a language
    # does not tell the country (112, 911, 999, 144 ...), so no text of the app carries one.
    db.table("profile").add_column("emergency_number", str)
