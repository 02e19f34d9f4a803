"""The patient's profile and settings: one row in the ``profile`` table, the only SQL for it."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from companion.core.limits import MAX_DATE, MIN_DATE
from companion.core.models import Profile, TreatmentStatus, new_id
from companion.store import revisions
from companion.store.database import iso_date, now_utc, to_iso
from companion.store.repository import Repository

_DATES = ("birth_date", "onset_date", "status_since", "planned_first_dose")
_FLAGS = ("onboarding_done", "care_team_asked", "calendar_detail", "high_contrast")


def _row(p: Profile) -> dict:
    row = dataclasses.asdict(p)
    for key in _DATES:
        row[key] = to_iso(row[key])
    for key in _FLAGS:
        row[key] = int(row[key])
    row["treatment_status"] = p.treatment_status.value
    return row


def _profile(row: dict) -> Profile:
    values = {f.name: row.get(f.name) for f in dataclasses.fields(Profile)}
    for key in _DATES:
        values[key] = iso_date(values[key])
    planned = values["planned_first_dose"]
    if planned is not None and not MIN_DATE <= planned <= MAX_DATE:
        values["planned_first_dose"] = None  # out of the app's dates: it would break the schedule
    for key in _FLAGS:
        values[key] = bool(values[key])
    values["treatment_status"] = TreatmentStatus(values["treatment_status"] or "active")
    if values["reminder_days"] is None:
        values["reminder_days"] = Profile.reminder_days
    if values["text_size"] is None:
        values["text_size"] = Profile.text_size
    for key, value in values.items():
        if value is None and key not in _DATES:
            values[key] = ""
    return Profile(**cast("dict[str, Any]", values))


class ProfileRepository(Repository):
    """The one profile of a patient's records (an empty one until something is saved)."""

    def get(self) -> Profile:
        for row in self.store.rows("SELECT * FROM profile LIMIT 1"):
            return _profile(row)
        return Profile()

    def save(self, profile: Profile) -> None:
        """Save the whole profile, keeping the previous version in ``revision``."""
        row = _row(profile)
        with self.store.write():
            existing = self.store.rows("SELECT id FROM profile LIMIT 1")
            if existing:
                row_id = existing[0]["id"]
                revisions.keep(self.store, "profile", row_id, "update")
            else:
                row_id = new_id()
            self.db.table("profile").upsert({"id": row_id, **row, "updated_at": now_utc()}, pk="id")

    def patient_id(self) -> str:
        """The profile's UUID, which stays the same for the life of the records (an empty profile
        is saved first when there is none yet)."""
        row = self.conn.execute("SELECT id FROM profile LIMIT 1").fetchone()
        if row is None:
            self.save(Profile())
            row = self.conn.execute("SELECT id FROM profile LIMIT 1").fetchone()
        return row[0]
