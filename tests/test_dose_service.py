"""A dose is checked once and saved from that check (issue 21): ``doses.check`` gives the reason
a dose cannot be saved or the recorded doses less than 10 days away, and ``doses.save`` saves
exactly what was checked, numbered, without reading every dose again. Real files, two processes'
worth of connections."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.core import schedule
from companion.core.errors import InvalidInput
from companion.core.models import DoseRecord
from companion.services import PatientRecords

TODAY = dt.date(2026, 6, 20)


@pytest.fixture
def records(data_dir):
    opened = PatientRecords.open(data_dir, today=lambda: TODAY)
    yield opened
    opened.close()


def days(records: PatientRecords) -> list[dt.date]:
    return [d.given_on for d in records.doses.all()]


def test_a_good_dose_checks_clean_and_saves_numbered_as_the_history_numbers_it(records):
    for day in (dt.date(2026, 5, 1), dt.date(2026, 5, 15)):
        records.doses.record(DoseRecord(given_on=day))
    checked = records.doses.check(DoseRecord(given_on=dt.date(2026, 5, 29)))
    assert checked.error is None and checked.too_close == ()
    saved = records.doses.save(checked)
    assert saved.number == 3
    assert saved == records.doses.history()[-1], "the number saved is the one the history gives"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (DoseRecord(given_on=TODAY + dt.timedelta(days=1)), "future"),
        (DoseRecord(given_on=dt.date(1899, 12, 31)), "too long ago"),
        (DoseRecord(given_on=dt.date(2026, 6, 1), number=0), "1 or more"),
        (DoseRecord(given_on=dt.date(2026, 6, 1), csf_removed_ml=150), "between 0 and 100"),
        (DoseRecord(given_on=dt.date(2026, 5, 1)), "already recorded on that day"),
    ],
)
def test_a_dose_that_cannot_be_right_is_refused_by_the_check_and_by_the_save(records, record, reason):
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 1)))
    checked = records.doses.check(record)
    assert checked.error is not None and reason in checked.error
    with pytest.raises(InvalidInput, match=reason):
        records.doses.save(checked)
    assert days(records) == [dt.date(2026, 5, 1)], "nothing was saved"


@pytest.mark.parametrize("gap", range(-12, 13))
def test_doses_under_10_days_away_are_named_for_the_user_to_confirm(records, gap):
    base = dt.date(2026, 5, 20)
    records.doses.record(DoseRecord(given_on=base))
    candidate = base + dt.timedelta(days=gap)
    checked = records.doses.check(DoseRecord(given_on=candidate))
    if gap == 0:
        assert checked.error is not None
    elif abs(gap) < schedule.SUSPICIOUS_GAP_DAYS:
        assert checked.error is None and [d.given_on for d in checked.too_close] == [base]
    else:
        assert checked.error is None and checked.too_close == ()


def test_an_edit_is_checked_against_the_other_doses_not_itself(records):
    first = records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 1))).record
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 15)))
    moved = DoseRecord(given_on=dt.date(2026, 5, 2), id=first.id)
    checked = records.doses.check(moved)
    assert checked.error is None
    assert [d.given_on for d in checked.too_close] == [], "itself is not a dose 'too close'"
    assert records.doses.save(checked).given_on == dt.date(2026, 5, 2)
    assert days(records) == [dt.date(2026, 5, 2), dt.date(2026, 5, 15)]
    onto_the_other = DoseRecord(given_on=dt.date(2026, 5, 15), id=first.id)
    assert "already recorded" in (records.doses.check(onto_the_other).error or "")


def test_a_check_made_before_another_window_saved_that_day_does_not_save_a_second_dose(records, data_dir):
    """The form checked; meanwhile the command line recorded a dose on the same day. Saving the
    old check is refused inside the write transaction, and one dose stays."""
    checked = records.doses.check(DoseRecord(given_on=dt.date(2026, 6, 1)))
    assert checked.error is None
    other = PatientRecords.open(data_dir, today=lambda: TODAY)
    try:
        other.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1), note="from the command line"))
    finally:
        other.close()
    with pytest.raises(InvalidInput, match="already recorded"):
        records.doses.save(checked)
    assert [d.note for d in records.doses.all()] == ["from the command line"]
