"""``backup``, ``restore FILE``, ``export -o FILE`` and ``import FILE`` on the command line (design.md §8,
issue 7), run as real subprocesses, plus a fuzz of the whole command line run in-process.

The contract: exit 0 on success, 2 on invalid input ("one-line message on stderr, nothing
written"), 1 on other failures. "``backup`` prints the path of the file it wrote";
"``restore FILE`` checks the file first (a readable database of this app, integrity ok, not from a
newer version), backs up the current data, then replaces it safely"; "An output path that cannot be
written is invalid input (exit 2), and no partial file is left"; "``import FILE.json`` validates
everything first and writes in one transaction — all or nothing — so a truncated, garbage or invalid
file is refused (exit 2) and changes nothing"; "the app says what it will add before it does".
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_harness import SIDE_FILES, TODAY, Cli, Result, assert_refused, files_in, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

DB_FILENAME = "companion.sqlite3"

pytestmark = pytest.mark.slow


# --- running the app (the approach of test_cli_contract.py) ----------------------------------------


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "run")


def lists(cli: Cli, folder: Path) -> dict[str, object]:
    """What the user sees: the dose list, the diary and the ALSFRS-R ratings, as JSON."""
    return {
        "dose": cli.ok(folder, "dose", "list", "--json").json(),
        "diary": cli.ok(folder, "diary", "list", "--json").json(),
        "alsfrs": cli.ok(folder, "alsfrs", "list", "--json").json(),
    }


USER_TABLES = ("dose", "appointment", "diary_entry", "diary_symptom", "alsfrs", "measurement", "medication")


def records_of(folder: Path) -> dict[str, list[tuple]]:
    """Every stored record of the user's tables (read directly: faster than three commands)."""
    return records_of_file(folder / DB_FILENAME)


def records_of_file(db: Path) -> dict[str, list[tuple]]:
    return {table: table_rows(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in USER_TABLES}


def table_rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


NOTE = "Kopfschmerzen nach der Punktion — 头痛 — صداع 🤕"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A folder with doses, diary entries and a rating, made with the command line; and its lists."""
    base = tmp_path_factory.mktemp("recorded")
    runner = Cli(base / "run")
    folder = base / "patient"
    runner.ok(folder, "dose", "add", "2026-05-04", "--place", "Universitätsklinik", "--note", "erste ✓")
    runner.ok(folder, "dose", "add", "2026-05-18", "--number", "2")
    runner.ok(
        folder, "diary", "add", "--at", "2026-05-19T08:30+02:00", "--symptom", "headache=2", "--note", NOTE
    )
    runner.ok(
        folder, "diary", "add", "--at", "2026-05-20T21:00-05:00", "--by", "Jürgen", "--symptom", "fever=1"
    )
    runner.ok(folder, "alsfrs", "add", "2026-05-21", "--scores", "4,4,3,3,3,3,4,3,3,4,4,4")
    return folder, lists(runner, folder)


@pytest.fixture
def folder(recorded, tmp_path) -> Path:
    original, _ = recorded
    copy = tmp_path / "patient"
    shutil.copytree(original, copy)
    return copy


# --- backup ---------------------------------------------------------------------------------------


def test_backup_prints_the_path_of_a_private_file_that_holds_the_data(cli, folder, recorded):
    result = cli.ok(folder, "backup")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, str(result)
    path = Path(lines[0])
    assert path.is_absolute() or (cli.cwd / path).exists(), str(result)
    path = path if path.is_absolute() else cli.cwd / path
    assert path.is_file(), f"the printed backup does not exist\n{result}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, oct(path.parent.stat().st_mode)
    assert table_rows(path, "PRAGMA integrity_check") == [("ok",)]
    for table in ("dose", "diary_entry", "diary_symptom", "alsfrs"):
        assert table_rows(path, f"SELECT * FROM {table} ORDER BY 1") == table_rows(
            folder / DB_FILENAME, f"SELECT * FROM {table} ORDER BY 1"
        ), f"the backup's {table} differs from the data"
    assert NOTE in {r[0] for r in table_rows(path, "SELECT note FROM diary_entry")}
    # The backup alone is a whole database: restored into a new folder, the app shows the same.
    other = folder.parent / "from-backup"
    other.mkdir()
    shutil.copyfile(path, other / DB_FILENAME)
    assert records_of(other) == records_of(folder)


# --- restore --------------------------------------------------------------------------------------


def test_restore_of_a_good_backup_brings_it_back_and_says_where_the_data_before_is_kept(
    cli, folder, recorded
):
    backup = Path(cli.ok(folder, "backup").stdout.strip())
    kept_copy = folder.parent / "elsewhere" / "my backup.sqlite3"  # the user copied it to a USB stick
    kept_copy.parent.mkdir()
    shutil.copyfile(backup, kept_copy)
    # Later changes, which the restore will undo.
    cli.ok(folder, "dose", "add", "2026-06-01")
    cli.ok(folder, "diary", "add", "--at", "2026-06-02T10:00+02:00", "--note", "after the backup")
    changed = records_of(folder)
    assert changed != records_of(recorded[0])

    result = cli.ok(folder, "restore", str(kept_copy))
    assert lists(cli, folder) == recorded[1], f"the backup's data did not come back\n{result}"
    assert records_of(folder) == records_of(recorded[0])
    assert table_rows(folder / DB_FILENAME, "PRAGMA integrity_check") == [("ok",)]
    # It says where the data as it was before is kept, and that file holds it.
    paths = [Path(p) for p in re.findall(r"(/\S+\.sqlite3)", result.stdout)]
    kept = [p for p in paths if p != kept_copy and p.exists()]
    assert kept, f"the output names no file that keeps the data as it was before\n{result}"
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    notes = {r[0] for r in table_rows(kept[0], "SELECT note FROM diary_entry")}
    assert "after the backup" in notes, "the kept copy does not hold the data as it was before"
    # The kept copy can itself be restored: nothing was lost.
    cli.ok(folder, "restore", str(kept[0]))
    assert records_of(folder) == changed
    leftovers = [n for n in files_in(folder) if "restoring" in n or n.endswith(".partial")]
    assert not leftovers, leftovers


def test_restore_after_a_crash_keeps_what_was_only_in_the_journal_and_does_not_replay_it(
    cli, folder, tmp_path, good_backup
):
    """The app was killed: its last saves are only in the ``-wal`` journal. A restore must keep them
    in the copy of the data as it was (nothing saved is lost), and must not replay that journal onto
    the restored file."""
    import datetime as dt

    from companion.core.models import DiaryEntry
    from companion.services import PatientRecords

    records = PatientRecords.open(folder)
    records.store.db.execute("PRAGMA wal_autocheckpoint=0")
    at = dt.datetime(2026, 6, 14, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    records.diary.add(DiaryEntry(at=at, note="only in the journal"))
    crashed = tmp_path / "crashed"
    shutil.copytree(folder, crashed)  # the files as a killed process leaves them
    records.close()
    wal = crashed / f"{DB_FILENAME}-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the test needs the last save to be in the journal"

    result = cli.ok(crashed, "restore", str(good_backup))
    assert records_of(crashed) == records_of_file(good_backup), "the restored data is not the backup's"
    kept = [Path(p) for p in re.findall(r"(/\S+\.sqlite3)", result.stdout) if Path(p) != good_backup]
    kept = [p for p in kept if p.exists()]
    assert kept, f"the output names no copy of the data as it was\n{result}"
    notes = {r[0] for r in table_rows(kept[0], "SELECT note FROM diary_entry")}
    assert "only in the journal" in notes, "the save that was only in the journal was lost"


@pytest.fixture(scope="module")
def good_backup(recorded, tmp_path_factory) -> Path:
    """A backup of the recorded folder, made with ``backup`` (from a copy of the folder)."""
    base = tmp_path_factory.mktemp("backup")
    source = base / "patient"
    shutil.copytree(recorded[0], source)
    return Path(Cli(base / "run").ok(source, "backup").stdout.strip())


def _newer(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('tofersen_companion', 'm999_from_the_future', '2030-01-01 00:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    return path


def _damaged(path: Path) -> Path:
    # Every page after the first gets an impossible page type: each table's pages are damaged, for
    # certain. (Random bytes here sometimes fell only on unused space, and the file still passed.)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    return path


def _foreign(path: Path) -> Path:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('Apfelstrudel')")
    conn.commit()
    conn.close()
    return path


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _garbage(path: Path) -> Path:
    path.write_bytes(os.urandom(64 * 1024))
    return path


def _header_only(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[:100])
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _text(path: Path) -> Path:
    path.write_text("Dies ist kein Backup.\n", encoding="utf-8")
    return path


def _export_json(path: Path) -> Path:
    path.write_text(json.dumps({"format": "tofersen-companion-export", "version": 1, "records": {}}))
    return path


def _directory(path: Path) -> Path:
    path.unlink()
    path.mkdir()
    return path


def _missing(path: Path) -> Path:
    path.unlink()
    return path


@pytest.mark.parametrize(
    "spoil",
    [
        _newer,
        _damaged,
        _foreign,
        _truncated,
        _garbage,
        _header_only,
        _empty,
        _text,
        _export_json,
        _directory,
        _missing,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_restore_of_a_bad_foreign_or_newer_file_is_refused_and_changes_nothing(
    cli, folder, tmp_path, spoil, good_backup
):
    copy = tmp_path / "copy-of-backup.sqlite3"
    shutil.copyfile(good_backup, copy)
    bad = spoil(copy)
    before = snapshot(folder, tmp_path / "scratch")
    result = cli(folder, "restore", str(bad))
    assert_refused(result)
    assert snapshot(folder, tmp_path / "scratch") == before, f"a refused restore changed the folder\n{result}"
    if spoil is _newer:
        assert "newer version" in result.stderr, str(result)


# --- export ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only_folder(path: Path):
    """A folder nobody can write to — root included (immutable), when this runs as root."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o555)
    immutable = False
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        immutable = done.returncode == 0
        if not immutable:
            os.chmod(path, 0o755)
            pytest.skip("running as root and cannot make a folder read-only (chattr failed)")
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        os.chmod(path, 0o755)


def test_export_to_a_missing_folder_is_refused_and_leaves_no_file(cli, folder, tmp_path):
    target = tmp_path / "no such folder" / "export.json"
    result = cli(folder, "export", "-o", str(target))
    assert_refused(result)
    assert not target.parent.exists()


def test_export_to_a_directory_is_refused_and_leaves_no_file(cli, folder, tmp_path):
    target = tmp_path / "a folder.json"
    target.mkdir()
    result = cli(folder, "export", "-o", str(target))
    assert_refused(result)
    assert target.is_dir() and not any(target.iterdir())
    assert files_in(tmp_path / "run" / "cwd") == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_to_a_read_only_folder_is_refused_and_leaves_no_file(cli, folder, tmp_path, fmt):
    with read_only_folder(tmp_path / "read-only") as locked:
        result = cli(folder, "export", "-o", str(locked / f"export.{fmt}"), "--format", fmt)
        assert_refused(result)
        assert list(locked.iterdir()) == [], "a file was left in the read-only folder"


@pytest.mark.parametrize("path", ["", " ", "relative/missing/x.json"])
def test_export_to_an_empty_or_impossible_name_is_refused(cli, folder, path):
    result = cli(folder, "export", "-o", path)
    assert_refused(result)
    assert files_in(cli.cwd) == []


def test_export_to_a_file_whose_parent_is_a_file_is_refused(cli, folder, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me")
    result = cli(folder, "export", "-o", str(blocker / "export.json"))
    assert_refused(result)
    assert blocker.read_text() == "keep me"


def test_export_writes_a_private_file_and_says_it_holds_health_data(cli, folder, tmp_path):
    target = tmp_path / "out" / "Export Zoë.json"
    target.parent.mkdir()
    result = cli.ok(folder, "export", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_bytes().decode("utf-8"))
    assert document["format"] == "tofersen-companion-export" and document["version"] == 1
    assert NOTE in {r["note"] for r in document["records"]["diary_entry"]}
    assert "health data" in result.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name], "temporary files were left"
    # The CSV of the diary, chosen by the file name.
    csv_path = tmp_path / "out" / "diary.csv"
    cli.ok(folder, "export", "-o", str(csv_path))
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert NOTE in text and "Headache" in text.splitlines()[0]
    assert stat.S_IMODE(csv_path.stat().st_mode) == 0o600


def test_export_over_an_existing_file_replaces_it_whole(cli, folder, tmp_path):
    target = tmp_path / "export.json"
    target.write_bytes(b"old content " * 100_000)
    cli.ok(folder, "export", "-o", str(target))
    json.loads(target.read_bytes())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_onto_the_app_s_own_database_file_loses_nothing(cli, folder, fmt):
    """A slip of the tab key: ``export -o <data folder>/companion.sqlite3``. "Nothing a patient saved
    is ever lost … by any ordinary accident": the export is refused (exit 2), or at least the records
    are all still there afterwards."""
    before = records_of(folder)
    result = cli(folder, "export", "-o", str(folder / DB_FILENAME), "--format", fmt)
    assert result.returncode in (0, 2), str(result)
    after = cli(folder, "dose", "list", "--json")
    assert after.returncode == 0, f"the data can no longer be opened after the export\n{result}\n{after}"
    assert records_of(folder) == before


def test_export_onto_a_backup_file_keeps_the_backup(cli, folder, good_backup):
    backup = Path(cli.ok(folder, "backup").stdout.strip())
    data = backup.read_bytes()
    result = cli(folder, "export", "-o", str(backup))
    assert result.returncode in (0, 2), str(result)
    assert backup.read_bytes() == data, f"a backup was overwritten by an export\n{result}"


# --- import ---------------------------------------------------------------------------------------


@pytest.fixture
def export_file(cli, folder, tmp_path) -> Path:
    path = tmp_path / "export.json"
    cli.ok(folder, "export", "-o", str(path))
    return path


def test_export_then_import_into_an_empty_folder_shows_the_same_records(cli, recorded, export_file, tmp_path):
    empty = tmp_path / "new patient"
    result = cli.ok(empty, "import", str(export_file))
    assert "Imported" in result.stdout, str(result)
    assert lists(cli, empty) == recorded[1]
    stored = records_of(empty)
    again = cli.ok(empty, "import", str(export_file))
    assert "Nothing new" in again.stdout, str(again)
    assert records_of(empty) == stored


@pytest.fixture(scope="module")
def caregiver_export(tmp_path_factory) -> Path:
    """An export from another computer: two diary entries, a new dose and one on a day the
    recorded folder already has a dose."""
    base = tmp_path_factory.mktemp("caregiver")
    runner = Cli(base / "run")
    other = base / "caregiver"
    runner.ok(other, "diary", "add", "--at", "2026-06-01T09:00+02:00", "--by", "Jürgen", "--note", "Grüße")
    runner.ok(other, "diary", "add", "--at", "2026-06-02T09:00+02:00", "--symptom", "back_pain=1")
    runner.ok(other, "dose", "add", "2026-06-08")
    runner.ok(other, "dose", "add", "2026-05-18", "--note", "same day as one already recorded")
    path = base / "caregiver.json"
    runner.ok(other, "export", "-o", str(path))
    return path


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.77, 0.999])
def test_import_of_a_truncated_file_is_refused_and_changes_nothing(
    cli, folder, caregiver_export, tmp_path, fraction
):
    raw = caregiver_export.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(raw[: int(len(raw) * fraction)])
    before = snapshot(folder, tmp_path / "scratch")
    result = cli(folder, "import", str(cut))
    assert_refused(result)
    assert snapshot(folder, tmp_path / "scratch") == before, str(result)


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage\x00", b"SQLite format 3\x00" + b"\x00" * 4000, b'{"format": "something else"}'],
    ids=["garbage", "a-database", "foreign-json"],
)
def test_import_of_garbage_is_refused_and_changes_nothing(cli, folder, tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = snapshot(folder, tmp_path / "scratch")
    assert_refused(cli(folder, "import", str(bad)))
    assert snapshot(folder, tmp_path / "scratch") == before


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_import_of_a_missing_file_or_a_folder_is_refused(cli, folder, tmp_path, kind):
    path = tmp_path / "nothing.json"
    if kind == "directory":
        path.mkdir()
    before = snapshot(folder, tmp_path / "scratch")
    assert_refused(cli(folder, "import", str(path)))
    assert snapshot(folder, tmp_path / "scratch") == before


def test_import_dry_run_says_what_it_would_add_and_writes_nothing(
    cli, folder, tmp_path, recorded, caregiver_export
):
    path = caregiver_export
    before = snapshot(folder, tmp_path / "scratch")

    result = cli.ok(folder, "import", str(path), "--dry-run")
    assert "2 diary entries" in result.stdout, str(result)
    assert "1 dose" in result.stdout, str(result)
    assert "Left out: 1 dose" in result.stdout, str(result)
    assert "Imported" not in result.stdout, str(result)
    assert snapshot(folder, tmp_path / "scratch") == before, "a dry run wrote something"

    done = cli.ok(folder, "import", str(path))
    assert "Imported" in done.stdout, str(done)
    after = records_of(folder)
    assert len(after["diary_entry"]) == len(recorded[1]["diary"]) + 2
    assert sorted(r[0] for r in table_rows(folder / DB_FILENAME, "SELECT given_on FROM dose")) == [
        "2026-05-04",
        "2026-05-18",
        "2026-06-08",
    ]
    assert "Nothing new" in cli.ok(folder, "import", str(path), "--dry-run").stdout


# --- encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"diary", b"add", b"--note", b"K\xfcbel nach der Punktion"],
        [b"diary", b"add", b"--by", b"J\xfcrgen"],
        [b"dose", b"add", b"2026-06-10", b"--place", b"K\xf6ln"],
        [b"alsfrs", b"add", b"2026-06-12", b"--scores", b"4,4,3,3,3,3,4,3,3,4,4,4", b"--note", b"\xff\xfe"],
    ],
    ids=["diary-note", "diary-by", "dose-place", "alsfrs-note"],
)
def test_text_in_another_encoding_is_kept_or_refused_never_a_failure(cli, tmp_path, args):
    """A terminal in Latin-1 hands the app bytes that are not UTF-8. Either the text is saved, or the
    command is refused (exit 2, one line, nothing written) — never exit 1 ("something went wrong")."""
    folder = tmp_path / "patient"
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"companion", b"--data-dir", str(folder).encode(), *args],
        cwd=cli.cwd,
        env=cli.env(),
        capture_output=True,
        timeout=120,
    )
    result = Result(
        [repr(a) for a in args],
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    if result.returncode == 2:
        assert_refused(result)
        assert files_in(folder) == [], f"a refusal wrote files: {files_in(folder)}"
    else:
        assert result.returncode == 0, f"expected exit 0 (kept) or 2 (refused)\n{result}"


# --- the command line, fuzzed in-process ------------------------------------------------------------

COMMANDS = [
    ["dose", "add"],
    ["dose", "list"],
    ["dose"],
    ["schedule"],
    ["diary", "add"],
    ["diary", "list"],
    ["diary"],
    ["alsfrs", "add"],
    ["alsfrs", "list"],
    ["alsfrs"],
    ["backup"],
    ["restore"],
    ["export"],
    ["import"],
    ["frobnicate"],
]
OPTIONS = [
    "--json",
    "--number",
    "--time",
    "--place",
    "--by",
    "--csf-ml",
    "--lot",
    "--note",
    "--at",
    "--symptom",
    "--from",
    "--to",
    "--scores",
    "--feeding-tube",
    "--count",
    "-o",
    "--output",
    "--format",
    "--dry-run",
    "--lang",
    "-h",
    "--",
    "-",
]
DATES = [
    "2026-06-15",
    "2026-06-16",
    "2026-06-14",
    "2026-02-30",
    "2025-02-29",
    "2024-02-29",
    "0001-01-01",
    "9999-12-31",
    "2026-6-1",
    "2026-06-01T10:00",
    "2026-06-01T10:00+02:00",
    "2026-06-01T25:00",
    "2026-06-01 23:59:59.999999Z",
    "2026-06-01T10:00+14:00",
    "2026-06-15T23:59-12:00",
    "20260601",
    "1.6.2026",
    "today",
    "",
]
NUMBERS = [
    "0",
    "1",
    "3",
    "4",
    "-1",
    "1e309",
    "nan",
    "inf",
    "٣",
    "３",
    "10000",
    "10001",
    "2.5",
    "4,4",
    "99999999999999999999",
]
SCORES = [
    "4,4,3,3,3,3,4,3,3,4,4,4",
    "5,4,3,3,3,3,4,3,3,4,4,4",
    "4,4,4",
    "",
    ",,,,,,,,,,,",
    "4;4;4",
    "0,0,0,0,0,0,0,0,0,0,0,0",
]
SYMPTOMS = [
    "headache=2",
    "headache=0",
    "headache=4",
    "fever=3",
    "migraine=1",
    "=",
    "headache",
    "headache=2=3",
]
LANGS = ["en", "de", "fr", "es", "it", "xx", "", "DE", "pt-BR"]
# Text people may type, and what a terminal in another encoding hands Python (surrogate escapes).
TEXTS = [
    "K\udcfcbel",
    "\udcff\udcfe",
    "Grüße 🤕",
    "עברית",
    "\u202eRTL",
    "tab\there",
    "line\nbreak",
    "\x00",
    "\udcfc",
    "a" * 5000,
    "'; DROP TABLE dose;--",
]


# Random text, with now and then what a terminal in another encoding hands Python for a byte that is
# not UTF-8 (a surrogate escape), a NUL, a right-to-left mark.
ANY_TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from(["\udcfc", "\udcff", "\x00", "\u202e", "é", "🤕"])),
    max_size=20,
)


def _not_data_dir(token: str) -> str:
    """Random words must not move the data folder (``--da`` abbreviates ``--data-dir``)."""
    head = token.split("=", 1)[0]
    if len(head) >= 3 and "--data-dir".startswith(head):
        return "x"
    return token


def well_formed(paths: list[str]):
    date, number, path = st.sampled_from(DATES), st.sampled_from(NUMBERS), st.sampled_from(paths)
    text = st.one_of(st.sampled_from(TEXTS), ANY_TEXT)
    scores = st.sampled_from(SCORES)
    return st.one_of(
        st.tuples(st.just("dose"), st.just("add"), date),
        st.tuples(st.just("diary"), st.just("add"), st.just("--at"), date, st.just("--note"), text),
        st.tuples(st.just("diary"), st.just("add"), st.just("--symptom"), st.sampled_from(SYMPTOMS)),
        st.tuples(st.just("alsfrs"), st.just("add"), date, st.just("--scores"), scores),
        st.tuples(st.just("schedule"), st.just("--count"), number),
        st.tuples(st.just("diary"), st.just("list"), st.just("--from"), date, st.just("--to"), date),
        st.tuples(st.just("export"), st.just("-o"), path),
        st.tuples(st.just("import"), path),
        st.tuples(st.just("restore"), path),
        st.tuples(st.just("dose"), st.just("add"), st.just("2026-06-10"), st.just("--number"), number),
        st.tuples(st.just("dose"), st.just("add"), st.just("2026-06-10"), st.just("--csf-ml"), number),
        st.tuples(st.just("dose"), st.just("add"), st.just("2026-06-10"), st.just("--time"), date),
        st.tuples(st.just("--lang"), st.sampled_from(LANGS), st.just("dose"), st.just("list")),
        st.tuples(st.just("diary"), st.just("add"), st.just("--note"), text),
        st.tuples(st.just("diary"), st.just("add"), st.just("--by"), text),
        st.tuples(st.just("dose"), st.just("add"), st.just("2026-06-11"), st.just("--place"), text),
        st.tuples(
            st.just("alsfrs"),
            st.just("add"),
            st.just("2026-06-12"),
            st.just("--scores"),
            st.just(SCORES[0]),
            st.just("--note"),
            text,
        ),
    ).map(list)


@st.composite
def command_lines(draw, paths: list[str]):
    words = list(draw(st.sampled_from(COMMANDS)))
    pools = st.one_of(
        st.sampled_from(OPTIONS),
        st.sampled_from(DATES),
        st.sampled_from(NUMBERS),
        st.sampled_from(SCORES),
        st.sampled_from(SYMPTOMS),
        st.sampled_from(LANGS),
        st.sampled_from(TEXTS),
        st.sampled_from(paths),
        ANY_TEXT,
        st.integers(-(10**12), 10**12).map(str),
        st.floats(allow_nan=True).map(repr),
        st.dates().map(str),
    )
    words += [_not_data_dir(w) for w in draw(st.lists(pools, max_size=7))]
    if draw(st.booleans()):  # often a well-formed command with a random value in one place
        words = draw(well_formed(paths))
    return words


def _db_state(folder: Path) -> list[str]:
    conn = sqlite3.connect(folder / DB_FILENAME)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _readable_state(folder: Path) -> list[str] | None:
    """The database's state, or None when it is no longer a readable, intact database."""
    try:
        state = _db_state(folder)
        if table_rows(folder / DB_FILENAME, "PRAGMA integrity_check") != [("ok",)]:
            return None
        return state
    except sqlite3.DatabaseError:
        return None


def _listing(*folders: Path) -> list[str]:
    return sorted(
        str(p)
        for f in folders
        for p in f.rglob("*")
        if not p.name.endswith(SIDE_FILES) and p.name != ".last-backup-marker"
    )


FUZZ_COUNT: dict[str, int] = {}


def test_fuzz_the_command_line_in_process(tmp_path, monkeypatch, recorded):
    """Random command lines from the real command names and random words, dates, numbers and text:
    every result is exit 0 or 2 (never 1, never an exception); exit 2 prints exactly one non-empty
    line on stderr and changes nothing."""
    from companion import cli, i18n

    monkeypatch.setenv("COMPANION_TODAY", TODAY)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    folder = tmp_path / "patient"
    shutil.copytree(recorded[0], folder)
    # Paths the fuzz may name: a good export, a good backup, garbage, folders, missing ones.
    good_export = tmp_path / "files" / "good.json"
    good_export.parent.mkdir()
    assert cli.main(["--data-dir", str(folder), "export", "-o", str(good_export)]) == 0
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli.main(["--data-dir", str(folder), "backup"]) == 0
    backup_copy = tmp_path / "files" / "backup.sqlite3"
    shutil.copyfile(out.getvalue().strip(), backup_copy)
    garbage = tmp_path / "files" / "garbage.bin"
    garbage.write_bytes(os.urandom(3000))
    truncated = tmp_path / "files" / "cut.json"
    truncated.write_bytes(good_export.read_bytes()[:777])
    paths = [
        str(good_export),
        str(backup_copy),
        str(garbage),
        str(truncated),
        str(tmp_path / "files"),
        str(tmp_path / "missing" / "x.json"),
        "out.json",
        "out.csv",
        "sub/out.json",
        "",
        ".",
        "~",
        str(folder / DB_FILENAME),
    ]
    failures: dict[str, str] = {}
    counts = {"runs": 0, "exit 0": 0, "exit 2": 0}

    @given(argv=command_lines(paths))
    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    def run(argv):
        counts["runs"] += 1
        full = ["--data-dir", str(folder), *argv]
        before_db = _db_state(folder)
        before_files = _listing(folder, work)
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    code = cli.main(full)
                except SystemExit as exc:  # argparse's --help exits by itself
                    code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:
            failures.setdefault(f"exception {type(exc).__name__}: {exc}"[:160], repr(argv))
            return
        finally:
            i18n.set_language("en")
        message = stderr.getvalue()
        after_db = _readable_state(folder)
        if after_db is None:  # the command left the patient's database unreadable: note it, start afresh
            failures.setdefault(f"exit {code}, and the database can no longer be read", repr(argv))
            shutil.rmtree(folder)
            shutil.copytree(recorded[0], folder)
            return
        if code not in (0, 2):
            kind = re.sub(r"'[^']*'|“[^”]*”|\d+|characters?", "…", message.strip())[:120]
            failures.setdefault(f"exit {code}: {kind}", repr(argv))
            return
        if "Traceback" in message:
            failures.setdefault("a traceback on stderr", repr(argv))
        counts[f"exit {code}"] += 1
        if code == 2:
            lines = message.strip().splitlines()
            if len(lines) != 1 or not message.strip():
                failures.setdefault(f"exit 2 with {len(lines)} lines on stderr", repr((argv, message)))
            if after_db != before_db:
                failures.setdefault("a refusal changed the data", repr(argv))
            if _listing(folder, work) != before_files:
                failures.setdefault("a refusal left files behind", repr(argv))

    started = time.monotonic()
    run()
    FUZZ_COUNT["cli"] = counts["runs"]
    print(
        f"\n[fuzz] command line: {counts['runs']} cases "
        f"({counts['exit 0']} exit 0, {counts['exit 2']} exit 2), "
        f"{len(failures)} kinds of failure, {time.monotonic() - started:.1f} s"
    )
    assert counts["runs"] >= 300
    assert not failures, "\n".join(
        f"- {kind}\n    e.g. {example}"[:500] for kind, example in failures.items()
    )


def test_the_spreadsheet_follows_lang_with_its_separator(cli, folder, tmp_path):
    """Issue 19: ``--lang de export -o diary.csv`` writes German words with ";" between them."""
    target = tmp_path / "tagebuch.csv"
    cli.ok(folder, "--lang", "de", "export", "-o", str(target))
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    header = next(csv.reader(lines[:1], delimiter=";"))
    assert header[:3] == ["Datum", "Uhrzeit", "Geschrieben von"], header
    assert "Kopfschmerzen" in header
    assert len(header) > 20, "';' separates the columns"
