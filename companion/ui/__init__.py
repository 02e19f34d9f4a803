"""The Qt user interface: it shows what the services return and sends the user's actions back."""

import ctypes
import sys


def _keep_singletons_alive() -> None:
    """Work around PySide6 6.12.0 on Python 3.11, which takes references it was never given:

    - from ``None``, on every call of a Qt method that returns nothing;
    - from ``True``, on every emit of a ``Signal(bool)`` to a Python slot.

    On 3.12 and later these objects are immortal and nothing happens; on 3.11 their counts, some
    thousands at start, reach zero after that many calls and Python stops with "deallocating
    None" (it did, mid-test, after a few thousand size hints) or "deallocating True or False" (the
    test suite did, at exit). Giving them a count no session can use up does what 3.12 does."""
    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            refcount = ctypes.c_ssize_t.from_address(id(singleton))
            refcount.value += sys.maxsize // 4


_keep_singletons_alive()
