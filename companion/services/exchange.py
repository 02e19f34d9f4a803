"""Export, import and the diary as a spreadsheet, for one patient."""

from __future__ import annotations

import csv
import io

from companion.core.exchange import parse_export
from companion.core.symptoms import CODES
from companion.services.records import PatientRecords
from companion.store.exchange import ImportPlan, apply_import, export_bytes, plan_import


def export_json(records: PatientRecords) -> bytes:
    """Every record, in the documented exchange format (core/exchange.py)."""
    return export_bytes(records.store)


def read_import(records: PatientRecords, raw: bytes) -> ImportPlan:
    """Check a whole export file and work out what importing it would add (nothing is written).
    Raises InvalidInput for a file that is not a complete, valid export."""
    return plan_import(records.store, parse_export(raw))


def do_import(records: PatientRecords, plan: ImportPlan) -> None:
    """Write the plan in one transaction."""
    apply_import(records.store, plan)


def diary_csv(records: PatientRecords) -> bytes:
    """The diary as CSV for spreadsheets: one row per entry, one column per symptom (its severity).

    Column names are the stable codes, so the file reads the same in every language.
    """
    entries = records.diary.entries()
    info = records.diary.with_info(entries)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "local_date", "by", "days_after_dose", "red_flags", "note", "other", *CODES])
    for e in entries:
        days = info[e.id].days_after_dose
        writer.writerow(
            [
                e.at.isoformat(),
                e.at.date().isoformat(),
                e.by,
                "" if days is None else days,
                " ".join(info[e.id].flags),
                e.note,
                e.other_text,
                *(e.symptoms.get(code, "") for code in CODES),
            ]
        )
    # A byte-order mark, so that spreadsheet programs read the accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
