"""Add another medicine, or edit one (e.g. to record that it was stopped)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QWidget

from companion.core.models import Medication
from companion.i18n import _
from companion.ui.dialogs.forms import _FormDialog, _line, _note
from companion.ui.session import PatientSession
from companion.ui.visit.changes import VisitChanges
from companion.ui.visit.fields import _OptionalDate


class MedicationDialog(_FormDialog):
    """Add another medicine, or edit one (e.g. to record that it was stopped)."""

    def __init__(
        self, session: PatientSession, existing: Medication | None = None, parent: QWidget | None = None
    ):
        super().__init__(_("Edit a medicine") if existing else _("Add a medicine"), parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.existing = existing
        self.saved_id: str | None = None
        today = session.records.today()
        med = existing or Medication(name="")
        self.name = _line(med.name, _("Name of the medicine"))
        self.dose = _line(med.dose, _("Dose and how often"))
        self.dose.setPlaceholderText(_("for example 50 mg twice a day"))
        self.since = _OptionalDate(med.since, _("I know when I started"), _("Taking it since"), today)
        self.stopped = _OptionalDate(med.stopped, _("I have stopped taking it"), _("Stopped on"), today)
        self.note = _note(med.note, _("Note"))
        self.form.addRow(_("&Name"), self.name)
        self.form.addRow(_("D&ose"), self.dose)
        self.form.addRow(_("Since"), self.since)
        self.form.addRow(_("Stopped"), self.stopped)
        self.form.addRow(_("No&te"), self.note)
        self.name.setFocus()

    def medication(self) -> Medication:
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "dose": self.dose.text().strip(),
            "since": self.since.value(),
            "stopped": self.stopped.value(),
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return Medication(**values)

    def save(self) -> bool:
        med = self.medication()
        if self.existing is None:
            self.changes.add_medication(med)
        else:
            self.changes.edit_medication(med)
        self.saved_id = med.id
        return True
