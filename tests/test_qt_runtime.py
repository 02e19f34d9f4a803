"""The Qt bindings the app ships with must survive a long session."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO_ROOT

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
    result = subprocess.run(
        [sys.executable, "-c", LONG_SESSION],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
