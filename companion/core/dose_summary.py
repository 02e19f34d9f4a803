"""How the doses of a period kept to the schedule, in numbers (for the visit summary of a long period).

Lateness is the schedule's own (``schedule.number_doses``; label-facts.md §1): each dose's due date is
counted from the dose before it as it was actually given (14 days after dose 1 or 2, 28 days after
dose 3 and every later dose), and ``days_late`` is the date given minus that due date. So a dose
given on its due day is on time, before it early, after it late. A dose with no due date — the
first recorded dose, or a dose whose number the user set (for example dose 1 again when the care
team restarts loading after a pause) — is not judged. The label gives no deadline for a late dose,
so nothing here calls a dose "missed": the doses the app knows were not given are the appointments
marked "attempted, not given", which the report lists beside these numbers. No Qt, no SQL.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.schedule import NumberedDose


@dataclass(frozen=True)
class DoseSummary:
    """The doses of a period: how many were given, on time, late, early or not judged (no due
    date); the median and the longest delay of the late ones (in days; None when none was late);
    the late doses, newest first."""

    given: int = 0
    on_time: int = 0
    late: int = 0
    early: int = 0
    not_judged: int = 0
    median_days_late: float | None = None
    longest_days_late: int | None = None
    late_doses: tuple[NumberedDose, ...] = ()

    @property
    def judged(self) -> int:
        """The doses that had a due date."""
        return self.on_time + self.late + self.early


def summarise_doses(doses: Iterable[NumberedDose]) -> DoseSummary:
    """Count ``doses`` (numbered by ``schedule.number_doses``) by how they kept to their due date."""
    ordered = sorted(doses, key=lambda d: d.given_on)
    late = [d for d in ordered if d.days_late is not None and d.days_late > 0]
    delays = [d.days_late for d in late if d.days_late is not None]
    return DoseSummary(
        given=len(ordered),
        on_time=sum(1 for d in ordered if d.days_late == 0),
        late=len(late),
        early=sum(1 for d in ordered if d.days_late is not None and d.days_late < 0),
        not_judged=sum(1 for d in ordered if d.days_late is None),
        median_days_late=statistics.median(delays) if delays else None,
        longest_days_late=max(delays) if delays else None,
        late_doses=tuple(reversed(late)),
    )
