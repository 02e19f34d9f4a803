"""Plain-language phrases about doses and the schedule, shared by the window and the command line.

Whole sentences with named placeholders, so that every language can order words its own way.
"""

from __future__ import annotations

import datetime as dt

from companion.core.models import PATIENT, AppointmentKind, AppointmentOutcome, Phase, Profile
from companion.core.red_flags import Level
from companion.core.schedule import DueState, NextDoseStatus
from companion.i18n import _, format_weekday_date, ngettext


def capitalised(text: str) -> str:
    """The text with its first letter in upper case, the rest untouched (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def phase_name(phase: Phase) -> str:
    """``loading`` / ``maintenance`` in the user's language."""
    return _("loading") if phase is Phase.LOADING else _("maintenance")


def dose_title(number: int, phase: Phase) -> str:
    """E.g. ``Dose 5 (maintenance)``."""
    if phase is Phase.LOADING:
        return _("Dose {number} (loading)").format(number=number)
    return _("Dose {number} (maintenance)").format(number=number)


def days_late_text(days_late: int | None) -> str:
    """How a dose's date compares with its due date, e.g. ``3 days late``."""
    if days_late is None:
        return "—"
    if days_late == 0:
        return _("on time")
    if days_late > 0:
        return ngettext("{n} day late", "{n} days late", days_late).format(n=days_late)
    early = -days_late
    return ngettext("{n} day early", "{n} days early", early).format(n=early)


def relative_due(days_until: int) -> str:
    """``in 5 days`` / ``due today`` / ``3 days overdue — contact your clinic``."""
    if days_until == 0:
        return _("due today")
    if days_until == 1:
        return _("due tomorrow")
    if days_until > 1:
        return ngettext("in {n} day", "in {n} days", days_until).format(n=days_until)
    overdue = -days_until
    return ngettext(
        "{n} day overdue — contact your clinic",
        "{n} days overdue — contact your clinic",
        overdue,
    ).format(n=overdue)


def booking_relation(days_after_due: int) -> str:
    """Where a booked date lies against the due date, e.g. ``3 days after the due date``."""
    if days_after_due == 0:
        return _("on the due date")
    if days_after_due > 0:
        return ngettext("{n} day after the due date", "{n} days after the due date", days_after_due).format(
            n=days_after_due
        )
    before = -days_after_due
    return ngettext("{n} day before the due date", "{n} days before the due date", before).format(n=before)


def status_headline(status: NextDoseStatus) -> str:
    """The one sentence the home screen leads with."""
    state = status.state
    if state is DueState.NOTHING_KNOWN:
        return _("No dose recorded yet.")
    if state is DueState.STOPPED:
        return _("Treatment is stopped. No due dates or reminders are shown.")
    if state is DueState.PAUSED:
        return _("Treatment is paused. No due-date messages or reminders are shown.")
    assert status.line is not None and status.days_until_due is not None
    due = format_weekday_date(status.line.dose.due_on)
    if state is DueState.UPCOMING:
        return _("Due {date}, {relative}").format(date=due, relative=relative_due(status.days_until_due))
    if state is DueState.DUE_TODAY:
        return _("Due today, {date}").format(date=due)
    if state is DueState.OVERDUE:
        return _("Was due {date}: {relative}").format(date=due, relative=relative_due(status.days_until_due))
    booking = status.line.booking
    assert booking is not None and status.booking_days_after_due is not None
    booked = format_weekday_date(booking.on)
    if state is DueState.BOOKED:
        return _("Booked for {date}, {relation}").format(
            date=booked, relation=booking_relation(status.booking_days_after_due)
        )
    return _(
        "Your appointment was on {date}. If the dose was given, record it; if not, note what happened."
    ).format(date=booked)


def status_since_text(since: dt.date | None, note: str) -> str:
    """``Since 3 March 2026: note`` for a paused or stopped treatment."""
    parts = []
    if since is not None:
        parts.append(_("Since {date}.").format(date=format_weekday_date(since)))
    if note:
        parts.append(note)
    return " ".join(parts)


def appointment_kind_name(kind: AppointmentKind) -> str:
    return {
        AppointmentKind.DOSE: _("Dose (lumbar puncture)"),
        AppointmentKind.NEUROLOGY: _("Neurology visit"),
        AppointmentKind.TESTS: _("Tests"),
    }[kind]


def outcome_name(outcome: AppointmentOutcome | None) -> str:
    if outcome is None:
        return _("booked")
    return {
        AppointmentOutcome.DONE: _("done"),
        AppointmentOutcome.CANCELLED: _("cancelled"),
        AppointmentOutcome.ATTEMPTED_NOT_GIVEN: _("attempted, not given"),
    }[outcome]


def status_summary(status: NextDoseStatus) -> tuple[str, str]:
    """The home screen's two lines about the next dose: a short, large one and a detail."""
    state = status.state
    if state is DueState.NOTHING_KNOWN:
        return _("No dose recorded yet"), _(
            "Record a dose you were given, or the date of your planned first dose."
        )
    if state in (DueState.STOPPED, DueState.PAUSED):
        big = _("Treatment is stopped") if state is DueState.STOPPED else _("Treatment is paused")
        detail = status_since_text(status.status_since, status.status_note)
        silence = _("No due dates or reminders are shown.")
        return big, f"{detail} {silence}".strip()
    assert status.line is not None and status.days_until_due is not None
    due = format_weekday_date(status.line.dose.due_on)
    days = status.days_until_due
    if state is DueState.UPCOMING:
        if days == 1:
            big = _("Due tomorrow")
        else:
            big = ngettext("In {n} day", "In {n} days", days).format(n=days)
        return big, _("Due on {date}").format(date=due)
    if state is DueState.DUE_TODAY:
        return _("Due today"), due
    if state is DueState.OVERDUE:
        overdue = -days
        big = ngettext(
            "{n} day overdue — contact your clinic", "{n} days overdue — contact your clinic", overdue
        ).format(n=overdue)
        return big, _("It was due on {date}.").format(date=due)
    booking = status.line.booking
    assert booking is not None and status.booking_days_after_due is not None
    booked = format_weekday_date(booking.on)
    if state is DueState.BOOKED:
        return _("Booked for {date}").format(date=booked), _("{relation} ({date}).").format(
            relation=capitalised(booking_relation(status.booking_days_after_due)), date=due
        )
    return _("Your appointment was on {date}").format(date=booked), _(
        "If the dose was given, record it. If not, record what happened. It was due on {date}."
    ).format(date=due)


def symptom_list(symptoms: dict[str, int]) -> str:
    """``Fever (moderate), Headache (mild)``: symptoms in words with their severity."""
    from companion.core.symptoms import severity_label, symptom_label

    return ", ".join(
        _("{symptom} ({severity})").format(symptom=symptom_label(c), severity=severity_label(s))
        for c, s in symptoms.items()
    )


def author_name(by: str) -> str:
    """Who wrote a diary entry: "the patient", or the caregiver's name as given."""
    return _("the patient") if by == PATIENT else by


def emergency_services(profile: Profile) -> str:
    """ "emergency services", with the number the user entered when there is one."""
    number = profile.emergency_number.strip()
    if number:
        return _("emergency services ({number})").format(number=number)
    return _("emergency services")


def red_flag_level_text(level: Level, recent: bool, profile: Profile) -> str:
    """What to do at a warning's level (design.md §5), in one or two sentences. Never a diagnosis."""
    services = emergency_services(profile)
    if level is Level.EMERGENCY:
        if recent:
            return _("If this is happening now and is worse than usual, call {services} now.").format(
                services=services
            )
        return _("Call {services} now.").format(services=services)
    if level is Level.NOW:
        return _("Contact your care team now. If you cannot reach them quickly, go to {services}.").format(
            services=services
        )
    return _("Contact your care team today.")


def red_flag_action(level: Level, recent: bool, profile: Profile) -> str:
    """What to do about a warning, with the care team's numbers (design.md §5). Never a diagnosis."""
    lines = [red_flag_level_text(level, recent, profile)]
    if profile.care_team_phone:
        lines.append(
            _("Care team{name}: {phone}").format(
                name=f" ({profile.care_team_name})" if profile.care_team_name else "",
                phone=profile.care_team_phone,
            )
        )
    if profile.care_team_out_of_hours:
        lines.append(_("Out of hours: {phone}").format(phone=profile.care_team_out_of_hours))
    if not profile.care_team_phone and not profile.care_team_out_of_hours:
        lines.append(_("Add your care team's phone numbers in Settings, so that they show here."))
    if level is not Level.EMERGENCY:
        lines.append(
            _("If you cannot reach them and feel very unwell, call {services}.").format(
                services=emergency_services(profile)
            )
        )
    return "\n".join(lines)
