"""Table models for the doses given and the booked appointments.

They show what the session gives them; they compute nothing about the schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from companion.core import texts
from companion.core.models import Appointment
from companion.core.schedule import NumberedDose
from companion.i18n import _, format_date, format_number, format_time
from companion.ui.cards import CARD_ROLE, PLAIN, TITLE, CardLine, card_text, shortened

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


class _RecordTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of records; each column is a header and a function of the row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []

    def columns(self) -> Sequence[tuple[str, Callable[[Row], str]]]:
        raise NotImplementedError

    # A record as a card (cards.py): a heading, then some columns in one paragraph of "Column:
    # value" (the empty ones left out), and the note on a line of its own.
    DETAIL_COLUMNS: tuple[int, ...] = ()
    NOTE_COLUMN: int | None = None

    def title(self, row: Row) -> str:
        return self.columns()[0][1](row)

    def card(self, row: Row) -> list[CardLine]:
        columns = self.columns()
        details = [
            _("{label}: {value}").format(label=label, value=value)
            for label, show in (columns[c] for c in self.DETAIL_COLUMNS)
            if (value := show(row)) and value != "—"
        ]
        lines = [CardLine(TITLE, self.title(row))]
        if details:
            lines.append(CardLine(PLAIN, "  ·  ".join(details)))
        if self.NOTE_COLUMN is not None:
            label, show = columns[self.NOTE_COLUMN]
            if text := show(row):
                value = shortened(text)
                lines.append(CardLine(PLAIN, _("{label}: {value}").format(label=label, value=value)))
        return lines

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CARD_ROLE or (role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0):
            card = self.card(self._rows[index.row()])
            return card if role == CARD_ROLE else card_text(card)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns()[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns()[index.column()][1](self._rows[index.row()]) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self.columns()[section][0]
        return None


class DoseTableModel(_RecordTableModel[NumberedDose]):
    """Doses given, newest first."""

    # The heading: the dose, its phase and when it was given; then due, early or late, place, given
    # by, spinal fluid, lot; the note.
    DETAIL_COLUMNS = (2, 4, 5, 6, 7, 8)
    NOTE_COLUMN = 9

    def set_history(self, history: Sequence[NumberedDose]) -> None:
        self.set_rows(list(reversed(history)))

    def title(self, row: NumberedDose) -> str:
        # E.g. "Dose 8 (maintenance) — given June 1, 2026, 9:00".
        return _("{dose} — given {when}").format(
            dose=texts.dose_title(row.number, row.phase), when=_given(row)
        )

    def columns(self):
        return (
            (_("Dose"), lambda d: str(d.number)),
            (_("Phase"), lambda d: texts.phase_name(d.phase)),
            (_("Due"), lambda d: format_date(d.due_on) if d.due_on else "—"),
            (_("Given"), _given),
            (_("Early or late"), lambda d: texts.days_late_text(d.days_late)),
            (_("Place"), lambda d: d.record.place),
            (_("Given by"), lambda d: d.record.given_by),
            (_("Spinal fluid removed"), _csf),
            (_("Lot number"), lambda d: d.record.lot),
            (_("Note"), lambda d: d.record.note),
        )


def _given(d: NumberedDose) -> str:
    when = format_date(d.given_on)
    if d.record.given_at is not None:
        return _("{date}, {time}").format(date=when, time=format_time(d.record.given_at))
    return when


def _csf(d: NumberedDose) -> str:
    if d.record.csf_removed_ml is None:
        return ""
    return _("{amount} mL").format(amount=format_number(d.record.csf_removed_ml))


class AppointmentTableModel(_RecordTableModel[Appointment]):
    """Booked appointments, soonest first."""

    # The heading: the date and what it is for; then the dose, place and outcome; the note.
    DETAIL_COLUMNS = (2, 3, 4)
    NOTE_COLUMN = 5

    def title(self, row: Appointment) -> str:
        what = texts.appointment_kind_name(row.kind)
        return _("{when} — {what}").format(when=_appointment_when(row), what=what)

    def columns(self):
        return (
            (_("Date"), _appointment_when),
            (_("What"), lambda a: texts.appointment_kind_name(a.kind)),
            (_("For dose"), lambda a: str(a.for_dose) if a.for_dose else ""),
            (_("Place"), lambda a: a.place),
            (_("Outcome"), lambda a: texts.outcome_name(a.outcome)),
            (_("Note"), lambda a: a.note),
        )


def _appointment_when(a: Appointment) -> str:
    when = format_date(a.on)
    if a.at is not None:
        return _("{date}, {time}").format(date=when, time=format_time(a.at))
    return when
