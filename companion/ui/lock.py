"""A lock on a patient folder, so that two windows never edit the same records at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_FILENAME = "companion.lock"


class FolderLock:
    """Held while a window shows the folder's records. A lock left by a crashed process is stale
    (its process is gone) and is taken over."""

    def __init__(self, folder: Path):
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = QLockFile(str(Path(folder) / LOCK_FILENAME))

    def acquire(self) -> bool:
        return self._lock.tryLock(200)

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
