"""The database schema, built only through migrations (sqlite-utils ``Migrations``).

Add a new migration at the end for every change; never edit one that has shipped. A database that
records a migration this version does not know was written by a newer version and is refused.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "tofersen_companion"
migrations = Migrations(MIGRATION_SET)
KNOWN_MIGRATIONS: list[str] = []


def migration(fn):
    """Register ``fn`` as the next migration of the set."""
    KNOWN_MIGRATIONS.append(fn.__name__)
    return migrations()(fn)


_RECORD_TIMES = {"created_at": str, "updated_at": str, "deleted_at": str}


@migration
def m001_initial(db: Database) -> None:
    db["profile"].create(
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
    db["dose"].create(
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
    db["dose"].create_index(["deleted_at", "given_on"])
    db["appointment"].create(
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
    db["appointment"].create_index(["deleted_at", "on_date"])
    # Every edit and delete keeps the previous version of the record, so nothing is ever lost.
    db["revision"].create(
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
    db["revision"].create_index(["table_name", "record_id"])
