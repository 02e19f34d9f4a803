"""The Qt user interface: it shows what the services return and sends the user's actions back."""

import ctypes
import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12.0 on Python 3.11: every call of a Qt method that returns nothing
    takes one reference from ``None`` without having given it one. On 3.12 and later ``None`` is
    immortal and nothing happens; on 3.11 its count, some ten thousand at start, reaches zero after
    that many calls and Python stops with "deallocating None" (it did, mid-test, after a few
    thousand size hints). Giving ``None`` a count no session can use up does what 3.12 does."""
    if sys.version_info < (3, 12):
        refcount = ctypes.c_ssize_t.from_address(id(None))
        refcount.value += sys.maxsize // 4


_keep_none_alive()
