"""One patient's SQLite database: the only code that runs SQL. Returns core objects.

Every write runs in one transaction (``db.atomic()``); edits and deletes first copy the previous
version into ``revision``; deletes are soft (``deleted_at``) and can be undone.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.errors import DamagedData, DataError, InvalidInput, NewerVersionData
from companion.i18n import _
from companion.store.schema import KNOWN_MIGRATIONS, applied_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_FILENAME = "companion.sqlite3"
BACKUP_DIRNAME = "backups"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def now_utc() -> str:
    """The current UTC time as ISO 8601, for created/updated/deleted stamps."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_iso(value: dt.date | dt.time | None) -> str | None:
    """ISO 8601 text for storage, or None."""
    return value.isoformat() if value is not None else None


def iso_date(value: str | None) -> dt.date | None:
    """A stored ISO date back as a date, or None."""
    return dt.date.fromisoformat(value) if value else None


def iso_time(value: str | None) -> dt.time | None:
    """A stored ISO time back as a time, or None."""
    return dt.time.fromisoformat(value) if value else None


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` readable by this user only (0700), and every missing folder above it too
    (0700 whatever the umask, as the XDG base directory specification asks). An existing folder
    open to others is made private; one that is private already is left as it is, so that a
    read-only folder is never touched."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process
        os.chmod(path, FOLDER_MODE)
    if not missing and folder.stat().st_mode & 0o077:
        try:
            os.chmod(folder, FOLDER_MODE)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EROFS, errno.EACCES):
                raise


class RefusedFolder(InvalidInput, DataError):
    """A folder or data file the app will not open as a patient's (someone else's folder, a data
    file that is a link): invalid input on the command line, a message in the window."""


class ReadOnlyData(DataError):
    """The records can be read but not saved: their folder or file is read-only."""


# What the app keeps in a patient folder besides the database (and its -wal, -shm, .damaged-…).
_APP_ENTRIES = {BACKUP_DIRNAME, "companion.lock"}
_DESKTOP_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini", ".directory"}


def check_patient_folder(folder: Path) -> None:
    """Refuse (RefusedFolder) a folder that is not a patient folder: one that holds other files
    and no database of the app. A new or empty folder, or one holding only the app's own files
    (its backups, say, after the database was lost), is a patient folder. The data file (and
    its journal files) must not be links. Nothing is changed either way."""
    folder = Path(folder)
    db_path = folder / DB_FILENAME
    for suffix in ("", "-wal", "-shm", "-journal"):
        if Path(f"{db_path}{suffix}").is_symlink():
            raise RefusedFolder(
                _(
                    "The data file {path} is a link to another file: for safety the app opens only a "
                    "real file. Nothing was changed."
                ).format(path=Path(f"{db_path}{suffix}"))
            )
    if not folder.is_dir() or db_path.exists():
        return
    for entry in os.scandir(folder):
        name = entry.name
        if name in _APP_ENTRIES or name in _DESKTOP_LITTER:
            continue
        if name.startswith((DB_FILENAME, f".{DB_FILENAME}")):
            continue
        raise RefusedFolder(
            _(
                "{path} holds other files and no records of Tofersen Companion: choose an empty or "
                "new folder for a patient's records. Nothing was changed."
            ).format(path=folder)
        )


class Store:
    """The connection to one patient's ``<folder>/companion.sqlite3``: checked (a damaged file,
    a folder that is not a patient's, a newer version's data are refused, with nothing changed)
    and private. Open it with ``companion.store.opening.open_store``, which also brings the
    schema up to date; the record kinds have their repositories (``companion.store.doses``…)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.path = self.folder / DB_FILENAME
        check_patient_folder(self.folder)  # before anything is created or changed
        self._refuse_an_empty_file_beside_backups()
        ensure_private_folder(self.folder)
        exists = self.path.exists()
        self.read_only = not os.access(self.folder, os.W_OK) or (exists and not os.access(self.path, os.W_OK))
        if self.read_only and not exists:
            raise ReadOnlyData(
                _("The folder {path} is read-only: no records can be kept there.").format(path=self.folder)
            )
        if not exists:
            # Create the file ourselves so that it (and SQLite's -wal/-shm beside it) is private.
            flags = os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(self.path, flags, FILE_MODE))
        elif self.path.stat().st_mode & 0o077 and not self.read_only:
            os.chmod(self.path, FILE_MODE)
        try:
            conn = self._connect()
            conn.execute("PRAGMA busy_timeout=5000")
            # Check before anything is written, so a damaged file is left exactly as it is.
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DamagedData(
                _("The data file {path} cannot be read: {reason}").format(path=self.path, reason=exc),
                self.folder,
            ) from exc
        if quick != "ok":
            conn.close()
            raise DamagedData(
                _("The data file {path} is damaged ({reason}).").format(path=self.path, reason=quick),
                self.folder,
            )
        self.conn = conn
        try:
            self._refuse_a_newer_version()  # before WAL mode is set: its bytes stay as they are
            if not self.read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            return sqlite3.connect(str(self.path))
        # Read only (a read-only folder or file system): SQLite cannot make its -shm file there.
        # With no -wal file to read, the file is read as it is ("immutable").
        uri = f"file:{urllib.parse.quote(str(self.path))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if Path(f"{self.path}-wal").exists():
                raise
        return sqlite3.connect(uri + "&immutable=1", uri=True)

    def _refuse_an_empty_file_beside_backups(self) -> None:
        """An empty data file is a new patient, unless backups lie beside it: then the data was
        lost, and the user is told to restore one rather than start again."""
        try:
            empty = self.path.stat().st_size == 0
        except OSError:
            return
        backups = self.folder / BACKUP_DIRNAME
        if empty and backups.is_dir() and any(p.suffix == ".sqlite3" for p in backups.iterdir()):
            raise DamagedData(
                _(
                    "The data file {path} is empty, but there are backups beside it: restore the "
                    "newest (companion restore FILE, or in the window) rather than start again. "
                    "Nothing was changed."
                ).format(path=self.path),
                self.folder,
            )

    def _refuse_a_newer_version(self) -> None:
        try:
            applied = applied_migrations(self.conn)
        except sqlite3.DatabaseError as exc:
            raise DamagedData(
                _("The data file {path} cannot be read: {reason}").format(path=self.path, reason=exc),
                self.folder,
            ) from exc
        if any(name not in KNOWN_MIGRATIONS for name in applied):
            raise NewerVersionData(
                _(
                    "This data was saved by a newer version of Tofersen Companion. "
                    "Please update the app; your data has not been changed."
                )
            )

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for writes and schema changes. Imported on first
        use: with click, dateutil and pluggy it costs ~0.1 s, and a start that only reads (the
        window showing the next dose) does not need it."""
        from sqlite_utils import Database

        # execute_plugins=False: plugin discovery costs time and the app uses none.
        return Database(self.conn, execute_plugins=False)

    def rows(self, sql: str, params: tuple | list = ()) -> list[dict]:
        """The rows of a read as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, table: str, record_id: str) -> dict:
        """The record with this id in ``table``, deleted or not; KeyError when there is none."""
        rows = self.rows(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        if not rows:
            raise KeyError(f"{table} {record_id}")
        return rows[0]

    # --- lifecycle --------------------------------------------------------------------------

    def table_columns(self, table: str) -> set[str]:
        """The column names of ``table``; empty when there is no such table."""
        return {row[1] for row in self.conn.execute(f'PRAGMA table_info("{table}")')}

    def needs_migration(self) -> bool:
        """True when the schema is older than this version's (a new file, or an upgrade)."""
        applied = applied_migrations(self.conn)
        return not all(name in applied for name in KNOWN_MIGRATIONS)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: everything inside is saved together, or nothing is.

        It takes the write lock at once (BEGIN IMMEDIATE), so that a second process writing to
        the same folder (the window and the command line) waits for it instead of failing.
        """
        if self.read_only:
            raise ReadOnlyData(
                _("The folder {path} is read-only: nothing can be saved. Nothing was changed.").format(
                    path=self.folder
                )
            )
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")

    def is_empty(self) -> bool:
        """True when nothing has been recorded for this patient yet."""
        return not self.conn.execute(
            "SELECT EXISTS(SELECT 1 FROM dose) OR EXISTS(SELECT 1 FROM appointment)"
            " OR EXISTS(SELECT 1 FROM profile)"
        ).fetchone()[0]
