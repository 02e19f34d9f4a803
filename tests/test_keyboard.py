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
from companion.ui.main_window import DIARY, HOME, PAGE_COUNT, MainWindow

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
