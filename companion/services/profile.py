"""The patient's profile and settings, and the first start."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from companion.core.models import DoseRecord, Profile
from companion.services.doses import DoseService
from companion.store.database import Store
from companion.store.profile import ProfileRepository


class ProfileService:
    def __init__(self, store: Store, doses: DoseService):
        self.repo = ProfileRepository(store)
        self._doses = doses

    def get(self) -> Profile:
        return self.repo.get()

    def update(self, **changes) -> Profile:
        """Change some profile fields and save; returns the new profile."""
        profile = dataclasses.replace(self.repo.get(), **changes)
        self.repo.save(profile)
        return profile

    def patient_id(self) -> str:
        """The profile's UUID, the same for the life of the records."""
        return self.repo.patient_id()

    def backup_mirror(self) -> Path | None:
        """The second folder that receives a copy of every backup, if the user chose one."""
        mirror = self.repo.get().backup_mirror
        return Path(mirror) if mirror else None

    def needs_setup(self) -> bool:
        """True on a first start: nothing recorded, nothing planned, the welcome not yet done."""
        profile = self.repo.get()
        return not profile.onboarding_done and not self._doses.all() and profile.planned_first_dose is None

    def complete_setup(
        self,
        *,
        recent_dose: DoseRecord | None = None,
        planned_first_dose: dt.date | None = None,
        care_team_name: str = "",
        care_team_phone: str = "",
        care_team_out_of_hours: str = "",
    ) -> None:
        """First start: record the most recent dose (with the number the user gave) or the planned
        first dose, and the care team's numbers, which may be left for later."""
        if recent_dose is not None:
            self._doses.record(recent_dose)
        changes: dict = {"onboarding_done": True}
        if planned_first_dose is not None and recent_dose is None:
            changes["planned_first_dose"] = planned_first_dose
        care_team = {
            "care_team_name": care_team_name.strip(),
            "care_team_phone": care_team_phone.strip(),
            "care_team_out_of_hours": care_team_out_of_hours.strip(),
        }
        changes.update({k: v for k, v in care_team.items() if v})
        changes["care_team_asked"] = any(care_team.values())
        self.update(**changes)
