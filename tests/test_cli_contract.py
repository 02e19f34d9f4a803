"""The command-line contract (design.md §4 and §8; label-facts.md §1), run as real subprocesses.

These tests judge the app against the specification: exit codes, JSON shapes, the schedule rule
(14 days after dose 1 or 2, 28 days after dose 3 and later, counted from the date actually given),
and refusals that are one line on stderr and write nothing. Every run fixes "today" with
``COMPANION_TODAY`` and points ``--data-dir`` and the XDG folders at temporary folders.
Expected dates are written out by hand from the label schedule, not computed with the app's code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_harness import SQLITE_MAGIC, Result, assert_refused, files_in, snapshot
from cli_harness import Cli as BaseCli

DOSE_KEYS = {"number", "phase", "given_on", "due_on", "days_late"}
SCHEDULE_KEYS = {"number", "phase", "due_on"}


# --- running the app ---------------------------------------------------------------------------


class Cli(BaseCli):
    """The command line, with conveniences for doses and the schedule."""

    # Conveniences ------------------------------------------------------------------------------

    def add(self, data_dir: Path, *args: str) -> Result:
        result = self(data_dir, "dose", "add", *args)
        assert result.returncode == 0, str(result)
        return result

    def doses(self, data_dir: Path, *extra: str) -> list[dict]:
        result = self(data_dir, *extra, "dose", "list", "--json")
        value = result.json()
        check_dose_list_shape(value, result)
        return value

    def schedule(self, data_dir: Path, *extra: str, count: int | None = None) -> list[dict]:
        args = [*extra, "schedule", "--json"]
        if count is not None:
            args += ["--count", str(count)]
        result = self(data_dir, *args)
        value = result.json()
        check_schedule_shape(value, result)
        return value


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "run")


# --- checks ---------------------------------------------------------------------------------------


def check_dose_list_shape(value, result: Result) -> None:
    assert isinstance(value, list), str(result)
    for item in value:
        assert isinstance(item, dict) and set(item) == DOSE_KEYS, f"keys {sorted(item)}\n{result}"
        assert type(item["number"]) is int and item["number"] >= 1, str(result)
        assert item["phase"] in ("loading", "maintenance"), str(result)
        assert isinstance(item["given_on"], str), str(result)
        assert item["due_on"] is None or isinstance(item["due_on"], str), str(result)
        assert item["days_late"] is None or type(item["days_late"]) is int, str(result)
        assert (item["due_on"] is None) == (item["days_late"] is None), str(result)


def check_schedule_shape(value, result: Result) -> None:
    assert isinstance(value, list), str(result)
    for item in value:
        assert isinstance(item, dict) and set(item) == SCHEDULE_KEYS, f"keys {sorted(item)}\n{result}"
        assert type(item["number"]) is int, str(result)
        assert item["phase"] in ("loading", "maintenance"), str(result)
        assert isinstance(item["due_on"], str), str(result)


def by_date(doses: list[dict]) -> dict[str, dict]:
    """The dose list keyed by date given (the contract does not fix the list's order)."""
    keyed = {d["given_on"]: d for d in doses}
    assert len(keyed) == len(doses), f"two entries for one day: {doses}"
    return keyed


def dose(number: int, given_on: str, due_on: str | None = None, days_late: int | None = None) -> dict:
    return {
        "number": number,
        "phase": "loading" if number <= 3 else "maintenance",
        "given_on": given_on,
        "due_on": due_on,
        "days_late": days_late,
    }


def due(number: int, due_on: str) -> dict:
    return {"number": number, "phase": "loading" if number <= 3 else "maintenance", "due_on": due_on}


# --- the schedule from recorded doses (design.md §4, label-facts.md §1) -----------------------------


def test_on_time_course_numbers_phases_and_default_schedule(cli, data_dir):
    """Label days 1, 15, 29, 57, 85: three loading doses 14 days apart, then maintenance every 28."""
    given = ["2026-03-02", "2026-03-16", "2026-03-30", "2026-04-27", "2026-05-25"]
    for day in given:
        result = cli.add(data_dir, day)
        assert "\n" not in result.stderr.strip(), str(result)

    assert by_date(cli.doses(data_dir)) == {
        "2026-03-02": dose(1, "2026-03-02"),
        "2026-03-16": dose(2, "2026-03-16", "2026-03-16", 0),
        "2026-03-30": dose(3, "2026-03-30", "2026-03-30", 0),
        "2026-04-27": dose(4, "2026-04-27", "2026-04-27", 0),
        "2026-05-25": dose(5, "2026-05-25", "2026-05-25", 0),
    }
    expected = [
        due(6, "2026-06-22"),
        due(7, "2026-07-20"),
        due(8, "2026-08-17"),
        due(9, "2026-09-14"),
        due(10, "2026-10-12"),
        due(11, "2026-11-09"),
    ]
    assert cli.schedule(data_dir) == expected  # default: 6 items, next due first
    assert cli.schedule(data_dir, count=10) == [
        *expected,
        due(12, "2026-12-07"),
        due(13, "2027-01-04"),
        due(14, "2027-02-01"),
        due(15, "2027-03-01"),
    ]


def test_late_and_early_doses_move_the_next_one_and_overdue_dose_keeps_its_date(cli, data_dir):
    """Dose 2 late by 4 days moves dose 3; dose 3 two days early moves dose 4; dose 4 a week late.

    Added out of date order: numbers still follow date order. The next due dose (5, due 3 June) is
    overdue on 15 June and keeps its exact date; later doses are projected from today.
    """
    for day in ("2026-03-02", "2026-04-01", "2026-03-20", "2026-05-06"):
        cli.add(data_dir, day)

    # --lang must not change the JSON (codes, ISO dates).
    assert by_date(cli.doses(data_dir, "--lang", "fr")) == {
        "2026-03-02": dose(1, "2026-03-02"),
        "2026-03-20": dose(2, "2026-03-20", "2026-03-16", 4),
        "2026-04-01": dose(3, "2026-04-01", "2026-04-03", -2),
        "2026-05-06": dose(4, "2026-05-06", "2026-04-29", 7),
    }
    assert cli.schedule(data_dir) == [
        due(5, "2026-06-03"),
        due(6, "2026-07-13"),
        due(7, "2026-08-10"),
        due(8, "2026-09-07"),
        due(9, "2026-10-05"),
        due(10, "2026-11-02"),
    ]


@pytest.mark.parametrize(
    ("add_args", "lang", "expected"),
    [
        pytest.param(
            ["2026-06-10"],
            "de",
            [
                due(2, "2026-06-24"),
                due(3, "2026-07-08"),
                due(4, "2026-08-05"),
                due(5, "2026-09-02"),
                due(6, "2026-09-30"),
                due(7, "2026-10-28"),
            ],
            id="dose1-recent",
        ),
        pytest.param(
            ["2026-05-01"],
            "it",
            [
                due(2, "2026-05-15"),  # overdue: exact due date, even though past
                due(3, "2026-06-29"),  # projected from today (15 June) + 14
                due(4, "2026-07-27"),  # + 28 after dose 3
                due(5, "2026-08-24"),
                due(6, "2026-09-21"),
                due(7, "2026-10-19"),
            ],
            id="dose1-overdue-dose2",
        ),
        pytest.param(
            ["2026-06-05", "--number", "2"],
            "en",
            [
                due(3, "2026-06-19"),
                due(4, "2026-07-17"),
                due(5, "2026-08-14"),
                due(6, "2026-09-11"),
                due(7, "2026-10-09"),
                due(8, "2026-11-06"),
            ],
            id="user-numbered-dose2",
        ),
    ],
)
def test_schedule_after_one_dose(cli, data_dir, add_args, lang, expected):
    cli.add(data_dir, *add_args)
    assert cli.schedule(data_dir, "--lang", lang) == expected


def test_user_set_numbers_and_restarted_loading(cli, data_dir):
    """A user-set number (12, and 1 after a gap) has no due date; later doses count on from it.

    Added out of date order: the dose of 2 March becomes dose 13 once dose 12 (2 February) exists.
    """
    cli.add(data_dir, "2026-03-02")
    cli.add(data_dir, "2026-02-02", "--number", "12")
    cli.add(data_dir, "2026-05-01", "--number", "1")
    cli.add(data_dir, "2026-05-18")

    assert by_date(cli.doses(data_dir)) == {
        "2026-02-02": dose(12, "2026-02-02"),
        "2026-03-02": dose(13, "2026-03-02", "2026-03-02", 0),
        "2026-05-01": dose(1, "2026-05-01"),
        "2026-05-18": dose(2, "2026-05-18", "2026-05-15", 3),
    }
    assert cli.schedule(data_dir) == [
        due(3, "2026-06-01"),
        due(4, "2026-07-13"),
        due(5, "2026-08-10"),
        due(6, "2026-09-07"),
        due(7, "2026-10-05"),
        due(8, "2026-11-02"),
    ]


def test_no_dose_means_empty_schedule_and_empty_list(cli, data_dir):
    assert cli.schedule(data_dir) == []
    assert cli.doses(data_dir) == []


# --- warnings that still record ------------------------------------------------------------------


def test_dose_less_than_10_days_from_another_is_recorded_with_a_warning(cli, data_dir):
    cli.add(data_dir, "2026-05-10")
    before = cli.add(data_dir, "2026-05-01")  # 9 days before the dose of 10 May
    assert before.stderr.strip(), f"expected a warning on stderr (doses 9 days apart)\n{before}"
    at_ten = cli.add(data_dir, "2026-05-20")  # exactly 10 days after 10 May: not "less than 10"
    assert at_ten.stderr.strip() == "", f"no warning expected for doses 10 days apart\n{at_ten}"

    assert by_date(cli.doses(data_dir)) == {
        "2026-05-01": dose(1, "2026-05-01"),
        "2026-05-10": dose(2, "2026-05-10", "2026-05-15", -5),
        "2026-05-20": dose(3, "2026-05-20", "2026-05-24", -4),
    }


def test_unicode_place_note_and_optional_fields_are_accepted(cli, data_dir, tmp_path):
    place, note = "Universitätsklinik Zürich — 神経内科", "Kopfschmerz danach 😊; ça va; Привет; مرحبا"
    result = cli(
        data_dir,
        "dose",
        "add",
        "2026-06-01",
        "--time",
        "09:30",
        "--by",
        "Dr. Ōno Zoë",
        "--csf-ml",
        "10",
        "--lot",
        "ÄB-12",
        "--place",
        place,
        "--note",
        note,
    )
    assert result.returncode == 0, str(result)
    assert cli.doses(data_dir) == [dose(1, "2026-06-01")]
    # Stored intact (not mangled by an encoding step): the exact texts are somewhere in the data.
    # (iterdump writes text values as SQL literals; these two texts hold no quote to escape.)
    dumps = snapshot(data_dir, tmp_path / "scratch").values()
    stored = "\n".join(line for dump in dumps if isinstance(dump, list) for line in dump)
    assert place in stored and note in stored, stored


# --- refusals: exit 2, one line on stderr, nothing written ---------------------------------------

FRESH_REFUSALS = [
    pytest.param(["dose", "add", "2026-06-16"], id="future-date"),
    pytest.param(["dose", "add", "2026/05/01"], id="date-slashes"),
    pytest.param(["dose", "add", "yesterday"], id="date-word"),
    pytest.param(["dose", "add", ""], id="date-empty"),
    pytest.param(["dose", "add", "2026-06-10", "--number", "-1"], id="number-negative"),
    pytest.param(["dose", "add", "2026-06-10", "--number", "x"], id="number-not-a-number"),
    pytest.param(["dose", "add", "2026-06-10", "--time="], id="time-empty"),
    pytest.param(["dose", "add", "2026-06-10", "--time", "25:00"], id="time-impossible"),
    pytest.param(["dose", "add", "2026-06-10", "--bogus", "x"], id="unknown-option"),
    pytest.param(["dose", "add"], id="missing-date"),
    pytest.param(["frobnicate"], id="unknown-command"),
    pytest.param(["schedule", "--count", "0", "--json"], id="count-zero"),
    pytest.param(["schedule", "--count", "-1", "--json"], id="count-negative"),
    pytest.param(["schedule", "--count", "x", "--json"], id="count-not-a-number"),
]


@pytest.mark.parametrize("args", FRESH_REFUSALS)
def test_refusal_in_a_new_folder_creates_no_database(cli, data_dir, args):
    assert not data_dir.exists()
    result = cli(data_dir, *args)
    assert_refused(result)
    assert files_in(data_dir) == [], f"a refused command wrote files: {files_in(data_dir)}\n{result}"


@pytest.fixture(scope="module")
def recorded_folder(tmp_path_factory):
    """A data folder with doses on 18 May and 1 June 2026, and its dose list."""
    base = tmp_path_factory.mktemp("recorded")
    runner = Cli(base / "run")
    folder = base / "patient"
    runner.add(folder, "2026-05-18")
    runner.add(folder, "2026-06-01")
    listed = runner.doses(folder)
    assert by_date(listed) == {
        "2026-05-18": dose(1, "2026-05-18"),
        "2026-06-01": dose(2, "2026-06-01", "2026-06-01", 0),
    }
    return folder, listed


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["dose", "add", "2026-06-01"], id="same-day"),
        pytest.param(["dose", "add", "2026-06-16", "--place", "Clinic"], id="future-date"),
        pytest.param(["dose", "add", "2026-02-30"], id="date-not-in-calendar"),
        pytest.param(["dose", "add", "2026-06-10", "--number", "0"], id="number-zero"),
        pytest.param(["--lang", "xx", "dose", "add", "2026-06-10"], id="unknown-lang"),
    ],
)
def test_refusal_with_records_changes_nothing(cli, tmp_path, recorded_folder, args):
    original, listed = recorded_folder
    folder = tmp_path / "patient"
    shutil.copytree(original, folder)
    before = snapshot(folder, tmp_path / "scratch")

    result = cli(folder, *args)
    assert_refused(result)
    assert cli.doses(folder) == listed, f"dose list changed after a refusal\n{result}"
    assert snapshot(folder, tmp_path / "scratch") == before, f"stored data changed\n{result}"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["dose", "add", "2026-06-01"], id="dose-add"),
        pytest.param(["dose", "list", "--json"], id="dose-list"),
    ],
)
def test_data_dir_that_is_a_regular_file_is_invalid_input(cli, tmp_path, args):
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_bytes(b"keep me\n")
    result = cli(not_a_folder, *args)
    assert_refused(result)
    assert not_a_folder.is_file() and not_a_folder.read_bytes() == b"keep me\n"


# --- other failures: exit 1 ------------------------------------------------------------------------


def test_damaged_database_is_a_failure_not_invalid_input(cli, data_dir):
    cli.add(data_dir, "2026-06-01")
    databases = [p for p in data_dir.rglob("*") if p.is_file() and p.read_bytes().startswith(SQLITE_MAGIC)]
    assert databases, f"no SQLite file in the data folder: {files_in(data_dir)}"
    for path in databases:
        path.write_bytes(b"this is not a database, it was damaged\n" * 200)

    result = cli(data_dir, "dose", "list", "--json")
    assert result.returncode == 1, f"expected exit 1 (other failure)\n{result}"
    assert result.stderr.strip(), str(result)
    assert "Traceback" not in result.stderr, str(result)


def test_global_options_are_also_accepted_after_the_command(cli, data_dir):
    """``companion dose add DATE --data-dir DIR`` works as well as the documented order."""
    result = cli(None, "dose", "add", "2026-06-01", "--data-dir", str(data_dir), "--lang", "de")
    assert result.returncode == 0, str(result)
    listed = cli(None, "dose", "list", "--json", "--data-dir", str(data_dir))
    assert [d["given_on"] for d in listed.json()] == ["2026-06-01"]
    assert cli.schedule(data_dir, count=1) == [{"number": 2, "phase": "loading", "due_on": "2026-06-15"}]


def test_an_empty_data_dir_is_invalid_input_and_touches_no_default_folder(cli, tmp_path):
    result = cli(None, "--data-dir=", "dose", "add", "2026-06-01")
    assert result.returncode == 2, str(result)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (cli.home / "data").exists(), "nothing was written to the default data folder"


@pytest.mark.parametrize("words", [["--help"], ["-h"], ["--lang", "de", "--help"], ["--data-dir", "x", "-h"]])
def test_help_lists_every_command(cli, words):
    """The window builds only its own part of the command line; help must still show all of it."""
    result = cli(None, *words)
    assert result.returncode == 0, str(result)
    for command in ("gui", "dose", "diary", "alsfrs", "schedule", "report", "calendar", "backup", "restore"):
        assert command in result.stdout, str(result)


@pytest.mark.parametrize(
    "words", [["gui", "--no-such-option"], ["--data-dir", "x", "gui", "extra"], ["--lang", "de", "--bogus"]]
)
def test_window_words_that_are_wrong_are_refused_before_anything_opens(cli, tmp_path, words):
    result = cli(None, *[str(tmp_path / w) if w == "x" else w for w in words])
    assert_refused(result)
    assert not (tmp_path / "x").exists()
