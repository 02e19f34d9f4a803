"""A lock on a patient folder, so that two windows never edit the same records at once, and no
restore (from the command line either) swaps the files under an open window."""

from __future__ import annotations

from pathlib import Path

from companion.services.folders import LOCK_FILENAME
from companion.services.folders import FolderLock as _FolderLock

__all__ = ["LOCK_FILENAME", "FolderLock"]


class FolderLock(_FolderLock):
    """Held while a window shows the folder's records. The system frees it when the window's
    process ends, however it ends: a crashed window never leaves the folder locked."""

    def __init__(self, folder: Path):
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
        super().__init__(folder)
