"""Doses: every dose of a short period; for a long one the numbers (given, on time, late, early, the
median delay) and only the late doses. Then the next due dose and the booked appointments."""

from __future__ import annotations

import dataclasses

from companion.core import texts
from companion.core.dose_summary import summarise_doses
from companion.core.models import Appointment
from companion.core.schedule import DueState, NumberedDose
from companion.i18n import _, format_number, ngettext
from companion.reports.visit_summary.model import Block, Grid, Item, Section, Text, section_title
from companion.reports.visit_summary.words import Words

DOSE_WIDTHS = (0.22, 0.19, 0.19, 0.15, 0.25)


def doses(w: Words) -> Block:
    d = w.data
    title = w.heading(section_title(Section.DOSES), len(d.doses))
    items: list[Item] = []
    if not d.doses:
        items.append(w.empty(_("No doses in this period.")))
    elif w.long_period or len(d.doses) > w.limits.dose_rows:
        items += dose_summary(w)
    else:
        items.append(dose_table(w, d.doses))
    shown = d.not_given[-w.limits.not_given :] if w.limits.not_given else ()
    for appointment in shown:
        text = _("Attempted, not given: {date}").format(date=w.date_text(appointment.on))
        if appointment.place.strip():
            text = _("{what}, {place}").format(what=text, place=appointment.place.strip())
        if appointment.note.strip():
            text = _("{what} ({note})").format(what=text, note=appointment.note.strip())
        items.append(Text(w.note(text, w.limits.cell)))
    if len(d.not_given) > len(shown):
        items.append(w.more(len(d.not_given) - len(shown)))
    return Block(title, tuple(items))


def dose_table(w: Words, rows_of: tuple[NumberedDose, ...] | list[NumberedDose]) -> Grid:
    header = tuple(w.m.bold(t) for t in (_("Dose"), _("Due"), _("Given"), _("Late or early"), _("Place")))
    rows = tuple(
        (
            w.m(texts.dose_title(dose.number, dose.phase)),
            w.date(dose.due_on),
            w.date(dose.given_on),
            w.m(late_text(dose)),
            w.cut(dose.record.place.strip() or "—", min(60, w.limits.cell)),
        )
        for dose in rows_of
    )
    return Grid(header, rows, DOSE_WIDTHS)


def dose_summary(w: Words) -> list[Item]:
    s = summarise_doses(w.data.doses)
    median = "—"
    if s.median_days_late is not None:
        n = 1 if s.median_days_late == 1 else 2
        median = ngettext("{count} day", "{count} days", n).format(count=w.number(s.median_days_late))
    header = tuple(
        w.m.bold(t)
        for t in (
            _("Given"),
            _("On time"),
            _("Late"),
            _("Early"),
            _("Median delay of the late doses"),
            _("No due date"),
        )
    )
    row = tuple(
        w.m(v)
        for v in (
            w.number(s.given),
            w.number(s.on_time),
            w.number(s.late),
            w.number(s.early),
            median,
            w.number(s.not_judged),
        )
    )
    items: list[Item] = [
        Grid(header, (row,), (0.13, 0.13, 0.13, 0.13, 0.3, 0.18)),
        Text(
            w.m(
                _(
                    "Each dose is due 14 days after dose 1 or 2 and 28 days after dose 3 or any "
                    "later dose, counted from the day the dose before it was given. No due date: "
                    "the first recorded dose, or a dose number set by hand."
                )
            ),
            "small",
        ),
    ]
    if s.late_doses:
        shown = s.late_doses[: w.limits.dose_rows]
        table = dose_table(w, shown)
        items.append(dataclasses.replace(table, caption=w.m.bold(_("Late doses, newest first"))))
        if len(s.late_doses) > len(shown):
            items.append(w.more(len(s.late_doses) - len(shown)))
    return items


def late_text(dose: NumberedDose) -> str:
    if dose.days_late is None:
        return _("first recorded") if dose.due_on is None and dose.record.number is None else "—"
    return texts.days_late_text(dose.days_late)


# --- next dose and appointments ------------------------------------------------------------------


def next_dose(w: Words) -> Block:
    d = w.data
    title = w.heading(
        _("{section} (as of {date})").format(section=section_title(Section.NEXT), date=w.date_text(d.made_on))
    )
    items: list[Item] = [Text(w.m(next_text(w)))]
    if d.appointments:
        shown = d.appointments[: w.limits.appointments]
        header = tuple(w.m.bold(t) for t in (_("Date"), _("Time"), _("What"), _("Place"), _("Note")))
        rows = tuple(
            (
                w.date(a.on),
                w.m(w.time_text(a.at)) if a.at else "—",
                w.m(appointment_what(a)),
                w.cut(a.place.strip() or "—", min(60, w.limits.cell)),
                w.cut(a.note, w.limits.cell) if a.note.strip() else "—",
            )
            for a in shown
        )
        items.append(Grid(header, rows, (0.2, 0.1, 0.24, 0.2, 0.26)))
        if len(d.appointments) > len(shown):
            items.append(w.more(len(d.appointments) - len(shown)))
    else:
        items.append(w.empty(_("No appointments booked.")))
    return Block(title, tuple(items))


def appointment_what(appointment: Appointment) -> str:
    what = texts.appointment_kind_name(appointment.kind)
    if appointment.for_dose is not None:
        what = _("{what}: dose {number}").format(what=what, number=format_number(appointment.for_dose))
    return what


def next_text(w: Words) -> str:
    status = w.data.next_status
    if status.state is DueState.NOTHING_KNOWN:
        return _("No dose recorded and no first dose planned.")
    if status.state in (DueState.PAUSED, DueState.STOPPED):
        return _("Treatment: {status}.").format(status=w.treatment_text())
    assert status.line is not None and status.days_until_due is not None
    dose = status.line.dose
    text = _("Next due: {dose}, due {date}").format(
        dose=texts.dose_title(dose.number, dose.phase), date=w.date_text(dose.due_on)
    )
    booking = status.line.booking
    if booking is not None and status.booking_days_after_due is not None:
        relation = texts.booking_relation(status.booking_days_after_due)
        if status.state is DueState.BOOKED:
            return _("{next}; booked for {date} ({relation}).").format(
                next=text, date=w.date_text(booking.on), relation=relation
            )
        return _("{next}; the appointment of {date} has no outcome recorded yet.").format(
            next=text, date=w.date_text(booking.on)
        )
    if status.days_until_due < 0:
        overdue = -status.days_until_due
        return ngettext(
            "{next}: {days} day ago, no appointment booked.",
            "{next}: {days} days ago, no appointment booked.",
            overdue,
        ).format(next=text, days=w.number(overdue))
    return _("{next}.").format(next=text)
