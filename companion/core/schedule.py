"""The tofersen injection schedule (label-facts.md §1; design.md §4).

One rule covers the label's schedule and its missed-dose instructions: the next dose is counted
from the date the previous dose was actually given, 14 days after dose 1 or 2 and 28 days after
dose 3 and every later dose. The label gives no deadline for a late dose and no re-loading rule, so
nothing here invents one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from companion.core.errors import InvalidInput
from companion.core.limits import MIN_DATE
from companion.core.models import (
    Appointment,
    AppointmentKind,
    DoseRecord,
    Phase,
    Profile,
    TreatmentStatus,
)
from companion.i18n import _

LOADING_DOSES = 3
LOADING_INTERVAL_DAYS = 14
MAINTENANCE_INTERVAL_DAYS = 28
# Two doses closer than this are almost surely a typing slip; the user is asked to confirm.
SUSPICIOUS_GAP_DAYS = 10
DEFAULT_COUNT = 6
LABEL_SOURCE = "US PI 2.1; EU SmPC 4.2"


def phase_of(number: int) -> Phase:
    """Doses 1–3 are loading doses; dose 4 and later are maintenance doses."""
    return Phase.LOADING if number <= LOADING_DOSES else Phase.MAINTENANCE


def interval_after(number: int) -> int:
    """Days from dose ``number`` (as actually given) to the next dose."""
    return LOADING_INTERVAL_DAYS if number < LOADING_DOSES else MAINTENANCE_INTERVAL_DAYS


@dataclass(frozen=True)
class NumberedDose:
    """A recorded dose with its number, phase, the date it was due and how late it was given.

    ``due_on`` and ``days_late`` are None for the first recorded dose and for a dose whose number
    the user set. ``days_late`` is positive when late and negative when early.
    """

    record: DoseRecord
    number: int
    phase: Phase
    due_on: dt.date | None
    days_late: int | None

    @property
    def given_on(self) -> dt.date:
        return self.record.given_on


@dataclass(frozen=True)
class ScheduledDose:
    """A dose still to come. Only the first one in a schedule can lie in the past (overdue)."""

    number: int
    phase: Phase
    due_on: dt.date


def _date_order(records: Iterable[DoseRecord]) -> list[DoseRecord]:
    return sorted(records, key=lambda r: (r.given_on, r.given_at or dt.time.min, r.id))


def number_doses(records: Iterable[DoseRecord]) -> list[NumberedDose]:
    """Number the doses in date order, oldest first.

    A dose's number is the one the user set, else one more than the dose before it (the first
    recorded dose is dose 1). Its due date is counted from the dose before it.
    """
    numbered: list[NumberedDose] = []
    previous: NumberedDose | None = None
    for record in _date_order(records):
        if record.number is not None:
            number, due_on = record.number, None
        elif previous is None:
            number, due_on = 1, None
        else:
            number = previous.number + 1
            due_on = previous.given_on + dt.timedelta(days=interval_after(previous.number))
        days_late = (record.given_on - due_on).days if due_on is not None else None
        current = NumberedDose(record, number, phase_of(number), due_on, days_late)
        numbered.append(current)
        previous = current
    return numbered


def upcoming_doses(
    records: Iterable[DoseRecord],
    today: dt.date,
    count: int = DEFAULT_COUNT,
    planned_first_dose: dt.date | None = None,
) -> list[ScheduledDose]:
    """The next ``count`` due doses.

    The first is the next due dose with its exact due date, even when that is past (overdue).
    Later doses are projected from that due date, or from today when today is later, so that no
    projected date lies in the past. With no dose recorded, a planned first dose starts the
    schedule; with neither, the schedule is empty.
    """
    if count <= 0:
        return []
    numbered = number_doses(records)
    if numbered:
        last = numbered[-1]
        number = last.number + 1
        due_on = last.given_on + dt.timedelta(days=interval_after(last.number))
    elif planned_first_dose is not None:
        number, due_on = 1, planned_first_dose
    else:
        return []
    schedule = [ScheduledDose(number, phase_of(number), due_on)]
    anchor = max(due_on, today)
    while len(schedule) < count:
        anchor = anchor + dt.timedelta(days=interval_after(number))
        number += 1
        schedule.append(ScheduledDose(number, phase_of(number), anchor))
    return schedule


def schedule_for(
    profile: Profile,
    records: Iterable[DoseRecord],
    today: dt.date,
    count: int = DEFAULT_COUNT,
) -> list[ScheduledDose]:
    """The schedule for this patient: empty when treatment is paused or stopped (no due dates on
    any surface; booked appointments still show where appointments are listed)."""
    if profile.treatment_status is not TreatmentStatus.ACTIVE:
        return []
    return upcoming_doses(records, today, count, profile.planned_first_dose)


# --- checks on a dose before it is recorded ------------------------------------------------


def validate_dose(candidate: DoseRecord, existing: Iterable[DoseRecord], today: dt.date) -> None:
    """Refuse a dose that cannot be right: dated in the future, a second dose on the same day, or
    a dose number below 1. ``existing`` may contain the candidate itself (an edit)."""
    if candidate.given_on > today:
        raise InvalidInput(_("A dose can only be recorded after it was given: that date is in the future."))
    if candidate.given_on < MIN_DATE:
        too_early = _("{date} is too long ago for a dose: check the year.")
        raise InvalidInput(too_early.format(date=candidate.given_on.isoformat()))
    if candidate.number is not None and candidate.number < 1:
        raise InvalidInput(_("The dose number must be 1 or more."))
    if candidate.csf_removed_ml is not None and not (0 <= candidate.csf_removed_ml <= 100):
        raise InvalidInput(_("The spinal fluid removed must be between 0 and 100 mL."))
    for other in existing:
        if other.id != candidate.id and other.given_on == candidate.given_on:
            raise InvalidInput(
                _("A dose is already recorded on that day. Edit that dose instead of adding another.")
            )


def doses_too_close(candidate: DoseRecord, existing: Iterable[DoseRecord]) -> list[DoseRecord]:
    """Recorded doses less than 10 days from ``candidate``: almost surely a typing slip."""
    return [
        other
        for other in existing
        if other.id != candidate.id and abs((other.given_on - candidate.given_on).days) < SUSPICIOUS_GAP_DAYS
    ]


# --- what the home screen says about the next dose -------------------------------------------


class DueState(StrEnum):
    NOTHING_KNOWN = "nothing_known"  # no dose recorded and no planned first dose
    STOPPED = "stopped"
    PAUSED = "paused"
    UPCOMING = "upcoming"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    BOOKED = "booked"  # an appointment is booked for the next dose, today or later
    BOOKING_PASSED = "booking_passed"  # its booked date has passed with no dose or outcome recorded


@dataclass(frozen=True)
class ScheduleLine:
    """A due dose with the appointment booked for it, if any."""

    dose: ScheduledDose
    booking: Appointment | None


@dataclass(frozen=True)
class NextDoseStatus:
    state: DueState
    line: ScheduleLine | None = None
    days_until_due: int | None = None  # negative when overdue
    booking_days_after_due: int | None = None  # negative when booked before the due date
    status_since: dt.date | None = None
    status_note: str = ""


def match_bookings(
    schedule: Sequence[ScheduledDose],
    appointments: Iterable[Appointment],
    records: Iterable[DoseRecord],
) -> list[ScheduleLine]:
    """Pair each due dose with the pending dose appointment booked for it.

    Only dose appointments with no outcome, dated after the last dose given, count. One that names
    its dose number goes to that dose; the others go, in date order, to the remaining due doses in
    order.
    """
    records = list(records)
    last_given = max((r.given_on for r in records), default=None)
    pending = sorted(
        (
            a
            for a in appointments
            if a.kind is AppointmentKind.DOSE and a.pending and (last_given is None or a.on > last_given)
        ),
        key=lambda a: (a.on, a.at or dt.time.min, a.id),
    )
    numbers = [d.number for d in schedule]
    booked: dict[int, Appointment] = {}
    for appt in pending:
        if appt.for_dose is not None and appt.for_dose in numbers and appt.for_dose not in booked:
            booked[appt.for_dose] = appt
    free = iter(n for n in numbers if n not in booked)
    for appt in pending:
        if appt.for_dose is None:
            number = next(free, None)
            if number is None:
                break
            booked[number] = appt
    return [ScheduleLine(d, booked.get(d.number)) for d in schedule]


def next_dose_status(
    profile: Profile,
    records: Iterable[DoseRecord],
    appointments: Iterable[Appointment],
    today: dt.date,
    count: int = DEFAULT_COUNT,
) -> tuple[NextDoseStatus, list[ScheduleLine]]:
    """What to tell the patient about the next dose, and the schedule lines to show under it."""
    records = list(records)
    if profile.treatment_status is not TreatmentStatus.ACTIVE:
        # Paused or stopped: no due date, no overdue, on any surface (design.md §4).
        state = DueState.STOPPED if profile.treatment_status is TreatmentStatus.STOPPED else DueState.PAUSED
        return NextDoseStatus(state, status_since=profile.status_since, status_note=profile.status_note), []
    lines = match_bookings(
        upcoming_doses(records, today, count, profile.planned_first_dose), appointments, records
    )
    if not lines:
        return NextDoseStatus(DueState.NOTHING_KNOWN), []
    first = lines[0]
    days_until = (first.dose.due_on - today).days
    if first.booking is not None:
        after_due = (first.booking.on - first.dose.due_on).days
        state = DueState.BOOKED if first.booking.on >= today else DueState.BOOKING_PASSED
        return NextDoseStatus(state, first, days_until, after_due), lines
    if days_until > 0:
        state = DueState.UPCOMING
    elif days_until == 0:
        state = DueState.DUE_TODAY
    else:
        state = DueState.OVERDUE
    return NextDoseStatus(state, first, days_until), lines
