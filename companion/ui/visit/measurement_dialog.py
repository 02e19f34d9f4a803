"""Add a weight or a clinic value, or edit one."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from companion.core import visit as rules
from companion.core.models import Measurement, MeasurementKind
from companion.i18n import _, format_number
from companion.ui.dialogs.forms import _FormDialog, _line, _note
from companion.ui.session import PatientSession
from companion.ui.visit.changes import VisitChanges
from companion.ui.visit.fields import _hint
from companion.ui.widgets import DateField, named


class MeasurementDialog(_FormDialog):
    """Add a weight or a clinic value, or edit one."""

    def __init__(
        self,
        session: PatientSession,
        existing: Measurement | None = None,
        parent: QWidget | None = None,
        kind: MeasurementKind = MeasurementKind.WEIGHT,
    ):
        super().__init__(_("Edit a measurement") if existing else _("Add a measurement"), parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.existing = existing
        self.saved_id: str | None = None
        today = session.records.today()
        self.kind = QComboBox()
        self.kind.setMinimumHeight(40)
        for k in MeasurementKind:
            self.kind.addItem(rules.kind_name(k), k.value)
        self.kind.setCurrentIndex(self.kind.findData((existing.kind if existing else kind).value))
        named(self.kind, _("What was measured"))
        self.value = _line(format_number(existing.value) if existing else "", _("Value"))
        self.value.setMaximumWidth(200)
        self.unit = QLabel()
        value_row_widget = QWidget()
        value_row = QHBoxLayout(value_row_widget)
        value_row.setContentsMargins(0, 0, 0, 0)
        value_row.addWidget(self.value)
        value_row.addWidget(self.unit)
        value_row.addStretch()
        self.hint = _hint("")
        self.date = DateField(existing.measured_on if existing else today, _("Date measured"))
        self.date.set_latest(today)
        self.date.setMinimumHeight(36)
        self.note = _note(existing.note if existing else "", _("Note"))
        self.form.addRow(_("&What"), self.kind)
        self.form.addRow(_("&Value"), value_row_widget)
        self.form.addRow("", self.hint)
        self.form.addRow(_("Da&te"), self.date)
        self.form.addRow(_("Not&e"), self.note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        (self.value if existing else self.kind).setFocus()

    def _kind(self) -> MeasurementKind:
        return MeasurementKind(self.kind.currentData())

    def _kind_changed(self, *args) -> None:
        kind = self._kind()
        self.unit.setText(rules.unit_text(kind))
        self.hint.setText(rules.kind_hint(kind))
        self.value.setAccessibleName(_("Value in {unit}").format(unit=rules.unit_text(kind)))
        self.value.setAccessibleDescription(rules.kind_hint(kind))

    def measurement(self) -> Measurement:
        values: dict[str, Any] = {
            "kind": self._kind(),
            "value": rules.parse_value(self.value.text()),
            "measured_on": self.date.date_value(),
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return Measurement(**values)

    def save(self) -> bool:
        m = self.measurement()
        if self.existing is None:
            self.changes.add_measurement(m)
        else:
            self.changes.edit_measurement(m)
        self.saved_id = m.id
        return True
