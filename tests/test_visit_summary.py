"""The visit summary PDF, read back with pdftotext: contents, languages, scripts, refusals."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
)
from companion.reports import visit_summary
from companion.services import PatientRecords
from companion.ui.app import create_window
from companion.ui.main_window import REPORT

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 15)
NOTES = {
    "greek": "Μούδιασμα στο αριστερό πόδι",
    "cyrillic": "Онемение в левой ноге",
    "chinese": "左腿麻木",
    "japanese": "左足のしびれ",
    "korean": "왼쪽 다리 저림",
    "polish": "Drętwienie lewej nogi, źle spałem",
}


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def records(data_dir):
    r = PatientRecords.open(data_dir, today=lambda: TODAY)
    r.profile.update(display_name="Ana Nowak", care_team_phone="0123")
    for day in (dt.date(2026, 3, 23), dt.date(2026, 4, 20), dt.date(2026, 5, 18)):
        r.doses.record(DoseRecord(given_on=day, number=None if r.doses.history() else 7, place="Day unit"))
    r.appointments.book(Appointment(on=dt.date(2026, 6, 16), place="Day unit"))
    for i, note in enumerate(NOTES.values()):
        at = dt.datetime(2026, 4, 1 + 3 * i, 10).astimezone()
        r.diary.add(DiaryEntry(at=at, symptoms={"numbness_tingling": 1}, note=note))
    r.diary.add(DiaryEntry(at=dt.datetime(2026, 5, 19, 9).astimezone(), symptoms={"headache": 2}))
    for day, total_drop in ((dt.date(2026, 3, 20), 0), (dt.date(2026, 4, 25), 1), (dt.date(2026, 6, 1), 2)):
        scores = [4] * 12
        for k in range(total_drop):
            scores[k] = 3
        r.alsfrs.add(AlsfrsRating(rated_on=day, scores=tuple(scores)))
    r.visit.add_measurement(
        Measurement(measured_on=dt.date(2026, 5, 1), kind=MeasurementKind.WEIGHT, value=71.5)
    )
    yield r
    r.close()


def test_english_summary_has_every_section_in_order_and_the_data(records, tmp_path):
    target = tmp_path / "summary.pdf"
    records.report.write(dt.date(2026, 3, 15), TODAY, "en", target, "a4")
    text = pdf_text(target)
    order = [
        "Visit summary",
        "Red flags",
        "Questions for this visit",  # on the first page: they are for this visit (issue 19)
        "Doses given in this period",
        "Next due dose and booked appointments",
        "Symptoms reported in the diary",
        "ALSFRS-R self-ratings",
        "Weight and clinic values",
        "Other medicines",
    ]
    positions = [text.find(heading) for heading in order]
    assert all(p >= 0 for p in positions), [h for h, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions), "red flags first, the questions, then the other sections"
    assert "Ana Nowak" in text
    assert "March 23, 2026" in text and "May 18, 2026" in text
    assert "Numbness or tingling" in text and NOTES["greek"] in text
    assert re.search(r"\b48\b", text) and re.search(r"\b46\b", text), "ALSFRS-R totals"
    assert "71.5 kg" in text
    assert "patient-reported" in text.lower()
    assert "Page 1 of" in text


@pytest.mark.parametrize(
    ("language", "date_text"),
    # Month in words (Spanish dates are long, and may wrap in a table cell after "de").
    [("de", "18. Mai 2026"), ("fr", "18 mai 2026"), ("es", "18 de mayo"), ("it", "18 maggio 2026")],
)
def test_the_summary_speaks_the_chosen_language_whatever_the_ui(records, tmp_path, language, date_text):
    target = tmp_path / f"summary-{language}.pdf"
    records.report.write(dt.date(2026, 3, 15), TODAY, language, target, "a4")
    text = pdf_text(target)
    assert date_text in text
    assert "Visit summary" not in text


def test_notes_in_any_script_come_back(records, tmp_path):
    target = tmp_path / "scripts.pdf"
    records.report.write(dt.date(2026, 3, 15), TODAY, "en", target, "a4")
    text = pdf_text(target)
    for script, note in NOTES.items():
        assert note in text, script


def test_three_months_of_typical_data_fit_on_two_pages(tmp_path):
    folder = tmp_path / "demo"
    records = PatientRecords.open(folder, today=lambda: TODAY)
    from companion.demo import fill

    fill(records, 1, seed=4)
    target = tmp_path / "three-months.pdf"
    records.report.write(TODAY - dt.timedelta(days=91), TODAY, "de", target, "a4")
    records.close()
    assert pages(target) <= 2


def test_an_empty_period_says_so_in_each_section(records, tmp_path):
    target = tmp_path / "empty.pdf"
    records.report.write(dt.date(2025, 1, 1), dt.date(2025, 1, 31), "en", target, "letter")
    text = pdf_text(target)
    assert "Doses given in this period" in text
    assert pages(target) == 1


def test_a_failure_while_writing_leaves_no_file(records, tmp_path, monkeypatch):
    target = tmp_path / "fail.pdf"
    target.write_bytes(b"the previous file")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(visit_summary.document, "_build", broken)
    with pytest.raises(Exception):  # noqa: B017 - any error; what matters is what is left on disk
        records.report.write(dt.date(2026, 3, 15), TODAY, "en", target, "a4")
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["fail.pdf"], "no temporary file left"


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "COMPANION_TODAY": TODAY.isoformat(),
        "XDG_DATA_HOME": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "p"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_command_refusals_leave_nothing_and_lang_chooses_the_language(tmp_path):
    assert cli(tmp_path, "dose", "add", "2026-05-18").returncode == 0
    reversed_period = cli(
        tmp_path, "report", "--from", "2026-06-01", "--to", "2026-05-01", "-o", str(tmp_path / "r.pdf")
    )
    assert reversed_period.returncode == 2 and len(reversed_period.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.pdf").exists()
    unwritable = cli(tmp_path, "report", "-o", str(tmp_path / "no-folder" / "r.pdf"))
    assert unwritable.returncode == 2 and not (tmp_path / "no-folder").exists()
    folder_as_file = cli(tmp_path, "report", "-o", str(tmp_path))
    assert folder_as_file.returncode == 2
    german = cli(tmp_path, "--lang", "de", "report", "-o", str(tmp_path / "de.pdf"))
    assert german.returncode == 0, german.stderr
    assert "18. Mai 2026" in pdf_text(tmp_path / "de.pdf")


def test_reports_screen_makes_a_preview_off_the_ui_thread_and_saves(qtbot, data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    window = create_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()
    window.show_page(REPORT)
    screen = window.report
    screen.language.setCurrentIndex(screen.language.findData("fr"))
    with qtbot.waitSignal(screen.preview_ready, timeout=30_000):
        screen.make_button.click()
    assert len(screen.page_images) >= 1
    assert screen.page_images[0].pixelColor(2, 2).name() == "#ffffff", "pages painted on white"
    saved = screen.save_to(tmp_path / "visite.pdf")
    assert saved is not None and "Résumé" in pdf_text(saved)
    assert oct(saved.stat().st_mode & 0o777) == "0o600"


def test_a_section_with_a_chart_stays_on_the_page_where_it_fits(records, tmp_path):
    """The ALSFRS-R section (table and chart) fits under the header and the red flags: it must not
    jump to a new page and leave most of the first one empty (it did, whatever the room left)."""
    target = tmp_path / "summary.pdf"
    sections = [visit_summary.Section.ALSFRS]
    records.report.write(dt.date(2026, 3, 15), TODAY, "en", target, "a4", sections=sections)
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(target), "-"], capture_output=True, text=True
    ).stdout
    assert "ALSFRS-R self-ratings" in first_page
    assert pages(target) == 1


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "it"])
def test_no_column_heading_breaks_inside_a_word(records, tmp_path, language):
    """ "Respiratorisch" printed as "Respiratori" over "sch" is hard to read: a column is made wide
    enough for the longest word of its heading, taken from columns that have room to spare."""
    from companion.core import alsfrs as scale
    from companion.i18n import _

    target = tmp_path / f"{language}.pdf"
    records.report.write(dt.date(2026, 3, 15), TODAY, language, target, "a4")
    text = pdf_text(target)
    with visit_summary.report_language(language):
        headings = [
            _("Date"),
            _("Total (0–48)"),
            *(scale.domain_short_name(domain) for domain in scale.Domain),
            _("Rated by"),
            _("Days reported"),
            _("Late or early"),
        ]
    words = {word for heading in headings for word in heading.split()}
    assert [word for word in words if word not in text] == []


AUTUMN = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory):
    from companion.demo import fill

    # Autumn: the longest month names in Spanish and Italian ("septiembre", "noviembre").
    records = PatientRecords.open(tmp_path_factory.mktemp("demo"), today=lambda: AUTUMN)
    fill(records, 1, seed=1)
    notes = ((88, "Cramps at night in the left calf."), (86, "Tired after the drive to the clinic."))
    for days_ago, note in notes:
        at = dt.datetime.combine(AUTUMN - dt.timedelta(days=days_ago), dt.time(19)).astimezone()
        records.diary.add(DiaryEntry(at=at, symptoms={"fever": 2, "back_pain": 1}, note=note))
    yield records
    records.close()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "it"])
def test_three_months_of_a_full_diary_fit_on_two_pages_in_every_language(demo_year, tmp_path, language):
    """design.md §7: "1–2 pages for a three-month period". Long dates ("29 de noviembre de
    2026") wrapped in narrow columns, and sections moved whole to the next page, until Spanish
    and Italian needed a third page for one question."""
    target = tmp_path / f"{language}.pdf"
    demo_year.report.write(AUTUMN - dt.timedelta(days=91), AUTUMN, language, target, "a4")
    assert pages(target) <= 2
