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

# --- the specification, written out (design.md §5, as changed on 2026-12-04) ---------------------

MYELITIS = "myelitis_radiculitis"
PRESSURE = "intracranial_pressure"
MENINGITIS = "aseptic_meningitis"
BREATHING = "urgent_breathing"
ALL_RULES = {MYELITIS, PRESSURE, MENINGITIS, BREATHING}
TODAY, NOW, EMERGENCY = "today", "now", "emergency"
RANK = {TODAY: 1, NOW: 2, EMERGENCY: 3}

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

# The symptoms each rule speaks of: an entry carries a rule's warning only when it reports one.
RULE_SYMPTOMS = {
    MYELITIS: {"numbness_tingling", "radiating_pain", "sudden_weakness", "bladder_bowel_control"},
    PRESSURE: {"vision_changes", "confusion", "nausea_vomiting", "headache"},
    MENINGITIS: {"fever", "stiff_neck", "headache"},
    BREATHING: {"breathing_difficulty", "choking"},
}

# One symptom alone: (rule, symptom, lowest severity that raises it, level).
SINGLE_THRESHOLDS = [
    (MYELITIS, "numbness_tingling", 1, TODAY),
    (MYELITIS, "radiating_pain", 1, TODAY),
    (MYELITIS, "sudden_weakness", 1, NOW),
    (MYELITIS, "bladder_bowel_control", 1, NOW),
    (PRESSURE, "vision_changes", 1, NOW),
    (PRESSURE, "confusion", 1, NOW),
    (PRESSURE, "nausea_vomiting", 3, TODAY),
    (MENINGITIS, "fever", 2, TODAY),
    (MENINGITIS, "stiff_neck", 2, TODAY),
    (BREATHING, "breathing_difficulty", 3, EMERGENCY),
    (BREATHING, "choking", 3, EMERGENCY),
]
SINGLE_CASES = [
    pytest.param(
        rule, code, severity, {rule: level} if severity >= threshold else {}, id=f"{code}={severity}"
    )
    for rule, code, threshold, level in SINGLE_THRESHOLDS
    for severity in (1, 2, 3)
]


def spec_levels(c: dict[str, int]) -> dict[str, str]:
    """The rules a set of (combined) symptoms raises and at which level, from the sentences of
    design.md §5; where several levels of one rule match, the highest."""
    s = lambda code: c.get(code, 0)  # noqa: E731
    found: dict[str, list[str]] = {}
    add = lambda rule, level: found.setdefault(rule, []).append(level)  # noqa: E731
    # myelitis_radiculitis: numbness_tingling or radiating_pain (any): today;
    # sudden_weakness or bladder_bowel_control (any): now
    if s("numbness_tingling") or s("radiating_pain"):
        add(MYELITIS, TODAY)
    if s("sudden_weakness") or s("bladder_bowel_control"):
        add(MYELITIS, NOW)
    # intracranial_pressure: vision_changes or confusion (any): now; nausea_vomiting severe: today;
    # headache severe together with nausea_vomiting: now
    if s("vision_changes") or s("confusion"):
        add(PRESSURE, NOW)
    if s("nausea_vomiting") == 3:
        add(PRESSURE, TODAY)
    if s("headache") == 3 and s("nausea_vomiting"):
        add(PRESSURE, NOW)
    # aseptic_meningitis: fever moderate or worse: today; fever with stiff_neck (any): now;
    # fever with headache (any): today; stiff_neck moderate or worse: today;
    # headache moderate or worse together with stiff_neck (any): today
    if s("fever") >= 2:
        add(MENINGITIS, TODAY)
    if s("fever") and s("stiff_neck"):
        add(MENINGITIS, NOW)
    if s("fever") and s("headache"):
        add(MENINGITIS, TODAY)
    if s("stiff_neck") >= 2:
        add(MENINGITIS, TODAY)
    if s("headache") >= 2 and s("stiff_neck"):
        add(MENINGITIS, TODAY)
    # urgent_breathing: breathing_difficulty or choking rated severe: emergency
    if s("breathing_difficulty") == 3 or s("choking") == 3:
        add(BREATHING, EMERGENCY)
    return {rule: max(levels, key=RANK.__getitem__) for rule, levels in found.items()}


def spec_rules(c: dict[str, int]) -> set[str]:
    return set(spec_levels(c))


def _pair_expectation(a: str, sa: int, b: str, sb: int) -> dict[str, str]:
    """Two symptoms together, straight from the sentences of design.md §5."""
    pair = {a: sa, b: sb}
    if set(pair) == {"headache", "nausea_vomiting"}:
        if pair["headache"] == 3:
            return {PRESSURE: NOW}
        return {PRESSURE: TODAY} if pair["nausea_vomiting"] == 3 else {}
    if set(pair) == {"fever", "headache"}:
        return {MENINGITIS: TODAY}
    if set(pair) == {"fever", "stiff_neck"}:
        return {MENINGITIS: NOW}
    if set(pair) == {"headache", "stiff_neck"}:
        return {MENINGITIS: TODAY} if pair["stiff_neck"] >= 2 or pair["headache"] >= 2 else {}
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


def spec_carried(entries: list[DiaryEntry]) -> dict[str, dict[str, str]]:
    """For each entry: the rules it carries with their levels. Judged with the entries of the 48
    hours before it (by instant, worst severity), and only rules it reports a symptom of itself."""
    result = {}
    for e in entries:
        window = [o for o in entries if e.at - dt.timedelta(hours=48) <= o.at <= e.at]
        combined: dict[str, int] = {}
        for o in window:
            for code, sev in o.symptoms.items():
                combined[code] = max(sev, combined.get(code, 0))
        result[e.id] = {
            rule: level
            for rule, level in spec_levels(combined).items()
            if RULE_SYMPTOMS[rule] & set(e.symptoms)
        }
    return result


# --- helpers ------------------------------------------------------------------------------------


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def entry(when: str | dt.datetime, **symptoms: int) -> DiaryEntry:
    return DiaryEntry(at=at(when) if isinstance(when, str) else when, symptoms=symptoms)


def carried(entries: list[DiaryEntry]) -> dict[str, dict[str, str]]:
    """What the core judgement says each entry carries: {entry id: {rule: level}}."""
    judged = red_flags.judge(entries)
    return {e.id: {w.rule.code: w.level.code for w in judged.get(e.id, [])} for e in entries}


def levels_of(e: DiaryEntry, before: list[DiaryEntry] | None = None) -> dict[str, str]:
    return carried([e, *(before or [])])[e.id]


def raised(e: DiaryEntry, before: list[DiaryEntry] | None = None) -> set[str]:
    return set(levels_of(e, before))


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
    return DiaryService(records.store, clock, records.doses.all, now=lambda: at(now))


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


# --- each rule at its threshold and not below, with its level (one entry) ------------------------


@pytest.mark.parametrize(("rule", "code", "severity", "expected"), SINGLE_CASES)
def test_one_symptom_fires_its_rule_at_its_threshold_and_level_and_not_below(rule, code, severity, expected):
    e = entry("2026-06-10T09:00+02:00", **{code: severity})
    assert levels_of(e) == expected


@pytest.mark.parametrize(("a", "sa", "b", "sb", "expected"), PAIR_CASES)
def test_two_symptoms_together_in_one_entry(a, sa, b, sb, expected):
    e = entry("2026-06-10T09:00+02:00", **{a: sa, b: sb})
    assert levels_of(e) == expected


@pytest.mark.parametrize(("a", "sa", "b", "sb", "expected"), PAIR_CASES)
def test_two_symptoms_split_over_two_quick_entries_combine_in_the_later_one(a, sa, b, sb, expected):
    """'symptoms split over two quick entries still combine' — in the later one only, and the
    later one reports a symptom of the rule itself (both symptoms of each pair belong to it)."""
    first = entry("2026-06-10T09:00+02:00", **{a: sa})
    second = entry("2026-06-10T10:30+02:00", **{b: sb})
    result = carried([second, first])
    assert result[second.id] == expected
    assert result[first.id] == spec_levels({a: sa}), "an entry after it does not count for it"


def test_headache_severe_alone_raises_nothing_it_needs_nausea():
    assert raised(entry("2026-06-10T09:00+02:00", headache=3)) == set()
    assert levels_of(entry("2026-06-10T09:00+02:00", headache=3, nausea_vomiting=1)) == {PRESSURE: NOW}


def test_headache_with_a_stiff_neck_and_no_fever_is_a_warning_from_moderate_headache():
    """Issue 16: 'moderate headache with any stiff neck is now a warning (level today)'."""
    assert raised(entry("2026-06-10T09:00+02:00", headache=1, stiff_neck=1)) == set()
    for severity in (2, 3):
        e = entry("2026-06-10T09:00+02:00", headache=severity, stiff_neck=1)
        assert levels_of(e) == {MENINGITIS: TODAY}


@pytest.mark.parametrize("severity", [1, 2, 3])
def test_bladder_or_bowel_trouble_is_level_now_at_any_severity(severity):
    assert levels_of(entry("2026-06-10T09:00+02:00", bladder_bowel_control=severity)) == {MYELITIS: NOW}


def test_the_highest_level_of_a_rule_wins():
    e = entry("2026-06-10T09:00+02:00", numbness_tingling=1, sudden_weakness=1)
    assert levels_of(e) == {MYELITIS: NOW}
    e = entry("2026-06-10T09:00+02:00", fever=3, headache=3, stiff_neck=1)
    assert levels_of(e) == {MENINGITIS: NOW}


# --- which entries carry a warning (issue 15) ----------------------------------------------------


@pytest.mark.parametrize(
    "later",
    [
        pytest.param({}, id="as-usual"),
        pytest.param({"fatigue": 2}, id="unrelated"),
        pytest.param({"back_pain": 3, "weakness": 2}, id="ordinary"),
        pytest.param({"fever": 1}, id="symptom-of-another-rule"),
    ],
)
def test_an_entry_without_a_symptom_of_the_rule_carries_nothing_of_it(later):
    """The bug: an "I feel as usual" the day after numbness was listed with the myelitis warning."""
    numbness = entry("2026-06-10T09:00+02:00", numbness_tingling=2)
    after = entry("2026-06-11T08:00+02:00", **later)
    result = carried([numbness, after])
    assert result[numbness.id] == {MYELITIS: TODAY}
    assert MYELITIS not in result[after.id]


def test_a_later_entry_with_a_symptom_of_the_rule_carries_it_and_names_the_earlier_ones():
    fever = entry("2026-06-10T09:00+02:00", fever=1)
    headache = entry("2026-06-10T20:00+02:00", headache=1)
    judged = red_flags.judge([fever, headache])
    assert fever.id not in judged
    (warning,) = judged[headache.id]
    assert (warning.rule.code, warning.level.code) == (MENINGITIS, TODAY)
    assert warning.symptoms == {"fever": 1, "headache": 1}
    assert warning.earlier == {"fever": 1}


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


ordinary_symptoms = st.dictionaries(
    st.sampled_from(ORDINARY_ANY_SEVERITY + sorted(ORDINARY_UP_TO)),
    st.integers(1, 3),
).filter(lambda d: not spec_rules({c: min(s, ORDINARY_UP_TO.get(c, 3)) for c, s in d.items()}))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    symptoms=ordinary_symptoms,
    split=st.lists(st.integers(0, 2), min_size=40, max_size=40),
    minutes=st.lists(st.integers(0, 47 * 60), min_size=3, max_size=3, unique=True),
)
def test_only_ordinary_symptoms_never_raise_a_flag_even_split_over_48_hours(symptoms, split, minutes):
    symptoms = {c: min(s, ORDINARY_UP_TO.get(c, 3)) for c, s in symptoms.items()}
    start = at("2026-06-08T08:00+02:00")
    parts: list[dict[str, int]] = [{}, {}, {}]
    for i, (code, sev) in enumerate(sorted(symptoms.items())):
        parts[split[i]][code] = sev
    entries = [
        DiaryEntry(at=start + dt.timedelta(minutes=m), symptoms=p)
        for m, p in zip(minutes, parts, strict=True)
    ]
    assert spec_rules(symptoms) == set()  # the generator itself keeps to the spec
    assert all(not v for v in carried(entries).values()), entries


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
        pytest.param("2026-06-12T09:01+02:00", False, id="48h01m-same-offset"),
        pytest.param("2026-06-12T08:01+01:00", False, id="48h01m-at-plus-1"),
        # 07:30 on the clock is before 09:00, but at +00:00 it is 48.5 hours later.
        pytest.param("2026-06-12T07:30+00:00", False, id="48h30m-earlier-wall-clock"),
        pytest.param("2026-06-13T09:00+02:00", False, id="72h"),
    ],
)
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param({"fever": 1}, {"headache": 1}, {MENINGITIS: TODAY}, id="fever-then-headache"),
        pytest.param({"stiff_neck": 1}, {"fever": 1}, {MENINGITIS: NOW}, id="stiff-neck-then-fever"),
        pytest.param({"headache": 3}, {"nausea_vomiting": 1}, {PRESSURE: NOW}, id="headache-then-nausea"),
        pytest.param({"nausea_vomiting": 3}, {"nausea_vomiting": 1}, {PRESSURE: TODAY}, id="worst-nausea"),
        pytest.param({"stiff_neck": 2}, {"stiff_neck": 1}, {MENINGITIS: TODAY}, id="worst-stiff-neck"),
        pytest.param({"choking": 3}, {"breathing_difficulty": 1}, {BREATHING: EMERGENCY}, id="choking"),
    ],
)
def test_entries_combine_within_48_hours_by_instant_and_not_beyond(later, combine, first, second, expected):
    a = entry(EARLIER, **first)
    b = entry(later, **second)
    assert carried([a, b])[b.id] == (expected if combine else {})


def test_the_window_looks_back_only_and_is_not_chained():
    """A fever 1 on Monday, nothing notable 30 h later, a headache 50 h after the fever: the headache
    is judged with the 48 hours before it only, and an entry after the fever does not flag it."""
    fever = entry("2026-06-08T08:00+00:00", fever=1)
    middle = entry("2026-06-09T14:00+00:00", fatigue=2)
    headache = entry("2026-06-10T10:00+00:00", headache=1)
    assert carried([headache, middle, fever]) == {fever.id: {}, middle.id: {}, headache.id: {}}


entry_times = st.lists(st.integers(0, 6 * 24 * 60), min_size=1, max_size=6, unique=True)
offsets = st.sampled_from([-300, -240, 0, 60, 120, 330, 840])
vocabulary = sorted(set().union(*RULE_SYMPTOMS.values()) | {"fatigue", "weakness", "back_pain"})


@settings(max_examples=300, deadline=None)
@given(minutes=entry_times, data=st.data())
def test_model_every_entry_is_judged_with_the_48_hours_before_it(minutes, data):
    base = dt.datetime(2026, 6, 1, 0, 0, tzinfo=dt.UTC)
    entries = []
    for m in minutes:
        offset = dt.timezone(dt.timedelta(minutes=data.draw(offsets)))
        symptoms = data.draw(st.dictionaries(st.sampled_from(vocabulary), st.integers(1, 3), max_size=3))
        entries.append(DiaryEntry(at=(base + dt.timedelta(minutes=m)).astimezone(offset), symptoms=symptoms))
    assert carried(entries) == spec_carried(entries)


# --- episodes -----------------------------------------------------------------------------------


def test_entries_of_one_rule_within_48_hours_of_each_other_are_one_episode():
    a = entry("2026-06-01T08:00+00:00", numbness_tingling=1)
    b = entry("2026-06-02T20:00+00:00", numbness_tingling=1)  # 36 h after a
    c = entry("2026-06-04T18:00+00:00", numbness_tingling=2)  # 46 h after b, 82 h after a
    d = entry("2026-06-07T08:00+00:00", numbness_tingling=1)  # 62 h after c
    judged = red_flags.judge([a, b, c, d])
    episodes = red_flags.episodes(w for ws in judged.values() for w in ws)
    assert [ep.entry_ids for ep in episodes] == [(a.id, b.id, c.id), (d.id,)]
    assert episodes[0].symptoms == {"numbness_tingling": 2}


def test_two_rules_in_the_same_days_are_two_episodes():
    a = entry("2026-06-01T08:00+00:00", numbness_tingling=1, fever=2)
    judged = red_flags.judge([a])
    episodes = red_flags.episodes(w for ws in judged.values() for w in ws)
    assert sorted(ep.rule.code for ep in episodes) == sorted([MYELITIS, MENINGITIS])


# --- rule sources -------------------------------------------------------------------------------

CLINICAL = "clinical practice, not in the label"


def test_the_four_rules_and_nothing_else():
    assert set(red_flags.RULES_BY_CODE) == ALL_RULES


@pytest.mark.parametrize(
    ("rule", "present", "absent"),
    [
        (MYELITIS, ["US PI 5.1", "EU SmPC 4.4"], []),
        (PRESSURE, ["US PI 5.2", "EU SmPC 4.4"], []),
        # EU 4.4 names myelitis/radiculitis and raised pressure/papilloedema, not aseptic meningitis.
        (MENINGITIS, ["US PI 5.3"], ["EU"]),
        (BREATHING, [CLINICAL], ["US", "EU"]),
    ],
)
def test_each_rule_names_its_source(rule, present, absent):
    source = red_flags.source_text(red_flags.RULES_BY_CODE[rule])
    for fragment in present:
        assert fragment in source, source
    for fragment in absent:
        assert fragment not in source, source


def test_bladder_and_headache_with_stiff_neck_are_sourced_to_clinical_practice():
    rule = red_flags.RULES_BY_CODE[MYELITIS]
    source = red_flags.source_text(rule, {"bladder_bowel_control": 1})
    assert CLINICAL in source and "5.1" in source, source
    source = red_flags.source_text(red_flags.RULES_BY_CODE[MENINGITIS], {"headache": 2, "stiff_neck": 1})
    assert CLINICAL in source and "5.3" in source, source


def test_intracranial_pressure_names_both_conditions_not_one_as_the_other():
    rule = red_flags.RULES_BY_CODE[PRESSURE]
    assert "raised intracranial pressure" in rule.explanation and "papilledema" in rule.explanation
    assert "inside the head (papilledema)" not in rule.explanation


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


def test_future_is_judged_on_this_computers_calendar(berlin):
    """Issue 17: an entry is in the future when its moment falls after today on this computer's
    calendar, whatever offset it was written with (it keeps that offset)."""
    today = dt.date(2026, 6, 15)
    with pytest.raises(InvalidInput):
        validate_entry(entry("2026-06-16T00:30+02:00"), today)  # 16 June in Berlin
    with pytest.raises(InvalidInput):
        validate_entry(entry("2026-06-15T23:30-10:00"), today)  # 16 June 11:30 in Berlin
    # 16 June where it was written, still 15 June in Berlin: not in the future.
    assert validate_entry(entry("2026-06-16T08:30+12:00"), today).at == at("2026-06-16T08:30+12:00")


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
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1)))
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


# --- warnings through the service (real SQLite) --------------------------------------------------


@pytest.mark.parametrize(("rule", "code", "severity", "expected"), SINGLE_CASES)
def test_service_flags_and_banners_follow_the_thresholds_and_levels(records, rule, code, severity, expected):
    saved = records.diary.add(entry("2026-06-10T09:00+02:00", **{code: severity}))
    assert info_flags(records.diary, saved) == set(expected)
    assert {(b.entry.id, b.rule.code, b.level.code) for b in records.diary.banners()} == {
        (saved.id, r, level) for r, level in expected.items()
    }


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


def test_a_warning_waits_until_read_also_after_a_restart(data_dir, clock):
    records = PatientRecords.open(data_dir, today=clock)
    try:
        flagged = records.diary.add(entry("2026-06-10T09:00+02:00", numbness_tingling=1))
        records.diary.add(entry("2026-06-14T09:00+02:00", fatigue=2))  # later, ordinary
        assert banner_codes(records.diary) == [(flagged.id, MYELITIS)]
    finally:
        records.close()
    records = PatientRecords.open(data_dir, today=clock)
    try:
        (banner,) = records.diary.banners()
        records.diary.acknowledge(banner)
        assert records.diary.banners() == []
        assert info_flags(records.diary, flagged) == {MYELITIS}  # reading does not unflag the record
    finally:
        records.close()
    records = PatientRecords.open(data_dir, today=clock)
    try:
        assert records.diary.banners() == []
    finally:
        records.close()


def test_an_entry_raising_two_rules_gives_two_banners_read_one_by_one(records):
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
def test_an_entry_without_a_symptom_of_the_rule_carries_nothing_and_changes_no_banner(records, later):
    diary = records.diary
    flagged = diary.add(entry("2026-06-10T09:00+02:00", numbness_tingling=1))
    after = diary.add(entry("2026-06-10T10:00+02:00", **later))
    assert info_flags(diary, after) == set()
    assert not diary.carries_warning(after.id)
    assert diary.banners_for(after.id) == []
    assert banner_codes(diary) == [(flagged.id, MYELITIS)]


def test_one_episode_is_one_banner_and_reading_it_covers_the_same_symptoms_in_it(records):
    diary = records.diary
    first = diary.add(entry("2026-06-10T09:00+02:00", numbness_tingling=1))
    second = diary.add(entry("2026-06-10T21:00+02:00", numbness_tingling=1))
    (banner,) = diary.banners()
    assert banner.entry.id == second.id and set(banner.waiting.entry_ids) == {first.id, second.id}
    diary.acknowledge(banner)
    third = diary.add(entry("2026-06-11T20:00+02:00", numbness_tingling=1))  # same episode, same
    assert diary.banners() == []
    assert info_flags(diary, third) == {MYELITIS}
    worse = diary.add(entry("2026-06-12T08:00+02:00", numbness_tingling=3))  # same episode, worse
    assert banner_codes(diary) == [(worse.id, MYELITIS)]


def test_a_new_symptom_in_the_same_episode_raises_the_level_and_warns_at_once(records):
    diary = records.diary
    diary.add(entry("2026-06-10T09:00+02:00", fever=2))
    diary.acknowledge(diary.banners()[0])
    stiff = diary.add(entry("2026-06-10T15:00+02:00", stiff_neck=1))
    (banner,) = diary.banners()
    assert (banner.entry.id, banner.level.code) == (stiff.id, NOW)
    assert banner.earlier == {"fever": 2}


@pytest.mark.parametrize(
    ("known", "later_at", "later", "expected"),
    [
        pytest.param({"fever": 2}, "2026-06-05T10:00+02:00", {"fever": 2}, set(), id="same-4-days-later"),
        pytest.param({"fever": 2}, "2026-06-08T09:59+02:00", {"fever": 2}, set(), id="same-in-7-days"),
        pytest.param({"fever": 2}, "2026-06-08T10:01+02:00", {"fever": 2}, {MENINGITIS}, id="after-7-days"),
        pytest.param({"fever": 2}, "2026-06-20T10:00+02:00", {"fever": 2}, {MENINGITIS}, id="years-later"),
        pytest.param({"fever": 2}, "2026-06-05T10:00+02:00", {"fever": 3}, {MENINGITIS}, id="worse"),
        pytest.param(
            {"fever": 2},
            "2026-06-05T10:00+02:00",
            {"fever": 2, "headache": 1},
            {MENINGITIS},
            id="new-symptom",
        ),
        pytest.param({"stiff_neck": 3}, "2026-06-05T10:00+02:00", {"stiff_neck": 2}, set(), id="less-severe"),
        pytest.param(
            {"fever": 2}, "2026-06-05T10:00+02:00", {"vision_changes": 1}, {PRESSURE}, id="other-rule"
        ),
        pytest.param(
            {"breathing_difficulty": 3},
            "2026-06-05T10:00+02:00",
            {"breathing_difficulty": 3},
            {BREATHING},
            id="never-for-emergency",
        ),
    ],
)
def test_known_to_my_care_team_keeps_the_same_symptoms_quiet_for_7_days_at_most(
    records, clock, known, later_at, later, expected
):
    clock.day = dt.date(2026, 6, 30)
    diary = records.diary
    first = diary.add(entry("2026-06-01T10:00+02:00", **known))
    for banner in diary.banners():
        diary.acknowledge(banner, known_to_team=True)
    emergency = BREATHING in spec_rules(known)
    assert (diary.banners() == []) is not emergency or not diary.banners()
    if emergency:
        # read: it waits no more, but "known to the team" was not kept for a call to emergency services
        assert diary.banners() == []
    second = diary.add(entry(later_at, **later))
    assert {b.rule.code for b in diary.banners()} == expected
    assert all(b.entry.id == second.id for b in diary.banners())
    # the record (and the report) still lists the warning
    assert info_flags(diary, second) == set(spec_carried([first, second])[second.id])


def test_known_to_my_care_team_ends_when_the_next_dose_is_given(records, clock):
    diary = records.diary
    clock.day = dt.date(2026, 6, 1)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 20)))
    diary.add(entry("2026-06-01T10:00+02:00", numbness_tingling=1))
    diary.acknowledge(diary.banners()[0], known_to_team=True)
    clock.day = dt.date(2026, 6, 3)
    diary.add(entry("2026-06-02T10:00+02:00", numbness_tingling=1))  # same episode: quiet
    assert diary.banners() == []
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 3)))
    later = diary.add(entry("2026-06-03T18:00+02:00", numbness_tingling=1))  # after the dose, 2 days on
    # still within 48 hours of the last entry: the same episode, read, nothing new or worse
    assert diary.banners() == []
    clock.day = dt.date(2026, 6, 7)
    after = diary.add(entry("2026-06-06T18:00+02:00", numbness_tingling=1))  # a new episode
    assert banner_codes(diary) == [(after.id, MYELITIS)]
    assert later.id


def test_a_reading_from_long_ago_silences_nothing_now(records, clock):
    """The bug: a fever marked known in 2021 hid a fever with headache in 2026."""
    clock.day = dt.date(2026, 6, 30)
    diary = records.diary
    diary.add(entry("2021-03-01T10:00+01:00", fever=2, headache=2))
    diary.acknowledge(diary.banners()[0], known_to_team=True)
    new = diary.add(entry("2026-06-20T10:00+02:00", fever=2, headache=1))
    assert banner_codes(diary) == [(new.id, MENINGITIS)]


def test_taking_a_reading_back_makes_the_warning_wait_again(records):
    diary = records.diary
    saved = diary.add(entry("2026-06-10T09:00+02:00", confusion=1))
    (banner,) = diary.banners()
    diary.acknowledge(banner, known_to_team=True)
    (history,) = diary.warning_history()
    assert history.state.value == "known" and history.known_until is not None
    assert history.own_acknowledgements
    readings = diary.acknowledgements_of(history.episode)
    diary.unacknowledge_episode(history.episode)
    assert banner_codes(diary) == [(saved.id, PRESSURE)]
    assert diary.warning_history()[0].state.value == "waiting"
    diary.reacknowledge(readings)
    assert diary.banners() == []


def test_an_unknown_warning_id_is_refused_and_changes_nothing(records):
    records.diary.add(entry("2026-06-10T09:00+02:00", fever=2))
    with pytest.raises(InvalidInput):
        records.diary.banner("no-such-id")
    assert len(records.diary.banners()) == 1


def test_every_surface_asks_the_same_judgement(records, clock):
    """Banner, diary table (with_info), carries_warning and the report's episodes agree."""

    diary = records.diary
    made = [
        diary.add(entry("2026-06-10T09:00+02:00", fever=1)),
        diary.add(entry("2026-06-10T12:00+02:00")),
        diary.add(entry("2026-06-10T15:00+02:00", headache=1)),
        diary.add(entry("2026-06-11T09:00+02:00", fatigue=2)),
        diary.add(entry("2026-06-13T09:00+02:00", numbness_tingling=1)),
    ]
    info = diary.with_info(made)
    carrying = {e.id for e in made if info[e.id].flags}
    assert carrying == {made[2].id, made[4].id}
    assert {e.id for e in made if diary.carries_warning(e.id)} == carrying
    assert {i for b in diary.banners() for i in b.waiting.entry_ids} == carrying
    data = records.report.data(dt.date(2026, 6, 1), dt.date(2026, 6, 15))
    assert {e.id for flag in data.red_flags for e in flag.entries} == carrying
    assert [flag.rule for flag in data.red_flags] == [MYELITIS, MENINGITIS]  # newest first


@pytest.mark.parametrize(
    ("written", "symptoms", "level", "happening_now"),
    [
        pytest.param(
            "2026-06-15T09:00+02:00", {"breathing_difficulty": 3}, EMERGENCY, True, id="breathing-1h"
        ),
        pytest.param("2026-06-12T09:00+02:00", {"choking": 3}, EMERGENCY, False, id="choking-3-days-ago"),
        pytest.param("2026-06-15T09:00+02:00", {"numbness_tingling": 2}, TODAY, False, id="today"),
        pytest.param("2026-06-15T09:00+02:00", {"sudden_weakness": 1}, NOW, False, id="now"),
    ],
)
def test_banner_words_at_each_level(records, clock, written, symptoms, level, happening_now):
    records.profile.update(
        display_name="Sam", care_team_phone="+44 20 7946 0001", care_team_out_of_hours="+44 20 7946 0999"
    )
    diary = service(records, clock, "2026-06-15T10:00+02:00")
    diary.add(entry(written, **symptoms))
    (banner,) = diary.banners()
    assert banner.level.code == level
    words = texts.red_flag_action(banner.level, banner.recent, records.profile.get()).lower()
    assert "+44 20 7946 0001" in words and "+44 20 7946 0999" in words
    if level == TODAY:
        assert "contact your care team today" in words
    if level == NOW:
        assert "contact your care team now; " not in words  # two sentences, both there:
        assert "contact your care team now." in words
        assert "if you cannot reach them quickly, go to emergency services" in words
    if level in (TODAY, NOW):
        assert "if you cannot reach them and feel very unwell, call emergency services" in words
    if level == EMERGENCY:
        assert "call emergency services now" in words
        assert "today" not in words, "nothing may weaken a call to emergency services"
        assert ("if this is happening now and is worse than usual" in words) is happening_now


def test_the_emergency_number_entered_follows_emergency_services_and_no_text_has_one(records, clock):
    diary = service(records, clock, "2026-06-15T10:00+02:00")
    diary.add(entry("2026-06-15T09:30+02:00", choking=3))
    (banner,) = diary.banners()
    words = texts.red_flag_action(banner.level, banner.recent, records.profile.get())
    assert not any(number in words for number in ("112", "911", "999", "144"))
    records.profile.update(emergency_number="000 123")
    words = texts.red_flag_action(banner.level, banner.recent, records.profile.get())
    assert "emergency services (000 123)" in words


# --- check-ins on day 1, 3 and 7 after the most recent dose -------------------------------------


def _checkin_day(records: PatientRecords) -> int | None:
    checkin = records.diary.pending_checkin()
    return None if checkin is None else checkin.day


@pytest.mark.parametrize(
    ("today", "entries", "expected"),
    [
        pytest.param("2026-06-01", [], None, id="day0"),
        pytest.param("2026-06-02", [], 1, id="day1"),
        pytest.param("2026-06-03", [], None, id="day2-day1-has-passed"),
        pytest.param("2026-06-04", [], 3, id="day3"),
        pytest.param("2026-06-07", [], None, id="day6"),
        pytest.param("2026-06-08", [], 7, id="day7"),
        pytest.param("2026-06-15", [], None, id="day14-closed-not-offered-as-day-7"),
        pytest.param("2026-06-02", ["2026-06-01T20:00+00:00"], 1, id="entry-on-dose-day-does-not-answer"),
        pytest.param("2026-06-02", ["2026-06-02T08:00+00:00"], None, id="answered-day1"),
        pytest.param("2026-06-04", ["2026-06-02T08:00+00:00"], 3, id="day1-answered-then-day3"),
        pytest.param("2026-06-04", ["2026-06-04T08:00+00:00"], None, id="answered-day3"),
        pytest.param("2026-06-08", ["2026-06-05T08:00+00:00"], 7, id="entry-day4-then-day7"),
        # local date decides: 00:30 at +02:00 on 2 June is still 1 June in UTC
        pytest.param("2026-06-02", ["2026-06-02T00:30+02:00"], None, id="local-date-answers"),
        # 23:30 at -05:00 on 1 June is 2 June in UTC, but locally the day of the dose
        pytest.param("2026-06-02", ["2026-06-01T23:30-05:00"], 1, id="local-date-does-not-answer"),
    ],
)
def test_checkin_on_its_own_day_until_an_entry_that_day(records, clock, today, entries, expected):
    clock.day = dt.date(2026, 6, 1)
    dose = records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1)))
    clock.day = dt.date.fromisoformat(today)
    for text in entries:
        records.diary.add(entry(text))
    checkin = records.diary.pending_checkin()
    assert (None if checkin is None else checkin.day) == expected
    if checkin is not None:
        assert checkin.dose_id == dose.record.id
        assert checkin.on == clock.day


def test_checkin_dismissed_stays_closed(records, clock):
    clock.day = dt.date(2026, 6, 1)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1)))
    clock.day = dt.date(2026, 6, 2)
    records.diary.dismiss_checkin(records.diary.pending_checkin())
    assert _checkin_day(records) is None
    clock.day = dt.date(2026, 6, 4)
    assert _checkin_day(records) == 3


def test_checkin_follows_the_most_recent_dose(records, clock):
    assert records.diary.pending_checkin() is None  # no dose, no check-in
    clock.day = dt.date(2026, 5, 18)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18)))
    clock.day = dt.date(2026, 6, 1)
    second = records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 1)))
    assert records.diary.pending_checkin() is None  # day 0 of the new dose
    clock.day = dt.date(2026, 6, 2)
    checkin = records.diary.pending_checkin()
    assert (checkin.day, checkin.dose_id, checkin.dose_date) == (1, second.record.id, dt.date(2026, 6, 1))


def test_an_entry_edited_to_worse_after_its_warning_was_read_warns_again(records):
    """Attack: a reading covers what was read, not whatever the entry later says."""
    diary = records.diary
    saved = diary.add(entry("2026-06-10T09:00+02:00", fever=2))
    diary.acknowledge(diary.banners()[0], known_to_team=True)
    assert diary.banners() == []
    diary.edit(DiaryEntry(at=saved.at, symptoms={"fever": 2}, id=saved.id, note="same symptoms"))
    assert diary.banners() == []
    diary.edit(DiaryEntry(at=saved.at, symptoms={"fever": 3, "stiff_neck": 1}, id=saved.id))
    (banner,) = diary.banners()
    assert (banner.entry.id, banner.level.code) == (saved.id, NOW)


@pytest.mark.parametrize("stored", ["not json", "[1, 2]", '{"fever": 99}', '{"fever": "2"}'])
def test_a_damaged_reading_keeps_no_warning_quiet_and_breaks_nothing(records, stored):
    """Attack: a reading whose symptoms an older version let in unchecked (an import) neither
    crashes the home screen's check nor silences the warning."""
    diary = records.diary
    diary.add(entry("2026-06-01T10:00+02:00", fever=2))
    diary.acknowledge(diary.banners()[0], known_to_team=True)
    with records.store.write():
        records.store.conn.execute("UPDATE red_flag_ack SET severities = ?", [stored])
    later = diary.add(entry("2026-06-03T10:00+02:00", fever=2))
    assert {b.entry.id for b in diary.banners()} >= {later.id}


@pytest.fixture
def berlin(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_that_does_not_exist_on_the_clock_is_refused_not_moved(berlin):
    """Issue 17: 2026-03-29T02:30 in Berlin (clocks jump from 2:00 to 3:00) was moved an hour."""
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_datetime("2026-03-29T02:30")
    assert parse_datetime("2026-03-29T03:30").utcoffset() == dt.timedelta(hours=2)
    assert parse_datetime("2026-03-29T01:30").utcoffset() == dt.timedelta(hours=1)


def test_an_entry_with_a_far_east_offset_half_an_hour_ago_is_not_in_the_future(monkeypatch):
    """Issue 17: --at 2026-12-05T08:30+13:00, 30 minutes ago in Los Angeles, was refused."""
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        at = parse_datetime("2026-12-05T08:30+13:00")  # 2026-12-04 11:30 in Los Angeles
        validate_entry(DiaryEntry(at=at), dt.date(2026, 12, 4))
        later = parse_datetime("2026-12-06T08:30+13:00")  # 2026-12-05 in Los Angeles: tomorrow
        with pytest.raises(InvalidInput):
            validate_entry(DiaryEntry(at=later), dt.date(2026, 12, 4))
    finally:
        monkeypatch.undo()
        time.tzset()
