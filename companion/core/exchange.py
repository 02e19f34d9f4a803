"""The export file format, and the checks every imported record must pass before anything is
written. Pure: rows in, rows out (as they are stored: ISO 8601 text for dates and times).

Format (version 1), UTF-8 JSON::

    {"format": "tofersen-companion-export", "version": 1, "exported_at": "<UTC ISO 8601>",
     "app_version": "0.1.0",
     "records": {"profile": [row], "dose": [rows], "appointment": [...], "diary_entry": [rows, each
                 with "symptoms": {code: severity}], "alsfrs": [...], "measurement": [...],
                 "medication": [...], "question": [...], "red_flag_ack": [...], "checkin": [...]}}

Each row has the columns of its table (see store/schema.py), including ``id`` (a stable UUID),
``created_at``, ``updated_at`` and ``deleted_at`` (null unless deleted). Edit history is not
exported, nor are the settings of the computer (``LOCAL_SETTINGS``: backup folder, text size,
languages, reminders…): an import never changes them, and a file that holds them (an older
version's export) is read with them left aside.

Every record is checked as the app checks what a person types (no dose, diary entry, rating,
measurement or question dated in the future; texts no longer than the app keeps; dates from 1900
to 2199; references to records that exist; record times that are times, none still to come). One
record that fails refuses the whole file, and the message names it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable

from companion.core.errors import InvalidInput
from companion.core.limits import MAX_DATE, MAX_NAME, MIN_DATE
from companion.core.symptoms import SYMPTOMS
from companion.i18n import N_, _

FORMAT = "tofersen-companion-export"
VERSION = 1
TABLES = (
    "profile",
    "dose",
    "appointment",
    "diary_entry",
    "alsfrs",
    "measurement",
    "medication",
    "question",
    "red_flag_ack",
    "checkin",
)
MAX_FILE_BYTES = 200 * 1024 * 1024
# Tables where one real-world fact has one row whatever its id (a unique index in the schema).
NATURAL_KEYS = {"red_flag_ack": ("entry_id", "rule"), "checkin": ("dose_id", "day")}
MAX_TEXT = 100_000
CLOCK_SLACK = dt.timedelta(days=1)  # a record time later than now by more is not a real time
# Settings of this computer, kept in the profile's row: never exported, never imported.
LOCAL_SETTINGS: dict[str, object] = {
    "backup_mirror": "",
    "text_size": 100,
    "high_contrast": 0,
    "reminder_days": 2,
    "calendar_detail": 0,
    "language": "",
    "report_language": "",
    "onboarding_done": 0,
    "care_team_asked": 0,
    "emergency_number": "",
}


def _date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
        return isinstance(value, str) and len(value) == 10
    except (TypeError, ValueError):
        return False


def _time(value) -> bool:
    try:
        dt.time.fromisoformat(value)
        return isinstance(value, str)
    except (TypeError, ValueError):
        return False


def _aware(value) -> bool:
    try:
        return isinstance(value, str) and dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _text(value) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _int_between(low: int, high: int) -> Callable:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _one_of(*options) -> Callable:
    return lambda v: v in options


def _stamp(value) -> bool:
    """A record time: ISO 8601, as the app writes them (``2026-06-01T08:00:00+00:00``)."""
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _severities(value) -> bool:
    """What a reading of a warning covered: a JSON object of catalogue symptoms and severities
    1 to 3. It decides which later warnings stay quiet, so nothing else is let in."""
    import json

    from companion.core.symptoms import SYMPTOMS

    if not isinstance(value, str) or len(value) > 10_000:
        return False
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return isinstance(parsed, dict) and all(
        code in SYMPTOMS and isinstance(sev, int) and not isinstance(sev, bool) and 1 <= sev <= 3
        for code, sev in parsed.items()
    )


def _ref(value) -> bool:
    """The id of another record."""
    return isinstance(value, str) and 0 < len(value) <= 64


def stamp_time(value) -> dt.datetime | None:
    """A record time as an aware datetime (a time without an offset is UTC), or None."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# Column -> (required, check). Checks see non-null values; optional columns may be null.
_ANY_TEXT = (False, _text)
_RECORD = {
    "id": (True, lambda v: isinstance(v, str) and 0 < len(v) <= 64),
    "created_at": (False, _stamp),
    "updated_at": (False, _stamp),
    "deleted_at": (False, _stamp),
}
SCHEMA: dict[str, dict[str, tuple[bool, Callable]]] = {
    "profile": {
        **_RECORD,
        "display_name": (True, lambda v: isinstance(v, str) and len(v) <= MAX_NAME),
        "birth_date": (False, _date),
        "sod1_variant": _ANY_TEXT,
        "onset_date": (False, _date),
        "care_team_name": _ANY_TEXT,
        "care_team_phone": _ANY_TEXT,
        "care_team_out_of_hours": _ANY_TEXT,
        "emergency_number": (False, lambda v: isinstance(v, str) and len(v) <= 30),
        "treatment_status": (True, _one_of("active", "paused", "stopped")),
        "status_since": (False, _date),
        "status_note": _ANY_TEXT,
        "planned_first_dose": (False, _date),
        "language": (False, _one_of("", "en", "de", "fr", "es", "it")),
        "report_language": (False, _one_of("", "en", "de", "fr", "es", "it")),
        "onboarding_done": (False, _int_between(0, 1)),
        "care_team_asked": (False, _int_between(0, 1)),
        "backup_mirror": _ANY_TEXT,
        "reminder_days": (False, _int_between(0, 30)),
        "calendar_detail": (False, _int_between(0, 1)),
        "text_size": (False, _int_between(100, 200)),
        "high_contrast": (False, _int_between(0, 1)),
    },
    "dose": {
        **_RECORD,
        "given_on": (True, _date),
        "given_at": (False, _time),
        "number": (False, _int_between(1, 100_000)),
        "place": _ANY_TEXT,
        "given_by": _ANY_TEXT,
        "csf_removed_ml": (False, lambda v: _number(v) and 0 <= v <= 100),
        "lot": _ANY_TEXT,
        "note": _ANY_TEXT,
    },
    "appointment": {
        **_RECORD,
        "on_date": (True, _date),
        "at_time": (False, _time),
        "kind": (True, _one_of("dose", "neurology", "tests")),
        "place": _ANY_TEXT,
        "note": _ANY_TEXT,
        "outcome": (False, _one_of("done", "cancelled", "attempted_not_given")),
        "for_dose": (False, _int_between(1, 100_000)),
    },
    "diary_entry": {
        **_RECORD,
        "at": (True, _aware),
        "at_utc": (False, _stamp),
        "local_date": (False, _date),
        "by_name": (True, lambda v: isinstance(v, str) and 0 < len(v) <= MAX_NAME),
        "note": _ANY_TEXT,
        "other_text": _ANY_TEXT,
        "symptoms": (
            True,
            lambda v: (
                isinstance(v, dict) and all(c in SYMPTOMS and _int_between(1, 3)(s) for c, s in v.items())
            ),
        ),
    },
    "alsfrs": {
        **_RECORD,
        "rated_on": (True, _date),
        **{f"item{n}": (True, _int_between(0, 4)) for n in range(1, 13)},
        "item5_form": (True, _one_of("5a", "5b")),
        "rated_by": _ANY_TEXT,
        "note": _ANY_TEXT,
    },
    "measurement": {
        **_RECORD,
        "measured_on": (True, _date),
        "kind": (True, _one_of("weight", "nfl", "fvc", "svc")),
        "value": (True, lambda v: _number(v) and 0 <= v <= 100_000),
        "unit": _ANY_TEXT,
        "note": _ANY_TEXT,
    },
    "medication": {
        **_RECORD,
        "name": (True, lambda v: isinstance(v, str) and 0 < len(v) <= 500),
        "dose": _ANY_TEXT,
        "since": (False, _date),
        "stopped": (False, _date),
        "note": _ANY_TEXT,
    },
    "question": {
        **_RECORD,
        "text": (True, lambda v: isinstance(v, str) and 0 < len(v) <= MAX_TEXT),
        "created_on": (True, _date),
        "asked_on": (False, _date),
    },
    "red_flag_ack": {
        **_RECORD,
        "entry_id": (True, _ref),
        "rule": (
            True,
            _one_of(
                "myelitis_radiculitis", "intracranial_pressure", "aseptic_meningitis", "urgent_breathing"
            ),
        ),
        "acknowledged_at": (True, _stamp),
        "known_to_team": (False, _int_between(0, 1)),
        "severities": (False, _severities),
    },
    "checkin": {
        **_RECORD,
        "dose_id": (True, _ref),
        "day": (True, _int_between(1, 7)),
        "status": (True, _one_of("answered", "dismissed")),
        "at": (False, _stamp),
    },
}


def parse_export(
    raw: bytes, today: dt.date | None = None, now: dt.datetime | None = None
) -> dict[str, list[dict]]:
    """Read and check an export file completely; return its records by table.

    Raises InvalidInput, naming the first problem and the record, for anything that is not a
    complete and valid export: nothing is written unless every record passes. ``today`` is the
    app's today (for "not in the future"); ``now`` the clock (for record times), both by default
    the real ones.
    """
    from companion.core.dates import today as app_today

    today = today or app_today()
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInput(_("The file is too large to be an export of Tofersen Companion."))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidInput(
            _("The file is not a complete export of Tofersen Companion (it cannot be read as JSON).")
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(_("The file is not an export of Tofersen Companion."))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(_("The export file has no valid format version."))
    if version > VERSION:
        raise InvalidInput(
            _("The file was exported by a newer version of Tofersen Companion. Please update the app.")
        )
    records = document.get("records")
    if not isinstance(records, dict):
        raise InvalidInput(_("The export file holds no records."))
    unknown = set(records) - set(TABLES)
    if unknown:
        raise InvalidInput(
            _("The export file has records of an unknown kind: {kinds}.").format(
                kinds=", ".join(sorted(unknown))
            )
        )
    seen: set[tuple[str, str]] = set()
    result: dict[str, list[dict]] = {}
    for table in TABLES:
        rows = records.get(table, [])
        if not isinstance(rows, list):
            raise InvalidInput(_("The export file is damaged: “{table}” is not a list.").format(table=table))
        if table == "profile" and len(rows) > 1:
            raise InvalidInput(_("The export file has more than one patient profile."))
        for position, row in enumerate(rows, start=1):
            _check_row(table, position, row)
            _check_meaning(table, row, today, now)
            key = (table, row["id"])
            if key in seen:
                raise InvalidInput(
                    _("The export file has the same record twice ({table} {id}).").format(
                        table=table, id=row["id"]
                    )
                )
            seen.add(key)
            if table in NATURAL_KEYS:
                natural = (table, *(row[c] for c in NATURAL_KEYS[table]))
                if natural in seen:
                    raise InvalidInput(
                        _("The export file has the same record twice ({table} {id}).").format(
                            table=table, id=row["id"]
                        )
                    )
                seen.add(natural)
        result[table] = rows
    return result


def _check_row(table: str, position: int, row) -> None:
    schema = SCHEMA[table]

    def bad(column: str) -> InvalidInput:
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            return record_error(
                table, row, _("“{column}” is missing or not valid.").format(column=_printable(column))
            )
        return InvalidInput(
            _(
                "Nothing was imported: record {position} of “{table}” in the export file is not valid "
                "({column})."
            ).format(position=position, table=table, column=_printable(column))
        )

    if not isinstance(row, dict):
        raise bad("—")
    extra = set(row) - set(schema)
    if extra:
        raise bad(", ".join(sorted(extra)))
    for column, (required, check) in schema.items():
        value = row.get(column)
        if value is None:
            if required:
                raise bad(column)
            continue
        if not check(value):
            raise bad(column)


# --- what a record means: checked as the app checks what a person types -----------------------

_KINDS = {
    "profile": N_("the patient profile"),
    "dose": N_("the dose"),
    "appointment": N_("the appointment"),
    "diary_entry": N_("the diary entry"),
    "alsfrs": N_("the ALSFRS-R rating"),
    "measurement": N_("the measurement"),
    "medication": N_("the medicine"),
    "question": N_("the question"),
    "red_flag_ack": N_("the warning read"),
    "checkin": N_("the check-in"),
}
_WHEN = {
    "dose": "given_on",
    "appointment": "on_date",
    "diary_entry": "at",
    "alsfrs": "rated_on",
    "measurement": "measured_on",
    "medication": "since",
    "question": "created_on",
    "red_flag_ack": "acknowledged_at",
    "checkin": "at",
}


def _printable(value, limit: int = 40) -> str:
    """Text from a file, safe to show on one line: no control characters, not too long."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_record(table: str, row: dict) -> str:
    """E.g. "the dose of 2026-05-04 (id 3f2a…)": which record of a file a message is about."""
    kind = _(_KINDS[table])
    when = row.get(_WHEN.get(table, ""))
    record_id = _printable(row.get("id", "?"))
    if isinstance(when, str) and when:
        return _("{kind} of {date} (id {id})").format(kind=kind, date=_printable(when, 32), id=record_id)
    return _("{kind} (id {id})").format(kind=kind, id=record_id)


def record_error(table: str, row: dict, reason: str) -> InvalidInput:
    """The refusal of a whole file because of one record, naming it and saying why."""
    return InvalidInput(
        _("Nothing was imported: {record} in the file is not valid: {reason}").format(
            record=describe_record(table, row), reason=reason
        )
    )


def _in_range(value: dt.date | None, latest: dt.date = MAX_DATE) -> None:
    if value is None:
        return
    if value < MIN_DATE or value > MAX_DATE:
        raise InvalidInput(
            _("{date} is outside the dates the app can use ({first} to {last}).").format(
                date=value.isoformat(), first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()
            )
        )
    if value > latest:
        raise InvalidInput(_("{date} is still to come.").format(date=value.isoformat()))


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _required_day(value) -> dt.date:
    """A date the schema requires (its check passed: it is there and well formed)."""
    return dt.date.fromisoformat(value)


def _check_meaning(table: str, row: dict, today: dt.date, now: dt.datetime) -> None:
    """Check a record (whose types passed) as the app checks what a person types."""
    try:
        for column in ("created_at", "updated_at", "deleted_at"):
            moment = stamp_time(row.get(column))
            if moment is not None and moment > now + CLOCK_SLACK:
                raise InvalidInput(
                    _(
                        "it was changed on {date}, a time still to come: the clock of the computer "
                        "that made the file may be wrong."
                    ).format(date=_printable(row[column], 32))
                )
        _MEANING[table](row, today)
    except InvalidInput as exc:
        raise record_error(table, row, str(exc)) from None


def _profile_meaning(row: dict, today: dt.date) -> None:
    _in_range(_day(row.get("birth_date")), today)
    _in_range(_day(row.get("onset_date")), today)
    _in_range(_day(row.get("status_since")))
    _in_range(_day(row.get("planned_first_dose")))


def _dose_meaning(row: dict, today: dt.date) -> None:
    from companion.core.limits import check_dose_texts
    from companion.core.models import DoseRecord
    from companion.core.schedule import validate_dose

    given_on = _required_day(row["given_on"])
    _in_range(given_on)
    record = DoseRecord(
        given_on=given_on,
        number=row.get("number"),
        place=row.get("place") or "",
        given_by=row.get("given_by") or "",
        csf_removed_ml=row.get("csf_removed_ml"),
        lot=row.get("lot") or "",
        note=row.get("note") or "",
        id=row["id"],
    )
    validate_dose(record, [], today)
    check_dose_texts(record)


def _appointment_meaning(row: dict, today: dt.date) -> None:
    on = _required_day(row["on_date"])
    _in_range(on)
    if row.get("outcome") and on > today:
        raise InvalidInput(_("An appointment in the future cannot have an outcome yet."))


def _diary_meaning(row: dict, today: dt.date) -> None:
    from companion.core.diary import validate_entry
    from companion.core.models import DiaryEntry

    at = dt.datetime.fromisoformat(row["at"])
    _in_range(at.date())
    entry = DiaryEntry(
        at=at,
        by=row["by_name"],
        symptoms=dict(row["symptoms"]),
        note=row.get("note") or "",
        other_text=row.get("other_text") or "",
        id=row["id"],
    )
    validate_entry(entry, today)


def _alsfrs_meaning(row: dict, today: dt.date) -> None:
    from companion.core.alsfrs import validate_rating
    from companion.core.models import AlsfrsRating

    rated_on = _required_day(row["rated_on"])
    _in_range(rated_on)
    rating = AlsfrsRating(
        rated_on=rated_on,
        scores=tuple(row[f"item{n}"] for n in range(1, 13)),
        item5=row["item5_form"],
        rated_by=row.get("rated_by") or "",
        note=row.get("note") or "",
        id=row["id"],
    )
    validate_rating(rating, today)


def _measurement_meaning(row: dict, today: dt.date) -> None:
    from companion.core.models import Measurement
    from companion.core.visit import validate_measurement

    measured_on = _required_day(row["measured_on"])
    _in_range(measured_on)
    validate_measurement(
        Measurement(measured_on=measured_on, kind=row["kind"], value=row["value"], id=row["id"]), today
    )


def _medication_meaning(row: dict, today: dt.date) -> None:
    from companion.core.models import Medication
    from companion.core.visit import validate_medication

    since, stopped = _day(row.get("since")), _day(row.get("stopped"))
    _in_range(since)
    _in_range(stopped)
    validate_medication(Medication(name=row["name"], since=since, stopped=stopped, id=row["id"]), today)


def _question_meaning(row: dict, today: dt.date) -> None:
    from companion.core.models import Question
    from companion.core.visit import validate_question

    created_on, asked_on = _required_day(row["created_on"]), _day(row.get("asked_on"))
    _in_range(created_on)
    _in_range(asked_on)
    validate_question(Question(text=row["text"], created_on=created_on, asked_on=asked_on), today)


def _no_more(row: dict, today: dt.date) -> None:
    """Warnings read and check-ins: their references are checked against the folder's records
    too, when the file is merged (store/exchange.py)."""


_MEANING: dict[str, Callable[[dict, dt.date], None]] = {
    "profile": _profile_meaning,
    "dose": _dose_meaning,
    "appointment": _appointment_meaning,
    "diary_entry": _diary_meaning,
    "alsfrs": _alsfrs_meaning,
    "measurement": _measurement_meaning,
    "medication": _medication_meaning,
    "question": _question_meaning,
    "red_flag_ack": _no_more,
    "checkin": _no_more,
}


# --- whose records: the same patient, or another person ---------------------------------------


class OtherPatient(InvalidInput):
    """The file (or backup) holds another person's records. ``theirs`` and ``ours`` describe the
    two people (name, and birth date when known)."""

    def __init__(self, message: str, theirs: str, ours: str):
        super().__init__(message)
        self.theirs = theirs
        self.ours = ours


def _name_key(name) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", str(name or "")).casefold().split())


def is_other_patient(ours: dict | None, theirs: dict | None) -> bool:
    """True when two profiles are of two people: different ids, and a different name or a
    different birth date (where both are known). A side without a name and a birth date is no one
    yet: it takes the other's."""
    if not ours or not theirs or ours.get("id") == theirs.get("id"):
        return False
    names = _name_key(ours.get("display_name")), _name_key(theirs.get("display_name"))
    births = ours.get("birth_date") or None, theirs.get("birth_date") or None
    if not (names[0] or births[0]) or not (names[1] or births[1]):
        return False
    return (all(names) and names[0] != names[1]) or (all(births) and births[0] != births[1])


def describe_person(profile: dict) -> str:
    """E.g. "Anna Weber, born 1970-03-02" (as the file says it, on one line)."""
    name = _printable(profile.get("display_name") or "?", 80)
    born = profile.get("birth_date")
    if born:
        return _("{name}, born {date}").format(name=name, date=_printable(born, 10))
    return name


def normalise_row(table: str, row: dict) -> dict:
    """A checked row with every column present (missing optional ones as null), and the derived
    diary columns recomputed from ``at`` so that they always agree."""
    full = {column: row.get(column) for column in SCHEMA[table]}
    if table == "diary_entry":
        at = dt.datetime.fromisoformat(str(full["at"]))
        full["at_utc"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        full["local_date"] = at.date().isoformat()
    return full
