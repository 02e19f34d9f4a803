"""Issue 19, point 1: the visit summary stays a summary for any period — at most four pages for
3 months, 1 year and 10 years of data (one or two for 3 months) in all five languages, on A4 and
Letter; page 1 holds the header facts, the newest red flag and the patient's questions; red flags
newest first; a long period's doses as numbers with only the late ones listed; at most six ALSFRS-R
rating rows; and no date or time split over two lines. Every PDF is read back with poppler.

Ten years of demo data (``companion.demo.fill``) and the same with adversarial long texts are made
once per module; each PDF once per (data, period, language, paper) and shared by the tests."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from pathlib import Path

import pytest
from babel.dates import format_date, format_time

from companion.core.dose_summary import summarise_doses
from companion.core.models import Appointment, DiaryEntry, Measurement, MeasurementKind, Medication, Question
from companion.i18n import _
from companion.reports.visit_summary import report_language
from companion.reports.visit_summary.header import duration_text, whole_months
from companion.services import PatientRecords

LANGUAGES = ("en", "de", "fr", "es", "it")
TODAY = dt.date(2026, 12, 2)  # autumn: the longest month names in Spanish and Italian
PERIODS = {"3 months": dt.date(2026, 9, 2), "1 year": dt.date(2025, 12, 2), "10 years": dt.date(2016, 12, 2)}
QUESTIONS = ("Can the next dose move a week for a wedding?", "Should I see the speech therapist again?")
NEWEST_FLAG_NOTE = "Stiff neck since this morning, fever 38.4."
LONG = "Ein sehr langer Text ohne Ende, immer weiter geschrieben, Wort für Wort. " * 120  # ~8,600 chars


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def flat(text: str) -> str:
    return " ".join(text.split())


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


def ten_years(folder: Path) -> PatientRecords:
    """Ten years of demo data ending TODAY, with clinic values, questions for this visit, a red flag
    last week written at 7 PM and an evening appointment (for times like "7:00 PM")."""
    from companion.demo import fill

    records = PatientRecords.open(folder, today=lambda: TODAY)
    fill(records, 10, seed=1)
    day = PERIODS["10 years"]
    while day <= TODAY:
        records.visit.add_measurement(Measurement(measured_on=day, kind=MeasurementKind.NFL, value=40.5))
        records.visit.add_measurement(Measurement(measured_on=day, kind=MeasurementKind.FVC, value=88))
        day += dt.timedelta(days=91)
    records.diary.add(
        DiaryEntry(
            at=at(TODAY - dt.timedelta(days=6), 19),
            symptoms={"fever": 2, "stiff_neck": 1},
            note=NEWEST_FLAG_NOTE,
        )
    )
    records.appointments.book(
        Appointment(on=TODAY + dt.timedelta(days=40), at=dt.time(19, 0), place="Day unit")
    )
    for text in QUESTIONS:
        records.visit.add_question(Question(text=text, created_on=TODAY))
    return records


def adversarial(folder: Path) -> PatientRecords:
    """The ten years and, on top, everything a person could overdo: 40 red-flag episodes with very
    long notes, 30 long questions, 25 medicines, 20 appointments and long notes on clinic values."""
    records = ten_years(folder)
    for i in range(40):
        day = TODAY - dt.timedelta(days=3 + 80 * i)
        for hour in (7, 19):
            records.diary.add(
                DiaryEntry(
                    at=at(day, hour, 45),
                    symptoms={"numbness_tingling": 2, "vision_changes": 1, "other": 2},
                    other_text=LONG[:500],
                    note=LONG,
                )
            )
    for i in range(30):
        records.visit.add_question(Question(text=f"{i}: {LONG[: 300 + 40 * i]}", created_on=TODAY))
    for i in range(25):
        records.visit.add_medication(Medication(name=f"Medicine {i} {LONG[:80]}", dose=LONG[:300], note=LONG))
    for i in range(20):
        records.appointments.book(
            Appointment(on=TODAY + dt.timedelta(days=3 + i), at=dt.time(19, 15), place=LONG[:200], note=LONG)
        )
    records.visit.add_measurement(
        Measurement(measured_on=TODAY - dt.timedelta(days=1), kind=MeasurementKind.SVC, value=80, note=LONG)
    )
    return records


class Reports:
    """PDFs made on demand, once each, with the seconds each took."""

    def __init__(self, records: PatientRecords, folder: Path):
        self.records, self.folder = records, folder
        self.made: dict[tuple[str, str, str], Path] = {}
        self.seconds: dict[tuple[str, str, str], float] = {}

    def __call__(self, period: str, language: str, paper: str = "a4") -> Path:
        key = (period, language, paper)
        if key not in self.made:
            target = self.folder / f"{period.replace(' ', '-')}-{language}-{paper}.pdf"
            started = time.perf_counter()
            self.records.report.write(PERIODS[period], TODAY, language, target, paper)
            self.seconds[key] = time.perf_counter() - started
            self.made[key] = target
        return self.made[key]


@pytest.fixture(scope="module")
def typical(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typical")
    records = ten_years(folder / "patient")
    yield Reports(records, folder)
    records.close()


@pytest.fixture(scope="module")
def overdone(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overdone")
    records = adversarial(folder / "patient")
    yield Reports(records, folder)
    records.close()


# --- page counts -------------------------------------------------------------------------------------


# Every period and language on A4 and Letter, except Letter for one year, where English and
# French (the longest texts) are enough: the suite stays quick.
PAGE_CASES = [
    (period, language, paper)
    for paper in ("a4", "letter")
    for language in LANGUAGES
    for period in PERIODS
    if not (paper == "letter" and period == "1 year" and language not in ("en", "fr"))
]


@pytest.mark.parametrize(("period", "language", "paper"), PAGE_CASES)
def test_any_period_fits_in_four_pages_three_months_in_two(typical, period, language, paper):
    count = pages(typical(period, language, paper))
    assert 1 <= count <= (2 if period == "3 months" else 4), count


@pytest.mark.parametrize(
    ("period", "language", "paper"),
    [("10 years", lang, "a4") for lang in LANGUAGES]
    + [("10 years", "es", "letter"), ("10 years", "en", "letter"), ("3 months", "de", "letter")],
)
def test_adversarial_long_texts_still_fit(overdone, period, language, paper):
    target = overdone(period, language, paper)
    assert pages(target) <= 4  # two for three months of ordinary data; overdone texts may take four
    first = pdf_text(target, "-f", "1", "-l", "1")
    number = {"en": "Questions for this visit", "de": "Fragen"}.get(language)
    if number:
        assert number in first, "the questions stay on page 1"
    if language == "en":
        assert "Texts that end in “…” are shortened here; they are whole in the app." in flat(first)
        assert re.search(r"… and \d+ more: see the app\.", flat(first)), "questions beyond the list counted"


# --- page 1 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("period", list(PERIODS))
def test_page_one_has_the_header_facts_the_newest_red_flag_and_the_questions(typical, period, language):
    first = flat(pdf_text(typical(period, language), "-f", "1", "-l", "1"))
    profile = typical.records.profile.get()
    history = typical.records.doses.history()
    onset = format_date(profile.onset_date, "long", locale=language)
    start = format_date(history[0].given_on, "long", locale=language)
    assert onset in first and start in first
    assert re.search(rf"\b{len(history)}\b", first), "doses so far"
    with report_language(language):
        duration = duration_text(whole_months(profile.onset_date, TODAY))
    assert duration.startswith("10 ") and flat(duration) in first, "disease duration"
    assert NEWEST_FLAG_NOTE in first
    assert format_date(TODAY - dt.timedelta(days=6), "long", locale=language) in first
    for question in QUESTIONS:
        assert question in first
    if period != "3 months" and language == "en":
        assert re.search(r"points per month; last 6 months: [−+]?[\d.]+ points? per month", first), (
            "at a glance"
        )


def test_red_flags_come_newest_first_one_line_each(typical):
    target = typical("10 years", "en")
    text = flat(pdf_text(target))
    flags = section(text, "Red flags (", "Doses given in this period")
    data = typical.records.report.data(PERIODS["10 years"], TODAY, "en")
    assert len(data.red_flags) >= 10
    times = [
        "{}, {}".format(
            format_date(f.entries[0].at.date(), "long", locale="en"),
            format_time(f.entries[0].at.time(), "short", locale="en"),
        )
        for f in data.red_flags
    ]
    positions = [flags.find(flat(t)) for t in times]
    found = [p for p in positions if p >= 0]
    assert len(found) >= 8, "the newest episodes, in full or one line each"
    assert positions[: len(found)] == found, "the newest ones, none left out between them"
    assert found == sorted(found), "newest first"
    assert "Earlier red flags" in flags


# --- doses ---------------------------------------------------------------------------------------------


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_a_long_period_shows_the_dose_numbers_and_lists_only_late_doses(typical):
    text = flat(pdf_text(typical("10 years", "en")))
    doses = section(text, "Doses given in this period", "Next due dose")
    data = typical.records.report.data(PERIODS["10 years"], TODAY, "en")
    summary = summarise_doses(data.doses)
    assert summary.late and summary.on_time
    for heading in (
        "Given",
        "On time",
        "Late",
        "Early",
        "Median delay of the late doses",
        "Late doses, newest first",
    ):
        assert heading in doses, heading
    assert re.search(rf"\b{summary.given} {summary.on_time} {summary.late} {summary.early}\b", doses)
    listed = {int(n) for n in re.findall(r"Dose (\d+) \(", doses)}
    late = {d.number for d in summary.late_doses}
    assert listed and listed <= late, "only late doses are listed"
    assert "more: see the app" in doses


def test_a_short_period_keeps_the_full_dose_list(typical):
    text = flat(pdf_text(typical("3 months", "en")))
    doses = section(text, "Doses given in this period", "Next due dose")
    data = typical.records.report.data(PERIODS["3 months"], TODAY, "en")
    for dose in data.doses:
        assert f"Dose {dose.number} (" in doses
    assert "Median delay" not in doses


# --- ALSFRS-R --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", list(PERIODS))
def test_at_most_six_alsfrs_rows_and_the_slopes(typical, period):
    lines = pdf_text(typical(period, "en")).splitlines()
    # Without the footers: they name the period's first and last day.
    text = flat("\n".join(line for line in lines if "Patient-reported data" not in line))
    part = section(text, "ALSFRS-R self-ratings", "Weight and clinic values")
    table = part[part.index("Rated by") :]
    ratings = typical.records.alsfrs.ratings(PERIODS[period], TODAY)
    rows = [r for r in ratings if format_date(r.rated_on, "long", locale="en") in table]
    assert len(rows) == min(6, len(ratings))
    assert "Slope:" in part
    if period != "3 months":
        assert "Last 6 months (since" in part
        assert f"From {format_date(ratings[0].rated_on, 'long', locale='en')}" in part, "start of the period"
        assert "Bulbar" in part and "→" in part


def test_weight_and_clinic_values_are_charts_and_latest_values(typical):
    text = flat(pdf_text(typical("10 years", "en")))
    part = section(text, "Weight and clinic values", "Other medicines")
    assert "Weight (kg)" in part and "NfL (pg/mL)" in part and "FVC (% predicted)" in part
    assert "Latest" in part
    weights = [m for m in typical.records.visit.measurements() if m.kind is MeasurementKind.WEIGHT]
    shown = [m for m in weights if format_date(m.measured_on, "long", locale="en") in part]
    assert 1 <= len(shown) <= 2, "the latest value (and the first of the period), not a long table"
    assert max(weights, key=lambda m: m.measured_on) in shown


# --- no date or time split over two lines --------------------------------------------------------------


def split_pattern(value: str) -> re.Pattern[str]:
    """Matches ``value`` broken over two lines at any of its spaces."""
    words = value.split()
    same_line = r"[^\S\n]+"
    alternatives = [
        same_line.join(map(re.escape, words[:k]))
        + r"[^\S\n]*\n\s*"
        + same_line.join(map(re.escape, words[k:]))
        for k in range(1, len(words))
    ]
    return re.compile("|".join(alternatives))


def dates_and_times(records: PatientRecords, start: dt.date, language: str) -> set[str]:
    data = records.report.data(start, TODAY, language)
    days = {data.start, data.end, data.made_on, records.profile.get().onset_date}
    days |= {d.given_on for d in data.doses} | {d.due_on for d in data.doses if d.due_on}
    days |= {r.rated_on for r in data.ratings} | {m.measured_on for m in data.measurements}
    days |= {a.on for a in data.appointments}
    values = {format_date(day, "long", locale=language) for day in days if day}
    times = {f.entries[0].at.time() for f in data.red_flags} | {
        f.entries[-1].at.time() for f in data.red_flags
    }
    times |= {a.at for a in data.appointments if a.at}
    values |= {format_time(t, "short", locale=language) for t in times}
    with report_language(language):  # a red flag's time with the words the language puts with it
        template = _("{date}, {time}")
    values |= {
        template.format(date="", time=format_time(t, "short", locale=language)).strip(" ,") for t in times
    }
    return {v for v in values if len(v.split()) > 1}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("period", ["3 months", "10 years"])
def test_no_date_or_time_is_split_over_two_lines(typical, overdone, period, language):
    for reports in (typical, overdone):
        if reports is overdone and period == "3 months":
            continue
        target = reports(period, language)
        raw = pdf_text(target, "-raw")
        values = dates_and_times(reports.records, PERIODS[period], language)
        assert values, "dates to look for"
        assert sum(value.split()[0] in raw for value in values) > 3
        for value in values:
            match = split_pattern(value).search(raw)
            assert match is None, f"{value!r} split: {match.group(0)!r}"


def test_english_evening_times_are_in_the_report_whole(typical):
    raw = pdf_text(typical("10 years", "en"), "-raw")
    assert re.search(r"7:00[^\S\n]PM", raw), "the appointment at 7 PM and the red flag at 7 PM"
    assert not re.search(r"\d:\d\d[^\S\n]*\n[^\S\n]*[AP]M\b", raw)


def test_build_times_stay_small(typical):
    """Not a benchmark (bench/report.py is): a guard against a layout that runs away."""
    for period in PERIODS:
        typical(period, "en")
    slowest = max(seconds for (p, lang, paper), seconds in typical.seconds.items())
    assert slowest < 20
