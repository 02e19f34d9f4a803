"""Rules that join several kinds of records: when the app suggests an ALSFRS-R self-rating."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.core.models import AlsfrsRating, DoseRecord, TreatmentStatus
from companion.services import PatientRecords

SCORES = (4,) * 12


@pytest.fixture
def records(data_dir):
    today = {"value": dt.date(2026, 6, 20)}
    r = PatientRecords.open(data_dir, today=lambda: today["value"])
    r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 26), number=5))  # next due 23 June
    r.fake_today = today
    yield r
    r.close()


@pytest.mark.parametrize(
    ("today", "suggested"),
    [
        (dt.date(2026, 6, 19), False),  # 4 days before: not yet
        (dt.date(2026, 6, 20), True),  # 3 days before
        (dt.date(2026, 6, 23), True),  # due today
        (dt.date(2026, 6, 30), True),  # overdue: still before the next dose
    ],
)
def test_a_rating_is_suggested_in_the_three_days_before_a_dose(records, today, suggested):
    records.fake_today["value"] = today
    assert records.schedule.rating_suggested() is suggested


def test_no_suggestion_once_rated_since_the_last_dose(records):
    records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 5, 20), scores=SCORES))
    assert records.schedule.rating_suggested(), "a rating before the last dose does not count"
    records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 6, 18), scores=SCORES))
    assert not records.schedule.rating_suggested()


def test_no_suggestion_while_treatment_is_paused(records):
    records.profile.update(treatment_status=TreatmentStatus.PAUSED)
    assert not records.schedule.rating_suggested()
