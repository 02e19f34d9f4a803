"""The "For my next visit" screen, driven through its real widgets; the database checked each time."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
)

from companion.core.models import Measurement, MeasurementKind, Medication
from companion.services import PatientRecords
from companion.services.common import EVERYTHING
from companion.store import revisions
from companion.store.opening import open_store
from companion.store.visit import MeasurementRepository, MedicationRepository, QuestionRepository
from companion.ui.app import create_window
from companion.ui.session import PatientSession
from companion.ui.style import apply_style
from companion.ui.visit.measurement_dialog import MeasurementDialog
from companion.ui.visit.medication_dialog import MedicationDialog
from companion.ui.visit.question_dialog import QuestionDialog
from companion.ui.visit.screen import MEASUREMENTS, MEDICINES, QUESTIONS, VisitNotesScreen

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture
def session(data_dir, fixed_today):
    apply_style(QApplication.instance())
    session = PatientSession(PatientRecords.open(data_dir))
    yield session
    session.close()


@pytest.fixture
def screen(qtbot, session) -> VisitNotesScreen:
    widget = VisitNotesScreen(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def saved(data_dir):
    """What is in the database now: (measurements, medications, questions), deleted ones left out."""
    with open_store(data_dir) as store:
        measurements, medications, questions = (
            MeasurementRepository(store),
            MedicationRepository(store),
            QuestionRepository(store),
        )
        return measurements.all(), medications.all(), questions.all()


def click_save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_add_a_measurement_through_the_dialog(screen, qtbot, data_dir):
    screen.add_measurement_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, MeasurementDialog) and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("nfl"))
    assert dialog.unit.text() == "pg/mL"
    assert "plasma or in serum" in dialog.hint.text()
    qtbot.keyClicks(dialog.value, "38,2")  # a decimal comma is understood too
    dialog.date.set_date(dt.date(2026, 6, 2))
    dialog.note.setPlainText("Plasma — Klinikum Großhadern, 血浆")  # Unicode goes in as a paste would
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == dialog.DialogCode.Accepted

    [measurement], _meds, _questions = saved(data_dir)
    assert (measurement.kind, measurement.value, measurement.unit) == (MeasurementKind.NFL, 38.2, "pg/mL")
    assert measurement.measured_on == dt.date(2026, 6, 2)
    assert measurement.note == "Plasma — Klinikum Großhadern, 血浆"
    model = screen.measurement_model
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["June 2, 2026", "NfL (neurofilament light)", "38.2 pg/mL", measurement.note]
    assert screen.selected_measurement_id() == measurement.id
    assert "NfL 38.2 pg/mL (June 2, 2026)" in screen.latest.text()


def test_edit_a_measurement_keeps_the_old_version_and_undo_restores_it(screen, qtbot, session, data_dir):
    session.records.visit.add_measurement(Measurement(dt.date(2026, 6, 1), MeasurementKind.WEIGHT, 72.5))
    session.changed.emit(EVERYTHING)
    screen.edit_measurement_button.click()
    dialog = screen.dialog
    assert dialog.value.text() == "72.5"
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "71.8")
    click_save(dialog)
    [edited], _, _ = saved(data_dir)
    assert edited.value == 71.8
    with open_store(data_dir) as store:
        assert revisions.of(store, edited.id)[-1]["old"]["value"] == 72.5
    session.undo_stack.undo()
    assert saved(data_dir)[0][0].value == 72.5
    assert screen.measurement_model.index(0, 2).data() == "72.5 kg"


def test_invalid_measurements_show_the_message_inline_and_save_nothing(screen, qtbot, data_dir):
    screen.add_measurement_button.click()
    dialog = screen.dialog
    qtbot.keyClicks(dialog.value, "abc")
    click_save(dialog)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "“abc” is not a number."

    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "350")  # a weight over 300 kg is a typing slip
    click_save(dialog)
    assert dialog.error.text() == "A weight must be from 20 to 300 kg."
    assert dialog.error.accessibleName() == dialog.error.text()

    # The date field stops at today; a typed date beyond it is refused by the rules as well.
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "70")
    dialog.date.setMaximumDate(dialog.date.maximumDate().addDays(30))
    dialog.date.set_date(TODAY + dt.timedelta(days=2))
    click_save(dialog)
    assert "future" in dialog.error.text()
    assert saved(data_dir) == ([], [], [])
    assert screen.session.undo_stack.count() == 0, "nothing to undo: nothing was saved"


def test_add_a_medicine_and_the_care_team_note(screen, qtbot, data_dir):
    screen.show_section(MEDICINES)
    assert screen.care_team_note.isVisible()
    assert screen.care_team_note.text() == (
        "Tell your care team if you have a bleeding problem or take medicines that thin the blood, "
        "and about any other medicine given into the spine."
    )
    screen.add_medication_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, MedicationDialog)
    assert dialog.focusWidget() is dialog.name, "the name is typed first"
    qtbot.keyClicks(dialog.name, "Apixaban")
    qtbot.keyClicks(dialog.dose, "5 mg twice a day")
    dialog.since.enabled.setChecked(True)
    dialog.since.date.set_date(dt.date(2025, 2, 1))
    click_save(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted

    _, [med], _ = saved(data_dir)
    assert (med.name, med.dose, med.since, med.stopped) == (
        "Apixaban",
        "5 mg twice a day",
        dt.date(2025, 2, 1),
        None,
    )
    model = screen.medication_model
    assert [model.index(0, c).data() for c in range(4)] == [
        "Apixaban",
        "5 mg twice a day",
        "February 1, 2025",
        "still taking",
    ]


def test_current_medicines_come_first_and_a_stop_before_the_start_is_refused(screen, session, data_dir):
    visit = session.records.visit
    visit.add_medication(Medication("Baclofen", since=dt.date(2025, 1, 1), stopped=dt.date(2026, 4, 1)))
    visit.add_medication(Medication("Riluzole", since=dt.date(2024, 9, 1)))
    session.changed.emit(EVERYTHING)
    model = screen.medication_model
    assert [model.index(r, 0).data() for r in range(2)] == ["Riluzole", "Baclofen"]

    screen.show_section(MEDICINES)
    screen.medication_table.selectRow(0)
    screen.edit_medication_button.click()
    dialog = screen.dialog
    assert dialog.name.text() == "Riluzole"
    dialog.stopped.enabled.setChecked(True)
    dialog.stopped.date.set_date(dt.date(2024, 8, 1))
    click_save(dialog)
    assert dialog.error.text() == "The date you stopped it cannot be before the date you started it."
    assert saved(data_dir)[1][1].stopped is None
    dialog.name.clear()
    click_save(dialog)
    assert dialog.error.text() == "Write the name of the medicine."
    assert sorted(m.name for m in saved(data_dir)[1]) == ["Baclofen", "Riluzole"]


def test_a_question_by_keyboard_only_then_marked_asked(screen, qtbot, session, data_dir):
    # Reach the questions with the keyboard: the arrow keys move between the section buttons and
    # choose the section; Tab goes on into it.
    first = screen.section_buttons[MEASUREMENTS]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert screen.current_section() == MEDICINES
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert screen.current_section() == QUESTIONS
    assert QApplication.focusWidget() is screen.section_buttons[QUESTIONS]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.question_edit

    qtbot.keyClicks(screen.question_edit, "Can I travel by plane after a dose?")
    qtbot.keyClick(screen.question_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.question_edit, "Should I have a new breathing test?")
    qtbot.keyClick(screen.question_edit, Qt.Key.Key_Enter)  # the number pad's Enter too
    assert screen.question_edit.text() == ""
    assert screen.question_edit.hasFocus(), "ready for the next question"

    _, _, questions = saved(data_dir)
    assert [(q.text, q.created_on, q.asked_on) for q in questions] == [
        ("Can I travel by plane after a dose?", TODAY, None),
        ("Should I have a new breathing test?", TODAY, None),
    ]
    assert screen.question_model.rowCount() == 2

    # Space on the list marks the chosen question asked; the cursor stays on the same line, so a
    # second Space marks the next one.
    screen.question_list.setFocus()
    screen.question_list.setCurrentIndex(screen.question_model.index(0, 0))
    qtbot.keyClick(screen.question_list, Qt.Key.Key_Space)
    first, second = saved(data_dir)[2]
    assert (first.asked_on, second.asked_on) == (TODAY, None)
    shown = screen.question_model.index(1, 0).data()
    assert shown == "Can I travel by plane after a dose?\nAsked on June 15, 2026", "asked ones go last"
    assert screen.selected_question().text == "Should I have a new breathing test?"
    assert screen.asked_button.text().replace("&", "") == "Mark as asked"

    # The big button does the same, and takes it back.
    screen.question_list.setCurrentIndex(screen.question_model.index(1, 0))
    assert screen.asked_button.text().replace("&", "") == "Mark as not asked"
    assert screen.asked_button.accessibleName() == "Mark as not asked"
    screen.asked_button.click()
    assert all(q.asked_on is None for q in saved(data_dir)[2])
    session.undo_stack.undo()
    assert [q.asked_on for q in saved(data_dir)[2]] == [TODAY, None]


def test_a_click_on_a_questions_tick_box_marks_it_asked(screen, qtbot, session, data_dir):
    first = session.records.visit.add_question("Can I travel?")
    second = session.records.visit.add_question("Breathing test?")
    session.changed.emit(EVERYTHING)
    screen.show_section(QUESTIONS)
    view = screen.question_list
    rect = view.visualRect(screen.question_model.index(1, 0))
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = rect
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert [q.asked_on for q in saved(data_dir)[2]] == [None, TODAY]
    assert [screen.question_model.row_at(r).id for r in range(2)] == [first.id, second.id]


def test_an_empty_question_is_refused_inline(screen, qtbot, data_dir):
    screen.show_section(QUESTIONS)
    screen.question_edit.setFocus()
    qtbot.keyClicks(screen.question_edit, "   ")
    qtbot.keyClick(screen.question_edit, Qt.Key.Key_Return)
    assert screen.question_error.isVisible()
    assert screen.question_error.text() == "Write the question first."
    assert saved(data_dir) == ([], [], [])
    qtbot.keyClicks(screen.question_edit, "x")
    assert not screen.question_error.isVisible(), "the message goes as soon as the user types"


def test_edit_a_question_and_refuse_an_asked_date_before_it_was_written(screen, qtbot, session, data_dir):
    question = session.records.visit.add_question("Can I travel?")
    session.changed.emit(EVERYTHING)
    screen.show_section(QUESTIONS)
    screen.edit_question_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, QuestionDialog)
    dialog.text.setPlainText("Can I travel by plane — après une injection ?")
    dialog.asked.enabled.setChecked(True)
    dialog.asked.date.set_date(TODAY - dt.timedelta(days=1))
    click_save(dialog)
    assert (
        dialog.error.text()
        == "The date it was asked cannot be before the day the question was written (June 15, 2026)."
    )
    assert saved(data_dir)[2] == [question]
    dialog.asked.date.set_date(TODAY)
    click_save(dialog)
    [edited] = saved(data_dir)[2]
    assert (edited.text, edited.asked_on) == ("Can I travel by plane — après une injection ?", TODAY)


def test_delete_then_undo_with_the_windows_undo_button_and_ctrl_z(qtbot, data_dir, fixed_today):
    window = create_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Shown in the window as the wiring will do it: one more page.
    screen = VisitNotesScreen(window.session)
    window.pages.addWidget(screen)
    window.pages.setCurrentWidget(screen)
    messages: list[str] = []
    screen.message.connect(messages.append)
    visit = window.session.records.visit
    weight = visit.add_measurement(Measurement(dt.date(2026, 6, 1), MeasurementKind.WEIGHT, 72.5))
    med = visit.add_medication(Medication("Riluzole"))
    question = visit.add_question("Can I travel?")
    window.session.changed.emit(EVERYTHING)

    screen.delete_measurement_button.click()
    assert saved(data_dir)[0] == []
    assert messages[-1] == "The measurement was deleted. Press Undo (or Ctrl+Z) to bring it back."
    with open_store(data_dir) as store:
        assert [m for m, _ in MeasurementRepository(store).deleted()] == [weight], "soft delete"
    assert window.undo_button.isEnabled()
    window.undo_button.click()
    assert saved(data_dir)[0] == [weight]
    assert screen.measurement_model.rowCount() == 1

    screen.delete_medication_button.click()
    screen.delete_question_button.click()
    assert saved(data_dir) == ([weight], [], [])
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert saved(data_dir)[2] == [question]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert saved(data_dir)[1] == [med]
    assert screen.medication_model.rowCount() == 1 and screen.question_model.rowCount() == 1


def test_undo_of_an_add_deletes_softly_and_redo_brings_the_same_record_back(screen, qtbot, session, data_dir):
    screen.show_section(QUESTIONS)
    screen.question_edit.setFocus()
    qtbot.keyClicks(screen.question_edit, "Is my weight loss a concern?")
    screen.add_question_button.click()
    [question] = saved(data_dir)[2]
    session.undo_stack.undo()
    assert saved(data_dir)[2] == []
    assert [i.description for i in session.records.visit.deleted_items()] == [
        "Question: Is my weight loss a concern?"
    ]
    session.undo_stack.redo()
    assert saved(data_dir)[2] == [question]


def _unnamed(parent, kinds) -> list:
    """Visible controls of ``kinds`` without a name for screen readers. A line edit inside a date
    field or a combo box is spoken with its owner's name."""
    missing = []
    for kind in kinds:
        for widget in parent.findChildren(kind):
            inner = isinstance(widget, QLineEdit) and isinstance(
                widget.parent(), QAbstractSpinBox | QComboBox
            )
            if widget.isVisible() and not inner and not widget.accessibleName():
                missing.append(widget)
    return missing


def test_every_control_is_big_enough_and_named(screen, qtbot):
    kinds = (QPushButton, QLineEdit, QTableView, QListView, QCheckBox, QComboBox, QPlainTextEdit)
    for index in (MEASUREMENTS, MEDICINES, QUESTIONS):
        screen.show_section(index)
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 44, button.text()
        assert _unnamed(screen, kinds) == []
    for dialog in (
        MeasurementDialog(screen.session, parent=screen),
        MedicationDialog(screen.session, parent=screen),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _unnamed(dialog, (*kinds, QDateEdit)) == []
        for button in dialog.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 44, button.text()
        dialog.close()
