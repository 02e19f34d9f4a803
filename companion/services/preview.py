"""The folder that holds the visit summary's preview while the window shows it, and its clean-up.

A window keeps its preview in ``<temp>/companion-report-*/`` and removes it when it closes. A
window killed meanwhile cannot: its next start removes it. A file lock held by the window tells
a folder still in use (another window, another patient) from one left behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
import weakref
from pathlib import Path

PREFIX = "companion-report-"
_LOCK = ".in-use"
_OLD_STYLE_AGE = 3600  # a folder of an earlier version (no lock file): left alone for an hour


def _lock(fd: int, wait: bool) -> bool:
    if os.name == "nt":  # pragma: no cover - the app is packaged for Linux
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _remove(path: str, fd: int) -> None:
    shutil.rmtree(path, ignore_errors=True)
    try:
        os.close(fd)
    except OSError:
        pass


class PreviewFolder:
    """A private temporary folder (0700), locked while this object lives; removed with it (or at
    exit). ``name`` is its path, as with tempfile.TemporaryDirectory."""

    def __init__(self) -> None:
        self.name = tempfile.mkdtemp(prefix=PREFIX)
        fd = os.open(os.path.join(self.name, _LOCK), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        _lock(fd, wait=True)
        self._finalizer = weakref.finalize(self, _remove, self.name, fd)

    def cleanup(self) -> None:
        self._finalizer()


def preview_folder() -> Path:
    """A new preview folder that stays (locked) until the process ends."""
    folder = PreviewFolder()
    _kept.append(folder)
    return Path(folder.name)


_kept: list[PreviewFolder] = []


def remove_stale_previews() -> list[Path]:
    """Remove the preview folders of this user that no running window holds; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
                continue
            try:
                fd = os.open(os.path.join(entry.path, _LOCK), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except FileNotFoundError:
                if time.time() - info.st_mtime > _OLD_STYLE_AGE:
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed.append(Path(entry.path))
                continue
            try:
                if _lock(fd, wait=False):  # no one holds it: left by a window that was killed
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed.append(Path(entry.path))
            finally:
                os.close(fd)
        except OSError:
            continue
    return removed
