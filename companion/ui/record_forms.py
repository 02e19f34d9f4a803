"""The forms that add or change a patient's records (a dose, an appointment, a diary entry, the
recently deleted), opened from any screen. One RecordForms per open patient; it says what it saved
through signals, and the window decides what to show (the message bar, the record chosen in its
list, the leaflet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from companion.core.models import DoseRecord
from companion.i18n import _, format_date, format_datetime
from companion.ui.session import PatientSession

if TYPE_CHECKING:
    from companion.ui.dialogs.dose import DoseDialog
    from companion.ui.dialogs.entry import EntryDialog

# Dialogs are imported when first opened: the window shows sooner without them.


class RecordForms(QObject):
    """Opens the forms of one patient's records, over ``window``."""

    saved = Signal(str)  # what was saved, for the message bar (with how to undo it)
    dose_saved = Signal(str)  # the id of the dose just saved
    entry_saved = Signal(str)  # the id of the diary entry just saved
    watch_section_requested = Signal()  # a warning's "What to watch for" in the leaflet

    def __init__(self, session: PatientSession, window: QWidget):
        super().__init__(window)
        self.session = session
        self.window = window

    # --- doses and appointments -------------------------------------------------------------

    def record_dose(self) -> None:
        from companion.ui.dialogs.dose import DoseDialog

        self._dose_dialog(DoseDialog(self.session, parent=self.window))

    def edit_dose(self, dose_id: str) -> None:
        from companion.ui.dialogs.dose import DoseDialog

        existing = self.session.records.doses.get(dose_id)
        self._dose_dialog(DoseDialog(self.session, existing, parent=self.window))

    def _dose_dialog(self, dialog: DoseDialog) -> None:
        """Open the dose form; a saved dose says so, with its number and date."""
        if dialog.exec() != dialog.DialogCode.Accepted or dialog.saved is None:
            return
        saved = dialog.saved
        when = format_date(saved.record.given_on)
        if dialog.existing is None:
            text = _("Saved: dose {number}, given {date}. Press Undo (or Ctrl+Z) to take it back.")
        else:
            text = _(
                "Saved the changes to dose {number}, given {date}. Press Undo (or Ctrl+Z) to take them back."
            )
        self.saved.emit(text.format(number=saved.number, date=when))
        self.dose_saved.emit(saved.record.id)

    def book_appointment(self) -> None:
        from companion.ui.dialogs.appointment import AppointmentDialog

        AppointmentDialog(self.session, parent=self.window).exec()

    def edit_appointment(self, appointment_id: str) -> None:
        from companion.ui.dialogs.appointment import AppointmentDialog
        from companion.ui.dialogs.dose import DoseDialog

        appointments = self.session.records.appointments
        dialog = AppointmentDialog(self.session, appointments.get(appointment_id), parent=self.window)
        if dialog.exec() != AppointmentDialog.DialogCode.Accepted:
            return
        appointment = appointments.get(appointment_id)
        if appointments.dose_missing_for(appointment):
            # "Done" for a dose appointment: offer to record the dose, already filled in.
            initial = DoseRecord(given_on=appointment.on, given_at=appointment.at, place=appointment.place)
            self._dose_dialog(DoseDialog(self.session, parent=self.window, initial=initial))

    # --- the diary --------------------------------------------------------------------------

    def new_entry(self) -> None:
        from companion.ui.dialogs.entry import EntryDialog

        self._entry_dialog(EntryDialog(self.session, parent=self.window))

    def edit_entry(self, entry_id: str) -> None:
        from companion.ui.dialogs.entry import EntryDialog

        existing = self.session.records.diary.entry(entry_id)
        self._entry_dialog(EntryDialog(self.session, existing, parent=self.window))

    def _entry_dialog(self, dialog: EntryDialog) -> None:
        """Open the entry form. A saved entry says so; one that raises red flags shows them at once."""
        from companion.ui.red_flag import RedFlagDialog

        if dialog.exec() != dialog.DialogCode.Accepted or dialog.saved_id is None:
            return
        when = format_datetime(dialog.saved_at) if dialog.saved_at is not None else ""
        if dialog.existing is None:
            text = _("Saved: your diary entry of {when}. Press Undo (or Ctrl+Z) to take it back.")
        else:
            text = _(
                "Saved the changes to the diary entry of {when}. Press Undo (or Ctrl+Z) to take them back."
            )
        self.saved.emit(text.format(when=when))
        self.entry_saved.emit(dialog.saved_id)
        banners = self.session.records.diary.banners_for(dialog.saved_id)
        if banners:
            flags = RedFlagDialog(self.session, banners, parent=self.window)
            flags.exec()
            if flags.wants_leaflet:
                self.watch_section_requested.emit()

    def show_recently_deleted(self) -> None:
        from companion.ui.dialogs.recently_deleted import RecentlyDeletedDialog

        RecentlyDeletedDialog(self.session, parent=self.window).exec()
