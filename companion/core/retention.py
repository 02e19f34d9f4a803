"""Which backups to keep: graded rotation (the last 7 daily, 4 weekly and 12 monthly copies).

Pure: it decides from the backups' times only; store/backups.py deletes the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def backups_to_keep(
    times: Iterable[dt.datetime], daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> set[dt.datetime]:
    """The newest backup of each of the last ``daily`` days, ``weekly`` ISO weeks and ``monthly``
    months that have one. The newest backup of all is always kept."""
    ordered = sorted(set(times), reverse=True)
    keep: set[dt.datetime] = set(ordered[:1])
    for count, key in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen: list = []
        for t in ordered:
            k = key(t)
            if k in seen:
                continue
            if len(seen) == count:
                break
            seen.append(k)
            keep.add(t)
    return keep
