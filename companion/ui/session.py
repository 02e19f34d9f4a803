"""The open patient, seen from the window: service calls wrapped in undoable commands.

Screens call these methods and listen to ``changed``, which carries a ``Change`` naming the kinds
of records touched, so that each screen decides whether to refresh; they never touch the store
or compute a schedule themselves. Every change is one generic undoable command on the undo stack
(``change`` for a change made at once, ``queue`` for one the stack makes), so Ctrl+Z and the Undo
button take back any recording, edit or deletion.

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
from companion.core.schedule import NumberedDose
from companion.i18n import _, format_date, format_datetime
from companion.services import PatientRecords
from companion.services.common import EVERYTHING, Change, DeletedItem, Kind
from companion.services.diary import Banner
from companion.services.doses import CheckedDose

Check = Callable[[], bool]
# A change, or what takes it back; what it returns (the saved record) is not used.
Action = Callable[[], object]
Kinds = frozenset[Kind]


def _never() -> bool:
    return False


class _Command(QUndoCommand):
    """An undoable change made of two service calls, touching ``kinds`` of records. Errors are
    reported, never raised into Qt.

    ``undo_removes_warning`` / ``redo_removes_warning`` tell, when asked, whether taking the change
    back / making it again would remove a diary entry that carries a warning sign."""

    def __init__(
        self,
        session: PatientSession,
        text: str,
        kinds: Kinds,
        do: Action,
        undo: Action,
        undo_removes_warning: Check = _never,
        redo_removes_warning: Check = _never,
    ):
        super().__init__(text)
        self._session = session
        self._kinds = kinds
        self._do = do
        self._undo = undo
        self.undo_removes_warning = undo_removes_warning
        self.redo_removes_warning = redo_removes_warning

    def redo(self) -> None:
        if not self._session._run(self._do, self._kinds):
            # A change that could not be made is not kept on the stack: nothing to undo.
            self.setObsolete(True)

    def undo(self) -> None:
        self._session._run(self._undo, self._kinds)


class PatientSession(QObject):
    """One open patient folder: its records, its undo history, and a signal when anything changes."""

    changed = Signal(object)  # a Change: the kinds of records touched
    failed = Signal(str)  # a message for the user, already translated

    def __init__(self, records: PatientRecords, parent: QObject | None = None):
        super().__init__(parent)
        self.records = records
        self.undo_stack = QUndoStack(self)

    def close(self) -> None:
        self.undo_stack.clear()
        self.records.close()

    def _run(self, action: Action, kinds: Kinds) -> bool:
        try:
            action()
        except InvalidInput as exc:
            self.failed.emit(str(exc))
            return False
        finally:
            self.changed.emit(Change(kinds))
        return True

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

    # --- the one generic change -------------------------------------------------------------

    def change(
        self, text: str, do: Action, undo: Action, kinds: Kinds = EVERYTHING.kinds, **checks: Check
    ) -> None:
        """Make a change now and put it on the undo stack as ``text``, which names the change as it
        reads after "Undo: " and "Redo: " (e.g. "deleting the ALSFRS-R rating of June 1, 2026").

        ``do`` runs at once: if it raises InvalidInput, nothing is saved, nothing is pushed, and the
        error reaches the caller (a dialog shows it). ``undo`` takes the change back; redo runs
        ``do`` again. ``kinds`` names the records it touches (every kind when not said)."""
        do()
        self._push_made(text, do, undo, kinds, **checks)

    def _push_made(self, text: str, redo: Action, undo: Action, kinds: Kinds, **checks: Check) -> None:
        """Push a change already made: the stack's first redo only tells the screens."""
        first = [True]

        def again() -> None:
            if first[0]:
                first[0] = False
                return
            redo()

        self.undo_stack.push(_Command(self, text, kinds, again, undo, **checks))

    def queue(
        self, text: str, do: Action, undo: Action, kinds: Kinds = EVERYTHING.kinds, **checks: Check
    ) -> None:
        """Put a change on the undo stack, which makes it; an error goes to ``failed`` (a deletion
        or restore the user chose: there is no form to show it in)."""
        self.undo_stack.push(_Command(self, text, kinds, do, undo, **checks))

    # --- doses ------------------------------------------------------------------------------

    def check_dose(self, record: DoseRecord) -> CheckedDose:
        """The one check of a new or edited dose: its error, or the doses under 10 days away."""
        return self.records.doses.check(record)

    def save_dose(self, checked: CheckedDose) -> NumberedDose:
        """Save a checked dose (new or edited; raises InvalidInput for a failed check, with nothing
        saved) and return it numbered. Undo deletes a new dose or puts back the one edited."""
        doses = self.records.doses
        record = checked.record
        before = doses.get(record.id) if doses.repo.exists(record.id) else None
        saved = doses.save(checked)
        when = format_date(record.given_on)
        kinds = Change.of(Kind.DOSE).kinds
        if before is None:
            text = _("recording the dose of {date}").format(date=when)
            self._push_made(text, lambda: doses.restore(record.id), lambda: doses.delete(record.id), kinds)
        else:
            text = _("changes to the dose of {date}").format(date=when)
            self._push_made(text, lambda: doses.record(record), lambda: doses.record(before), kinds)
        return saved

    def record_dose(self, record: DoseRecord) -> NumberedDose:
        """Check and save a dose in one go (nothing to confirm)."""
        return self.save_dose(self.check_dose(record))

    def delete_dose(self, dose_id: str) -> None:
        doses = self.records.doses
        self.queue(
            _("deleting the dose of {date}").format(date=format_date(doses.get(dose_id).given_on)),
            lambda: doses.delete(dose_id),
            lambda: doses.restore(dose_id),
            kinds=Change.of(Kind.DOSE).kinds,
        )

    def restore_dose(self, dose_id: str) -> None:
        doses = self.records.doses
        self.queue(
            _("restoring the dose of {date}").format(date=format_date(doses.get(dose_id).given_on)),
            lambda: doses.restore(dose_id),
            lambda: doses.delete(dose_id),
            kinds=Change.of(Kind.DOSE).kinds,
        )

    # --- appointments -----------------------------------------------------------------------

    def book_appointment(self, appointment: Appointment) -> None:
        appointments = self.records.appointments
        appointments.book(appointment)
        self._push_made(
            _("booking the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: appointments.restore(appointment.id),
            lambda: appointments.delete(appointment.id),
            Change.of(Kind.APPOINTMENT).kinds,
        )

    def edit_appointment(self, appointment: Appointment) -> None:
        appointments = self.records.appointments
        before = appointments.get(appointment.id)
        self.change(
            _("changes to the appointment of {date}").format(date=format_date(appointment.on)),
            lambda: appointments.edit(appointment),
            lambda: appointments.edit(before),
            kinds=Change.of(Kind.APPOINTMENT).kinds,
        )

    def delete_appointment(self, appointment_id: str) -> None:
        appointments = self.records.appointments
        self.queue(
            _("deleting the appointment of {date}").format(
                date=format_date(appointments.get(appointment_id).on)
            ),
            lambda: appointments.delete(appointment_id),
            lambda: appointments.restore(appointment_id),
            kinds=Change.of(Kind.APPOINTMENT).kinds,
        )

    # --- diary ------------------------------------------------------------------------------

    def add_entry(self, entry: DiaryEntry) -> DiaryEntry:
        """Save a new diary entry (raises InvalidInput); undo deletes it, redo brings it back.
        Undoing an entry that carries a warning sign removes its warning too: the window asks."""
        diary = self.records.diary
        saved = diary.add(entry)
        self._push_made(
            _("new diary entry of {when}").format(when=_moment(saved.at)),
            lambda: diary.restore(saved.id),
            lambda: diary.delete(saved.id),
            Change.of(Kind.DIARY).kinds,
            undo_removes_warning=lambda: diary.carries_warning(saved.id),
        )
        return saved

    def edit_entry(self, entry: DiaryEntry) -> DiaryEntry:
        diary = self.records.diary
        before = diary.entry(entry.id)
        saved = diary.edit(entry)
        self._push_made(
            _("changes to the diary entry of {when}").format(when=_moment(saved.at)),
            lambda: diary.edit(saved),
            lambda: diary.edit(before),
            Change.of(Kind.DIARY).kinds,
        )
        return saved

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry (the user chose to); redoing the deletion of one that carries a warning
        sign removes its warning again: the window asks."""
        diary = self.records.diary
        self.queue(
            _("deleting the diary entry of {when}").format(when=_moment(diary.entry(entry_id).at)),
            lambda: diary.delete(entry_id),
            lambda: diary.restore(entry_id),
            kinds=Change.of(Kind.DIARY).kinds,
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
            kinds=Change.of(Kind.DIARY).kinds,
        )

    def dismiss_checkin(self, checkin: Checkin) -> None:
        diary = self.records.diary
        self.change(
            _("closing the question “How are you?”"),
            lambda: diary.dismiss_checkin(checkin),
            lambda: diary.reopen_checkin(checkin),
            kinds=Change.of(Kind.DIARY).kinds,
        )

    def restore_deleted(self, item: DeletedItem) -> None:
        """Bring back any deleted record listed in Recently deleted (undoable)."""
        self.queue(_("restoring “{what}”").format(what=item.description), item.restore, item.delete)

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
        self.changed.emit(EVERYTHING)

    def save_profile(self, profile: Profile) -> None:
        service = self.records.profile
        before = service.get()
        self.change(
            _("changes to the settings"),
            lambda: service.update(**dataclasses.asdict(profile)),
            lambda: service.update(**dataclasses.asdict(before)),
            kinds=Change.of(Kind.PROFILE).kinds,
        )


def _moment(at: dt.datetime) -> str:
    """A diary entry's day and time, as the diary shows it (the time of day it was written)."""
    return format_datetime(at if at.tzinfo is not None else at.astimezone())
