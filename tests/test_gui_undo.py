"""Undo says what it undoes (issue 15): the message bar and the Undo button name the latest action,
undoing a diary entry that carries a warning sign asks first, and Redo is a visible button too."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.core.models import Appointment, DiaryEntry, DoseRecord
from companion.i18n import format_date, format_datetime
from companion.store.diary import DiaryRepository
from companion.store.opening import open_store
from companion.ui.app import create_window
from companion.ui.main_window import MainWindow

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def window(qtbot, data_dir, monkeypatch) -> MainWindow:
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    panel = win.home.setup_panel
    panel.date.set_date(dt.date(2026, 6, 12))
    panel.which.setCurrentIndex(panel.which.findData("maintenance"))
    panel.maintenance_number.setValue(7)
    panel.team_phone.setText("0123 456 789")
    panel.save_button.click()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def local(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


def stored_ids(folder) -> set[str]:
    with open_store(folder) as store:
        return {entry.id for entry in DiaryRepository(store).entries()}


class Boxes:
    """Answers the message boxes that appear, with the button of the given text (or the keyboard:
    ``"Enter"`` presses the default button), and keeps what each one said."""

    def __init__(self, answer: str):
        self.answer = answer
        self.seen: list[dict] = []
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or any(s["box"] is box for s in self.seen):
            return
        self.seen.append(
            {
                "box": box,
                "text": box.text(),
                "informative": box.informativeText(),
                "buttons": [b.text() for b in box.buttons()],
                "default": box.defaultButton().text() if box.defaultButton() else None,
                "escape": box.escapeButton().text() if box.escapeButton() else None,
                "heights": [b.height() for b in box.buttons()],
            }
        )
        if self.answer == "Enter":
            QTest.keyClick(box, Qt.Key.Key_Return)
            return
        for button in box.buttons():
            if button.text() == self.answer:
                button.click()
                return
        raise AssertionError(f"no button {self.answer!r} in {[b.text() for b in box.buttons()]}")

    def stop(self) -> None:
        self._timer.stop()


def test_the_message_bar_and_the_tooltip_name_the_latest_action(window, qtbot, data_dir):
    window.home.usual_button.click()
    bar = window.message_bar
    first = window.session.records.diary.entries()[0]
    assert bar.isVisible()
    assert f"Undo: new diary entry of {format_datetime(first.at)}" in bar.label.text()

    later = window.session.add_entry(DiaryEntry(at=local(10, 45), symptoms={"headache": 1}))

    text = bar.label.text()
    expected = f"Undo: new diary entry of {format_datetime(later.at)}"
    assert expected in text
    assert "as usual" not in text, "the bar still offers to undo the earlier entry"
    assert window.undo_button.toolTip() == expected
    assert expected == "Undo: new diary entry of June 15, 2026, 10:45\u202fAM"

    window.undo_button.click()
    assert later.id not in stored_ids(data_dir) and first.id in stored_ids(data_dir)
    assert f"Undone: new diary entry of {format_datetime(later.at)}" in bar.label.text()
    assert window.undo_button.toolTip() == f"Undo: new diary entry of {format_datetime(first.at)}"
    assert window.redo_button.toolTip() == expected.replace("Undo:", "Redo:")


def test_every_kind_of_action_reads_well_after_undo_and_redo(window, qtbot):
    session = window.session
    dose = DoseRecord(given_on=dt.date(2026, 6, 13))
    steps = [
        (lambda: session.record_dose(dose), "recording the dose of June 13, 2026"),
        (lambda: session.delete_dose(dose.id), "deleting the dose of June 13, 2026"),
        (lambda: session.restore_dose(dose.id), "restoring the dose of June 13, 2026"),
        (
            lambda: session.book_appointment(Appointment(on=dt.date(2026, 7, 1))),
            "booking the appointment of July 1, 2026",
        ),
        (
            lambda: session.add_entry(DiaryEntry(at=local(9, 5))),
            "new diary entry of June 15, 2026, 9:05\u202fAM",  # Babel: a narrow space before AM
        ),
    ]
    for action, text in steps:
        action()
        assert window.undo_button.toolTip() == f"Undo: {text}"
        assert window.message_bar.isHidden() or text in window.message_bar.label.text()
    entry = session.records.diary.entries()[0]
    session.edit_entry(DiaryEntry(id=entry.id, at=entry.at, symptoms={"fatigue": 1}))
    assert window.undo_button.toolTip() == "Undo: changes to the diary entry of June 15, 2026, 9:05\u202fAM"
    session.delete_entry(entry.id)
    assert window.undo_button.toolTip() == "Undo: deleting the diary entry of June 15, 2026, 9:05\u202fAM"
    profile = session.records.profile.get()
    session.save_profile(profile)
    assert window.undo_button.toolTip() == "Undo: changes to the settings"
    assert format_date(dt.date(2026, 6, 13)) == "June 13, 2026"


def test_redo_is_a_visible_button_enabled_only_with_something_to_redo(window, qtbot, data_dir):
    redo = window.redo_button
    assert redo.isVisible() and redo.accessibleName() == "Redo"
    assert redo.height() >= 44
    assert not redo.isEnabled() and redo.toolTip() == ""
    entry = window.session.add_entry(DiaryEntry(at=local(8, 30), symptoms={"fatigue": 1}))
    assert not redo.isEnabled()
    window.undo_button.click()
    assert entry.id not in stored_ids(data_dir)
    assert redo.isEnabled()
    assert redo.toolTip() == "Redo: new diary entry of June 15, 2026, 8:30\u202fAM"
    redo.click()
    assert entry.id in stored_ids(data_dir)
    assert not redo.isEnabled()
    assert "Redone: new diary entry of June 15, 2026, 8:30\u202fAM" in window.message_bar.label.text()


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ],
    ids=["ctrl+y", "ctrl+shift+z"],
)
def test_ctrl_y_and_ctrl_shift_z_both_redo(window, qtbot, data_dir, keys):
    shortcuts = {s.toString() for s in window.history.redo_action.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= shortcuts
    entry = window.session.add_entry(DiaryEntry(at=local(8, 30), symptoms={"fatigue": 1}))
    window.home.usual_button.setFocus()
    qtbot.keyClick(window.home.usual_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entry.id not in stored_ids(data_dir)
    qtbot.keyClick(window.home.usual_button, *keys)
    assert entry.id in stored_ids(data_dir)
    assert QKeySequence(keys[0] | keys[1]).toString() in shortcuts


def test_undoing_an_entry_with_a_warning_sign_asks_and_no_keeps_it(window, qtbot, data_dir):
    session = window.session
    diary = session.records.diary
    warned = session.add_entry(DiaryEntry(at=local(10, 30), symptoms={"numbness_tingling": 2}))
    assert diary.carries_warning(warned.id)
    banners_before = len(diary.banners())
    assert banners_before >= 1

    boxes = Boxes("Enter")  # the default button: keep the entry
    window.undo_button.click()
    boxes.stop()

    assert len(boxes.seen) == 1
    seen = boxes.seen[0]
    assert "warning sign" in seen["text"]
    assert "Undo: new diary entry of June 15, 2026, 10:30\u202fAM" in seen["informative"]
    assert seen["default"] == "Keep the entry" and seen["escape"] == "Keep the entry"
    assert set(seen["buttons"]) == {"Keep the entry", "Remove the entry"}
    assert min(seen["heights"]) >= 44
    assert warned.id in stored_ids(data_dir), "the warned entry was removed"
    assert diary.carries_warning(warned.id) and len(diary.banners()) == banners_before
    assert window.undo_button.toolTip() == "Undo: new diary entry of June 15, 2026, 10:30\u202fAM"

    window.activateWindow()  # the offscreen platform does not give it back when the box closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    boxes = Boxes("Remove the entry")
    qtbot.keyClick(window.home.usual_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    boxes.stop()
    assert len(boxes.seen) == 1
    assert warned.id not in stored_ids(data_dir)


def test_undoing_an_entry_without_a_warning_does_not_ask(window, qtbot, data_dir):
    plain = window.session.add_entry(DiaryEntry(at=local(10, 30), symptoms={"fatigue": 2}))
    boxes = Boxes("Keep the entry")
    window.undo_button.click()
    boxes.stop()
    assert boxes.seen == []
    assert plain.id not in stored_ids(data_dir)


def test_redoing_the_deletion_of_a_warned_entry_asks_too(window, qtbot, data_dir):
    session = window.session
    warned = session.add_entry(DiaryEntry(at=local(10, 30), symptoms={"numbness_tingling": 2}))
    session.delete_entry(warned.id)
    assert warned.id not in stored_ids(data_dir)
    window.history.undo()  # brings it back: no question
    assert warned.id in stored_ids(data_dir)
    boxes = Boxes("Keep the entry")
    window.redo_button.click()
    boxes.stop()
    assert len(boxes.seen) == 1 and "Redo: deleting the diary entry" in boxes.seen[0]["informative"]
    assert warned.id in stored_ids(data_dir)
    assert window.redo_button.isEnabled()
