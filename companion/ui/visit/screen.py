"""The "For my next visit" screen: weight and clinic values, other medicines, questions.

Three sections, chosen with big buttons that wrap onto more lines when the window is narrow or
the text is large. Every change goes through ``PatientSession.change``, so Ctrl+Z and the window's Undo
button take it back; deletes are soft and can also be restored from "Recently deleted".
"""

from __future__ import annotations

import itertools
from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.core import visit as rules
from companion.core.errors import InvalidInput
from companion.core.models import Measurement, MeasurementKind, Question
from companion.i18n import _, format_date
from companion.services.common import Change, Kind
from companion.ui.session import PatientSession
from companion.ui.visit.changes import VisitChanges
from companion.ui.visit.fields import _hint
from companion.ui.visit.measurement_dialog import MeasurementDialog
from companion.ui.visit.medication_dialog import MedicationDialog
from companion.ui.visit.models import MeasurementTableModel, MedicationTableModel, QuestionListModel
from companion.ui.visit.question_dialog import QuestionDialog
from companion.ui.widgets import ErrorLine, FlowLayout, big_button, named, record_table, scrolling, two_lines

_Index = QModelIndex | QPersistentModelIndex

# The sections of the screen, in the order of their buttons.
MEASUREMENTS, MEDICINES, QUESTIONS = 0, 1, 2


def _scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: with large text in a small window it scrolls instead of
    squeezing its table to nothing. Tab still reaches every control, and scrolls to it."""
    area = scrolling(page)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.viewport().setAutoFillBackground(False)
    page.setAutoFillBackground(False)
    return area


def _flow(*widgets: QWidget) -> QWidget:
    """The widgets in a row that wraps when there is no room."""
    holder = QWidget()
    flow = FlowLayout(holder)
    for widget in widgets:
        flow.addWidget(widget)
    return holder


class _RoomyDelegate(QStyledItemDelegate):
    """Rows at least 48 px tall, with room around wrapped text: easy to hit, easy to read."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(48, size.height() + 12))


def _table(model, name: str) -> QTableView:
    view = record_table(model, name)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setItemDelegate(_RoomyDelegate(view))
    view.setWordWrap(False)
    # Room for the header and a few rows whatever the text size.
    view.setMinimumHeight(7 * view.fontMetrics().height())
    named(view, name)
    return view


def _selected_row(view: QAbstractItemView) -> int | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def _select(view: QAbstractItemView, row: int | None) -> None:
    model = view.model()
    if row is None or model.rowCount() == 0:
        return
    row = min(max(row, 0), model.rowCount() - 1)
    index = model.index(row, 0)
    view.setCurrentIndex(index)
    view.selectionModel().select(
        index,
        view.selectionModel().SelectionFlag.ClearAndSelect | view.selectionModel().SelectionFlag.Rows,
    )


class VisitNotesScreen(QWidget):
    """Weight and clinic values, other medicines, and questions for the next visit."""

    recently_deleted_requested = Signal()
    message = Signal(str)  # something to tell the user, e.g. how to undo

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.dialog: QDialog | None = None
        self.setObjectName("visitNotesScreen")  # its rules are in the app's style sheet (style.py)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        title = QLabel(_("For my next visit"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        title.setMinimumHeight(44)
        title.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.deleted_button = big_button(
            _("Recently dele&ted"), _("Deleted measurements, medicines and questions, to bring back")
        )
        title_row = _flow(title, self.deleted_button)
        if (title_layout := title_row.layout()) is not None:
            title_layout.setSpacing(32)
        layout.addWidget(title_row)

        # The three sections: one big button each (Tab reaches them, Space or an arrow key
        # chooses), and the chosen section's page below.
        self.pages = QStackedWidget()
        self.pages.setObjectName("visitPages")
        self.section_group = QButtonGroup(self)
        self.section_group.setExclusive(True)
        self.section_buttons: list[QPushButton] = []
        for index, (text, page) in enumerate(
            (
                (_("&Weight and clinic values"), self._measurements_tab()),
                (_("&Other medicines"), self._medicines_tab()),
                (_("&Questions for my next visit"), self._questions_tab()),
            )
        ):
            button = big_button(text, _("Show this section"))
            button.setText(two_lines(text, longest=30))  # long French labels fit at 200 %
            button.setObjectName("sectionButton")
            button.setCheckable(True)
            self.section_group.addButton(button, index)
            self.section_buttons.append(button)
            self.pages.addWidget(_scrolling(page))
        layout.addWidget(_flow(*self.section_buttons))
        layout.addWidget(self.pages, 1)
        self.section_group.idToggled.connect(self._section_toggled)
        self.show_section(MEASUREMENTS)
        # Tab follows the reading order: the sections, then the chosen section from top to bottom.
        chain: list[QWidget] = [
            self.deleted_button,
            *self.section_buttons,
            self.add_measurement_button,
            self.edit_measurement_button,
            self.delete_measurement_button,
            self.measurement_table,
            self.add_medication_button,
            self.edit_medication_button,
            self.delete_medication_button,
            self.medication_table,
            self.question_edit,
            self.add_question_button,
            self.asked_button,
            self.edit_question_button,
            self.delete_question_button,
            self.question_list,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.deleted_button.clicked.connect(self.recently_deleted_requested)
        session.changed.connect(self._on_change)
        self.refresh()

    # --- building ---------------------------------------------------------------------------

    def show_section(self, index: int) -> None:
        """Show one of MEASUREMENTS, MEDICINES or QUESTIONS."""
        self.section_buttons[index].setChecked(True)
        self.pages.setCurrentIndex(index)

    def current_section(self) -> int:
        return self.pages.currentIndex()

    def _section_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(index)

    def _measurements_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        self.latest = QLabel()
        self.latest.setWordWrap(True)
        self.latest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.latest)
        self.add_measurement_button = big_button(_("Add a meas&urement"))
        self.add_measurement_button.setObjectName("primaryButton")
        self.edit_measurement_button = big_button(
            _("Edit &measurement"), _("Edit the measurement chosen in the table")
        )
        self.delete_measurement_button = big_button(
            _("De&lete measurement"), _("Delete the measurement chosen in the table")
        )
        layout.addWidget(
            _flow(self.add_measurement_button, self.edit_measurement_button, self.delete_measurement_button)
        )
        self.measurement_model = MeasurementTableModel(self)
        self.measurement_table = _table(self.measurement_model, _("Weight and clinic values"))
        layout.addWidget(self.measurement_table, 1)
        self.empty_measurements = QLabel(_("No weight or clinic value recorded yet."))
        layout.addWidget(self.empty_measurements)
        self.add_measurement_button.clicked.connect(self.add_measurement)
        self.edit_measurement_button.clicked.connect(self.edit_measurement)
        self.delete_measurement_button.clicked.connect(self.delete_measurement)
        self.measurement_table.activated.connect(lambda _index: self.edit_measurement())
        return page

    def _medicines_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        note = QFrame()
        note.setObjectName("careTeamNote")
        note_layout = QVBoxLayout(note)
        note_layout.setContentsMargins(16, 10, 16, 10)
        self.care_team_note = QLabel(rules.care_team_reminder())
        self.care_team_note.setWordWrap(True)
        self.care_team_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note_layout.addWidget(self.care_team_note)
        note.setAccessibleName(self.care_team_note.text())
        layout.addWidget(note)
        self.add_medication_button = big_button(_("Add a medi&cine"))
        self.add_medication_button.setObjectName("primaryButton")
        self.edit_medication_button = big_button(
            _("Edit &medicine"), _("Edit the medicine chosen in the table")
        )
        self.delete_medication_button = big_button(
            _("De&lete medicine"), _("Delete the medicine chosen in the table")
        )
        layout.addWidget(
            _flow(self.add_medication_button, self.edit_medication_button, self.delete_medication_button)
        )
        self.medication_model = MedicationTableModel(self)
        self.medication_table = _table(self.medication_model, _("Other medicines"))
        layout.addWidget(self.medication_table, 1)
        self.empty_medications = QLabel(_("No other medicine recorded yet."))
        layout.addWidget(self.empty_medications)
        self.add_medication_button.clicked.connect(self.add_medication)
        self.edit_medication_button.clicked.connect(self.edit_medication)
        self.delete_medication_button.clicked.connect(self.delete_medication)
        self.medication_table.activated.connect(lambda _index: self.edit_medication())
        return page

    def _questions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        # The label above the line, so that the line and its button keep the room they need.
        label = QLabel(_("&New question:"))
        self.question_edit = QLineEdit()
        self.question_edit.setMinimumHeight(44)
        self.question_edit.setPlaceholderText(_("Type a question, then press Enter"))
        named(self.question_edit, _("New question"), _("Type a question, then press Enter to add it"))
        label.setBuddy(self.question_edit)
        self.add_question_button = big_button(_("Add"), _("Add the question to the list"))
        named(self.add_question_button, _("Add the question"), _("Add the question to the list"))
        self.add_question_button.setObjectName("primaryButton")
        layout.addWidget(label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.question_edit, 1)
        add_row.addWidget(self.add_question_button)
        layout.addLayout(add_row)
        self.question_error = ErrorLine()
        layout.addWidget(self.question_error)
        self.asked_button = big_button(
            _("Mar&k as asked"), _("Mark the question chosen in the list as asked")
        )
        self.edit_question_button = big_button(_("Edit q&uestion"), _("Edit the question chosen in the list"))
        self.delete_question_button = big_button(
            _("De&lete question"), _("Delete the question chosen in the list")
        )
        layout.addWidget(_flow(self.asked_button, self.edit_question_button, self.delete_question_button))
        self.question_model = QuestionListModel(self.set_question_asked, self)
        self.question_list = QListView()
        self.question_list.setModel(self.question_model)
        self.question_list.setItemDelegate(_RoomyDelegate(self.question_list))
        self.question_list.setWordWrap(True)
        self.question_list.setUniformItemSizes(False)
        self.question_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.question_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_list.setAlternatingRowColors(True)
        self.question_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.question_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.question_list.setMinimumHeight(7 * self.question_list.fontMetrics().height())
        named(
            self.question_list,
            _("Questions for my next visit"),
            _("Press Space to mark the chosen question as asked, or as not asked"),
        )
        layout.addWidget(self.question_list, 1)
        self.questions_help = _hint(
            _("Tick a question, or press Space, once you have asked it. Questions still to ask come first.")
        )
        layout.addWidget(self.questions_help)
        self.question_edit.returnPressed.connect(self.add_question)
        self.question_edit.textEdited.connect(lambda _text: self.question_error.show_message(""))
        self.add_question_button.clicked.connect(self.add_question)
        self.asked_button.clicked.connect(self.toggle_asked)
        self.edit_question_button.clicked.connect(self.edit_question)
        self.delete_question_button.clicked.connect(self.delete_question)
        self.question_list.activated.connect(lambda _index: self.edit_question())
        self.question_list.selectionModel().selectionChanged.connect(self._update_buttons)
        return page

    # --- showing ----------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: measurements, medicines and questions."""
        if change.touches(Kind.VISIT):
            self.refresh()

    def refresh(self) -> None:
        visit = self.session.records.visit
        kept = (
            (self.selected_measurement_id(), _selected_row(self.measurement_table)),
            (self.selected_medication_id(), _selected_row(self.medication_table)),
            (self.selected_question_id(), _selected_row(self.question_list)),
        )
        measurements = visit.measurements()
        self.measurement_model.set_rows(measurements)
        self.medication_model.set_rows(visit.medications())
        self.question_model.set_rows(visit.questions())
        self.latest.setText(self._latest_text(visit.latest_measurements()))
        self.latest.setVisible(bool(measurements))
        for table in (self.measurement_table, self.medication_table):
            table.resizeColumnsToContents()
        self._reselect(self.measurement_table, self.measurement_model, *kept[0])
        self._reselect(self.medication_table, self.medication_model, *kept[1])
        self._reselect(self.question_list, self.question_model, *kept[2])
        self._update_buttons()

    @staticmethod
    def _latest_text(latest: dict[MeasurementKind, Measurement]) -> str:
        parts = [
            _("{what} {value} ({date})").format(
                what=rules.short_kind_name(kind),
                value=rules.measurement_value_text(m),
                date=format_date(m.measured_on),
            )
            for kind, m in latest.items()
        ]
        return _("Latest: {values}").format(values="  ·  ".join(parts))

    @staticmethod
    def _reselect(view: QAbstractItemView, model, record_id: str | None, old_row: int | None) -> None:
        """Choose the same record again; when it is gone (deleted), the one now in its place."""
        row = next((i for i in range(model.rowCount()) if model.row_at(i).id == record_id), None)
        _select(view, row if row is not None else (old_row or 0))

    def _update_buttons(self, *args) -> None:
        has_measurement = self.measurement_model.rowCount() > 0
        self.empty_measurements.setVisible(not has_measurement)
        self.edit_measurement_button.setEnabled(has_measurement)
        self.delete_measurement_button.setEnabled(has_measurement)
        has_medication = self.medication_model.rowCount() > 0
        self.empty_medications.setVisible(not has_medication)
        self.edit_medication_button.setEnabled(has_medication)
        self.delete_medication_button.setEnabled(has_medication)
        question = self.selected_question()
        self.edit_question_button.setEnabled(question is not None)
        self.delete_question_button.setEnabled(question is not None)
        self.asked_button.setEnabled(question is not None)
        if question is not None and question.asked:
            text, description = (
                _("Mar&k as not asked"),
                _("Mark the question chosen in the list as not asked"),
            )
        else:
            text, description = _("Mar&k as asked"), _("Mark the question chosen in the list as asked")
        self.asked_button.setText(text)
        named(self.asked_button, text.replace("&", ""), description)

    # --- selection --------------------------------------------------------------------------

    def selected_measurement_id(self) -> str | None:
        row = _selected_row(self.measurement_table)
        return self.measurement_model.row_at(row).id if row is not None else None

    def selected_medication_id(self) -> str | None:
        row = _selected_row(self.medication_table)
        return self.medication_model.row_at(row).id if row is not None else None

    def selected_question(self) -> Question | None:
        rows = self.question_list.selectionModel().selectedRows()
        return self.question_model.row_at(rows[0].row()) if rows else None

    def selected_question_id(self) -> str | None:
        question = self.selected_question()
        return question.id if question is not None else None

    # --- actions ----------------------------------------------------------------------------

    def _open(
        self, dialog: MeasurementDialog | MedicationDialog | QuestionDialog, table: QAbstractItemView
    ) -> None:
        """Show ``dialog`` (window-modal, without blocking); afterwards choose what it saved."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.saved_id:
                # The view's model is one of this screen's (Qt's stubs know only the base class).
                model = cast(
                    "MeasurementTableModel | MedicationTableModel | QuestionListModel", table.model()
                )
                row = next(
                    (i for i in range(model.rowCount()) if model.row_at(i).id == dialog.saved_id),
                    None,
                )
                _select(table, row)
            table.setFocus()

        dialog.finished.connect(finished)
        dialog.open()

    def add_measurement(self) -> None:
        selected = _selected_row(self.measurement_table)
        kind = (
            self.measurement_model.row_at(selected).kind if selected is not None else MeasurementKind.WEIGHT
        )
        self._open(MeasurementDialog(self.session, parent=self, kind=kind), self.measurement_table)

    def edit_measurement(self) -> None:
        measurement_id = self.selected_measurement_id()
        if measurement_id:
            existing = self.session.records.visit.measurement(measurement_id)
            self._open(MeasurementDialog(self.session, existing, parent=self), self.measurement_table)

    def delete_measurement(self) -> None:
        measurement_id = self.selected_measurement_id()
        if measurement_id:
            self.changes.delete_measurement(measurement_id)
            self.message.emit(_("The measurement was deleted. Press Undo (or Ctrl+Z) to bring it back."))

    def add_medication(self) -> None:
        self._open(MedicationDialog(self.session, parent=self), self.medication_table)

    def edit_medication(self) -> None:
        medication_id = self.selected_medication_id()
        if medication_id:
            existing = self.session.records.visit.medication(medication_id)
            self._open(MedicationDialog(self.session, existing, parent=self), self.medication_table)

    def delete_medication(self) -> None:
        medication_id = self.selected_medication_id()
        if medication_id:
            self.changes.delete_medication(medication_id)
            self.message.emit(_("The medicine was deleted. Press Undo (or Ctrl+Z) to bring it back."))

    def add_question(self) -> None:
        """Add what is typed in the line as a new question; keep the cursor there for the next one."""
        try:
            added = self.changes.add_question(self.question_edit.text())
        except InvalidInput as exc:
            self.question_error.show_message(str(exc))
            self.question_edit.setFocus()
            return
        self.question_error.show_message("")
        self.question_edit.clear()
        row = self.question_model.row_of(added.id)
        _select(self.question_list, row)
        self.question_list.scrollTo(self.question_model.index(row or 0, 0))
        self.question_edit.setFocus()

    def toggle_asked(self) -> None:
        question = self.selected_question()
        if question is not None:
            self.set_question_asked(question.id, not question.asked)

    def set_question_asked(self, question_id: str, asked: bool) -> None:
        """Mark a question; the cursor stays on the same line, now the next question, so that
        Space, Space, Space ticks the questions one after the other."""
        row = self.question_model.row_of(question_id)
        self.changes.set_question_asked(question_id, asked)
        _select(self.question_list, row)

    def edit_question(self) -> None:
        question = self.selected_question()
        if question is not None:
            self._open(QuestionDialog(self.session, question, parent=self), self.question_list)

    def delete_question(self) -> None:
        question_id = self.selected_question_id()
        if question_id:
            self.changes.delete_question(question_id)
            self.message.emit(_("The question was deleted. Press Undo (or Ctrl+Z) to bring it back."))
