"""Banners are announced to screen readers: announce() really sends Qt's accessibility event.

The events are observed the way Qt's own accessibility tests do, with
QAccessible::installUpdateHandler: every accessibility update then goes to the handler instead of
the platform's bridge. PySide6 does not expose that function, so it is called through ctypes in the
Qt library PySide6 loaded, and the QAccessibleEvent it hands over is wrapped with shiboken6. Nothing
of Qt is replaced: the event seen is the one Qt would pass to AT-SPI.
"""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from companion.ui import announce as announce_module
from companion.ui.announce import announce

INSTALL_UPDATE_HANDLER = "_ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE"  # Itanium C++ ABI
HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
Announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def qt_gui_library() -> ctypes.CDLL:
    """libQt6Gui as loaded by PySide6 (Linux: the one the Itanium symbol name fits)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the handler is found by its Linux (Itanium ABI) symbol name")
    maps = Path("/proc/self/maps").read_text()
    paths = {line.split()[-1] for line in maps.splitlines() if "libQt6Gui.so" in line}
    if not paths:
        pytest.skip("libQt6Gui is not loaded from a file")
    library = ctypes.CDLL(paths.pop())
    if not hasattr(library, INSTALL_UPDATE_HANDLER):
        pytest.skip("QAccessible::installUpdateHandler not found")
    return library


@pytest.fixture
def events(qapp):
    """Every accessibility event Qt sends while the test runs: (type, object, message, politeness)."""
    install = getattr(qt_gui_library(), INSTALL_UPDATE_HANDLER)
    install.restype = ctypes.c_void_p
    install.argtypes = [ctypes.c_void_p]
    seen: list[tuple] = []

    def handler(address: int) -> None:
        event = shiboken6.wrapInstance(address, QAccessibleEvent)
        message = politeness = None
        if Announcement is not None and event.type() == QAccessible.Event.Announcement:
            announcement = shiboken6.wrapInstance(address, Announcement)
            message, politeness = announcement.message(), announcement.politeness()
        seen.append((event.type(), event.object(), message, politeness))

    callback = HANDLER(handler)  # kept alive until uninstalled below
    previous = install(ctypes.cast(callback, ctypes.c_void_p).value)
    try:
        yield seen
    finally:
        install(previous)


def same(a, b) -> bool:
    return a is not None and b is not None and shiboken6.getCppPointer(a) == shiboken6.getCppPointer(b)


def banner(qtbot, name: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    QVBoxLayout(frame).addWidget(QLabel("Hxg"))
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    return frame


def announcements(seen: list[tuple], widget) -> list[tuple]:
    return [(message, politeness) for kind, obj, message, politeness in seen
            if kind == QAccessible.Event.Announcement and same(obj, widget)]  # fmt: skip


def test_this_qt_has_the_announcement_event():
    assert Announcement is not None  # Qt 6.8+: the fallback is not what the app uses here
    assert announce_module._ANNOUNCEMENT is Announcement


def test_a_message_is_announced_politely(qtbot, events):
    bar = banner(qtbot, "messageBar")
    announce(bar, "Your data is saved.")
    assert announcements(events, bar) == [("Your data is saved.", QAccessible.AnnouncementPoliteness.Polite)]


def test_a_red_flag_interrupts_the_screen_reader(qtbot, events):
    flag = banner(qtbot, "redFlag")
    announce(flag, "  Warning sign: contact your care team today.\n", urgent=True)
    assert announcements(events, flag) == [
        ("Warning sign: contact your care team today.", QAccessible.AnnouncementPoliteness.Assertive)
    ]


def test_nothing_is_sent_for_an_empty_text(qtbot, events):
    bar = banner(qtbot, "reminder")
    events.clear()
    announce(bar, "  ")
    assert announcements(events, bar) == []
    assert not [event for event in events if event[0] == QAccessible.Event.Alert]


def test_without_the_announcement_event_an_alert_carries_the_text(qtbot, events, monkeypatch):
    """Before Qt 6.8: the text becomes the banner's accessible name and description, then Alert."""
    monkeypatch.setattr(announce_module, "_ANNOUNCEMENT", None)
    bar = banner(qtbot, "reminder")
    announce(bar, "Dose 3 is due on Monday.")
    alerts = [obj for kind, obj, _message, _politeness in events if kind == QAccessible.Event.Alert]
    assert len(alerts) == 1 and same(alerts[0], bar)
    interface = QAccessible.queryAccessibleInterface(bar)
    assert interface.text(QAccessible.Text.Name) == "Dose 3 is due on Monday."
    assert interface.text(QAccessible.Text.Description) == "Dose 3 is due on Monday."
    assert announcements(events, bar) == []


def test_the_fallback_keeps_a_name_the_banner_already_has(qtbot, events, monkeypatch):
    monkeypatch.setattr(announce_module, "_ANNOUNCEMENT", None)
    bar = banner(qtbot, "reminder")
    bar.setAccessibleName("Reminder")
    announce(bar, "Dose 3 is due on Monday.")
    assert bar.accessibleName() == "Reminder"
    assert bar.accessibleDescription() == "Dose 3 is due on Monday."


def test_announcing_with_accessibility_active_goes_to_the_platform_quietly(qtbot):
    """No handler installed: the event goes to the platform's bridge, with accessibility on, as when
    a screen reader runs. Qt warnings fail the test (qt_log_level_fail)."""
    flag = banner(qtbot, "redFlag")
    QAccessible.setActive(True)
    try:
        announce(flag, "Warning sign.", urgent=True)
        announce(flag, "A message.")
    finally:
        QAccessible.setActive(False)


# --- the app's banners, for real -----------------------------------------------------------------


@pytest.fixture
def window(qtbot, data_dir, monkeypatch):
    from companion.ui.app import create_window

    monkeypatch.setenv("COMPANION_TODAY", "2026-06-22")
    window = create_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def spoken(seen: list[tuple]) -> list[tuple[str, object]]:
    return [(message, politeness) for kind, _obj, message, politeness in seen
            if kind == QAccessible.Event.Announcement]  # fmt: skip


def test_a_new_warning_sign_is_announced_urgently_once(window, events):
    import datetime as dt

    from companion.core.models import DiaryEntry

    window.home.setup_panel.save_button.click()
    events.clear()
    at = dt.datetime(2026, 6, 22, 9).astimezone()
    window.session.add_entry(DiaryEntry(at=at, symptoms={"breathing_difficulty": 3}))
    assert len(window.home.banners) == 1
    urgent = [m for m, p in spoken(events) if p == QAccessible.AnnouncementPoliteness.Assertive]
    assert len(urgent) == 1
    assert urgent[0].startswith("Warning sign:") and "call emergency services now" in urgent[0].lower()
    # Another change refreshes the home screen: the same warning is not read out again.
    window.session.add_entry(DiaryEntry(at=at.replace(hour=10), symptoms={"fatigue": 1}))
    assert len(window.home.banners) == 1
    assert [p for m, p in spoken(events) if p == QAccessible.AnnouncementPoliteness.Assertive] == [
        QAccessible.AnnouncementPoliteness.Assertive
    ]


def test_a_reminder_and_a_message_are_announced_politely(window, qtbot, events):
    import datetime as dt

    panel = window.home.setup_panel
    panel.date.set_date(dt.date(2026, 5, 26))
    panel.which.setCurrentIndex(panel.which.findData("maintenance"))
    panel.maintenance_number.setValue(5)
    panel.save_button.click()
    polite = QAccessible.AnnouncementPoliteness.Polite
    assert (window.home.reminder_bar.text.text(), polite) in spoken(events)
    window.home.usual_button.click()
    assert any(m.startswith("Saved: you feel as usual") and p == polite for m, p in spoken(events))
