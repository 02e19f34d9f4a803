"""Export, import and the diary as a spreadsheet, for one patient."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from companion import i18n
from companion.core.exchange import MAX_FILE_BYTES, OtherPatient, parse_export
from companion.core.symptoms import CODES
from companion.files import read_input_file
from companion.i18n import _, ngettext
from companion.store.exchange import ImportPlan, export_bytes, plan_import
from companion.store.exchange import apply_import as store_apply_import

if TYPE_CHECKING:
    from companion.services.records import PatientRecords

__all__ = ["OtherPatient"]


def read_export_file(path: Path | str) -> bytes:
    """The bytes of an export file to import: a regular file of at most 200 MB, or InvalidInput
    saying why not (a folder, a pipe, a device, too large, unreadable)."""
    return read_input_file(path, MAX_FILE_BYTES)


def check_export(raw: bytes, today=None) -> dict[str, list[dict]]:
    """Check a whole export file on its own (every record, as the app checks what a person types),
    before any folder is opened; return its records. Raises InvalidInput naming the record."""
    return parse_export(raw, today)


class ExchangeService:
    """Export, import and the spreadsheet of one patient's records."""

    def __init__(self, records: PatientRecords):
        self._records = records

    def export_json(self) -> bytes:
        """Every record, in the documented exchange format (core/exchange.py)."""
        return export_bytes(self._records.store)

    def export_fhir(self, made_at: dt.datetime | None = None) -> bytes:
        """Every record (not deleted) as a FHIR R4 Bundle of type collection, for a clinic's systems
        (core/fhir.py): UTF-8 JSON. Ids derive from the records' UUIDs, so they stay the same."""
        import json

        from companion.core.fhir import fhir_bundle

        bundle = fhir_bundle(
            self._records.profile.get(),
            self._records.profile.patient_id(),
            self._records.doses.history(),
            self._records.appointments.all(),
            self._records.alsfrs.ratings(),
            self._records.visit.measurements(),
            self._records.diary.entries(),
            self._records.visit.medications(),
            made_at=made_at or dt.datetime.now().astimezone().replace(microsecond=0),
        )
        return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")

    def diary_csv(self) -> bytes:
        """The diary for spreadsheets, in the current language: one row per entry, the date in ISO
        form in its own column (so that it sorts), then the time, who wrote it, days after the dose,
        the warning signs and the note, and one column per symptom holding its severity in words.

        Words, not codes (scripts have the JSON export); the separator the language's spreadsheets
        expect; UTF-8 with a byte-order mark so that accents survive. Texts that a spreadsheet would
        take for a formula start with a single quote (``spreadsheet_text``).
        """
        from companion.core import texts
        from companion.core.red_flags import RULES_BY_CODE
        from companion.core.symptoms import severity_label, symptom_label

        entries = self._records.diary.entries()
        info = self._records.diary.with_info(entries)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=csv_delimiter())
        header = [_("Date"), _("Time"), _("Written by"), _("After dose"), _("Warning signs"), _("Note")]
        writer.writerow(header + [symptom_label(code) for code in CODES])
        for e in entries:
            days = info[e.id].days_after_dose
            cells = []
            for code in CODES:
                if code not in e.symptoms:
                    cells.append("")
                    continue
                severity = severity_label(e.symptoms[code])
                if code == "other" and e.other_text.strip():
                    severity = _("{symptom}: {text}").format(symptom=severity, text=e.other_text.strip())
                cells.append(spreadsheet_text(severity))
            writer.writerow(
                [
                    e.at.date().isoformat(),
                    e.at.strftime("%H:%M"),
                    spreadsheet_text(texts.author_name(e.by)),
                    "" if days is None else days,
                    spreadsheet_text(", ".join(_(RULES_BY_CODE[code].title) for code in info[e.id].flags)),
                    spreadsheet_text(e.note),
                    *cells,
                ]
            )
        # A byte-order mark, so that spreadsheet programs read the accents right.
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def plan_import(self, raw: bytes | dict, other_patient: bool = False) -> ImportPlan:
        """Check a whole export file and work out what importing it would add (nothing is written).
        ``raw``: the file's bytes, or the records check_export returned. Raises InvalidInput for a
        file that is not a complete, valid export, and OtherPatient (an InvalidInput) for another
        person's, unless ``other_patient``."""
        if isinstance(raw, bytes | bytearray):
            raw = parse_export(bytes(raw), self._records.today())
        return plan_import(self._records.store, raw, other_patient)

    def apply_import(self, plan: ImportPlan) -> None:
        """Write the plan in one transaction."""
        store_apply_import(self._records.store, plan)

    def import_with_backup(self, plan: ImportPlan) -> Path | None:
        """Back up the data as it is (a backup rotation keeps 30 days at least), then write the plan
        in one transaction; return the backup's path (None when there was nothing to back up)."""
        safety = None
        if not self._records.store.is_empty() or self._records.diary.entries():
            safety = self._records.backups.make("before-import")
        store_apply_import(self._records.store, plan)
        return safety


def plan_for_new_folder(raw: dict[str, list[dict]], other_patient: bool = False) -> ImportPlan:
    """What importing the records ``check_export`` returned would add to a folder with nothing in
    it yet (nothing is written, no folder is made)."""
    return plan_import(None, raw, other_patient)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @, a tab
    or a carriage return) gets a single quote in front (OWASP's advice against CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_delimiter() -> str:
    """The separator the current language's spreadsheets expect: ";" where the decimal mark is a
    comma (de, fr, es, it), else ","."""
    from babel.numbers import get_decimal_symbol

    return ";" if get_decimal_symbol(i18n.current_locale()) == "," else ","


TABLE_NAMES = {
    "profile": lambda n: ngettext("{n} patient profile", "{n} patient profiles", n),
    "dose": lambda n: ngettext("{n} dose", "{n} doses", n),
    "appointment": lambda n: ngettext("{n} appointment", "{n} appointments", n),
    "diary_entry": lambda n: ngettext("{n} diary entry", "{n} diary entries", n),
    "alsfrs": lambda n: ngettext("{n} ALSFRS-R rating", "{n} ALSFRS-R ratings", n),
    "measurement": lambda n: ngettext("{n} measurement", "{n} measurements", n),
    "medication": lambda n: ngettext("{n} medicine", "{n} medicines", n),
    "question": lambda n: ngettext("{n} question", "{n} questions", n),
    "red_flag_ack": lambda n: ngettext("{n} warning read", "{n} warnings read", n),
    "checkin": lambda n: ngettext("{n} check-in", "{n} check-ins", n),
}


def describe_plan(plan) -> list[str]:
    """What an import will do, in sentences for people."""

    def listing(counter) -> str:
        return ", ".join(TABLE_NAMES[t](n).format(n=n) for t, n in counter.items())

    lines = []
    if plan.empty:
        lines.append(_("Nothing new to import: every record is already here."))
    if plan.added():
        lines.append(_("To add: {records}.").format(records=listing(plan.added())))
    if plan.changed():
        lines.append(_("To update with a newer version: {records}.").format(records=listing(plan.changed())))
    same_day = sum(1 for reason, _row in plan.skipped if reason == "dose_same_day")
    if same_day:
        lines.append(
            ngettext(
                "Left out: {n} dose on a day that already has one.",
                "Left out: {n} doses on days that already have one.",
                same_day,
            ).format(n=same_day)
        )
    return lines
