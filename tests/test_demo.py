"""demo-data: realistic made-up records ending today, only into an empty folder."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.cli import main
from companion.core.errors import InvalidInput
from companion.demo import fill
from companion.services import PatientRecords

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    records = PatientRecords.open(folder, today=lambda: TODAY)
    counts = fill(records, 2, seed=3)
    yield records, counts
    records.close()


def test_doses_follow_the_schedule_with_occasional_delays(demo):
    records, counts = demo
    history = records.doses.history()
    assert counts["doses"] == len(history) >= 24
    assert [d.number for d in history] == list(range(1, len(history) + 1))
    late = [d.days_late for d in history[1:]]
    assert all(0 <= days <= 7 for days in late), "never early, at most a week late"
    assert any(days > 0 for days in late) and late.count(0) > len(late) / 2
    assert records.schedule.upcoming(1)[0].due_on >= TODAY - dt.timedelta(days=7), "up to date: ends today"


def test_diary_on_most_days_with_more_symptoms_after_doses(demo):
    records, _counts = demo
    entries = records.diary.entries()
    days = {e.at.date() for e in entries}
    assert len(days) > 0.7 * 2 * 365
    assert max(days) >= TODAY - dt.timedelta(days=3)
    info = records.diary.with_info(entries)
    after = [e for e in entries if (info[e.id].days_after_dose or 99) <= 3]
    later = [e for e in entries if (info[e.id].days_after_dose or 0) > 3]

    def share(group):
        return sum(1 for e in group if "headache" in e.symptoms or "back_pain" in e.symptoms) / len(group)

    assert share(after) > 2 * share(later)
    flagged = [e for e in entries if info[e.id].flags]
    assert 0 < len(flagged) < 0.05 * len(entries), "warning signs are rare"
    assert all((TODAY - b.entry.at.date()).days <= 7 for b in records.diary.banners())


def test_alsfrs_declines_slowly_and_weight_is_monthly(demo):
    records, counts = demo
    ratings = records.alsfrs.ratings()
    totals = [sum(r.scores) for r in ratings]
    assert counts["alsfrs"] == len(ratings) >= 20
    assert totals == sorted(totals, reverse=True), "never better, a slow decline"
    assert 0 < totals[0] - totals[-1] <= 24


@pytest.mark.parametrize("years", [1, 10, 30])
def test_any_span_declines_slowly_and_never_reaches_the_floor(tmp_path, years):
    """The decline is spread over the span asked for: ten or thirty years must not run the score
    (or the weight) down to nothing, as a fixed monthly loss did (10 years ended at 4 of 48)."""
    records = PatientRecords.open(tmp_path / "p", today=lambda: TODAY)
    fill(records, years, seed=1)
    totals = [sum(r.scores) for r in records.alsfrs.ratings()]
    weights = [m.value for m in records.visit.measurements()]
    records.close()
    assert totals == sorted(totals, reverse=True)
    assert 3 <= totals[0] - totals[-1] <= 24
    assert totals[-1] >= 20
    assert 60 <= min(weights) and max(weights) <= 80


def test_refuses_a_folder_that_holds_records(demo):
    records, _counts = demo
    with pytest.raises(InvalidInput):
        fill(records, 1)


def test_command_line_refuses_a_folder_with_data_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    folder = tmp_path / "p"
    assert main(["--data-dir", str(folder), "dose", "add", "2026-06-01"]) == 0
    before = (folder / "companion.sqlite3").read_bytes()
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "demo-data", "--years", "1"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["--data-dir", str(tmp_path / "q"), "demo-data", "--years", "0"]) == 2
    assert (folder / "companion.sqlite3").read_bytes() == before
