"""The "For my next visit" screen: weight and clinic values, other medicines, questions.

Three sections, chosen with big buttons that wrap onto more lines when the window is narrow or
the text is large. Every change goes through ``PatientSession.change``, so Ctrl+Z and the window's Undo
button take it back; deletes are soft and can also be restored from "Recently deleted".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
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
from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.i18n import _, format_date, format_number
from companion.ui.dialogs.forms import _FormDialog, _line, _note
from companion.ui.models import _RecordTableModel
from companion.ui.session import PatientSession
from companion.ui.widgets import (
    DateField,
    ErrorLine,
    FlowLayout,
    big_button,
    named,
    record_table,
    scrolling,
    two_lines,
)

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


# --- undoable changes ------------------------------------------------------------------------


class VisitChanges:
    """The screen's changes as undoable commands on the session's undo stack."""

    def __init__(self, session: PatientSession):
        self.session = session

    @property
    def visit(self):
        return self.session.records.visit

    def _add(
        self, text: str, add: Callable[[], Any], restore: Callable[[], None], delete: Callable[[], None]
    ):
        """Add once; undo deletes (softly), redo brings the same record back."""
        saved: list[Any] = []

        def do() -> None:
            if saved:
                restore()
            else:
                saved.append(add())

        self.session.change(text, do, delete)
        return saved[0]

    # measurements
    def add_measurement(self, m: Measurement) -> Measurement:
        return self._add(
            _("new measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.add_measurement(m),
            lambda: self.visit.restore_measurement(m.id),
            lambda: self.visit.delete_measurement(m.id),
        )

    def edit_measurement(self, m: Measurement) -> None:
        before = self.visit.measurement(m.id)
        self.session.change(
            _("changes to the measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.edit_measurement(m),
            lambda: self.visit.edit_measurement(before),
        )

    def delete_measurement(self, measurement_id: str) -> None:
        m = self.visit.measurement(measurement_id)
        self.session.change(
            _("deleting the measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.delete_measurement(measurement_id),
            lambda: self.visit.restore_measurement(measurement_id),
        )

    # other medicines
    def add_medication(self, med: Medication) -> Medication:
        return self._add(
            _("new medicine {name}").format(name=med.name.strip()),
            lambda: self.visit.add_medication(med),
            lambda: self.visit.restore_medication(med.id),
            lambda: self.visit.delete_medication(med.id),
        )

    def edit_medication(self, med: Medication) -> None:
        before = self.visit.medication(med.id)
        self.session.change(
            _("changes to the medicine {name}").format(name=med.name.strip()),
            lambda: self.visit.edit_medication(med),
            lambda: self.visit.edit_medication(before),
        )

    def delete_medication(self, medication_id: str) -> None:
        med = self.visit.medication(medication_id)
        self.session.change(
            _("deleting the medicine {name}").format(name=med.name),
            lambda: self.visit.delete_medication(medication_id),
            lambda: self.visit.restore_medication(medication_id),
        )

    # questions
    def add_question(self, text: str) -> Question:
        question = Question(text=text, created_on=self.session.records.today())
        return self._add(
            _("new question “{text}”").format(text=rules.short_text(text.strip(), 40)),
            lambda: self.visit.add_question(question),
            lambda: self.visit.restore_question(question.id),
            lambda: self.visit.delete_question(question.id),
        )

    def edit_question(self, q: Question) -> None:
        before = self.visit.question(q.id)
        self.session.change(
            _("changes to the question “{text}”").format(text=rules.short_text(q.text.strip(), 40)),
            lambda: self.visit.edit_question(q),
            lambda: self.visit.edit_question(before),
        )

    def set_question_asked(self, question_id: str, asked: bool) -> None:
        before = self.visit.question(question_id)
        if before.asked == asked:
            return
        text = rules.short_text(before.text, 40)
        if asked:
            label = _("marking the question “{text}” as asked").format(text=text)
        else:
            label = _("marking the question “{text}” as not asked").format(text=text)
        self.session.change(
            label,
            lambda: self.visit.mark_question_asked(question_id, asked),
            lambda: self.visit.edit_question(before),
        )

    def delete_question(self, question_id: str) -> None:
        q = self.visit.question(question_id)
        self.session.change(
            _("deleting the question “{text}”").format(text=rules.short_text(q.text, 40)),
            lambda: self.visit.delete_question(question_id),
            lambda: self.visit.restore_question(question_id),
        )


# --- table and list models -------------------------------------------------------------------


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


# --- dialogs ---------------------------------------------------------------------------------


class _OptionalDate(QWidget):
    """A date that may be left out: a check box, and the date beside it."""

    def __init__(
        self, value: dt.date | None, check_text: str, name: str, today: dt.date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(check_text)
        self.enabled.setMinimumHeight(36)
        named(self.enabled, check_text)
        self.date = DateField(value or today, name)
        self.date.set_latest(today)
        self.date.setMinimumHeight(36)
        self.enabled.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.enabled.toggled.connect(self.date.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.date)
        layout.addStretch()

    def value(self) -> dt.date | None:
        return self.date.date_value() if self.enabled.isChecked() else None


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("smallNote")
    return label


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
        self.form.addRow(_("&Date"), self.date)
        self.form.addRow(_("&Note"), self.note)
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
        values = {
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


class MedicationDialog(_FormDialog):
    """Add another medicine, or edit one (e.g. to record that it was stopped)."""

    def __init__(
        self, session: PatientSession, existing: Medication | None = None, parent: QWidget | None = None
    ):
        super().__init__(_("Edit a medicine") if existing else _("Add a medicine"), parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.existing = existing
        self.saved_id: str | None = None
        today = session.records.today()
        med = existing or Medication(name="")
        self.name = _line(med.name, _("Name of the medicine"))
        self.dose = _line(med.dose, _("Dose and how often"))
        self.dose.setPlaceholderText(_("for example 50 mg twice a day"))
        self.since = _OptionalDate(med.since, _("I know when I started"), _("Taking it since"), today)
        self.stopped = _OptionalDate(med.stopped, _("I have stopped taking it"), _("Stopped on"), today)
        self.note = _note(med.note, _("Note"))
        self.form.addRow(_("&Name"), self.name)
        self.form.addRow(_("D&ose"), self.dose)
        self.form.addRow(_("Since"), self.since)
        self.form.addRow(_("Stopped"), self.stopped)
        self.form.addRow(_("No&te"), self.note)
        self.name.setFocus()

    def medication(self) -> Medication:
        values = {
            "name": self.name.text().strip(),
            "dose": self.dose.text().strip(),
            "since": self.since.value(),
            "stopped": self.stopped.value(),
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return Medication(**values)

    def save(self) -> bool:
        med = self.medication()
        if self.existing is None:
            self.changes.add_medication(med)
        else:
            self.changes.edit_medication(med)
        self.saved_id = med.id
        return True


class QuestionDialog(_FormDialog):
    """Edit a question: its words, and whether (and when) it was asked."""

    def __init__(self, session: PatientSession, existing: Question, parent: QWidget | None = None):
        super().__init__(_("Edit a question"), parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.existing = existing
        self.saved_id: str | None = None
        today = session.records.today()
        self.text = _note(existing.text, _("Question"))
        written = QLabel(format_date(existing.created_on))
        self.asked = _OptionalDate(existing.asked_on, _("Asked at a visit"), _("Date asked"), today)
        self.form.addRow(_("&Question"), self.text)
        self.form.addRow(_("Written on"), written)
        self.form.addRow(_("Asked"), self.asked)
        self.text.setFocus()

    def question(self) -> Question:
        return dataclasses.replace(
            self.existing, text=self.text.toPlainText().strip(), asked_on=self.asked.value()
        )

    def save(self) -> bool:
        q = self.question()
        self.changes.edit_question(q)
        self.saved_id = q.id
        return True


# --- the screen ------------------------------------------------------------------------------


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
        title_row.layout().setSpacing(32)
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
                (_("Other &medicines"), self._medicines_tab()),
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
        session.changed.connect(self.refresh)
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
        self.add_measurement_button = big_button(_("&Add a measurement"))
        self.add_measurement_button.setObjectName("primaryButton")
        self.edit_measurement_button = big_button(
            _("&Edit measurement"), _("Edit the measurement chosen in the table")
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
        self.add_medication_button = big_button(_("&Add a medicine"))
        self.add_medication_button.setObjectName("primaryButton")
        self.edit_medication_button = big_button(
            _("&Edit medicine"), _("Edit the medicine chosen in the table")
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
        self.edit_question_button = big_button(_("&Edit question"), _("Edit the question chosen in the list"))
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

    def _open(self, dialog: _FormDialog, table: QAbstractItemView) -> None:
        """Show ``dialog`` (window-modal, without blocking); afterwards choose what it saved."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and getattr(dialog, "saved_id", None):
                model = table.model()
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
