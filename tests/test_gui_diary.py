"""The diary through real widgets: a full entry by keyboard, red-flag banners, check-ins."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QPushButton

from companion.core.models import PATIENT, DiaryEntry, DoseRecord
from companion.store.diary import DiaryRepository
from companion.store.opening import open_store
from companion.ui.app import create_window
from companion.ui.dialogs.entry import EntryDialog
from companion.ui.main_window import DIARY, MainWindow
from companion.ui.red_flag import RedFlagDialog

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
    panel.team_out_of_hours.setText("0123 999 999")
    panel.save_button.click()
    return win


def stored_entries(folder) -> list[DiaryEntry]:
    with open_store(folder) as store:
        return DiaryRepository(store).entries()


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


def press_tab_until(qtbot, widget, target, limit: int = 80) -> None:
    """Press Tab until ``target`` has the keyboard focus (fails if it is never reached)."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def test_a_full_entry_by_keyboard_alone_keeps_the_caregivers_name(window, qtbot, data_dir):
    dialog = EntryDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date)
    # The date: the month is chosen first; the Down arrow goes back one month (15 May).
    qtbot.keyClick(dialog.date, Qt.Key.Key_Down)
    press_tab_until(qtbot, dialog, dialog.time)
    qtbot.keyClicks(dialog.time, "0930")
    press_tab_until(qtbot, dialog, dialog.by_patient)
    qtbot.keyClick(dialog.by_patient, Qt.Key.Key_Right)  # arrows move to "A caregiver"
    assert dialog.by_caregiver.isChecked()
    press_tab_until(qtbot, dialog, dialog.caregiver)
    qtbot.keyClicks(dialog.caregiver, "Tom")
    headache = dialog.severity["headache"]
    press_tab_until(qtbot, dialog, headache)
    qtbot.keyClick(headache, Qt.Key.Key_Down)
    qtbot.keyClick(headache, Qt.Key.Key_Down)  # moderate
    fatigue = dialog.severity["fatigue"]
    press_tab_until(qtbot, dialog, fatigue)
    qtbot.keyClick(fatigue, Qt.Key.Key_Down)  # mild
    press_tab_until(qtbot, dialog, dialog.note)
    qtbot.keyClicks(dialog.note, "Slept badly")
    save = dialog.buttons.buttons()[0]
    assert save.text().replace("&", "") == "Save"
    press_tab_until(qtbot, dialog, save)
    qtbot.keyClick(save, Qt.Key.Key_Space)
    assert dialog.result() == dialog.DialogCode.Accepted

    [entry] = stored_entries(data_dir)
    assert entry.at.replace(tzinfo=None) == dt.datetime(2026, 5, 15, 9, 30)
    assert entry.at.utcoffset() is not None, "stored with its UTC offset"
    assert entry.by == "Tom"
    assert entry.symptoms == {"headache": 2, "fatigue": 1}
    assert entry.note == "Slept badly"
    # The caregiver is remembered for the next entry.
    again = EntryDialog(window.session, parent=window)
    qtbot.addWidget(again)
    assert again.by_caregiver.isChecked() and again.caregiver.currentText() == "Tom"


def test_the_diary_table_shows_days_after_the_dose_and_filters_in_the_query(window, qtbot, data_dir):
    session = window.session
    session.add_entry(DiaryEntry(at=local(dt.date(2026, 6, 13), 0, 30), symptoms={"headache": 1}))
    session.add_entry(DiaryEntry(at=local(dt.date(2026, 6, 14), 20), by="Tom", note="Ça va — 好"))
    session.add_entry(DiaryEntry(at=local(dt.date(2026, 5, 1), 8), symptoms={"muscle_cramps": 2}))
    window.show_page(DIARY)
    screen = window.diary
    model = screen.model
    assert model.rowCount() == 3
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(3)]
    # Babel puts a narrow no-break space before PM.
    assert rows[0][:3] == ["June 14, 2026, 8:00\u202fPM", "2 days after", "As usual"]
    assert rows[0][4:] == ["Tom", "Ça va — 好"]
    assert rows[1][1] == "1 day after", "counted by the entry's own local date"
    assert rows[2][1] == "", "no dose before 1 May"

    screen.symptom.setCurrentIndex(screen.symptom.findData("headache"))
    assert model.rowCount() == 1
    screen.symptom.setCurrentIndex(0)
    screen.search.setText("好")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    screen.search.setText("")
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    screen.author.setCurrentIndex(screen.author.findData(PATIENT))
    assert model.rowCount() == 2
    screen.author.setCurrentIndex(0)
    screen.period.setCurrentIndex(screen.period.findData("7"))
    assert model.rowCount() == 2
    assert screen.count_label.text() == "2 entries"


def test_delete_and_undo_in_the_diary(window, qtbot, data_dir):
    window.session.add_entry(DiaryEntry(at=local(dt.date(2026, 6, 14), 9), note="keep me"))
    window.show_page(DIARY)
    window.diary.cards.select_row(0)
    window.diary.delete_button.click()
    assert stored_entries(data_dir) == []
    assert window.diary.model.rowCount() == 0
    window.undo_button.click()
    assert [e.note for e in stored_entries(data_dir)] == ["keep me"]
    assert window.diary.model.rowCount() == 1


def test_i_feel_as_usual_is_one_action_on_the_home_screen(window, qtbot, data_dir):
    checkin = window.home.checkin
    assert checkin.isVisible()
    assert "3 days after your dose" in checkin.question.text()
    qtbot.mouseClick(checkin.usual_button, Qt.MouseButton.LeftButton)
    [entry] = stored_entries(data_dir)
    assert entry.symptoms == {} and entry.by == PATIENT and entry.at.date() == TODAY
    assert not checkin.isVisible(), "answered: the check-in goes away"
    assert window.home.feel_row.isVisible()


def test_a_dismissed_checkin_stays_dismissed_and_can_be_undone(window, qtbot, data_dir):
    window.home.checkin.dismiss_button.click()
    assert not window.home.checkin.isVisible()
    assert stored_entries(data_dir) == []
    window.history.undo()
    assert window.home.checkin.isVisible()


def test_saving_a_red_flag_entry_shows_the_banner_with_the_care_team_numbers(window, qtbot, data_dir):
    shown: list[RedFlagDialog] = []

    def read_banner() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RedFlagDialog):
            QTimer.singleShot(10, read_banner)
            return
        shown.append(dialog)
        [banner] = dialog.banners
        text = banner.accessibleDescription()
        assert "0123 456 789" in text and "0123 999 999" in text
        # vision changes: level now (design.md §5)
        assert "Contact your care team now. If you cannot reach them quickly, go to emergency" in text
        assert "call emergency services" in text
        dialog.reject()  # close without reading: the banner stays on the home screen

    def write_entry() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EntryDialog):
            QTimer.singleShot(10, write_entry)
            return
        dialog.time.setTime(dialog.time.time().fromString("00:10", "HH:mm"))
        dialog.severity["vision_changes"].setCurrentIndex(1)
        QTimer.singleShot(0, read_banner)
        dialog.buttons.buttons()[0].click()

    QTimer.singleShot(0, write_entry)
    window.home.write_button.click()
    assert shown, "the banner was shown right after saving"
    [banner] = window.home.banners
    assert "raised pressure inside the head" in banner.accessibleName()
    banner.known_button.click()
    assert window.home.banners == []

    # Same symptom, not worse: no new banner. Worse: a banner again.
    window.session.add_entry(DiaryEntry(at=local(TODAY, 1), symptoms={"vision_changes": 1}))
    assert window.home.banners == []
    window.session.add_entry(DiaryEntry(at=local(TODAY, 2), symptoms={"vision_changes": 3}))
    assert len(window.home.banners) == 1


def test_urgent_breathing_written_now_says_to_call_emergency_services(window, qtbot, data_dir):
    window.session.add_entry(
        DiaryEntry(at=window.session.records.diary.now(), symptoms={"breathing_difficulty": 3})
    )
    [banner] = window.home.banners
    assert "If this is happening now and is worse than usual, call emergency services now." in (
        banner.accessibleDescription()
    )
    assert "today" not in banner.accessibleDescription(), "nothing weakens the call to emergency services"
    assert not banner.known_button.isVisibleTo(banner), "an emergency is never kept quiet"


def test_ordinary_post_injection_symptoms_raise_no_banner(window, qtbot, data_dir):
    window.session.add_entry(
        DiaryEntry(at=local(TODAY, 1), symptoms={"headache": 2, "back_pain": 3, "fatigue": 3, "weakness": 3})
    )
    assert window.home.banners == []


def test_diary_screen_controls_are_named_and_large(window, qtbot):
    window.show_page(DIARY)
    for kind in (QPushButton, QComboBox, QPlainTextEdit):
        for widget in window.diary.findChildren(kind):
            if widget.isVisible():
                assert widget.accessibleName(), widget
                assert widget.height() >= 40, widget.accessibleName()


def test_a_dose_recorded_resets_the_checkin_to_the_new_dose(window, qtbot, data_dir):
    window.session.record_dose(DoseRecord(given_on=TODAY - dt.timedelta(days=1), number=8, place="x"))
    assert "1 day after your dose" in window.home.checkin.question.text()


@pytest.mark.parametrize("percent", [100, 200])
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_diary_cards_show_every_detail_uncut_at_100_and_200_percent(
    qtbot, data_dir, monkeypatch, language, percent
):
    """Each entry is a card that wraps: when, days after the dose, symptoms in words with their
    severity, the warning (with its heading), the note, who wrote it. Nothing is cut in a 1280 x 720
    window, at 100 % or 200 % text (the table cut every cell at 200 %)."""
    import dataclasses

    from item_views import elided_items

    from companion import i18n
    from companion.ui.app import install_translators
    from companion.ui.style import apply_style

    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    i18n.set_language(language)
    install_translators(QApplication.instance(), language)
    try:
        win = create_window(data_dir)
        qtbot.addWidget(win)
        panel = win.home.setup_panel
        panel.date.set_date(dt.date(2026, 6, 1))
        panel.team_phone.setText("0123")
        panel.team_out_of_hours.setText("0456")
        panel.save_button.click()
        session = win.session
        session.add_entry(
            DiaryEntry(
                at=local(dt.date(2026, 6, 3), 8),
                symptoms={"vision_changes": 3, "headache": 3},
                note="Called the day unit. They said to come in tomorrow morning before nine.",
                by="Tom Example",
            )
        )
        session.add_entry(DiaryEntry(at=local(dt.date(2026, 6, 14), 9, 30), symptoms={"fatigue": 1}))
        session.save_profile(dataclasses.replace(session.records.profile.get(), text_size=percent))
        win.apply_look()
        win.resize(1280, 720)
        win.show()
        qtbot.waitExposed(win)
        win.show_page(DIARY)
        qtbot.wait(50)
        cards = win.diary.cards
        older = cards.model().index(1, 0).data(Qt.ItemDataRole.AccessibleTextRole)
        _ = i18n._
        for words in (
            "3",  # the day of the month, whatever the format
            i18n.ngettext("{n} day after the dose", "{n} days after the dose", 2).format(n=2),
            _("Warning sign: {title}").split(":")[0],
            _("Headache") + " (" + _("severe") + ")",
            "tomorrow morning before nine.",
            _("Written by") + ": Tom Example",
        ):
            assert words in older, (words, older)
        cards.scrollTo(cards.model().index(1, 0))
        qtbot.wait(20)
        assert elided_items(cards) == []
        assert cards.visualRect(cards.model().index(0, 0)).width() <= cards.viewport().width()
    finally:
        apply_style(QApplication.instance(), 100, False)
        install_translators(QApplication.instance(), "en")
        i18n.set_language("en")


def in_modal(qtbot, kind, act) -> None:
    """Run ``act(dialog)`` on the modal dialog of type ``kind`` once it is open."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, step)

    QTimer.singleShot(20, step)


@pytest.mark.parametrize("language", ["en", "de"])
def test_escape_on_a_changed_entry_asks_before_throwing_it_away(window, qtbot, language):
    from PySide6.QtWidgets import QMessageBox

    from companion import i18n

    i18n.set_language(language)
    try:
        dialog = EntryDialog(window.session, parent=window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        dialog.note.setPlainText("Slept badly")
        answers = []

        def answer(box, choice) -> None:
            answers.append(box.text())
            button = next(b for b in box.buttons() if b.text() == i18n._(choice))
            button.click()

        in_modal(qtbot, QMessageBox, lambda box: answer(box, "Keep writing"))
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        assert answers == [i18n._("This diary entry has not been saved. Leave without saving it?")]
        assert dialog.isVisible() and dialog.note.toPlainText() == "Slept badly"
        in_modal(qtbot, QMessageBox, lambda box: answer(box, "Leave without saving"))
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
        assert stored_entries(window.session.records.folder) == []
        # An unchanged form closes at once.
        fresh = EntryDialog(window.session, parent=window)
        qtbot.addWidget(fresh)
        fresh.show()
        qtbot.waitExposed(fresh)
        qtbot.keyClick(fresh.date, Qt.Key.Key_Escape)
        assert not fresh.isVisible() and len(answers) == 2
    finally:
        i18n.set_language("en")


def test_a_saved_entry_says_so_and_is_chosen_in_the_diary(window, qtbot):
    window.session.add_entry(DiaryEntry(at=local(dt.date(2026, 6, 14), 9), note="older"))
    window.session.add_entry(DiaryEntry(at=local(TODAY, 8), note="newer"))
    window.show_page(DIARY)
    screen = window.diary

    def write(dialog) -> None:
        dialog.date.set_date(dt.date(2026, 6, 13))  # the oldest: the last card, not the first
        dialog.severity["headache"].setCurrentIndex(1)
        dialog.buttons.buttons()[0].click()

    in_modal(qtbot, EntryDialog, write)
    screen.new_button.click()
    [saved] = [e for e in window.session.records.diary.entries() if e.symptoms]
    assert screen.selected_id() == saved.id, "Edit and Delete act on the new entry"
    assert screen.cards.currentIndex().row() == 2  # newest first: 15, 14, 13 June
    assert window.message_bar.isVisible()
    assert window.message_bar.label.text().startswith("Saved: your diary entry of June 13, 2026")
