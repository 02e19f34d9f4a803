"""What every command shares: the exit codes, the parser class, the data folder a command works
on, and printing (JSON, and user text made safe for a terminal)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.i18n import _

if TYPE_CHECKING:
    from companion.services import PatientRecords

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


class UsageError(Exception):
    """Bad words on the command line; exit 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, raised instead of printed with the usage."""

    def error(self, message: str):
        raise UsageError(message)


# What a command group's ``register`` gets to add its parsers with (the main parser's subparsers,
# each with the common options).
AddParser = Callable[..., Parser]


def common_options() -> Parser:
    """``--data-dir`` and ``--lang``, also accepted after the command (``companion dose list
    --data-dir X``); SUPPRESS keeps a value given before the command when none is given after."""
    common = Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--lang", metavar="CODE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return common


def positive_int(text: str, what: str, maximum: int = 10_000) -> int:
    from companion.core.errors import InvalidInput

    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("{what} must be a whole number, not “{text}”.").format(what=what, text=text)
        ) from None
    if not 1 <= value <= maximum:
        raise InvalidInput(_("{what} must be between 1 and {maximum}.").format(what=what, maximum=maximum))
    return value


def patient_folder(args: argparse.Namespace, create: bool) -> Path | None:
    """The patient folder the command works on; None when reading and nothing exists yet."""
    from companion.core.errors import InvalidInput
    from companion.paths import default_data_root
    from companion.services.folders import DB_FILENAME, PatientDirectory

    if args.data_dir is not None:
        if not args.data_dir.strip():
            raise InvalidInput(_("--data-dir needs the path of a folder."))
        folder = Path(args.data_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            raise InvalidInput(_("{path} is not a folder.").format(path=folder))
        if not create and not (folder / DB_FILENAME).exists():
            return None
        return folder
    directory = PatientDirectory(default_data_root())
    if create:
        return directory.current_or_new()
    return directory.current()


def open_records(args: argparse.Namespace, create: bool) -> PatientRecords | None:
    """The patient's records; None when reading and nothing is recorded yet (with ``create``,
    never None)."""
    from companion.services import PatientRecords

    folder = patient_folder(args, create)
    return PatientRecords.open(folder) if folder is not None else None


def open_or_create(args: argparse.Namespace) -> PatientRecords:
    records = open_records(args, create=True)
    assert records is not None, "create=True always opens a folder"
    return records


def terminal_safe(text: str) -> str:
    """User text as a terminal may show it: control characters (escape sequences that could
    recolour, move or retitle the terminal) are dropped; line breaks and tabs stay."""
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def one_line(text: str) -> str:
    return " ".join(text.split())
