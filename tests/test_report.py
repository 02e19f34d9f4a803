"""The visit summary without Qt: fonts and scripts, every section's empty line, long notes, paper,
the default period, left-out sections and the bundled fonts only; PDFs read back with poppler.

tests/test_visit_summary.py covers the sections' order, the languages, the notes in six scripts, two
pages for three months and the atomic write; this file covers the rest of the report's promises.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from babel.dates import format_date

from companion.core.errors import InvalidInput
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DiaryEntry,
    DoseRecord,
    Medication,
    Question,
)
from companion.reports import fonts, visit_summary
from companion.reports.visit_summary import Paper, ReportData, build_pdf, default_paper
from companion.services import PatientRecords

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 15)
# Not in any bundled font: an Egyptian hieroglyph and a private-use character.
UNPRINTABLE = "\U00013000\ue000"


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """The text with runs of whitespace as one space (table cells wrap over lines)."""
    return " ".join(text.split())


@pytest.fixture
def records(data_dir):
    r = PatientRecords.open(data_dir, today=lambda: TODAY)
    r.profile.update(display_name="Zoë Kowalczyk")
    yield r
    r.close()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


# --- fonts ----------------------------------------------------------------------------------------


def test_each_script_goes_to_a_font_that_has_it():
    assert fonts.font_for("ł") == fonts.REGULAR
    assert fonts.font_for("Ж", bold=True) == fonts.BOLD
    assert fonts.font_for("\u202f") == fonts.REGULAR  # Babel's narrow no-break space in French numbers
    assert fonts.font_for("麻") == fonts.CJK
    assert fonts.font_for("し") == fonts.CJK
    assert fonts.font_for("왼") == fonts.KOREAN
    assert fonts.font_for("\U00013000") is None


def test_runs_keep_every_character_and_mark_the_ones_no_font_has():
    runs = fonts.split_runs("Ból 左腿 왼쪽" + UNPRINTABLE)
    # A space stays in the run it follows.
    assert runs.pieces == [
        (fonts.REGULAR, "Ból "),
        (fonts.CJK, "左腿 "),
        (fonts.KOREAN, "왼쪽"),
        (fonts.REGULAR, fonts.MISSING_MARK * 2),
    ]
    assert runs.text == "Ból 左腿 왼쪽" + fonts.MISSING_MARK * 2
    assert runs.missing == 2


def test_markup_is_escaped_and_counts_missing_characters():
    mark = fonts.Marker()
    text = mark("a < b & c > d\nnext 中")
    assert "&lt;" in text and "&amp;" in text and "&gt;" in text and "<br/>" in text
    assert f'<font name="{fonts.CJK}">中</font>' in text
    assert mark.missing == 0
    mark(UNPRINTABLE)
    assert mark.missing == 2


# --- the PDF --------------------------------------------------------------------------------------


def test_only_the_bundled_fonts_are_in_the_file_all_embedded(records, tmp_path):
    records.diary.add(DiaryEntry(at=at(TODAY), symptoms={"fever": 2}, note="Gorączka 38,5 °C, 头痛, 두통"))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "fr", tmp_path / "fonts.pdf", "a4")
    listing = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert names == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "NanumSquareR"}, listing
    assert all(row.split()[-5] == "yes" for row in rows), f"every font embedded\n{listing}"


def test_a_character_no_font_has_is_printed_visibly_and_counted(records, tmp_path):
    records.diary.add(DiaryEntry(at=at(TODAY), symptoms={"confusion": 1}, note=f"Symbol {UNPRINTABLE} end"))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / "missing.pdf", "a4")
    text = flat(pdf_text(target))
    assert "Symbol \ufffd\ufffd end" in text
    assert "2 characters in the patient's texts are not in the fonts of this report" in text


def test_an_empty_period_says_so_in_every_section(records, tmp_path):
    target = records.report.write(dt.date(2025, 1, 1), dt.date(2025, 1, 31), "en", tmp_path / "e.pdf", "a4")
    text = flat(pdf_text(target))
    for line in (
        "No red flags in this period.",
        "No doses in this period.",
        "No dose recorded and no first dose planned.",
        "No appointments booked.",
        "No diary entries in this period.",
        "No ALSFRS-R rating in this period.",
        "No weight or clinic values in this period.",
        "No other medicines recorded.",
        "No questions for this visit.",
    ):
        assert line in text, line


def test_a_long_note_is_cut_and_the_report_says_so(records, tmp_path):
    unit = "Kribbeln im Fuß. "
    note = unit * 80  # 1,359 characters once the last space is trimmed
    records.diary.add(
        DiaryEntry(at=at(TODAY - dt.timedelta(days=2)), symptoms={"radiating_pain": 2}, note=note)
    )
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / "long.pdf", "a4")
    text = flat(pdf_text(target))
    limit = visit_summary.words.LEVELS[0].flag_note  # a red flag's note: 300 characters
    assert f"shortened: {limit} of 1,359 characters" in text
    assert text.count(unit.strip()) == limit // len(unit), "only the first characters printed"
    assert "Possible inflammation of the spinal cord or nerve roots" in text


def test_red_flags_come_first_with_time_symptoms_and_earlier_symptoms(records, tmp_path):
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1), number=9))
    records.diary.add(DiaryEntry(at=at(dt.date(2026, 6, 2), 8), symptoms={"headache": 3}))
    records.diary.add(DiaryEntry(at=at(dt.date(2026, 6, 2), 20), by="Marek", symptoms={"nausea_vomiting": 1}))
    target = records.report.write(dt.date(2026, 5, 1), TODAY, "en", tmp_path / "flags.pdf", "a4")
    text = flat(pdf_text(target))
    assert text.index("Red flags (1)") < text.index("Doses given in this period")
    assert "Possible raised pressure inside the head" in text
    assert "1 day after dose 9" in text and "written by Marek" in text
    assert "Symptoms: Nausea or vomiting (mild)" in text
    assert "Also in the 48 hours before: Headache (severe)" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", "595.276 x 841.89"), ("letter", "612 x 792")])
def test_paper_sizes(records, tmp_path, paper, size):
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / f"{paper}.pdf", paper)
    assert f"Page size:       {size} pts" in pdf_info(target)


@pytest.mark.parametrize(
    ("locale_name", "paper"),
    [
        ("en_US", Paper.LETTER),
        ("en_US.UTF-8", Paper.LETTER),
        ("fr-CA", Paper.LETTER),
        ("en_GB", Paper.A4),
        ("de_DE.UTF-8", Paper.A4),
        ("en", Paper.A4),
        ("", Paper.A4),
        (None, Paper.A4),
    ],
)
def test_default_paper_is_letter_for_us_and_canada_only(locale_name, paper):
    assert default_paper(locale_name) is paper


def test_the_whole_report_in_german_with_babel_dates_and_numbers(records, tmp_path):
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 12), number=8, place="Tagesklinik"))
    for day, scores in ((dt.date(2026, 3, 20), (4,) * 12), (dt.date(2026, 5, 1), (3,) + (4,) * 11)):
        records.alsfrs.add(AlsfrsRating(rated_on=day, scores=scores))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "de", tmp_path / "de.pdf", "a4")
    text = flat(pdf_text(target))
    assert format_date(dt.date(2026, 5, 12), "long", locale="de") == "12. Mai 2026"
    assert "12. Mai 2026" in text and "20. März 2026" in text
    assert "Dosis 8" in text and "Tagesklinik" in text
    assert re.search(r"\b48\b", text) and re.search(r"\b47\b", text)
    assert re.search(r"Seite 1 von \d", text)


def test_sections_left_out_are_named_in_the_header(records, tmp_path):
    data = records.report.data(dt.date(2026, 3, 15), TODAY, "en")
    target = build_pdf(data, tmp_path / "some.pdf", paper="a4", sections=["doses", "questions"])
    text = flat(pdf_text(target))
    assert "Red flags" in text and "Doses given in this period" in text and "Questions for this visit" in text
    assert "ALSFRS-R self-ratings (" not in text and "Other medicines (" not in text
    assert "These parts were left out of this report:" in text and "Other medicines." in text


def test_next_dose_booked_appointments_medicines_and_questions(records, tmp_path):
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 25), number=8))
    records.appointments.book(Appointment(on=dt.date(2026, 6, 22), at=dt.time(8, 30), place="Ward 4"))
    records.appointments.book(Appointment(on=dt.date(2026, 7, 1), kind=AppointmentKind.NEUROLOGY))
    records.appointments.book(
        Appointment(on=dt.date(2026, 5, 20), outcome=AppointmentOutcome.ATTEMPTED_NOT_GIVEN, place="Ward 4")
    )
    records.visit.add_medication(Medication(name="Riluzole", dose="50 mg twice a day"))
    records.visit.add_medication(
        Medication(name="Apixaban", since=dt.date(2025, 1, 1), stopped=dt.date(2026, 4, 2))
    )
    records.visit.add_question(Question(text="Może Pan sprawdzić mój oddech?", created_on=TODAY))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / "next.pdf", "a4")
    text = flat(pdf_text(target))
    assert (
        "Next due: Dose 9 (maintenance), due June 22, 2026; booked for June 22, 2026 (on the due date)."
        in text
    )
    assert "Neurology visit" in text and "8:30 AM" in text
    assert "Attempted, not given: May 20, 2026, Ward 4" in text
    assert "Riluzole" in text and "50 mg twice a day" in text
    assert "Stopped in this period: Apixaban on April 2, 2026" in text
    assert "1. Może Pan sprawdzić mój oddech?" in text


# --- the period -----------------------------------------------------------------------------------


def test_default_period_is_since_the_last_neurology_visit_done_else_three_months(records):
    assert records.report.default_period() == (dt.date(2026, 3, 15), TODAY)
    records.appointments.book(Appointment(on=dt.date(2026, 2, 10), kind=AppointmentKind.NEUROLOGY))
    assert records.report.default_period()[0] == dt.date(2026, 3, 15), (
        "a visit not marked done does not count"
    )
    visit = Appointment(
        on=dt.date(2026, 2, 10), kind=AppointmentKind.NEUROLOGY, outcome=AppointmentOutcome.DONE
    )
    records.appointments.book(visit)
    assert records.report.default_period() == (dt.date(2026, 2, 10), TODAY)
    records.appointments.book(
        Appointment(on=dt.date(2026, 5, 2), kind=AppointmentKind.TESTS, outcome=AppointmentOutcome.DONE)
    )
    assert records.report.default_period()[0] == dt.date(2026, 2, 10), "tests are not a neurology visit"


def test_a_reversed_period_is_refused_and_writes_nothing(records, tmp_path):
    with pytest.raises(InvalidInput, match="start of the period is after its end"):
        records.report.write(TODAY, dt.date(2026, 3, 1), "en", tmp_path / "r.pdf", "a4")
    assert list(tmp_path.glob("*.pdf")) == []


def test_an_unwritable_path_is_refused_before_any_work(records, tmp_path):
    for path in (tmp_path / "missing" / "r.pdf", tmp_path, tmp_path / "file.txt" / "r.pdf"):
        (tmp_path / "file.txt").write_text("x")
        with pytest.raises(InvalidInput):
            records.report.write(dt.date(2026, 3, 15), TODAY, "en", path, "a4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "patient"]


def test_a_failure_while_composing_leaves_an_older_file_as_it_was(records, tmp_path, monkeypatch):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"%PDF older")

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(visit_summary.tables, "table", broken)
    with pytest.raises(RuntimeError):
        records.report.write(dt.date(2026, 3, 15), TODAY, "en", target, "a4")
    assert target.read_bytes() == b"%PDF older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["patient", "summary.pdf"]


def test_report_data_is_made_of_core_objects_only(records):
    data = records.report.data(dt.date(2026, 3, 15), TODAY, "it")
    assert isinstance(data, ReportData) and data.language == "it" and data.made_on == TODAY


NOT_VALIDATED = (
    "The German, French, Spanish and Italian wordings are not validated translations of the scale."
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_alsfrs_section_says_where_the_wording_comes_from(records, tmp_path, language):
    """Issue 16: adapted from the published self-administered versions; not a validated
    translation outside English; what 5b is, when a rating used it."""
    from companion import i18n
    from companion.core.models import Item5

    records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 5, 1), scores=(4,) * 12, item5=Item5.GASTROSTOMY))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, language, tmp_path / "r.pdf", "a4")
    text = flat(pdf_text(target))
    i18n.set_language(language)
    try:
        not_validated = flat(i18n._(NOT_VALIDATED))
    finally:
        i18n.set_language("en")
    assert (not_validated[:40] in text) is (language != "en")
    if language == "en":
        assert "adapted from the published self-administered versions of the ALSFRS-R" in text
        assert "5b, handling tube feeding" in text


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_paused_or_stopped_treatment_prints_no_due_date_or_overdue(records, tmp_path, status):
    """Issue 16: no due date and no overdue on any surface; booked appointments still show."""
    from companion.core.models import Appointment, TreatmentStatus

    records.doses.record(DoseRecord(given_on=dt.date(2026, 3, 1), number=6))  # long overdue if active
    records.appointments.book(Appointment(on=dt.date(2026, 7, 1), place="Day unit"))
    records.profile.update(treatment_status=TreatmentStatus(status), status_since=dt.date(2026, 4, 1))
    target = records.report.write(dt.date(2026, 3, 15), TODAY, "en", tmp_path / "r.pdf", "a4")
    text = flat(pdf_text(target))
    assert "Next due:" not in text and "overdue" not in text.lower()
    assert f"Treatment: {status.capitalize()} since April 1, 2026." in text
    assert "Day unit" in text, "a booked appointment still shows"
