"""Which backups to keep: graded rotation, as Anki keeps its backups.

Every backup of the last 2 days, then one a day (the newest of the day) for 2 weeks, one a week
for 3 months, and one a month after that. A backup made before an import or a restore is kept at
least 30 days (and the newest three of each such kind always).

Pure: it decides from the backups' times only; store/backups.py works out those times (the time
each backup recorded, made sane against a wrong clock) and deletes the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

RECENT = dt.timedelta(days=2)
DAILY = dt.timedelta(days=14)
WEEKLY = dt.timedelta(days=92)  # about 3 months
SAFETY = dt.timedelta(days=30)
SAFETY_NEWEST = 3


def backups_to_keep(times: Iterable[dt.datetime], now: dt.datetime | None = None) -> set[dt.datetime]:
    """The times (of routine backups) to keep at ``now`` (default: the newest time). The newest
    backup of all is always kept; a time after ``now`` counts as recent."""
    ordered = sorted(set(times), reverse=True)
    if not ordered:
        return set()
    now = ordered[0] if now is None else now
    keep = {ordered[0]}
    buckets: set[tuple] = set()
    for t in ordered:
        if now - t < RECENT:
            keep.add(t)
            continue
        days = (now.date() - t.date()).days  # by calendar days: a day falls in one band only
        if days < DAILY.days:
            bucket: tuple = ("day", t.date())
        elif days < WEEKLY.days:
            bucket = ("week", *t.isocalendar()[:2])
        else:
            bucket = ("month", t.year, t.month)
        if bucket not in buckets:  # the newest of its day, week or month
            buckets.add(bucket)
            keep.add(t)
    return keep


def safety_backups_to_keep(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """The times (of backups of one safety kind: before an import, a restore, an upgrade) to keep:
    all of the last 30 days, and the newest three whatever their age."""
    ordered = sorted(set(times), reverse=True)
    return set(ordered[:SAFETY_NEWEST]) | {t for t in ordered if now - t < SAFETY}
