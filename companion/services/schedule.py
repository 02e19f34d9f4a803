"""When the next doses are due, from the label's rules (core) applied to what was recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from companion.core import schedule as rules
from companion.core.schedule import DueState, NextDoseStatus, ScheduledDose, ScheduleLine
from companion.services.alsfrs import AlsfrsService
from companion.store.appointments import AppointmentRepository
from companion.store.database import Store
from companion.store.doses import DoseRepository
from companion.store.profile import ProfileRepository

RATING_SUGGESTION_DAYS = 3


class ScheduleService:
    def __init__(self, store: Store, today: Callable[[], dt.date], alsfrs: AlsfrsService):
        self._profile = ProfileRepository(store)
        self._doses = DoseRepository(store)
        self._appointments = AppointmentRepository(store)
        self._alsfrs = alsfrs
        self._today = today

    def upcoming(self, count: int = rules.DEFAULT_COUNT) -> list[ScheduledDose]:
        """The next ``count`` doses with their due dates (none while treatment is paused or stopped)."""
        return rules.schedule_for(self._profile.get(), self._doses.all(), self._today(), count)

    def next_dose(self, count: int = rules.DEFAULT_COUNT) -> tuple[NextDoseStatus, list[ScheduleLine]]:
        """What the home screen says about the next dose, and the lines of the coming doses."""
        return rules.next_dose_status(
            self._profile.get(), self._doses.all(), self._appointments.all(), self._today(), count
        )

    def upcoming_dose_numbers(self) -> list[int]:
        """Dose numbers an appointment can be booked for."""
        return [d.number for d in self.upcoming()]

    def rating_suggested(self) -> bool:
        """Suggest an ALSFRS-R self-rating when the next dose is due within 3 days (or overdue)
        and none was made since the last dose. Only a suggestion: it is never required."""
        status, lines = self.next_dose(1)
        if status.state in (DueState.PAUSED, DueState.STOPPED, DueState.NOTHING_KNOWN) or not lines:
            return False
        if (lines[0].dose.due_on - self._today()).days > RATING_SUGGESTION_DAYS:
            return False
        doses = self._doses.all()
        since = max(d.given_on for d in doses) if doses else None
        return not self._alsfrs.ratings(start=since)
