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
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core import dates
from companion.services.alsfrs import AlsfrsService
from companion.services.appointments import AppointmentService
from companion.services.backups import BackupService
from companion.services.common import DeletedItem
from companion.services.diary import DiaryService
from companion.services.doses import DoseService
from companion.services.profile import ProfileService
from companion.services.schedule import ScheduleService
from companion.services.visit import VisitNotesService
from companion.store.database import Store
from companion.store.opening import open_store

if TYPE_CHECKING:
    from companion.services.calendar import CalendarService
    from companion.services.exchange import ExchangeService
    from companion.services.report import ReportService


class PatientRecords:
    """One patient's records: ``doses``, ``appointments``, ``profile``, ``schedule``, ``diary``,
    ``alsfrs``, ``visit``, ``backups``; and, built when first used (their modules add to the
    start otherwise), ``calendar``, ``exchange`` and ``report``."""

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
        self.backups = BackupService(store, self.profile)

    @cached_property
    def calendar(self) -> CalendarService:
        from companion.services.calendar import CalendarService

        return CalendarService(self.store, self._today, self.profile, self.schedule, self.appointments)

    @cached_property
    def exchange(self) -> ExchangeService:
        from companion.services.exchange import ExchangeService

        return ExchangeService(self)

    @cached_property
    def report(self) -> ReportService:
        from companion.services.report import ReportService

        return ReportService(self)

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
