"""The keys a person with weak hands relies on (issue 18): Enter presses the focused button on every
screen and in dialogs, Tab stops only where something can be done, each page starts on its main
action, and "I feel as usual" has a key of its own. In English and German; the Enter tests also run
under an X server with the GNOME desktop's GTK3 platform theme (the last test)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QScrollArea, QWidget

from companion import i18n
from companion.core.diary import DiaryFilter
from companion.core.models import DiaryEntry
from companion.ui.app import create_window, install_translators
from companion.ui.main_window import (
    ALSFRS,
    DATA,
    DIARY,
    HOME,
    INJECTIONS,
    LEAFLET,
    PAGE_COUNT,
    REPORT,
    VISIT,
    MainWindow,
)

TODAY = dt.date(2026, 6, 15)
IN_GTK_RUN = "COMPANION_GTK3_RUN"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(params=["en", "de"])
def window(request, qtbot, data_dir, monkeypatch) -> MainWindow:
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    language = request.param
    i18n.set_language(language)
    install_translators(QApplication.instance(), language)
    win = create_window(data_dir)
    qtbot.addWidget(win)
    panel = win.home.setup_panel
    panel.date.set_date(dt.date(2026, 5, 20))
    panel.which.setCurrentIndex(panel.which.findData("maintenance"))
    panel.maintenance_number.setValue(7)
    panel.team_phone.setText("0123")
    panel.team_out_of_hours.setText("0456")
    panel.save_button.click()
    win.session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9).astimezone(), symptoms={"fatigue": 1}))
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    yield win
    install_translators(QApplication.instance(), "en")
    i18n.set_language("en")


def entries(win: MainWindow) -> int:
    return win.session.records.diary.count_matching(DiaryFilter())


def press(qtbot, widget: QWidget, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Give ``widget`` the keyboard focus as Tab would, then press ``key`` there."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.keyClick(widget, key, modifier)


def answer_dialog(qtbot, action) -> list[str]:
    """Run ``action`` (which opens a modal dialog); the dialog that opens is recorded and closed."""
    seen: list[str] = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen.append(type(dialog).__name__)
            dialog.reject()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)
    action()
    return seen


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_presses_the_focused_button_in_the_main_window(window, qtbot, key):
    before = entries(window)
    press(qtbot, window.home.usual_button, key)
    assert entries(window) == before + 1
    assert window.message_bar.isVisible()
    # A page button: Enter opens its page.
    press(qtbot, window.diary_nav, key)
    assert window.pages.currentIndex() == DIARY
    # A button that opens a dialog.
    window.show_page(HOME)
    opened = answer_dialog(qtbot, lambda: press(qtbot, window.home.record_button, key))
    assert opened == ["DoseDialog"]


def test_enter_in_a_dialog_presses_the_focused_button_not_save(window, qtbot):
    from companion.ui.dialogs.dose import DoseDialog

    doses = len(window.session.records.doses.history())
    dialog = DoseDialog(window.session, parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    press(qtbot, cancel)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert len(window.session.records.doses.history()) == doses, "Enter on Cancel saved the dose"


def test_enter_in_a_field_of_a_dialog_still_saves(window, qtbot):
    from companion.ui.dialogs.dose import DoseDialog

    doses = len(window.session.records.doses.history())
    dialog = DoseDialog(window.session, parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    # Tab through a push button first: it must not keep Enter once the focus has left it.
    press(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.Key.Key_Tab)
    press(qtbot, dialog.place)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(window.session.records.doses.history()) == doses + 1


def test_every_push_button_answers_enter_on_every_page(window, qtbot):
    """Tab through each page: every push button Tab reaches takes Enter (autoDefault)."""
    deaf = []
    for page in range(PAGE_COUNT):
        window.show_page(page)
        window.nav_buttons[page].setFocus(Qt.FocusReason.TabFocusReason)
        for _ in range(60):
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and not focused.autoDefault():
                deaf.append(focused.text())
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert not deaf, f"buttons that ignore Enter: {sorted(set(deaf))}"


@pytest.mark.skipif(bool(os.environ.get(IN_GTK_RUN)), reason="already inside the GTK3 run")
def test_enter_under_the_gnome_desktop_s_own_platform_theme():
    """The Enter tests again on an X server (Xvfb) with Qt's GTK3 platform theme, as on GNOME."""
    if not shutil.which("xvfb-run"):
        pytest.skip("needs xvfb-run")
    probe = subprocess.run(
        [sys.executable, "-c", "import ctypes; ctypes.CDLL('libgtk-3.so.0')"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("needs GTK 3 (libgtk-3-0) for Qt's GTK3 platform theme")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORMTHEME="gtk3", **{IN_GTK_RUN: "1"})
    session = ["dbus-run-session", "--"] if shutil.which("dbus-run-session") else []
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *session,
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "enter",
        # The theme's complaints about a desktop without portals or settings daemon are not the app's.
        "-o", "qt_log_ignore=(?is).*(dbus|portal|setting changes).*",
        __file__,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 8, output


def test_scroll_areas_are_no_tab_stops(window, qtbot):
    """A frame around controls is no Tab stop: an unnamed, invisible stop between the controls. (A
    view the user scrolls to read, such as the summary's page preview, is one, and has a name.)"""
    stops = []
    for page in range(PAGE_COUNT):
        window.show_page(page)
        for area in window.findChildren(QScrollArea):
            if (
                area.isVisible()
                and area.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not area.accessibleName()
            ):
                stops.append(f"page {page}: {type(area).__name__}")
    assert not stops, stops


def test_the_window_opens_on_the_home_screen_s_main_action(window, qtbot):
    """Not on Settings: the first Enter records a dose (no check-in today)."""
    folder = window.session.records.folder
    window.close()
    window._release()
    again = create_window(folder)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.home.record_button)


@pytest.mark.parametrize(
    ("page", "action"),
    [
        (HOME, "record_button"),
        (INJECTIONS, "record_button"),
        (DIARY, "new_button"),
        (ALSFRS, "rate_button"),
        (VISIT, "question_edit"),
        (REPORT, "make_button"),
        (LEAFLET, "search"),
        (DATA, "backup_button"),
    ],
)
def test_each_page_starts_on_its_main_action(window, qtbot, page, action):
    """A page button pressed with Enter (or its Alt letter) leaves the keyboard on the page's
    main action: then Enter does the page's main thing."""
    window.show_page(HOME if page != HOME else INJECTIONS)
    press(qtbot, window.nav_buttons[page], Qt.Key.Key_Space)
    screen = window.pages.currentWidget().widget()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(screen, action))


@pytest.mark.parametrize("page", [HOME, DIARY, INJECTIONS])
def test_f2_saves_i_feel_as_usual_from_anywhere_and_its_buttons_show_it(window, qtbot, page):
    window.show_page(page)
    before = entries(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert entries(window) == before + 1
    assert window.message_bar.isVisible()
    assert i18n._("Undo") in window.message_bar.label.text()
    for button in (window.home.usual_button, window.home.checkin.usual_button, window.diary.usual_button):
        assert "(F2)" in button.text() and "(F2)" in button.accessibleName()


def test_f2_in_a_text_field_saves_too_and_the_diary_shows_the_new_entry_chosen(window, qtbot):
    window.show_page(DIARY)
    search = window.diary.search
    press(qtbot, search, Qt.Key.Key_A)
    before = entries(window)
    qtbot.keyClick(search, Qt.Key.Key_F2)
    assert entries(window) == before + 1
    newest = window.session.records.diary.entries()[-1]
    assert window.diary.selected_id() == newest.id, "the search that hid it was cleared"
    assert not newest.symptoms


@pytest.mark.parametrize("percent", [100, 200])
def test_home_says_in_n_days_and_keeps_its_main_actions_above_the_fold(window, qtbot, percent):
    """With a dose booked, the card still says "In N days"; at 200 % in a 1280 x 720 window the
    buttons to record a dose, book, say "I feel as usual" and write in the diary are on screen
    without scrolling."""
    import dataclasses

    from PySide6.QtWidgets import QScrollArea

    from companion.core.models import Appointment
    from companion.ui.style import apply_style

    session = window.session
    session.book_appointment(Appointment(on=dt.date(2026, 6, 29)))
    session.save_profile(dataclasses.replace(session.records.profile.get(), text_size=percent))
    try:
        window.apply_look()
        window.resize(1280, 720)
        window.show_page(HOME)
        qtbot.wait(50)
        card = window.home.card
        in_days = i18n.ngettext("In {n} day", "In {n} days", 14).format(n=14)
        assert card.big.text() == in_days
        assert i18n._("Booked for {date}").split("{")[0] in card.detail.text()
        area = window.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        view = area.viewport()
        home = window.home
        for button in (home.record_button, home.book_button, home.usual_button, home.write_button):
            assert button.isVisible(), button.text()
            bottom = button.mapTo(view, button.rect().bottomLeft()).y()
            assert bottom <= view.height(), f"{button.text()!r} below the fold ({bottom} > {view.height()})"
    finally:
        apply_style(QApplication.instance(), 100, False)
