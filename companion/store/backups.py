"""Backups of one patient's database, and restoring one safely.

Copies are made with SQLite's backup API (consistent even while the app writes), kept in
``<folder>/backups/`` (0600) with graded rotation, and mirrored to a second folder when the user
chose one. A restore checks the file first, backs up the current data, and swaps the files by an
atomic rename after removing the old WAL, so SQLite never replays an old journal onto it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from companion.core.errors import InvalidInput
from companion.core.retention import backups_to_keep
from companion.i18n import _
from companion.store.database import (
    BACKUP_DIRNAME,
    DB_FILENAME,
    FILE_MODE,
    Store,
    ensure_private_folder,
)
from companion.store.files import write_file_atomically
from companion.store.lock import exclusive
from companion.store.schema import KNOWN_MIGRATIONS, MIGRATION_SET

_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
_MARKER = ".last-backup-marker"
_TABLES = (
    "profile",
    "dose",
    "appointment",
    "diary_entry",
    "diary_symptom",
    "alsfrs",
    "measurement",
    "medication",
    "question",
    "red_flag_ack",
    "checkin",
    "revision",
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime  # local time
    reason: str


def backup_folder(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIRNAME


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder`` (a backups folder or a mirror), newest first."""
    found = []
    if Path(folder).is_dir():
        for path in Path(folder).iterdir():
            match = _NAME.match(path.name)
            made_at = _moment(match.group(1)) if match else None
            if made_at is not None and path.is_file():
                found.append(BackupInfo(path, made_at, match.group(2)))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def _moment(stamp: str) -> dt.datetime | None:
    """The time in a backup's name (YYYYMMDD-HHMMSS-ffffff), or None for an impossible one.
    Read by hand: strptime's first use costs some 7 ms of the window's start."""
    try:
        return dt.datetime(
            int(stamp[0:4]),
            int(stamp[4:6]),
            int(stamp[6:8]),
            int(stamp[9:11]),
            int(stamp[11:13]),
            int(stamp[13:15]),
            int(stamp[16:22]),
        )
    except ValueError:
        return None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_backup(store: Store, reason: str = "manual", mirror: Path | None = None) -> Path:
    """Write a backup now (and a copy in ``mirror``), prune old ones, and return its path."""
    folder = backup_folder(store.folder)
    ensure_private_folder(folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.sqlite3"
    partial = folder / f".{target.name}.partial"
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE))
    dest = sqlite3.connect(str(partial))
    try:
        store.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        dest.close()
    _fsync(partial)
    os.replace(partial, target)
    _remember_marker(store)
    prune(folder)
    if mirror is not None:
        try:
            ensure_private_folder(Path(mirror))
            copy = Path(mirror) / target.name
            shutil.copyfile(target, copy)
            os.chmod(copy, FILE_MODE)
            prune(Path(mirror))
        except OSError:
            pass  # the second disk may be unplugged; the backup in the data folder is made
    return target


def prune(folder: Path) -> list[Path]:
    """Delete the backups that graded rotation does not keep; return what was deleted.

    Backups made before an upgrade or a restore are kept apart: the newest three of each kind.
    """
    for partial in Path(folder).glob(".*.partial"):  # left by a backup that was interrupted
        partial.unlink(missing_ok=True)
    backups = list_backups(folder)
    routine = [b for b in backups if b.reason in ("auto", "manual")]
    keep = backups_to_keep(b.made_at for b in routine)
    deleted = []
    for b in routine:
        if b.made_at not in keep:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    for reason in {b.reason for b in backups} - {"auto", "manual"}:
        for b in [b for b in backups if b.reason == reason][3:]:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def change_marker(store: Store) -> str:
    """A fingerprint of the data: it changes whenever anything is saved."""
    parts = []
    for table in _TABLES:
        columns = store.table_columns(table)
        if not columns:
            continue
        stamp = "MAX(updated_at)" if "updated_at" in columns else "NULL"
        row = store.conn.execute(f"SELECT COUNT(*), {stamp} FROM {table}").fetchone()
        parts.append(f"{table}:{row[0]}:{row[1]}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _remember_marker(store: Store) -> None:
    write_file_atomically(backup_folder(store.folder) / _MARKER, change_marker(store).encode("utf-8"))


def backup_if_changed(store: Store, mirror: Path | None = None) -> Path | None:
    """At start: a backup when the data changed since the last one (or there is none)."""
    marker_file = backup_folder(store.folder) / _MARKER
    try:
        last = marker_file.read_text(encoding="utf-8")
    except OSError:
        last = ""
    if last == change_marker(store) and list_backups(backup_folder(store.folder)):
        return None
    if store.is_empty() and not store.conn.execute("SELECT EXISTS(SELECT 1 FROM diary_entry)").fetchone()[0]:
        return None
    return make_backup(store, "auto", mirror)


# --- checking and restoring -------------------------------------------------------------------


def check_database_file(path: Path) -> None:
    """Refuse (InvalidInput) a file that is not a readable, intact database of this app, or that
    a newer version wrote."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(_("{path} is not a file.").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise InvalidInput(_("{path} cannot be read as a database.").format(path=path)) from None
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError:
            raise InvalidInput(
                _("{path} is not a database of Tofersen Companion.").format(path=path)
            ) from None
        if result != "ok":
            raise InvalidInput(_("{path} is damaged and cannot be restored.").format(path=path))
        try:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
                ).fetchall()
            ]
        except sqlite3.Error:
            names = []
        if not names:
            raise InvalidInput(_("{path} is not a database of Tofersen Companion.").format(path=path))
        if any(name not in KNOWN_MIGRATIONS for name in names):
            raise InvalidInput(
                _("{path} was saved by a newer version of Tofersen Companion. Please update the app.").format(
                    path=path
                )
            )
    finally:
        conn.close()


def restore(folder: Path, backup_file: Path, mirror: Path | None = None) -> Path | None:
    """Replace the patient's database in ``folder`` with ``backup_file``.

    Every connection to the folder's database must be closed. The file is checked first; the
    current data is backed up (its path is returned) before anything is replaced.
    """
    folder = Path(folder)
    check_database_file(backup_file)
    with exclusive(folder):  # never under an open window of another process
        return _restore_locked(folder, Path(backup_file), mirror)


def _restore_locked(folder: Path, backup_file: Path, mirror: Path | None) -> Path | None:
    db_path = folder / DB_FILENAME
    safety = None
    if db_path.exists():
        try:
            current = Store(folder)
        except Exception:
            current = None  # damaged: it is kept aside below, never deleted
        if current is not None:
            try:
                safety = make_backup(current, "before-restore", mirror)
                current.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                current.close()
        else:
            keep_aside(folder)
    ensure_private_folder(folder)
    incoming = folder / f".{DB_FILENAME}.restoring"
    shutil.copyfile(backup_file, incoming)
    os.chmod(incoming, FILE_MODE)
    _fsync(incoming)
    # An old journal must not be replayed onto the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, db_path)
    return safety


def keep_aside(folder: Path) -> Path:
    """Move a damaged database (and its journal files) aside, never deleting it."""
    db_path = Path(folder) / DB_FILENAME
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = Path(folder) / f"{DB_FILENAME}.damaged-{stamp}"
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup of the folder that passes the checks."""
    for backup in list_backups(backup_folder(folder)):
        try:
            check_database_file(backup.path)
        except InvalidInput:
            continue
        return backup
    return None
