"""The visit summary: one patient's period as a PDF a neurologist reads in about a minute.

Core objects in (``ReportData``), a PDF out, written atomically (a temporary file in the same folder,
then renamed over the target; on any error no file is left and an older file stays as it was).

Two steps, so that a window can keep the work that touches the app's language on its own thread:
``compose`` turns the data into texts in the report's language (quick; it switches the app's language
for a moment), and ``render`` lays them out with reportlab into the file (the slow part; no language
needed). ``build_pdf`` does both. The report states nothing medical beyond labels of data, the titles
of the red-flag rules and "patient-reported data". No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from companion import __version__, i18n
from companion.core import alsfrs as scale
from companion.core import texts
from companion.core import visit as visit_rules
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    Item5,
    Measurement,
    Medication,
    Profile,
    Question,
    TreatmentStatus,
)
from companion.core.red_flags import RULES_BY_CODE
from companion.core.schedule import LABEL_SOURCE, DueState, NextDoseStatus, NumberedDose
from companion.core.symptoms import severity_label, symptom_label
from companion.files import write_file_atomically
from companion.i18n import _, format_date, format_datetime, format_number, format_time, ngettext
from companion.reports import fonts

APP_NAME = "Tofersen Companion"
MADE_BY = f"{APP_NAME} {__version__}"
NOTE_LIMIT = 600  # characters of a note printed; a longer note is cut, and the report says so
AFTER_DOSE_DAYS = 3  # "within 3 days after a dose": the day of the dose and the 3 days after it


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
    doses: tuple[NumberedDose, ...] = ()
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
    kind: str = "table"  # "table" (zebra rows), "pairs" (header facts), "flags" (red flags)


@dataclass(frozen=True)
class ChartSpec:
    """The ALSFRS-R chart: x in days (date ordinals), y the total."""

    x_min: int
    x_max: int
    points: tuple[tuple[int, int], ...]
    doses: tuple[tuple[int, str], ...]  # where a dose was given, and its label (may be empty)
    x_ticks: tuple[tuple[int, str], ...]
    y_min: int
    y_max: int
    y_step: int
    y_labels: tuple[str, ...]
    legend: str


@dataclass(frozen=True)
class Block:
    title: str  # markup, bold; empty for the header
    items: tuple[Text | Grid | ChartSpec, ...]
    alert: bool = False


@dataclass(frozen=True)
class Composition:
    """The report in the report's language, ready to lay out (plain data: it may cross threads)."""

    paper: Paper
    language: str
    title: str
    subject: str
    blocks: tuple[Block, ...]
    footer_left: str  # markup
    footer_label: str  # markup
    page_text: str  # "Page {page} of {pages}", translated
    missing_characters: int


# --- language -----------------------------------------------------------------------------------


@contextlib.contextmanager
def report_language(language: str) -> Iterator[str]:
    """Switch the app's texts, dates and numbers to ``language`` for a moment; always switch back."""
    previous = i18n.current_language()
    try:
        yield i18n.set_language(language)
    finally:
        i18n.set_language(previous)


# --- compose --------------------------------------------------------------------------------------


def compose(
    data: ReportData,
    *,
    language: str | None = None,
    paper: Paper | str = Paper.A4,
    sections: Collection[str] | None = None,
) -> Composition:
    """The report's texts in ``language`` (default: the data's); ``sections`` (default: all) chooses
    the optional parts."""
    chosen = set(OPTIONAL_SECTIONS) if sections is None else {Section(s) for s in sections}
    with report_language(language or data.language) as used:
        return _Composer(data, used, Paper(paper), chosen).composition()


class _Composer:
    def __init__(self, data: ReportData, language: str, paper: Paper, sections: set[Section]):
        self.data = data
        self.language = language
        self.paper = paper
        self.sections = sections
        self.m = fonts.Marker()
        self.shortened = 0

    # helpers ------------------------------------------------------------------------------------

    def date(self, value: dt.date | None) -> str:
        return format_date(value) if value is not None else "—"

    def note(self, text: str) -> str:
        """A note as markup, cut at NOTE_LIMIT characters with a word saying so."""
        text = text.strip()
        if len(text) <= NOTE_LIMIT:
            return self.m(text)
        self.shortened += 1
        cut = text[:NOTE_LIMIT].rstrip() + "…"
        said = _("(shortened: {shown} of {total} characters; the whole note is in the app)").format(
            shown=format_number(NOTE_LIMIT), total=format_number(len(text))
        )
        return self.m(cut) + " " + self.muted(said)

    def muted(self, text: str) -> str:
        return f'<font color="#4d4d4d">{self.m(text)}</font>'

    def empty(self, text: str) -> Text:
        return Text(self.m(text), "empty")

    def heading(self, text: str, count: int | None = None) -> str:
        if count is not None:
            text = _("{section} ({count})").format(section=text, count=format_number(count))
        return self.m(text, bold=True)

    # the whole report ---------------------------------------------------------------------------

    def composition(self) -> Composition:
        d = self.data
        blocks = [self.red_flags()]
        builders: dict[Section, Callable[[], Block]] = {
            Section.DOSES: self.doses,
            Section.NEXT: self.next_dose,
            Section.SYMPTOMS: self.symptoms,
            Section.ALSFRS: self.alsfrs,
            Section.MEASUREMENTS: self.measurements,
            Section.MEDICATIONS: self.medications,
            Section.QUESTIONS: self.questions,
        }
        blocks += [build() for section, build in builders.items() if section in self.sections]
        header = self.header()  # last: it tells how many characters could not be printed
        name = d.profile.display_name.strip() or _("(no name given)")
        period = self.period_text()
        footer_left = self.m(_("Patient-reported data · {name} · {period}").format(name=name, period=period))
        label = _("Schedule per tofersen label: {source}").format(source=LABEL_SOURCE.replace("; ", ", "))
        return Composition(
            paper=self.paper,
            language=self.language,
            title=_("Visit summary"),  # the file's metadata names no one (issue 17)
            subject=period,
            blocks=(header, *blocks),
            footer_left=footer_left,
            footer_label=self.m(label),
            page_text=_("Page {page} of {pages}"),
            missing_characters=self.m.missing,
        )

    def period_text(self) -> str:
        return _("{start} to {end}").format(
            start=format_date(self.data.start), end=format_date(self.data.end)
        )

    def header(self) -> Block:
        d, p = self.data, self.data.profile
        name = p.display_name.strip() or _("(no name given)")
        about = [name]
        if p.birth_date is not None:
            about.append(_("born {date}").format(date=format_date(p.birth_date)))
        if p.sod1_variant.strip():
            about.append(_("SOD1 variant: {variant}").format(variant=p.sod1_variant.strip()))
        period = self.period_text()
        if d.last_neurology_visit is not None and d.last_neurology_visit == d.start:
            period = _("{period} (since the last neurology visit)").format(period=period)
        rows = [
            (self.m.bold(_("Patient")), self.m(" · ".join(about))),
            (self.m.bold(_("Period")), self.m(period)),
            (
                self.m.bold(_("Made")),
                self.m(_("{date} by {app}").format(date=format_date(d.made_on), app=d.made_by)),
            ),
        ]
        if p.treatment_status is not TreatmentStatus.ACTIVE:
            rows.append((self.m.bold(_("Treatment")), self.m(self.treatment_text())))
        rows.append((self.m.bold(_("At a glance")), self.m(self.glance())))
        left_out = [s for s in OPTIONAL_SECTIONS if s not in self.sections]
        if left_out:
            rows.append(
                (
                    self.m.bold(_("Left out")),
                    self.m(
                        _("These parts were left out of this report: {parts}.").format(
                            parts="; ".join(section_title(s) for s in left_out)
                        )
                    ),
                )
            )
        items: list[Text | Grid | ChartSpec] = [
            Text(self.m(_("Visit summary"), bold=True), "title"),
            Grid((), tuple(rows), (0.16, 0.84), kind="pairs"),
        ]
        if self.m.missing:
            items.append(
                Text(
                    self.m(
                        ngettext(
                            "{count} character in the patient's texts is not in the fonts of this "
                            "report; it is printed as {mark}.",
                            "{count} characters in the patient's texts are not in the fonts of this "
                            "report; they are printed as {mark}.",
                            self.m.missing,
                        ).format(count=format_number(self.m.missing), mark=fonts.MISSING_MARK)
                    ),
                    "small",
                )
            )
        return Block("", tuple(items))

    def treatment_text(self) -> str:
        p = self.data.profile
        if p.treatment_status is TreatmentStatus.STOPPED:
            text = _("Stopped")
        else:
            text = _("Paused")
        if p.status_since is not None:
            text = _("{status} since {date}").format(status=text, date=format_date(p.status_since))
        if p.status_note.strip():
            text = _("{status}: {note}").format(status=text, note=p.status_note.strip())
        return text

    def glance(self) -> str:
        d = self.data
        parts = [
            ngettext("{count} red flag", "{count} red flags", len(d.red_flags)).format(
                count=format_number(len(d.red_flags))
            ),
            ngettext("{count} dose given", "{count} doses given", len(d.doses)).format(
                count=format_number(len(d.doses))
            ),
        ]
        if d.ratings:
            latest = max(d.ratings, key=lambda r: r.rated_on)
            text = _("ALSFRS-R {total} on {date}").format(
                total=scale.total_text(scale.total(latest.scores)), date=format_date(latest.rated_on)
            )
            if d.slope is not None:
                text = _("{rating}, {slope}").format(rating=text, slope=scale.slope_text(d.slope))
            parts.append(text)
        else:
            parts.append(_("no ALSFRS-R rating"))
        if d.next_status.line is not None and d.next_status.state not in (DueState.PAUSED, DueState.STOPPED):
            parts.append(_("next dose due {date}").format(date=format_date(d.next_status.line.dose.due_on)))
        parts.append(
            ngettext("{count} question", "{count} questions", len(d.questions)).format(
                count=format_number(len(d.questions))
            )
        )
        return " · ".join(parts)

    # red flags ------------------------------------------------------------------------------------

    def red_flags(self) -> Block:
        flags = self.data.red_flags
        title = self.heading(_("Red flags"), len(flags))
        if not flags:
            return Block(title, (self.empty(_("No red flags in this period.")),), alert=True)
        rows = []
        for flag in flags:
            first, last = flag.entries[0], flag.entries[-1]
            when = format_datetime(first.at)
            if last is not first:
                when = _("{start} to {end}").format(start=when, end=format_datetime(last.at))
            left = [self.m.bold(when)]
            if flag.after_dose is not None:
                number, days = flag.after_dose
                left.append(self.m(self.after_dose_text(number, days)))
            authors = []
            for entry in flag.entries:
                name = texts.author_name(entry.by)
                if name not in authors:
                    authors.append(name)
            left.append(self.muted(_("written by {who}").format(who=", ".join(authors))))
            rule_title = self.m.bold(_(RULES_BY_CODE[flag.rule].title))
            right = [f'<font color="#8a0018">{rule_title}</font> · {self.m(self.level_words(flag.level))}']
            own: dict[str, int] = {}
            for entry in flag.entries:
                for code, severity in entry.symptoms.items():
                    own[code] = max(severity, own.get(code, 0))
            other = " ".join(e.other_text.strip() for e in flag.entries if e.other_text.strip())
            own_text = self.symptom_list(own, other)
            right.append(self.m(_("Symptoms: {symptoms}").format(symptoms=own_text or _("none recorded"))))
            if flag.earlier:
                right.append(
                    self.m(
                        _("Also in the 48 hours before: {symptoms}").format(
                            symptoms=self.symptom_list(flag.earlier)
                        )
                    )
                )
            for entry in flag.entries:
                if entry.note.strip():
                    right.append(self.m.bold(_("Note:")) + " " + self.note(entry.note))
            rows.append(("<br/>".join(left), "<br/>".join(right)))
        return Block(title, (Grid((), tuple(rows), (0.27, 0.73), kind="flags"),), alert=True)

    def level_words(self, level: str) -> str:
        """The level of a warning as the banner said it (design.md §5), for the clinician."""
        return {
            "today": _("urgency: today"),
            "now": _("urgency: now"),
            "emergency": _("urgency: emergency"),
        }[level]

    def after_dose_text(self, number: int, days: int) -> str:
        if days == 0:
            return _("on the day of dose {number}").format(number=format_number(number))
        return ngettext("{days} day after dose {number}", "{days} days after dose {number}", days).format(
            days=format_number(days), number=format_number(number)
        )

    def symptom_list(self, symptoms: dict[str, int], other_text: str = "") -> str:
        parts = []
        for code, severity in symptoms.items():
            label = symptom_label(code)
            if code == "other" and other_text.strip():
                label = _("{symptom}: {text}").format(symptom=label, text=other_text.strip())
            parts.append(_("{symptom} ({severity})").format(symptom=label, severity=severity_label(severity)))
        return ", ".join(parts)

    # doses ----------------------------------------------------------------------------------------

    def doses(self) -> Block:
        d = self.data
        title = self.heading(section_title(Section.DOSES), len(d.doses))
        items: list[Text | Grid | ChartSpec] = []
        if d.doses:
            header = tuple(
                self.m.bold(t) for t in (_("Dose"), _("Due"), _("Given"), _("Late or early"), _("Place"))
            )
            rows = tuple(
                (
                    self.m(texts.dose_title(dose.number, dose.phase)),
                    self.m(self.date(dose.due_on)),
                    self.m(format_date(dose.given_on)),
                    self.m(self.late_text(dose)),
                    self.m(dose.record.place.strip() or "—"),
                )
                for dose in d.doses
            )
            items.append(Grid(header, rows, (0.22, 0.19, 0.19, 0.15, 0.25)))
        else:
            items.append(self.empty(_("No doses in this period.")))
        for appointment in d.not_given:
            text = _("Attempted, not given: {date}").format(date=format_date(appointment.on))
            if appointment.place.strip():
                text = _("{what}, {place}").format(what=text, place=appointment.place.strip())
            if appointment.note.strip():
                text = _("{what} ({note})").format(what=text, note=appointment.note.strip())
            items.append(Text(self.m(text)))
        return Block(title, tuple(items))

    def late_text(self, dose: NumberedDose) -> str:
        if dose.days_late is None:
            return _("first recorded") if dose.due_on is None and dose.record.number is None else "—"
        return texts.days_late_text(dose.days_late)

    # next dose and appointments -------------------------------------------------------------------

    def next_dose(self) -> Block:
        d = self.data
        title = self.heading(
            _("{section} (as of {date})").format(
                section=section_title(Section.NEXT), date=format_date(d.made_on)
            )
        )
        items: list[Text | Grid | ChartSpec] = [Text(self.m(self.next_text()))]
        if d.appointments:
            header = tuple(self.m.bold(t) for t in (_("Date"), _("Time"), _("What"), _("Place"), _("Note")))
            rows = tuple(
                (
                    self.m(format_date(a.on)),
                    self.m(format_time(a.at) if a.at else "—"),
                    self.m(self.appointment_what(a)),
                    self.m(a.place.strip() or "—"),
                    self.note(a.note) if a.note.strip() else "—",
                )
                for a in d.appointments
            )
            items.append(Grid(header, rows, (0.2, 0.1, 0.24, 0.2, 0.26)))
        else:
            items.append(self.empty(_("No appointments booked.")))
        return Block(title, tuple(items))

    def appointment_what(self, appointment: Appointment) -> str:
        what = texts.appointment_kind_name(appointment.kind)
        if appointment.for_dose is not None:
            what = _("{what}: dose {number}").format(what=what, number=format_number(appointment.for_dose))
        return what

    def next_text(self) -> str:
        status = self.data.next_status
        if status.state is DueState.NOTHING_KNOWN:
            return _("No dose recorded and no first dose planned.")
        if status.state in (DueState.PAUSED, DueState.STOPPED):
            return _("Treatment: {status}.").format(status=self.treatment_text())
        assert status.line is not None and status.days_until_due is not None
        dose = status.line.dose
        text = _("Next due: {dose}, due {date}").format(
            dose=texts.dose_title(dose.number, dose.phase), date=format_date(dose.due_on)
        )
        booking = status.line.booking
        if booking is not None and status.booking_days_after_due is not None:
            relation = texts.booking_relation(status.booking_days_after_due)
            if status.state is DueState.BOOKED:
                return _("{next}; booked for {date} ({relation}).").format(
                    next=text, date=format_date(booking.on), relation=relation
                )
            return _("{next}; the appointment of {date} has no outcome recorded yet.").format(
                next=text, date=format_date(booking.on)
            )
        if status.days_until_due < 0:
            overdue = -status.days_until_due
            return ngettext(
                "{next}: {days} day ago, no appointment booked.",
                "{next}: {days} days ago, no appointment booked.",
                overdue,
            ).format(next=text, days=format_number(overdue))
        return _("{next}.").format(next=text)

    # symptoms ---------------------------------------------------------------------------------------

    def symptoms(self) -> Block:
        d = self.data
        title = self.heading(section_title(Section.SYMPTOMS))
        period_days = (d.end - d.start).days + 1
        if d.diary_entries:
            coverage = ngettext(
                "{entries} diary entry on {days} of the {period} days of the period.",
                "{entries} diary entries on {days} of the {period} days of the period.",
                d.diary_entries,
            ).format(
                entries=format_number(d.diary_entries),
                days=format_number(d.diary_days),
                period=format_number(period_days),
            )
        else:
            coverage = _("No diary entries in this period.")
        items: list[Text | Grid | ChartSpec] = [Text(self.m(coverage), "small")]
        if d.symptoms:
            header = tuple(
                self.m.bold(t)
                for t in (
                    _("Symptom"),
                    _("Days reported"),
                    _("Worst"),
                    _("Of these, days 0–3 after a dose"),
                )
            )
            rows = []
            for s in d.symptoms:
                label = symptom_label(s.code)
                if s.other_texts:
                    label = _("{symptom}: {text}").format(symptom=label, text="; ".join(s.other_texts))
                rows.append(
                    (
                        self.note(label),
                        self.m(format_number(s.days)),
                        self.m(severity_label(s.worst)),
                        self.m(format_number(s.days_after_dose)),
                    )
                )
            items.append(Grid(header, tuple(rows), (0.46, 0.15, 0.14, 0.25)))
        elif d.diary_entries:
            items.append(self.empty(_("No symptoms reported in this period.")))
        return Block(title, tuple(items))

    # ALSFRS-R ---------------------------------------------------------------------------------------

    def alsfrs(self) -> Block:
        d = self.data
        ratings = sorted(d.ratings, key=lambda r: r.rated_on)
        title = self.heading(section_title(Section.ALSFRS), len(ratings))
        if not ratings:
            return Block(title, (self.empty(_("No ALSFRS-R rating in this period.")),))
        slope = (
            _("Slope: {slope} (least squares over the ratings of this period).").format(
                slope=scale.slope_text(d.slope)
            )
            if d.slope is not None
            else _("Slope: {reason}.").format(reason=scale.not_enough_data_text())
        )
        header = tuple(
            self.m.bold(t)
            for t in (
                _("Date"),
                _("Total (0–48)"),
                scale.domain_short_name(scale.Domain.BULBAR),
                scale.domain_short_name(scale.Domain.FINE_MOTOR),
                scale.domain_short_name(scale.Domain.GROSS_MOTOR),
                scale.domain_short_name(scale.Domain.RESPIRATORY),
                _("Rated by"),
            )
        )
        rows = []
        for r in ratings:
            sub = scale.subscores(r.scores)
            fine = format_number(sub[scale.Domain.FINE_MOTOR])
            if r.item5 is Item5.GASTROSTOMY:
                fine = _("{score} (item 5b)").format(score=fine)
            rows.append(
                (
                    self.m(format_date(r.rated_on)),
                    self.m.bold(format_number(scale.total(r.scores))),
                    self.m(format_number(sub[scale.Domain.BULBAR])),
                    self.m(fine),
                    self.m(format_number(sub[scale.Domain.GROSS_MOTOR])),
                    self.m(format_number(sub[scale.Domain.RESPIRATORY])),
                    self.m(texts.author_name(r.rated_by)),
                )
            )
        items: list[Text | Grid | ChartSpec] = [
            Text(self.m.bold(slope)),
            Grid(header, tuple(rows), (0.2, 0.13, 0.11, 0.14, 0.14, 0.13, 0.15)),
        ]
        items.append(self.chart(ratings))
        # Where the words come from (issue 16): the clinician reads self-ratings, not a clinic score.
        source = [
            _(
                "The questions are in plain words, adapted from the published "
                "self-administered versions of the ALSFRS-R (such as the ALSFRS-R-SE and "
                "the form of the US National ALS Registry)."
            )
        ]
        if d.language != "en":
            source.append(
                _(
                    "The German, French, Spanish and Italian wordings are not validated "
                    "translations of the scale."
                )
            )
        if any(r.item5 is Item5.GASTROSTOMY for r in ratings):
            source.append(
                _(
                    "Question 5 has two forms: 5a, cutting food and handling utensils, and 5b, "
                    "handling tube feeding, for people who are mainly fed through a feeding tube "
                    "(gastrostomy)."
                )
            )
        items.append(Text(self.m(" ".join(source)), "small"))
        return Block(title, tuple(items))

    def chart(self, ratings: Sequence[AlsfrsRating]) -> ChartSpec:
        d = self.data
        x_min, x_max = d.start.toordinal(), max(d.end.toordinal(), d.start.toordinal() + 1)
        totals = [scale.total(r.scores) for r in ratings]
        low = max(0, (min(totals) - 3) // 4 * 4)
        high = min(scale.MAX_TOTAL, -(-(max(totals) + 3) // 4) * 4)
        while high - low < 12:
            low, high = max(0, low - 2), min(scale.MAX_TOTAL, high + 2)
            if low == 0 and high == scale.MAX_TOTAL:
                break
        step = 2 if high - low <= 16 else 4 if high - low <= 32 else 8
        low = low // step * step
        label_doses = len(d.doses) <= MAX_DOSE_LINES
        doses = tuple(
            (dose.given_on.toordinal(), format_number(dose.number) if label_doses else "") for dose in d.doses
        )
        legend = ngettext(
            "ALSFRS-R total over the period; the mark below the axis is the dose given, with its number.",
            "ALSFRS-R total over the period; marks below the axis are the doses given, with their numbers.",
            len(d.doses),
        )
        if not label_doses:
            legend = _("ALSFRS-R total over the period; marks below the axis are the doses given.")
        if not d.doses:
            legend = _("ALSFRS-R total over the period; no dose was given in it.")
        return ChartSpec(
            x_min=x_min,
            x_max=x_max,
            points=tuple((r.rated_on.toordinal(), t) for r, t in zip(ratings, totals, strict=True)),
            doses=doses,
            x_ticks=_date_ticks(d.start, d.end, i18n.current_locale()),
            y_min=low,
            y_max=high,
            y_step=step,
            y_labels=tuple(format_number(v) for v in range(low, high + 1, step)),
            legend=self.m(legend),
        )

    # weight and clinic values ---------------------------------------------------------------------

    def measurements(self) -> Block:
        d = self.data
        title = self.heading(section_title(Section.MEASUREMENTS), len(d.measurements))
        if not d.measurements:
            return Block(title, (self.empty(_("No weight or clinic values in this period.")),))
        header = tuple(self.m.bold(t) for t in (_("What"), _("Date"), _("Value"), _("Note")))
        rows = tuple(
            (
                self.m(visit_rules.kind_name(m.kind)),
                self.m(format_date(m.measured_on)),
                self.m(visit_rules.measurement_value_text(m)),
                self.note(m.note) if m.note.strip() else "—",
            )
            for m in d.measurements
        )
        return Block(title, (Grid(header, rows, (0.3, 0.2, 0.2, 0.3)),))

    # other medicines ------------------------------------------------------------------------------

    def medications(self) -> Block:
        d = self.data
        title = self.heading(section_title(Section.MEDICATIONS), len(d.medications))
        items: list[Text | Grid | ChartSpec] = []
        if d.medications:
            header = tuple(self.m.bold(t) for t in (_("Medicine"), _("Dose"), _("Since"), _("Note")))
            rows = tuple(
                (
                    self.m.bold(med.name),
                    self.m(med.dose.strip() or "—"),
                    self.m(self.date(med.since)),
                    self.note(med.note) if med.note.strip() else "—",
                )
                for med in d.medications
            )
            items.append(Grid(header, rows, (0.28, 0.22, 0.2, 0.3)))
        else:
            items.append(self.empty(_("No other medicines recorded.")))
        for med in d.stopped_medications:
            name = _("{name}, {dose}").format(name=med.name, dose=med.dose) if med.dose.strip() else med.name
            items.append(
                Text(
                    self.m(
                        _("Stopped in this period: {medicine} on {date}").format(
                            medicine=name, date=self.date(med.stopped)
                        )
                    ),
                    "small",
                )
            )
        return Block(title, tuple(items))

    # questions ------------------------------------------------------------------------------------

    def questions(self) -> Block:
        d = self.data
        title = self.heading(section_title(Section.QUESTIONS), len(d.questions))
        if not d.questions:
            return Block(title, (self.empty(_("No questions for this visit.")),))
        rows = tuple(
            (self.m.bold(_("{number}.").format(number=format_number(n))), self.note(q.text))
            for n, q in enumerate(d.questions, start=1)
        )
        return Block(title, (Grid((), rows, (0.05, 0.95), kind="list"),))


def _date_ticks(start: dt.date, end: dt.date, locale: Locale) -> tuple[tuple[int, str], ...]:
    """Tick marks on the date axis, with the month in words: months for a short period, quarters
    for up to two years, years beyond."""
    span = (end - start).days
    if span > 2 * 366:
        years = range(start.year + (start > dt.date(start.year, 1, 1)), end.year + 1)
        every = max(1, -(-len(years) // 10))
        return tuple(
            (dt.date(y, 1, 1).toordinal(), format_skeleton("y", dt.date(y, 1, 1), locale=locale))
            for y in years
            if (y - years[0]) % every == 0
        )
    months = 1 if span <= 190 else 3
    ticks = []
    year, month = start.year, start.month
    first = dt.date(year, month, 1)
    if first < start:
        month += 1
    while True:
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = dt.date(year, month, 1)
        if day > end:
            break
        if months == 1 or (month - 1) % 3 == 0:
            ticks.append((day.toordinal(), format_skeleton("yMMM", day, locale=locale)))
        month += 1
    return tuple(ticks)


# --- render ---------------------------------------------------------------------------------------

MARGIN = 15 * mm
FOOTER_SPACE = 13 * mm
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#4d4d4d")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e4e4e4")
ZEBRA = colors.HexColor("#f3f3f3")
ALERT = colors.HexColor("#8a0018")
KEEP_TOGETHER_ROWS = 12  # a section up to about this many lines is kept on one page
LONG_SECTION_START = 40 * mm  # a longer one starts where at least this much room is left
MAX_DOSE_LINES = 12  # up to this many doses get a line through the chart and their number


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "empty": ParagraphStyle("empty", parent=base, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.8),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=9,
            spaceAfter=3,
        ),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
    }


def render(composition: Composition, path: Path | str) -> Path:
    """Lay the composed report out into a PDF at ``path``, atomically; returns the path."""
    return write_file_atomically(Path(path), lambda fh: _build(composition, fh))


def build_pdf(
    data: ReportData,
    path: Path | str,
    *,
    language: str | None = None,
    paper: Paper | str = Paper.A4,
    sections: Collection[str] | None = None,
) -> Path:
    """Compose and render the visit summary into ``path`` (atomically); returns the path."""
    return render(compose(data, language=language, paper=paper, sections=sections), path)


def _build(c: Composition, fh: BinaryIO) -> None:
    styles = _styles()
    page_size = PAGE_SIZES[c.paper]
    doc = SimpleDocTemplate(
        fh,
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_SPACE,
        title=c.title,
        author=MADE_BY,
        subject=c.subject,
        creator=MADE_BY,
        lang=c.language,
        # Every page starts in the bundled font (the default would add Helvetica to the file).
        initialFontName=fonts.REGULAR,
        initialFontSize=9,
        initialLeading=12,
    )
    width = doc.width
    story = []
    for block in c.blocks:
        flowables = [_flowable(item, width, styles) for item in block.items]
        if block.title:
            heading = Paragraph(block.title, styles["heading"])
            if block.alert:
                heading = Paragraph(f'<font color="#8a0018">{block.title}</font>', styles["heading"])
            if _rows(block) <= KEEP_TOGETHER_ROWS:
                # A short section is not split over two pages. Its chart's own KeepTogether is
                # unwrapped: nested, it measures as endless (ReportLab forces a split that way),
                # and the section jumped to a new page with half of this one still empty.
                story.append(KeepTogether([heading, *_unwrapped(flowables)]))
            else:
                # A long one starts on a new page only when fewer than a few lines are left.
                story.append(CondPageBreak(LONG_SECTION_START))
                story.append(heading)
                story.extend(flowables)
        else:
            story.extend(flowables)
    doc.build(story, canvasmaker=_canvas_maker(c, styles, page_size))


def _unwrapped(flowables: list) -> list:
    """The flowables with every KeepTogether replaced by what it holds."""
    flat = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flat.extend(_unwrapped(list(flowable._content)))
        else:
            flat.append(flowable)
    return flat


def _rows(block: Block) -> int:
    """About how many lines of table a block has (a chart counts as ten)."""
    count = 0
    for item in block.items:
        if isinstance(item, Grid):
            # A row counts its lines: a red flag with its symptoms and note takes three or four.
            count += bool(item.header) + sum(
                max((cell.count("<br/>") + 1 for cell in row), default=1) for row in item.rows
            )
        elif isinstance(item, ChartSpec):
            count += 10
        else:
            count += 1
    return count


def _flowable(item: Text | Grid | ChartSpec, width: float, styles: dict[str, ParagraphStyle]):
    if isinstance(item, Text):
        return Paragraph(item.markup, styles[item.style])
    if isinstance(item, Grid):
        return _table(item, width, styles)
    return _chart(item, width, styles)


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
CELL_PADDING = 4 + 4 + 1  # left and right padding (see _table), and a point for rounding
MAX_GROWTH = 1.5  # a column grows to at most this many times its share to keep a cell on one line


def _plain_lines(markup: str) -> list[str]:
    return [html.unescape(_TAG.sub("", line)) for line in _BREAK.split(markup)]


def _face(markup: str) -> str:
    return fonts.BOLD if fonts.BOLD in markup else fonts.REGULAR


def _longest_word(markup: str, size: float) -> float:
    """The width of the longest word of a cell (in bold where any of the cell is bold)."""
    words = [word for line in _plain_lines(markup) for word in line.split()]
    return max((stringWidth(word, _face(markup), size) for word in words), default=0.0)


def _longest_line(markup: str, size: float) -> float:
    """The width of a cell's longest line, unwrapped (in bold where any of the cell is bold)."""
    lines = _plain_lines(markup)
    return max((stringWidth(line.strip(), _face(markup), size) for line in lines), default=0.0)


def _column_widths(grid: Grid, width: float, size: float) -> list[float]:
    """The columns' shares of ``width``, adjusted in two steps, each only with room that other
    columns have to spare (their every cell still fits on one line and no word of theirs breaks):

    1. a column is widened to the longest word of its heading ("Respiratorisch" printed as
       "Respiratori" over "sch" is hard to read); where no column has room, words break;
    2. a column whose cells wrap ("9 de septiembre de 2026" in a narrow date column) is widened
       so that they do not, by at most half its share, the narrowest needs first: fewer lines
       keep a three-month summary on one or two pages in every language.
    """
    widths = [share * width for share in grid.widths]
    if not grid.header:
        return widths
    columns = [[row[i] for row in grid.rows] for i in range(len(widths))]
    heading = [_longest_word(text, size) + CELL_PADDING for text in grid.header]
    words = [max((_longest_word(cell, size) for cell in column), default=0.0) for column in columns]
    lines = [max((_longest_line(cell, size) for cell in column), default=0.0) for column in columns]
    # Below this a column would break one of its words or wrap a cell that now fits on a line.
    keep = [max(h, w, line) + CELL_PADDING for h, w, line in zip(heading, words, lines, strict=True)]

    def spare() -> list[float]:
        return [max(0.0, w - k) for w, k in zip(widths, keep, strict=True)]

    def take(amount: float) -> None:
        room = spare()
        share = amount / sum(room)
        for i, r in enumerate(room):
            widths[i] -= r * share

    deficit = [max(0.0, h - w) for h, w in zip(heading, widths, strict=True)]
    if 0 < sum(deficit) <= sum(spare()):
        take(sum(deficit))
        for i, d in enumerate(deficit):
            widths[i] += d
    wraps = sorted(
        (line + CELL_PADDING - widths[i], i)
        for i, line in enumerate(lines)
        if widths[i] < line + CELL_PADDING <= widths[i] * MAX_GROWTH
    )
    for grow, i in wraps:
        room = sum(spare())
        if grow > room:
            break
        take(grow)
        widths[i] += grow
    return widths


def _table(grid: Grid, width: float, styles: dict[str, ParagraphStyle]) -> Table:
    cell = styles["cell"]
    data = []
    if grid.header:
        data.append([Paragraph(text, cell) for text in grid.header])
    data += [[Paragraph(text, cell) for text in row] for row in grid.rows]
    table = Table(
        data,
        colWidths=_column_widths(grid, width, cell.fontSize),
        repeatRows=1 if grid.header else 0,
        hAlign="LEFT",
    )
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # not Helvetica, even for an empty cell
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid.kind == "table":
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
    elif grid.kind == "flags":
        commands += [
            ("LINEBEFORE", (0, 0), (0, -1), 3, ALERT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("LEFTPADDING", (0, 0), (0, -1), 7),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    elif grid.kind == "pairs":
        commands += [
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]
    elif grid.kind == "list":
        commands += [
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white]),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _chart(spec: ChartSpec, width: float, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    height = 50 * mm
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=7)
    plot = LinePlot()
    plot.x, plot.y = 30, 30
    plot.width, plot.height = width - 40, height - 40
    plot.data = [list(spec.points)]
    plot.joinedLines = 1
    plot.lines[0].strokeColor = INK
    plot.lines[0].strokeWidth = 1.4
    size = 4 if len(spec.points) <= 30 else 2  # years of monthly ratings: small dots
    plot.lines[0].symbol = makeMarker("FilledCircle", size=size, fillColor=INK, strokeColor=INK)
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = spec.x_min, spec.x_max
    ticks = [x for x, _label in spec.x_ticks]
    labels = dict(spec.x_ticks)
    x_axis.valueSteps = ticks or [spec.x_min]
    x_axis.labelTextFormat = lambda value: labels.get(round(value), "")
    x_axis.labels.fontName = fonts.REGULAR
    x_axis.labels.fontSize = 7
    x_axis.labels.dy = -12  # room for the dose marks under the axis
    x_axis.strokeColor = INK
    x_axis.tickDown = 2
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = spec.y_min, spec.y_max, spec.y_step
    y_labels = dict(zip(range(spec.y_min, spec.y_max + 1, spec.y_step), spec.y_labels, strict=True))
    y_axis.labelTextFormat = lambda value: y_labels.get(round(value), "")
    y_axis.labels.fontName = fonts.REGULAR
    y_axis.labels.fontSize = 7
    y_axis.strokeColor = INK
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = colors.HexColor("#d0d0d0")
    y_axis.gridStrokeWidth = 0.4
    drawing.add(plot)
    span = max(1, spec.x_max - spec.x_min)
    few = len(spec.doses) <= MAX_DOSE_LINES
    for x, label in spec.doses:
        if not spec.x_min <= x <= spec.x_max:
            continue
        px = plot.x + (x - spec.x_min) / span * plot.width
        if not few:
            # Years of doses: a short mark under the axis each; lines through the plot would hide it.
            drawing.add(Line(px, plot.y - 1, px, plot.y - 6, strokeColor=INK, strokeWidth=0.5))
            continue
        drawing.add(
            Line(
                px,
                plot.y,
                px,
                plot.y + plot.height,
                strokeColor=colors.HexColor("#7a7a7a"),
                strokeWidth=0.6,
                strokeDashArray=[2, 2],
            )
        )
        drawing.add(
            Polygon(
                [px, plot.y - 1, px - 3, plot.y - 7, px + 3, plot.y - 7],
                fillColor=INK,
                strokeColor=None,
            )
        )
        if label:
            drawing.add(
                String(px + 4, plot.y - 8, label, fontName=fonts.REGULAR, fontSize=6.5, fillColor=INK)
            )
    return KeepTogether([drawing, Paragraph(spec.legend, styles["small"]), Spacer(1, 2)])


def _canvas_maker(c: Composition, styles: dict[str, ParagraphStyle], page_size: tuple[float, float]):
    """A canvas that holds its pages until the end, to print "page x of y" in every footer."""
    locale = c.language

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = page_size[0] - 2 * MARGIN
            y = MARGIN + FOOTER_SPACE - 4
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y, MARGIN + width, y)
            page = c.page_text.format(
                page=format_decimal(self._pageNumber, locale=locale),
                pages=format_decimal(total, locale=locale),
            )
            right = Paragraph(fonts.Marker().bold(page), styles["footer"])
            right_width = min(width * 0.3, stringWidth(page, fonts.BOLD, styles["footer"].fontSize) + 2)
            right.wrapOn(self, right_width, 20)
            left = Paragraph(c.footer_left, styles["footer"])
            _w, left_height = left.wrapOn(self, width - right_width - 8, 30)
            top = y - 3
            left.drawOn(self, MARGIN, top - left_height)
            right.drawOn(self, MARGIN + width - right_width, top - right.height)
            label = Paragraph(c.footer_label, styles["footer"])
            _w, label_height = label.wrapOn(self, width, 20)
            label.drawOn(self, MARGIN, top - left_height - 1 - label_height)

    return _Canvas
