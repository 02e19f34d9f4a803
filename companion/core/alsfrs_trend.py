"""The ALSFRS-R over a report's period: the first and the latest rating, the change between them,
and the slope over the whole period and over its last six months (design.md §5: points per month of
30.44 days by least squares, "not enough data" below three ratings spanning eight weeks — the rule of
``alsfrs.slope_per_month``, used as it is). Data, never a prognosis. No Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from companion.core import alsfrs as scale
from companion.core.models import AlsfrsRating

RECENT_MONTHS = 6


@dataclass(frozen=True)
class AlsfrsTrend:
    """``first`` and ``latest`` are None without ratings; ``change`` is the latest total minus the
    first (None with fewer than two ratings); ``slope`` is over the whole period; ``recent_slope``
    over the last ``RECENT_MONTHS`` months from ``recent_start`` — both None when the period is not
    longer than that (it would repeat ``slope``) or there is not enough data."""

    first: AlsfrsRating | None = None
    latest: AlsfrsRating | None = None
    change: int | None = None
    slope: float | None = None
    recent_start: dt.date | None = None
    recent_slope: float | None = None


def alsfrs_trend(
    ratings: Iterable[AlsfrsRating], start: dt.date, end: dt.date, recent_months: int = RECENT_MONTHS
) -> AlsfrsTrend:
    """The trend of the ratings from ``start`` to ``end`` (both included)."""
    chosen = scale.in_period(ratings, start, end)
    if not chosen:
        return AlsfrsTrend()
    first, latest = chosen[0], chosen[-1]
    change = scale.total(latest.scores) - scale.total(first.scores) if len(chosen) > 1 else None
    since: dt.date | None = scale.months_before(end, recent_months)
    recent_slope = None
    if since is not None and since > start:
        recent_slope = scale.slope_per_month(scale.in_period(chosen, since, end))
    else:
        since = None
    return AlsfrsTrend(first, latest, change, scale.slope_per_month(chosen), since, recent_slope)
