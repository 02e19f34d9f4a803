"""The home screen: when the next dose is due, at a glance, and what comes after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core import texts
from companion.core.diary import Checkin
from companion.core.schedule import DueState, NextDoseStatus, ScheduleLine
from companion.i18n import _, format_weekday_date, ngettext
from companion.services.common import Change, Kind
from companion.ui.announce import announce
from companion.ui.keyboard import feel_as_usual_text
from companion.ui.session import PatientSession
from companion.ui.widgets import FlowLayout, big_button, named, scrolling

if TYPE_CHECKING:
    from companion.core.reminders import Reminder
    from companion.ui.red_flag import RedFlagBanner
    from companion.ui.setup_panel import SetupPanel

# How the status card looks for each state: calm, needs attention, or neutral.
TONE = {
    DueState.UPCOMING: "calm",
    DueState.BOOKED: "calm",
    DueState.DUE_TODAY: "attention",
    DueState.OVERDUE: "alert",
    DueState.BOOKING_PASSED: "attention",
    DueState.PAUSED: "neutral",
    DueState.STOPPED: "neutral",
    DueState.NOTHING_KNOWN: "neutral",
}


def _label(text: str = "", object_name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class StatusCard(QFrame):
    """The next dose: its number, a large relative line ('In 5 days') and the date in words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        self.caption = _label(_("Next dose"), "cardCaption", wrap=False)
        self.dose = _label("", "cardDose")
        self.big = _label("", "cardBig")
        self.detail = _label("", "cardDetail")
        # "Next dose" and which dose on one line: a line less at large text.
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addWidget(self.dose, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(heading)
        layout.addWidget(self.big)
        layout.addWidget(self.detail)

    def show_status(self, status: NextDoseStatus) -> None:
        big, detail = texts.status_summary(status)
        if status.state is DueState.BOOKED and status.days_until_due is not None:
            # "In N days" as for a dose not booked yet, here until the appointment; the booked date
            # goes with the detail, in smaller type (at 200 % the date alone took four lines).
            assert status.booking_days_after_due is not None  # known when booked
            days = status.days_until_due + status.booking_days_after_due
            detail = f"{big}.\n{detail}"
            if days == 0:
                big = _("Today")
            elif days == 1:
                big = _("Tomorrow")
            else:
                big = ngettext("In {n} day", "In {n} days", days).format(n=days)
        if status.line is not None and status.state not in (DueState.PAUSED, DueState.STOPPED):
            dose = status.line.dose
            self.dose.setText(texts.dose_title(dose.number, dose.phase))
            self.dose.show()
        else:
            self.dose.hide()
        self.big.setText(big)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setProperty("tone", TONE[status.state])
        self.setAccessibleName(" ".join(t for t in (self.dose.text(), big, detail) if t))
        # The new tone takes effect when the card is polished again; setting its own (empty) style
        # sheet does that. (style().unpolish/polish first builds Python's view of QStyle and its
        # hundreds of enum values: 8 ms of every start.)
        self.setStyleSheet("/* tone */")


class ComingUp(QFrame):
    """The next few due dates, each with the appointment booked for it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comingUp")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)

    def show_lines(self, lines: list[ScheduleLine]) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for row, line in enumerate(lines):
            # Wrapping labels: with large text the three columns fit by wrapping, not by widening
            # the screen beyond the window.
            dose = _label(texts.dose_title(line.dose.number, line.dose.phase))
            due = _label(format_weekday_date(line.dose.due_on))
            if line.booking is not None:
                booking_text = _("booked for {date}").format(date=format_weekday_date(line.booking.on))
            else:
                booking_text = _("not booked yet")
            booking = _label(booking_text, "bookingNote")
            self.grid.addWidget(due, row, 0)
            self.grid.addWidget(dose, row, 1)
            self.grid.addWidget(booking, row, 2)
        self.grid.setColumnStretch(2, 1)


class CheckinCard(QFrame):
    """ "How are you?" on day 1, 3 and 7 after a dose, until answered or dismissed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkin")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.question = _label("", "sectionTitle")
        layout.addWidget(self.question)
        row = FlowLayout()
        self.usual_button = big_button(feel_as_usual_text(), _("Save an entry saying you feel as usual, now"))
        self.usual_button.setObjectName("primaryButton")
        self.write_button = big_button(_("&Write how I feel"))
        self.dismiss_button = big_button(_("Not now"), _("Stop asking about this day"))
        for button in (self.usual_button, self.write_button, self.dismiss_button):
            row.addWidget(button)
        layout.addLayout(row)

    def show_checkin(self, checkin: Checkin) -> None:
        # Offered on its own day only (core.diary.pending_checkin), so "today" is its day.
        self.question.setText(
            ngettext(
                "How are you? Today is {n} day after your dose of {date}.",
                "How are you? Today is {n} days after your dose of {date}.",
                checkin.day,
            ).format(n=checkin.day, date=format_weekday_date(checkin.dose_date))
        )
        named(self, self.question.text())


class ReminderBar(QFrame):
    """A reminder about the next dose. It stays until the user closes it: no time-out."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reminder")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        self.text = _label("", "reminderText")
        layout.addWidget(self.text, 1)
        self.close_button = big_button(_("Close reminder"))
        layout.addWidget(self.close_button)


class HomeScreen(QWidget):
    """First start shows the welcome; afterwards the next dose and the schedule."""

    record_dose_requested = Signal()
    book_requested = Signal()
    profile_requested = Signal()
    new_entry_requested = Signal()
    rating_requested = Signal()
    leaflet_requested = Signal()  # open "What to watch for after each dose"
    usual_requested = Signal()  # "I feel as usual" (the window saves it, as for its key)
    message = Signal(str)
    reminder_shown = Signal(str, str)  # title, text: a new reminder (for the tray)

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        self._setup_panel: SetupPanel | None = None
        self._setup_page: QWidget | None = None

        overview = QWidget()
        layout = QVBoxLayout(overview)
        layout.setSpacing(12)
        # The name in type a little smaller than other pages' titles, and the Warnings list with the
        # other diary buttons further down: at 200 % text the main actions stay above the fold of a
        # 1280 x 720 window.
        self.patient_title = _label("", "patientTitle")
        layout.addWidget(self.patient_title)
        self.warnings_button = big_button(
            _("Warnings…"), _("Every warning sign your diary raised, read or waiting, newest first")
        )
        self.banner_area = QVBoxLayout()
        layout.addLayout(self.banner_area)
        self.reminder_bar = ReminderBar()
        layout.addWidget(self.reminder_bar)
        self._reminder: Reminder | None = None
        self.banners: list[RedFlagBanner] = []
        self.checkin = CheckinCard()
        layout.addWidget(self.checkin)
        self.card = StatusCard()
        layout.addWidget(self.card)
        actions = FlowLayout()
        # Translators: “&” marks the Alt letter (mnemonic) of the next letter. Alt letters must
        # differ within one screen (the page buttons, the top bar and the page; or one dialog),
        # else Alt+letter only moves the focus; tests/test_mnemonics.py checks every language.
        self.record_button = big_button(_("&Record a dose given"))
        self.record_button.setObjectName("primaryButton")
        self.book_button = big_button(_("&Book an appointment"))
        # The main actions in one row that wraps: the dose, and how you are (at 200 % text in a
        # 1280 x 720 window they all stay above the fold; two rows wrapped into five).
        self.usual_button = big_button(
            feel_as_usual_text(), _("How are you today? Save an entry saying you feel as usual, now")
        )
        self.write_button = big_button(_("Write in &my diary"))
        for button in (self.record_button, self.book_button, self.usual_button, self.write_button):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.feel_row = QWidget()  # what to watch for, and every warning so far
        feel = FlowLayout(self.feel_row)
        self.watch_button = big_button(
            _("What to &watch for after each dose"), _("Open the leaflet at the warning signs")
        )
        feel.addWidget(self.watch_button)
        feel.addWidget(self.warnings_button)
        layout.addWidget(self.feel_row)

        self.rating_row = QWidget()
        rating = QHBoxLayout(self.rating_row)
        rating.setContentsMargins(0, 0, 0, 0)
        rating.addWidget(
            _label(_("Before your next dose you can rate your function (ALSFRS-R). It is never required."))
        )
        self.rate_button = big_button(_("Rate my &function"))
        rating.addWidget(self.rate_button)
        layout.addWidget(self.rating_row)

        self.coming_title = _label(_("Coming up"), "sectionTitle")
        layout.addWidget(self.coming_title)
        self.coming_up = ComingUp()
        layout.addWidget(self.coming_up)
        self.schedule_note = _label(
            _(
                "Each dose is counted from the day the one before it was actually given: "
                "14 days after dose 1 and 2, then every 28 days (tofersen label, {source})."
            ).format(source="US PI 2.1, EU SmPC 4.2"),
            "smallNote",
        )
        layout.addWidget(self.schedule_note)

        self.care_team_title = _label(_("Your care team"), "sectionTitle")
        layout.addWidget(self.care_team_title)
        self.care_team = _label("", "careTeam")
        layout.addWidget(self.care_team)
        self.care_team_button = big_button(_("Add your care team's &phone numbers"))
        care_row = QHBoxLayout()
        care_row.addWidget(self.care_team_button)
        care_row.addStretch()
        layout.addLayout(care_row)
        layout.addStretch()
        self._overview_page = _scrolling(overview)
        self.pages.addWidget(self._overview_page)

        self.record_button.clicked.connect(self.record_dose_requested)
        self.book_button.clicked.connect(self.book_requested)
        self.care_team_button.clicked.connect(self.profile_requested)
        self.usual_button.clicked.connect(self.usual_requested)
        self.checkin.usual_button.clicked.connect(self.usual_requested)
        self.write_button.clicked.connect(self.new_entry_requested)
        self.checkin.write_button.clicked.connect(self.new_entry_requested)
        self.checkin.dismiss_button.clicked.connect(self._dismiss_checkin)
        self.reminder_bar.close_button.clicked.connect(self._close_reminder)
        self.rate_button.clicked.connect(self.rating_requested)
        self.watch_button.clicked.connect(self.leaflet_requested)
        self.warnings_button.clicked.connect(self.open_warnings)
        self._checkin: Checkin | None = None
        session.changed.connect(self._on_change)
        self._announced: set[tuple[str, str | None]] = set()
        self.refresh()

    @property
    def setup_panel(self) -> SetupPanel:
        """The welcome form of a first start, built the first time it is needed: every later start
        opens without it."""
        return self._setup()[0]

    def _setup(self) -> tuple[SetupPanel, QWidget]:
        if self._setup_panel is None or self._setup_page is None:
            from companion.ui.setup_panel import SetupPanel

            self._setup_panel = SetupPanel(self.session)
            self._setup_panel.done.connect(self.refresh)
            self._setup_page = _scrolling(self._setup_panel)
            self.pages.insertWidget(0, self._setup_page)  # first, as the welcome comes first
        return self._setup_panel, self._setup_page

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed (all but the visit notes)."""
        if change.touches(Kind.DOSE, Kind.APPOINTMENT, Kind.PROFILE, Kind.DIARY, Kind.ALSFRS, Kind.REMINDER):
            self.refresh()

    def refresh(self) -> None:
        records = self.session.records
        if records.profile.needs_setup():
            self.pages.setCurrentWidget(self._setup()[1])
            return
        self.pages.setCurrentWidget(self._overview_page)
        profile = records.profile.get()
        status, lines = records.schedule.next_dose()
        # The most urgent first (an emergency above an older "today"), then oldest first.
        banners = sorted(records.diary.banners(), key=lambda b: -b.level)
        self._show_banners(banners)
        reminder = records.calendar.current_reminder()
        if reminder is not None and (self._reminder is None or self._reminder.key != reminder.key):
            self.reminder_shown.emit(reminder.title, reminder.text)
            announce(self.reminder_bar, reminder.text)
        self._reminder = reminder
        self.reminder_bar.setVisible(reminder is not None)
        if reminder is not None:
            self.reminder_bar.text.setText(reminder.text)
            named(self.reminder_bar, _("Reminder"), reminder.text)
        self.rating_row.setVisible(records.schedule.rating_suggested())
        self._checkin = records.diary.pending_checkin()
        self.checkin.setVisible(self._checkin is not None)
        for widget in (self.usual_button, self.write_button, self.feel_row):
            widget.setVisible(self._checkin is None)  # the check-in card has its own
        if self._checkin is not None:
            self.checkin.show_checkin(self._checkin)
        self.patient_title.setText(profile.display_name or _("Your treatment"))
        self.card.show_status(status)
        silenced = status.state in (DueState.PAUSED, DueState.STOPPED, DueState.NOTHING_KNOWN)
        later = [] if silenced else lines[1:]
        self.coming_title.setVisible(bool(later))
        self.coming_up.setVisible(bool(later))
        self.schedule_note.setVisible(bool(later))
        self.coming_up.show_lines(later)
        self.book_button.setVisible(status.state is not DueState.STOPPED)
        phones = [
            t
            for t in (
                profile.care_team_name,
                _("Phone: {number}").format(number=profile.care_team_phone)
                if profile.care_team_phone
                else "",
                _("Out of hours: {number}").format(number=profile.care_team_out_of_hours)
                if profile.care_team_out_of_hours
                else "",
            )
            if t
        ]
        self.care_team.setText("\n".join(phones) if phones else _("No phone numbers saved yet."))
        named(self.care_team, _("Your care team"), self.care_team.text())
        missing = not (profile.care_team_phone and profile.care_team_out_of_hours)
        self.care_team_button.setVisible(missing)

    def _banner_widgets(self, banners) -> list[RedFlagBanner]:
        if not banners:
            return []
        # Imported when there is a warning to show: it brings the dialogs module, which a start
        # without warnings does not need.
        from companion.ui.red_flag import RedFlagBanner

        return [RedFlagBanner(self.session, banner) for banner in banners]

    def _show_banners(self, banners) -> None:
        for widget in self.banners:
            self.banner_area.removeWidget(widget)
            widget.deleteLater()
        self.banners = self._banner_widgets(banners)
        for widget in self.banners:
            self.banner_area.addWidget(widget)
            widget.leaflet_requested.connect(self.leaflet_requested)
            # A screen reader says a warning once, when it first appears (or when the app opens
            # with it still unread), not again at every refresh of the home screen.
            key = (widget.banner.rule.code, widget.banner.entry.id)
            if key not in self._announced:
                self._announced.add(key)
                announce(widget, f"{widget.accessibleName()}. {widget.action_text}", urgent=True)

    def open_warnings(self) -> None:
        """The Warnings list (imported when first asked for)."""
        from companion.ui.warnings_dialog import WarningsDialog

        dialog = WarningsDialog(self.session, parent=self)
        try:
            dialog.exec()
        finally:
            self.session.changed.disconnect(dialog._on_change)
            dialog.deleteLater()

    def _close_reminder(self) -> None:
        reminder = self._reminder
        if reminder is not None:
            records = self.session.records
            self.session.change(
                _("closing the reminder"),
                lambda: records.calendar.dismiss_reminder(reminder),
                lambda: records.calendar.reopen_reminder(reminder),
                kinds=frozenset({Kind.REMINDER}),
            )

    def main_action(self) -> QWidget | None:
        """Where the keyboard starts on this page: the check-in's "I feel as usual" on the days it
        asks, else "Record a dose given" (none on the first-start welcome)."""
        if self.pages.currentWidget() is not self._overview_page:
            return None
        return self.checkin.usual_button if not self.checkin.isHidden() else self.record_button

    def _dismiss_checkin(self) -> None:
        if self._checkin is not None:
            self.session.dismiss_checkin(self._checkin)


def _scrolling(widget: QWidget) -> QScrollArea:
    """Wrap a page so that large text scrolls instead of being clipped."""
    widget.setContentsMargins(24, 16, 24, 16)
    return scrolling(widget)
