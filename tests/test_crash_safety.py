"""Crash safety, for real (issue 7): "a process killed at any instant (SIGKILL) loses nothing it
reported as saved and leaves a database that passes integrity_check. Test it for real: start writer
processes and kill them at random moments, many times."

Writer processes open the app's records in a temporary folder and save in a loop (diary entries,
doses, edits, deletes); after each call returns they print what they saved and flush ("reported as
saved"). Each is killed with SIGKILL after a random 50–400 ms (fixed seeds). After every kill:
every write reported saved is in the database, ``PRAGMA integrity_check`` says ok, and the app
opens the folder. Backups and a big import are killed too: the database stays intact, the import is
all or nothing, and no half-written backup carries a final backup name.

Run with ``pytest -s`` to see the figures.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from companion.store.backups import check_database_file
from companion.store.database import DB_FILENAME
from companion.store.doses import DoseRepository
from companion.store.opening import open_store

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-15"
SEED = 20260615
LANES = 4  # writer folders killed in parallel
KILLS_PER_LANE = 10  # 40 kills of lone writers in all
SHARED_CYCLES = 2  # two folders, each with two writers at once: 8 more kills
BACKUP_KILLS = 8
IMPORT_KILLS = 8
IMPORT_ENTRIES = 2000
FINAL_BACKUP_NAME = re.compile(r"^\d{8}-\d{6}-\d{6}-[a-z-]+\.sqlite3$")

pytestmark = pytest.mark.slow

FIGURES: dict[str, int] = {}
_figures_lock = threading.Lock()


def add_figure(name: str, value: int) -> None:
    with _figures_lock:
        FIGURES[name] = FIGURES.get(name, 0) + value


# --- the writer processes -------------------------------------------------------------------------

WRITER = r"""
import datetime as dt, random, sys
from companion.core.models import DiaryEntry, DoseRecord
from companion.services import PatientRecords

folder, run, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
records = PatientRecords.open(folder)
alive = [e.id for e in records.diary.entries()]
taken = {d.given_on for d in records.doses.all()}
print("ready", flush=True)
zone = dt.timezone(dt.timedelta(hours=rng.choice([-8, 0, 2, 5])))
start = dt.datetime(2026, 6, 14, 12, 0, tzinfo=zone)
codes = ["headache", "back_pain", "fatigue", "fever", "muscle_cramps", "weakness"]
n = 0
while True:
    n += 1
    tag = f"{run:04d}:{n:07d}"
    roll = rng.random()
    try:
        if roll < 0.70 or len(alive) < 3:
            at = start - dt.timedelta(minutes=run * 100_000 + n)
            symptoms = {c: rng.randint(1, 3) for c in rng.sample(codes, rng.randint(0, 3))}
            entry = records.diary.add(DiaryEntry(at=at, symptoms=symptoms, note=f"entry {tag} ✓ Grüße 🤕"))
            alive.append(entry.id)
            print("A", entry.id, tag, flush=True)
        elif roll < 0.80:
            day = dt.date(2026, 6, 15) - dt.timedelta(days=rng.randint(0, 3000))
            if day in taken:
                continue
            dose = DoseRecord(given_on=day, note=f"dose {tag}")
            records.doses.record(dose)
            taken.add(day)
            print("D", dose.id, tag, flush=True)
        elif roll < 0.92:
            entry_id = rng.choice(alive)
            entry = records.diary.entry(entry_id)
            records.diary.edit(
                DiaryEntry(at=entry.at, by=entry.by, symptoms={"fatigue": 2}, note=f"edit {tag}", id=entry_id)
            )
            print("E", entry_id, tag, flush=True)
        else:
            entry_id = alive.pop(rng.randrange(len(alive)))
            records.diary.delete(entry_id)
            print("X", entry_id, tag, flush=True)
    except Exception as exc:
        print("F", type(exc).__name__, str(exc).replace("\n", " ")[:200], flush=True)
"""

BACKUP_WRITER = r"""
import sys
from companion.services import PatientRecords

records = PatientRecords.open(sys.argv[1])
print("ready", flush=True)
while True:
    path = records.backups.make("manual")
    print("B", path, flush=True)
"""

IMPORT_WRITER = r"""
import sys, time
from pathlib import Path
from companion.services import PatientRecords

records = PatientRecords.open(sys.argv[1])
raw = Path(sys.argv[2]).read_bytes()
plan = records.exchange.plan_import(raw)
print("planned", sum(plan.added().values()), flush=True)
started = time.monotonic()
records.exchange.apply_import(plan)
print("imported", time.monotonic() - started, flush=True)
records.close()
"""


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COMPANION_TODAY")}
    env.update(PYTHONPATH=str(REPO_ROOT), COMPANION_TODAY=TODAY, LANGUAGE="en")
    return env


class Writer:
    """A child process whose stdout lines are collected as they come."""

    def __init__(self, script: str, *args: str):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
            cwd=REPO_ROOT,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        buffer = b""
        for chunk in iter(lambda: self.proc.stdout.read1(65536), b""):
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            for raw in complete:
                line = raw.decode("utf-8")
                self.lines.append(line)
                if line.startswith(("ready", "planned")):
                    self.ready.set()
        # A last line without its newline was cut by the kill: it was not reported.
        self.ready.set()

    def kill(self) -> int:
        self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        return code

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=30)
        return code

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode("utf-8", errors="replace")


# --- checks ---------------------------------------------------------------------------------------


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def rows(db_path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def app_opens(folder: Path) -> None:
    store = open_store(folder)
    store.close()


@dataclass
class Ledger:
    """What the writers reported as saved, for one folder."""

    added: set[str] = field(default_factory=set)
    doses: set[str] = field(default_factory=set)
    edits: dict[str, set[str]] = field(default_factory=dict)  # entry id -> reported edit tags
    deleted: set[str] = field(default_factory=set)
    reported: int = 0
    failures: list[str] = field(default_factory=list)

    def record(self, lines: list[str]) -> None:
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "A":
                entry_id, _tag = rest.split(" ")
                self.added.add(entry_id)
            elif kind == "D":
                dose_id, _tag = rest.split(" ")
                self.doses.add(dose_id)
            elif kind == "E":
                entry_id, tag = rest.split(" ")
                self.edits.setdefault(entry_id, set()).add(tag)
            elif kind == "X":
                self.deleted.add(rest.split(" ")[0])
            elif kind == "F":
                self.failures.append(rest)
                continue
            else:
                continue
            self.reported += 1

    def found(self, db_path: Path) -> tuple[int, list[str]]:
        """How many reported writes are in the database, and what is missing."""
        entries = {r[0]: (r[1], r[2]) for r in rows(db_path, "SELECT id, note, deleted_at FROM diary_entry")}
        doses = {r[0] for r in rows(db_path, "SELECT id FROM dose")}
        missing = []
        found = 0
        for entry_id in self.added:
            if entry_id in entries:
                found += 1
            else:
                missing.append(f"diary entry {entry_id}")
        for dose_id in self.doses:
            if dose_id in doses:
                found += 1
            else:
                missing.append(f"dose {dose_id}")
        # An edit is kept when it is the entry's note now, or was replaced later by another edit
        # (the replaced version is then kept in the revisions).
        kept_notes: dict[str, set[str]] = {}
        for record_id, old_json in rows(db_path, "SELECT record_id, old_json FROM revision"):
            kept_notes.setdefault(record_id, set()).add(json.loads(old_json).get("note") or "")
        for entry_id, tags in self.edits.items():
            now = entries.get(entry_id, ("", None))[0] or ""
            for tag in tags:
                if now == f"edit {tag}" or f"edit {tag}" in kept_notes.get(entry_id, set()):
                    found += 1
                else:
                    missing.append(f"edit {tag} of {entry_id} (stored note: {now!r})")
        for entry_id in self.deleted:
            if entries.get(entry_id, (None, None))[1]:
                found += 1
            else:
                missing.append(f"delete of {entry_id}")
        return found, missing

    @property
    def writes(self) -> int:
        return len(self.added) + len(self.doses) + sum(map(len, self.edits.values())) + len(self.deleted)


def run_lane(lane: int, folder: Path, shared: bool, errors: list[str], cycles: int = KILLS_PER_LANE) -> None:
    """Kill writers on ``folder`` again and again; check everything after each kill."""
    rng = random.Random(SEED + lane)
    ledger = Ledger()
    db_path = folder / DB_FILENAME
    for cycle in range(cycles):
        run = lane * 1000 + cycle * 2
        writers = [Writer(WRITER, str(folder), str(run), str(rng.randrange(2**31)))]
        if shared:  # a second writer on the same folder at the same time
            writers.append(Writer(WRITER, str(folder), str(run + 1), str(rng.randrange(2**31))))
        delay = rng.uniform(0.05, 0.4)
        if cycle % 4 == 3:
            time.sleep(delay)  # measured from the start: the kill may fall during start-up
        else:
            for w in writers:
                w.ready.wait(timeout=30)
            time.sleep(delay)
        for w in writers:
            code = w.kill()
            if code != -signal.SIGKILL:
                errors.append(f"lane {lane} cycle {cycle}: the writer ended by itself ({code}): {w.stderr()}")
        add_figure("kills", len(writers))
        for w in writers:
            ledger.record(w.lines)
        if not db_path.exists():
            continue  # killed before the database file was made: nothing was reported
        check = integrity(db_path)
        if check != "ok":
            errors.append(f"lane {lane} cycle {cycle}: integrity_check says {check!r}")
        _found, missing = ledger.found(db_path)
        if missing:
            errors.append(f"lane {lane} cycle {cycle}: reported saved but not found: {missing[:5]}")
        try:
            app_opens(folder)
        except Exception as exc:
            errors.append(f"lane {lane} cycle {cycle}: the app cannot open the folder: {exc!r}")
    found, _missing = ledger.found(db_path) if db_path.exists() else (0, [])
    add_figure("writes reported saved", ledger.writes)
    add_figure("writes found", found)
    add_figure("write lines", ledger.reported)
    add_figure(
        "write errors (shared folder)" if shared else "write errors (one writer)", len(ledger.failures)
    )
    if ledger.failures and not shared:
        errors.append(f"lane {lane}: a lone writer's saves failed: {ledger.failures[:3]}")
    if ledger.failures and shared:
        print(
            f"\n[crash] two writers on one folder: {len(ledger.failures)} saves failed: {ledger.failures[0]}"
        )


def _run_lanes(tmp_path: Path, lanes: list[tuple[int, bool]], errors: list[str], cycles: int) -> float:
    threads = [
        threading.Thread(
            target=run_lane, args=(lane, tmp_path / f"lane{lane}", shared, errors, cycles), daemon=True
        )
        for lane, shared in lanes
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a lane did not finish"
    return time.monotonic() - started


def test_writers_killed_at_random_moments_lose_nothing_they_reported(tmp_path):
    errors: list[str] = []
    took = _run_lanes(tmp_path, [(lane, False) for lane in range(LANES)], errors, KILLS_PER_LANE)
    print(
        f"\n[crash] writers: {FIGURES.get('kills', 0)} kills, "
        f"{FIGURES.get('writes reported saved', 0)} writes reported saved, "
        f"{FIGURES.get('writes found', 0)} found ({took:.1f} s)"
    )
    assert FIGURES.get("kills", 0) >= LANES * KILLS_PER_LANE
    assert FIGURES.get("writes reported saved", 0) > 100, "too few writes to mean anything"
    assert not errors, "\n".join(errors)
    assert FIGURES["writes found"] == FIGURES["writes reported saved"]


def test_two_writers_on_one_folder_killed_together_lose_nothing_they_reported(tmp_path):
    """The window and a command-line call may write at the same time (the folder lock is for
    windows only). Whatever each reported saved must survive the kills."""
    errors: list[str] = []
    before = {k: FIGURES.get(k, 0) for k in ("kills", "writes reported saved", "writes found")}
    took = _run_lanes(tmp_path, [(LANES, True), (LANES + 1, True)], errors, SHARED_CYCLES)
    kills, reported, found = (FIGURES.get(k, 0) - before[k] for k in before)
    failed = FIGURES.get("write errors (shared folder)", 0)
    print(
        f"\n[crash] two writers on one folder: {kills} kills, {reported} writes reported saved, "
        f"{found} found; {failed} saves refused with an error ({took:.1f} s)"
    )
    crashed = [e for e in errors if "ended by itself" in e]
    if crashed:
        print(f"[crash] two writers on one folder: {len(crashed)} writer(s) stopped with an error, e.g.")
        print("    " + crashed[0].splitlines()[0] + " … " + crashed[0].strip().splitlines()[-1])
    lost = [e for e in errors if "ended by itself" not in e]
    assert not lost, "\n".join(lost)
    assert found == reported


# --- killing a backup -------------------------------------------------------------------------------


def _fill(folder: Path, entries: int) -> None:
    """A folder with ``entries`` diary entries, written quickly in one transaction."""
    import datetime as dt

    from companion.core.models import DiaryEntry
    from companion.store.diary import DiaryRepository

    store = open_store(folder)
    repo = DiaryRepository(store)
    zone = dt.timezone(dt.timedelta(hours=1))
    with store.write():
        for i in range(entries):
            at = dt.datetime(2025, 1, 1, 8, 0, tzinfo=zone) + dt.timedelta(hours=3 * i)
            entry = DiaryEntry(
                at=at, symptoms={"headache": 1 + i % 3, "fatigue": 2}, note=f"Eintrag {i} — 🤕"
            )
            stamp = "2025-01-01T08:00:00+00:00"  # a real time: an import checks it (issue 17)
            row = {**repo._row(entry), "created_at": stamp, "updated_at": stamp}
            repo.db["diary_entry"].insert(row)
            repo._after_write(entry, replacing=False)
    store.close()


def test_killing_a_backup_leaves_the_data_intact_and_no_half_backup_under_a_final_name(tmp_path):
    folder = tmp_path / "patient"
    _fill(folder, 3000)
    db_path = folder / DB_FILENAME
    count = rows(db_path, "SELECT COUNT(*) FROM diary_entry")[0][0]
    rng = random.Random(SEED + 100)
    reported_backups = 0
    partial_left = 0
    errors = []
    for cycle in range(BACKUP_KILLS):
        writer = Writer(BACKUP_WRITER, str(folder))
        writer.ready.wait(timeout=30)
        time.sleep(rng.uniform(0.05, 0.4))
        writer.kill()
        add_figure("backup kills", 1)
        reported = [line.split(" ", 1)[1] for line in writer.lines if line.startswith("B ")]
        reported_backups += len(reported)
        if integrity(db_path) != "ok":
            errors.append(f"cycle {cycle}: the database fails integrity_check")
        if rows(db_path, "SELECT COUNT(*) FROM diary_entry")[0][0] != count:
            errors.append(f"cycle {cycle}: the number of diary entries changed")
        app_opens(folder)
        backups = folder / "backups"
        finals = [p for p in backups.iterdir() if FINAL_BACKUP_NAME.match(p.name)]
        partial_left = len([p for p in backups.iterdir() if p.name.endswith(".partial")])
        for path in finals:
            try:
                check_database_file(path)
            except Exception as exc:
                errors.append(f"cycle {cycle}: {path.name} has a final name but is not a good backup: {exc}")
                continue
            if rows(path, "SELECT COUNT(*) FROM diary_entry")[0][0] != count:
                errors.append(f"cycle {cycle}: {path.name} does not hold every diary entry")
        if reported and not finals:
            errors.append(f"cycle {cycle}: backups were reported written but none is in the folder")
    print(
        f"\n[crash] backups: {BACKUP_KILLS} kills during backup, "
        f"{reported_backups} backups reported written, "
        f"{partial_left} partial file(s) left under a temporary name"
    )
    assert reported_backups > 0, "no backup finished: the kills say nothing"
    assert not errors, "\n".join(errors)


# --- killing a big import ---------------------------------------------------------------------------


def test_killing_a_big_import_leaves_it_all_or_nothing(tmp_path):
    import shutil

    source = tmp_path / "source"
    _fill(source, IMPORT_ENTRIES)
    from companion.services import PatientRecords

    records = PatientRecords.open(source)
    export = tmp_path / "big-export.json"
    export.write_bytes(records.exchange.export_json())
    records.close()
    total = len(json.loads(export.read_bytes())["records"]["diary_entry"])

    template = tmp_path / "template"
    _fill(template, 0)
    from companion.core.models import DoseRecord

    store = open_store(template)
    already = DoseRecord(given_on=__import__("datetime").date(2026, 1, 5), note="already here")
    DoseRepository(store).add(already)
    store.close()

    # How long the import itself takes, to spread the kills over it (and a little after).
    calibrate = tmp_path / "calibrate"
    shutil.copytree(template, calibrate)
    writer = Writer(IMPORT_WRITER, str(calibrate), str(export))
    code = writer.finish()
    assert code == 0, writer.stderr()
    took = float(next(line for line in writer.lines if line.startswith("imported")).split()[1])
    assert rows(calibrate / DB_FILENAME, "SELECT COUNT(*) FROM diary_entry")[0][0] == total

    rng = random.Random(SEED + 200)
    outcomes = {"nothing": 0, "everything": 0}
    errors = []
    for cycle in range(IMPORT_KILLS):
        folder = tmp_path / f"import{cycle}"
        shutil.copytree(template, folder)
        writer = Writer(IMPORT_WRITER, str(folder), str(export))
        writer.ready.wait(timeout=60)
        time.sleep(rng.uniform(0.0, took * 1.2))
        writer.kill()
        if not any(line.startswith("planned") for line in writer.lines):
            errors.append(
                f"cycle {cycle}: the import stopped before it was planned: {writer.stderr()[-500:]}"
            )
        add_figure("import kills", 1)
        db_path = folder / DB_FILENAME
        if integrity(db_path) != "ok":
            errors.append(f"cycle {cycle}: the database fails integrity_check")
        count = rows(db_path, "SELECT COUNT(*) FROM diary_entry")[0][0]
        symptoms = rows(db_path, "SELECT COUNT(*) FROM diary_symptom")[0][0]
        doses = rows(db_path, "SELECT COUNT(*) FROM dose")[0][0]
        if doses != 1:
            errors.append(f"cycle {cycle}: the dose already there is gone ({doses} doses)")
        if count == 0 and symptoms == 0:
            outcomes["nothing"] += 1
        elif count == total and symptoms == 2 * total:
            outcomes["everything"] += 1
        else:
            errors.append(f"cycle {cycle}: half an import: {count} of {total} entries, {symptoms} symptoms")
        if any(line.startswith("imported") for line in writer.lines) and count != total:
            errors.append(
                f"cycle {cycle}: the import was reported done but {count} of {total} entries are there"
            )
        try:
            app_opens(folder)
        except Exception as exc:
            errors.append(f"cycle {cycle}: the app cannot open the folder: {exc!r}")
    print(
        f"\n[crash] import of {total} diary entries (takes {took:.2f} s): {IMPORT_KILLS} kills, "
        f"{outcomes['nothing']} left nothing, {outcomes['everything']} left everything"
    )
    assert not errors, "\n".join(errors)
