"""How long a text the app keeps, the same everywhere: what a person may type is what an import
accepts, so that every export can be read back (issue 17, M2)."""

from __future__ import annotations

import datetime as dt

from companion.core.errors import InvalidInput
from companion.core.models import Appointment, DoseRecord
from companion.i18n import _

MAX_TEXT = 100_000  # a note, a place, a lot number
MAX_NAME = 200  # who wrote, gave or rated
# The dates the app uses: far enough for any booking, far from the end of the calendar (where
# counting the next dose from a date would overflow).
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)


def check_text(value: str, limit: int = MAX_TEXT) -> None:
    if len(value or "") > limit:
        raise InvalidInput(_("The text is too long: at most {count} characters.").format(count=limit))


def check_dose_texts(record: DoseRecord) -> None:
    """The note, place, giver and lot of a dose: each at most MAX_TEXT characters."""
    if len(record.note or "") > MAX_TEXT:
        raise InvalidInput(_("The note is too long: at most {count} characters.").format(count=MAX_TEXT))
    for value in (record.place, record.given_by, record.lot):
        check_text(value)


def check_appointment_texts(appointment: Appointment) -> None:
    if len(appointment.note or "") > MAX_TEXT:
        raise InvalidInput(_("The note is too long: at most {count} characters.").format(count=MAX_TEXT))
    check_text(appointment.place)
