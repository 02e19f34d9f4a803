"""ALSFRS-R without Qt: the questions, scoring, validation, slope, storage, service and command line."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import cli, i18n
from companion.core import alsfrs as scale
from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, AlsfrsRating, Item5
from companion.services import PatientRecords
from companion.store import revisions
from companion.store.alsfrs import AlsfrsRepository
from companion.store.database import DB_FILENAME
from companion.store.opening import open_store

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 15)
FULL = (4,) * 12


def rating(day: dt.date, scores=FULL, **kw) -> AlsfrsRating:
    return AlsfrsRating(rated_on=day, scores=tuple(scores), **kw)


def with_total(day: dt.date, total: int) -> AlsfrsRating:
    """A rating on ``day`` whose total is ``total`` (points taken off from item 12 backwards)."""
    scores = [4] * 12
    missing = 48 - total
    for i in reversed(range(12)):
        take = min(4, missing)
        scores[i] -= take
        missing -= take
    return rating(day, scores)


@pytest.fixture
def records(data_dir):
    r = PatientRecords.open(data_dir, today=lambda: TODAY)
    yield r
    r.close()


# --- the questions -------------------------------------------------------------------------------


def test_twelve_items_each_with_a_question_and_five_plain_answers():
    for item5 in Item5:
        items = scale.items(item5)
        assert [i.number for i in items] == list(range(1, 13))
        for item in items:
            assert item.title() and item.question().endswith("?")
            answers = [item.answer(score) for score in scale.SCORES]
            assert len(set(answers)) == 5, item.key
            assert all(a.endswith(".") for a in answers), item.key
            # plain, short sentences: nothing a tired reader has to wade through
            assert all(len(a) <= 100 for a in answers), item.key


def test_item_5_has_two_forms():
    cutting = scale.item(5, Item5.CUTTING_FOOD)
    tube = scale.item(5, Item5.GASTROSTOMY)
    assert (cutting.key, tube.key) == ("5a", "5b")
    assert "cut" in cutting.question().lower()
    assert "feeding tube" in tube.question().lower()
    assert cutting.answer(0) != tube.answer(0)
    assert scale.items(Item5.GASTROSTOMY)[4] is tube
    assert scale.items()[4] is cutting


def test_domains_cover_every_item_once():
    numbers = sorted(n for items in scale.DOMAIN_ITEMS.values() for n in items)
    assert numbers == list(range(1, 13))
    assert scale.DOMAIN_ITEMS[scale.Domain.BULBAR] == (1, 2, 3)
    assert scale.DOMAIN_ITEMS[scale.Domain.FINE_MOTOR] == (4, 5, 6)
    assert scale.DOMAIN_ITEMS[scale.Domain.GROSS_MOTOR] == (7, 8, 9)
    assert scale.DOMAIN_ITEMS[scale.Domain.RESPIRATORY] == (10, 11, 12)


# --- scoring -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "bulbar", "fine", "gross", "respiratory"),
    [
        (FULL, 48, 12, 12, 12, 12),
        ((0,) * 12, 0, 0, 0, 0, 0),
        ((4, 3, 2, 1, 0, 4, 3, 2, 1, 0, 4, 3), 27, 9, 5, 6, 7),
        ((1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4), 30, 3, 6, 9, 12),
        ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0), 44, 12, 12, 12, 8),
        ((0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 44, 8, 12, 12, 12),
    ],
)
def test_totals_and_subscores(scores, total, bulbar, fine, gross, respiratory):
    assert scale.total(scores) == total
    assert scale.subscores(scores) == {
        scale.Domain.BULBAR: bulbar,
        scale.Domain.FINE_MOTOR: fine,
        scale.Domain.GROSS_MOTOR: gross,
        scale.Domain.RESPIRATORY: respiratory,
    }
    assert scale.subscore(scores, scale.Domain.RESPIRATORY) == respiratory


score_vectors = st.lists(st.integers(0, 4), min_size=12, max_size=12)


@given(score_vectors)
def test_total_is_the_sum_of_the_four_subscores(scores):
    sub = scale.subscores(scores)
    assert scale.total(scores) == sum(scores) == sum(sub.values())
    assert 0 <= scale.total(scores) <= 48
    for domain, items in scale.DOMAIN_ITEMS.items():
        assert sub[domain] == sum(scores[n - 1] for n in items)
        assert 0 <= sub[domain] <= 12


@given(score_vectors, st.sampled_from(list(Item5)))
def test_item_5_form_does_not_change_the_arithmetic(scores, item5):
    r = scale.validate_rating(rating(TODAY, scores, item5=item5), TODAY)
    assert r.item5 is item5
    assert scale.total(r.scores) == sum(scores)
    assert scale.subscore(r.scores, scale.Domain.FINE_MOTOR) == sum(scores[3:6])


def test_answered_total_counts_only_answers_given():
    assert scale.answered_total([None] * 12) == 0
    assert scale.answered_total([4, None, 3] + [None] * 9) == 7


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "words"),
    [
        ((4,) * 11, "11 were given"),
        ((4,) * 13, "13 were given"),
        ((), "0 were given"),
        ((4,) * 11 + (5,), "Score 12 is “5”"),
        ((-1,) + (4,) * 11, "Score 1 is “-1”"),
        ((4, 4, 2.5) + (4,) * 9, "Score 3 is “2.5”"),
        ((4, True) + (4,) * 10, "Score 2"),
        ((4, 4, 4, "4") + (4,) * 8, "Score 4"),
    ],
)
def test_scores_are_refused_with_a_clear_message(scores, words):
    with pytest.raises(InvalidInput) as refused:
        scale.check_scores(scores)
    assert words in str(refused.value)


def test_one_score_given_is_singular():
    with pytest.raises(InvalidInput, match="1 was given"):
        scale.check_scores((4,))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("4,4,4", "3 were given"),
        ("", "0 were given"),
        ("4,4,4,4,4,4,4,4,4,4,4,4,4", "13 were given"),
        ("4,4,4,4,4,4,4,4,4,4,4,5", "Score 12 is “5”"),
        ("4,4,4,4,4,4,4,4,4,4,4,-1", "Score 12 is “-1”"),
        ("4,4,4,4,4,4,4,4,4,4,4,3.0", "Score 12 is “3.0”"),
        ("4,4,4,4,4,4,4,4,4,4,4,x", "Score 12 is “x”"),
        ("4,4,,4,4,4,4,4,4,4,4,4", "Score 3 is “”"),
        ("4;4;4;4;4;4;4;4;4;4;4;4", "separated by commas"),
    ],
)
def test_typed_scores_are_refused(text, words):
    with pytest.raises(InvalidInput) as refused:
        scale.parse_scores(text)
    assert words in str(refused.value)


def test_typed_scores_allow_spaces():
    assert scale.parse_scores(" 4, 3 ,2,1,0,4,3,2,1,0,4,4 ") == (4, 3, 2, 1, 0, 4, 3, 2, 1, 0, 4, 4)


def test_a_rating_in_the_future_is_refused_and_today_is_fine():
    with pytest.raises(InvalidInput, match="June 16, 2026 is in the future"):
        scale.validate_rating(rating(TODAY + dt.timedelta(days=1)), TODAY)
    assert scale.validate_rating(rating(TODAY), TODAY).rated_on == TODAY


def test_validation_cleans_the_author_and_refuses_an_unknown_item5_form():
    assert scale.validate_rating(rating(TODAY, rated_by="  "), TODAY).rated_by == PATIENT
    assert scale.validate_rating(rating(TODAY, rated_by=" Maria "), TODAY).rated_by == "Maria"
    with pytest.raises(InvalidInput, match="5a"):
        scale.validate_rating(rating(TODAY, item5="5c"), TODAY)  # type: ignore[arg-type]


def test_unanswered_questions_are_named():
    answers = [4] * 12
    answers[3] = None
    answers[6] = None
    with pytest.raises(InvalidInput) as refused:
        scale.check_answered(answers)
    assert "Not answered yet: 4 Handwriting, 7 Turning in bed." in str(refused.value)
    answers = [4] * 11 + [None]
    with pytest.raises(InvalidInput, match="12 Breathing support"):
        scale.check_answered(answers)
    assert scale.check_answered([3] * 12) == (3,) * 12


# --- slope --------------------------------------------------------------------------------------


def test_a_perfect_line_of_minus_one_point_per_month_gives_minus_one():
    # 25 points over 761 days is exactly 1 point per 30.44 days (761 = 25 × 30.44).
    start = dt.date(2024, 1, 1)
    ratings = [
        with_total(start, 48),
        with_total(start + dt.timedelta(days=761), 23),
        with_total(start + dt.timedelta(days=761), 23),
    ]
    assert scale.slope_per_month(ratings) == pytest.approx(-1.0, abs=1e-12)


def test_slope_on_a_steady_weekly_decline():
    start = dt.date(2026, 1, 1)
    # one point every 28 days: 30.44 / 28 points per month, exactly on the line
    ratings = [with_total(start + dt.timedelta(days=28 * k), 46 - k) for k in range(6)]
    assert scale.slope_per_month(ratings) == pytest.approx(-30.44 / 28, rel=1e-12)


def test_slope_is_zero_when_nothing_changes_and_positive_when_totals_rise():
    start = dt.date(2026, 1, 1)
    flat = [with_total(start + dt.timedelta(days=30 * k), 40) for k in range(3)]
    assert scale.slope_per_month(flat) == 0.0
    rising = [with_total(start + dt.timedelta(days=30 * k), 40 + k) for k in range(3)]
    assert scale.slope_per_month(rising) == pytest.approx(30.44 / 30)


def test_not_enough_data():
    start = dt.date(2026, 1, 1)
    assert scale.slope_per_month([]) is None
    assert scale.slope_per_month([with_total(start, 40)]) is None
    two = [with_total(start, 40), with_total(start + dt.timedelta(days=200), 30)]
    assert scale.slope_per_month(two) is None, "two ratings are not enough, however far apart"
    three_55 = [with_total(start + dt.timedelta(days=d), t) for d, t in ((0, 40), (30, 39), (55, 38))]
    assert scale.slope_per_month(three_55) is None, "55 days is under eight weeks"
    three_56 = [with_total(start + dt.timedelta(days=d), t) for d, t in ((0, 40), (28, 39), (56, 38))]
    assert scale.slope_per_month(three_56) == pytest.approx(-30.44 / 28)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 48)), min_size=3, max_size=40).filter(
        lambda pts: max(d for d, _ in pts) - min(d for d, _ in pts) >= 56
    )
)
def test_slope_matches_ordinary_least_squares(points):
    start = dt.date(2015, 1, 1)
    ratings = [with_total(start + dt.timedelta(days=d), t) for d, t in points]
    expected = statistics.linear_regression([float(d) for d, _ in points], [float(t) for _, t in points])
    assert scale.slope_per_month(ratings) == pytest.approx(expected.slope * 30.44, rel=1e-9, abs=1e-9)
    # the order the ratings come in does not matter
    assert scale.slope_per_month(list(reversed(ratings))) == pytest.approx(scale.slope_per_month(ratings))


def test_slope_text():
    assert scale.slope_text(-0.84) == "\u22120.8 points per month"
    assert scale.slope_text(-1.02) == "\u22121 point per month"
    assert scale.slope_text(0.26) == "+0.3 points per month"
    assert scale.slope_text(-0.04) == "0 points per month", "no “−0”"
    assert scale.slope_text(0.0) == "0 points per month"
    i18n.set_language("de")
    assert "0,8" in scale.slope_text(-0.8), "numbers in the user's language"
    assert scale.not_enough_data_text()


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 6, 15), 6, dt.date(2025, 12, 15)),
        (dt.date(2026, 6, 15), 12, dt.date(2025, 6, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2024, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 31), 1, dt.date(2025, 12, 31)),
        (dt.date(2026, 3, 1), 12, dt.date(2025, 3, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert scale.months_before(day, months) == expected


def test_period_start_and_filter():
    assert scale.period_start(scale.Period.LAST_6_MONTHS, TODAY) == dt.date(2025, 12, 15)
    assert scale.period_start(scale.Period.LAST_12_MONTHS, TODAY) == dt.date(2025, 6, 15)
    assert scale.period_start(scale.Period.ALL, TODAY) is None
    days = [dt.date(2025, 6, 14), dt.date(2025, 6, 15), dt.date(2026, 1, 1), dt.date(2026, 6, 15)]
    ratings = [rating(d) for d in reversed(days)]
    assert [r.rated_on for r in scale.in_period(ratings, dt.date(2025, 6, 15), TODAY)] == days[1:]
    assert [r.rated_on for r in scale.in_period(ratings)] == days
    assert [r.rated_on for r in scale.in_period(ratings, end=dt.date(2025, 6, 15))] == days[:2]


def test_summary_text_describes_the_data_without_judging_it():
    start = dt.date(2026, 1, 5)
    ratings = [with_total(start, 44), with_total(start + dt.timedelta(days=60), 41)]
    text = scale.summary_text(ratings, dose_count=2)
    assert "2 ratings, from January 5, 2026 to March 6, 2026." in text
    assert "Latest total: 41 of 48, on March 6, 2026." in text
    assert "Highest total: 44. Lowest total: 41." in text
    assert "2 doses given in this period are marked." in text
    assert scale.summary_text([]) == "No ALSFRS-R rating in this period."
    for word in ("typical", "expected", "average", "prognosis", "faster", "slower"):
        assert word not in text.lower()


# --- store --------------------------------------------------------------------------------------


def test_ratings_round_trip_through_the_file(data_dir):
    note = "Müde nach dem Spaziergang — 疲れた 🙂\nzweite Zeile"
    first = rating(dt.date(2026, 5, 1), (4, 3, 2, 1, 0, 4, 3, 2, 1, 0, 4, 3), item5=Item5.GASTROSTOMY)
    second = rating(dt.date(2026, 3, 1), rated_by="José García", note=note)
    with open_store(data_dir) as store:
        repo = AlsfrsRepository(store)
        repo.add(first)
        repo.add(second)
    with open_store(data_dir) as store:
        saved = AlsfrsRepository(store).ratings()
    assert saved == [second, first], "oldest first, every field exactly as given"
    assert saved[0].note == note


def test_store_period_filter_is_inclusive(data_dir):
    days = [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    with open_store(data_dir) as store:
        repo = AlsfrsRepository(store)
        for d in days:
            repo.add(rating(d))
        assert [r.rated_on for r in repo.ratings(dt.date(2026, 2, 1), dt.date(2026, 3, 1))] == days[1:]
        assert [r.rated_on for r in repo.ratings(end=dt.date(2026, 2, 1))] == days[:2]
        assert [r.rated_on for r in repo.ratings(start=dt.date(2026, 3, 2))] == []


# --- service ------------------------------------------------------------------------------------


def test_add_edit_keeps_the_previous_version(records, data_dir):
    r = records.alsfrs.add(rating(dt.date(2026, 6, 1), note="first"))
    changed = records.alsfrs.edit(
        AlsfrsRating(rated_on=dt.date(2026, 6, 2), scores=(3,) * 12, note="second", id=r.id)
    )
    assert records.alsfrs.ratings() == [changed]
    history = revisions.of(records.store, r.id)
    assert history[-1]["action"] == "update"
    assert history[-1]["old"]["note"] == "first"
    assert history[-1]["old"]["rated_on"] == "2026-06-01"
    assert [history[-1]["old"][f"item{n}"] for n in range(1, 13)] == [4] * 12


def test_soft_delete_and_restore(records):
    kept = records.alsfrs.add(rating(dt.date(2026, 5, 1)))
    gone = records.alsfrs.add(rating(dt.date(2026, 6, 1), (3,) * 12))
    records.alsfrs.delete(gone.id)
    assert records.alsfrs.ratings() == [kept]
    assert records.alsfrs.rating(gone.id) == gone, "a deleted rating is kept"
    [item] = records.alsfrs.deleted_items()
    assert item.description == "ALSFRS-R rating of June 1, 2026, total 36 of 48"
    assert item.deleted_at.tzinfo is not None
    item.restore()
    assert records.alsfrs.ratings() == [kept, gone]
    assert records.alsfrs.deleted_items() == []
    item.delete()
    assert records.alsfrs.ratings() == [kept]
    actions = [rev["action"] for rev in revisions.of(records.store, gone.id)]
    assert actions == ["delete", "restore", "delete"]


def test_adding_a_deleted_rating_again_brings_it_back(records):
    """Redo of an undone "add" runs add again with the same rating."""
    r = records.alsfrs.add(rating(dt.date(2026, 6, 1)))
    records.alsfrs.delete(r.id)
    records.alsfrs.add(r)
    assert records.alsfrs.ratings() == [r]
    assert records.alsfrs.deleted_items() == []


def test_the_service_refuses_and_writes_nothing(records):
    with pytest.raises(InvalidInput):
        records.alsfrs.add(rating(TODAY + dt.timedelta(days=1)))
    with pytest.raises(InvalidInput):
        records.alsfrs.add(rating(TODAY, (4,) * 11 + (7,)))
    assert records.alsfrs.ratings() == []


def test_service_slope_and_trend_by_period(records):
    # Older ratings fall steeply; the last six months are flat.
    for day, total in (
        (dt.date(2025, 1, 10), 46),
        (dt.date(2025, 4, 10), 40),
        (dt.date(2025, 8, 10), 36),
        (dt.date(2026, 1, 10), 35),
        (dt.date(2026, 3, 10), 35),
        (dt.date(2026, 6, 10), 35),
    ):
        records.alsfrs.add(with_total(day, total))
    assert records.alsfrs.slope() < 0
    assert records.alsfrs.slope(dt.date(2026, 1, 1), TODAY) == 0.0
    assert records.alsfrs.slope(dt.date(2026, 3, 1), TODAY) is None, "two ratings only"
    six = records.alsfrs.trend(scale.Period.LAST_6_MONTHS)
    assert six.start == dt.date(2025, 12, 15)
    assert [r.rated_on.month for r in six.ratings] == [1, 3, 6]
    assert six.slope == 0.0
    everything = records.alsfrs.trend(scale.Period.ALL)
    assert len(everything.ratings) == 6 and everything.start is None
    assert everything.slope == pytest.approx(records.alsfrs.slope())


def test_default_item5_follows_the_latest_rating(records):
    assert records.alsfrs.default_item5() is Item5.CUTTING_FOOD
    records.alsfrs.add(rating(dt.date(2026, 6, 1), item5=Item5.GASTROSTOMY))
    assert records.alsfrs.default_item5() is Item5.GASTROSTOMY


# --- command line -------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    """``companion [--data-dir DIR] alsfrs …`` through the command line's own entry."""
    return cli.main(argv)


def test_cli_add_and_list_json(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    folder = ["--data-dir", str(data_dir)]
    assert run_cli([*folder, "alsfrs", "add", "2026-06-01", "--scores", "4,4,3,3,2,2,1,1,0,0,4,4"]) == 0
    assert "total 28 of 48" in capsys.readouterr().out
    assert (
        run_cli(
            [
                *folder,
                "alsfrs",
                "add",
                "2026-03-01",
                "--scores",
                "4,4,4,4,4,4,4,4,4,4,4,4",
                "--feeding-tube",
                "--by",
                "Maria",
                "--note",
                "Ça va — 好",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run_cli(["alsfrs", "list", "--json", *folder]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "date": "2026-03-01",
            "scores": [4] * 12,
            "item5": "5b",
            "total": 48,
            "bulbar": 12,
            "fine_motor": 12,
            "gross_motor": 12,
            "respiratory": 12,
        },
        {
            "date": "2026-06-01",
            "scores": [4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 4, 4],
            "item5": "5a",
            "total": 28,
            "bulbar": 11,
            "fine_motor": 7,
            "gross_motor": 2,
            "respiratory": 8,
        },
    ]
    with open_store(data_dir) as store:
        first = AlsfrsRepository(store).ratings()[0]
    assert (first.rated_by, first.note) == ("Maria", "Ça va — 好")
    assert run_cli([*folder, "alsfrs", "list"]) == 0
    text = capsys.readouterr().out
    assert "March 1, 2026: total 48 of 48" in text and "rated by Maria" in text
    assert "rated by the patient" in text


def test_cli_list_of_an_empty_folder(tmp_path, capsys):
    assert run_cli(["--data-dir", str(tmp_path / "nobody"), "alsfrs", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not (tmp_path / "nobody").exists(), "listing creates nothing"


@pytest.mark.parametrize(
    ("date", "scores", "words"),
    [
        ("2026-06-01", "4,4,4,4,4,4,4,4,4,4,4", "12 scores"),
        ("2026-06-01", "4,4,4,4,4,4,4,4,4,4,4,4,4", "12 scores"),
        ("2026-06-01", "4,4,4,4,4,4,4,4,4,4,4,5", "from 0 to 4"),
        ("2026-06-01", "4,4,4,4,4,4,4,4,4,4,4,2.5", "whole number"),
        ("2026-06-01", "4,4,4,4,4,4,4,4,4,4,4,four", "whole number"),
        ("2026-6-1", "4,4,4,4,4,4,4,4,4,4,4,4", "not a date"),
        ("2026-02-30", "4,4,4,4,4,4,4,4,4,4,4,4", "not a real calendar date"),
        ("2026-06-16", "4,4,4,4,4,4,4,4,4,4,4,4", "in the future"),
    ],
)
def test_cli_refusals_write_nothing(data_dir, monkeypatch, capsys, date, scores, words):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    assert run_cli(["--data-dir", str(data_dir), "alsfrs", "add", date, "--scores", scores]) == 2
    message = capsys.readouterr().err
    assert words in message
    assert message.count("\n") == 1, "one line"
    assert not (data_dir / DB_FILENAME).exists(), "refused before anything was opened"


def test_cli_refusal_leaves_existing_data_alone(data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    assert (
        run_cli(["--data-dir", str(data_dir), "alsfrs", "add", "2026-06-01", "--scores", "4," * 11 + "4"])
        == 0
    )
    assert (
        run_cli(["--data-dir", str(data_dir), "alsfrs", "add", "2026-06-02", "--scores", "4," * 11 + "9"])
        == 2
    )
    with open_store(data_dir) as store:
        assert len(AlsfrsRepository(store).ratings()) == 1


def test_cli_missing_scores_is_a_usage_error(data_dir, capsys):
    assert run_cli(["--data-dir", str(data_dir), "alsfrs", "add", "2026-06-01"]) == 2
    assert "--scores" in capsys.readouterr().err
