"""Data safety through the window (issue 17): its own restore under its own lock, another
person's export asked about, a damaged file with --smoke, the preview left by a killed window."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from cli_harness import REPO_ROOT, Cli, assert_refused

from companion.core.models import DoseRecord
from companion.services import PatientRecords
from companion.store.database import DB_FILENAME
from companion.ui.app import create_window
from companion.ui.main_window import DATA

TODAY = dt.date(2026, 6, 15)


def make_window(qtbot, folder, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    window = create_window(folder)
    qtbot.addWidget(window)
    window.show()
    return window


def days(folder: Path) -> list[str]:
    conn = sqlite3.connect(folder / DB_FILENAME)
    try:
        return [r[0] for r in conn.execute("SELECT given_on FROM dose WHERE deleted_at IS NULL ORDER BY 1")]
    finally:
        conn.close()


def person(folder: Path, name: str, born: dt.date, day: dt.date) -> Path:
    records = PatientRecords.open(folder, today=lambda: TODAY)
    try:
        records.profile.update(display_name=name, birth_date=born, onboarding_done=True)
        records.doses.record(DoseRecord(given_on=day))
    finally:
        records.close()
    return folder


def test_the_window_restores_under_its_own_lock_and_another_process_cannot(qtbot, tmp_path, monkeypatch):
    folder = person(tmp_path / "anna", "Anna Weber", dt.date(1970, 3, 2), dt.date(2026, 5, 4))
    window = make_window(qtbot, folder, monkeypatch)
    saved = window.session.records.backups.now()
    window.session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    other = Cli(tmp_path / "run")(folder, "restore", str(saved))
    assert_refused(other)
    assert days(folder) == ["2026-05-04", "2026-06-01"], "a restore from another process went through"
    assert window.restore_backup(saved)
    assert days(folder) == ["2026-05-04"]
    assert window.session is not None


def test_the_window_asks_before_importing_another_person_s_records(qtbot, tmp_path, monkeypatch):
    anna = person(tmp_path / "anna", "Anna Weber", dt.date(1970, 3, 2), dt.date(2026, 5, 4))
    ben = person(tmp_path / "ben", "Ben Weber", dt.date(1972, 1, 1), dt.date(2026, 6, 1))
    records = PatientRecords.open(ben)

    export = tmp_path / "ben.json"
    export.write_bytes(records.exchange.export_json())
    records.close()
    window = make_window(qtbot, anna, monkeypatch)
    window.show_page(DATA)
    asked: list[tuple[str, str]] = []

    def say_no(theirs, ours):
        asked.append((theirs, ours))
        return False

    assert not window.data.import_from(export, lambda lines: True, say_no)
    assert asked and "Ben Weber" in asked[0][0] and "Anna Weber" in asked[0][1]
    assert days(anna) == ["2026-05-04"]
    assert window.session.records.profile.get().display_name == "Anna Weber"
    assert window.data.import_from(export, lambda lines: True, lambda theirs, ours: True)
    assert days(anna) == ["2026-05-04", "2026-06-01"]


def test_the_window_refuses_a_pipe_at_once(qtbot, tmp_path, monkeypatch):
    folder = person(tmp_path / "anna", "Anna Weber", dt.date(1970, 3, 2), dt.date(2026, 5, 4))
    window = make_window(qtbot, folder, monkeypatch)
    pipe = tmp_path / "export.json"
    os.mkfifo(pipe)
    assert not window.data.import_from(pipe, lambda lines: True)
    assert "not a regular file" in window.message_bar.label.text()


def _damage(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):
        data[offset] = 0xFF
    db.write_bytes(bytes(data))


def test_gui_smoke_on_a_damaged_database_exits_with_a_message(tmp_path):
    folder = person(tmp_path / "anna", "Anna Weber", dt.date(1970, 3, 2), dt.date(2026, 5, 4))
    records = PatientRecords.open(folder)
    records.backups.now()
    records.close()
    _damage(folder / DB_FILENAME)
    run = Cli(tmp_path / "run")
    proc = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(folder), "gui", "--smoke"],
        cwd=run.cwd,
        env=run.env(),
        capture_output=True,
        timeout=90,
        text=True,
    )
    assert proc.returncode != 0, proc
    assert "damaged" in proc.stderr, proc.stderr


def test_a_preview_left_by_a_killed_window_is_removed_at_the_next_start(tmp_path):
    """The report screen keeps its preview PDF in /tmp/companion-report-*/; a window killed
    meanwhile leaves it. The next start removes it, and never one a running window still uses."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),
    }
    code = (
        "import os, sys\n"
        "from companion.services.preview import preview_folder\n"
        "folder = preview_folder()\n"
        "(folder / 'summary.pdf').write_bytes(b'%PDF-1.4 Anna Weber')\n"
        "print(folder, flush=True)\n"
        "if sys.argv[1] == 'kill':\n"
        "    os._exit(0)\n"  # no clean-up: as a killed window
        "sys.stdin.read()\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, "kill"], env=env, capture_output=True, text=True)
    left = Path(killed.stdout.strip())
    assert left.is_dir() and left.name.startswith("companion-report-")
    running = subprocess.Popen(
        [sys.executable, "-c", code, "keep"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        in_use = Path(running.stdout.readline().strip())
        cleaner = "from companion.services.preview import remove_stale_previews\nremove_stale_previews()\n"
        subprocess.run([sys.executable, "-c", cleaner], env=env, check=True)
        assert not left.exists(), "the preview of a killed window is still there"
        assert in_use.exists(), "the preview of a running window was removed"
    finally:
        running.stdin.close()
        running.wait(timeout=60)


def test_the_window_opens_no_unrelated_folder_and_leaves_it_as_it_was(qtbot, tmp_path, monkeypatch):
    shared = tmp_path / "photos"
    shared.mkdir()
    (shared / "holiday.jpg").write_bytes(b"\xff\xd8")
    os.chmod(shared, 0o755)
    window = make_window(qtbot, shared, monkeypatch)
    assert window.session is None
    assert "other files" in window.message_bar.label.text()
    assert sorted(p.name for p in shared.iterdir()) == ["holiday.jpg"]
    assert shared.stat().st_mode & 0o777 == 0o755


def test_a_date_field_accepts_no_date_beyond_those_the_app_uses(qtbot):
    """Issue 17 (found by the data-safety review): 9999 could be typed as an appointment date."""
    import datetime as dt

    from companion.core.limits import MAX_DATE, MIN_DATE
    from companion.ui.widgets import DateField

    field = DateField(dt.date(2026, 6, 1), "When")
    qtbot.addWidget(field)
    field.set_date(dt.date(9999, 12, 1))
    assert field.date_value() == MAX_DATE
    field.set_date(dt.date(1000, 1, 1))
    assert field.date_value() == MIN_DATE
