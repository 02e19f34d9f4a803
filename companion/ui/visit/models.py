"""The visit notes' table and list models: measurements, other medicines, questions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from companion.core import visit as rules
from companion.core.models import Measurement, Medication, Question
from companion.i18n import _, format_date
from companion.ui.models import _RecordTableModel

_Index = QModelIndex | QPersistentModelIndex


class MeasurementTableModel(_RecordTableModel[Measurement]):
    """Weight and clinic values, newest first."""

    def columns(self):
        return (
            (_("Date"), lambda m: format_date(m.measured_on)),
            (_("What"), lambda m: rules.kind_name(m.kind)),
            (_("Value"), rules.measurement_value_text),
            (_("Note"), lambda m: m.note),
        )


class MedicationTableModel(_RecordTableModel[Medication]):
    """Other medicines: the ones taken now first."""

    def columns(self):
        return (
            (_("Medicine"), lambda m: m.name),
            (_("Dose"), lambda m: m.dose),
            (_("Since"), lambda m: format_date(m.since) if m.since else ""),
            (_("Stopped"), lambda m: format_date(m.stopped) if m.stopped else _("still taking")),
            (_("Note"), lambda m: m.note),
        )


def question_status(q: Question) -> str:
    if q.asked_on is not None:
        return _("Asked on {date}").format(date=format_date(q.asked_on))
    return _("Not asked yet")


class QuestionListModel(QAbstractListModel):
    """Questions, each with a check box: ticked once asked. Ticking it calls ``on_toggle``."""

    def __init__(self, on_toggle: Callable[[str, bool], None], parent=None):
        super().__init__(parent)
        self._rows: list[Question] = []
        self._on_toggle = on_toggle

    def set_rows(self, rows: list[Question]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Question:
        return self._rows[row]

    def row_of(self, question_id: str) -> int | None:
        return next((i for i, q in enumerate(self._rows) if q.id == question_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        q = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if q.asked:
                return _("{question}\n{status}").format(question=q.text, status=question_status(q))
            return q.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{question}. {status}").format(question=q.text, status=question_status(q))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if q.asked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return question_status(q)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self._on_toggle(self._rows[index.row()].id, checked)
        return True
