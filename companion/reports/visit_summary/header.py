"""The header: who, the disease and its duration, the treatment so far, the period, and the report at
a glance."""

from __future__ import annotations

import datetime as dt

from companion.core import alsfrs as scale
from companion.core.alsfrs_trend import RECENT_MONTHS, alsfrs_trend
from companion.core.models import TreatmentStatus
from companion.core.schedule import DueState
from companion.i18n import _, format_number, ngettext
from companion.reports import fonts
from companion.reports.visit_summary.model import OPTIONAL_SECTIONS, Block, Grid, Item, Text, section_title
from companion.reports.visit_summary.words import Words


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


def duration_text(months: int) -> str:
    """E.g. "10 years, 7 months", "1 year", "5 months"."""
    years, months = divmod(months, 12)
    year_text = ngettext("{count} year", "{count} years", years).format(count=format_number(years))
    month_text = ngettext("{count} month", "{count} months", months).format(count=format_number(months))
    if not years:
        return month_text
    if not months:
        return year_text
    return _("{years}, {months}").format(years=year_text, months=month_text)


def header(w: Words) -> Block:
    d, p, m = w.data, w.data.profile, w.m
    name = w.short(p.display_name, 120) or _("(no name given)")
    about = [name]
    if p.birth_date is not None:
        about.append(_("born {date}").format(date=w.date_text(p.birth_date)))
    period = w.period_text()
    if d.last_neurology_visit is not None and d.last_neurology_visit == d.start:
        period = _("{period} (since the last neurology visit)").format(period=period)
    rows = [(m.bold(_("Patient")), m(" · ".join(about)))]
    disease = disease_text(w)
    if disease:
        rows.append((m.bold(_("Disease")), m(disease)))
    rows += [
        (m.bold(_("Treatment")), m(treatment_text(w))),
        (m.bold(_("Period")), m(period)),
        (m.bold(_("Made")), m(_("{date} by {app}").format(date=w.date_text(d.made_on), app=d.made_by))),
        (m.bold(_("At a glance")), m(glance(w))),
    ]
    left_out = [s for s in OPTIONAL_SECTIONS if s not in w.sections]
    if left_out:
        parts = "; ".join(section_title(s) for s in left_out)
        rows.append(
            (
                m.bold(_("Left out")),
                m(_("These parts were left out of this report: {parts}.").format(parts=parts)),
            )
        )
    items: list[Item] = [
        Text(m(_("Visit summary"), bold=True), "title"),
        Grid((), tuple(rows), (0.16, 0.84), kind="pairs"),
    ]
    return Block("", tuple(items))


def missing_characters_note(w: Words, count: int) -> Text:
    return Text(
        w.m(
            ngettext(
                "{count} character in the patient's texts is not in the fonts of this "
                "report; it is printed as {mark}.",
                "{count} characters in the patient's texts are not in the fonts of this "
                "report; they are printed as {mark}.",
                count,
            ).format(count=format_number(count), mark=fonts.MISSING_MARK)
        ),
        "small",
    )


def shortened_note(w: Words) -> Text:
    return Text(w.m(_("Texts that end in “…” are shortened here; they are whole in the app.")), "small")


def disease_text(w: Words) -> str:
    """SOD1 variant, symptom onset and the time since then (to the day the report is made)."""
    p = w.data.profile
    parts = []
    if p.sod1_variant.strip():
        parts.append(_("SOD1 variant: {variant}").format(variant=w.short(p.sod1_variant, 80)))
    if p.onset_date is not None:
        parts.append(_("symptom onset {date}").format(date=w.date_text(p.onset_date)))
        if p.onset_date <= w.data.made_on:
            duration = duration_text(whole_months(p.onset_date, w.data.made_on))
            parts.append(_("disease duration {duration}").format(duration=duration))
    return " · ".join(parts)


def treatment_text(w: Words) -> str:
    """Treatment start (the first recorded dose), the doses so far, the latest; paused or stopped."""
    d = w.data
    parts = []
    first, latest = d.first_dose, d.latest_dose
    if first is None:
        parts.append(_("no dose recorded"))
    else:
        if first.number == 1:
            parts.append(_("started {date} (first recorded dose)").format(date=w.date_text(first.given_on)))
        else:
            parts.append(
                _("first recorded dose: dose {number} on {date}").format(
                    number=format_number(first.number), date=w.date_text(first.given_on)
                )
            )
        parts.append(
            ngettext("{count} dose recorded so far", "{count} doses recorded so far", d.doses_so_far).format(
                count=format_number(d.doses_so_far)
            )
        )
        if latest is not None and latest is not first:
            parts.append(
                _("latest: dose {number} on {date}").format(
                    number=format_number(latest.number), date=w.date_text(latest.given_on)
                )
            )
    if d.profile.treatment_status is not TreatmentStatus.ACTIVE:
        parts.append(w.treatment_text())
    return " · ".join(parts)


def glance(w: Words) -> str:
    d = w.data
    parts = [
        ngettext("{count} red flag", "{count} red flags", len(d.red_flags)).format(
            count=format_number(len(d.red_flags))
        ),
        ngettext("{count} dose given", "{count} doses given", len(d.doses)).format(
            count=format_number(len(d.doses))
        ),
    ]
    if d.ratings:
        latest = max(d.ratings, key=lambda r: r.rated_on)
        text = _("ALSFRS-R {total} on {date}").format(
            total=scale.total_text(scale.total(latest.scores)), date=w.date_text(latest.rated_on)
        )
        if d.slope is not None:
            text = _("{rating}, {slope}").format(rating=text, slope=scale.slope_text(d.slope))
        recent = alsfrs_trend(d.ratings, d.start, d.end)
        if recent.recent_slope is not None:
            # Over years the whole period's slope hides a recent change: the last months beside it.
            text = ngettext(
                "{rating}; last {months} month: {slope}",
                "{rating}; last {months} months: {slope}",
                RECENT_MONTHS,
            ).format(
                rating=text, months=format_number(RECENT_MONTHS), slope=scale.slope_text(recent.recent_slope)
            )
        parts.append(text)
    else:
        parts.append(_("no ALSFRS-R rating"))
    if d.next_status.line is not None and d.next_status.state not in (DueState.PAUSED, DueState.STOPPED):
        parts.append(_("next dose due {date}").format(date=w.date_text(d.next_status.line.dose.due_on)))
    parts.append(
        ngettext("{count} question", "{count} questions", len(d.questions)).format(
            count=format_number(len(d.questions))
        )
    )
    return " · ".join(parts)
