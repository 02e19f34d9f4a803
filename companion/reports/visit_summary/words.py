"""The helpers every section uses to turn data into markup in the report's language: dates and times
that never break across lines, notes cut to a length, "and N more" lines; and the limits that keep
any period within four pages. No Qt here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from companion.core.models import TreatmentStatus
from companion.i18n import _, current_locale, format_number, ngettext
from companion.reports import fonts
from companion.reports.visit_summary.model import NOTE_LIMIT, ReportData, Section, Text

NO_BREAK = "\u00a0"
_SPACES = str.maketrans({" ": NO_BREAK, "\u202f": NO_BREAK, "\u2009": NO_BREAK})
LONG_PERIOD_DAYS = 183  # longer than about six months: doses as a summary, not a list


def unbreakable(text: str) -> str:
    """``text`` with its spaces made non-breaking: a date or a time is never split over two lines
    ("7:00" on one line and "PM" on the next, "13 de" over "septiembre de 2026")."""
    return text.translate(_SPACES)


def datetime_template() -> str:
    """The language's "{date}, {time}", its words next to the time held to it by no-break spaces."""
    template = _("{date}, {time}")
    template = re.sub(r"\{time\}[^\S\u00a0]+(?=\w)", "{time}" + NO_BREAK, template)
    return re.sub(r"(?<=\w)[^\S\u00a0]+\{time\}", NO_BREAK + "{time}", template)


@dataclass(frozen=True)
class Limits:
    """How much of each list and note the report prints; ``LEVELS`` go from roomy to tight, and the
    layout takes the first that fits (design.md §7; issue 19: any period in at most four pages)."""

    flags_first: int  # red-flag episodes in full, newest first, under the header
    flag_note: int  # characters of each note in them
    flag_notes: int  # notes per episode
    earlier_flags: int  # older episodes, one line each
    questions: int
    question_text: int
    dose_rows: int  # doses listed one by one (all of a short period; the late ones of a long one)
    not_given: int
    appointments: int
    medications: int
    symptoms: int  # rows of the symptom table (the most frequent, in the catalogue's order)
    note: int  # a note on a line of its own
    cell: int  # a note or a name in a table cell
    other_text: int  # each "something else" the diary names


LEVELS: tuple[Limits, ...] = (
    Limits(6, 300, 2, 16, 8, 400, 12, 4, 6, 10, 40, NOTE_LIMIT, 160, 120),
    Limits(4, 160, 1, 10, 6, 240, 8, 3, 4, 6, 16, 200, 80, 80),
    Limits(3, 100, 1, 6, 4, 160, 5, 2, 3, 4, 12, 120, 50, 50),
    Limits(1, 80, 1, 4, 3, 120, 4, 2, 2, 3, 10, 80, 40, 40),
)


class Words:
    """The data of one report, the sections chosen, the limits, and the markup helpers."""

    def __init__(self, data: ReportData, language: str, sections: set[Section], limits: Limits):
        self.data = data
        self.language = language
        self.sections = sections
        self.limits = limits
        self.m = fonts.Marker()
        self.shortened = 0  # texts cut to "…" in a table cell (the header says so once)

    @property
    def long_period(self) -> bool:
        return (self.data.end - self.data.start).days + 1 > LONG_PERIOD_DAYS

    # dates and times: Babel's forms, every space in them non-breaking -------------------------

    def date(self, value: dt.date | None) -> str:
        """A date as markup, month in words, on one line; "—" for none."""
        return self.m(self.date_text(value)) if value is not None else "—"

    def date_text(self, value: dt.date) -> str:
        return unbreakable(babel_format_date(value, format="long", locale=current_locale()))

    def time_text(self, value: dt.time | dt.datetime) -> str:
        tz = value.tzinfo if isinstance(value, dt.datetime) else None
        return unbreakable(babel_format_time(value, format="short", tzinfo=tz, locale=current_locale()))

    def datetime_text(self, value: dt.datetime) -> str:
        """Date and time; a line may break between them, never inside either, nor between the time
        and a word the language puts with it ("13:30 Uhr", "à 19:00")."""
        return datetime_template().format(date=self.date_text(value.date()), time=self.time_text(value))

    def period_text(self) -> str:
        return _("{start} to {end}").format(
            start=self.date_text(self.data.start), end=self.date_text(self.data.end)
        )

    def number(self, value: float | int) -> str:
        return unbreakable(format_number(value))

    # texts --------------------------------------------------------------------------------------

    def note(self, text: str, limit: int | None = None) -> str:
        """A note as markup, cut at ``limit`` characters (default: the limits' note) with words
        saying so."""
        limit = self.limits.note if limit is None else limit
        text = text.strip()
        if len(text) <= limit:
            return self.m(text)
        cut = text[:limit].rstrip() + "…"
        said = _("(shortened: {shown} of {total} characters; the whole note is in the app)").format(
            shown=format_number(limit), total=format_number(len(text))
        )
        return self.m(cut) + " " + self.muted(said)

    def cut(self, text: str, limit: int) -> str:
        """A short text for a table cell as markup: its first ``limit`` characters and "…" when it
        is longer (counted: the header says once that such texts are whole in the app)."""
        text = " ".join(text.split())
        if len(text) <= limit:
            return self.m(text)
        self.shortened += 1
        return self.m(text[:limit].rstrip() + "…")

    def short(self, text: str, limit: int) -> str:
        """Like ``cut``, as plain text (to be joined with others before markup)."""
        text = " ".join(text.split())
        if len(text) <= limit:
            return text
        self.shortened += 1
        return text[:limit].rstrip() + "…"

    def muted(self, text: str) -> str:
        return f'<font color="#4d4d4d">{self.m(text)}</font>'

    def empty(self, text: str) -> Text:
        return Text(self.m(text), "empty")

    def heading(self, text: str, count: int | None = None) -> str:
        if count is not None:
            text = _("{section} ({count})").format(section=text, count=format_number(count))
        return self.m(text, bold=True)

    def more(self, count: int) -> Text:
        """The line under a list cut short: "… and 12 more: see the app"."""
        return Text(
            self.m(
                ngettext(
                    "… and {count} more: see the app.", "… and {count} more: see the app.", count
                ).format(count=format_number(count))
            ),
            "small",
        )

    def treatment_text(self) -> str:
        p = self.data.profile
        text = _("Stopped") if p.treatment_status is TreatmentStatus.STOPPED else _("Paused")
        if p.status_since is not None:
            text = _("{status} since {date}").format(status=text, date=self.date_text(p.status_since))
        if p.status_note.strip():
            text = _("{status}: {note}").format(status=text, note=self.short(p.status_note, 200))
        return text
