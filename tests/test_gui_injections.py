"""The window, driven through its real widgets: first start, recording doses, undo, appointments."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from companion.core.models import Appointment, DoseRecord, TreatmentStatus
from companion.store import revisions
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.store.profile import ProfileRepository
from companion.ui.app import create_window
from companion.ui.dialogs.appointment import AppointmentDialog
from companion.ui.dialogs.dose import DoseDialog
from companion.ui.dialogs.profile import ProfileDialog
from companion.ui.dialogs.recently_deleted import RecentlyDeletedDialog
from companion.ui.main_window import MainWindow

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture
def window(qtbot, data_dir, fixed_today) -> MainWindow:
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def stored_doses(folder) -> list[DoseRecord]:
    with open_store(folder) as store:
        return DoseRepository(store).all()


def click_save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def answer_modal(button_text: str) -> None:
    """Click ``button_text`` in the next modal message box, once it appears."""

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, handle)
            return
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, handle)


def test_first_start_asks_for_the_most_recent_dose_and_shows_the_schedule(window, qtbot, data_dir):
    home = window.home
    panel = home.setup_panel
    assert home.pages.currentIndex() == 0, "a first start shows the welcome"
    assert panel.isVisible()
    # A patient already in maintenance: "dose 12 on 12 May".
    panel.date.set_date(dt.date(2026, 5, 12))
    panel.which.setCurrentIndex(panel.which.findData("maintenance"))
    panel.maintenance_number.setValue(12)
    qtbot.keyClicks(panel.team_name, "ALS clinic")
    qtbot.keyClicks(panel.team_phone, "+44 20 7946 0000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    assert home.pages.currentIndex() == 1
    assert home.card.dose.text() == "Dose 13 (maintenance)"
    # 12 May + 28 days = 9 June: six days before "today" (15 June).
    assert home.card.big.text() == "6 days overdue — contact your clinic"
    assert "June 9, 2026" in home.card.detail.text()
    assert home.card.property("tone") == "alert"
    assert home.rating_row.isVisible(), "an ALSFRS-R self-rating is suggested before the next dose"
    [dose] = stored_doses(data_dir)
    assert (dose.given_on, dose.number) == (dt.date(2026, 5, 12), 12)
    with open_store(data_dir) as store:
        profile = ProfileRepository(store).get()
    assert profile.care_team_name == "ALS clinic"
    assert profile.care_team_phone == "+44 20 7946 0000"
    assert "Phone: +44 20 7946 0000" in home.care_team.text()
    # The out-of-hours number is still missing: the home screen asks for it again.
    assert home.care_team_button.isVisible()


# The offscreen platform cannot raise a pop-up or grab the keyboard for it; it says so, and goes on.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
@pytest.mark.parametrize(
    "key, modifier",
    [(Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)],
)
def test_a_date_is_picked_from_the_calendar_by_keyboard_alone(window, qtbot, key, modifier):
    """F4 (one key: no chord needed) or Alt+Down opens the calendar, as on a drop-down list; the
    arrow keys move the day and Enter takes it."""
    field = window.home.setup_panel.date
    field.set_date(dt.date(2026, 6, 1))
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, key, modifier)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert field.date_value() == dt.date(2026, 6, 1), "opening the calendar changes nothing"
    # The keys go where a keyboard's go: to the widget with the focus, which must be the calendar.
    qtbot.waitUntil(lambda: calendar.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert field.date_value() == dt.date(2026, 6, 2)


def test_first_start_with_a_planned_first_dose(window, qtbot, data_dir):
    panel = window.home.setup_panel
    panel.planned.setChecked(True)
    assert not panel.which.isVisible(), "a planned first dose needs no dose number"
    panel.date.set_date(TODAY + dt.timedelta(days=5))
    panel.save_button.click()
    card = window.home.card
    assert card.dose.text() == "Dose 1 (loading)"
    assert card.big.text() == "In 5 days"
    assert stored_doses(data_dir) == []
    lines = window.home.coming_up.findChildren(type(window.home.care_team))
    texts = [label.text() for label in lines]
    # Dose 2 projected 14 days after the planned first dose (20 June).
    assert "Saturday, July 4, 2026" in texts


def test_the_status_card_takes_the_colour_of_its_tone_at_once(window, qtbot, data_dir):
    """Overdue is red, on time is green: the card is repainted in its new tone as soon as the
    status changes, not only when the window is next restyled."""
    from PySide6.QtGui import QColor

    def background() -> str:
        card = window.home.card
        qtbot.waitExposed(card)
        image = card.grab().toImage()
        return QColor(image.pixel(image.width() // 2, 6)).name()

    window.home.setup_panel.date.set_date(dt.date(2026, 5, 20))
    window.home.setup_panel.which.setCurrentIndex(0)  # dose 1: dose 2 due 3 June, 12 days overdue
    window.home.setup_panel.save_button.click()
    assert window.home.card.property("tone") == "alert"
    assert background() == "#fdecee"
    window.session.record_dose(DoseRecord(given_on=TODAY))
    window.home.refresh()
    assert window.home.card.property("tone") == "calm"
    assert background() == "#eef8f1"


def test_recording_a_dose_updates_home_and_injections(window, qtbot, data_dir):
    window.home.setup_panel.date.set_date(dt.date(2026, 5, 20))
    window.home.setup_panel.which.setCurrentIndex(0)  # dose 1
    window.home.setup_panel.save_button.click()
    assert window.home.card.big.text() == "12 days overdue — contact your clinic"  # due 3 June

    dialog = DoseDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.date.set_date(dt.date(2026, 6, 5))
    # QTest types ASCII only; Unicode text goes in as a paste would.
    dialog.place.setText("Clinique Saint-Éloi")
    qtbot.keyClicks(dialog.csf, "10,5")
    dialog.note.setPlainText("Bien passé — 顺利")
    click_save(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted

    [_first, second] = stored_doses(data_dir)
    assert second.given_on == dt.date(2026, 6, 5)
    assert second.place == "Clinique Saint-Éloi"
    assert second.csf_removed_ml == 10.5
    assert second.note == "Bien passé — 顺利"
    assert second.number is None, "numbered by date order, not fixed"
    card = window.home.card
    assert card.dose.text() == "Dose 3 (loading)"
    assert card.big.text() == "In 4 days"  # 5 June + 14 = 19 June
    model = window.injections.dose_model
    assert model.rowCount() == 2
    newest = [model.index(0, c).data() for c in range(model.columnCount())]
    assert newest[:5] == ["2", "loading", "June 3, 2026", "June 5, 2026", "2 days late"]
    assert "10.5 mL" in newest


def test_a_dose_in_the_future_is_refused_with_a_message_and_nothing_saved(window, qtbot, data_dir):
    window.home.setup_panel.save_button.click()  # dose 1 today
    dialog = DoseDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    # The date field stops at today; a typed date beyond it is refused by the rules as well.
    dialog.date.setMaximumDate(dialog.date.maximumDate().addDays(30))
    dialog.date.set_date(TODAY + dt.timedelta(days=3))
    click_save(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog)
    assert "future" in dialog.error.text()
    assert len(stored_doses(data_dir)) == 1


def test_two_doses_under_ten_days_apart_ask_for_confirmation(window, qtbot, data_dir):
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()

    dialog = DoseDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.date.set_date(dt.date(2026, 6, 8))
    answer_modal("Go back and check")
    click_save(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert len(stored_doses(data_dir)) == 1, "nothing saved when the user goes back"

    answer_modal("Save anyway")
    click_save(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [d.given_on for d in stored_doses(data_dir)] == [dt.date(2026, 6, 1), dt.date(2026, 6, 8)]


def _window_with_doses(window, dates):
    window.home.setup_panel.date.set_date(dates[0])
    window.home.setup_panel.save_button.click()
    for day in dates[1:]:
        window.session.record_dose(DoseRecord(given_on=day))


def test_delete_then_undo_with_ctrl_z_and_the_undo_button(window, qtbot, data_dir):
    _window_with_doses(window, [dt.date(2026, 4, 1), dt.date(2026, 4, 15), dt.date(2026, 4, 29)])
    window.show_page(1)
    screen = window.injections
    screen.dose_table.select_row(0)  # newest first: 29 April
    screen.delete_dose_button.click()
    assert [d.given_on for d in stored_doses(data_dir)] == [dt.date(2026, 4, 1), dt.date(2026, 4, 15)]
    assert window.message_bar.isVisible()
    assert "Undo" in window.message_bar.label.text()
    with open_store(data_dir) as store:
        [(deleted, _when)] = DoseRepository(store).deleted()
    assert deleted.given_on == dt.date(2026, 4, 29), "a delete is soft: the record is kept"

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(stored_doses(data_dir)) == 3
    assert screen.dose_model.rowCount() == 3

    screen.dose_table.select_row(2)  # the oldest, 1 April
    screen.delete_dose_button.click()
    assert window.undo_button.isEnabled()
    window.undo_button.click()
    assert [d.given_on for d in stored_doses(data_dir)] == [
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 15),
        dt.date(2026, 4, 29),
    ]


def test_edit_keeps_the_previous_version_and_undo_restores_it(window, qtbot, data_dir):
    _window_with_doses(window, [dt.date(2026, 5, 1), dt.date(2026, 5, 15)])
    record = stored_doses(data_dir)[1]
    dialog = DoseDialog(window.session, record, parent=window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.lot, "LOT-42")
    dialog.date.set_date(dt.date(2026, 5, 16))
    click_save(dialog)
    edited = stored_doses(data_dir)[1]
    assert (edited.id, edited.given_on, edited.lot) == (record.id, dt.date(2026, 5, 16), "LOT-42")
    with open_store(data_dir) as store:
        history = revisions.of(store, record.id)
    assert history[-1]["old"]["given_on"] == "2026-05-15"

    window.history.undo()
    restored = stored_doses(data_dir)[1]
    assert (restored.given_on, restored.lot) == (dt.date(2026, 5, 15), "")
    window.history.redo()
    assert stored_doses(data_dir)[1].lot == "LOT-42"


def test_recently_deleted_restores_a_dose(window, qtbot, data_dir):
    _window_with_doses(window, [dt.date(2026, 5, 1), dt.date(2026, 5, 15)])
    first = stored_doses(data_dir)[0]
    window.session.delete_dose(first.id)
    window.session.undo_stack.clear()  # e.g. after a restart: undo history is gone
    dialog = RecentlyDeletedDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "May 1, 2026" in dialog.list.item(0).text()
    dialog.restore_button.click()
    assert stored_doses(data_dir)[0].id == first.id
    assert dialog.list.item(0).text() == "Nothing has been deleted."
    assert not dialog.restore_button.isEnabled()


def test_a_booked_appointment_replaces_the_overdue_alarm(window, qtbot, data_dir):
    window.home.setup_panel.date.set_date(dt.date(2026, 5, 1))
    window.home.setup_panel.which.setCurrentIndex(2)  # dose 3: next due 29 May, overdue
    window.home.setup_panel.save_button.click()
    assert window.home.card.property("tone") == "alert"

    dialog = AppointmentDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.date.set_date(dt.date(2026, 6, 18))
    qtbot.keyClicks(dialog.place, "Neurology day unit")
    click_save(dialog)
    card = window.home.card
    # "In N days" also when booked (issue 18); the booked date goes with the detail.
    assert card.big.text() == "In 3 days"
    assert card.detail.text() == (
        "Booked for Thursday, June 18, 2026.\n20 days after the due date (Friday, May 29, 2026)."
    )
    assert card.property("tone") == "calm"

    # The lumbar puncture failed: attempted, not given. That is not a dose, and the alarm returns.
    [appointment] = window.session.records.appointments.all()
    edit = AppointmentDialog(window.session, appointment, parent=window)
    qtbot.addWidget(edit)
    edit.date.set_date(dt.date(2026, 6, 12))
    edit.outcome.setCurrentIndex(edit.outcome.findText("Attempted, not given"))
    click_save(edit)
    assert len(stored_doses(data_dir)) == 1
    assert card.big.text() == "17 days overdue — contact your clinic"
    window.show_page(1)
    outcome = window.injections.appointment_model.index(0, 4).data()
    assert outcome == "attempted, not given"


def test_paused_treatment_silences_due_date_messages(window, qtbot, data_dir):
    window.home.setup_panel.date.set_date(dt.date(2026, 5, 1))
    window.home.setup_panel.save_button.click()
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.status_buttons[TreatmentStatus.PAUSED].setChecked(True)
    dialog.status_since.set_date(dt.date(2026, 6, 1))
    qtbot.keyClicks(dialog.status_note, "Waiting for the care team")
    click_save(dialog)
    card = window.home.card
    assert card.big.text() == "Treatment is paused"
    assert "Waiting for the care team" in card.detail.text()
    assert "overdue" not in card.big.text() + card.detail.text()
    assert not window.home.coming_up.isVisible()
    window.history.undo()
    assert "overdue" in card.big.text()


def test_a_second_window_cannot_open_the_same_folder(window, qtbot, data_dir):
    second = MainWindow(data_dir)
    qtbot.addWidget(second)
    assert second.session is None
    assert "already open" in second.message_bar.label.text()


def test_patient_switcher_keeps_each_patients_records_apart(qtbot, fixed_today, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    win = create_window(None)
    qtbot.addWidget(win)
    win.show()
    assert win.patient_combo.isVisible()
    win.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    win.home.setup_panel.save_button.click()
    first_folder = win.session.records.store.folder

    def type_name(name: str) -> None:
        def handle() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, handle)
                return
            dialog.setTextValue(name)
            dialog.accept()

        QTimer.singleShot(0, handle)

    type_name("Anna")
    win.add_patient_button.click()
    assert win.session.records.profile.get().display_name == "Anna"
    assert win.home.pages.currentIndex() == 0, "the new patient starts with the welcome"
    assert win.patient_combo.count() == 2
    assert win.patient_combo.currentText() == "Anna"
    # Undo follows the patient shown: the first patient's setup is not Anna's to take back.
    assert not win.undo_button.isEnabled()
    assert not win.message_bar.label.text().startswith("Undone")
    win.history.undo()
    assert win.session.records.profile.get().display_name == "Anna"

    index = win.patient_combo.findData(str(first_folder))
    win.patient_combo.setCurrentIndex(index)
    win.patient_combo.activated.emit(index)
    assert win.session.records.store.folder == first_folder
    assert win.home.card.dose.text() == "Dose 2 (loading)"


def test_every_button_is_at_least_44_pixels_and_named(window, qtbot):
    window.home.setup_panel.save_button.click()
    for page in range(window.pages.count()):
        window.show_page(page)
        for button in window.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 44, button.text()
                assert button.accessibleName(), button.text()


def when_modal(kind, action) -> None:
    """Run ``action`` on the next modal dialog of type ``kind``, once it is shown."""

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, handle)
            return
        action(dialog)

    QTimer.singleShot(0, handle)


def test_marking_a_dose_appointment_done_offers_to_record_the_dose(window, qtbot, data_dir):
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()
    window.session.book_appointment(Appointment(on=TODAY, at=dt.time(10, 30), place="Day unit"))
    window.show_page(1)
    window.injections.appointment_table.select_row(0)

    def mark_done(dialog: AppointmentDialog) -> None:
        dialog.outcome.setCurrentIndex(dialog.outcome.findText("Done"))
        when_modal(DoseDialog, save_dose)
        click_save(dialog)

    offered: list[DoseDialog] = []

    def save_dose(dialog: DoseDialog) -> None:
        offered.append(dialog)
        assert dialog.date.date_value() == TODAY
        assert dialog.place.text() == "Day unit"
        qtbot.keyClicks(dialog.lot, "L-7")
        click_save(dialog)

    when_modal(AppointmentDialog, mark_done)
    window.injections.edit_appointment_button.click()
    assert offered, "the dose dialog was offered"
    doses = stored_doses(data_dir)
    assert [(d.given_on, d.place, d.lot, d.given_at) for d in doses][-1] == (
        TODAY,
        "Day unit",
        "L-7",
        dt.time(10, 30),
    )
    assert window.home.card.dose.text() == "Dose 3 (loading)"


def test_settings_keep_the_patients_details(window, qtbot, data_dir):
    window.home.setup_panel.save_button.click()
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Ana María")
    dialog.sod1_variant.setText("A4V")
    dialog.birth_date.known.setChecked(True)
    dialog.birth_date.date.set_date(dt.date(1961, 2, 28))
    assert not dialog.onset_date.known.isChecked(), "an unknown date stays unknown"
    click_save(dialog)
    with open_store(data_dir) as store:
        profile = ProfileRepository(store).get()
    assert (profile.display_name, profile.sod1_variant) == ("Ana María", "A4V")
    assert (profile.birth_date, profile.onset_date) == (dt.date(1961, 2, 28), None)
    assert window.windowTitle() == "Tofersen Companion — Ana María"


def _in_modal(kind, act) -> None:
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, step)

    QTimer.singleShot(20, step)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_saved_dose_says_so_and_is_chosen_in_the_list(window, qtbot, data_dir, language):
    """After Save the message bar says which dose was saved, and the injections list has it chosen,
    so that Edit or Delete act on it and not on an older dose (issue 18)."""
    from companion import i18n

    _window_with_doses(window, [dt.date(2026, 4, 1), dt.date(2026, 4, 15), dt.date(2026, 5, 13)])
    window.show_page(1)
    screen = window.injections
    screen.dose_table.select_row(0)
    i18n.set_language(language)
    try:

        def fill(dialog) -> None:
            dialog.date.set_date(dt.date(2026, 4, 29))  # between two recorded doses
            click_save(dialog)

        _in_modal(DoseDialog, fill)
        window.forms.record_dose()
        saved = next(d for d in stored_doses(data_dir) if d.given_on == dt.date(2026, 4, 29))
        assert screen.selected_dose_id() == saved.id
        assert screen.dose_table.selected_row() == 1  # newest first: 13 May, 29 April, …
        text = window.message_bar.label.text()
        said = i18n._("Saved: dose {number}, given {date}. Press Undo (or Ctrl+Z) to take it back.")
        assert text.startswith(said.split("{")[0])
        assert "3" in text and "2026" in text  # dose 3 (of the four, by date)
    finally:
        i18n.set_language("en")
