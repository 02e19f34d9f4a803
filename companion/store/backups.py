"""Backups of one patient's database, and restoring one safely.

Copies are made with SQLite's backup API (consistent even while the app writes), kept in
``<folder>/backups/`` (0600) with graded rotation, and mirrored to a second folder when the user
chose one. A restore checks the file first, backs up the current data, and swaps the files by an
atomic rename after removing the old WAL, so SQLite never replays an old journal onto it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from companion.core.errors import InvalidInput
from companion.core.retention import SAFETY_NEWEST, backups_to_keep, safety_backups_to_keep
from companion.files import put_in_place, write_file_atomically
from companion.i18n import _
from companion.store.database import (
    BACKUP_DIRNAME,
    DB_FILENAME,
    FILE_MODE,
    RefusedFolder,
    Store,
    check_patient_folder,
    ensure_private_folder,
)
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
    made_at: dt.datetime  # local time, naive (for showing)
    reason: str
    sequence: int = 0  # the order backups were made in this folder (0: made before it was counted)
    recorded_at: dt.datetime | None = None  # the time recorded beside the backup (UTC), if any

    @property
    def moment(self) -> dt.datetime:
        """The backup's time, aware: the recorded one, else the one in its name (local time)."""
        return self.recorded_at if self.recorded_at is not None else self.made_at.astimezone()


def backup_folder(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIRNAME


def _meta_path(backup: Path) -> Path:
    """The small file beside a backup that records when it was made and in which order."""
    return backup.with_name(backup.name[: -len(".sqlite3")] + ".json")


def _read_meta(backup: Path) -> tuple[int, dt.datetime | None]:
    try:
        meta = json.loads(_meta_path(backup).read_text(encoding="utf-8"))
        sequence = meta["sequence"]
        recorded = dt.datetime.fromisoformat(meta["made_at"])
        if not isinstance(sequence, int) or isinstance(sequence, bool) or recorded.tzinfo is None:
            return 0, None
        return sequence, recorded.astimezone(dt.UTC)
    except (OSError, ValueError, KeyError, TypeError):
        return 0, None


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder`` (a backups folder or a mirror), newest first: in the order they
    were made (recorded beside each), then by their recorded time. A clock set wrong names a
    backup wrong, but cannot move it in this order."""
    found = []
    if Path(folder).is_dir():
        for path in Path(folder).iterdir():
            match = _NAME.match(path.name)
            named_at = _moment(match.group(1)) if match else None
            if match is None or named_at is None or not path.is_file():
                continue
            sequence, recorded = _read_meta(path)
            made_at = recorded.astimezone().replace(tzinfo=None) if recorded is not None else named_at
            found.append(BackupInfo(path, made_at, match.group(2), sequence, recorded))
    return sorted(found, key=lambda b: (b.sequence, b.moment, b.path.name), reverse=True)


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


def make_backup(
    store: Store, reason: str = "manual", mirror: Path | None = None, now: dt.datetime | None = None
) -> Path:
    """Write a backup now (and a copy in ``mirror``), prune old ones, and return its path, which
    rotation never deletes as it is made. ``now`` (aware) is for tests: the system clock."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    folder = backup_folder(store.folder)
    ensure_private_folder(folder)
    existing = list_backups(folder)
    sequence = 1 + max((b.sequence for b in existing), default=0)
    local = now.astimezone().replace(tzinfo=None)
    target = folder / f"{local.strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite3"
    while target.exists():  # two backups in one microsecond (or a clock that went back)
        local += dt.timedelta(microseconds=1)
        target = folder / f"{local.strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite3"
    partial = folder / f".{target.name}.partial"
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE))
    dest = sqlite3.connect(str(partial))
    try:
        store.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        dest.close()
    put_in_place(partial, target)
    meta = json.dumps({"made_at": now.isoformat(), "sequence": sequence, "reason": reason})
    write_file_atomically(_meta_path(target), meta.encode("utf-8"))
    _remember_marker(store)
    prune(folder, now=now, keep=target)
    if mirror is not None:
        try:
            ensure_private_folder(Path(mirror))
            copy = Path(mirror) / target.name
            write_file_atomically(copy, target.read_bytes())
            write_file_atomically(_meta_path(copy), meta.encode("utf-8"))
            prune(Path(mirror), now=now, keep=copy)
        except OSError:
            pass  # the second disk may be unplugged; the backup in the data folder is made
    return target


def _effective_times(backups: list[BackupInfo], now: dt.datetime) -> dict[Path, dt.datetime]:
    """The time rotation counts for each backup (given newest first): its recorded time, except
    that a time after ``now`` (a clock that was set ahead) becomes that of the backup made after
    it, so that it ages with the others instead of staying newest for ever."""
    times: dict[Path, dt.datetime] = {}
    ceiling = now
    for b in backups:
        t = b.moment
        if t > now:
            t = ceiling
        times[b.path] = t
        ceiling = t
    return times


_STALE_PARTIAL_SECONDS = 600


def prune(folder: Path, now: dt.datetime | None = None, keep: Path | None = None) -> list[Path]:
    """Delete the backups that graded rotation does not keep; return what was deleted.

    Routine backups (automatic, by hand) rotate as core/retention.py says; backups made before an
    upgrade, an import or a restore are kept 30 days at least (and the newest three of each kind).
    The newest backup (the last made) and ``keep`` are never deleted.
    """
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    for partial in Path(folder).glob(".*.partial"):  # left by a backup that was interrupted
        try:
            if time.time() - partial.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                partial.unlink(missing_ok=True)
        except OSError:
            pass
    backups = list_backups(folder)
    if not backups:
        return []
    times = _effective_times(backups, now)
    kept = {backups[0].path, keep}
    routine = [b for b in backups if b.reason in ("auto", "manual")]
    keep_times = backups_to_keep((times[b.path] for b in routine), now)
    kept |= {b.path for b in routine if times[b.path] in keep_times}
    for reason in {b.reason for b in backups} - {"auto", "manual"}:
        kind = [b for b in backups if b.reason == reason]
        # The newest three by the order they were made, and every one of the last 30 days.
        kept |= {b.path for b in kind[:SAFETY_NEWEST]}
        keep_times = safety_backups_to_keep((times[b.path] for b in kind), now)
        kept |= {b.path for b in kind if times[b.path] in keep_times}
    deleted = []
    for b in backups:
        if b.path not in kept:
            b.path.unlink(missing_ok=True)
            _meta_path(b.path).unlink(missing_ok=True)
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


def restore(
    folder: Path, backup_file: Path, mirror: Path | None = None, other_patient: bool = False
) -> Path | None:
    """Replace the patient's database in ``folder`` with ``backup_file``.

    Every connection to the folder's database must be closed. The file is checked first; the
    current data is backed up (its path is returned) before anything is replaced. Refused
    (InvalidInput, nothing changed) while another process holds the folder's lock (an open
    window), and for a backup of another person (OtherPatient) unless ``other_patient``.
    """
    folder = Path(folder)
    check_database_file(backup_file)
    check_patient_folder(folder)  # never into someone else's folder
    db_file = folder / DB_FILENAME
    if folder.is_dir() and (
        not os.access(folder, os.W_OK) or (db_file.exists() and not os.access(db_file, os.W_OK))
    ):
        raise RefusedFolder(
            _(
                "The folder {path} is read-only: no backup can be restored into it. Nothing was changed."
            ).format(path=folder)
        )

    def check_whose() -> None:
        from companion.core.exchange import is_other_patient
        from companion.store.exchange import other_patient_error

        if not other_patient:
            theirs, ours = _profile_in(Path(backup_file)), _profile_in(folder / DB_FILENAME)
            if is_other_patient(ours, theirs):
                assert theirs is not None and ours is not None  # another person: both are there
                raise other_patient_error(theirs, ours, "restore")

    check_whose()  # before the lock file is touched: a refusal leaves the folder as it was
    with exclusive(folder):  # never under an open window of another process
        check_whose()
        return _restore_locked(folder, Path(backup_file), mirror)


def _profile_in(db_file: Path) -> dict | None:
    """The profile row of a database file, read only; None when there is none or it cannot be
    read (a damaged database is restored over without a question)."""
    if not db_file.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM profile LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return dict(row) if row is not None else None


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
    # An old journal must not be replayed onto the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    put_in_place(incoming, db_path)
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


def newest_good_backup(folder: Path, now: dt.datetime | None = None) -> BackupInfo | None:
    """The newest backup of the folder that passes the checks. One dated in the future (made
    while the clock was wrong) is offered only when no other good backup is left."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    found = list_backups(backup_folder(folder))
    sane = [b for b in found if b.moment <= now + _CLOCK_SLACK]
    for backup in sane + [b for b in found if b not in sane]:
        try:
            check_database_file(backup.path)
        except InvalidInput:
            continue
        return backup
    return None


_CLOCK_SLACK = dt.timedelta(minutes=5)
