"""Book an appointment, edit it, or record its outcome."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from companion.core import texts
from companion.core.models import Appointment, AppointmentKind, AppointmentOutcome
from companion.i18n import _
from companion.ui.dialogs.forms import _FormDialog, _line, _note, _OptionalTime
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, named


class AppointmentDialog(_FormDialog):
    """Book an appointment, edit it, or record its outcome."""

    def __init__(
        self,
        session: PatientSession,
        existing: Appointment | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(_("Edit an appointment") if existing else _("Book an appointment"), parent)
        self.session = session
        self.existing = existing
        today = session.records.today()
        appointment = existing or Appointment(on=today)
        self.kind = QComboBox()
        for kind in AppointmentKind:
            self.kind.addItem(texts.appointment_kind_name(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(appointment.kind.value))
        named(self.kind, _("What the appointment is for"))
        self.date = DateField(appointment.on, _("Appointment date"))
        self.time = _OptionalTime(appointment.at, _("Appointment time"))
        self.for_dose = QComboBox()
        named(self.for_dose, _("Which dose"))
        self.for_dose.addItem(_("The next due dose"), None)
        numbers = session.records.schedule.upcoming_dose_numbers()
        if appointment.for_dose is not None and appointment.for_dose not in numbers:
            numbers = [appointment.for_dose, *numbers]
        for number in numbers:
            self.for_dose.addItem(_("Dose {number}").format(number=number), number)
        self.for_dose.setCurrentIndex(max(0, self.for_dose.findData(appointment.for_dose)))
        self.place = _line(appointment.place, _("Place"))
        self.outcome = QComboBox()
        named(self.outcome, _("Outcome"))
        self.outcome.addItem(_("Booked (not happened yet)"), None)
        for outcome in AppointmentOutcome:
            self.outcome.addItem(texts.capitalised(texts.outcome_name(outcome)), outcome.value)
        if appointment.outcome is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(appointment.outcome.value))
        self.note = _note(appointment.note, _("Note"))
        self.form.addRow(_("&What"), self.kind)
        self.form.addRow(_("Da&te"), self.date)
        self.form.addRow(_("Time"), self.time)
        self.form.addRow(_("For &dose"), self.for_dose)
        self.form.addRow(_("&Place"), self.place)
        self.form.addRow(_("&Outcome"), self.outcome)
        hint = QLabel(
            _(
                "If the lumbar puncture was attempted but the dose could not be given, "
                "choose “attempted, not given”: it is not counted as a dose."
            )
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.form.addRow(_("Not&e"), self.note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.for_dose.setEnabled(self._kind() is AppointmentKind.DOSE)

    def _kind(self) -> AppointmentKind:
        # Qt hands enum members back as plain strings.
        return AppointmentKind(self.kind.currentData())

    def appointment(self) -> Appointment:
        kind = self._kind()
        outcome = self.outcome.currentData()
        values: dict[str, Any] = {
            "kind": kind,
            "on": self.date.date_value(),
            "at": self.time.value(),
            "for_dose": self.for_dose.currentData() if kind is AppointmentKind.DOSE else None,
            "place": self.place.text().strip(),
            "outcome": AppointmentOutcome(outcome) if outcome else None,
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return Appointment(**values)

    def save(self) -> bool:
        appointment = self.appointment()
        if self.existing is None:
            self.session.book_appointment(appointment)
        else:
            self.session.edit_appointment(appointment)
        return True
