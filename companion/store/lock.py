"""The lock on a patient folder: one window per folder, and no restore while a window has it open.

An advisory lock (``flock``) on ``<folder>/companion.lock``: the system releases it when its
process ends, however it ends, so a crashed window never leaves the folder locked.

The window holds the lock for as long as it shows the folder's records. A restore (from the
command line or from the window) replaces the database file, so it needs the lock too: it is
refused while another process holds it. The window's own restore goes ahead: this process holds
the lock already.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from companion.core.errors import InvalidInput
from companion.i18n import _

LOCK_FILENAME = "companion.lock"
_LOCK_MODE = 0o600
_BUSY = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)
_NO_WRITE = (errno.EROFS, errno.EACCES, errno.EPERM)

# The folders whose lock this process holds (by their resolved path): a window's own restore
# must not be refused by the window's own lock.
_held: dict[str, int] = {}


class FolderBusy(InvalidInput):
    """Another process holds the folder's lock."""


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the app is packaged for Linux; kept for Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise
    return True


class FolderLock:
    """The lock on one patient folder. ``acquire`` never waits: False when another process (or
    another window of this process) holds it."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILENAME
        self._fd: int | None = None
        self._held = False

    def acquire(self) -> bool:
        if self._held:
            return True
        from companion.store.database import RefusedFolder, check_patient_folder

        try:
            check_patient_folder(self.folder)
        except RefusedFolder:
            # Someone else's folder: the records will not be opened there, and no lock file is
            # left in it.
            return self._take(None)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, _LOCK_MODE)
        except OSError as exc:
            if exc.errno not in _NO_WRITE:
                raise
            # A read-only folder: open the lock file that is there to lock it; when there is none,
            # no one can have locked the folder (no one can create the file either).
            try:
                fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except FileNotFoundError:
                fd = None
        if fd is not None:
            if not _try_lock(fd):
                os.close(fd)
                return False
        return self._take(fd)

    def _take(self, fd: int | None) -> bool:
        key = _key(self.folder)
        if key in _held:  # a second window of this process on the same folder
            if fd is not None:
                os.close(fd)
            return False
        self._fd = fd
        self._held = True
        _held[key] = 1
        return True

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        _held.pop(_key(self.folder), None)
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._held


def held_here(folder: Path | str) -> bool:
    """True when this process holds the folder's lock (a window of this process shows it)."""
    return _key(Path(folder)) in _held


@contextlib.contextmanager
def exclusive(folder: Path | str) -> Iterator[None]:
    """Hold the folder's lock for a moment (a restore): at once, or FolderBusy (invalid input,
    nothing changed) when another process holds it. Held already by this process: go ahead."""
    folder = Path(folder)
    if held_here(folder) or not folder.is_dir():
        yield
        return
    lock = FolderLock(folder)
    if not lock.acquire():
        raise FolderBusy(
            _(
                "These records are open in a Tofersen Companion window (or another program is "
                "restoring them): close the window, then restore again. Nothing was changed."
            )
        )
    try:
        yield
    finally:
        lock.release()
