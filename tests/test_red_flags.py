"""Diary rules: red flags, the 48-hour window, banners, check-ins, days after a dose.

Judged against the specification (design.md §3 and §5, label-facts.md §2, issue 3), not against
the code: every expected value here is written out from the text of the specification — the
threshold tables below and ``spec_rules`` — and never read from ``companion.core.red_flags.RULES``.
Severities: 1 mild, 2 moderate, 3 severe. No Qt here: core, store and service on a real temporary
SQLite folder.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core import red_flags, texts
from companion.core.diary import (
    DiaryFilter,
    days_after_dose,
    parse_datetime,
    validate_entry,
)
from companion.core.errors import InvalidInput
from companion.core.models import DiaryEntry, DoseRecord
from companion.core.symptoms import GROUPS, parse_symptom_argument, validate_symptoms
from companion.services import PatientRecords
from companion.services.diary import DiaryService

# --- the specification, written out (design.md §5) ---------------------------------------------

MYELITIS = "myelitis_radiculitis"
PRESSURE = "intracranial_pressure"
MENINGITIS = "aseptic_meningitis"
BREATHING = "urgent_breathing"
ALL_RULES = {MYELITIS, PRESSURE, MENINGITIS, BREATHING}

AFTER_INJECTION = {"headache", "back_pain", "injection_site_pain", "nausea_vomiting", "fever"}
WARNING_SIGNS = {
    "stiff_neck",
    "vision_changes",
    "confusion",
    "numbness_tingling",
    "radiating_pain",
    "sudden_weakness",
    "bladder_bowel_control",
}
ALS_COURSE = {
    "weakness",
    "muscle_cramps",
    "muscle_stiffness",
    "twitching",
    "limb_pain",
    "joint_pain",
    "muscle_pain",
    "fatigue",
    "breathing_difficulty",
    "swallowing_difficulty",
    "speech_difficulty",
    "choking",
    "fall",
    "sleep_problems",
    "low_mood",
}
OTHER = {"other"}
ALL_CODES = AFTER_INJECTION | WARNING_SIGNS | ALS_COURSE | OTHER

# One symptom alone raises its rule from this severity on, and nothing below it.
#   myelitis_radiculitis: numbness_tingling, radiating_pain or sudden_weakness (any severity);
#                         bladder_bowel_control moderate or worse
#   intracranial_pressure: vision_changes or confusion (any); nausea_vomiting severe
#   aseptic_meningitis: fever moderate or worse; stiff_neck moderate or worse
#   urgent_breathing: breathing_difficulty or choking rated severe
SINGLE_THRESHOLDS = [
    (MYELITIS, "numbness_tingling", 1),
    (MYELITIS, "radiating_pain", 1),
    (MYELITIS, "sudden_weakness", 1),
    (MYELITIS, "bladder_bowel_control", 2),
    (PRESSURE, "vision_changes", 1),
    (PRESSURE, "confusion", 1),
    (PRESSURE, "nausea_vomiting", 3),
    (MENINGITIS, "fever", 2),
    (MENINGITIS, "stiff_neck", 2),
    (BREATHING, "breathing_difficulty", 3),
    (BREATHING, "choking", 3),
]
SINGLE_CASES = [
    pytest.param(rule, code, severity, {rule} if severity >= threshold else set(), id=f"{code}={severity}")
    for rule, code, threshold in SINGLE_THRESHOLDS
    for severity in (1, 2, 3)
]


def _pair_expectation(a: str, sa: int, b: str, sb: int) -> set[str]:
    """Two symptoms together, straight from the sentences of design.md §5."""
    pair = {a: sa, b: sb}
    if set(pair) == {"headache", "nausea_vomiting"}:
        # "nausea_vomiting severe; headache severe together with nausea_vomiting"
        return {PRESSURE} if pair["headache"] == 3 or pair["nausea_vomiting"] == 3 else set()
    if set(pair) in ({"fever", "headache"}, {"fever", "stiff_neck"}):
        # "fever with headache or stiff_neck (any)"
        return {MENINGITIS}
    if set(pair) == {"headache", "stiff_neck"}:
        # no fever: only "stiff_neck moderate or worse"; headache is an ordinary symptom
        return {MENINGITIS} if pair["stiff_neck"] >= 2 else set()
    raise AssertionError(pair)


PAIR_CASES = [
    pytest.param(a, sa, b, sb, _pair_expectation(a, sa, b, sb), id=f"{a}={sa}+{b}={sb}")
    for a, b in (
        ("headache", "nausea_vomiting"),
        ("fever", "headache"),
        ("fever", "stiff_neck"),
        ("headache", "stiff_neck"),
    )
    for sa, sb in itertools.product((1, 2, 3), repeat=2)
]


def spec_rules(c: dict[str, int]) -> set[str]:
    """The rules a set of (combined) symptoms raises, written from the text of design.md §5."""
    s = lambda code: c.get(code, 0)  # noqa: E731
    raised = set()
    if (
        s("numbness_tingling")
        or s("radiating_pain")
        or s("sudden_weakness")
        or s("bladder_bowel_control") >= 2
    ):
        raised.add(MYELITIS)
    if s("vision_changes") or s("confusion") or s("nausea_vomiting") == 3:
        raised.add(PRESSURE)
    if s("headache") == 3 and s("nausea_vomiting"):
        raised.add(PRESSURE)
    if s("fever") >= 2 or (s("fever") and (s("headache") or s("stiff_neck"))) or s("stiff_neck") >= 2:
        raised.add(MENINGITIS)
    if s("breathing_difficulty") == 3 or s("choking") == 3:
        raised.add(BREATHING)
    return raised


def spec_flags(entries: list[DiaryEntry]) -> dict[str, set[str]]:
    """Each entry judged with the entries of the 48 hours before it (by instant), worst severity."""
    result = {}
    for e in entries:
        window = [o for o in entries if e.at - dt.timedelta(hours=48) <= o.at <= e.at]
        combined: dict[str, int] = {}
        for o in window:
            for code, sev in o.symptoms.items():
                combined[code] = max(sev, combined.get(code, 0))
        result[e.id] = spec_rules(combined)
    return result


# --- helpers ------------------------------------------------------------------------------------


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def entry(when: str | dt.datetime, **symptoms: int) -> DiaryEntry:
    return DiaryEntry(at=at(when) if isinstance(when, str) else when, symptoms=symptoms)


def raised(e: DiaryEntry, others: list[DiaryEntry] | None = None) -> set[str]:
    return {rule.code for rule in red_flags.rules_raised(e, others or [])}


def flags(entries: list[DiaryEntry]) -> dict[str, set[str]]:
    return {k: set(v) for k, v in red_flags.flags_by_entry(entries).items()}


class Clock:
    """A 'today' the test can move."""

    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.date(2026, 6, 15))


@pytest.fixture
def records(data_dir, clock):
    opened = PatientRecords.open(data_dir, today=clock)
    yield opened
    opened.close()


def service(records: PatientRecords, clock: Clock, now: str) -> DiaryService:
    """The diary service with a fixed 'now' (for the urgent-breathing wording)."""
    return DiaryService(records.store, clock, records.store.doses, now=lambda: at(now))


def banner_codes(diary: DiaryService) -> list[tuple[str, str]]:
    return sorted((b.entry.id, b.rule.code) for b in diary.banners())


def info_flags(diary: DiaryService, e: DiaryEntry) -> set[str]:
    return set(diary.with_info([e])[e.id].flags)


# --- the catalogue ------------------------------------------------------------------------------


def test_catalogue_has_the_codes_of_the_spec_in_their_groups():
    groups = [{s.code for s in g.symptoms} for g in GROUPS]
    assert groups == [AFTER_INJECTION, WARNING_SIGNS, ALS_COURSE, OTHER]


@pytest.mark.parametrize("severity", [0, 4, -1, 2.5, "2", True, None])
def test_validate_symptoms_refuses_severities_outside_1_to_3(severity):
    with pytest.raises(InvalidInput):
        validate_symptoms({"headache": severity})


def test_validate_symptoms_refuses_unknown_codes_and_accepts_every_code_at_1_to_3():
    with pytest.raises(InvalidInput):
        validate_symptoms({"migraine": 2})
    for severity in (1, 2, 3):
        assert validate_symptoms(dict.fromkeys(ALL_CODES, severity)) == dict.fromkeys(ALL_CODES, severity)


@pytest.mark.parametrize(
    "text",
    [
        "headache",
        "headache=",
        "=2",
        "headache=0",
        "headache=4",
        "headache=-1",
        "headache=x",
        "headache=2.5",
        "nosuch=2",
        "",
        "headache:2",
    ],
)
def test_parse_symptom_argument_refuses(text):
    with pytest.raises(InvalidInput):
        parse_symptom_argument(text)


def test_parse_symptom_argument_accepts_code_equals_severity():
    for code in sorted(ALL_CODES):
        for severity in (1, 2, 3):
            assert parse_symptom_argument(f"{code}={severity}") == (code, severity)


# --- each rule at its threshold and not below (one entry) ---------------------------------------


@pytest.mark.parametrize(("rule", "code", "severity", "expected"), SINGLE_CASES)
def test_one_symptom_fires_its_rule_at_its_threshold_and_not_below(rule, code, severity, expected):
    e = entry("2026-06-10T09:00+02:00", **{code: severity})
    assert raised(e) == expected
    assert flags([e]) == {e.id: expected}


@pytest.mark.parametrize(("a", "sa", "b", "sb", "expected"), PAIR_CASES)
def test_two_symptoms_together_in_one_entry(a, sa, b, sb, expected):
    e = entry("2026-06-10T09:00+02:00", **{a: sa, b: sb})
    assert raised(e) == expected
    assert flags([e]) == {e.id: expected}


@pytest.mark.parametrize(("a", "sa", "b", "sb", "expected"), PAIR_CASES)
def test_two_symptoms_split_over_two_quick_entries_combine_in_the_later_one(a, sa, b, sb, expected):
    """'symptoms split over two quick entries still combine' — in the later one only."""
    first = entry("2026-06-10T09:00+02:00", **{a: sa})
    second = entry("2026-06-10T10:30+02:00", **{b: sb})
    assert raised(second, [first]) == expected
    assert raised(first, [second]) == spec_rules({a: sa}), "an entry after it does not count for it"
    assert flags([second, first]) == {first.id: spec_rules({a: sa}), second.id: expected}


def test_headache_severe_alone_raises_nothing_it_needs_nausea():
    assert raised(entry("2026-06-10T09:00+02:00", headache=3)) == set()
    assert raised(entry("2026-06-10T09:00+02:00", headache=3, nausea_vomiting=1)) == {PRESSURE}


# --- ordinary symptoms raise none ----------------------------------------------------------------

# "Ordinary symptoms raise none: headache or back pain after an injection, weakness, cramps, fatigue"
# and the rest of the ordinary course of ALS, at any severity.
ORDINARY_ANY_SEVERITY = sorted(
    {"headache", "back_pain", "injection_site_pain", "other"}
    | (ALS_COURSE - {"breathing_difficulty", "choking"})
)
# Symptoms that are ordinary below the rule's threshold (alone).
ORDINARY_UP_TO = {
    "breathing_difficulty": 2,
    "choking": 2,
    "bladder_bowel_control": 1,
    "nausea_vomiting": 2,
    "fever": 1,
    "stiff_neck": 1,
}


@pytest.mark.parametrize(
    ("code", "severity"),
    [(c, s) for c in ORDINARY_ANY_SEVERITY for s in (1, 2, 3)]
    + [(c, s) for c, top in ORDINARY_UP_TO.items() for s in range(1, top + 1)],
)
def test_ordinary_symptom_alone_raises_nothing(code, severity):
    assert raised(entry("2026-06-10T09:00+02:00", **{code: severity})) == set()


def _without_combinations_the_spec_flags(symptoms: dict[str, int]) -> dict[str, int]:
    """Drop the combinations design.md §5 names: fever with headache or stiff_neck; headache
    severe with nausea_vomiting."""
    symptoms = dict(symptoms)
    if "fever" in symptoms:
        symptoms.pop("headache", None)
        symptoms.pop("stiff_neck", None)
    if symptoms.get("headache") == 3:
        symptoms.pop("nausea_vomiting", None)
    return symptoms


ordinary_symptoms = st.dictionaries(
    st.sampled_from(ORDINARY_ANY_SEVERITY + sorted(ORDINARY_UP_TO)),
    st.integers(1, 3),
).map(
    lambda d: _without_combinations_the_spec_flags(
        {c: min(s, ORDINARY_UP_TO.get(c, 3)) for c, s in d.items()}
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    symptoms=ordinary_symptoms,
    split=st.lists(st.integers(0, 2), min_size=40, max_size=40),
    minutes=st.lists(st.integers(0, 47 * 60), min_size=3, max_size=3, unique=True),
)
def test_only_ordinary_symptoms_never_raise_a_flag_even_split_over_48_hours(symptoms, split, minutes):
    start = at("2026-06-08T08:00+02:00")
    parts: list[dict[str, int]] = [{}, {}, {}]
    for i, (code, sev) in enumerate(sorted(symptoms.items())):
        parts[split[i]][code] = sev
    entries = [
        DiaryEntry(at=start + dt.timedelta(minutes=m), symptoms=p)
        for m, p in zip(minutes, parts, strict=True)
    ]
    assert spec_rules(symptoms) == set()  # the generator itself keeps to the spec
    assert raised(DiaryEntry(at=start, symptoms=symptoms)) == set(), symptoms
    assert all(not v for v in flags(entries).values()), entries
    for e in entries:
        assert raised(e, entries) == set(), entries


# --- the 48-hour window ---------------------------------------------------------------------------

# The earlier entry: 09:00 at +02:00 on 10 June is 07:00 UTC.
EARLIER = "2026-06-10T09:00+02:00"


@pytest.mark.parametrize(
    ("later", "combine"),
    [
        pytest.param("2026-06-10T10:00+02:00", True, id="1h"),
        pytest.param("2026-06-12T07:00+00:00", True, id="exactly-48h-utc"),
        pytest.param("2026-06-12T09:00+02:00", True, id="exactly-48h-same-offset"),
        pytest.param("2026-06-12T03:00-04:00", True, id="exactly-48h-at-minus-4"),
        pytest.param("2026-06-12T12:30+05:30", True, id="exactly-48h-at-plus-5:30"),
        pytest.param("2026-06-12T08:59+02:00", True, id="47h59m"),
        pytest.param("2026-06-12T08:30+02:00", True, id="47h30m"),
        pytest.param("2026-06-12T09:01+02:00", False, id="48h01m-same-offset"),
        pytest.param("2026-06-12T08:01+01:00", False, id="48h01m-at-plus-1"),
        pytest.param("2026-06-12T07:01+00:00", False, id="48h01m-utc"),
        # 07:30 on the clock is before 09:00, but at +00:00 it is 48.5 hours later.
        pytest.param("2026-06-12T07:30+00:00", False, id="48h30m-earlier-wall-clock"),
        pytest.param("2026-06-13T09:00+02:00", False, id="72h"),
    ],
)
@pytest.mark.parametrize(
    ("first", "second", "rule"),
    [
        pytest.param({"fever": 1}, {"headache": 1}, MENINGITIS, id="fever-then-headache"),
        pytest.param({"stiff_neck": 1}, {"fever": 1}, MENINGITIS, id="stiff-neck-then-fever"),
        pytest.param({"headache": 3}, {"nausea_vomiting": 1}, PRESSURE, id="severe-headache-then-nausea"),
        pytest.param({"nausea_vomiting": 2}, {"headache": 3}, PRESSURE, id="nausea-then-severe-headache"),
        pytest.param({"nausea_vomiting": 3}, {"nausea_vomiting": 1}, PRESSURE, id="worst-nausea-carries"),
        pytest.param({"stiff_neck": 2}, {"stiff_neck": 1}, MENINGITIS, id="worst-stiff-neck-carries"),
        pytest.param({"choking": 3}, {}, BREATHING, id="then-as-usual"),
        pytest.param({"sudden_weakness": 1}, {"fatigue": 2}, MYELITIS, id="then-ordinary"),
    ],
)
def test_entries_combine_within_48_hours_by_instant_and_not_beyond(later, combine, first, second, rule):
    a = entry(EARLIER, **first)
    b = entry(later, **second)
    expected = {rule} if combine else set()
    assert raised(b, [a]) == expected
    assert flags([a, b])[b.id] == expected


def test_the_window_looks_back_only_and_is_not_chained():
    """A fever 1 on Monday, nothing notable 30 h later, a headache 50 h after the fever: the headache
    is judged with the 48 hours before it only, and an entry after the fever does not flag it."""
    fever = entry("2026-06-08T08:00+00:00", fever=1)
    middle = entry("2026-06-09T14:00+00:00", fatigue=2)
    headache = entry("2026-06-10T10:00+00:00", headache=1)
    result = flags([headache, middle, fever])
    assert result == {fever.id: set(), middle.id: set(), headache.id: set()}
    assert raised(fever, [middle, headache]) == set()


def test_worst_severity_over_the_window_decides():
    a = entry("2026-06-10T08:00+00:00", nausea_vomiting=3)
    b = entry("2026-06-12T07:00+00:00", nausea_vomiting=1)  # 47 h later
    c = entry("2026-06-12T09:00+00:00", nausea_vomiting=1)  # 49 h after a
    assert flags([a, b, c]) == {a.id: {PRESSURE}, b.id: {PRESSURE}, c.id: set()}


entry_times = st.lists(st.integers(0, 6 * 24 * 60), min_size=1, max_size=6, unique=True)
offsets = st.sampled_from([-300, -240, 0, 60, 120, 330, 840])
vocabulary = sorted(
    {
        "numbness_tingling",
        "radiating_pain",
        "sudden_weakness",
        "bladder_bowel_control",
        "vision_changes",
        "confusion",
        "nausea_vomiting",
        "headache",
        "fever",
        "stiff_neck",
        "breathing_difficulty",
        "choking",
        "fatigue",
        "weakness",
        "back_pain",
    }
)


@settings(max_examples=300, deadline=None)
@given(
    minutes=entry_times,
    data=st.data(),
)
def test_model_every_entry_is_judged_with_the_48_hours_before_it(minutes, data):
    base = dt.datetime(2026, 6, 1, 0, 0, tzinfo=dt.UTC)
    entries = []
    for m in minutes:
        offset = dt.timezone(dt.timedelta(minutes=data.draw(offsets)))
        symptoms = data.draw(st.dictionaries(st.sampled_from(vocabulary), st.integers(1, 3), max_size=3))
        entries.append(DiaryEntry(at=(base + dt.timedelta(minutes=m)).astimezone(offset), symptoms=symptoms))
    expected = spec_flags(entries)
    assert flags(entries) == expected
    for e in entries:
        assert raised(e, entries) == expected[e.id]


# --- rule sources -------------------------------------------------------------------------------

CLINICAL = "clinical practice, not in the label"


def test_the_four_rules_and_nothing_else():
    assert set(red_flags.RULES_BY_CODE) == ALL_RULES


@pytest.mark.parametrize(
    ("rule", "fragments"),
    [
        (MYELITIS, ["US", "5.1"]),
        (PRESSURE, ["US", "5.2"]),
        (MENINGITIS, ["US", "5.3", "EU", "4.4"]),
        (BREATHING, [CLINICAL]),
    ],
)
def test_each_rule_names_its_source(rule, fragments):
    source = red_flags.source_text(red_flags.RULES_BY_CODE[rule])
    for fragment in fragments:
        assert fragment in source, source


def test_bladder_trigger_is_sourced_to_clinical_practice():
    """'bladder_bowel_control moderate or worse (clinical practice)'."""
    rule = red_flags.RULES_BY_CODE[MYELITIS]
    source = red_flags.source_text(rule, {"bladder_bowel_control": 2})
    assert CLINICAL in source and "5.1" in source, source


# --- entry validation, parsing, local dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset_hours", "utc"),
    [
        ("2026-06-10T09:00+02:00", 2, "2026-06-10T07:00:00+00:00"),
        ("2026-06-10T09:00:30-05:00", -5, "2026-06-10T14:00:30+00:00"),
        ("2026-06-10T09:00Z", 0, "2026-06-10T09:00:00+00:00"),
    ],
)
def test_parse_datetime_keeps_the_local_time_and_its_offset(text, offset_hours, utc):
    parsed = parse_datetime(text)
    assert parsed.utcoffset() == dt.timedelta(hours=offset_hours)
    assert parsed.astimezone(dt.UTC).isoformat() == utc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2026-06-10T9:00",
        "2026-13-01T10:00",
        "2026-02-30T10:00",
        "2026-06-10T24:00",
        "2026-06-10T10:60",
        "10/06/2026 09:00",
        "2026-06-10T09:00+25:00",
    ],
)
def test_parse_datetime_refuses_malformed(text):
    with pytest.raises(InvalidInput):
        parse_datetime(text)


def test_future_is_judged_by_the_local_date_of_the_entry():
    today = dt.date(2026, 6, 15)
    with pytest.raises(InvalidInput):
        validate_entry(entry("2026-06-16T00:30+02:00"), today)  # 15 June in UTC, 16 June locally
    # 16 June in UTC, but 15 June where it was written: not in the future.
    assert validate_entry(entry("2026-06-15T23:30-10:00"), today).at == at("2026-06-15T23:30-10:00")


@pytest.mark.parametrize(
    ("day", "doses", "expected"),
    [
        (dt.date(2026, 6, 1), [dt.date(2026, 6, 1)], 0),
        (dt.date(2026, 6, 2), [dt.date(2026, 6, 1)], 1),
        (dt.date(2026, 5, 31), [dt.date(2026, 6, 1)], None),
        (dt.date(2026, 5, 31), [dt.date(2026, 5, 18), dt.date(2026, 6, 1)], 13),
        (dt.date(2026, 6, 29), [dt.date(2026, 5, 18), dt.date(2026, 6, 1)], 28),
        (dt.date(2026, 6, 1), [], None),
    ],
)
def test_days_after_dose_counts_from_the_most_recent_dose_on_or_before(day, doses, expected):
    assert days_after_dose(day, doses) == expected


def test_days_after_dose_by_local_date_in_the_service(records, clock):
    records.record_dose(DoseRecord(given_on=dt.date(2026, 5, 18)))
    records.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    diary = records.diary
    cases = {
        # 00:30 local on the day after the dose is day 1, although it is still 1 June in UTC.
        "2026-06-02T00:30+02:00": 1,
        # 23:30 local on the day of the dose is day 0, although it is already 2 June in UTC.
        "2026-06-01T23:30-05:00": 0,
        "2026-06-01T08:00+00:00": 0,
        "2026-05-31T23:59+00:00": 13,
        "2026-05-17T12:00+00:00": None,
        "2026-06-08T12:00+03:00": 7,
    }
    saved = {text: diary.add(entry(text)) for text in cases}
    info = diary.with_info(list(saved.values()))
    assert {text: info[e.id].days_after_dose for text, e in saved.items()} == cases


def test_entries_are_listed_by_local_date_oldest_first_and_keep_their_offset(records):
    diary = records.diary
    a = diary.add(entry("2026-06-02T00:30+02:00"))  # 1 June 22:30 UTC, local 2 June
    b = diary.add(entry("2026-06-01T23:30-05:00"))  # 2 June 04:30 UTC, local 1 June
    c = diary.add(entry("2026-06-03T12:00+00:00"))
    assert [e.id for e in diary.entries()] == [a.id, b.id, c.id]
    assert [e.id for e in diary.entries(dt.date(2026, 6, 2), dt.date(2026, 6, 2))] == [a.id]
    assert [e.id for e in diary.entries(dt.date(2026, 6, 1), dt.date(2026, 6, 1))] == [b.id]
    assert [e.id for e in diary.entries(dt.date(2026, 6, 2), None)] == [a.id, c.id]
    got = diary.entry(a.id)
    assert got.at == a.at and got.at.utcoffset() == dt.timedelta(hours=2)
    assert got.at.isoformat().startswith("2026-06-02T00:30")
    with pytest.raises(InvalidInput):
        diary.entries(dt.date(2026, 6, 3), dt.date(2026, 6, 1))
    with pytest.raises(InvalidInput):
        DiaryFilter(start=dt.date(2026, 6, 3), end=dt.date(2026, 6, 1)).check()


def test_caregiver_author_and_unicode_note_round_trip(data_dir, clock):
    note = "Kopfweh 头痛 🤕👩🏽‍⚕️\nصداع خفيف\r\nनमस्ते\tcafe\u0301 ✓︎"
    records = PatientRecords.open(data_dir, today=clock)
    try:
        saved = records.diary.add(
            DiaryEntry(at=at("2026-06-10T09:00+02:00"), by="Zoë Ōkubo (daughter)", note=note, symptoms={})
        )
    finally:
        records.close()
    records = PatientRecords.open(data_dir, today=clock)
    try:
        got = records.diary.entry(saved.id)
        assert (got.by, got.note) == ("Zoë Ōkubo (daughter)", note)
        assert [e.by for e in records.diary.entries()] == ["Zoë Ōkubo (daughter)"]
    finally:
        records.close()


@pytest.mark.parametrize(
    "symptoms",
    [
        {"migraine": 2},
        {"headache": 0},
        {"headache": 4},
        {"headache": -1},
        {"headache": 2.5},
        {"headache": "2"},
    ],
)
def test_service_refuses_bad_symptoms_and_writes_nothing(records, symptoms):
    with pytest.raises(InvalidInput):
        records.diary.add(DiaryEntry(at=at("2026-06-10T09:00+02:00"), symptoms=symptoms))
    assert records.diary.count() == 0


# --- red flags through the service (real SQLite) ------------------------------------------------


@pytest.mark.parametrize(("rule", "code", "severity", "expected"), SINGLE_CASES)
def test_service_flags_and_banners_follow_the_thresholds(records, rule, code, severity, expected):
    saved = records.diary.add(entry("2026-06-10T09:00+02:00", **{code: severity}))
    assert info_flags(records.diary, saved) == expected
    assert banner_codes(records.diary) == sorted((saved.id, r) for r in expected)


def test_service_judges_an_entry_with_the_48_hours_before_it_even_outside_the_listed_period(records):
    diary = records.diary
    fever = diary.add(entry("2026-06-10T09:00+02:00", fever=1))
    headache = diary.add(entry("2026-06-12T07:00+00:00", headache=1))  # exactly 48 h later
    late = diary.add(entry("2026-06-12T09:01+02:00", headache=1))  # 48 h 01 min after the fever
    listed = diary.entries(dt.date(2026, 6, 12), dt.date(2026, 6, 12))
    assert [e.id for e in listed] == [headache.id, late.id]
    info = diary.with_info(listed)
    assert set(info[headache.id].flags) == {MENINGITIS}
    assert set(info[late.id].flags) == set()
    assert set(diary.with_info([fever])[fever.id].flags) == set()
    assert banner_codes(diary) == [(headache.id, MENINGITIS)]


def test_flagged_entry_gives_a_banner_until_acknowledged(data_dir, clock):
    records = PatientRecords.open(data_dir, today=clock)
    try:
        flagged = records.diary.add(entry("2026-06-10T09:00+02:00", numbness_tingling=1))
        records.diary.add(entry("2026-06-14T09:00+02:00", fatigue=2))  # later, ordinary
        assert banner_codes(records.diary) == [(flagged.id, MYELITIS)]
    finally:
        records.close()
    records = PatientRecords.open(data_dir, today=clock)  # still there after a restart
    try:
        (banner,) = records.diary.banners()
        assert (banner.entry.id, banner.rule.code) == (flagged.id, MYELITIS)
        records.diary.acknowledge(banner)
        assert records.diary.banners() == []
        # acknowledging does not take the flag out of the record
        assert info_flags(records.diary, flagged) == {MYELITIS}
    finally:
        records.close()
    records = PatientRecords.open(data_dir, today=clock)
    try:
        assert records.diary.banners() == []
    finally:
        records.close()


def test_an_entry_raising_two_rules_gives_two_banners_acknowledged_one_by_one(records):
    saved = records.diary.add(entry("2026-06-10T09:00+02:00", fever=2, vision_changes=1))
    assert banner_codes(records.diary) == sorted([(saved.id, MENINGITIS), (saved.id, PRESSURE)])
    first = next(b for b in records.diary.banners() if b.rule.code == MENINGITIS)
    records.diary.acknowledge(first)
    assert banner_codes(records.diary) == [(saved.id, PRESSURE)]


@pytest.mark.parametrize(
    "later",
    [
        pytest.param({}, id="as-usual"),
        pytest.param({"fatigue": 3, "weakness": 2}, id="ordinary-symptoms"),
        pytest.param({"headache": 1}, id="symptom-of-another-rule-only"),
    ],
)
def test_entry_without_a_symptom_of_the_rule_carries_the_flag_but_brings_no_banner(records, later):
    diary = records.diary
    flagged = diary.add(entry("2026-06-10T09:00+02:00", numbness_tingling=1))
    after = diary.add(entry("2026-06-10T10:00+02:00", **later))
    assert info_flags(diary, after) == {MYELITIS}
    assert banner_codes(diary) == [(flagged.id, MYELITIS)]
    diary.acknowledge(diary.banners()[0])
    assert diary.banners() == []


def test_a_symptom_of_the_rule_completing_a_combination_brings_the_banner(records):
    diary = records.diary
    fever = diary.add(entry("2026-06-10T09:00+02:00", fever=1))
    assert diary.banners() == []
    headache = diary.add(entry("2026-06-10T15:00+02:00", headache=1))
    assert banner_codes(diary) == [(headache.id, MENINGITIS)]
    assert info_flags(diary, fever) == set()


@pytest.mark.parametrize(
    ("known", "later_at", "later", "expected"),
    [
        pytest.param({"fever": 2}, "2026-06-05T10:00+02:00", {"fever": 2}, set(), id="same-days-later"),
        pytest.param({"fever": 2}, "2026-06-01T18:00+02:00", {"fever": 2}, set(), id="same-within-48h"),
        pytest.param({"fever": 2}, "2026-06-05T10:00+02:00", {"fever": 3}, {MENINGITIS}, id="worse"),
        pytest.param(
            {"fever": 2},
            "2026-06-05T10:00+02:00",
            {"fever": 2, "stiff_neck": 1},
            {MENINGITIS},
            id="new-symptom",
        ),
        pytest.param(
            {"fever": 2}, "2026-06-05T10:00+02:00", {"stiff_neck": 2}, {MENINGITIS}, id="other-symptom"
        ),
        pytest.param({"stiff_neck": 3}, "2026-06-05T10:00+02:00", {"stiff_neck": 2}, set(), id="less-severe"),
        pytest.param(
            {"fever": 2},
            "2026-06-05T10:00+02:00",
            {"fever": 2, "vision_changes": 1},
            {PRESSURE},
            id="other-rule",
        ),
        pytest.param(
            {"breathing_difficulty": 3},
            "2026-06-05T10:00+02:00",
            {"breathing_difficulty": 3},
            set(),
            id="breathing-same",
        ),
    ],
)
def test_known_to_my_care_team_stops_banners_for_the_same_symptoms_not_worse(
    records, known, later_at, later, expected
):
    diary = records.diary
    first = diary.add(entry("2026-06-01T10:00+02:00", **known))
    for banner in diary.banners():
        diary.acknowledge(banner, known_to_team=True)
    assert diary.banners() == []
    second = diary.add(entry(later_at, **later))
    assert {b.rule.code for b in diary.banners()} == expected
    assert all(b.entry.id == second.id for b in diary.banners())
    # the record (and the report) still lists the flag
    assert info_flags(diary, second) == spec_flags([first, second])[second.id]
    assert info_flags(diary, first) == spec_rules(known)


def test_acknowledged_without_known_to_team_the_same_symptoms_bring_a_banner_again(records):
    diary = records.diary
    diary.add(entry("2026-06-01T10:00+02:00", fever=2))
    diary.acknowledge(diary.banners()[0], known_to_team=False)
    second = diary.add(entry("2026-06-05T10:00+02:00", fever=2))
    assert banner_codes(diary) == [(second.id, MENINGITIS)]


@pytest.mark.parametrize(
    ("written", "rule_symptoms", "happening_now"),
    [
        pytest.param("2026-06-15T09:00+02:00", {"breathing_difficulty": 3}, True, id="breathing-1h-ago"),
        pytest.param("2026-06-15T09:30+02:00", {"choking": 3}, True, id="choking-30min-ago"),
        pytest.param("2026-06-12T09:00+02:00", {"choking": 3}, False, id="choking-3-days-ago"),
        pytest.param("2026-06-15T09:00+02:00", {"numbness_tingling": 2}, False, id="not-breathing"),
    ],
)
def test_banner_words_and_urgent_breathing_written_about_the_last_few_hours(
    records, clock, written, rule_symptoms, happening_now
):
    records.update_profile(
        display_name="Sam", care_team_phone="+44 20 7946 0001", care_team_out_of_hours="+44 20 7946 0999"
    )
    diary = service(records, clock, "2026-06-15T10:00+02:00")
    diary.add(entry(written, **rule_symptoms))
    (banner,) = diary.banners()
    words = texts.red_flag_action(banner.rule, banner.recent, records.profile())
    assert "contact your care team today" in words.lower()
    assert "+44 20 7946 0001" in words and "+44 20 7946 0999" in words
    assert "if you cannot reach them and feel very unwell, call emergency services" in words.lower()
    assert ("if this is happening now and is worse than usual, call emergency services" in words.lower()) is (
        happening_now
    )


# --- check-ins on day 1, 3 and 7 after the most recent dose -------------------------------------


def _checkin_day(records: PatientRecords) -> int | None:
    checkin = records.diary.pending_checkin()
    return None if checkin is None else checkin.day


@pytest.mark.parametrize(
    ("today", "entries", "expected"),
    [
        pytest.param("2026-06-01", [], None, id="day0"),
        pytest.param("2026-06-02", [], 1, id="day1"),
        pytest.param("2026-06-03", [], 1, id="day2-still-day1"),
        pytest.param("2026-06-04", [], 3, id="day3"),
        pytest.param("2026-06-07", [], 3, id="day6-still-day3"),
        pytest.param("2026-06-08", [], 7, id="day7"),
        pytest.param("2026-06-20", [], 7, id="day19-still-day7-until-answered"),
        pytest.param("2026-06-02", ["2026-06-01T20:00+00:00"], 1, id="entry-on-dose-day-does-not-answer"),
        pytest.param("2026-06-02", ["2026-06-02T08:00+00:00"], None, id="answered-day1"),
        pytest.param("2026-06-03", ["2026-06-02T08:00+00:00"], None, id="day1-answered-day3-not-yet"),
        pytest.param("2026-06-04", ["2026-06-02T08:00+00:00"], 3, id="day1-answered-then-day3"),
        pytest.param("2026-06-04", ["2026-06-04T08:00+00:00"], None, id="answered-day3"),
        pytest.param("2026-06-08", ["2026-06-05T08:00+00:00"], 7, id="entry-day4-then-day7"),
        pytest.param("2026-06-09", ["2026-06-08T21:00+00:00"], None, id="answered-day7"),
        # local date decides: 00:30 at +02:00 on 2 June is still 1 June in UTC
        pytest.param("2026-06-02", ["2026-06-02T00:30+02:00"], None, id="local-date-answers"),
        # 23:30 at -05:00 on 1 June is 2 June in UTC, but locally the day of the dose
        pytest.param("2026-06-02", ["2026-06-01T23:30-05:00"], 1, id="local-date-does-not-answer"),
    ],
)
def test_checkin_days_until_an_entry_on_or_after_that_day(records, clock, today, entries, expected):
    clock.day = dt.date(2026, 6, 1)
    dose = records.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    clock.day = dt.date.fromisoformat(today)
    for text in entries:
        records.diary.add(entry(text))
    checkin = records.diary.pending_checkin()
    assert (None if checkin is None else checkin.day) == expected
    if checkin is not None:
        assert checkin.dose_id == dose.record.id
        assert checkin.dose_date == dt.date(2026, 6, 1)


def test_checkin_dismissed_stays_closed_and_the_next_day_comes(records, clock):
    clock.day = dt.date(2026, 6, 1)
    records.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    steps = []
    for day, dismiss in (
        ("2026-06-02", True),
        ("2026-06-03", False),
        ("2026-06-04", True),
        ("2026-06-07", False),
    ):
        clock.day = dt.date.fromisoformat(day)
        steps.append(_checkin_day(records))
        if dismiss:
            records.diary.dismiss_checkin(records.diary.pending_checkin())
            steps.append(_checkin_day(records))
    clock.day = dt.date(2026, 6, 8)
    steps.append(_checkin_day(records))
    assert steps == [1, None, None, 3, None, None, 7]


def test_checkin_follows_the_most_recent_dose(records, clock):
    assert records.diary.pending_checkin() is None  # no dose, no check-in
    clock.day = dt.date(2026, 5, 18)
    records.record_dose(DoseRecord(given_on=dt.date(2026, 5, 18)))
    clock.day = dt.date(2026, 6, 1)
    assert _checkin_day(records) == 7  # day 14 of the first dose, never answered
    second = records.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    assert records.diary.pending_checkin() is None  # day 0 of the new dose
    clock.day = dt.date(2026, 6, 2)
    checkin = records.diary.pending_checkin()
    assert (checkin.day, checkin.dose_id, checkin.dose_date) == (1, second.record.id, dt.date(2026, 6, 1))
