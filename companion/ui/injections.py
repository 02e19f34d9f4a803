"""The injections screen: doses given, and booked appointments with their outcome, each a card that
wraps (cards.py): nothing is cut at any text size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from companion.core.errors import InvalidInput
from companion.i18n import _
from companion.services.common import Change, Kind
from companion.services.files import check_output_path, write_file_atomically
from companion.ui.cards import CardView
from companion.ui.models import AppointmentTableModel, DoseTableModel
from companion.ui.session import PatientSession
from companion.ui.widgets import FlowLayout, big_button


def _cards(model, name: str) -> CardView:
    view = CardView(name)
    view.setModel(model)
    return view


class InjectionsScreen(QWidget):
    """Doses and appointments; every change can be undone."""

    record_dose_requested = Signal()
    edit_dose_requested = Signal(str)
    book_requested = Signal()
    edit_appointment_requested = Signal(str)
    recently_deleted_requested = Signal()
    message = Signal(str)  # something to tell the user, e.g. how to undo

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)

        title = QLabel(_("Doses given"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        dose_buttons = FlowLayout()  # wraps instead of squeezing long labels (other languages, big text)
        # Translators: “&” marks the Alt letter (mnemonic) of the next letter. Alt letters must
        # differ within one screen (the page buttons, the top bar and the page; or one dialog),
        # else Alt+letter only moves the focus; tests/test_mnemonics.py checks every language.
        self.record_button = big_button(_("&Record a dose given"))
        self.record_button.setObjectName("primaryButton")
        self.edit_dose_button = big_button(_("Edit do&se"), _("Edit the dose chosen in the list"))
        self.delete_dose_button = big_button(_("De&lete dose"), _("Delete the dose chosen in the list"))
        self.deleted_button = big_button(_("Recently dele&ted"))
        for button in (
            self.record_button,
            self.edit_dose_button,
            self.delete_dose_button,
            self.deleted_button,
        ):
            dose_buttons.addWidget(button)
        layout.addLayout(dose_buttons)
        self.dose_model = DoseTableModel(self)
        self.dose_table = _cards(self.dose_model, _("Doses given"))
        layout.addWidget(self.dose_table, 3)
        self.empty_doses = QLabel(_("No dose recorded yet."))
        layout.addWidget(self.empty_doses)

        appointments_title = QLabel(_("Appointments"))
        appointments_title.setObjectName("sectionTitle")
        appointments_title.setWordWrap(True)
        layout.addWidget(appointments_title)
        appointment_buttons = FlowLayout()
        self.book_button = big_button(_("&Book an appointment"))
        self.edit_appointment_button = big_button(
            _("Edit appointment or &outcome"),
            _("Edit the appointment chosen in the list, or record how it went"),
        )
        self.delete_appointment_button = big_button(
            _("Delete a&ppointment"), _("Delete the appointment chosen in the list")
        )
        self.calendar_button = big_button(
            _("Add to my &calendar…"), _("Save the coming doses and appointments as a calendar file")
        )
        for button in (
            self.book_button,
            self.edit_appointment_button,
            self.delete_appointment_button,
            self.calendar_button,
        ):
            appointment_buttons.addWidget(button)
        layout.addLayout(appointment_buttons)
        self.appointment_model = AppointmentTableModel(self)
        self.appointment_table = _cards(self.appointment_model, _("Appointments"))
        layout.addWidget(self.appointment_table, 2)

        self.record_button.clicked.connect(self.record_dose_requested)
        self.edit_dose_button.clicked.connect(self._edit_dose)
        self.delete_dose_button.clicked.connect(self._delete_dose)
        self.dose_table.activated.connect(lambda _index: self._edit_dose())
        self.book_button.clicked.connect(self.book_requested)
        self.edit_appointment_button.clicked.connect(self._edit_appointment)
        self.delete_appointment_button.clicked.connect(self._delete_appointment)
        self.appointment_table.activated.connect(lambda _index: self._edit_appointment())
        self.calendar_button.clicked.connect(self._export_calendar)
        self.deleted_button.clicked.connect(self.recently_deleted_requested)
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: doses, appointments and the treatment status."""
        if change.touches(Kind.DOSE, Kind.APPOINTMENT, Kind.PROFILE):
            self.refresh()

    def refresh(self) -> None:
        records = self.session.records
        self.dose_model.set_history(records.doses.history())
        self.appointment_model.set_rows(sorted(records.appointments.all(), key=lambda a: a.on, reverse=True))
        for table, model in (
            (self.dose_table, self.dose_model),
            (self.appointment_table, self.appointment_model),
        ):
            if model.rowCount() and not table.selectionModel().hasSelection():
                table.select_row(0)
        self._update_buttons()

    def _update_buttons(self, *args) -> None:
        has_dose = self.dose_model.rowCount() > 0
        self.empty_doses.setVisible(not has_dose)
        self.edit_dose_button.setEnabled(has_dose)
        self.delete_dose_button.setEnabled(has_dose)
        has_appointment = self.appointment_model.rowCount() > 0
        self.edit_appointment_button.setEnabled(has_appointment)
        self.delete_appointment_button.setEnabled(has_appointment)

    def _selected_row(self, table: CardView) -> int | None:
        return table.selected_row()

    def select_dose(self, dose_id: str) -> None:
        """Choose the dose's card (a dose just recorded or edited), so Edit and Delete act on it."""
        for row in range(self.dose_model.rowCount()):
            if self.dose_model.row_at(row).record.id == dose_id:
                self.dose_table.select_row(row)
                return

    def selected_dose_id(self) -> str | None:
        row = self._selected_row(self.dose_table)
        return self.dose_model.row_at(row).record.id if row is not None else None

    def selected_appointment_id(self) -> str | None:
        row = self._selected_row(self.appointment_table)
        return self.appointment_model.row_at(row).id if row is not None else None

    def _export_calendar(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save a calendar file"), _("treatment.ics"), _("Calendar files (*.ics)")
        )
        if name:
            self.export_calendar(Path(name))

    def export_calendar(self, path: Path) -> None:
        """Write the calendar file; calendar programs import it (importing again updates it)."""
        try:
            target = check_output_path(path, self.session.records.folder)
            write_file_atomically(target, self.session.records.calendar.ics())
        except (InvalidInput, OSError) as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(
            _(
                "Saved {path}. Open it with your calendar program; saving it again later updates the events."
            ).format(path=target)
        )

    def _edit_dose(self) -> None:
        dose_id = self.selected_dose_id()
        if dose_id:
            self.edit_dose_requested.emit(dose_id)

    def _delete_dose(self) -> None:
        dose_id = self.selected_dose_id()
        if dose_id:
            self.session.delete_dose(dose_id)
            self.message.emit(_("The dose was deleted. Press Undo (or Ctrl+Z) to bring it back."))

    def _edit_appointment(self) -> None:
        appointment_id = self.selected_appointment_id()
        if appointment_id:
            self.edit_appointment_requested.emit(appointment_id)

    def _delete_appointment(self) -> None:
        appointment_id = self.selected_appointment_id()
        if appointment_id:
            self.session.delete_appointment(appointment_id)
            self.message.emit(_("The appointment was deleted. Press Undo (or Ctrl+Z) to bring it back."))
