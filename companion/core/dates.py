"""Parsing dates people type, and the one place that knows what "today" is."""

from __future__ import annotations

import datetime as dt
import os
import re

from companion.core.errors import InvalidInput
from companion.i18n import _

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")

# For tests and demonstrations only: COMPANION_TODAY=YYYY-MM-DD fixes the app's idea of today.
TODAY_ENV = "COMPANION_TODAY"


def today() -> dt.date:
    """Today's local date (or the date fixed by ``COMPANION_TODAY``)."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        return parse_date(fixed)
    return dt.date.today()


def parse_date(text: str) -> dt.date:
    """Parse an ISO 8601 calendar date ``YYYY-MM-DD``; raise InvalidInput with a clear message."""
    value = (text or "").strip()
    if not _ISO_DATE.match(value):
        raise InvalidInput(
            _("“{text}” is not a date. Write it as year-month-day, for example 2026-05-12.").format(text=text)
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("“{text}” is not a real calendar date.").format(text=text)) from None


def parse_time(text: str) -> dt.time:
    """Parse a clock time ``HH:MM`` (or ``HH:MM:SS``)."""
    value = (text or "").strip()
    if not _ISO_TIME.match(value):
        raise InvalidInput(
            _("“{text}” is not a time. Write it as hours:minutes, for example 09:30.").format(text=text)
        )
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("“{text}” is not a real time of day.").format(text=text)) from None
