"""Start-up work that must happen before the first Qt call, in one explicit place.

Called by the window's start (``companion.ui.app``), by the tests' set-up (tests/conftest.py) and
by the benchmarks that build widgets; never as a side effect of an import (qutebrowser's
``misc/earlyinit.py`` is the model).
"""

from __future__ import annotations

import ctypes
import sys

# PySide6 releases that take references they were never given (see keep_singletons_alive). When a
# release without the bug is pinned, tests/test_qt_runtime.py fails until this workaround goes.
AFFECTED_PYSIDE = ("6.12.0",)

_applied = False


def pyside_version() -> str:
    import PySide6  # the package alone: no Qt module is loaded yet

    return PySide6.__version__


def needs_singleton_workaround(python: tuple[int, ...] | None = None, pyside: str | None = None) -> bool:
    """True on Python 3.11 with an affected PySide6: from 3.12 on, None, True and False are
    immortal and nothing can run out."""
    python = tuple(python or sys.version_info[:2])
    return python < (3, 12) and (pyside or pyside_version()) in AFFECTED_PYSIDE


def keep_singletons_alive() -> bool:
    """Work around PySide6 6.12.0 on Python 3.11, which takes references it was never given:

    - from ``None``, on every call of a Qt method that returns nothing;
    - from ``True``, on every emit of a ``Signal(bool)`` to a Python slot.

    Their counts, some thousands at start, reach zero after that many calls and Python stops with
    "deallocating None" (it did, mid-test, after a few thousand size hints) or "deallocating True
    or False" (the test suite did, at exit). Giving them a count no session can use up does what
    3.12 does. Returns True when the workaround is in force (applied once per process)."""
    global _applied
    if _applied:
        return True
    if not needs_singleton_workaround():
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += sys.maxsize // 4
    _applied = True
    return True


def early_init() -> None:
    """Everything that must run before Qt is used."""
    keep_singletons_alive()
