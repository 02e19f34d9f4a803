"""Shared test set-up: Qt offscreen, and a fresh temporary data folder for every test."""

import os

# Before anything imports Qt: without a platform and with no DISPLAY, Qt aborts the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from pathlib import Path

import pytest

from companion import i18n
from companion.earlyinit import early_init

# The app's own early start (companion/earlyinit.py), before any test touches Qt.
early_init()

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    """Tests that use test_style.py's ``dark`` fixture need a platform that can switch the system
    colour scheme, which offscreen cannot: they run (and may not skip) inside
    test_style.py::test_system_scheme_on_a_real_display, under Xvfb. Elsewhere they are left out."""
    if os.environ.get("COMPANION_STYLE_DISPLAY_RUN"):
        return
    needs_display = [item for item in items if "dark" in getattr(item, "fixturenames", ())]
    if needs_display:
        config.hook.pytest_deselected(items=needs_display)
        items[:] = [item for item in items if item not in needs_display]


@pytest.fixture(scope="session", autouse=True)
def _wheel_guard(qapp):
    """The tests' application has the wheel guard the app installs at start (companion/ui/app.py):
    the mouse wheel changes no value in a field without the keyboard focus."""
    from companion.ui.wheel_guard import install_wheel_guard

    install_wheel_guard(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test():
    """Close and delete every window a test left: signal connections to lambdas keep them alive
    otherwise, and each later style change re-polishes all of them (the suite slowed down test by
    test, 6 s to 10 s per window, as they piled up)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        if widget.parentWidget() is None:  # a dialog goes with the window that owns it
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """Never touch the real user data: every test gets its own XDG folders and English."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("COMPANION_TODAY", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """An empty patient data folder (not yet created on disk)."""
    return tmp_path / "patient"


@pytest.fixture
def today() -> dt.date:
    """A fixed 'today' for tests that need one."""
    return dt.date(2026, 6, 15)
