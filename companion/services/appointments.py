"""Clinic appointments of one patient: booking, changing, the outcome of a visit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable

from companion.core import texts
from companion.core.errors import InvalidInput
from companion.core.limits import check_appointment_texts
from companion.core.models import Appointment, AppointmentKind, AppointmentOutcome
from companion.i18n import _, format_date
from companion.services.common import DeletedItem
from companion.store.appointments import AppointmentRepository
from companion.store.database import Store
from companion.store.doses import DoseRepository


class AppointmentService:
    def __init__(self, store: Store, today: Callable[[], dt.date]):
        self.repo = AppointmentRepository(store)
        self._doses = DoseRepository(store)
        self._today = today

    def all(self) -> list[Appointment]:
        """Booked appointments not deleted, in date order."""
        return self.repo.all()

    def get(self, appointment_id: str) -> Appointment:
        return self.repo.get(appointment_id)

    def book(self, appointment: Appointment) -> None:
        self._check(appointment)
        self.repo.add(appointment)

    def edit(self, appointment: Appointment) -> None:
        self._check(appointment)
        self.repo.update(appointment)

    def set_outcome(self, appointment_id: str, outcome: AppointmentOutcome | None) -> None:
        self.edit(dataclasses.replace(self.repo.get(appointment_id), outcome=outcome))

    def delete(self, appointment_id: str) -> None:
        self.repo.delete(appointment_id)

    def restore(self, appointment_id: str) -> None:
        self.repo.restore(appointment_id)

    def deleted(self) -> list[tuple[Appointment, dt.datetime]]:
        return self.repo.deleted()

    def dose_missing_for(self, appointment: Appointment) -> bool:
        """True when a dose appointment is marked done but no dose is recorded on its day."""
        return (
            appointment.kind is AppointmentKind.DOSE
            and appointment.outcome is AppointmentOutcome.DONE
            and all(d.given_on != appointment.on for d in self._doses.all())
        )

    def deleted_items(self) -> list[DeletedItem]:
        return [
            DeletedItem(
                _("{what} on {date}").format(
                    what=texts.appointment_kind_name(appointment.kind), date=format_date(appointment.on)
                ),
                when,
                restore=functools.partial(self.restore, appointment.id),
                delete=functools.partial(self.delete, appointment.id),
            )
            for appointment, when in self.repo.deleted()
        ]

    def _check(self, appointment: Appointment) -> None:
        check_appointment_texts(appointment)
        if appointment.outcome is not None and appointment.on > self._today():
            raise InvalidInput(_("An appointment in the future cannot have an outcome yet."))
        if appointment.for_dose is not None and appointment.for_dose < 1:
            raise InvalidInput(_("The dose number must be 1 or more."))
