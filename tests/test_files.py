"""The one atomic writer (companion/files.py): every file the app writes ends whole or not at all,
0600, even when the writing fails or the process is killed half-way."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from companion.files import put_in_place, write_file_atomically

REPO = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_written_file_holds_the_data_and_is_private(tmp_path):
    target = tmp_path / "summary.pdf"
    write_file_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "diary.csv"
    target.write_bytes(b"old")

    def half_then_fail(fh) -> None:
        fh.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_file_atomically(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.csv"]


def test_put_in_place_that_cannot_rename_removes_the_partial_and_keeps_the_target(tmp_path):
    target = tmp_path / "companion.sqlite3"
    target.mkdir()  # a rename over a non-empty folder fails
    (target / "kept").write_bytes(b"x")
    partial = tmp_path / ".companion.sqlite3.restoring"
    partial.write_bytes(b"backup")
    with pytest.raises(OSError):
        put_in_place(partial, target)
    assert not partial.exists()
    assert (target / "kept").read_bytes() == b"x"


def test_put_in_place_replaces_the_target_in_one_step_with_mode_0600(tmp_path):
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"old")
    partial = tmp_path / ".backup.sqlite3.partial"
    partial.write_bytes(b"new")
    os.chmod(partial, 0o644)
    put_in_place(partial, target)
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600
    assert not partial.exists()


CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from companion.files import write_file_atomically

def slowly(fh):
    fh.write(b"N" * 4096)
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)  # killed here

write_file_atomically(Path(sys.argv[2]), slowly)
"""


def test_a_process_killed_while_writing_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "export.json"
    target.write_bytes(b"the old export")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(REPO), str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert target.read_bytes() == b"the old export"
    # What a killed process leaves is a hidden temporary file beside it, never a cut-off target.
    assert all(p.name.startswith(".export.json.") for p in tmp_path.iterdir() if p != target)
