"""The visit summary of one patient (``records.report``): what it shows, read through the other
services, and the PDF written.

``records.report.data(start, end)`` reads a period's records into a ``ReportData`` (core objects and
small summaries); ``records.report.write(…)`` writes the PDF atomically. Neither Qt nor SQL here.
The root builds this service when it is first used: reportlab is imported only for a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion import i18n
from companion.core import red_flags
from companion.core.alsfrs import months_before
from companion.core.errors import InvalidInput
from companion.core.models import AppointmentKind, AppointmentOutcome, DiaryEntry, MeasurementKind
from companion.core.schedule import NumberedDose
from companion.core.symptoms import CODES
from companion.files import check_output_path
from companion.i18n import _
from companion.reports.visit_summary import (
    AFTER_DOSE_DAYS,
    FlaggedEpisode,
    Paper,
    ReportData,
    SymptomSummary,
    build_pdf,
    default_paper,
    system_region,
)
from companion.services.diary import EntryInfo

if TYPE_CHECKING:
    from companion.services.records import PatientRecords

DEFAULT_MONTHS = 3
MAX_OTHER_TEXTS = 5  # "something else": at most this many different descriptions per report


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise InvalidInput(_("The start of the period is after its end."))


def flagged_episodes(
    entries: Sequence[DiaryEntry], window: Sequence[DiaryEntry], history: Sequence[NumberedDose]
) -> list[FlaggedEpisode]:
    """The warning episodes of the period, newest first: one line each (design.md §5).

    Only entries of the period that carry a warning count (an "as usual" the next morning
    carries none); ``window`` adds the 48 hours before the period, to judge its first entries.
    """
    in_period = {e.id for e in entries}
    carried = red_flags.judge(window)
    warnings = [w for entry_id, ws in carried.items() if entry_id in in_period for w in ws]
    result = []
    for episode in red_flags.episodes(warnings):
        own: set[str] = set()
        for w in episode.warnings:
            own.update(w.entry.symptoms)
        result.append(
            FlaggedEpisode(
                rule=episode.rule.code,
                level=episode.level.code,
                entries=tuple(w.entry for w in episode.warnings),
                symptoms=episode.symptoms,
                earlier={c: s for c, s in episode.symptoms.items() if c not in own},
                after_dose=_after_dose(episode.start.date(), history),
            )
        )
    return sorted(result, key=lambda f: (f.entries[-1].at, f.rule), reverse=True)


def _after_dose(day: dt.date, history: Sequence[NumberedDose]) -> tuple[int, int] | None:
    before = [d for d in history if d.given_on <= day]
    if not before:
        return None
    last = before[-1]
    return last.number, (day - last.given_on).days


def summarise_symptoms(entries: Sequence[DiaryEntry], info: dict[str, EntryInfo]) -> list[SymptomSummary]:
    """Each symptom reported in ``entries``, in the catalogue's order: the days it was reported,
    its worst severity, and on how many of those days it was 0–3 days after a dose."""
    days: dict[str, set[dt.date]] = {}
    after: dict[str, set[dt.date]] = {}
    worst: dict[str, int] = {}
    others: list[str] = []
    for entry in entries:
        since_dose = info[entry.id].days_after_dose if entry.id in info else None
        for code, severity in entry.symptoms.items():
            days.setdefault(code, set()).add(entry.local_date)
            worst[code] = max(severity, worst.get(code, 0))
            if since_dose is not None and since_dose <= AFTER_DOSE_DAYS:
                after.setdefault(code, set()).add(entry.local_date)
            if code == "other":
                text = " ".join(entry.other_text.split())
                if text and text not in others:
                    others.append(text)
    summaries = []
    for code in CODES:
        if code not in days:
            continue
        texts = tuple(others[:MAX_OTHER_TEXTS]) if code == "other" else ()
        if code == "other" and len(others) > MAX_OTHER_TEXTS:
            texts += ("…",)
        summaries.append(SymptomSummary(code, len(days[code]), worst[code], len(after.get(code, ())), texts))
    return summaries


class ReportService:
    """The visit summary of one patient's records."""

    def __init__(self, records: PatientRecords):
        self.records = records

    def last_neurology_visit(self, on_or_before: dt.date | None = None) -> dt.date | None:
        """The date of the latest neurology visit marked done, up to ``on_or_before`` (default today)."""
        limit = on_or_before or self.records.today()
        days = [
            a.on
            for a in self.records.appointments.all()
            if a.kind is AppointmentKind.NEUROLOGY and a.outcome is AppointmentOutcome.DONE and a.on <= limit
        ]
        return max(days, default=None)

    def default_period(self) -> tuple[dt.date, dt.date]:
        """Since the last neurology visit marked done, else the last 3 months; up to today."""
        today = self.records.today()
        start = self.last_neurology_visit(today) or months_before(today, DEFAULT_MONTHS)
        return start, today

    def data(self, start: dt.date, end: dt.date, language: str | None = None) -> ReportData:
        """Everything the visit summary of ``start`` to ``end`` (both included) shows.

        ``language`` is the report's language (default: the app's); it is kept with the data.
        """
        check_period(start, end)
        records = self.records
        today = records.today()
        history = records.doses.history()
        window = records.diary.entries(start - red_flags.WINDOW - dt.timedelta(days=1), end)
        entries = [e for e in window if start <= e.local_date <= end]
        info = records.diary.with_info(entries)
        status, _lines = records.schedule.next_dose(1)
        appointments = records.appointments.all()
        medications = records.visit.medications()
        kind_order = {kind: index for index, kind in enumerate(MeasurementKind)}
        return ReportData(
            start=start,
            end=end,
            made_on=today,
            language=i18n.normalise_language(language) or i18n.current_language(),
            profile=records.profile.get(),
            last_neurology_visit=self.last_neurology_visit(today),
            red_flags=tuple(flagged_episodes(entries, window, history)),
            doses=tuple(d for d in history if start <= d.given_on <= end),
            not_given=tuple(
                sorted(
                    (
                        a
                        for a in appointments
                        if a.kind is AppointmentKind.DOSE
                        and a.outcome is AppointmentOutcome.ATTEMPTED_NOT_GIVEN
                        and start <= a.on <= end
                    ),
                    key=lambda a: a.on,
                )
            ),
            next_status=status,
            appointments=tuple(
                sorted(
                    (a for a in appointments if a.pending and a.on >= today),
                    key=lambda a: (a.on, a.at or dt.time.min),
                )
            ),
            diary_entries=len(entries),
            diary_days=len({e.local_date for e in entries}),
            symptoms=tuple(summarise_symptoms(entries, info)),
            ratings=tuple(records.alsfrs.ratings(start, end)),
            slope=records.alsfrs.slope(start, end),
            measurements=tuple(
                sorted(
                    (m for m in records.visit.measurements() if start <= m.measured_on <= end),
                    key=lambda m: (kind_order[m.kind], m.measured_on),
                )
            ),
            medications=tuple(m for m in medications if m.stopped is None),
            stopped_medications=tuple(
                m for m in medications if m.stopped is not None and start <= m.stopped <= end
            ),
            questions=tuple(records.visit.unasked_questions()),
            first_dose=history[0] if history else None,
            latest_dose=history[-1] if history else None,
            doses_so_far=len(history),
        )

    def write(
        self,
        start: dt.date,
        end: dt.date,
        language: str | None,
        path: Path | str,
        paper: Paper | str | None = None,
        sections: Collection[str] | None = None,
    ) -> Path:
        """Write the visit summary of ``start`` to ``end`` as a PDF at ``path`` (atomically; nothing
        is left behind on an error). ``paper`` defaults to this computer's region (Letter for the US
        and Canada, else A4). Returns the path written."""
        target = check_output_path(path)
        data = self.data(start, end, language)
        chosen = Paper(paper) if paper else default_paper(system_region())
        try:
            return build_pdf(data, target, language=data.language, paper=chosen, sections=sections)
        except OSError as exc:
            raise InvalidInput(
                _("Cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
            ) from None
