"""Patient folders as the window and the command line see them: the patients under the data root,
and each folder's lock (one window per folder, no restore while a window has it open)."""

from __future__ import annotations

from companion.store.database import DB_FILENAME
from companion.store.lock import LOCK_FILENAME, FolderBusy, FolderLock, held_here
from companion.store.patients import PatientDirectory, PatientFolder, peek_profile

__all__ = [
    "DB_FILENAME",
    "LOCK_FILENAME",
    "FolderBusy",
    "FolderLock",
    "PatientDirectory",
    "PatientFolder",
    "held_here",
    "peek_profile",
]
