"""Calendar export parsed back by two independent libraries, and reminders on the right days."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from companion.core.models import Appointment, AppointmentKind, DoseRecord, TreatmentStatus
from companion.core.reminders import ReminderKind
from companion.services import PatientRecords
from companion.ui.app import create_window

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def records(data_dir):
    today = {"value": TODAY}
    r = PatientRecords.open(data_dir, today=lambda: today["value"])
    r.clock = today
    r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 26), number=5))  # next due 23 June
    r.appointments.book(Appointment(on=dt.date(2026, 6, 24), at=dt.time(9, 30), place="Day unit"))
    r.appointments.book(Appointment(on=dt.date(2026, 7, 1), kind=AppointmentKind.NEUROLOGY))
    r.appointments.book(Appointment(on=dt.date(2026, 6, 10), outcome=None, place="past, no outcome"))
    yield r
    r.close()


def events(data: bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_one_event_per_dose_a_booking_replacing_its_due_date_with_alarms_the_day_before_and_that_morning(
    records,
):
    """Issue 19: a booked dose was listed twice (its due date and its appointment)."""
    data = records.calendar.ics()
    found = events(data)
    schedule = records.schedule.upcoming()
    doses = [e for e in found if str(e["uid"]).startswith("dose-")]
    bookings = [e for e in found if str(e["uid"]).startswith("appointment-")]
    # Dose 6's booking (10 June) has passed with no outcome: its due date stays. Dose 7 is booked
    # for 24 June at 09:30: that appointment is its only event.
    assert [e.decoded("dtstart") for e in doses] == [d.due_on for d in schedule if d.number != 7]
    assert len(bookings) == 2, "upcoming appointments only; the past one without outcome is left out"
    for event in doses:  # all day: 09:00 the day before, 08:00 on the day
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [dt.timedelta(hours=-15), dt.timedelta(hours=8)]
    timed_alarms = next(e for e in bookings if e.get("location") == "Day unit").walk("VALARM")
    # 09:30: the same time the day before, and at 08:00 that morning.
    assert sorted(a.decoded("trigger") for a in timed_alarms) == [
        dt.timedelta(days=-1),
        dt.timedelta(hours=-1, minutes=-30),
    ]
    for event in found:
        assert all(str(a["action"]) == "DISPLAY" for a in event.walk("VALARM"))
    assert all(str(e["status"]) == "TENTATIVE" for e in doses), "projected doses are tentative"
    assert all(str(e["status"]) == "CONFIRMED" for e in bookings)
    # Neutral titles by default: calendars sync to the cloud.
    assert {str(e["summary"]) for e in doses} == {"Treatment appointment"}
    assert "tofersen" not in data.decode().lower()
    timed = next(e for e in bookings if e.get("location") == "Day unit")
    start = timed.decoded("dtstart")
    assert start.astimezone() == dt.datetime(2026, 6, 24, 9, 30).astimezone()


def test_reexporting_keeps_uids_and_raises_sequence_only_for_changed_events(records):
    first = {str(e["uid"]): e for e in events(records.calendar.ics())}
    second = {str(e["uid"]): e for e in events(records.calendar.ics())}
    assert first.keys() == second.keys()
    assert all(int(second[uid]["sequence"]) == int(first[uid]["sequence"]) for uid in first)
    # Dose 6 is given late: every later due date moves; their events get a higher SEQUENCE.
    records.clock["value"] = dt.date(2026, 6, 26)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 6, 26)))
    third = {str(e["uid"]): e for e in events(records.calendar.ics())}
    moved = [
        uid
        for uid in third
        if uid in first and third[uid].decoded("dtstart") != first[uid].decoded("dtstart")
    ]
    assert moved
    for uid in moved:
        assert int(third[uid]["sequence"]) == int(first[uid]["sequence"]) + 1


def test_naming_the_drug_in_titles_is_the_users_choice(records):
    records.profile.update(calendar_detail=True)
    found = events(records.calendar.ics())
    titles = {str(e["summary"]) for e in found}
    assert "Tofersen: Dose 6 (maintenance)" in titles
    assert all(str(a["description"]) == str(e["summary"]) for e in found for a in e.walk("VALARM"))


def test_a_second_independent_parser_reads_the_same_events(records):
    data = records.calendar.ics().decode()
    parsed = IcsCalendarStream.calendar_from_ics(data).events
    uids = sorted(event.uid for event in parsed)
    assert uids == sorted(str(e["uid"]) for e in events(data.encode()))
    starts = sorted(str(event.dtstart) for event in parsed if event.uid.startswith("dose-"))
    assert starts == sorted(str(d.due_on) for d in records.schedule.upcoming() if d.number != 7)
    assert all(len(event.alarm) == 2 for event in parsed), "the day before, and that morning"


def test_stopped_treatment_exports_no_due_doses(records):
    records.profile.update(treatment_status=TreatmentStatus.STOPPED)
    assert not [e for e in events(records.calendar.ics()) if str(e["uid"]).startswith("dose-")]


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (dt.date(2026, 6, 20), None),  # 3 days before: not yet (reminder 2 days before)
        (dt.date(2026, 6, 21), ReminderKind.SOON),
        (dt.date(2026, 6, 22), ReminderKind.SOON),
        (dt.date(2026, 6, 23), ReminderKind.DUE_TODAY),
    ],
)
def test_reminders_come_on_the_right_days(data_dir, today, kind):
    r = PatientRecords.open(data_dir, today=lambda: today)
    r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 26), number=5))
    reminder = r.calendar.current_reminder()
    assert (reminder.kind if reminder else None) == kind
    r.close()


def test_overdue_reminder_closed_stays_closed_and_none_when_paused(data_dir):
    r = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 6, 26))
    r.doses.record(DoseRecord(given_on=dt.date(2026, 5, 26), number=5))
    reminder = r.calendar.current_reminder()
    assert reminder.kind is ReminderKind.OVERDUE
    assert "3 days ago" in reminder.text and "contact your clinic" in reminder.text
    r.calendar.dismiss_reminder(reminder)
    assert r.calendar.current_reminder() is None
    r.close()
    r = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 6, 20))
    r.profile.update(treatment_status=TreatmentStatus.PAUSED)
    assert r.calendar.current_reminder() is None
    r.close()


def test_the_home_screen_shows_the_reminder_until_closed(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-22")
    window = create_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    panel = window.home.setup_panel
    panel.date.set_date(dt.date(2026, 5, 26))
    panel.which.setCurrentIndex(panel.which.findData("maintenance"))
    panel.maintenance_number.setValue(5)
    with qtbot.waitSignal(window.home.reminder_shown):
        panel.save_button.click()
    bar = window.home.reminder_bar
    assert bar.isVisible()
    assert (
        bar.text.text()
        == "Dose 6 (maintenance) is due in 1 day, on Tuesday, June 23, 2026. Is your appointment booked?"
    )
    bar.close_button.click()
    assert not bar.isVisible()
    window.home.refresh()
    assert not bar.isVisible(), "a closed reminder does not come back"
    window.history.undo()
    assert bar.isVisible()


def test_calendar_command_writes_the_schedule_dates(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "COMPANION_TODAY": "2026-06-15",
        "XDG_DATA_HOME": str(tmp_path),
    }
    folder = tmp_path / "p"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(folder), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run("dose", "add", "2026-06-01").returncode == 0
    target = tmp_path / "doses.ics"
    assert run("calendar", "-o", str(target)).returncode == 0
    schedule = json.loads(run("schedule", "--json").stdout)
    assert [e.decoded("dtstart").isoformat() for e in events(target.read_bytes())] == [
        d["due_on"] for d in schedule
    ]
    refused = run("calendar", "-o", str(tmp_path / "missing" / "x.ics"))
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()
