"""Running the command line as a user would: ``python -m companion`` in a subprocess, in its own
working folder, with its own home and data folders, English, and a fixed "today".

Shared by the command-line test files; each adds its own conveniences on top of ``Cli``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-15"
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return (
            f"command: companion {' '.join(self.args)}\nexit: {self.returncode}\n"
            f"stdout: {self.stdout!r}\nstderr: {self.stderr!r}"
        )

    def json(self):
        assert self.returncode == 0, str(self)
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
            raise AssertionError(f"stdout is not JSON ({exc})\n{self}") from None


class Cli:
    """Runs ``python -m companion`` in its own working folder with an isolated environment, in
    the time zone ``tz``."""

    def __init__(self, base: Path, tz: str = "UTC"):
        self.home = base / "home"
        self.cwd = base / "cwd"
        self.tz = tz
        for folder in (self.home, self.cwd):
            folder.mkdir(parents=True, exist_ok=True)

    def env(self, today: str = TODAY) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "COMPANION_TODAY", "PYTHONPATH")}
        env.update(
            PYTHONPATH=str(REPO_ROOT),
            COMPANION_TODAY=today,
            TZ=self.tz,
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            LANGUAGE="en",
            QT_QPA_PLATFORM="offscreen",
        )
        return env

    def __call__(self, data_dir: Path | None, *args: str, today: str = TODAY) -> Result:
        argv = (["--data-dir", str(data_dir)] if data_dir is not None else []) + list(args)
        proc = subprocess.run(
            [sys.executable, "-m", "companion", *argv],
            cwd=self.cwd,
            env=self.env(today),
            capture_output=True,
            timeout=120,
        )
        return Result(
            argv,
            proc.returncode,
            proc.stdout.decode("utf-8", errors="replace"),
            proc.stderr.decode("utf-8", errors="replace"),
        )

    def ok(self, data_dir: Path | None, *args: str) -> Result:
        result = self(data_dir, *args)
        assert result.returncode == 0, str(result)
        assert "Traceback" not in result.stderr, str(result)
        return result


def assert_refused(result: Result) -> None:
    """Exit 2 with a one-line message on stderr (design.md §8)."""
    assert result.returncode == 2, f"expected exit 2 (invalid input)\n{result}"
    message = result.stderr.strip()
    assert message, f"expected a message on stderr\n{result}"
    assert "\n" not in message, f"expected a ONE-line message on stderr\n{result}"
    assert "Traceback" not in result.stderr, str(result)


def files_in(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path, scratch: Path) -> dict[str, object]:
    """Everything stored in a data folder: SQLite files as a logical dump, other files as bytes.

    The dump is taken from a copy, so that reading it changes nothing in the folder itself.
    """
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(folder, scratch)
    # The copy keeps the folder's modes; SQLite must write beside a WAL database to read it, which
    # a read-only copy refuses to anyone but root (the tests passed as root and failed as a user).
    for path in (scratch, *scratch.rglob("*")):
        path.chmod(0o700 if path.is_dir() else 0o600)
    state: dict[str, object] = {}
    for path in sorted(scratch.rglob("*")):
        name = str(path.relative_to(scratch))
        if not path.is_file() or name.endswith(SIDE_FILES):
            continue
        data = path.read_bytes()
        if data.startswith(SQLITE_MAGIC):
            conn = sqlite3.connect(path)
            try:
                state[name] = list(conn.iterdump())
            finally:
                conn.close()
        else:
            state[name] = data
    shutil.rmtree(scratch)
    return state
