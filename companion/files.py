"""Every file the app writes or reads for the user, in one place (issue 21): the output path
checked before any work, one atomic writer (a temporary file in the same folder, fsync, rename;
0600, as it holds health data), and bounded reading of a file the user chose.

No Qt and no SQL: the store (backups), the reports (PDF), the services and the window all use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from companion.core.errors import InvalidInput
from companion.i18n import _

FILE_MODE = 0o600


def check_output_path(path: Path | str | None, data_folder: Path | None = None) -> Path:
    """The absolute path to write, or InvalidInput when it cannot be written (no name, a folder,
    a missing folder, no permission) or must not be (the patient's database or backups, in
    ``data_folder``). Checked before any work, by creating and removing a temporary file in the
    folder, so that a refusal writes nothing."""
    text = str(path).strip() if path is not None else ""
    if not text:
        raise InvalidInput(_("Give the name of the file to write."))
    target = Path(text).expanduser().absolute()
    if data_folder is not None:
        protected = Path(data_folder).resolve()
        resolved = target.resolve()
        if (resolved.parent == protected and resolved.name.startswith("companion.sqlite3")) or (
            protected / "backups" in resolved.parents
        ):
            raise InvalidInput(
                _("{path} holds the app's own data or backups: choose another file name.").format(path=target)
            )
    if target.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name.").format(path=target))
    parent = target.parent
    if not parent.is_dir():
        raise InvalidInput(_("The folder {path} does not exist.").format(path=parent))
    if not os.access(parent, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InvalidInput(_("{path} cannot be written: permission denied.").format(path=target))
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=parent)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot write in the folder {folder}: {reason}").format(
                folder=parent, reason=exc.strerror or exc
            )
        ) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return target


def write_file_atomically(
    path: Path, data: bytes | Callable[[BinaryIO], None], mode: int = FILE_MODE
) -> Path:
    """Write ``data`` (bytes, or a function that writes into the open file) to ``path`` so that a
    crash leaves either the old file or the new one, never a part; on any error the temporary file
    is removed and ``path`` is left as it was. The file ends with ``mode`` (0600: health data)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return put_in_place(Path(tmp), path, mode)


def put_in_place(partial: Path, target: Path, mode: int = FILE_MODE) -> Path:
    """The end of every atomic write: ``partial``, written beside ``target`` (by
    write_file_atomically, by SQLite's backup, by a copy), is flushed to the disk, given ``mode``
    and renamed over ``target`` in one step. On any error ``partial`` is removed and ``target`` is
    left as it was."""
    try:
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(partial, mode)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def read_input_file(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a file a person chose to read (an export to import), or InvalidInput saying
    plainly why not: only a regular file (not a folder, a pipe or a device such as /dev/zero,
    which would never end), at most ``max_bytes``. Never waits on a pipe, never reads past the
    limit."""
    import stat

    source = Path(path).expanduser()

    def refuse(message: str) -> InvalidInput:
        return InvalidInput(message.format(path=source, size=max_bytes // (1024 * 1024)))

    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise refuse(_("{path} does not exist.")) from None
    except OSError as exc:
        raise InvalidInput(
            _("{path} cannot be read: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse(_("{path} is a folder; choose an export file."))
    if not stat.S_ISREG(info.st_mode):
        raise refuse(
            _("{path} is not a regular file (a pipe or a device, for example); choose an export file.")
        )
    if info.st_size > max_bytes:
        raise refuse(_("{path} is larger than {size} MB: it cannot be an export of Tofersen Companion."))
    try:
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening does not wait.
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InvalidInput(
            _("{path} cannot be read: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise refuse(
                _("{path} is not a regular file (a pipe or a device, for example); choose an export file.")
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1024 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise refuse(
                    _("{path} is larger than {size} MB: it cannot be an export of Tofersen Companion.")
                )
            chunks.append(chunk)
    except OSError as exc:
        raise InvalidInput(
            _("{path} cannot be read: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from None
    finally:
        os.close(fd)
    return b"".join(chunks)
