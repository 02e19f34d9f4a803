"""In-app reminders: a few days before a dose is due, on the due day, and when it is overdue.

Pure: from the next-dose status and today, the reminder to show (if any), with a stable key so
that a reminder the user closed does not come back. Paused or stopped treatment: none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from companion.core import texts
from companion.core.schedule import DueState, NextDoseStatus
from companion.i18n import _, format_weekday_date, ngettext


class ReminderKind(StrEnum):
    SOON = "soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    key: str  # stable: one reminder per dose and kind
    title: str
    text: str


def reminder_for(status: NextDoseStatus, reminder_days: int) -> Reminder | None:
    """The reminder for the next dose today, or None.

    ``reminder_days`` before the due date (and every day after it until the due day) a "soon"
    reminder; on the due day "due today"; after it "overdue" — unless an appointment is booked for
    the dose, which the home screen shows calmly instead.
    """
    if status.state not in (DueState.UPCOMING, DueState.DUE_TODAY, DueState.OVERDUE):
        return None
    assert status.line is not None and status.days_until_due is not None
    dose = status.line.dose
    title = texts.dose_title(dose.number, dose.phase)
    due = format_weekday_date(dose.due_on)
    days = status.days_until_due
    if status.state is DueState.UPCOMING:
        if days > reminder_days:
            return None
        text = ngettext(
            "{dose} is due in {n} day, on {date}. Is your appointment booked?",
            "{dose} is due in {n} days, on {date}. Is your appointment booked?",
            days,
        ).format(dose=title, n=days, date=due)
        return Reminder(ReminderKind.SOON, f"soon:{dose.number}:{dose.due_on.isoformat()}", title, text)
    if status.state is DueState.DUE_TODAY:
        text = _("{dose} is due today, {date}.").format(dose=title, date=due)
        return Reminder(ReminderKind.DUE_TODAY, f"today:{dose.number}:{dose.due_on.isoformat()}", title, text)
    overdue = -days
    text = ngettext(
        "{dose} was due {n} day ago, on {date}. Please contact your clinic.",
        "{dose} was due {n} days ago, on {date}. Please contact your clinic.",
        overdue,
    ).format(dose=title, n=overdue, date=due)
    return Reminder(ReminderKind.OVERDUE, f"overdue:{dose.number}:{dose.due_on.isoformat()}", title, text)
