"""The Qt bindings the app ships with must survive a long session."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO_ROOT


def run_to_the_end(code: str) -> None:
    """Run ``code`` in a fresh Python; it must print ok and exit normally (not abort)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


# Three million calls of Qt methods that return nothing: far more than the references None holds
# at start on Python 3.11 (about ten thousand), so a binding that takes one from None on each call
# (PySide6 6.12.0 does) would stop Python with "deallocating None" long before the end.
LONG_SESSION = """
import companion.ui
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
font, size = QFont(), QSize(1, 1)
for _ in range(1_500_000):
    font.setBold(True)
    size.setWidth(2)
print("ok")
"""


def test_a_long_session_of_qt_calls_does_not_stop_python():
    run_to_the_end(LONG_SESSION)


# A signal with a bool, emitted to a Python slot: PySide6 6.12.0 takes a reference from True on each
# emit. True holds a few thousand at start on Python 3.11; a session that toggles a setting or a
# check box often enough would stop with "deallocating True or False" (the test suite did, at exit).
BOOL_SIGNALS = """
import companion.ui
from PySide6.QtCore import QCoreApplication, QObject, Signal


class Switch(QObject):
    changed = Signal(bool)


app = QCoreApplication([])
switch = Switch()
switch.changed.connect(lambda on: None)
for _ in range(200_000):
    switch.changed.emit(True)
    switch.changed.emit(False)
print("ok")
"""


def test_many_bool_signals_do_not_stop_python():
    run_to_the_end(BOOL_SIGNALS)
