"""Diary rules: entry validation, days after a dose, post-dose check-ins, filters."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from companion.core.dates import today as _today
from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, DiaryEntry
from companion.core.symptoms import validate_symptoms
from companion.i18n import _

CHECKIN_DAYS = (1, 3, 7)
MAX_NOTE_LENGTH = 100_000
MAX_NAME_LENGTH = 200

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")


def local_now() -> dt.datetime:
    """Now, as timezone-aware local time. With ``COMPANION_TODAY`` set, the clock time of today
    on that date (for tests and demonstrations)."""
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    fixed = _today()
    if fixed != now.date():
        now = dt.datetime.combine(fixed, now.timetz().replace(tzinfo=None)).astimezone()
    return now


def parse_datetime(text: str) -> dt.datetime:
    """Parse ISO 8601 local time (``2026-05-12T14:30``, optionally with seconds and a UTC offset).

    Without an offset the time is taken as this computer's local time on that day.
    """
    value = (text or "").strip()
    if not _ISO_DATETIME.match(value):
        raise InvalidInput(
            _(
                "“{text}” is not a date and time. Write it as year-month-day and hours:minutes, "
                "for example 2026-05-12T14:30."
            ).format(text=text)
        )
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("“{text}” is not a real date and time.").format(text=text)) from None
    if parsed.tzinfo is None:
        local = parsed.astimezone()  # local time, with the offset in force on that day
        if local.astimezone().replace(tzinfo=None) != parsed:
            # A time the clocks skipped (the spring change): it cannot have been written then.
            raise InvalidInput(
                _(
                    "{text} does not exist on this computer's clock: the clocks were put forward "
                    "that night. Write the time as the clock showed it."
                ).format(text=value)
            )
        parsed = local
    return parsed


def validate_entry(entry: DiaryEntry, today: dt.date) -> DiaryEntry:
    """Check an entry before it is saved; return it with its author and symptoms cleaned."""
    if entry.at.tzinfo is None:
        raise InvalidInput(_("The time of the entry needs its time zone."))
    # Judged on this computer's calendar: 08:30 at +13:00 can be yesterday evening here.
    if entry.at.astimezone().date() > today:
        raise InvalidInput(_("A diary entry cannot be dated in the future."))
    by = entry.by.strip() or PATIENT
    if len(by) > MAX_NAME_LENGTH:
        raise InvalidInput(_("The name of who wrote the entry is too long."))
    if len(entry.note) > MAX_NOTE_LENGTH or len(entry.other_text) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("The note is too long: at most {count} characters.").format(count=MAX_NOTE_LENGTH)
        )
    symptoms = validate_symptoms(dict(entry.symptoms))
    return DiaryEntry(
        at=entry.at, by=by, symptoms=symptoms, note=entry.note, other_text=entry.other_text, id=entry.id
    )


def days_after_dose(day: dt.date, dose_dates: Sequence[dt.date]) -> int | None:
    """Days from the most recent dose on or before ``day`` (0 = the day of the dose), or None.

    ``dose_dates`` must be sorted.
    """
    index = bisect.bisect_right(dose_dates, day)
    return (day - dose_dates[index - 1]).days if index else None


class CheckinStatus(StrEnum):
    ANSWERED = "answered"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Checkin:
    """The home screen's question "how are you?" on day 1, 3 or 7 after a dose."""

    dose_id: str
    dose_date: dt.date
    day: int

    @property
    def on(self) -> dt.date:
        return self.dose_date + dt.timedelta(days=self.day)


def pending_checkin(
    last_dose_id: str | None,
    last_dose_date: dt.date | None,
    today: dt.date,
    latest_entry_date: dt.date | None,
    closed_days: set[int],
) -> Checkin | None:
    """The check-in to ask now, if any: on day 1, 3 or 7 after the most recent dose, that day
    only (a check-in whose day has passed is closed), until a diary entry is made on it or it is
    dismissed."""
    if last_dose_id is None or last_dose_date is None:
        return None
    day = (today - last_dose_date).days
    if day not in CHECKIN_DAYS:
        return None
    checkin = Checkin(last_dose_id, last_dose_date, day)
    if checkin.day in closed_days:
        return None
    if latest_entry_date is not None and latest_entry_date >= checkin.on:
        return None
    return checkin


@dataclass(frozen=True)
class DiaryFilter:
    """What the diary view shows: a period (local dates, inclusive), a symptom, an author, words."""

    start: dt.date | None = None
    end: dt.date | None = None
    symptom: str | None = None
    by: str | None = None
    text: str = ""
    newest_first: bool = True

    def check(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise InvalidInput(_("The start of the period is after its end."))
