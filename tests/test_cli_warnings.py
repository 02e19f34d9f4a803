"""The warnings through the command line (design.md §5 and §8, issues 15 and 16), as a user or an
independent checker would use them: real processes on a real data folder.

``warnings [--json]`` lists the warnings waiting to be read, oldest first, each
``{"id", "at", "rule", "level", "symptoms"}``; ``warnings ack ID [--known-to-team]`` reads one (an
unknown id is invalid input, exit 2, nothing changed); ``diary add`` prints the warning's words
when, and only when, the new entry carries a warning.
"""

from __future__ import annotations

import pytest

from tests.cli_harness import Cli, assert_refused, snapshot

WARNING_KEYS = {"id", "at", "rule", "level", "symptoms"}


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "patient"


def add(cli: Cli, folder, at: str, *symptoms: str, today: str = "2026-06-15"):
    args = ["diary", "add", "--at", at]
    for s in symptoms:
        args += ["--symptom", s]
    result = cli(folder, *args, today=today)
    assert result.returncode == 0, str(result)
    return result


def waiting(cli: Cli, folder, today: str = "2026-06-15") -> list[dict]:
    result = cli(folder, "warnings", "--json", today=today)
    items = result.json()
    for item in items:
        assert set(item) == WARNING_KEYS, item
    return items


# Each level at its threshold and not below, through the command line (design.md §5).
LEVEL_CASES = [
    (["numbness_tingling=1"], "myelitis_radiculitis", "today"),
    (["radiating_pain=1"], "myelitis_radiculitis", "today"),
    (["sudden_weakness=1"], "myelitis_radiculitis", "now"),
    (["bladder_bowel_control=1"], "myelitis_radiculitis", "now"),
    (["vision_changes=1"], "intracranial_pressure", "now"),
    (["confusion=1"], "intracranial_pressure", "now"),
    (["nausea_vomiting=3"], "intracranial_pressure", "today"),
    (["headache=3", "nausea_vomiting=1"], "intracranial_pressure", "now"),
    (["fever=2"], "aseptic_meningitis", "today"),
    (["fever=1", "stiff_neck=1"], "aseptic_meningitis", "now"),
    (["fever=1", "headache=1"], "aseptic_meningitis", "today"),
    (["stiff_neck=2"], "aseptic_meningitis", "today"),
    (["headache=2", "stiff_neck=1"], "aseptic_meningitis", "today"),
    (["breathing_difficulty=3"], "urgent_breathing", "emergency"),
    (["choking=3"], "urgent_breathing", "emergency"),
]
BELOW = [
    ["nausea_vomiting=2"],
    ["fever=1"],
    ["stiff_neck=1"],
    ["headache=1", "stiff_neck=1"],
    ["headache=3"],
    ["breathing_difficulty=2"],
    ["choking=2"],
    ["headache=3", "back_pain=3", "fatigue=3", "weakness=3"],
]


@pytest.mark.parametrize(("symptoms", "rule", "level"), LEVEL_CASES)
def test_each_rule_and_level_at_its_threshold(cli, folder, symptoms, rule, level):
    result = add(cli, folder, "2026-06-15T08:00", *symptoms)
    assert "Warning:" in result.stderr, str(result)
    (item,) = waiting(cli, folder)
    assert (item["rule"], item["level"]) == (rule, level)
    expected = {s.split("=")[0]: int(s.split("=")[1]) for s in symptoms}
    assert item["symptoms"] == expected
    words = result.stderr.lower()
    if level == "emergency":
        assert "call emergency services now" in words and "today" not in words
    elif level == "now":
        assert "contact your care team now" in words
        assert "if you cannot reach them quickly, go to emergency services" in words
    else:
        assert "contact your care team today" in words


@pytest.mark.parametrize("symptoms", BELOW, ids=lambda s: "+".join(s))
def test_below_the_thresholds_nothing_is_printed_or_waiting(cli, folder, symptoms):
    result = add(cli, folder, "2026-06-15T08:00", *symptoms)
    assert "Warning" not in result.stderr and result.stderr.strip() == "", str(result)
    assert waiting(cli, folder) == []


def test_as_usual_after_a_warning_prints_nothing_and_carries_nothing(cli, folder):
    add(cli, folder, "2026-06-14T08:00", "numbness_tingling=2")
    usual = add(cli, folder, "2026-06-15T08:00")
    assert usual.stderr.strip() == "", str(usual)
    listed = cli(folder, "diary", "list", "--json").json()
    assert [e["red_flags"] for e in listed] == [["myelitis_radiculitis"], []]
    assert len(waiting(cli, folder)) == 1


def test_split_symptoms_combine_and_the_later_entry_prints_the_warning(cli, folder):
    first = add(cli, folder, "2026-06-14T08:00", "fever=1")
    assert first.stderr.strip() == ""
    second = add(cli, folder, "2026-06-14T20:00", "headache=1")
    assert "Warning:" in second.stderr
    (item,) = waiting(cli, folder)
    assert item["symptoms"] == {"fever": 1, "headache": 1}
    assert item["at"].startswith("2026-06-14T20:00")


def test_ack_reads_a_warning_and_an_unknown_id_changes_nothing(cli, folder, tmp_path):
    add(cli, folder, "2026-06-15T08:00", "fever=2")
    (item,) = waiting(cli, folder)
    before = snapshot(folder, tmp_path / "scratch")
    assert_refused(cli(folder, "warnings", "ack", "no-such-id"))
    assert_refused(cli(folder, "warnings", "ack", item["id"] + "x"))
    assert snapshot(folder, tmp_path / "scratch") == before
    ok = cli(folder, "warnings", "ack", item["id"])
    assert ok.returncode == 0, str(ok)
    assert waiting(cli, folder) == []
    assert_refused(cli(folder, "warnings", "ack", item["id"]))  # no longer waiting


def test_warnings_are_listed_oldest_first_one_per_episode(cli, folder):
    add(cli, folder, "2026-06-10T08:00", "numbness_tingling=1")
    add(cli, folder, "2026-06-10T20:00", "numbness_tingling=1")  # same episode
    add(cli, folder, "2026-06-14T08:00", "vision_changes=1")
    add(cli, folder, "2026-06-15T08:00", "numbness_tingling=1")  # a new episode
    items = waiting(cli, folder)
    assert [(i["rule"], i["at"][:16]) for i in items] == [
        ("myelitis_radiculitis", "2026-06-10T20:00"),
        ("intracranial_pressure", "2026-06-14T08:00"),
        ("myelitis_radiculitis", "2026-06-15T08:00"),
    ]


def test_known_to_team_is_quiet_for_the_same_symptoms_and_loud_after_7_days_or_when_worse(cli, folder):
    add(cli, folder, "2026-06-01T08:00", "fever=2", today="2026-06-01")
    (item,) = waiting(cli, folder, today="2026-06-01")
    assert cli(folder, "warnings", "ack", item["id"], "--known-to-team", today="2026-06-01").returncode == 0
    same = add(cli, folder, "2026-06-05T08:00", "fever=2", today="2026-06-05")
    assert waiting(cli, folder, today="2026-06-05") == []
    assert "already read" in same.stderr  # it carries the warning; no new banner
    worse = add(cli, folder, "2026-06-06T08:00", "fever=3", today="2026-06-06")
    assert "Warning:" in worse.stderr
    assert [i["symptoms"] for i in waiting(cli, folder, today="2026-06-06")] == [{"fever": 3}]


def test_known_to_team_never_silences_an_emergency(cli, folder):
    add(cli, folder, "2026-06-01T08:00", "choking=3", today="2026-06-01")
    (item,) = waiting(cli, folder, today="2026-06-01")
    ack = cli(folder, "warnings", "ack", item["id"], "--known-to-team", today="2026-06-01")
    assert ack.returncode == 0 and "never kept quiet" in ack.stderr
    add(cli, folder, "2026-06-04T08:00", "choking=3", today="2026-06-04")
    assert [i["level"] for i in waiting(cli, folder, today="2026-06-04")] == ["emergency"]


def test_the_emergency_number_is_the_users_own_and_no_text_has_one(cli, folder):
    result = add(cli, folder, "2026-06-15T08:00", "choking=3")
    for number in ("112", "911", "999", "144"):
        assert number not in result.stderr


def test_paused_treatment_shows_no_due_dates_in_schedule_or_calendar(cli, folder, tmp_path):
    from companion.core.models import TreatmentStatus
    from companion.services import PatientRecords

    assert cli(folder, "dose", "add", "2026-04-01").returncode == 0
    records = PatientRecords.open(folder)
    try:
        records.profile.update(treatment_status=TreatmentStatus.PAUSED)
    finally:
        records.close()
    text = cli.ok(folder, "schedule").stdout
    assert "paused" in text.lower() and "overdue" not in text and "Dose 2" not in text
    assert cli.ok(folder, "schedule", "--json").json() == []
    ics = tmp_path / "c.ics"
    cli.ok(folder, "calendar", "-o", str(ics))
    assert "BEGIN:VEVENT" not in ics.read_text()


def test_a_back_dated_dose_says_the_next_one_is_overdue(cli, folder):
    result = cli.ok(folder, "dose", "add", "2026-04-01")
    assert "overdue" in result.stdout, str(result)


def test_dose_delete_and_diary_delete_are_soft_and_refuse_what_is_not_there(cli, folder):
    cli.ok(folder, "dose", "add", "2026-06-01")
    add(cli, folder, "2026-06-14T08:30", "fever=2")
    assert_refused(cli(folder, "dose", "delete", "2026-06-02"))
    assert_refused(cli(folder, "diary", "delete", "2026-06-14T08:31"))
    cli.ok(folder, "dose", "delete", "2026-06-01")
    cli.ok(folder, "diary", "delete", "2026-06-14T08:30")
    assert cli.ok(folder, "dose", "list", "--json").json() == []
    assert cli.ok(folder, "diary", "list", "--json").json() == []
    assert waiting(cli, folder) == []  # a deleted entry's warning is gone with it
    from companion.services import PatientRecords

    records = PatientRecords.open(folder)
    try:
        assert len(records.deleted_items()) == 2  # restorable in the window
    finally:
        records.close()


def test_diary_list_prints_no_terminal_control_codes(cli, folder):
    cli.ok(folder, "diary", "add", "--at", "2026-06-14T08:30", "--note", "ok \x1b]0;pwned\x07\x1b[31mred")
    text = cli.ok(folder, "diary", "list").stdout
    assert "\x1b" not in text and "\x07" not in text
    assert "red" in text


def test_a_dose_in_year_1_is_refused_not_a_crash(cli, folder):
    """Found by the command-line fuzz test: it was stored, then left out of the history (exit 1)."""
    assert_refused(cli(folder, "dose", "add", "0001-01-01"))
    assert not (folder / "companion.sqlite3").exists()


@pytest.mark.parametrize(
    "period",
    [["--from", "2030-01-01"], ["--from", "2026-06-10", "--to", "2026-06-01"], ["--to", "2020-01-01"]],
    ids=["future-start", "start-after-end", "end-before-the-default-start"],
)
def test_a_refused_report_on_a_new_folder_creates_nothing(cli, folder, tmp_path, period):
    """Issue 17, L1: found by the data-safety helper's adversarial run."""
    assert_refused(cli(folder, "report", *period, "-o", str(tmp_path / "r.pdf")))
    assert not folder.exists() or not any(folder.iterdir())
    assert not (tmp_path / "r.pdf").exists()


def test_a_dose_note_too_long_is_refused_before_the_folder_is_made(cli, folder):
    assert_refused(cli(folder, "dose", "add", "2026-06-01", "--note", "x" * 100_001))
    assert not folder.exists() or not any(folder.iterdir())
