"""The warnings in the window (issues 15 and 16): the Warnings list with each episode's state, a
reading taken back and undone, the banner's level and the user's emergency number, and a paused
treatment that shows no due date on the home screen. Real widgets driven by qtbot."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from companion.core.models import DiaryEntry, DoseRecord, TreatmentStatus
from companion.ui.app import create_window
from companion.ui.main_window import MainWindow
from companion.ui.warnings_dialog import WarningsDialog

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
    panel.team_phone.setText("0123 456 789")
    panel.save_button.click()
    return win


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


def test_the_warnings_list_shows_each_episode_and_takes_a_reading_back(window, qtbot):
    session = window.session
    session.add_entry(DiaryEntry(at=local(TODAY, 8), symptoms={"numbness_tingling": 1}))
    session.add_entry(DiaryEntry(at=local(TODAY, 9), symptoms={"fever": 2}))
    assert len(window.home.banners) == 2
    meningitis = next(b for b in window.home.banners if b.banner.rule.code == "aseptic_meningitis")
    meningitis.known_button.click()
    assert len(window.home.banners) == 1

    dialog = WarningsDialog(session, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(texts) == 2
    assert "Known to the care team" in texts[0], "newest first: the fever of 9:00"
    assert any("Waiting to be read" in t for t in texts)

    known_row = next(i for i, t in enumerate(texts) if "Known to the care team" in t)
    dialog.list.setCurrentRow(known_row)
    assert dialog.unread_button.isEnabled() and not dialog.read_button.isEnabled()
    dialog.unread_button.click()
    assert len(window.home.banners) == 2, "the warning waits on the home screen again"
    assert sum("Waiting to be read" in dialog.list.item(i).text() for i in range(dialog.list.count())) == 2

    window.history.undo()  # taking the reading back is undoable like any change
    assert len(window.home.banners) == 1

    waiting_row = next(
        i for i in range(dialog.list.count()) if "Waiting to be read" in dialog.list.item(i).text()
    )
    dialog.list.setCurrentRow(waiting_row)
    assert dialog.read_button.isEnabled()
    dialog.read_button.click()
    assert window.home.banners == []
    dialog.close()


def test_the_home_screen_opens_the_warnings_list(window, qtbot):
    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WarningsDialog):
            QTimer.singleShot(10, close_it)
            return
        seen.append(dialog.list.count())
        dialog.accept()

    QTimer.singleShot(0, close_it)
    window.home.warnings_button.click()
    assert seen == [1]  # "No warning sign so far."


def test_the_banner_shows_the_level_and_the_users_emergency_number(window):
    session = window.session
    profile = session.records.profile.get()
    session.save_profile(dataclasses.replace(profile, emergency_number="000"))
    session.add_entry(DiaryEntry(at=local(TODAY, 8), symptoms={"sudden_weakness": 1}))
    (banner,) = window.home.banners
    words = banner.accessibleDescription()
    assert "Contact your care team now." in words
    assert "go to emergency services (000)" in words
    assert banner.known_button.isVisibleTo(banner)


def test_paused_treatment_shows_no_due_date_on_home(window):
    session = window.session
    session.record_dose(DoseRecord(given_on=dt.date(2026, 4, 1), number=5))
    profile = session.records.profile.get()
    paused = dataclasses.replace(
        profile, treatment_status=TreatmentStatus.PAUSED, status_since=dt.date(2026, 5, 1)
    )
    session.save_profile(paused)
    card = window.home.card
    assert card.big.text() == "Treatment is paused"
    assert "overdue" not in card.detail.text() and not card.dose.isVisibleTo(card)
    assert not window.home.coming_up.isVisibleTo(window.home)
    assert not window.home.reminder_bar.isVisibleTo(window.home)
