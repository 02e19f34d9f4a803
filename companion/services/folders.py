"""A patient folder as the window and the command line see it: its lock (one window per folder,
no restore while a window has it open)."""

from __future__ import annotations

from companion.store.lock import LOCK_FILENAME, FolderBusy, FolderLock, held_here

__all__ = ["LOCK_FILENAME", "FolderBusy", "FolderLock", "held_here"]
