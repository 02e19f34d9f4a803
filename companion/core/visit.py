"""Measurements, other medicines and questions for the next visit: units, names, rules, helpers.

Pure Python (no Qt, no SQL). Validation raises ``InvalidInput`` with a message in the user's
language; the ``validate_*`` functions return the record cleaned up (text trimmed, unit set), which
is what gets saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.errors import InvalidInput
from companion.core.limits import check_text
from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.i18n import _, current_locale, format_date, format_number

# --- measurements ------------------------------------------------------------------------------

# The unit each kind is stored in. NfL is plasma or serum, as the clinic reports it: the note says
# which. FVC and SVC are in % of the predicted value.
UNITS: dict[MeasurementKind, str] = {
    MeasurementKind.WEIGHT: "kg",
    MeasurementKind.NFL: "pg/mL",
    MeasurementKind.FVC: "% predicted",
    MeasurementKind.SVC: "% predicted",
}


@dataclass(frozen=True)
class Bounds:
    """The plausible range of a value: above ``low`` (or from it, when ``low_included``) up to
    ``high``."""

    low: float
    high: float
    low_included: bool

    def contains(self, value: float) -> bool:
        above = value >= self.low if self.low_included else value > self.low
        return above and value <= self.high


BOUNDS: dict[MeasurementKind, Bounds] = {
    MeasurementKind.WEIGHT: Bounds(20, 300, low_included=True),
    MeasurementKind.NFL: Bounds(0, 10_000, low_included=False),
    MeasurementKind.FVC: Bounds(0, 200, low_included=False),
    MeasurementKind.SVC: Bounds(0, 200, low_included=False),
}


def kind_name(kind: MeasurementKind) -> str:
    """What was measured, in the user's language, e.g. ``Weight``."""
    names = {
        MeasurementKind.WEIGHT: _("Weight"),
        MeasurementKind.NFL: _("NfL (neurofilament light)"),
        MeasurementKind.FVC: _("FVC (forced vital capacity)"),
        MeasurementKind.SVC: _("SVC (slow vital capacity)"),
    }
    return names[kind]


def short_kind_name(kind: MeasurementKind) -> str:
    """A short name where space is tight, e.g. ``NfL``."""
    names = {
        MeasurementKind.WEIGHT: _("Weight"),
        MeasurementKind.NFL: _("NfL"),
        MeasurementKind.FVC: _("FVC"),
        MeasurementKind.SVC: _("SVC"),
    }
    return names[kind]


def unit_text(kind: MeasurementKind) -> str:
    """The unit shown beside a value being typed, e.g. ``kg`` or ``% predicted``."""
    units = {
        MeasurementKind.WEIGHT: _("kg"),
        MeasurementKind.NFL: _("pg/mL"),
        MeasurementKind.FVC: _("% predicted"),
        MeasurementKind.SVC: _("% predicted"),
    }
    return units[kind]


def kind_hint(kind: MeasurementKind) -> str:
    """A line under the value that says how to enter it."""
    hints = {
        MeasurementKind.WEIGHT: _("Your weight in kilograms."),
        MeasurementKind.NFL: _(
            "In pg/mL, as on the clinic's report. Write in the note whether it was measured "
            "in plasma or in serum."
        ),
        MeasurementKind.FVC: _("In % of the predicted value, as on the clinic's report."),
        MeasurementKind.SVC: _("In % of the predicted value, as on the clinic's report."),
    }
    return hints[kind]


def format_value(kind: MeasurementKind, value: float, unit: str = "") -> str:
    """A value with its unit in the user's language, e.g. ``72.5 kg`` / ``72,5 kg``."""
    number = format_number(value)
    if unit and unit != UNITS[kind]:
        # A unit other than ours (e.g. from an import): show it as it was written.
        return _("{value} {unit}").format(value=number, unit=unit)
    if kind is MeasurementKind.WEIGHT:
        return _("{value} kg").format(value=number)
    if kind is MeasurementKind.NFL:
        return _("{value} pg/mL").format(value=number)
    return _("{value} % predicted").format(value=number)


def measurement_value_text(m: Measurement) -> str:
    return format_value(m.kind, m.value, m.unit)


_TRAILING_UNIT = re.compile(r"\s*(kg|pg\s*/\s*ml|%\s*predicted|%)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_NUMBER_CHARS = re.compile(r"^[+-]?[0-9.,]+$")


def parse_value(text: str) -> float:
    """A number as a person types it, in their language's form (``72.5`` or ``72,5``; ``1,234``
    or ``1.234`` as the language groups thousands); a unit typed after it is ignored."""
    raw = (text or "").strip()
    cleaned = _SPACES.sub("", _TRAILING_UNIT.sub("", raw))
    if not raw:
        raise InvalidInput(_("Write the value, for example 72.5."))
    if not _NUMBER_CHARS.match(cleaned):
        raise InvalidInput(_("“{text}” is not a number.").format(text=raw))
    from babel.numbers import NumberFormatError, parse_decimal  # Babel loads when first needed

    try:
        number = float(parse_decimal(cleaned, locale=current_locale(), strict=True))
    except NumberFormatError:
        # A decimal mark from another language: 72,5 typed in English, 72.5 typed in German.
        if cleaned.count(",") == 1 and "." not in cleaned:
            number = float(cleaned.replace(",", "."))
        elif cleaned.count(".") == 1 and "," not in cleaned:
            number = float(cleaned)
        else:
            raise InvalidInput(_("“{text}” is not a number.").format(text=raw)) from None
    return number


def _out_of_bounds_message(kind: MeasurementKind) -> str:
    bounds = BOUNDS[kind]
    low, high = format_number(bounds.low), format_number(bounds.high)
    if kind is MeasurementKind.WEIGHT:
        return _("A weight must be from {low} to {high} kg.").format(low=low, high=high)
    if kind is MeasurementKind.NFL:
        return _("An NfL value must be more than {low} and at most {high} pg/mL.").format(low=low, high=high)
    if kind is MeasurementKind.FVC:
        return _("FVC must be more than {low} and at most {high} % predicted.").format(low=low, high=high)
    return _("SVC must be more than {low} and at most {high} % predicted.").format(low=low, high=high)


def validate_measurement(m: Measurement, today: dt.date) -> Measurement:
    """The measurement ready to save (unit set, note trimmed), or InvalidInput saying why not."""
    try:
        kind = MeasurementKind(m.kind)
    except ValueError:
        raise InvalidInput(_("Choose what was measured.")) from None
    if m.measured_on > today:
        raise InvalidInput(_("A measurement cannot be dated in the future."))
    value = m.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(_("The value must be a number."))
    if value <= 0:
        raise InvalidInput(_("The value must be more than zero."))
    if not BOUNDS[kind].contains(value):
        raise InvalidInput(_out_of_bounds_message(kind))
    check_text(m.note)  # what can be typed is what an import accepts (issue 17)
    return dataclasses.replace(m, kind=kind, value=float(value), unit=UNITS[kind], note=m.note.strip())


def newest_first(measurements: Iterable[Measurement]) -> list[Measurement]:
    """Newest date first; on the same date, the order given (the store's: latest entered first)."""
    return sorted(measurements, key=lambda m: m.measured_on, reverse=True)


def latest_by_kind(measurements: Iterable[Measurement]) -> dict[MeasurementKind, Measurement]:
    """The most recent measurement of each kind (on the same date, the first one given), in the
    order of ``MeasurementKind``."""
    latest: dict[MeasurementKind, Measurement] = {}
    for m in measurements:
        if m.kind not in latest or m.measured_on > latest[m.kind].measured_on:
            latest[m.kind] = m
    return {kind: latest[kind] for kind in MeasurementKind if kind in latest}


def describe_measurement(m: Measurement) -> str:
    """E.g. ``Weight of June 1, 2026: 72.5 kg``."""
    return _("{what} of {date}: {value}").format(
        what=kind_name(m.kind), date=format_date(m.measured_on), value=measurement_value_text(m)
    )


# --- other medicines ---------------------------------------------------------------------------


def validate_medication(med: Medication, today: dt.date) -> Medication:
    """The medicine ready to save (text trimmed), or InvalidInput saying why not."""
    name = med.name.strip()
    if not name:
        raise InvalidInput(_("Write the name of the medicine."))
    if med.since is not None and med.since > today:
        raise InvalidInput(_("The date you started it cannot be in the future."))
    if med.stopped is not None and med.stopped > today:
        raise InvalidInput(_("The date you stopped it cannot be in the future."))
    if med.since is not None and med.stopped is not None and med.stopped < med.since:
        raise InvalidInput(_("The date you stopped it cannot be before the date you started it."))
    check_text(name, 500)  # as an import accepts it (core/exchange.py)
    check_text(med.dose)
    check_text(med.note)
    return dataclasses.replace(med, name=name, dose=med.dose.strip(), note=med.note.strip())


def is_current(med: Medication) -> bool:
    """Still taken: no date it was stopped."""
    return med.stopped is None


def current_medications(meds: Iterable[Medication]) -> list[Medication]:
    return [m for m in sort_medications(meds) if is_current(m)]


def stopped_medications(meds: Iterable[Medication]) -> list[Medication]:
    return [m for m in sort_medications(meds) if not is_current(m)]


def sort_medications(meds: Iterable[Medication]) -> list[Medication]:
    """Current medicines first, by name; then stopped ones, the most recently stopped first."""
    meds = list(meds)
    current = sorted((m for m in meds if is_current(m)), key=lambda m: m.name.casefold())
    # By name first, then (a stable sort) by the date stopped: one day's names stay alphabetical.
    stopped = sorted((m for m in meds if not is_current(m)), key=lambda m: m.name.casefold())
    stopped.sort(key=lambda m: m.stopped or dt.date.min, reverse=True)
    return current + stopped


def describe_medication(med: Medication) -> str:
    """E.g. ``Medicine: Riluzole 50 mg``."""
    if med.dose:
        return _("Medicine: {name}, {dose}").format(name=med.name, dose=med.dose)
    return _("Medicine: {name}").format(name=med.name)


def care_team_reminder() -> str:
    """The one thing the app says about other medicines, from the labels (label-facts.md §2:
    EU SmPC 4.4–4.5, worded for patients)."""
    return _(
        "Tell your care team if you have a bleeding problem or take medicines that thin the blood, "
        "and about any other medicine given into the spine."
    )


# --- questions ---------------------------------------------------------------------------------


def validate_question(q: Question, today: dt.date) -> Question:
    """The question ready to save (text trimmed), or InvalidInput saying why not."""
    text = q.text.strip()
    if not text:
        raise InvalidInput(_("Write the question first."))
    check_text(text)
    if q.created_on > today:
        raise InvalidInput(_("A question cannot be dated in the future."))
    if q.asked_on is not None:
        if q.asked_on > today:
            raise InvalidInput(_("The date it was asked cannot be in the future."))
        if q.asked_on < q.created_on:
            raise InvalidInput(
                _("The date it was asked cannot be before the day the question was written ({date}).").format(
                    date=format_date(q.created_on)
                )
            )
    return dataclasses.replace(q, text=text)


def unasked(questions: Iterable[Question]) -> list[Question]:
    """Questions still to ask, in the order they were written (as given)."""
    return [q for q in questions if not q.asked]


def sort_questions(questions: Iterable[Question]) -> list[Question]:
    """Questions still to ask first, in the order they were written; then the ones asked, the most
    recently asked first. ``questions`` come in the order they were written."""
    questions = list(questions)
    asked = sorted((q for q in questions if q.asked), key=lambda q: q.asked_on or dt.date.min, reverse=True)
    return unasked(questions) + asked


def short_text(text: str, limit: int = 80) -> str:
    """The first line of ``text``, cut to about ``limit`` characters with an ellipsis."""
    first = " ".join(text.split())
    if len(first) <= limit:
        return first
    return first[: limit - 1].rstrip() + "…"


def describe_question(q: Question) -> str:
    """E.g. ``Question: Can I travel by plane after a dose?``."""
    return _("Question: {text}").format(text=short_text(q.text))
