"""Calendar export (RFC 5545, with the icalendar package) and the reminders shown in the app.

Each upcoming due dose and each booked appointment is one event, with a UID that stays the same
from one export to the next and a SEQUENCE raised whenever the event changes, so that a calendar
importing the file again updates its events instead of adding copies. Projected doses are
TENTATIVE. By default the titles are neutral ("Treatment appointment"): calendars often sync to
the cloud, and naming the drug or the dose is the user's choice in Settings; the file names
neither the drug nor the app otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from companion import __version__
from companion.core import texts
from companion.core.models import Appointment, AppointmentKind
from companion.core.reminders import Reminder, reminder_for
from companion.core.schedule import ScheduledDose
from companion.i18n import _, ngettext
from companion.services.appointments import AppointmentService
from companion.services.profile import ProfileService
from companion.services.schedule import ScheduleService
from companion.store.calendar import CalendarRepository
from companion.store.database import Store

# Neutral on purpose: a synced calendar should not reveal the treatment unless the user says so.
PRODID = "-//Companion//{version}//EN"


def _dose_title(dose: ScheduledDose, detail: bool) -> str:
    if detail:
        return _("Tofersen: {dose}").format(dose=texts.dose_title(dose.number, dose.phase))
    return _("Treatment appointment")


def _appointment_title(appointment: Appointment, detail: bool) -> str:
    if appointment.kind is AppointmentKind.DOSE and detail:
        return _("Tofersen dose appointment")
    if appointment.kind is AppointmentKind.NEUROLOGY:
        return _("Neurology visit")
    if appointment.kind is AppointmentKind.TESTS:
        return _("Tests")
    return _("Treatment appointment")


# Alarms: the day before, and on the morning of the day (issue 19). For an all-day event (a due
# date) they fall at 09:00 the day before and 08:00 on the day; for a booked time, at the same time
# the day before and at 08:00 on the day (an hour before, for an appointment before 09:00).
MORNING = dt.time(8, 0)


def _alarm(before_start: dt.timedelta, title: str):
    from icalendar import Alarm  # imported when needed: it adds to start-up otherwise

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -before_start)
    return alarm


def _alarms(event, title: str, at: dt.time | None) -> None:
    """The day before, and the morning of the day."""
    if at is None:  # all day, from midnight
        event.add_component(_alarm(dt.timedelta(hours=15), title))  # 09:00 the day before
        event.add_component(_alarm(-dt.timedelta(hours=MORNING.hour), title))  # 08:00 on the day
        return
    event.add_component(_alarm(dt.timedelta(days=1), title))
    start = dt.timedelta(hours=at.hour, minutes=at.minute)
    morning = dt.timedelta(hours=MORNING.hour, minutes=MORNING.minute)
    event.add_component(_alarm(max(start - morning, dt.timedelta(hours=1)), title))


def _text(value) -> str:
    return value.to_ical().decode() if hasattr(value, "to_ical") else str(value)


class CalendarService:
    """The calendar file and the in-app reminders of one patient."""

    def __init__(
        self,
        store: Store,
        today: Callable[[], dt.date],
        profile: ProfileService,
        schedule: ScheduleService,
        appointments: AppointmentService,
    ):
        self._repo = CalendarRepository(store)
        self._today = today
        self._profile = profile
        self._schedule = schedule
        self._appointments = appointments

    def _uid(self, kind: str, key: str) -> str:
        """Stable per patient and event: the profile's UUID keeps two patients' events apart."""
        return f"{kind}-{key}-{self._repo.patient_id()}@companion"

    def events(self, count: int = 6) -> list:
        """One event per dose: of the next ``count`` due doses, those not booked yet (by their due
        date), and the pending appointments from today on (a booked dose by its appointment).
        Paused or stopped treatment: no due dates, the appointments still."""
        from icalendar import Event

        profile = self._profile.get()
        detail = profile.calendar_detail
        today = self._today()
        events: list[tuple[str, Event]] = []
        _status, lines = self._schedule.next_dose(count)
        for line in lines:
            if line.booking is not None and line.booking.on >= today:
                continue  # its appointment is the event (a booking already past leaves the due date)
            dose = line.dose
            event = Event()
            uid = self._uid("dose", str(dose.number))
            title = _dose_title(dose, detail)
            event.add("uid", uid)
            event.add("summary", title)
            event.add("dtstart", dose.due_on)
            event.add("dtend", dose.due_on + dt.timedelta(days=1))
            event.add("status", "TENTATIVE")
            event.add(
                "description",
                _(
                    "Due date worked out from the day the last dose was given. "
                    "Book the appointment with your clinic."
                ),
            )
            event.add("categories", [_("Treatment")])
            _alarms(event, title, None)
            events.append((uid, event))
        for appointment in self._appointments.all():
            if appointment.outcome is not None or appointment.on < today:
                continue
            event = Event()
            uid = self._uid("appointment", appointment.id)
            title = _appointment_title(appointment, detail)
            event.add("uid", uid)
            event.add("summary", title)
            if appointment.at is not None:
                start = dt.datetime.combine(appointment.on, appointment.at).astimezone()
                event.add("dtstart", start.astimezone(dt.UTC))
                event.add("dtend", (start + dt.timedelta(hours=1)).astimezone(dt.UTC))
            else:
                event.add("dtstart", appointment.on)
                event.add("dtend", appointment.on + dt.timedelta(days=1))
            event.add("status", "CONFIRMED")
            if appointment.place:
                event.add("location", appointment.place)
            _alarms(event, title, appointment.at)
            events.append((uid, event))
        self._number_versions(events)
        return [event for _uid_, event in events]

    def _number_versions(self, events: list) -> None:
        """Give each event its SEQUENCE: unchanged events keep theirs, changed ones get the next."""
        fingerprints = {}
        for uid, event in events:
            content = "|".join(
                f"{key}:{_text(event.get(key))}"
                for key in ("summary", "dtstart", "dtend", "status", "location", "description")
                if event.get(key) is not None
            )
            fingerprints[uid] = hashlib.sha256(content.encode()).hexdigest()
        sequences = self._repo.sequences(fingerprints)
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        for uid, event in events:
            event.add("sequence", sequences[uid])
            event.add("dtstamp", stamp)

    def ics(self, count: int = 6) -> bytes:
        """The .ics file for the upcoming doses and appointments."""
        from icalendar import Calendar

        calendar = Calendar()
        calendar.add("prodid", PRODID.format(version=__version__))
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Treatment"))
        for event in self.events(count):
            calendar.add_component(event)
        return calendar.to_ical()

    def current_reminder(self) -> Reminder | None:
        """The reminder to show now, unless the user closed it already."""
        status, _lines = self._schedule.next_dose(1)
        reminder = reminder_for(status, self._profile.get().reminder_days)
        if reminder is None or self._repo.reminder_closed(reminder.key):
            return None
        return reminder

    def dismiss_reminder(self, reminder: Reminder) -> None:
        self._repo.close_reminder(reminder.key)

    def reopen_reminder(self, reminder: Reminder) -> None:
        self._repo.reopen_reminder(reminder.key)


def reminder_days_text(days: int) -> str:
    return ngettext("{n} day before", "{n} days before", days).format(n=days)
