"""Backups as the window and the command line use them.

``BackupService`` makes and lists one patient's backups (copied to the second folder the user
chose, if any). The module's functions check a backup file, restore one (under the folder's lock,
never another person's without being told) and find the newest good one: the door to
store/backups.py."""

from __future__ import annotations

from pathlib import Path

from companion.i18n import _
from companion.services.profile import ProfileService
from companion.store.backups import (
    BackupInfo,
    backup_folder,
    backup_if_changed,
    check_database_file,
    list_backups,
    make_backup,
    newest_good_backup,
    restore,
)
from companion.store.database import ReadOnlyData, Store

__all__ = ["BackupInfo", "BackupService", "check_database_file", "newest_good_backup", "restore"]


class BackupService:
    def __init__(self, store: Store, profile: ProfileService):
        self._store = store
        self._profile = profile

    def make(self, reason: str, mirror: bool = True) -> Path:
        """A backup of the data now (``reason`` names it: manual, before-import…); with ``mirror``,
        copied to the second folder too."""
        if self._store.read_only:
            raise ReadOnlyData(
                _("The folder {path} is read-only: no backup can be written there.").format(
                    path=self._store.folder
                )
            )
        return make_backup(self._store, reason, self._profile.backup_mirror() if mirror else None)

    def now(self, mirror: bool = True) -> Path:
        """A backup the user asked for."""
        return self.make("manual", mirror)

    def at_start(self) -> Path | None:
        """A backup when the data changed since the last one."""
        return backup_if_changed(self._store, self._profile.backup_mirror())

    def all(self) -> list[BackupInfo]:
        """The backups in the data folder, newest first."""
        return list_backups(backup_folder(self._store.folder))
