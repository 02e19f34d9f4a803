"""Record a dose that was given, or edit one."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMessageBox, QSpinBox, QWidget

from companion.core.errors import InvalidInput
from companion.core.models import DoseRecord
from companion.core.schedule import NumberedDose
from companion.i18n import _, format_date, format_number
from companion.ui.dialogs.forms import _FormDialog, _line, _note, _OptionalTime
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, named


class DoseDialog(_FormDialog):
    """Record a dose that was given, or edit one."""

    def __init__(
        self,
        session: PatientSession,
        existing: DoseRecord | None = None,
        parent: QWidget | None = None,
        initial: DoseRecord | None = None,
    ):
        super().__init__(_("Edit a dose") if existing else _("Record a dose given"), parent)
        self.session = session
        self.existing = existing
        self.saved: NumberedDose | None = None  # the dose as saved, once it is
        today = session.records.today()
        record = existing or initial or DoseRecord(given_on=today)
        self.date = DateField(record.given_on, _("Date given"))
        self.date.set_latest(today)
        self.time = _OptionalTime(record.given_at, _("Time given"))
        self.number_known = QCheckBox(_("Set the dose number myself"))
        named(
            self.number_known,
            _("Set the dose number myself"),
            _("Leave this off to number doses in date order."),
        )
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.number.setValue(record.number or 1)
        named(self.number, _("Dose number"))
        self.number_known.setChecked(record.number is not None)
        self.number.setEnabled(record.number is not None)
        self.number_known.toggled.connect(self.number.setEnabled)
        number_row_widget = QWidget()
        number_row = QHBoxLayout(number_row_widget)
        number_row.setContentsMargins(0, 0, 0, 0)
        number_row.addWidget(self.number_known)
        number_row.addWidget(self.number)
        number_row.addStretch()
        self.place = _line(record.place, _("Place"))
        self.given_by = _line(record.given_by, _("Given by"))
        self.csf = _line(
            format_number(record.csf_removed_ml) if record.csf_removed_ml is not None else "",
            _("Spinal fluid removed, in mL"),
        )
        self.csf.setPlaceholderText(_("for example 10"))
        self.lot = _line(record.lot, _("Lot number"))
        self.note = _note(record.note, _("Note"))
        self.form.addRow(_("&Date given"), self.date)
        self.form.addRow(_("Time"), self.time)
        self.form.addRow(_("Dose number"), number_row_widget)
        self.form.addRow(_("&Place"), self.place)
        self.form.addRow(_("Given &by"), self.given_by)
        self.form.addRow(_("Spinal fluid removed (mL)"), self.csf)
        self.form.addRow(_("&Lot number"), self.lot)
        self.form.addRow(_("Not&e"), self.note)
        self.date.setFocus()

    def record(self) -> DoseRecord:
        csf_text = self.csf.text().strip().replace(",", ".")
        try:
            csf = float(csf_text) if csf_text else None
        except ValueError:
            raise InvalidInput(
                _("“{text}” is not a number of millilitres.").format(text=self.csf.text())
            ) from None
        values: dict[str, Any] = {
            "given_on": self.date.date_value(),
            "given_at": self.time.value(),
            "number": self.number.value() if self.number_known.isChecked() else None,
            "place": self.place.text().strip(),
            "given_by": self.given_by.text().strip(),
            "csf_removed_ml": csf,
            "lot": self.lot.text().strip(),
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return DoseRecord(**values)

    def save(self) -> bool:
        checked = self.session.check_dose(self.record())  # the one check of this dose
        if checked.error is not None:
            raise InvalidInput(checked.error)
        if checked.too_close and not self._confirm_close(checked.too_close):
            return False
        self.saved = self.session.save_dose(checked)
        return True

    def _confirm_close(self, others: Sequence[DoseRecord]) -> bool:
        from companion.ui.dialogs.question import ask

        dates = ", ".join(format_date(o.given_on) for o in others)
        text = _(
            "Another dose is recorded on {dates}, less than 10 days away. "
            "Two doses so close together are usually a typing slip."
        ).format(dates=dates)
        return ask(
            self,
            _("Check the date"),
            text,
            _("Save anyway"),
            _("Go back and check"),
            informative=_("Save this dose anyway?"),
            act_role=QMessageBox.ButtonRole.AcceptRole,
        )
