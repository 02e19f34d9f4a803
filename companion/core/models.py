"""Value objects shared by every layer. Dates are ``datetime.date``; ids are UUID strings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


def new_id() -> str:
    """A new stable record id (UUID4), used to merge records across machines."""
    import uuid  # here, not at the top: the uuid module costs start-up time; ids come with writes

    return str(uuid.uuid4())


class Phase(StrEnum):
    LOADING = "loading"
    MAINTENANCE = "maintenance"


class TreatmentStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class AppointmentKind(StrEnum):
    DOSE = "dose"
    NEUROLOGY = "neurology"
    TESTS = "tests"


class AppointmentOutcome(StrEnum):
    DONE = "done"
    CANCELLED = "cancelled"
    ATTEMPTED_NOT_GIVEN = "attempted_not_given"


@dataclass(frozen=True)
class DoseRecord:
    """A dose as the user recorded it, after it was given.

    ``number`` is set only when the user chose the dose number; otherwise the number follows
    date order (see ``schedule.number_doses``).
    """

    given_on: dt.date
    number: int | None = None
    given_at: dt.time | None = None
    place: str = ""
    given_by: str = ""
    csf_removed_ml: float | None = None
    lot: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Appointment:
    """A booked clinic date; ``outcome`` is filled in afterwards.

    ``for_dose`` names the dose number a dose appointment is booked for, when the user said so.
    """

    on: dt.date
    kind: AppointmentKind = AppointmentKind.DOSE
    at: dt.time | None = None
    place: str = ""
    note: str = ""
    outcome: AppointmentOutcome | None = None
    for_dose: int | None = None
    id: str = field(default_factory=new_id)

    @property
    def pending(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True)
class Profile:
    """The patient's details; all optional except a display name."""

    display_name: str = ""
    birth_date: dt.date | None = None
    sod1_variant: str = ""
    onset_date: dt.date | None = None
    care_team_name: str = ""
    care_team_phone: str = ""
    care_team_out_of_hours: str = ""
    emergency_number: str = ""  # as the user entered it; "" = say "emergency services" alone
    treatment_status: TreatmentStatus = TreatmentStatus.ACTIVE
    status_since: dt.date | None = None
    status_note: str = ""
    planned_first_dose: dt.date | None = None
    language: str = ""
    report_language: str = ""
    onboarding_done: bool = False
    care_team_asked: bool = False
    backup_mirror: str = ""  # a second folder for copies of every backup ("" = none)
    reminder_days: int = 2  # remind this many days before a dose is due
    calendar_detail: bool = False  # calendar titles name the drug and the dose number
    text_size: int = 100  # percent, 100 to 200: the whole window follows it
    high_contrast: bool = False


# --- diary, ALSFRS-R and the other records kept between visits -------------------------------

PATIENT = "patient"  # the author of an entry the patient wrote; a caregiver is named


@dataclass(frozen=True)
class DiaryEntry:
    """How the patient felt at a moment. ``at`` is timezone-aware local time; days are counted
    by its local date. ``symptoms`` maps a catalogue code to a severity 1 mild, 2 moderate,
    3 severe; an empty map means "as usual"."""

    at: dt.datetime
    by: str = PATIENT
    symptoms: dict[str, int] = field(default_factory=dict)
    note: str = ""
    other_text: str = ""  # what the "other" symptom is, in the user's words
    id: str = field(default_factory=new_id)

    @property
    def local_date(self) -> dt.date:
        return self.at.date()


class Item5(StrEnum):
    CUTTING_FOOD = "5a"
    GASTROSTOMY = "5b"


@dataclass(frozen=True)
class AlsfrsRating:
    """One ALSFRS-R rating: 12 item scores 0–4 in item order (item 5 as 5a or 5b)."""

    rated_on: dt.date
    scores: tuple[int, ...]
    item5: Item5 = Item5.CUTTING_FOOD
    rated_by: str = PATIENT
    note: str = ""
    id: str = field(default_factory=new_id)


class MeasurementKind(StrEnum):
    WEIGHT = "weight"
    NFL = "nfl"
    FVC = "fvc"
    SVC = "svc"


@dataclass(frozen=True)
class Measurement:
    """Weight or a clinic value on a date, with its unit (kg, pg/mL, % predicted)."""

    measured_on: dt.date
    kind: MeasurementKind
    value: float
    unit: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Medication:
    """Another medicine the patient takes or took."""

    name: str
    dose: str = ""
    since: dt.date | None = None
    stopped: dt.date | None = None
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Question:
    """A question for the next visit; marked asked afterwards."""

    text: str
    created_on: dt.date
    asked_on: dt.date | None = None
    id: str = field(default_factory=new_id)

    @property
    def asked(self) -> bool:
        return self.asked_on is not None
