"""What goes into the visit summary (``ReportData``), what compose makes of it (``Composition``), and
the paper. Plain data: it may cross threads. No Qt here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from babel import Locale, UnknownLocaleError
from reportlab.lib.pagesizes import A4, LETTER

from companion import __version__, i18n
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    Measurement,
    Medication,
    Profile,
    Question,
)
from companion.core.schedule import DueState, NextDoseStatus, NumberedDose
from companion.i18n import _

APP_NAME = "Tofersen Companion"
MADE_BY = f"{APP_NAME} {__version__}"
NOTE_LIMIT = 600  # characters of a note printed at most; a longer note is cut, and the report says so
AFTER_DOSE_DAYS = 3  # "within 3 days after a dose": the day of the dose and the 3 days after it
MAX_PAGES = 4  # any period (issue 19)
SHORT_PERIOD_DAYS = 100  # up to about three months: one or two pages
SHORT_PERIOD_PAGES = 2


class Section(StrEnum):
    """The parts of the report a person may leave out; the header and red flags are always in."""

    DOSES = "doses"
    NEXT = "next"
    SYMPTOMS = "symptoms"
    ALSFRS = "alsfrs"
    MEASUREMENTS = "measurements"
    MEDICATIONS = "medications"
    QUESTIONS = "questions"


OPTIONAL_SECTIONS: tuple[Section, ...] = tuple(Section)


def section_title(section: Section) -> str:
    """The section's heading in the active language (also the check box in the window)."""
    return {
        Section.DOSES: _("Doses given in this period"),
        Section.NEXT: _("Next due dose and booked appointments"),
        Section.SYMPTOMS: _("Symptoms reported in the diary"),
        Section.ALSFRS: _("ALSFRS-R self-ratings"),
        Section.MEASUREMENTS: _("Weight and clinic values"),
        Section.MEDICATIONS: _("Other medicines"),
        Section.QUESTIONS: _("Questions for this visit"),
    }[Section(section)]


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


PAGE_SIZES: dict[Paper, tuple[float, float]] = {Paper.A4: A4, Paper.LETTER: LETTER}
# Regions that print on US Letter (design.md §7: a US or Canadian region).
LETTER_REGIONS = frozenset({"US", "CA"})


def default_paper(locale_name: str | None) -> Paper:
    """US Letter for a US or Canadian region (``en_US``, ``fr-CA``, ``en_US.UTF-8``), else A4."""
    if not locale_name:
        return Paper.A4
    name = locale_name.split(".")[0].split("@")[0].replace("-", "_")
    try:
        territory = Locale.parse(name).territory
    except (UnknownLocaleError, ValueError, TypeError):
        parts = name.split("_")
        territory = parts[1].upper() if len(parts) > 1 else None
    return Paper.LETTER if territory in LETTER_REGIONS else Paper.A4


def system_region() -> str | None:
    """The locale name that tells this computer's region (paper size), e.g. ``en_US.UTF-8``."""
    for var in ("LC_PAPER", "LC_ALL", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value
    return None


@contextlib.contextmanager
def report_language(language: str) -> Iterator[str]:
    """Switch the app's texts, dates and numbers to ``language`` for a moment; always switch back."""
    previous = i18n.current_language()
    try:
        yield i18n.set_language(language)
    finally:
        i18n.set_language(previous)


# --- what goes in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlaggedEpisode:
    """One episode of a warning: the entries of one rule that followed each other within 48 hours.

    ``symptoms`` are the rule's symptoms over those entries and the 48 hours before them;
    ``earlier`` those of them only the entries before reported; ``level`` the highest level
    (``today``, ``now`` or ``emergency``); ``after_dose`` is (dose number, days after it) for the
    first entry, or None before the first dose.
    """

    rule: str
    level: str
    entries: tuple[DiaryEntry, ...]  # oldest first
    symptoms: dict[str, int]
    earlier: dict[str, int] = field(default_factory=dict)
    after_dose: tuple[int, int] | None = None


@dataclass(frozen=True)
class SymptomSummary:
    """One symptom over the period: on how many days it was reported, its worst severity, and on
    how many of those days it was within 3 days after a dose (the day of the dose included)."""

    code: str
    days: int
    worst: int
    days_after_dose: int
    other_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportData:
    """Everything the visit summary shows, read from the patient's records."""

    start: dt.date
    end: dt.date
    made_on: dt.date
    language: str = "en"  # the language chosen for the report
    profile: Profile = field(default_factory=Profile)
    made_by: str = MADE_BY
    last_neurology_visit: dt.date | None = None
    red_flags: tuple[FlaggedEpisode, ...] = ()  # newest first
    doses: tuple[NumberedDose, ...] = ()  # given in the period, oldest first
    not_given: tuple[Appointment, ...] = ()  # "attempted, not given" in the period
    next_status: NextDoseStatus = field(default_factory=lambda: NextDoseStatus(DueState.NOTHING_KNOWN))
    appointments: tuple[Appointment, ...] = ()  # booked, from the day the report is made
    diary_entries: int = 0
    diary_days: int = 0
    symptoms: tuple[SymptomSummary, ...] = ()
    ratings: tuple[AlsfrsRating, ...] = ()
    slope: float | None = None
    measurements: tuple[Measurement, ...] = ()
    medications: tuple[Medication, ...] = ()  # taken now
    stopped_medications: tuple[Medication, ...] = ()  # stopped in the period
    questions: tuple[Question, ...] = ()  # not yet asked
    # The whole treatment, for the header: the first and the latest recorded dose, and how many.
    first_dose: NumberedDose | None = None
    latest_dose: NumberedDose | None = None
    doses_so_far: int = 0


# --- the report in words: what compose makes and render lays out -----------------------------------


@dataclass(frozen=True)
class Text:
    markup: str
    style: str = "body"


@dataclass(frozen=True)
class Grid:
    """A table: header cells (may be empty), rows of cells (markup), column widths as fractions."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    kind: str = "table"  # "table" (zebra rows), "pairs" (header facts), "flags" (red flags), "list"
    caption: str = ""  # markup, bold, kept on the page of the table's first rows


@dataclass(frozen=True)
class ChartSpec:
    """A line chart over the period: x in days (date ordinals), y the values."""

    x_min: int
    x_max: int
    points: tuple[tuple[int, float], ...]
    doses: tuple[tuple[int, str], ...]  # where a dose was given, and its label (may be empty)
    x_ticks: tuple[tuple[int, str], ...]
    y_min: float
    y_max: float
    y_step: float
    y_labels: tuple[str, ...]
    legend: str  # markup, under the chart
    height_mm: float = 50
    title: str = ""  # plain text, drawn in the chart's top left corner (the small charts)


@dataclass(frozen=True)
class ChartRow:
    """Small charts side by side (weight and clinic values)."""

    charts: tuple[ChartSpec, ...]
    beside: Grid | None = None  # a table in the free place beside an odd last chart


Item = Text | Grid | ChartSpec | ChartRow


@dataclass(frozen=True)
class Block:
    title: str  # markup, bold; empty for the header
    items: tuple[Item, ...]
    alert: bool = False
    key: str = ""  # names the block whose page the layout checks ("questions")
    keep: bool = True  # a short block stays on one page; False: it may start low on a page and run on


@dataclass(frozen=True)
class Composition:
    """The report in the report's language, ready to lay out (plain data: it may cross threads).

    ``tighter`` holds the same report with shorter lists and notes, tried in turn when this one
    does not fit (more than ``max_pages`` pages, or the questions pushed off the first page)."""

    paper: Paper
    language: str
    title: str
    subject: str
    blocks: tuple[Block, ...]
    footer_left: str  # markup
    footer_label: str  # markup
    page_text: str  # "Page {page} of {pages}", translated
    missing_characters: int
    max_pages: int = MAX_PAGES
    tighter: tuple[Composition, ...] = ()
