"""What the window and the command line ask of one patient's records.

Joins the store (what was saved) with the core rules (what it means). Neither Qt nor SQL here:
the UI and the CLI call these methods, and get core objects back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path

from companion.core import dates, texts
from companion.core import schedule as rules
from companion.core.errors import InvalidInput
from companion.core.limits import check_appointment_texts, check_dose_texts
from companion.core.models import Appointment, AppointmentKind, AppointmentOutcome, DoseRecord, Profile
from companion.core.schedule import (
    DueState,
    NextDoseStatus,
    NumberedDose,
    ScheduledDose,
    ScheduleLine,
)
from companion.i18n import _, format_date
from companion.services.alsfrs import AlsfrsService
from companion.services.common import DeletedItem
from companion.services.diary import DiaryService
from companion.services.visit import VisitNotesService
from companion.store.backups import BackupInfo, backup_folder, backup_if_changed, list_backups
from companion.store.database import Store

RATING_SUGGESTION_DAYS = 3


class PatientRecords:
    """One patient's records and the rules applied to them."""

    def __init__(self, store: Store, today: Callable[[], dt.date] = dates.today):
        self.store = store
        self._today = today
        self.alsfrs = AlsfrsService(store, today)
        self.visit = VisitNotesService(store, today)
        self.diary = DiaryService(store, today, store.doses)

    @classmethod
    def open(cls, folder: Path | str, today: Callable[[], dt.date] = dates.today) -> PatientRecords:
        return cls(Store(folder), today)

    def close(self) -> None:
        self.store.close()

    def today(self) -> dt.date:
        return self._today()

    # --- backups ----------------------------------------------------------------------------

    def backup_mirror(self) -> Path | None:
        """The second folder that receives a copy of every backup, if the user chose one."""
        mirror = self.profile().backup_mirror
        return Path(mirror) if mirror else None

    def backup_now(self, mirror: bool = True) -> Path:
        """A backup of the data now; with ``mirror``, copied to the second folder too."""
        return self.store.backup("manual", self.backup_mirror() if mirror else None)

    @property
    def folder(self) -> Path:
        """This patient's data folder."""
        return self.store.folder

    def is_empty(self) -> bool:
        """True when nothing has been recorded for this patient yet."""
        return self.store.is_empty()

    def backup_at_start(self) -> Path | None:
        """A backup when the data changed since the last one."""
        return backup_if_changed(self.store, self.backup_mirror())

    def backups(self) -> list[BackupInfo]:
        """The backups in the data folder, newest first."""
        return list_backups(backup_folder(self.store.folder))

    # --- profile ----------------------------------------------------------------------------

    def profile(self) -> Profile:
        return self.store.profile()

    def update_profile(self, **changes) -> Profile:
        """Change some profile fields and save; returns the new profile."""
        profile = dataclasses.replace(self.store.profile(), **changes)
        self.store.save_profile(profile)
        return profile

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
            self.record_dose(recent_dose)
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
        self.update_profile(**changes)

    def needs_setup(self) -> bool:
        """True on a first start: nothing recorded, nothing planned, the welcome not yet done."""
        profile = self.profile()
        return not profile.onboarding_done and not self.store.doses() and profile.planned_first_dose is None

    # --- doses ------------------------------------------------------------------------------

    def dose_history(self) -> list[NumberedDose]:
        """Every recorded dose, numbered, oldest first."""
        return rules.number_doses(self.store.doses())

    def check_dose(self, record: DoseRecord) -> list[DoseRecord]:
        """Validate a dose before saving it (raises InvalidInput) and return the recorded doses
        less than 10 days from it, which the user should confirm."""
        existing = self.store.doses()
        rules.validate_dose(record, existing, self.today())
        check_dose_texts(record)
        return rules.doses_too_close(record, existing)

    def record_dose(self, record: DoseRecord) -> NumberedDose:
        """Save a newly given dose (after validating it) and return it numbered. The same-day
        check runs again inside the insert's transaction: of two processes adding a dose on one
        day at once, one stores it and the other is refused."""
        self.check_dose(record)
        same_day = lambda existing: rules.validate_dose(record, existing, self.today())  # noqa: E731
        self.store.add_dose(record, check=same_day)
        return self._numbered(record.id)

    def edit_dose(self, record: DoseRecord) -> NumberedDose:
        self.check_dose(record)
        self.store.update_dose(record)
        return self._numbered(record.id)

    def delete_dose(self, dose_id: str) -> None:
        self.store.delete_dose(dose_id)

    def restore_dose(self, dose_id: str) -> None:
        """Bring back a deleted dose; refused when another dose now holds its day."""
        record = self.store.dose(dose_id)
        if any(d.given_on == record.given_on for d in self.store.doses()):
            raise InvalidInput(
                _("A dose is already recorded on that day. Edit that dose instead of adding another.")
            )
        self.store.restore_dose(dose_id)

    def deleted_items(self) -> list[DeletedItem]:
        """Everything deleted and not yet restored, most recently deleted first."""
        items = [
            DeletedItem(
                _("Dose given on {date}").format(date=format_date(record.given_on)),
                when,
                restore=functools.partial(self.restore_dose, record.id),
                delete=functools.partial(self.delete_dose, record.id),
            )
            for record, when in self.store.deleted_doses()
        ]
        items += [
            DeletedItem(
                _("{what} on {date}").format(
                    what=texts.appointment_kind_name(appointment.kind), date=format_date(appointment.on)
                ),
                when,
                restore=functools.partial(self.restore_appointment, appointment.id),
                delete=functools.partial(self.delete_appointment, appointment.id),
            )
            for appointment, when in self.store.deleted_appointments()
        ]
        items += self.diary.deleted_items()
        items += self.alsfrs.deleted_items()
        items += self.visit.deleted_items()
        return sorted(items, key=lambda item: item.deleted_at, reverse=True)

    def deleted_doses(self) -> list[tuple[DoseRecord, dt.datetime]]:
        return self.store.deleted_doses()

    def dose(self, dose_id: str) -> DoseRecord:
        return self.store.dose(dose_id)

    def _numbered(self, dose_id: str) -> NumberedDose:
        return next(d for d in self.dose_history() if d.record.id == dose_id)

    # --- schedule ---------------------------------------------------------------------------

    def schedule(self, count: int = rules.DEFAULT_COUNT) -> list[ScheduledDose]:
        return rules.schedule_for(self.store.profile(), self.store.doses(), self.today(), count)

    def next_dose(self, count: int = rules.DEFAULT_COUNT) -> tuple[NextDoseStatus, list[ScheduleLine]]:
        return rules.next_dose_status(
            self.store.profile(), self.store.doses(), self.store.appointments(), self.today(), count
        )

    def rating_suggested(self) -> bool:
        """Suggest an ALSFRS-R self-rating when the next dose is due within 3 days (or overdue)
        and none was made since the last dose. Only a suggestion: it is never required."""
        status, lines = self.next_dose(1)
        if status.state in (DueState.PAUSED, DueState.STOPPED, DueState.NOTHING_KNOWN) or not lines:
            return False
        if (lines[0].dose.due_on - self.today()).days > RATING_SUGGESTION_DAYS:
            return False
        doses = self.store.doses()
        since = max(d.given_on for d in doses) if doses else None
        return not self.alsfrs.ratings(start=since)

    def upcoming_dose_numbers(self) -> list[int]:
        """Dose numbers an appointment can be booked for."""
        return [d.number for d in self.schedule()]

    # --- appointments -----------------------------------------------------------------------

    def appointments(self) -> list[Appointment]:
        return self.store.appointments()

    def appointment(self, appointment_id: str) -> Appointment:
        return self.store.appointment(appointment_id)

    def book_appointment(self, appointment: Appointment) -> None:
        self._check_appointment(appointment)
        self.store.add_appointment(appointment)

    def edit_appointment(self, appointment: Appointment) -> None:
        self._check_appointment(appointment)
        self.store.update_appointment(appointment)

    def set_outcome(self, appointment_id: str, outcome: AppointmentOutcome | None) -> None:
        appointment = self.store.appointment(appointment_id)
        self.edit_appointment(dataclasses.replace(appointment, outcome=outcome))

    def delete_appointment(self, appointment_id: str) -> None:
        self.store.delete_appointment(appointment_id)

    def restore_appointment(self, appointment_id: str) -> None:
        self.store.restore_appointment(appointment_id)

    def dose_missing_for(self, appointment: Appointment) -> bool:
        """True when a dose appointment is marked done but no dose is recorded on its day."""
        return (
            appointment.kind is AppointmentKind.DOSE
            and appointment.outcome is AppointmentOutcome.DONE
            and all(d.given_on != appointment.on for d in self.store.doses())
        )

    def deleted_appointments(self) -> list[tuple[Appointment, dt.datetime]]:
        return self.store.deleted_appointments()

    def _check_appointment(self, appointment: Appointment) -> None:
        check_appointment_texts(appointment)
        if appointment.outcome is not None and appointment.on > self.today():
            raise InvalidInput(_("An appointment in the future cannot have an outcome yet."))
        if appointment.for_dose is not None and appointment.for_dose < 1:
            raise InvalidInput(_("The dose number must be 1 or more."))
