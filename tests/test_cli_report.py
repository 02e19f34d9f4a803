"""`companion report` as a real subprocess (design.md §8): refusals exit 2 with one line and leave
no file; the path written is printed; --lang and --paper choose the language and the paper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-15"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_PAPER", "PYTHONPATH")}
    env.update(
        PYTHONPATH=str(REPO_ROOT),
        COMPANION_TODAY=TODAY,
        LANGUAGE="en",
        LANG="en_GB.UTF-8",
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        QT_QPA_PLATFORM="offscreen",
    )
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "patient"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_refused(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stderr}"
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def pdfs_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and (".pdf" in p.name or p.suffix == ".part"))


@pytest.fixture
def patient(tmp_path) -> Path:
    for date in ("2026-04-20", "2026-05-18"):
        assert (
            run(tmp_path, "dose", "add", date, "--number", "9" if date == "2026-04-20" else "10").returncode
            == 0
        )
    return tmp_path


def test_report_writes_the_file_and_prints_its_path(patient):
    target = patient / "out" / "summary.pdf"
    target.parent.mkdir()
    result = run(patient, "report", "--from", "2026-03-15", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    text = pdf_text(target)
    assert "Dose 10 (maintenance)" in text and "May 18, 2026" in text
    assert pdfs_under(patient) == [target], "no temporary file left beside it"


def test_lang_after_the_command_gives_a_german_report(patient):
    result = run(patient, "report", "--lang", "de", "--from", "2026-03-15", "-o", "de.pdf")
    assert result.returncode == 0, result.stderr
    assert "18. Mai 2026" in pdf_text(patient / "de.pdf")


@pytest.mark.parametrize(("paper", "size"), [("letter", "612 x 792"), ("a4", "595.276 x 841.89")])
def test_paper_is_chosen_on_the_command_line(patient, paper, size):
    assert run(patient, "report", "--paper", paper, "-o", "p.pdf").returncode == 0
    info = subprocess.run(["pdfinfo", str(patient / "p.pdf")], capture_output=True, text=True).stdout
    assert f"{size} pts" in info


def test_a_reversed_period_is_refused_and_an_older_file_stays(patient):
    target = patient / "summary.pdf"
    target.write_bytes(b"%PDF older")
    assert_refused(run(patient, "report", "--from", "2026-06-01", "--to", "2026-05-01", "-o", str(target)))
    assert_refused(run(patient, "report", "--from", "2026-07-01", "-o", str(target)))  # after today
    assert target.read_bytes() == b"%PDF older"
    assert pdfs_under(patient) == [target]


@pytest.mark.parametrize("date", ["2026-02-30", "15.06.2026", "yesterday", ""])
def test_a_malformed_date_is_refused_and_writes_nothing(patient, date):
    assert_refused(run(patient, "report", "--from", date, "-o", "r.pdf"))
    assert_refused(run(patient, "report", "--to", date, "-o", "r.pdf"))
    assert pdfs_under(patient) == []


def test_an_unwritable_path_is_refused_and_writes_nothing(patient):
    (patient / "a-file").write_text("x")
    for target in (patient / "missing" / "r.pdf", patient, patient / "a-file" / "r.pdf"):
        assert_refused(run(patient, "report", "-o", str(target)))
    assert not (patient / "missing").exists()
    assert pdfs_under(patient) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_permission_is_refused(patient):
    locked = patient / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert_refused(run(patient, "report", "-o", str(locked / "r.pdf")))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_an_unknown_paper_is_refused(patient):
    assert_refused(run(patient, "report", "--paper", "a5", "-o", "r.pdf"))
    assert pdfs_under(patient) == []
