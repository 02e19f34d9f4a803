"""The first-start welcome: the most recent (or planned first) dose, the care team, and the
emergency number where the patient lives."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import InvalidInput
from companion.core.models import DoseRecord
from companion.i18n import _
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, ErrorLine, big_button, emergency_number_hint, named, with_hint

MAINTENANCE = "maintenance"


class SetupPanel(QWidget):
    """Asks what the schedule needs to start; ``done`` is emitted once it is saved."""

    done = Signal()

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        today = session.records.today()
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        title = QLabel(_("Welcome to Tofersen Companion"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        intro = QLabel(
            _(
                "Tell us about your tofersen doses, and the app shows when the next one is due. "
                "Everything stays on this computer."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        dose_box = QGroupBox(_("Your doses"))
        dose_form = QFormLayout(dose_box)
        self.had_doses = QRadioButton(_("I have had tofersen doses"))
        self.planned = QRadioButton(_("My first dose is planned"))
        for button in (self.had_doses, self.planned):
            button.setMinimumHeight(36)
            named(button, button.text())
        group = QButtonGroup(self)
        group.addButton(self.had_doses)
        group.addButton(self.planned)
        self.had_doses.setChecked(True)
        choice = QVBoxLayout()
        choice.addWidget(self.had_doses)
        choice.addWidget(self.planned)
        dose_form.addRow(choice)
        self.date_label = QLabel()
        self.date = DateField(today, _("Date of the most recent dose"))
        dose_form.addRow(self.date_label, self.date)
        self.which_label = QLabel(_("Which dose was it?"))
        self.which = QComboBox()
        self.which.addItem(_("Dose 1 (first loading dose)"), 1)
        self.which.addItem(_("Dose 2 (second loading dose)"), 2)
        self.which.addItem(_("Dose 3 (last loading dose)"), 3)
        self.which.addItem(_("A maintenance dose (dose 4 or later)"), MAINTENANCE)
        named(self.which, _("Which dose was it?"))
        self.maintenance_number = QSpinBox()
        self.maintenance_number.setRange(4, 999)
        self.maintenance_number.setPrefix(_("Dose number "))
        named(self.maintenance_number, _("Maintenance dose number"))
        which_row = QHBoxLayout()
        which_row.addWidget(self.which)
        which_row.addWidget(self.maintenance_number)
        dose_form.addRow(self.which_label, which_row)
        layout.addWidget(dose_box)

        team_box = QGroupBox(_("Your care team (you can add this later)"))
        team_form = QFormLayout(team_box)
        self.team_name = QLineEdit()
        self.team_phone = QLineEdit()
        self.team_out_of_hours = QLineEdit()
        for edit, label in (
            (self.team_name, _("Clinic or care team")),
            (self.team_phone, _("Phone")),
            (self.team_out_of_hours, _("Out-of-hours phone")),
        ):
            edit.setMinimumHeight(36)
            named(edit, label)
            team_form.addRow(label, edit)
        layout.addWidget(team_box)

        # No number is suggested: a language does not tell the country (design.md §5).
        emergency_box = QGroupBox(_("In an emergency (you can add this later)"))
        emergency_form = QFormLayout(emergency_box)
        self.emergency_number = QLineEdit()
        self.emergency_number.setMinimumHeight(36)
        named(self.emergency_number, _("Emergency number"))
        emergency_row = with_hint(self.emergency_number, emergency_number_hint())
        emergency_form.addRow(_("Emergency number"), emergency_row)
        layout.addWidget(emergency_box)

        self.error = ErrorLine()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.save_button = big_button(_("&Save and show my schedule"))
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()

        self.had_doses.toggled.connect(self._update)
        self.which.currentIndexChanged.connect(self._update)
        self.save_button.clicked.connect(self.save)
        self._update()

    def _update(self) -> None:
        had = self.had_doses.isChecked()
        self.date_label.setText(
            _("Date of the most recent dose") if had else _("Date of the planned first dose")
        )
        self.date.setAccessibleName(self.date_label.text())
        self.which_label.setVisible(had)
        self.which.setVisible(had)
        self.maintenance_number.setVisible(had and self.which.currentData() == MAINTENANCE)

    def dose_number(self) -> int:
        choice = self.which.currentData()
        return self.maintenance_number.value() if choice == MAINTENANCE else int(choice)

    def save(self) -> None:
        details = {
            "care_team_name": self.team_name.text(),
            "care_team_phone": self.team_phone.text(),
            "care_team_out_of_hours": self.team_out_of_hours.text(),
            "emergency_number": self.emergency_number.text(),
        }
        try:
            if self.had_doses.isChecked():
                dose = DoseRecord(given_on=self.date.date_value(), number=self.dose_number())
                self.session.complete_setup(recent_dose=dose, **details)
            else:
                self.session.complete_setup(planned_first_dose=self.date.date_value(), **details)
        except InvalidInput as exc:
            self.error.show_message(str(exc))
            return
        self.error.show_message("")
        self.done.emit()
