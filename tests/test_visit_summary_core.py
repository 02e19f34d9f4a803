"""The pure parts behind the visit summary of a long period (issue 19): how doses kept to the schedule,
the ALSFRS-R trend over a period and its last six months, the disease duration, and column widths
that keep a date whole. No PDF here (tests/test_visit_summary_pages.py reads the PDFs back)."""

from __future__ import annotations

import datetime as dt

import pytest

from companion import i18n
from companion.core.alsfrs_trend import alsfrs_trend
from companion.core.dose_summary import summarise_doses
from companion.core.models import AlsfrsRating, DoseRecord
from companion.core.schedule import number_doses
from companion.reports import fonts
from companion.reports.visit_summary.header import duration_text, whole_months
from companion.reports.visit_summary.model import Grid
from companion.reports.visit_summary.tables import CELL_PADDING, _longest_word, column_widths
from companion.reports.visit_summary.words import unbreakable

D1 = dt.date(2026, 1, 5)


def doses(*days: int, numbers: dict[int, int] | None = None):
    """Doses given ``days`` after D1, numbered by the schedule's own rule (``number_doses``);
    ``numbers`` sets the number of the dose at an index, as a user may."""
    numbers = numbers or {}
    return number_doses(
        DoseRecord(given_on=D1 + dt.timedelta(days=d), number=numbers.get(i)) for i, d in enumerate(days)
    )


# --- doses ------------------------------------------------------------------------------------------


def test_no_doses_count_nothing_and_have_no_median():
    s = summarise_doses([])
    assert (s.given, s.on_time, s.late, s.early, s.not_judged) == (0, 0, 0, 0, 0)
    assert s.median_days_late is None and s.longest_days_late is None and s.late_doses == ()


def test_one_dose_has_no_due_date_and_is_not_judged():
    s = summarise_doses(doses(0))
    assert (s.given, s.not_judged, s.judged) == (1, 1, 0)
    assert s.median_days_late is None


def test_a_dose_on_its_due_day_is_on_time_counted_from_the_dose_before():
    # Loading: 14 days after dose 1 and dose 2; then 28 days after dose 3 and every later dose.
    s = summarise_doses(doses(0, 14, 28, 56, 84))
    assert (s.given, s.on_time, s.late, s.early, s.not_judged) == (5, 4, 0, 0, 1)


def test_a_late_dose_moves_the_next_due_date_so_only_it_is_late():
    # Dose 2 three days late (day 17): dose 3 is due 14 days after it, on day 31 — on time there.
    s = summarise_doses(doses(0, 17, 31, 59))
    assert (s.on_time, s.late) == (2, 1)
    assert s.median_days_late == 3 and s.longest_days_late == 3
    assert [d.number for d in s.late_doses] == [2]


def test_early_doses_count_apart_and_do_not_enter_the_median():
    s = summarise_doses(doses(0, 12, 26, 60))  # dose 2 two days early; dose 4 six days late
    assert (s.early, s.late, s.on_time) == (1, 1, 1)
    assert s.median_days_late == 6


def test_median_of_an_even_number_of_late_doses_and_late_doses_newest_first():
    s = summarise_doses(doses(0, 16, 35, 63, 93, 121))  # 2, 5, 0, 2, 0 days late
    assert s.late == 3 and s.median_days_late == 2
    s = summarise_doses(doses(0, 16, 35))  # 2 and 5 days late
    assert s.median_days_late == 3.5
    assert [d.number for d in s.late_doses] == [3, 2], "newest first"


def test_a_pause_then_a_restart_the_care_team_numbered_is_not_judged():
    """The label gives no re-loading rule: after a pause, a dose the user numbered (dose 1 again)
    has no due date and is not called late; without a number the schedule's rule counts it late."""
    restarted = summarise_doses(doses(0, 14, 28, 56, 200, 214, numbers={4: 1}))
    assert restarted.late == 0 and restarted.not_judged == 2 and restarted.on_time == 4
    unnumbered = summarise_doses(doses(0, 14, 28, 56, 200))
    assert unnumbered.late == 1 and unnumbered.longest_days_late == 200 - 56 - 28


# --- ALSFRS-R trend ----------------------------------------------------------------------------------


def rating(day: dt.date, total_drop: int) -> AlsfrsRating:
    scores = [4] * 12
    for k in range(total_drop):
        scores[k % 12] -= 1
    return AlsfrsRating(rated_on=day, scores=tuple(scores))


def test_no_ratings_no_trend():
    t = alsfrs_trend([], dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert t.first is None and t.latest is None and t.change is None and t.slope is None


def test_a_short_period_has_no_separate_last_six_months():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 1)
    ratings = [rating(start + dt.timedelta(days=30 * i), i) for i in range(4)]
    t = alsfrs_trend(ratings, start, end)
    assert t.recent_start is None and t.recent_slope is None
    assert t.change == -3 and t.slope == pytest.approx(-1.0, abs=0.02)


def test_the_last_six_months_have_their_own_slope():
    """Stable for six months, then one point a month: the whole period's slope is gentler than the
    last six months' (both by the scale's own rule, 30.44-day months)."""
    start, end = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    days = [start + dt.timedelta(days=round(30.44 * i)) for i in range(13)]
    ratings = [rating(day, max(0, i - 6)) for i, day in enumerate(days)]
    t = alsfrs_trend(ratings, start, end)
    assert t.recent_start == dt.date(2025, 7, 1)
    assert t.recent_slope == pytest.approx(-1.0, abs=0.05)
    assert t.slope is not None and -1.0 < t.slope < -0.3
    assert t.first == ratings[0] and t.latest == ratings[-1] and t.change == -6


def test_too_few_recent_ratings_say_not_enough_data():
    start, end = dt.date(2024, 1, 1), dt.date(2026, 1, 1)
    ratings = [rating(start + dt.timedelta(days=60 * i), i) for i in range(6)] + [
        rating(dt.date(2025, 12, 1), 9)
    ]
    t = alsfrs_trend(ratings, start, end)
    assert t.recent_start == dt.date(2025, 7, 1) and t.recent_slope is None
    assert t.slope is not None


def test_ratings_outside_the_period_are_left_out():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    t = alsfrs_trend([rating(dt.date(2025, 6, 1), 0), rating(dt.date(2026, 2, 1), 2)], start, end)
    assert t.first == t.latest and t.change is None


# --- header and layout helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "text"),
    [
        (dt.date(2016, 4, 6), dt.date(2026, 12, 2), 127, "10 years, 7 months"),
        (dt.date(2025, 12, 2), dt.date(2026, 12, 2), 12, "1 year"),
        (dt.date(2026, 6, 30), dt.date(2026, 12, 2), 5, "5 months"),
        (dt.date(2026, 11, 20), dt.date(2026, 12, 2), 0, "0 months"),
        (dt.date(2027, 1, 1), dt.date(2026, 12, 2), 0, "0 months"),
    ],
)
def test_disease_duration_in_whole_months(start, end, months, text):
    assert whole_months(start, end) == months
    i18n.set_language("en")
    assert duration_text(months) == text


def test_a_date_column_is_widened_to_keep_the_date_whole():
    fonts.register()
    with_spaces = unbreakable("13 de septiembre de 2026")
    assert " " not in with_spaces
    grid = Grid(("Fecha", "Nota"), ((with_spaces, "corto"),), (0.12, 0.88))
    widths = column_widths(grid, 500, 8.5)
    assert widths[0] >= _longest_word(with_spaces, 8.5) + CELL_PADDING
    assert sum(widths) == pytest.approx(500)


def test_times_keep_am_and_pm_on_their_line():
    assert unbreakable("7:00\u202fPM") == "7:00\u00a0PM"
    assert unbreakable("7:00 PM") == "7:00\u00a0PM"
