"""ALSFRS-R: the slope over the period and over its last six months, the total and the subscores at its
start and end, the chart with the doses marked, and a table of the latest ratings (six at most)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from babel import Locale
from babel.dates import format_skeleton

from companion import i18n
from companion.core import alsfrs as scale
from companion.core import texts
from companion.core.alsfrs_trend import RECENT_MONTHS, alsfrs_trend
from companion.core.models import AlsfrsRating, Item5
from companion.i18n import _, format_number, ngettext
from companion.reports.visit_summary.model import Block, ChartSpec, Grid, Item, Section, Text, section_title
from companion.reports.visit_summary.words import Words

MAX_RATING_ROWS = 6
MAX_DOSE_LINES = 12  # up to this many doses get a line through the chart and their number


def alsfrs(w: Words) -> Block:
    d = w.data
    ratings = sorted(d.ratings, key=lambda r: r.rated_on)
    title = w.heading(section_title(Section.ALSFRS), len(ratings))
    if not ratings:
        return Block(title, (w.empty(_("No ALSFRS-R rating in this period.")),))
    trend = alsfrs_trend(ratings, d.start, d.end)
    slope = (
        _("Slope: {slope} (least squares over the ratings of this period).").format(
            slope=scale.slope_text(d.slope)
        )
        if d.slope is not None
        else _("Slope: {reason}.").format(reason=scale.not_enough_data_text())
    )
    lines = [w.m.bold(slope)]
    if trend.recent_start is not None:
        recent = (
            scale.slope_text(trend.recent_slope)
            if trend.recent_slope is not None
            else scale.not_enough_data_text()
        )
        lines.append(
            w.m.bold(
                ngettext(
                    "Last {months} month (since {date}): {slope}.",
                    "Last {months} months (since {date}): {slope}.",
                    RECENT_MONTHS,
                ).format(
                    months=format_number(RECENT_MONTHS), date=w.date_text(trend.recent_start), slope=recent
                )
            )
        )
    items: list[Item] = [Text("<br/>".join(lines))]
    if len(ratings) > MAX_RATING_ROWS and trend.first is not None and trend.latest is not None:
        # The table shows only the latest ratings: the start of the period in words.
        items.append(Text(w.m(change_text(w, trend.first, trend.latest))))
    items.append(chart(w, ratings))
    shown = ratings[-MAX_RATING_ROWS:]
    caption = ""
    if len(shown) < len(ratings):
        caption = w.m.bold(
            _("The latest {shown} of the {count} ratings of this period:").format(
                shown=format_number(len(shown)), count=format_number(len(ratings))
            )
        )
    items.append(dataclasses.replace(rating_table(w, shown), caption=caption))
    items.append(Text(w.m(source_text(w, ratings)), "small"))
    return Block(title, tuple(items))


def change_text(w: Words, first: AlsfrsRating, latest: AlsfrsRating) -> str:
    """Total and subscores from the first rating of the period to the latest, e.g. "total 46 → 32"."""
    before, after = scale.subscores(first.scores), scale.subscores(latest.scores)
    parts = [
        _("{name} {start} → {end}").format(
            name=_("total"),
            start=format_number(scale.total(first.scores)),
            end=format_number(scale.total(latest.scores)),
        )
    ]
    for domain in scale.Domain:
        parts.append(
            _("{name} {start} → {end}").format(
                name=scale.domain_short_name(domain),
                start=format_number(before[domain]),
                end=format_number(after[domain]),
            )
        )
    return _("From {first} to {latest}: {changes}.").format(
        first=w.date_text(first.rated_on), latest=w.date_text(latest.rated_on), changes="; ".join(parts)
    )


def rating_table(w: Words, ratings: Sequence[AlsfrsRating]) -> Grid:
    header = tuple(
        w.m.bold(t)
        for t in (
            _("Date"),
            _("Total (0–48)"),
            scale.domain_short_name(scale.Domain.BULBAR),
            scale.domain_short_name(scale.Domain.FINE_MOTOR),
            scale.domain_short_name(scale.Domain.GROSS_MOTOR),
            scale.domain_short_name(scale.Domain.RESPIRATORY),
            _("Rated by"),
        )
    )
    rows = []
    for r in ratings:
        sub = scale.subscores(r.scores)
        fine = format_number(sub[scale.Domain.FINE_MOTOR])
        if r.item5 is Item5.GASTROSTOMY:
            fine = _("{score} (item 5b)").format(score=fine)
        rows.append(
            (
                w.date(r.rated_on),
                w.m.bold(format_number(scale.total(r.scores))),
                w.m(format_number(sub[scale.Domain.BULBAR])),
                w.m(fine),
                w.m(format_number(sub[scale.Domain.GROSS_MOTOR])),
                w.m(format_number(sub[scale.Domain.RESPIRATORY])),
                w.cut(texts.author_name(r.rated_by), 60),
            )
        )
    return Grid(header, tuple(rows), (0.2, 0.13, 0.11, 0.14, 0.14, 0.13, 0.15))


def source_text(w: Words, ratings: Sequence[AlsfrsRating]) -> str:
    # Where the words come from (issue 16): the clinician reads self-ratings, not a clinic score.
    source = [
        _(
            "The questions are in plain words, adapted from the published "
            "self-administered versions of the ALSFRS-R (such as the ALSFRS-R-SE and "
            "the form of the US National ALS Registry)."
        )
    ]
    if w.data.language != "en":
        source.append(
            _("The German, French, Spanish and Italian wordings are not validated translations of the scale.")
        )
    if any(r.item5 is Item5.GASTROSTOMY for r in ratings):
        source.append(
            _(
                "Question 5 has two forms: 5a, cutting food and handling utensils, and 5b, "
                "handling tube feeding, for people who are mainly fed through a feeding tube "
                "(gastrostomy)."
            )
        )
    return " ".join(source)


def chart(w: Words, ratings: Sequence[AlsfrsRating]) -> ChartSpec:
    d = w.data
    x_min, x_max = d.start.toordinal(), max(d.end.toordinal(), d.start.toordinal() + 1)
    totals = [scale.total(r.scores) for r in ratings]
    low = max(0, (min(totals) - 3) // 4 * 4)
    high = min(scale.MAX_TOTAL, -(-(max(totals) + 3) // 4) * 4)
    while high - low < 12:
        low, high = max(0, low - 2), min(scale.MAX_TOTAL, high + 2)
        if low == 0 and high == scale.MAX_TOTAL:
            break
    step = 2 if high - low <= 16 else 4 if high - low <= 32 else 8
    low = low // step * step
    label_doses = len(d.doses) <= MAX_DOSE_LINES
    doses = tuple(
        (dose.given_on.toordinal(), format_number(dose.number) if label_doses else "") for dose in d.doses
    )
    legend = ngettext(
        "ALSFRS-R total over the period; the mark below the axis is the dose given, with its number.",
        "ALSFRS-R total over the period; marks below the axis are the doses given, with their numbers.",
        len(d.doses),
    )
    if not label_doses:
        legend = _("ALSFRS-R total over the period; marks below the axis are the doses given.")
    if not d.doses:
        legend = _("ALSFRS-R total over the period; no dose was given in it.")
    return ChartSpec(
        x_min=x_min,
        x_max=x_max,
        points=tuple((r.rated_on.toordinal(), t) for r, t in zip(ratings, totals, strict=True)),
        doses=doses,
        x_ticks=date_ticks(d.start, d.end, i18n.current_locale()),
        y_min=low,
        y_max=high,
        y_step=step,
        y_labels=tuple(format_number(v) for v in range(low, high + 1, step)),
        legend=w.m(legend),
        height_mm=40,
    )


def date_ticks(start: dt.date, end: dt.date, locale: Locale, most: int = 10) -> tuple[tuple[int, str], ...]:
    """Tick marks on the date axis, with the month in words: months for a short period, quarters
    for up to two years, years beyond; at most about ``most`` of them."""
    span = (end - start).days
    if span > 2 * 366:
        years = range(start.year + (start > dt.date(start.year, 1, 1)), end.year + 1)
        every = max(1, -(-len(years) // most))
        return tuple(
            (dt.date(y, 1, 1).toordinal(), format_skeleton("y", dt.date(y, 1, 1), locale=locale))
            for y in years
            if (y - years[0]) % every == 0
        )
    months = 1 if span <= 190 else 3
    if most < 6:
        months *= 2
    ticks = []
    year, month = start.year, start.month
    first = dt.date(year, month, 1)
    if first < start:
        month += 1
    while True:
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = dt.date(year, month, 1)
        if day > end:
            break
        if (month - 1) % months == 0 or months == 1:
            ticks.append((day.toordinal(), format_skeleton("yMMM", day, locale=locale)))
        month += 1
    return tuple(ticks)
