"""The injection schedule, judged against the specification (design.md §4 and §8, label-facts.md §1).

Expected values are written out by hand (dates worked out on a calendar) or computed by the tiny
reference model below, which restates the label rule; the code under test never produces its own
expectation. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core.errors import InvalidInput
from companion.core.models import (
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DoseRecord,
    Phase,
    Profile,
    TreatmentStatus,
)
from companion.core.schedule import (
    DueState,
    doses_too_close,
    match_bookings,
    next_dose_status,
    number_doses,
    schedule_for,
    upcoming_doses,
    validate_dose,
)

D = dt.date
TODAY = D(2026, 6, 15)

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# --- a tiny reference model of the label rule ------------------------------------------------------


def ref_interval(number: int) -> int:
    """Label-facts §1 / design §4: 14 days after dose 1 or dose 2, 28 days after dose 3 and later."""
    return 14 if number in (1, 2) else 28


def ref_phase(number: int) -> Phase:
    """Design §3: dose numbers 1–3 loading, 4+ maintenance."""
    return Phase.LOADING if number <= 3 else Phase.MAINTENANCE


def plus(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def ref_numbering(records):
    """(id, number, phase, given_on, due_on, days_late) for each record, oldest first."""
    rows = []
    for rec in sorted(records, key=lambda r: r.given_on):
        if rec.number is not None:
            number, due = rec.number, None
        elif not rows:
            number, due = 1, None
        else:
            prev_number, prev_given = rows[-1][1], rows[-1][3]
            number, due = prev_number + 1, plus(prev_given, ref_interval(prev_number))
        late = None if due is None else (rec.given_on - due).days
        rows.append((rec.id, number, ref_phase(number), rec.given_on, due, late))
    return rows


def ref_schedule(records, today, count, planned=None):
    """(number, phase, due_on) for the next ``count`` due doses."""
    if count <= 0:
        return []
    rows = ref_numbering(records)
    if rows:
        number = rows[-1][1] + 1
        due = plus(rows[-1][3], ref_interval(rows[-1][1]))
    elif planned is not None:
        number, due = 1, planned
    else:
        return []
    out = [(number, ref_phase(number), due)]
    anchor = max(due, today)
    while len(out) < count:
        anchor = plus(anchor, ref_interval(number))
        number += 1
        out.append((number, ref_phase(number), anchor))
    return out


def numbered_rows(records):
    return [
        (n.record.id, n.number, n.phase, n.given_on, n.due_on, n.days_late) for n in number_doses(records)
    ]


def sched_rows(schedule):
    return [(s.number, s.phase, s.due_on) for s in schedule]


def doses(*dates, numbers=None):
    """DoseRecords on the given dates, with stable ids; ``numbers`` maps a position to a user number."""
    numbers = numbers or {}
    return [DoseRecord(given_on=day, number=numbers.get(i), id=f"dose-{i}") for i, day in enumerate(dates)]


def on_time_course(first: dt.date, how_many: int) -> list[dt.date]:
    dates = [first]
    for number in range(1, how_many):
        dates.append(plus(dates[-1], ref_interval(number)))
    return dates


L, M = Phase.LOADING, Phase.MAINTENANCE


# --- the reference model itself agrees with the label's worked example ---------------------------


def test_reference_model_matches_label_days():
    # label-facts §1: "on time: days 1, 15, 29, 57, 85, 113 …"
    day1 = D(2026, 1, 1)
    assert [(d - day1).days + 1 for d in on_time_course(day1, 6)] == [1, 15, 29, 57, 85, 113]


# --- numbering of recorded doses ---------------------------------------------------------------


def test_empty_history_numbers_nothing():
    assert number_doses([]) == []


def test_on_time_course_numbers_phases_due_and_lateness():
    recs = doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 2, 2), D(2026, 3, 2), D(2026, 3, 30), D(2026, 4, 27))
    got = number_doses(recs)
    assert [n.number for n in got] == [1, 2, 3, 4, 5, 6]
    assert [n.phase for n in got] == [L, L, L, M, M, M]
    assert [n.due_on for n in got] == [
        None,
        D(2026, 1, 19),
        D(2026, 2, 2),
        D(2026, 3, 2),
        D(2026, 3, 30),
        D(2026, 4, 27),
    ]
    assert [n.days_late for n in got] == [None, 0, 0, 0, 0, 0]
    assert [n.given_on for n in got] == [r.given_on for r in recs]
    assert [n.record for n in got] == recs


def test_single_first_dose_has_no_due_date():
    (only,) = number_doses(doses(D(2026, 3, 3)))
    assert (only.number, only.phase, only.due_on, only.days_late) == (1, L, None, None)


def test_late_dose_2_moves_dose_3():
    # dose 1 on 5 Jan; dose 2 due 19 Jan, given 22 Jan (3 days late); dose 3 then due 5 Feb.
    recs = doses(D(2026, 1, 5), D(2026, 1, 22))
    got = number_doses(recs)
    assert (got[1].number, got[1].phase, got[1].due_on, got[1].days_late) == (2, L, D(2026, 1, 19), 3)
    assert sched_rows(upcoming_doses(recs, D(2026, 1, 22), count=2)) == [
        (3, L, D(2026, 2, 5)),
        (4, M, D(2026, 3, 5)),
    ]


def test_early_dose_2_moves_dose_3_earlier():
    recs = doses(D(2026, 1, 5), D(2026, 1, 17))
    got = number_doses(recs)
    assert (got[1].due_on, got[1].days_late) == (D(2026, 1, 19), -2)
    assert upcoming_doses(recs, D(2026, 1, 17), count=1)[0].due_on == D(2026, 1, 31)


def test_late_dose_3_moves_first_maintenance_dose():
    # 5 Jan, 19 Jan; dose 3 due 2 Feb, given 9 Feb (7 late); dose 4 due 9 Mar (28 days later).
    recs = doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 2, 9))
    got = number_doses(recs)
    assert (got[2].number, got[2].phase, got[2].due_on, got[2].days_late) == (3, L, D(2026, 2, 2), 7)
    first = upcoming_doses(recs, D(2026, 2, 9), count=1)[0]
    assert (first.number, first.phase, first.due_on) == (4, M, D(2026, 3, 9))


def test_early_dose_3():
    recs = doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 1, 30))
    got = number_doses(recs)
    assert (got[2].due_on, got[2].days_late) == (D(2026, 2, 2), -3)
    assert upcoming_doses(recs, D(2026, 1, 30), count=1)[0].due_on == D(2026, 2, 27)


def test_late_and_early_maintenance_doses():
    # on time: 5 Jan, 19 Jan, 2 Feb, 2 Mar; dose 5 due 30 Mar given 10 Apr (11 late);
    # dose 6 due 8 May given 4 May (4 early); dose 7 due 1 Jun.
    recs = doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 10), D(2026, 5, 4))
    got = number_doses(recs)
    assert [(n.number, n.phase, n.due_on, n.days_late) for n in got[3:]] == [
        (4, M, D(2026, 3, 2), 0),
        (5, M, D(2026, 3, 30), 11),
        (6, M, D(2026, 5, 8), -4),
    ]
    assert sched_rows(upcoming_doses(recs, D(2026, 5, 4), count=2)) == [
        (7, M, D(2026, 6, 1)),
        (8, M, D(2026, 6, 29)),
    ]


@pytest.mark.parametrize("last_number", [2, 3, 4, 5, 7])
@pytest.mark.parametrize("offset", [-5, -1, 0, 1, 9, 40])
def test_timing_of_the_last_dose_in_every_phase(last_number, offset):
    """On time, early or late at dose 2, 3 (end of loading) and in maintenance."""
    dates = on_time_course(D(2026, 1, 5), last_number - 1)
    due = plus(dates[-1], ref_interval(last_number - 1))
    given_on = plus(due, offset)
    recs = doses(*dates, given_on)
    last = number_doses(recs)[-1]
    assert (last.number, last.phase, last.due_on, last.days_late) == (
        last_number,
        ref_phase(last_number),
        due,
        offset,
    )
    nxt = upcoming_doses(recs, given_on, count=1)[0]
    assert (nxt.number, nxt.phase, nxt.due_on) == (
        last_number + 1,
        ref_phase(last_number + 1),
        plus(given_on, 14 if last_number <= 2 else 28),
    )


def test_late_first_dose_is_just_dose_1():
    # The label has no rule for a late first dose: it is simply dose 1, with no due date.
    (first,) = number_doses(doses(D(2026, 2, 20)))
    assert (first.number, first.due_on, first.days_late) == (1, None, None)


# --- starting mid-treatment, user-set numbers, restarts ---------------------------------------------


def test_start_mid_treatment_at_dose_12():
    recs = doses(D(2026, 5, 20), numbers={0: 12})
    (first,) = number_doses(recs)
    assert (first.number, first.phase, first.due_on, first.days_late) == (12, M, None, None)
    assert sched_rows(upcoming_doses(recs, D(2026, 6, 1), count=3)) == [
        (13, M, D(2026, 6, 17)),
        (14, M, D(2026, 7, 15)),
        (15, M, D(2026, 8, 12)),
    ]


def test_doses_after_a_user_numbered_start_follow_it():
    recs = doses(D(2026, 5, 20), D(2026, 6, 19), D(2026, 7, 14), numbers={0: 12})
    got = number_doses(recs)
    assert [(n.number, n.phase, n.due_on, n.days_late) for n in got] == [
        (12, M, None, None),
        (13, M, D(2026, 6, 17), 2),
        (14, M, D(2026, 7, 17), -3),
    ]


@pytest.mark.parametrize(
    ("user_number", "next_phase", "next_due"),
    [
        (1, L, D(2026, 5, 14)),  # after dose 1: 14 days
        (2, L, D(2026, 5, 14)),  # after dose 2: 14 days
        (3, M, D(2026, 5, 28)),  # after dose 3: 28 days, first maintenance dose
        (4, M, D(2026, 5, 28)),
    ],
)
def test_start_mid_loading(user_number, next_phase, next_due):
    recs = doses(D(2026, 4, 30), numbers={0: user_number})
    nxt = upcoming_doses(recs, D(2026, 5, 1), count=1)[0]
    assert (nxt.number, nxt.phase, nxt.due_on) == (user_number + 1, next_phase, next_due)


def test_user_number_in_the_middle_has_no_due_date_and_renumbers_what_follows():
    # dose 1 and 2 recorded, then the user says the third record was dose 5 (e.g. doses elsewhere).
    recs = doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 4, 1), D(2026, 4, 29), numbers={2: 5})
    got = number_doses(recs)
    assert [(n.number, n.due_on, n.days_late) for n in got] == [
        (1, None, None),
        (2, D(2026, 1, 19), 0),
        (5, None, None),
        (6, D(2026, 4, 29), 0),
    ]


def test_user_number_equal_to_the_natural_one_still_has_no_due_date():
    # §8: due_on and days_late are null "for a dose whose number the user set".
    recs = doses(D(2026, 1, 5), D(2026, 1, 25), numbers={1: 2})
    second = number_doses(recs)[1]
    assert (second.number, second.due_on, second.days_late) == (2, None, None)


def test_restart_at_dose_1_after_a_gap_restarts_loading():
    course = on_time_course(D(2025, 1, 6), 6)  # doses 1..6
    restart = D(2026, 3, 2)
    recs = doses(*course, restart, D(2026, 3, 18), numbers={6: 1})
    got = number_doses(recs)
    assert [n.number for n in got] == [1, 2, 3, 4, 5, 6, 1, 2]
    assert [n.phase for n in got] == [L, L, L, M, M, M, L, L]
    assert (got[6].due_on, got[6].days_late) == (None, None)
    assert (got[7].due_on, got[7].days_late) == (D(2026, 3, 16), 2)
    # after the restart: dose 3 fourteen days after dose 2, then 28 days to dose 4.
    assert sched_rows(upcoming_doses(recs, D(2026, 3, 18), count=3)) == [
        (3, L, D(2026, 4, 1)),
        (4, M, D(2026, 4, 29)),
        (5, M, D(2026, 5, 27)),
    ]


def test_restart_schedule_right_after_the_new_dose_1():
    recs = doses(D(2025, 6, 2), D(2025, 6, 30), D(2026, 9, 1), numbers={0: 7, 2: 1})
    assert sched_rows(upcoming_doses(recs, D(2026, 9, 1), count=4)) == [
        (2, L, D(2026, 9, 15)),
        (3, L, D(2026, 9, 29)),
        (4, M, D(2026, 10, 27)),
        (5, M, D(2026, 11, 24)),
    ]


# --- input order ---------------------------------------------------------------------------------


def test_doses_entered_out_of_order_give_the_same_result():
    recs = doses(
        D(2026, 1, 5),
        D(2026, 1, 22),
        D(2026, 2, 4),
        D(2026, 3, 6),
        D(2026, 4, 1),
        D(2026, 5, 5),
        numbers={3: 4},
    )
    expected_numbers = [
        ("dose-0", 1, L, D(2026, 1, 5), None, None),
        ("dose-1", 2, L, D(2026, 1, 22), D(2026, 1, 19), 3),
        ("dose-2", 3, L, D(2026, 2, 4), D(2026, 2, 5), -1),
        ("dose-3", 4, M, D(2026, 3, 6), None, None),
        ("dose-4", 5, M, D(2026, 4, 1), D(2026, 4, 3), -2),
        ("dose-5", 6, M, D(2026, 5, 5), D(2026, 4, 29), 6),
    ]
    expected_schedule = [(7, M, D(2026, 6, 2)), (8, M, D(2026, 6, 30)), (9, M, D(2026, 7, 28))]
    rng = random.Random(20260615)
    orders = [recs, list(reversed(recs))]
    for _ in range(20):
        shuffled = recs[:]
        rng.shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        assert numbered_rows(order) == expected_numbers
        assert sched_rows(upcoming_doses(order, D(2026, 5, 10), count=3)) == expected_schedule


def test_accepts_any_iterable_of_records():
    recs = doses(D(2026, 1, 19), D(2026, 1, 5))
    assert [n.number for n in number_doses(iter(recs))] == [1, 2]
    assert upcoming_doses(iter(recs), D(2026, 1, 19), count=1)[0].due_on == D(2026, 2, 2)


# --- calendar edges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_on", "number", "expected"),
    [
        (D(2028, 2, 15), 1, D(2028, 2, 29)),  # leap day
        (D(2028, 2, 15), 2, D(2028, 2, 29)),
        (D(2027, 2, 15), 1, D(2027, 3, 1)),  # no leap day in 2027
        (D(2027, 12, 31), 3, D(2028, 1, 28)),  # year end
        (D(2027, 12, 31), 9, D(2028, 1, 28)),
        (D(2026, 12, 20), 1, D(2027, 1, 3)),  # year end inside loading
        (D(2026, 1, 31), 5, D(2026, 2, 28)),  # month end into a short February
        (D(2028, 1, 31), 5, D(2028, 2, 28)),
        (D(2028, 2, 1), 4, D(2028, 2, 29)),  # onto the leap day
        (D(2028, 2, 29), 4, D(2028, 3, 28)),  # from the leap day
        (D(2028, 2, 29), 2, D(2028, 3, 14)),
        (D(2026, 4, 30), 6, D(2026, 5, 28)),
        (D(2026, 8, 31), 1, D(2026, 9, 14)),
        (D(2028, 12, 31), 10, D(2029, 1, 28)),
    ],
)
def test_next_due_date_across_month_leap_and_year_ends(given_on, number, expected):
    recs = [DoseRecord(given_on=given_on, number=number, id="only")]
    nxt = upcoming_doses(recs, given_on, count=1)[0]
    assert (nxt.number, nxt.due_on) == (number + 1, expected)


def test_days_late_across_a_leap_day_and_a_year_end():
    # dose 1 on 15 Feb 2028, dose 2 due 29 Feb 2028, given 2 Mar 2028: 2 days late.
    recs = doses(D(2028, 2, 15), D(2028, 3, 2))
    assert number_doses(recs)[1].days_late == 2
    # dose 8 on 3 Dec 2027, dose 9 due 31 Dec 2027, given 5 Jan 2028: 5 days late.
    recs = doses(D(2027, 12, 3), D(2028, 1, 5), numbers={0: 8})
    assert (number_doses(recs)[1].due_on, number_doses(recs)[1].days_late) == (D(2027, 12, 31), 5)
    # given 27 Dec 2027: 4 days early.
    recs = doses(D(2027, 12, 3), D(2027, 12, 27), numbers={0: 8})
    assert number_doses(recs)[1].days_late == -4


def test_projected_schedule_across_leap_february_and_new_year():
    recs = doses(D(2027, 12, 1), numbers={0: 1})
    assert sched_rows(upcoming_doses(recs, D(2027, 12, 1), count=6)) == [
        (2, L, D(2027, 12, 15)),
        (3, L, D(2027, 12, 29)),
        (4, M, D(2028, 1, 26)),
        (5, M, D(2028, 2, 23)),
        (6, M, D(2028, 3, 22)),
        (7, M, D(2028, 4, 19)),
    ]


# --- the upcoming schedule: overdue, due today, count ------------------------------------------------


def test_overdue_maintenance_dose_keeps_its_past_due_date_and_later_ones_start_from_today():
    recs = doses(D(2026, 5, 1), numbers={0: 4})
    assert sched_rows(upcoming_doses(recs, TODAY, count=3)) == [
        (5, M, D(2026, 5, 29)),  # overdue: its exact due date
        (6, M, D(2026, 7, 13)),  # today (15 Jun) + 28
        (7, M, D(2026, 8, 10)),
    ]


def test_overdue_loading_dose():
    recs = doses(D(2026, 5, 1))
    assert sched_rows(upcoming_doses(recs, TODAY, count=5)) == [
        (2, L, D(2026, 5, 15)),
        (3, L, D(2026, 6, 29)),  # today + 14
        (4, M, D(2026, 7, 27)),  # + 28 after dose 3
        (5, M, D(2026, 8, 24)),
        (6, M, D(2026, 9, 21)),
    ]


def test_overdue_dose_3_then_maintenance_from_today():
    recs = doses(D(2026, 5, 4), D(2026, 5, 18))
    assert sched_rows(upcoming_doses(recs, TODAY, count=3)) == [
        (3, L, D(2026, 6, 1)),
        (4, M, D(2026, 7, 13)),
        (5, M, D(2026, 8, 10)),
    ]


def test_overdue_by_one_day():
    recs = doses(D(2026, 5, 17), numbers={0: 6})  # dose 7 due 14 Jun
    assert sched_rows(upcoming_doses(recs, TODAY, count=2)) == [
        (7, M, D(2026, 6, 14)),
        (8, M, D(2026, 7, 13)),
    ]


def test_due_today_projects_from_the_due_date():
    recs = doses(D(2026, 5, 18), numbers={0: 7})  # dose 8 due 15 Jun = today
    assert sched_rows(upcoming_doses(recs, TODAY, count=3)) == [
        (8, M, D(2026, 6, 15)),
        (9, M, D(2026, 7, 13)),
        (10, M, D(2026, 8, 10)),
    ]


def test_future_due_date_projects_from_the_due_date():
    recs = doses(D(2026, 6, 10), numbers={0: 1})  # dose 2 due 24 Jun
    assert sched_rows(upcoming_doses(recs, TODAY, count=4)) == [
        (2, L, D(2026, 6, 24)),
        (3, L, D(2026, 7, 8)),
        (4, M, D(2026, 8, 5)),
        (5, M, D(2026, 9, 2)),
    ]


@pytest.mark.parametrize("count", [0, -1, -6])
def test_count_zero_or_negative_gives_nothing(count):
    assert upcoming_doses(doses(D(2026, 6, 1)), TODAY, count=count) == []
    assert upcoming_doses([], TODAY, count=count, planned_first_dose=D(2026, 7, 1)) == []


@pytest.mark.parametrize("count", [1, 2, 6, 30])
def test_count_gives_exactly_that_many(count):
    assert len(upcoming_doses(doses(D(2026, 6, 1)), TODAY, count=count)) == count


def test_default_count_is_six():
    # §8: `schedule [--count N]`: the next N due doses (default 6).
    assert len(upcoming_doses(doses(D(2026, 6, 1)), TODAY)) == 6
    assert len(schedule_for(Profile(display_name="A"), doses(D(2026, 6, 1)), TODAY)) == 6


def test_nothing_known_gives_an_empty_schedule():
    assert upcoming_doses([], TODAY, count=6) == []
    assert upcoming_doses([], TODAY, count=6, planned_first_dose=None) == []


# --- planned first dose ------------------------------------------------------------------------------


def test_planned_first_dose_in_the_future():
    assert sched_rows(upcoming_doses([], TODAY, count=6, planned_first_dose=D(2026, 7, 1))) == [
        (1, L, D(2026, 7, 1)),
        (2, L, D(2026, 7, 15)),
        (3, L, D(2026, 7, 29)),
        (4, M, D(2026, 8, 26)),
        (5, M, D(2026, 9, 23)),
        (6, M, D(2026, 10, 21)),
    ]


def test_planned_first_dose_in_the_past_is_overdue_and_the_rest_start_from_today():
    assert sched_rows(upcoming_doses([], TODAY, count=4, planned_first_dose=D(2026, 6, 1))) == [
        (1, L, D(2026, 6, 1)),
        (2, L, D(2026, 6, 29)),
        (3, L, D(2026, 7, 13)),
        (4, M, D(2026, 8, 10)),
    ]


def test_planned_first_dose_today():
    assert sched_rows(upcoming_doses([], TODAY, count=2, planned_first_dose=TODAY)) == [
        (1, L, TODAY),
        (2, L, D(2026, 6, 29)),
    ]


def test_planned_first_dose_is_ignored_once_a_dose_is_recorded():
    recs = doses(D(2026, 6, 10))
    assert sched_rows(upcoming_doses(recs, TODAY, count=2, planned_first_dose=D(2026, 7, 1))) == [
        (2, L, D(2026, 6, 24)),
        (3, L, D(2026, 7, 8)),
    ]


# --- schedule_for: treatment status ------------------------------------------------------------------


@pytest.mark.parametrize("planned", [None, D(2026, 7, 1)])
def test_stopped_treatment_has_no_schedule(planned):
    profile = Profile(display_name="A", treatment_status=TreatmentStatus.STOPPED, planned_first_dose=planned)
    assert schedule_for(profile, doses(D(2026, 6, 1)), TODAY, count=6) == []
    assert schedule_for(profile, [], TODAY, count=6) == []


def test_paused_treatment_lists_no_due_dates():
    """Issue 16 / design.md §4: paused or stopped, no due dates on any surface."""
    profile = Profile(display_name="A", treatment_status=TreatmentStatus.PAUSED, status_since=D(2026, 6, 1))
    recs = doses(D(2026, 5, 1), numbers={0: 4})
    assert schedule_for(profile, recs, TODAY, count=2) == []


def test_active_profile_uses_its_planned_first_dose():
    profile = Profile(display_name="A", planned_first_dose=D(2026, 7, 1))
    assert sched_rows(schedule_for(profile, [], TODAY, count=2)) == [
        (1, L, D(2026, 7, 1)),
        (2, L, D(2026, 7, 15)),
    ]
    assert schedule_for(Profile(display_name="A"), [], TODAY, count=2) == []


def test_paused_profile_shows_no_planned_first_dose_either():
    profile = Profile(
        display_name="A", treatment_status=TreatmentStatus.PAUSED, planned_first_dose=D(2026, 7, 1)
    )
    assert schedule_for(profile, [], TODAY, count=1) == []


# --- §8 JSON shapes ----------------------------------------------------------------------------------


def test_phase_values_serialise_as_in_the_json_contract():
    got = number_doses(doses(D(2026, 1, 5), D(2026, 1, 19), D(2026, 2, 2), D(2026, 3, 2)))
    shape = [
        {
            "number": n.number,
            "phase": n.phase,
            "given_on": n.given_on.isoformat(),
            "due_on": n.due_on.isoformat() if n.due_on else None,
            "days_late": n.days_late,
        }
        for n in got
    ]
    assert json.loads(json.dumps(shape)) == [
        {"number": 1, "phase": "loading", "given_on": "2026-01-05", "due_on": None, "days_late": None},
        {"number": 2, "phase": "loading", "given_on": "2026-01-19", "due_on": "2026-01-19", "days_late": 0},
        {"number": 3, "phase": "loading", "given_on": "2026-02-02", "due_on": "2026-02-02", "days_late": 0},
        {
            "number": 4,
            "phase": "maintenance",
            "given_on": "2026-03-02",
            "due_on": "2026-03-02",
            "days_late": 0,
        },
    ]
    sched = upcoming_doses([], TODAY, count=4, planned_first_dose=TODAY)
    assert [json.loads(json.dumps(s.phase)) for s in sched] == [
        "loading",
        "loading",
        "loading",
        "maintenance",
    ]


# --- validate_dose -----------------------------------------------------------------------------------


def test_validate_accepts_a_dose_today_and_in_the_past():
    existing = doses(D(2026, 5, 18))
    validate_dose(DoseRecord(given_on=TODAY, id="new"), existing, TODAY)
    validate_dose(DoseRecord(given_on=D(2020, 1, 1), id="old"), existing, TODAY)
    validate_dose(DoseRecord(given_on=TODAY, id="first"), [], TODAY)


@pytest.mark.parametrize("given_on", [D(2026, 6, 16), D(2026, 7, 1), D(2027, 1, 1)])
def test_validate_refuses_a_future_date(given_on):
    with pytest.raises(InvalidInput) as info:
        validate_dose(DoseRecord(given_on=given_on, id="new"), [], TODAY)
    assert str(info.value).strip()


def test_invalid_input_is_a_value_error():
    assert issubclass(InvalidInput, ValueError)


def test_validate_refuses_a_second_dose_on_the_same_day():
    existing = doses(D(2026, 6, 1), D(2026, 6, 10))
    with pytest.raises(InvalidInput):
        validate_dose(DoseRecord(given_on=D(2026, 6, 10), id="new"), existing, TODAY)
    # a different time of day does not make it a different day
    timed = [DoseRecord(given_on=D(2026, 6, 10), given_at=dt.time(9, 0), id="a")]
    with pytest.raises(InvalidInput):
        validate_dose(DoseRecord(given_on=D(2026, 6, 10), given_at=dt.time(15, 0), id="b"), timed, TODAY)


def test_validate_allows_editing_the_same_dose():
    existing = doses(D(2026, 6, 1), D(2026, 6, 10))
    edited = DoseRecord(given_on=D(2026, 6, 10), place="Clinic B", id="dose-1")
    validate_dose(edited, existing, TODAY)
    moved = DoseRecord(given_on=D(2026, 6, 11), id="dose-1")
    validate_dose(moved, existing, TODAY)


def test_validate_refuses_an_edit_onto_another_dose_day():
    existing = doses(D(2026, 6, 1), D(2026, 6, 10))
    with pytest.raises(InvalidInput):
        validate_dose(DoseRecord(given_on=D(2026, 6, 1), id="dose-1"), existing, TODAY)


@pytest.mark.parametrize("number", [0, -1, -12])
def test_validate_refuses_a_number_below_1(number):
    with pytest.raises(InvalidInput):
        validate_dose(DoseRecord(given_on=D(2026, 6, 1), number=number, id="new"), [], TODAY)


@pytest.mark.parametrize("number", [None, 1, 3, 4, 12, 100])
def test_validate_accepts_numbers_of_1_or_more(number):
    validate_dose(DoseRecord(given_on=D(2026, 6, 1), number=number, id="new"), doses(D(2026, 5, 1)), TODAY)


# --- the 10-day check --------------------------------------------------------------------------------


def test_doses_less_than_10_days_apart_are_flagged():
    existing = [
        DoseRecord(given_on=D(2026, 6, 1), id="a"),  # 9 days before
        DoseRecord(given_on=D(2026, 5, 31), id="b"),  # 10 days before
        DoseRecord(given_on=D(2026, 6, 19), id="c"),  # 9 days after
        DoseRecord(given_on=D(2026, 6, 20), id="d"),  # 10 days after
        DoseRecord(given_on=D(2026, 6, 10), id="e"),  # same day
        DoseRecord(given_on=D(2026, 6, 13), id="f"),  # 3 days after
        DoseRecord(given_on=D(2026, 3, 1), id="g"),
    ]
    candidate = DoseRecord(given_on=D(2026, 6, 10), id="new")
    got = doses_too_close(candidate, existing)
    assert sorted(r.id for r in got) == ["a", "c", "e", "f"]
    assert all(r in existing for r in got)


def test_the_candidate_itself_is_not_too_close_to_itself():
    candidate = DoseRecord(given_on=D(2026, 6, 10), id="x")
    edited_from = DoseRecord(given_on=D(2026, 6, 8), id="x")
    assert doses_too_close(candidate, [edited_from]) == []
    assert doses_too_close(candidate, [candidate]) == []
    assert doses_too_close(candidate, []) == []


def test_the_10_day_check_across_a_year_end_and_a_leap_day():
    assert [
        r.id
        for r in doses_too_close(
            DoseRecord(given_on=D(2027, 1, 3), id="n"), [DoseRecord(given_on=D(2026, 12, 28), id="o")]
        )
    ] == ["o"]
    # 24 Feb 2028 to 5 Mar 2028 is 10 days (29 Feb exists): not flagged; 4 Mar is 9 days: flagged.
    assert (
        doses_too_close(
            DoseRecord(given_on=D(2028, 3, 5), id="n"), [DoseRecord(given_on=D(2028, 2, 24), id="o")]
        )
        == []
    )
    assert (
        len(
            doses_too_close(
                DoseRecord(given_on=D(2028, 3, 4), id="n"), [DoseRecord(given_on=D(2028, 2, 24), id="o")]
            )
        )
        == 1
    )


# --- next dose status and bookings ---------------------------------------------------------------------

ACTIVE = Profile(display_name="A")
LAST8 = doses(D(2026, 5, 20), numbers={0: 8})  # dose 9 due 17 Jun 2026


def appt(on, **kw):
    return Appointment(on=on, **kw)


def test_status_nothing_known():
    status, lines = next_dose_status(ACTIVE, [], [], TODAY)
    assert status.state is DueState.NOTHING_KNOWN
    assert lines == []


def test_status_stopped_has_no_lines_even_with_doses_and_bookings():
    profile = Profile(
        display_name="A",
        treatment_status=TreatmentStatus.STOPPED,
        status_since=D(2026, 6, 1),
        status_note="care team decision",
    )
    status, lines = next_dose_status(profile, LAST8, [appt(D(2026, 6, 17))], TODAY)
    assert status.state is DueState.STOPPED
    assert lines == []
    assert (status.status_since, status.status_note) == (D(2026, 6, 1), "care team decision")


def test_status_paused_lists_no_due_dates_and_no_overdue():
    profile = Profile(display_name="A", treatment_status=TreatmentStatus.PAUSED, status_since=D(2026, 6, 2))
    status, lines = next_dose_status(profile, LAST8, [], D(2026, 6, 30), count=3)
    assert status.state is DueState.PAUSED
    assert status.status_since == D(2026, 6, 2)
    assert (status.line, status.days_until_due, lines) == (None, None, [])


def test_status_upcoming():
    status, lines = next_dose_status(ACTIVE, LAST8, [], TODAY, count=2)
    assert status.state is DueState.UPCOMING
    assert status.days_until_due == 2
    assert status.booking_days_after_due is None
    assert (status.line.dose.number, status.line.dose.due_on, status.line.booking) == (
        9,
        D(2026, 6, 17),
        None,
    )
    assert [(ln.dose.number, ln.dose.due_on) for ln in lines] == [(9, D(2026, 6, 17)), (10, D(2026, 7, 15))]


def test_status_due_today():
    status, _lines = next_dose_status(ACTIVE, LAST8, [], D(2026, 6, 17))
    assert status.state is DueState.DUE_TODAY
    assert status.days_until_due == 0


def test_status_overdue():
    status, lines = next_dose_status(ACTIVE, LAST8, [], D(2026, 6, 20), count=2)
    assert status.state is DueState.OVERDUE
    assert status.days_until_due == -3
    assert [(ln.dose.number, ln.dose.due_on) for ln in lines] == [(9, D(2026, 6, 17)), (10, D(2026, 7, 18))]


def test_status_from_a_planned_first_dose():
    profile = Profile(display_name="A", planned_first_dose=D(2026, 7, 1))
    status, lines = next_dose_status(profile, [], [], TODAY)
    assert status.state is DueState.UPCOMING
    assert (status.line.dose.number, status.days_until_due) == (1, 16)
    assert len(lines) == 6
    past = Profile(display_name="A", planned_first_dose=D(2026, 6, 10))
    assert next_dose_status(past, [], [], TODAY)[0].state is DueState.OVERDUE


def test_status_booked_for_an_overdue_dose():
    # design §4: "booked for Thu 12 June, 3 days after the due date", without alarm.
    booking = appt(D(2026, 6, 20))
    status, lines = next_dose_status(ACTIVE, LAST8, [booking], D(2026, 6, 19))
    assert status.state is DueState.BOOKED
    assert status.booking_days_after_due == 3
    assert status.days_until_due == -2
    assert status.line.booking == booking
    assert lines[0].booking == booking
    assert all(ln.booking is None for ln in lines[1:])


def test_status_booked_today():
    booking = appt(D(2026, 6, 20))
    status, _ = next_dose_status(ACTIVE, LAST8, [booking], D(2026, 6, 20))
    assert status.state is DueState.BOOKED
    assert status.booking_days_after_due == 3


def test_status_booked_before_the_due_date():
    booking = appt(D(2026, 6, 12))
    status, _ = next_dose_status(ACTIVE, LAST8, [booking], D(2026, 6, 1))
    assert status.state is DueState.BOOKED
    assert status.booking_days_after_due == -5
    assert status.days_until_due == 16


def test_status_booking_passed():
    booking = appt(D(2026, 6, 19))
    status, _ = next_dose_status(ACTIVE, LAST8, [booking], D(2026, 6, 25))
    assert status.state is DueState.BOOKING_PASSED
    assert status.booking_days_after_due == 2
    assert status.days_until_due == -8
    assert status.line.booking == booking


def test_booking_passed_even_before_the_due_date():
    booking = appt(D(2026, 6, 10))
    status, _ = next_dose_status(ACTIVE, LAST8, [booking], D(2026, 6, 12))
    assert status.state is DueState.BOOKING_PASSED
    assert status.booking_days_after_due == -7


@pytest.mark.parametrize(
    "outcome",
    [AppointmentOutcome.CANCELLED, AppointmentOutcome.DONE, AppointmentOutcome.ATTEMPTED_NOT_GIVEN],
)
def test_appointments_with_an_outcome_are_not_bookings(outcome):
    status, lines = next_dose_status(ACTIVE, LAST8, [appt(D(2026, 6, 22), outcome=outcome)], D(2026, 6, 20))
    assert status.state is DueState.OVERDUE
    assert all(ln.booking is None for ln in lines)


@pytest.mark.parametrize("kind", [AppointmentKind.NEUROLOGY, AppointmentKind.TESTS])
def test_non_dose_appointments_are_not_bookings(kind):
    status, lines = next_dose_status(ACTIVE, LAST8, [appt(D(2026, 6, 22), kind=kind)], D(2026, 6, 20))
    assert status.state is DueState.OVERDUE
    assert all(ln.booking is None for ln in lines)


def test_appointment_on_or_before_the_last_dose_is_not_a_booking():
    appts = [appt(D(2026, 5, 20)), appt(D(2026, 5, 1))]
    status, lines = next_dose_status(ACTIVE, LAST8, appts, TODAY)
    assert status.state is DueState.UPCOMING
    assert all(ln.booking is None for ln in lines)


def test_attempted_not_given_leaves_the_dose_due_and_a_new_booking_counts():
    failed = appt(D(2026, 6, 17), outcome=AppointmentOutcome.ATTEMPTED_NOT_GIVEN)
    rebooked = appt(D(2026, 6, 24))
    status, _ = next_dose_status(ACTIVE, LAST8, [failed, rebooked], D(2026, 6, 18))
    assert status.state is DueState.BOOKED
    assert status.line.booking == rebooked
    assert status.booking_days_after_due == 7


def test_appointment_for_a_later_dose_does_not_book_the_next_one():
    later = appt(D(2026, 7, 15), for_dose=10)
    status, lines = next_dose_status(ACTIVE, LAST8, [later], D(2026, 6, 20), count=3)
    assert status.state is DueState.OVERDUE
    assert [ln.booking for ln in lines] == [None, later, None]


def test_named_appointment_wins_its_dose_and_the_others_fill_in_date_order():
    # dose 9 due 17 Jun; unnamed appointments on 18 Jun and 14 Jul; one named for dose 9 on 22 Jun.
    a_unnamed_1 = appt(D(2026, 6, 18), id="u1")
    a_named_9 = appt(D(2026, 6, 22), for_dose=9, id="n9")
    a_unnamed_2 = appt(D(2026, 7, 14), id="u2")
    schedule = upcoming_doses(LAST8, TODAY, count=4)
    for order in ([a_unnamed_1, a_named_9, a_unnamed_2], [a_unnamed_2, a_named_9, a_unnamed_1]):
        lines = match_bookings(schedule, order, LAST8)
        assert [ln.dose for ln in lines] == schedule
        assert [ln.booking.id if ln.booking else None for ln in lines] == ["n9", "u1", "u2", None]
    status, _ = next_dose_status(ACTIVE, LAST8, [a_unnamed_2, a_unnamed_1, a_named_9], TODAY)
    assert status.state is DueState.BOOKED
    assert status.line.booking.id == "n9"
    assert status.booking_days_after_due == 5


def test_unnamed_bookings_go_to_due_doses_in_date_order():
    schedule = upcoming_doses(LAST8, TODAY, count=3)
    appts = [appt(D(2026, 8, 12), id="c"), appt(D(2026, 6, 17), id="a"), appt(D(2026, 7, 15), id="b")]
    lines = match_bookings(schedule, appts, LAST8)
    assert [ln.booking.id for ln in lines] == ["a", "b", "c"]


def test_named_booking_for_a_middle_dose_leaves_the_others_in_order():
    schedule = upcoming_doses(LAST8, TODAY, count=3)  # doses 9, 10, 11
    appts = [
        appt(D(2026, 6, 17), id="x"),
        appt(D(2026, 7, 1), for_dose=10, id="ten"),
        appt(D(2026, 7, 20), id="y"),
    ]
    lines = match_bookings(schedule, appts, LAST8)
    assert [ln.booking.id for ln in lines] == ["x", "ten", "y"]


def test_more_bookings_than_due_doses():
    schedule = upcoming_doses(LAST8, TODAY, count=1)
    appts = [appt(D(2026, 7, 15), id="b"), appt(D(2026, 6, 17), id="a")]
    lines = match_bookings(schedule, appts, LAST8)
    assert [ln.booking.id for ln in lines] == ["a"]


def test_bookings_before_any_dose_with_a_planned_start():
    profile = Profile(display_name="A", planned_first_dose=D(2026, 7, 1))
    booking = appt(D(2026, 7, 2))
    status, lines = next_dose_status(profile, [], [booking], TODAY)
    assert status.state is DueState.BOOKED
    assert status.booking_days_after_due == 1
    assert lines[0].booking == booking


def test_mixed_appointments_only_pending_dose_ones_book():
    appts = [
        appt(D(2026, 6, 16), kind=AppointmentKind.NEUROLOGY, id="neuro"),
        appt(D(2026, 6, 17), outcome=AppointmentOutcome.CANCELLED, id="cancelled"),
        appt(D(2026, 6, 18), kind=AppointmentKind.TESTS, id="tests"),
        appt(D(2026, 6, 19), id="real"),
    ]
    status, lines = next_dose_status(ACTIVE, LAST8, appts, TODAY, count=2)
    assert status.state is DueState.BOOKED
    assert [ln.booking.id if ln.booking else None for ln in lines] == ["real", None]
    assert status.booking_days_after_due == 2


# --- property tests ----------------------------------------------------------------------------------


@st.composite
def histories(draw, min_size=0, max_size=10, with_user_numbers=True):
    """DoseRecords on distinct days (oldest first), about one in six with a user-set number."""
    # one list draw keeps generation fast: (days since the dose before, user-number roll, number)
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from([13, 14, 15, 27, 28, 29]), st.integers(1, 120)),
                st.integers(0, 5),
                st.integers(1, 40),
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )
    if not rows:
        return []
    day = draw(st.dates(D(2019, 1, 1), D(2035, 12, 31)))
    recs = []
    for i, (gap, roll, number) in enumerate(rows):
        if i:
            day = plus(day, gap)
        user = number if (with_user_numbers and roll == 0) else None
        recs.append(DoseRecord(given_on=day, number=user, id=f"dose-{i:02d}"))
    return recs


@st.composite
def history_and_today(draw, min_size=0, with_user_numbers=True):
    recs = draw(histories(min_size=min_size, with_user_numbers=with_user_numbers))
    if recs:
        today = plus(recs[-1].given_on, draw(st.integers(0, 200)))
    else:
        today = draw(st.dates(D(2019, 1, 1), D(2036, 12, 31)))
    return recs, today


planned_dates = st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2037, 12, 31)))


# Each check below is one property; the two tests after them run every check on each generated
# case (one generated case serves several properties, which keeps the file fast).


def check_numbering_ignores_input_order(recs, shuffled):
    assert numbered_rows(shuffled) == numbered_rows(recs)


def check_numbering_matches_reference(recs):
    assert numbered_rows(recs) == ref_numbering(recs)


def check_days_late_and_due_dates(recs):
    got = number_doses(recs)
    assert [n.given_on for n in got] == sorted(r.given_on for r in recs)
    for i, n in enumerate(got):
        assert n.phase == (Phase.LOADING if n.number <= 3 else Phase.MAINTENANCE)
        if i == 0 or n.record.number is not None:
            # §8: null for the first recorded dose and for a dose whose number the user set
            assert n.due_on is None and n.days_late is None
            assert n.number == (n.record.number if n.record.number is not None else 1)
        else:
            prev = got[i - 1]
            assert n.number == prev.number + 1
            assert n.due_on == plus(prev.given_on, 14 if prev.number < 3 else 28)
            assert n.days_late == (n.given_on - n.due_on).days


def check_history_phase_changes(recs):
    got = number_doses(recs)
    for a, b in itertools.pairwise(got):
        if a.phase != b.phase:
            if b.phase is Phase.MAINTENANCE:
                # loading -> maintenance: dose 4 in order, or a user-set number jumping past 3
                assert b.number == 4 or b.record.number is not None
            else:
                # maintenance -> loading only by a user-set number (a restart at dose 1, or a correction)
                assert b.record.number is not None


@PROPERTY_SETTINGS
@given(recs=histories(), data=st.data())
def test_prop_numbering(recs, data):
    shuffled = data.draw(st.permutations(recs))
    check_numbering_ignores_input_order(recs, shuffled)
    check_numbering_matches_reference(shuffled)
    check_days_late_and_due_dates(shuffled)
    check_history_phase_changes(shuffled)


def check_schedule_matches_reference(recs, shuffled, today, count, planned):
    expected = ref_schedule(recs, today, count, planned)
    assert sched_rows(upcoming_doses(shuffled, today, count=count, planned_first_dose=planned)) == expected


def check_next_due_is_last_given_plus_interval(recs, sched):
    if not recs or not sched:
        return
    last_number = ref_numbering(recs)[-1][1]
    assert sched[0].number == last_number + 1
    assert sched[0].due_on == plus(recs[-1].given_on, 14 if last_number in (1, 2) else 28)


def check_spacing_and_never_past(recs, sched, today, count, planned):
    if count <= 0 or (not recs and planned is None):
        assert sched == []
        return
    assert len(sched) == count
    if not recs:
        assert (sched[0].number, sched[0].due_on) == (1, planned)
    if len(sched) > 1:
        # the second is projected from the first's due date, or from today if today is later
        assert sched[1].due_on == plus(max(sched[0].due_on, today), ref_interval(sched[0].number))
    for prev, nxt in itertools.pairwise(sched[1:]):
        assert (nxt.due_on - prev.due_on).days == (14 if prev.number in (1, 2) else 28)
    for later in sched[1:]:
        assert later.due_on >= today  # a projected date is never in the past
        assert later.due_on > sched[0].due_on


def check_numbers_and_phases(sched):
    numbers = [s.number for s in sched]
    if numbers:
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    for s in sched:
        assert s.phase == (Phase.LOADING if s.number <= 3 else Phase.MAINTENANCE)
    changes = [(a, b) for a, b in itertools.pairwise(sched) if a.phase != b.phase]
    assert len(changes) <= 1
    for a, b in changes:
        assert (a.phase, b.phase, b.number) == (Phase.LOADING, Phase.MAINTENANCE, 4)


def check_treatment_status(recs, today, count, planned):
    stopped = Profile(display_name="A", treatment_status=TreatmentStatus.STOPPED, planned_first_dose=planned)
    paused = Profile(display_name="A", treatment_status=TreatmentStatus.PAUSED, planned_first_dose=planned)
    active = Profile(display_name="A", planned_first_dose=planned)
    assert schedule_for(stopped, recs, today, count=count) == []
    expected = ref_schedule(recs, today, count, planned)
    assert sched_rows(schedule_for(active, recs, today, count=count)) == expected
    assert schedule_for(paused, recs, today, count=count) == []
    status, lines = next_dose_status(stopped, recs, [], today)
    assert (status.state, lines) == (DueState.STOPPED, [])
    status, lines = next_dose_status(paused, recs, [], today)
    assert (status.state, status.line, lines) == (DueState.PAUSED, None, [])


def check_status_without_bookings(recs, today, planned):
    profile = Profile(display_name="A", planned_first_dose=planned)
    status, lines = next_dose_status(profile, recs, [], today)
    expected = ref_schedule(recs, today, 6, planned)
    if not expected:
        assert status.state is DueState.NOTHING_KNOWN
        assert lines == []
        return
    days = (expected[0][2] - today).days
    want = DueState.UPCOMING if days > 0 else DueState.DUE_TODAY if days == 0 else DueState.OVERDUE
    assert status.state is want
    assert status.days_until_due == days
    assert [(ln.dose.number, ln.dose.phase, ln.dose.due_on) for ln in lines] == expected
    assert all(ln.booking is None for ln in lines)


@PROPERTY_SETTINGS
@given(ht=history_and_today(), planned=planned_dates, count=st.integers(-2, 12), data=st.data())
def test_prop_schedule(ht, planned, count, data):
    recs, today = ht
    shuffled = data.draw(st.permutations(recs))
    sched = upcoming_doses(shuffled, today, count=count, planned_first_dose=planned)
    check_schedule_matches_reference(recs, shuffled, today, count, planned)
    check_next_due_is_last_given_plus_interval(recs, sched)
    check_spacing_and_never_past(recs, sched, today, count, planned)
    check_numbers_and_phases(sched)
    check_treatment_status(shuffled, today, count, planned)
    check_status_without_bookings(shuffled, today, planned)


@st.composite
def bookings_case(draw):
    recs, today = draw(history_and_today())
    planned = draw(planned_dates)
    sched_ref = ref_schedule(recs, today, 6, planned)
    if not sched_ref:
        return recs, today, planned, []
    numbers = [n for n, _, _ in sched_ref]
    last_given = recs[-1].given_on if recs else None
    base = last_given or plus(sched_ref[0][2], -60)
    # one list draw: (days from base, kind roll, outcome roll, named roll, which dose if named)
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(-20, 250),
                st.integers(0, 5),
                st.integers(0, 6),
                st.integers(0, 3),
                st.integers(0, 5),
            ),
            max_size=8,
            unique_by=lambda row: row[0],
        )
    )
    kinds = [AppointmentKind.DOSE] * 4 + [AppointmentKind.NEUROLOGY, AppointmentKind.TESTS]
    outcomes = [None] * 4 + list(AppointmentOutcome)
    named_pool = list(numbers)
    appts = []
    for i, (off, kind_roll, outcome_roll, named_roll, which) in enumerate(rows):
        for_dose = None
        if named_pool and named_roll == 0:
            for_dose = named_pool.pop(which % len(named_pool))
        appts.append(
            Appointment(
                on=plus(base, off),
                kind=kinds[kind_roll],
                outcome=outcomes[outcome_roll],
                for_dose=for_dose,
                id=f"a{i}",
            )
        )
    return recs, today, planned, appts


def ref_bookings(sched_ref, appts, recs):
    """Spec: pending dose appointments dated after the last given dose; named ones to their dose,
    the others in date order to the remaining due doses in order."""
    last_given = max((r.given_on for r in recs), default=None)
    pending = sorted(
        (
            a
            for a in appts
            if a.kind is AppointmentKind.DOSE
            and a.outcome is None
            and (last_given is None or a.on > last_given)
        ),
        key=lambda a: a.on,
    )
    numbers = [n for n, _, _ in sched_ref]
    booked = {a.for_dose: a.id for a in pending if a.for_dose in numbers}
    free = [n for n in numbers if n not in booked]
    unnamed = [a for a in pending if a.for_dose is None]
    for n, a in zip(free, unnamed, strict=False):
        booked[n] = a.id
    return [booked.get(n) for n in numbers]


@PROPERTY_SETTINGS
@given(case=bookings_case(), data=st.data())
def test_prop_bookings_and_booking_states(case, data):
    recs, today, planned, appts = case
    shuffled = data.draw(st.permutations(appts))
    profile = Profile(display_name="A", planned_first_dose=planned)
    status, lines = next_dose_status(profile, recs, shuffled, today)
    sched_ref = ref_schedule(recs, today, 6, planned)
    if not sched_ref:
        assert status.state is DueState.NOTHING_KNOWN
        return
    expected_ids = ref_bookings(sched_ref, appts, recs)
    assert [ln.booking.id if ln.booking else None for ln in lines] == expected_ids
    lines2 = match_bookings(upcoming_doses(recs, today, 6, planned), shuffled, recs)
    assert [ln.booking.id if ln.booking else None for ln in lines2] == expected_ids
    due = sched_ref[0][2]
    first_booking = next((a for a in appts if a.id == expected_ids[0]), None)
    assert status.days_until_due == (due - today).days
    if first_booking is None:
        days = (due - today).days
        want = DueState.UPCOMING if days > 0 else DueState.DUE_TODAY if days == 0 else DueState.OVERDUE
        assert status.state is want
        assert status.booking_days_after_due is None
    else:
        assert status.state is (DueState.BOOKED if first_booking.on >= today else DueState.BOOKING_PASSED)
        assert status.booking_days_after_due == (first_booking.on - due).days
        assert status.line.booking == first_booking


@st.composite
def entry_case(draw):
    """Existing doses, and a candidate dose that is often near one of them."""
    recs = draw(histories(max_size=8))
    if recs and draw(st.booleans()):
        near = recs[draw(st.integers(0, len(recs) - 1))].given_on
        cand_day = plus(near, draw(st.integers(-12, 12)))
    else:
        cand_day = draw(st.dates(D(2019, 1, 1), D(2037, 12, 31)))
    cand_id = recs[draw(st.integers(0, len(recs) - 1))].id if recs and draw(st.booleans()) else "candidate"
    today = plus(cand_day, draw(st.integers(-5, 60)))
    number = draw(st.one_of(st.none(), st.integers(-5, 50)))
    return recs, DoseRecord(given_on=cand_day, number=number, id=cand_id), today


@PROPERTY_SETTINGS
@given(case=entry_case())
def test_prop_entry_checks(case):
    recs, candidate, today = case
    # the 10-day check: every other recorded dose less than 10 days away, never the candidate itself
    got = sorted(r.id for r in doses_too_close(candidate, recs))
    want = sorted(
        r.id for r in recs if r.id != candidate.id and abs((r.given_on - candidate.given_on).days) <= 9
    )
    assert got == want
    # validation: refuse a future date, a second dose on the same day (not an edit of itself), a number < 1
    should_refuse = (
        candidate.given_on > today
        or any(r.given_on == candidate.given_on and r.id != candidate.id for r in recs)
        or (candidate.number is not None and candidate.number < 1)
    )
    if should_refuse:
        with pytest.raises(InvalidInput):
            validate_dose(candidate, recs, today)
    else:
        validate_dose(candidate, recs, today)
