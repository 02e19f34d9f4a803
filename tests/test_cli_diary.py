"""The diary on the command line (design.md §8, with §3 and §5), run as real subprocesses.

``diary add [--at DATETIME] [--by NAME] [--symptom CODE=SEVERITY]... [--note TEXT]`` and
``diary list [--from DATE] [--to DATE] [--json]`` →
``[{"at", "by", "symptoms": {code: severity}, "note", "red_flags": [rule codes]}]``.
Judged against the specification: expected values are written out by hand from design.md (entries
kept as local time with their UTC offset, days counted by local date, red flags judged with the 48
hours before an entry), never computed with the app's code. Every run fixes "today" with
``COMPANION_TODAY`` and points ``--data-dir`` and the XDG folders at temporary folders.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from cli_harness import Cli as BaseCli
from cli_harness import Result, assert_refused, files_in, snapshot

ENTRY_KEYS = {"at", "by", "symptoms", "note", "red_flags"}
RULE_CODES = {"myelitis_radiculitis", "intracranial_pressure", "aseptic_meningitis", "urgent_breathing"}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")

# The catalogue of design.md §5, every code.
CATALOGUE = [
    *("headache", "back_pain", "injection_site_pain", "nausea_vomiting", "fever"),
    *("stiff_neck", "vision_changes", "confusion", "numbness_tingling", "radiating_pain"),
    *("sudden_weakness", "bladder_bowel_control"),
    *("weakness", "muscle_cramps", "muscle_stiffness", "twitching", "limb_pain", "joint_pain"),
    *("muscle_pain", "fatigue", "breathing_difficulty", "swallowing_difficulty", "speech_difficulty"),
    *("choking", "fall", "sleep_problems", "low_mood"),
    "other",
]


# --- running the app ---------------------------------------------------------------------------


class Cli(BaseCli):
    """The command line, with conveniences for the diary."""

    def add(self, data_dir: Path, *args: str) -> Result:
        result = self(data_dir, "diary", "add", *args)
        assert result.returncode == 0, str(result)
        return result

    def entries(self, data_dir: Path, *extra: str) -> list[dict]:
        result = self(data_dir, "diary", "list", *extra, "--json")
        value = result.json()
        check_shape(value, result)
        return value


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "run")


# --- checks ---------------------------------------------------------------------------------------


def check_shape(value, result: Result) -> None:
    assert isinstance(value, list), str(result)
    for item in value:
        assert isinstance(item, dict) and set(item) == ENTRY_KEYS, f"keys {sorted(item)}\n{result}"
        assert isinstance(item["at"], str) and ISO_WITH_OFFSET.match(item["at"]), f"at {item['at']!r}"
        assert isinstance(item["by"], str) and item["by"], str(result)
        assert isinstance(item["symptoms"], dict), str(result)
        for code, severity in item["symptoms"].items():
            assert code in CATALOGUE and type(severity) is int and 1 <= severity <= 3, str(result)
        assert isinstance(item["note"], str), str(result)
        assert isinstance(item["red_flags"], list), str(result)
        assert all(code in RULE_CODES for code in item["red_flags"]), str(result)


def when(text: str) -> tuple[dt.datetime, dt.timedelta | None]:
    """An instant and the UTC offset it was written with."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value, value.utcoffset()


def expected_entry(at: str, by: str = "patient", symptoms=None, note: str = "", red_flags=()) -> dict:
    return {
        "at": when(at),
        "by": by,
        "symptoms": symptoms or {},
        "note": note,
        "red_flags": sorted(red_flags),
    }


def comparable(item: dict) -> dict:
    """A listed entry with its time parsed (seconds written or not) and its flags sorted (the
    contract does not fix their order)."""
    return {**item, "at": when(item["at"]), "red_flags": sorted(item["red_flags"])}


# --- add and list ---------------------------------------------------------------------------------


def test_add_and_list_json_shape_authors_local_time_and_order(tmp_path):
    """Local time with the offset in force on that day (Berlin: +01:00 in January, +02:00 in June),
    ``--by`` defaulting to "patient", oldest first, and the default time is now (today)."""
    cli = Cli(tmp_path / "run", tz="Europe/Berlin")
    folder = tmp_path / "patient"
    cli.add(
        folder,
        *"--at 2026-06-10T09:00+02:00 --symptom headache=1 --symptom back_pain=2".split(),
        "--note",
        "after the injection",
    )
    cli.add(
        folder,
        *"--at 2026-01-10T09:00 --symptom fatigue=2 --symptom muscle_cramps=1".split(),
        "--by",
        "Anna (wife)",
    )
    cli.add(folder, "--at", "2026-06-12T07:15", "--by", "Anna (wife)")
    cli.add(folder, "--symptom", "weakness=1")  # now, on COMPANION_TODAY

    listed = cli.entries(folder)
    assert len(listed) == 4, listed
    *earlier, newest = listed
    assert [comparable(e) for e in earlier] == [
        expected_entry("2026-01-10T09:00+01:00", "Anna (wife)", {"fatigue": 2, "muscle_cramps": 1}),
        expected_entry(
            "2026-06-10T09:00+02:00", "patient", {"headache": 1, "back_pain": 2}, "after the injection"
        ),
        expected_entry("2026-06-12T07:15+02:00", "Anna (wife)"),
    ]
    at, offset = when(newest["at"])
    assert at.date() == dt.date(2026, 6, 15) and offset == dt.timedelta(hours=2), newest
    assert {k: v for k, v in newest.items() if k != "at"} == {
        "by": "patient",
        "symptoms": {"weakness": 1},
        "note": "",
        "red_flags": [],
    }


def test_unicode_notes_and_a_caregivers_name_round_trip_exactly(cli, data_dir):
    notes = [
        "Kopfweh seit dem Morgen 🤕 — 头痛，恶心\nصداع خفيف بعد الحقنة\r\nनमस्ते\tcafe\u0301 (NFD) 👩🏽‍⚕️ ✓︎",
        "Ελληνικά · עברית · 日本語のメモ\n\nzweite Zeile 🇩🇪 and ẞ",
    ]
    cli.add(data_dir, "--at", "2026-06-11T08:00+02:00", "--note", notes[0], "--by", "Zoë Ōkubo (daughter) 👩")
    cli.add(data_dir, "--at", "2026-06-11T09:00+02:00", "--note", notes[1])
    listed = cli.entries(data_dir)
    assert [(e["note"], e["by"]) for e in listed] == [
        (notes[0], "Zoë Ōkubo (daughter) 👩"),
        (notes[1], "patient"),
    ]


def test_list_period_is_inclusive_by_the_local_date_of_each_entry(cli, data_dir):
    a = "2026-06-02T00:30+02:00"  # 1 June 22:30 UTC; local date 2 June
    b = "2026-06-01T23:30-05:00"  # 2 June 04:30 UTC; local date 1 June
    c = "2026-06-03T12:00+00:00"
    for text in (a, b, c):
        cli.add(data_dir, "--at", text)

    def listed(*args: str) -> list[tuple]:
        return [when(e["at"]) for e in cli.entries(data_dir, *args)]

    assert listed() == [when(a), when(b), when(c)]  # oldest first, by instant
    assert listed("--from", "2026-06-02", "--to", "2026-06-02") == [when(a)]
    assert listed("--from", "2026-06-01", "--to", "2026-06-01") == [when(b)]
    assert listed("--from", "2026-06-02") == [when(a), when(c)]


def test_list_of_a_folder_with_nothing_yet_is_empty_and_creates_nothing(cli, data_dir):
    assert cli.entries(data_dir) == []
    assert files_in(data_dir) == []


# --- red flags in the listing (design.md §5) --------------------------------------------------------


def test_red_flags_are_judged_with_the_48_hours_before_each_entry(cli, data_dir):
    entries = [
        # fever mild alone: nothing; exactly 48 h later (09:00 at +02:00 is 07:00 UTC) a headache:
        # "fever with headache (any)"; the later entry does not flag the earlier one.
        ("2026-06-01T09:00+02:00", ["--symptom", "fever=1"], []),
        ("2026-06-03T07:00+00:00", ["--symptom", "headache=1"], ["aseptic_meningitis"]),
        # severe headache alone: nothing; nausea 48 h 01 min later does not combine with it.
        ("2026-06-05T12:00+00:00", ["--symptom", "headache=3"], []),
        ("2026-06-07T13:01+01:00", ["--symptom", "nausea_vomiting=1"], []),
        # any numbness; then "I feel as usual" an hour later carries nothing (issue 15).
        ("2026-06-10T09:00+02:00", ["--symptom", "numbness_tingling=1"], ["myelitis_radiculitis"]),
        ("2026-06-10T10:00+02:00", [], []),
        # severe breathing trouble; new bladder trouble at any severity (issue 16).
        (
            "2026-06-13T20:00-04:00",
            ["--symptom", "breathing_difficulty=3", "--symptom", "bladder_bowel_control=1"],
            ["myelitis_radiculitis", "urgent_breathing"],
        ),
    ]
    for at, args, _flags in entries:
        cli.add(data_dir, "--at", at, *args)
    listed = cli.entries(data_dir)
    assert [(when(e["at"]), sorted(e["red_flags"])) for e in listed] == [
        (when(at), flags) for at, _args, flags in entries
    ]
    # Listing one day only: the entry is still judged with the 48 hours before it.
    (only,) = cli.entries(data_dir, "--from", "2026-06-03", "--to", "2026-06-03")
    assert comparable(only) == expected_entry(
        "2026-06-03T07:00+00:00", symptoms={"headache": 1}, red_flags=["aseptic_meningitis"]
    )


def test_every_catalogue_code_is_accepted(cli, data_dir):
    args = [arg for code in CATALOGUE for arg in ("--symptom", f"{code}=1")]
    cli.add(data_dir, "--at", "2026-06-14T18:00+02:00", *args)
    (listed,) = cli.entries(data_dir)
    assert listed["symptoms"] == dict.fromkeys(CATALOGUE, 1)
    # all mild: numbness (myelitis), vision changes (pressure), fever with headache (meningitis);
    # breathing trouble and choking only when severe.
    assert sorted(listed["red_flags"]) == sorted(
        ["myelitis_radiculitis", "intracranial_pressure", "aseptic_meningitis"]
    )


# --- refusals: exit 2, one line on stderr, nothing written -------------------------------------------


@pytest.fixture(scope="module")
def recorded_folder(tmp_path_factory):
    """A data folder with one entry by a caregiver."""
    base = tmp_path_factory.mktemp("recorded")
    folder = base / "patient"
    Cli(base / "run").add(
        folder, "--at", "2026-06-09T08:00+02:00", "--by", "Anna", "--symptom", "fatigue=2", "--note", "tired"
    )
    return folder


REFUSALS = [
    pytest.param(["diary", "add", "--symptom", "migraine=2"], id="unknown-code"),
    pytest.param(["diary", "add", "--symptom", "headache=0"], id="severity-0"),
    pytest.param(["diary", "add", "--symptom", "headache=4"], id="severity-4"),
    pytest.param(["diary", "add", "--symptom", "headache=-1"], id="severity-minus-1"),
    pytest.param(["diary", "add", "--symptom", "headache=x"], id="severity-x"),
    pytest.param(["diary", "add", "--symptom", "headache=2.5"], id="severity-2.5"),
    pytest.param(["diary", "add", "--symptom", "headache"], id="no-severity"),
    pytest.param(["diary", "add", "--symptom", "headache="], id="empty-severity"),
    pytest.param(["diary", "add", "--symptom", "headache=1", "--symptom", "headache=2"], id="duplicate-code"),
    pytest.param(["diary", "add", "--at", "2026-06-10T25:00"], id="hour-25"),
    pytest.param(["diary", "add", "--at", "2026-02-30T10:00"], id="date-not-in-calendar"),
    pytest.param(["diary", "add", "--at="], id="datetime-empty"),
    pytest.param(["diary", "add", "--at", "2026-06-16T08:00+02:00", "--note", "x"], id="future-date"),
    pytest.param(["diary", "list", "--from", "2026-06-10", "--to", "2026-06-01"], id="list-reversed"),
    pytest.param(["diary", "list", "--from", "2026/06/01", "--json"], id="list-date-not-iso"),
    pytest.param(["diary", "list", "--to=", "--json"], id="list-date-empty"),
]


@pytest.mark.parametrize("args", REFUSALS)
def test_refusal_changes_nothing(cli, tmp_path, recorded_folder, args):
    folder = tmp_path / "patient"
    shutil.copytree(recorded_folder, folder)
    before = snapshot(folder, tmp_path / "scratch")
    result = cli(folder, *args)
    assert_refused(result)
    assert snapshot(folder, tmp_path / "scratch") == before, f"stored data changed\n{result}"


def test_refusal_in_a_new_folder_creates_nothing(cli, data_dir):
    result = cli(data_dir, "diary", "add", "--at", "2026-06-10T09:00+02:00", "--symptom", "headache=9")
    assert_refused(result)
    assert files_in(data_dir) == [], f"a refused command wrote files: {files_in(data_dir)}\n{result}"
