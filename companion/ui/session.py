"""The open patient, seen from the window: service calls wrapped in undoable commands.

Screens call these methods and listen to ``changed``; they never touch the store or compute a
schedule themselves. Every change goes through the undo stack, so Ctrl+Z and the Undo button
take back any recording, edit or deletion.

A command's text names the change as it reads after "Undo: " and "Redo: " (e.g. "new diary entry
of June 4, 2026, 10:30 AM"). A command that removes a diary entry carrying a warning sign, when
undone (a new entry) or redone (a deletion), says so: the window asks before it goes ahead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from companion.core import phone
from companion.core.diary import Checkin
from companion.core.errors import InvalidInput
from companion.core.models import Appointment, DiaryEntry, DoseRecord, Profile
from companion.i18n import _, format_date, format_datetime
from companion.services import PatientRecords
from companion.services.common import DeletedItem
from companion.services.diary import Banner

Check = Callable[[], bool]
# A change, or what takes it back; what it returns (the saved record) is not used.
Action = Callable[[], object]


def _never() -> bool:
    return False


class _Command(QUndoCommand):
    """An undoable change made of two service calls. Errors are reported, never raised into Qt.

    ``undo_removes_warning`` / ``redo_removes_warning`` tell, when asked, whether taking the change
    back / making it again would remove a diary entry that carries a warning sign."""

    def __init__(
        self,
        session: PatientSession,
        text: str,
        do: Action,
        undo: Action,
        undo_removes_warning: Check = _never,
        redo_removes_warning: Check = _never,
    ):
        super().__init__(text)
        self._session = session
        self._do = do
        self._undo = undo
        self.undo_removes_warning = undo_removes_warning
        self.redo_removes_warning = redo_removes_warning

    def redo(self) -> None:
        if not self._session._run(self._do):
            # A change that could not be made is not kept on the stack: nothing to undo.
            self.setObsolete(True)

    def undo(self) -> None:
        self._session._run(self._undo)


class PatientSession(QObject):
    """One open patient folder: its records, its undo history, and a signal when anything changes."""

    changed = Signal()
    failed = Signal(str)  # a message for the user, already translated

    def __init__(self, records: PatientRecords, parent: QObject | None = None):
        super().__init__(parent)
        self.records = records
        self.undo_stack = QUndoStack(self)

    def close(self) -> None:
        self.undo_stack.clear()
        self.records.close()

    def _run(self, action: Action) -> bool:
        try:
            action()
        except InvalidInput as exc:
            self.failed.emit(str(exc))
            return False
        finally:
            self.changed.emit()
        return True

    def _push(self, text: str, do: Action, undo: Action, **checks: Check) -> None:
        self.undo_stack.push(_Command(self, text, do, undo, **checks))

    def _command(self, index: int) -> _Command | None:
        command = self.undo_stack.command(index) if 0 <= index < self.undo_stack.count() else None
        return command if isinstance(command, _Command) else None

    def undo_removes_warning(self) -> bool:
        """True when Undo would remove a diary entry that carries a warning sign (the window asks)."""
        command = self._command(self.undo_stack.index() - 1)
        return command is not None and command.undo_removes_warning()

    def redo_removes_warning(self) -> bool:
        """True when Redo would remove a diary entry that carries a warning sign (the window asks)."""
        command = self._command(self.undo_stack.index())
        return command is not None and command.redo_removes_warning()

    # --- doses ------------------------------------------------------------------------------

    def check_dose(self, record: DoseRecord) -> list[DoseRecord]:
        """Raises InvalidInput for a dose that cannot be right; returns doses under 10 days away."""
        return self.records.check_dose(record)

    def record_dose(self, record: DoseRecord) -> None:
        """Save a new dose (already checked); undo deletes it, redo brings it back."""
        self.records.doses.record(record)
        self._push_applied(
            _("recording the dose of {date}").format(date=format_date(record.given_on)),
            lambda: self.records.doses.restore(record.id),
            lambda: self.records.doses.delete(record.id),
        )

    def edit_dose(self, record: DoseRecord) -> None:
        before = self.records.doses.get(record.id)
        self.records.doses.record(record)
        self._push_applied(
            _("changes to the dose of {date}").format(date=format_date(record.given_on)),
            lambda: self.records.doses.record(record),
            lambda: self.records.doses.record(before),
        )

    def delete_dose(self, dose_id: str) -> None:
        record = self.records.doses.get(dose_id)
        self._push(
            _("deleting the dose of {date}").format(date=format_date(record.given_on)),
            lambda: self.records.doses.delete(dose_id),
            lambda: self.records.doses.restore(dose_id),
        )

    def restore_dose(self, dose_id: str) -> None:
        record = self.records.doses.get(dose_id)
        self._push(
            _("restoring the dose of {date}").format(date=format_date(record.given_on)),
            lambda: self.records.doses.restore(dose_id),
            lambda: self.records.doses.delete(dose_id),
        )

    # --- appointments -----------------------------------------------------------------------

    def book_appointment(self, appointment: Appointment) -> None:
        self.records.appointments.book(appointment)
        self._push_applied(
            _("booking the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: self.records.appointments.restore(appointment.id),
            lambda: self.records.appointments.delete(appointment.id),
        )

    def edit_appointment(self, appointment: Appointment) -> None:
        before = self.records.appointments.get(appointment.id)
        self.records.appointments.edit(appointment)
        self._push_applied(
            _("changes to the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: self.records.appointments.edit(appointment),
            lambda: self.records.appointments.edit(before),
        )

    def delete_appointment(self, appointment_id: str) -> None:
        appointment = self.records.appointments.get(appointment_id)
        self._push(
            _("deleting the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: self.records.appointments.delete(appointment_id),
            lambda: self.records.appointments.restore(appointment_id),
        )

    def restore_appointment(self, appointment_id: str) -> None:
        appointment = self.records.appointments.get(appointment_id)
        self._push(
            _("restoring the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: self.records.appointments.restore(appointment_id),
            lambda: self.records.appointments.delete(appointment_id),
        )

    # --- diary ------------------------------------------------------------------------------

    def add_entry(self, entry: DiaryEntry) -> DiaryEntry:
        """Save a new diary entry (raises InvalidInput); undo deletes it, redo brings it back.
        Undoing an entry that carries a warning sign removes its warning too: the window asks."""
        diary = self.records.diary
        saved = diary.add(entry)
        self._push_applied(
            _("new diary entry of {when}").format(when=_moment(saved.at)),
            lambda: diary.restore(saved.id),
            lambda: diary.delete(saved.id),
            undo_removes_warning=lambda: diary.carries_warning(saved.id),
        )
        return saved

    def edit_entry(self, entry: DiaryEntry) -> DiaryEntry:
        diary = self.records.diary
        before = diary.entry(entry.id)
        saved = diary.edit(entry)
        self._push_applied(
            _("changes to the diary entry of {when}").format(when=_moment(saved.at)),
            lambda: diary.edit(saved),
            lambda: diary.edit(before),
        )
        return saved

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry (the user chose to); redoing the deletion of one that carries a warning
        sign removes its warning again: the window asks."""
        diary = self.records.diary
        entry = diary.entry(entry_id)
        self._push(
            _("deleting the diary entry of {when}").format(when=_moment(entry.at)),
            lambda: diary.delete(entry_id),
            lambda: diary.restore(entry_id),
            redo_removes_warning=lambda: diary.carries_warning(entry_id),
        )

    def feel_as_usual(self) -> DiaryEntry:
        """One action: an entry saying "as usual", written by whoever wrote last."""
        diary = self.records.diary
        return self.add_entry(DiaryEntry(at=diary.now(), by=diary.default_author()))

    def acknowledge(self, banner: Banner, known_to_team: bool = False) -> None:
        diary = self.records.diary
        if known_to_team:
            text = _("marking a warning as known to the care team")
        else:
            text = _("marking a warning as read")
        self.change(
            text,
            lambda: diary.acknowledge(banner, known_to_team),
            lambda: diary.unacknowledge(banner),
        )

    def dismiss_checkin(self, checkin: Checkin) -> None:
        diary = self.records.diary
        self.change(
            _("closing the question “How are you?”"),
            lambda: diary.dismiss_checkin(checkin),
            lambda: diary.reopen_checkin(checkin),
        )

    def restore_deleted(self, item: DeletedItem) -> None:
        """Bring back any deleted record listed in Recently deleted (undoable)."""
        self._push(_("restoring “{what}”").format(what=item.description), item.restore, item.delete)

    # --- profile ----------------------------------------------------------------------------

    def complete_setup(self, *, emergency_number: str = "", **details) -> None:
        """First start: the most recent (or planned first) dose, the care team and the emergency
        number where the patient lives (optional). Not undoable: what it saved can be edited or
        deleted like anything else. Raises InvalidInput, with nothing saved, for a number that
        cannot be one."""
        number = phone.emergency_number(emergency_number)  # checked before anything is saved
        self.records.profile.complete_setup(**details)
        if number:
            self.records.profile.update(emergency_number=number)
        self.changed.emit()

    def save_profile(self, profile: Profile) -> None:
        before = self.records.profile.get()
        self.records.profile.update(**dataclasses.asdict(profile))
        self._push_applied(
            _("changes to the settings"),
            lambda: self.records.profile.update(**dataclasses.asdict(profile)),
            lambda: self.records.profile.update(**dataclasses.asdict(before)),
        )

    def change(self, text: str, do: Action, undo: Action) -> None:
        """Make a change now and put it on the undo stack as ``text``, which names the change as it
        reads after "Undo: " and "Redo: " (e.g. "deleting the ALSFRS-R rating of June 1, 2026").

        ``do`` runs at once: if it raises InvalidInput, nothing is saved, nothing is pushed, and the
        error reaches the caller (a dialog shows it). ``undo`` takes the change back; redo runs
        ``do`` again."""
        do()
        self._push_applied(text, do, undo)

    def _push_applied(self, text: str, do: Action, undo: Action, **checks: Check) -> None:
        """Push a command whose first ``redo`` already happened (it was validated and saved)."""
        first = [True]

        def redo() -> None:
            if first[0]:
                first[0] = False
                return
            do()

        self._push(text, redo, undo, **checks)


def _moment(at: dt.datetime) -> str:
    """A diary entry's day and time, as the diary shows it (the time of day it was written)."""
    return format_datetime(at if at.tzinfo is not None else at.astimezone())
