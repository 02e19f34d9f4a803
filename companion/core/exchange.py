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
exported.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable

from companion.core.errors import InvalidInput
from companion.core.symptoms import SYMPTOMS
from companion.i18n import _

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
    return isinstance(value, str) and len(value) <= 64


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
        "display_name": (True, lambda v: isinstance(v, str) and len(v) <= 200),
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
        "by_name": (True, lambda v: isinstance(v, str) and 0 < len(v) <= 200),
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
        "entry_id": (True, _stamp),
        "rule": (
            True,
            _one_of(
                "myelitis_radiculitis", "intracranial_pressure", "aseptic_meningitis", "urgent_breathing"
            ),
        ),
        "acknowledged_at": (True, _stamp),
        "known_to_team": (False, _int_between(0, 1)),
        "severities": (False, _text),
    },
    "checkin": {
        **_RECORD,
        "dose_id": (True, _stamp),
        "day": (True, _int_between(1, 7)),
        "status": (True, _one_of("answered", "dismissed")),
        "at": (False, _stamp),
    },
}


def parse_export(raw: bytes) -> dict[str, list[dict]]:
    """Read and check an export file completely; return its records by table.

    Raises InvalidInput, naming the first problem, for anything that is not a complete and valid
    export: nothing is written unless every record passes.
    """
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
        return InvalidInput(
            _("Record {position} of “{table}” in the export file is not valid ({column}).").format(
                position=position, table=table, column=column
            )
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


def normalise_row(table: str, row: dict) -> dict:
    """A checked row with every column present (missing optional ones as null), and the derived
    diary columns recomputed from ``at`` so that they always agree."""
    full = {column: row.get(column) for column in SCHEMA[table]}
    if table == "diary_entry":
        at = dt.datetime.fromisoformat(full["at"])
        full["at_utc"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        full["local_date"] = at.date().isoformat()
    return full
