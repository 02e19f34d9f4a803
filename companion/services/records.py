"""One patient's records, as the window and the command line reach them: a thin root that opens
the store and hands out one service per record kind.

    records = PatientRecords.open(folder)
    checked = records.doses.check(dose)      # the one check: an error, or doses too close
    records.doses.save(checked)              # save it, numbered
    records.schedule.next_dose()             # what the home screen says
    records.diary.add(entry)

Services join the store (what was saved) with the core rules (what it means): neither Qt nor SQL
here, and the callers get core objects back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from companion.core import dates
from companion.services.alsfrs import AlsfrsService
from companion.services.appointments import AppointmentService
from companion.services.backups import BackupService
from companion.services.calendar import CalendarService
from companion.services.common import DeletedItem
from companion.services.diary import DiaryService
from companion.services.doses import DoseService
from companion.services.exchange import ExchangeService
from companion.services.profile import ProfileService
from companion.services.schedule import ScheduleService
from companion.services.visit import VisitNotesService
from companion.store.database import Store
from companion.store.opening import open_store


class _Transitional:
    """The calls of the old PatientRecords that ui/ still makes while its screens move to the
    services (issue 21). Deleted, with the ``__call__`` of three services, once nothing uses them."""

    doses: DoseService
    appointments: AppointmentService
    profile: ProfileService
    schedule: ScheduleService
    backups: BackupService

    def update_profile(self, **changes):
        return self.profile.update(**changes)

    def complete_setup(self, **details) -> None:
        self.profile.complete_setup(**details)

    def needs_setup(self) -> bool:
        return self.profile.needs_setup()

    def dose_history(self):
        return self.doses.history()

    def check_dose(self, record):
        checked = self.doses.check(record)
        if checked.error is not None:
            from companion.core.errors import InvalidInput

            raise InvalidInput(checked.error)
        return list(checked.too_close)

    def record_dose(self, record):
        return self.doses.record(record)

    def edit_dose(self, record):
        return self.doses.record(record)

    def delete_dose(self, dose_id: str) -> None:
        self.doses.delete(dose_id)

    def restore_dose(self, dose_id: str) -> None:
        self.doses.restore(dose_id)

    def dose(self, dose_id: str):
        return self.doses.get(dose_id)

    def next_dose(self, count: int = 6):
        return self.schedule.next_dose(count)

    def rating_suggested(self) -> bool:
        return self.schedule.rating_suggested()

    def upcoming_dose_numbers(self) -> list[int]:
        return self.schedule.upcoming_dose_numbers()

    def appointment(self, appointment_id: str):
        return self.appointments.get(appointment_id)

    def book_appointment(self, appointment) -> None:
        self.appointments.book(appointment)

    def edit_appointment(self, appointment) -> None:
        self.appointments.edit(appointment)

    def delete_appointment(self, appointment_id: str) -> None:
        self.appointments.delete(appointment_id)

    def restore_appointment(self, appointment_id: str) -> None:
        self.appointments.restore(appointment_id)

    def dose_missing_for(self, appointment) -> bool:
        return self.appointments.dose_missing_for(appointment)

    def backup_now(self, mirror: bool = True):
        return self.backups.now(mirror)

    def backup_mirror(self):
        return self.profile.backup_mirror()

    def backup_at_start(self):
        return self.backups.at_start()


class PatientRecords(_Transitional):
    """One patient's records: ``doses``, ``appointments``, ``profile``, ``schedule``, ``diary``,
    ``alsfrs``, ``visit``, ``calendar``, ``exchange`` and ``backups``."""

    def __init__(self, store: Store, today: Callable[[], dt.date] = dates.today):
        self.store = store
        self._today = today
        self.doses = DoseService(store, today)
        self.appointments = AppointmentService(store, today)
        self.profile = ProfileService(store, self.doses)
        self.alsfrs = AlsfrsService(store, today)
        self.schedule = ScheduleService(store, today, self.alsfrs)
        self.visit = VisitNotesService(store, today)
        self.diary = DiaryService(store, today, self.doses.all)
        self.calendar = CalendarService(store, today, self.profile, self.schedule, self.appointments)
        self.backups = BackupService(store, self.profile)
        self.exchange = ExchangeService(self)

    @classmethod
    def open(cls, folder: Path | str, today: Callable[[], dt.date] = dates.today) -> PatientRecords:
        """Open (or create) the records in ``folder``; an older schema is backed up, then upgraded."""
        return cls(open_store(folder), today)

    def close(self) -> None:
        self.store.close()

    def today(self) -> dt.date:
        return self._today()

    @property
    def folder(self) -> Path:
        """This patient's data folder."""
        return self.store.folder

    def is_empty(self) -> bool:
        """True when nothing has been recorded for this patient yet."""
        return self.store.is_empty()

    def deleted_items(self) -> list[DeletedItem]:
        """Everything deleted and not yet restored, most recently deleted first."""
        items = [
            *self.doses.deleted_items(),
            *self.appointments.deleted_items(),
            *self.diary.deleted_items(),
            *self.alsfrs.deleted_items(),
            *self.visit.deleted_items(),
        ]
        return sorted(items, key=lambda item: item.deleted_at, reverse=True)
