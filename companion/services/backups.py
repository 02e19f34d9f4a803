"""Backups as the window and the command line use them: check a backup file, restore one (under
the folder's lock, never another person's without being told), find the newest good one. The
door to store/backups.py."""

from __future__ import annotations

from companion.store.backups import BackupInfo, check_database_file, newest_good_backup, restore

__all__ = ["BackupInfo", "check_database_file", "newest_good_backup", "restore"]
