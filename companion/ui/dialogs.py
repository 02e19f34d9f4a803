"""Dialogs to record or edit a dose, book an appointment, change the profile, restore deletions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QSize, Qt, QTime
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion import desktop
from companion.core import phone, texts
from companion.core.errors import InvalidInput
from companion.core.models import (
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DoseRecord,
    Profile,
    TreatmentStatus,
)
from companion.i18n import _, format_date, format_number
from companion.paths import resources_dir
from companion.services.common import DeletedItem
from companion.ui.session import PatientSession
from companion.ui.wheel_guard import guard_window
from companion.ui.widgets import (
    DateField,
    ErrorLine,
    big_button,
    emergency_number_hint,
    fit_to_screen,
    named,
    with_hint,
)


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    named(edit, name)
    edit.setMinimumHeight(36)
    return edit


def _note(text: str, name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)  # Tab leaves the note instead of typing a tab: keyboard users
    edit.setFixedHeight(90)
    named(edit, name)
    return edit


class _OptionalTime(QWidget):
    """A time that may be left out: a check box, and the time beside it."""

    def __init__(self, value: dt.time | None, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(_("Add the time"))
        named(self.enabled, _("Add the time"))
        self.time = QTimeEdit()
        named(self.time, name)
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(value.hour, value.minute) if value else QTime(9, 0))
        self.enabled.setChecked(value is not None)
        self.time.setEnabled(value is not None)
        self.enabled.toggled.connect(self.time.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.time)
        layout.addStretch()

    def value(self) -> dt.time | None:
        if not self.enabled.isChecked():
            return None
        t = self.time.time()
        return dt.time(t.hour(), t.minute())


# Each language by its own name, so that a reader of that language finds it.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano"}


class _OptionalDate(QWidget):
    """A date that may be unknown: a check box, and the date beside it."""

    def __init__(self, value: dt.date | None, default: dt.date, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.known = QCheckBox(_("Known"))
        named(self.known, _("{what} is known").format(what=name))
        self.date = DateField(value or default, name)
        self.known.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.known.toggled.connect(self.date.setEnabled)
        layout.addWidget(self.known)
        layout.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        return self.date.date_value() if self.known.isChecked() else None


class FormContent(QWidget):
    """What a FormScroll holds. In a scroll area a widget is squeezed down to its minimum height
    when it is taller than the view; this one is never lower than it wants to be (a row of radio
    buttons with a minimum height keeps the height its text needs): the view scrolls instead."""

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        return QSize(least.width(), max(least.height(), self.sizeHint().height()))


class FormScroll(QScrollArea):
    """A frameless scroll area for a dialog's form. It asks for the room the whole form needs (a
    plain QScrollArea asks for at most 36 x 24 lines), so a dialog opens as large as its form and
    scrolls only when the screen is too small; and it never lets the form be squeezed: what does not
    fit scrolls, with Save and Cancel left in sight outside it."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        content.setContentsMargins(0, 0, 8, 0)  # a little room between the fields and the scroll bar
        self.setWidget(content)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field reached by Tab from outside, or by its Alt+letter, is scrolled into view."""
        content = self.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.ensureWidgetVisible(new)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        height = hint.height()
        if content.hasHeightForWidth():
            height = max(height, content.heightForWidth(hint.width()))
        # Room for the scroll bar too, so that a form that does scroll is not squeezed by it.
        return QSize(hint.width() + self._bar(), height)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        lines = self.fontMetrics().height() * 4
        if content is None:
            return QSize(lines, lines)
        # As wide as the form can be without scrolling sideways (but never wider than the screen:
        # then it does scroll sideways); a few lines high, the rest scrolls.
        width = content.minimumSizeHint().width() + self._bar()
        screen = self.screen()
        if screen is not None:
            width = min(width, int(screen.availableGeometry().width() * 0.9))
        return QSize(width, min(lines, content.minimumSizeHint().height()))


def wrap_button_text(button: QPushButton, width: int) -> None:
    """Break a push button's words over two or more lines when on one line the button would be
    wider than ``width`` (a long label, large text, a small screen). Its accessible name stays."""
    text = button.property("oneLineText") or button.text()
    button.setProperty("oneLineText", text)
    button.setText(text)
    if button.sizeHint().width() <= width:
        return
    metrics = button.fontMetrics()
    padding = button.sizeHint().width() - metrics.horizontalAdvance(text)
    lines: list[str] = []
    line = ""
    for word in text.split():
        longer = f"{line} {word}".strip()
        if line and metrics.horizontalAdvance(longer) + padding > width:
            lines.append(line)
            line = word
        else:
            line = longer
    button.setText("\n".join([*lines, line]))


def pad_form_labels(form: QFormLayout) -> None:
    """A little more room for each label of ``form``. Qt measures a label without the break
    its mnemonic's underline makes in the text, but draws it with that break, which loses the
    kerning there: "&Telefon" is drawn a few pixels wider than measured, and its end was cut off."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel) and "&" in label.text():
            label.setMinimumWidth(0)
            pad = max(2, label.fontMetrics().averageCharWidth() // 2)
            label.setMinimumWidth(label.sizeHint().width() + pad)


def keep_on_screen(window: QWidget) -> None:
    """Move a window that sticks out of the screen's free area back into it (frame included)."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    x = max(available.left(), min(frame.left(), available.left() + available.width() - frame.width()))
    y = max(available.top(), min(frame.top(), available.top() + available.height() - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


class ScreenFittedDialog(QDialog):
    """A dialog that, when first shown, takes the size its content needs (at least ``min_width`` x
    ``min_height``) within the screen's free area, and keeps its frame on the screen."""

    min_width = 0
    min_height = 0

    _fitted = False

    def fit_size(self) -> None:
        """Take the size the content needs, within the screen (on the first show)."""
        if self.layout() is not None:
            self.layout().activate()  # the minimum size as the content is now, not as it was
        fit_to_screen(self, self.min_width, self.min_height)

    def showEvent(self, event) -> None:
        if not self._fitted and not event.spontaneous():
            self._fitted = True
            self.fit_size()
        super().showEvent(event)  # centres the dialog over its parent, with its new size
        keep_on_screen(self)
        guard_window(self)  # the wheel changes no value under the pointer, focused or not


class _FormDialog(ScreenFittedDialog):
    """A dialog with a form, an inline error line and Save / Cancel buttons. The form scrolls when
    the screen is too small for it (large text); the error line and the buttons stay in sight."""

    min_width = 620

    def __init__(self, title: str, parent: QWidget | None = None, scroll: bool = True):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        # A field that does not fit beside its label goes under it, instead of being squeezed.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if scroll:
            content = FormContent()
            content.setLayout(self.form)
            self.form.setContentsMargins(0, 0, 0, 0)
            self.scroll = FormScroll(content)
            outer.addWidget(self.scroll, 1)
        else:
            outer.addLayout(self.form)
        self.error = ErrorLine()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in self.buttons.buttons():
            button.setMinimumHeight(44)
            named(button, button.text().replace("&", ""))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    # Labels beside their fields when the dialog is wide enough for every row; otherwise every
    # label above its field (large text, long words in German): one look for the whole form, and
    # each field as wide as the dialog, instead of a wide label column squeezing some fields.

    def _side_by_side_width(self) -> int:
        """The width the form needs with every label beside its field."""
        form, role = self.form, QFormLayout.ItemRole
        labels = fields = spans = 0
        for row in range(form.rowCount()):
            for kind in (role.LabelRole, role.FieldRole, role.SpanningRole):
                item = form.itemAt(row, kind)
                if item is None or item.isEmpty():
                    continue
                width = item.sizeHint().width()
                if kind is role.LabelRole:
                    labels = max(labels, width)
                elif kind is role.FieldRole:
                    fields = max(fields, width)
                else:
                    spans = max(spans, width)
        return max(spans, labels + max(0, form.horizontalSpacing()) + fields)

    def _room_for_form(self, width: int) -> int:
        margins = self.layout().contentsMargins()
        room = width - margins.left() - margins.right()
        if isinstance(getattr(self, "scroll", None), FormScroll):
            content = self.scroll.widget().contentsMargins()
            room -= self.scroll.verticalScrollBar().sizeHint().width() + content.left() + content.right()
        return room

    def _choose_row_wrap(self, width: int) -> None:
        side_by_side = self._side_by_side_width() <= self._room_for_form(width)
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.WrapLongRows if side_by_side else policy.WrapAllRows
        if self.form.rowWrapPolicy() != wanted:
            self.form.setRowWrapPolicy(wanted)
            if isinstance(getattr(self, "scroll", None), FormScroll):
                self.scroll.updateGeometry()  # its size hint is the form's, which just changed

    def fit_size(self) -> None:
        pad_form_labels(self.form)
        screen = self.screen().availableGeometry()
        self._choose_row_wrap(int(screen.width() * 0.95))
        super().fit_size()

    def resizeEvent(self, event) -> None:
        self._choose_row_wrap(event.size().width())
        super().resizeEvent(event)

    def _try_accept(self) -> None:
        try:
            if self.save():
                self.accept()
        except InvalidInput as exc:
            self.error.show_message(str(exc))

    def save(self) -> bool:
        """Validate and save; return False to keep the dialog open. Raise InvalidInput to explain."""
        raise NotImplementedError


class DoseDialog(_FormDialog):
    """Record a dose that was given, or edit one."""

    def __init__(
        self,
        session: PatientSession,
        existing: DoseRecord | None = None,
        parent: QWidget | None = None,
        initial: DoseRecord | None = None,
    ):
        super().__init__(_("Edit a dose") if existing else _("Record a dose given"), parent)
        self.session = session
        self.existing = existing
        today = session.records.today()
        record = existing or initial or DoseRecord(given_on=today)
        self.date = DateField(record.given_on, _("Date given"))
        self.date.set_latest(today)
        self.time = _OptionalTime(record.given_at, _("Time given"))
        self.number_known = QCheckBox(_("Set the dose number myself"))
        named(
            self.number_known,
            _("Set the dose number myself"),
            _("Leave this off to number doses in date order."),
        )
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.number.setValue(record.number or 1)
        named(self.number, _("Dose number"))
        self.number_known.setChecked(record.number is not None)
        self.number.setEnabled(record.number is not None)
        self.number_known.toggled.connect(self.number.setEnabled)
        number_row_widget = QWidget()
        number_row = QHBoxLayout(number_row_widget)
        number_row.setContentsMargins(0, 0, 0, 0)
        number_row.addWidget(self.number_known)
        number_row.addWidget(self.number)
        number_row.addStretch()
        self.place = _line(record.place, _("Place"))
        self.given_by = _line(record.given_by, _("Given by"))
        self.csf = _line(
            format_number(record.csf_removed_ml) if record.csf_removed_ml is not None else "",
            _("Spinal fluid removed, in mL"),
        )
        self.csf.setPlaceholderText(_("for example 10"))
        self.lot = _line(record.lot, _("Lot number"))
        self.note = _note(record.note, _("Note"))
        self.form.addRow(_("&Date given"), self.date)
        self.form.addRow(_("Time"), self.time)
        self.form.addRow(_("Dose number"), number_row_widget)
        self.form.addRow(_("&Place"), self.place)
        self.form.addRow(_("Given &by"), self.given_by)
        self.form.addRow(_("Spinal fluid removed (mL)"), self.csf)
        self.form.addRow(_("&Lot number"), self.lot)
        self.form.addRow(_("&Note"), self.note)
        self.date.setFocus()

    def record(self) -> DoseRecord:
        csf_text = self.csf.text().strip().replace(",", ".")
        try:
            csf = float(csf_text) if csf_text else None
        except ValueError:
            raise InvalidInput(
                _("“{text}” is not a number of millilitres.").format(text=self.csf.text())
            ) from None
        values = {
            "given_on": self.date.date_value(),
            "given_at": self.time.value(),
            "number": self.number.value() if self.number_known.isChecked() else None,
            "place": self.place.text().strip(),
            "given_by": self.given_by.text().strip(),
            "csf_removed_ml": csf,
            "lot": self.lot.text().strip(),
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return DoseRecord(**values)

    def save(self) -> bool:
        record = self.record()
        too_close = self.session.check_dose(record)
        if too_close and not self._confirm_close(too_close):
            return False
        if self.existing is None:
            self.session.record_dose(record)
        else:
            self.session.edit_dose(record)
        return True

    def _confirm_close(self, others: list[DoseRecord]) -> bool:
        dates = ", ".join(format_date(o.given_on) for o in others)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Check the date"))
        box.setText(
            _(
                "Another dose is recorded on {dates}, less than 10 days away. "
                "Two doses so close together are usually a typing slip."
            ).format(dates=dates)
        )
        box.setInformativeText(_("Save this dose anyway?"))
        save = box.addButton(_("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("Go back and check"), QMessageBox.ButtonRole.RejectRole)
        for b in (save, back):
            b.setMinimumHeight(44)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is save


class AppointmentDialog(_FormDialog):
    """Book an appointment, edit it, or record its outcome."""

    def __init__(
        self,
        session: PatientSession,
        existing: Appointment | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(_("Edit an appointment") if existing else _("Book an appointment"), parent)
        self.session = session
        self.existing = existing
        today = session.records.today()
        appointment = existing or Appointment(on=today)
        self.kind = QComboBox()
        for kind in AppointmentKind:
            self.kind.addItem(texts.appointment_kind_name(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(appointment.kind.value))
        named(self.kind, _("What the appointment is for"))
        self.date = DateField(appointment.on, _("Appointment date"))
        self.time = _OptionalTime(appointment.at, _("Appointment time"))
        self.for_dose = QComboBox()
        named(self.for_dose, _("Which dose"))
        self.for_dose.addItem(_("The next due dose"), None)
        numbers = session.records.upcoming_dose_numbers()
        if appointment.for_dose is not None and appointment.for_dose not in numbers:
            numbers = [appointment.for_dose, *numbers]
        for number in numbers:
            self.for_dose.addItem(_("Dose {number}").format(number=number), number)
        self.for_dose.setCurrentIndex(max(0, self.for_dose.findData(appointment.for_dose)))
        self.place = _line(appointment.place, _("Place"))
        self.outcome = QComboBox()
        named(self.outcome, _("Outcome"))
        self.outcome.addItem(_("Booked (not happened yet)"), None)
        for outcome in AppointmentOutcome:
            self.outcome.addItem(texts.capitalised(texts.outcome_name(outcome)), outcome.value)
        if appointment.outcome is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(appointment.outcome.value))
        self.note = _note(appointment.note, _("Note"))
        self.form.addRow(_("&What"), self.kind)
        self.form.addRow(_("&Date"), self.date)
        self.form.addRow(_("Time"), self.time)
        self.form.addRow(_("For &dose"), self.for_dose)
        self.form.addRow(_("&Place"), self.place)
        self.form.addRow(_("&Outcome"), self.outcome)
        hint = QLabel(
            _(
                "If the lumbar puncture was attempted but the dose could not be given, "
                "choose “attempted, not given”: it is not counted as a dose."
            )
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.form.addRow(_("&Note"), self.note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.for_dose.setEnabled(self._kind() is AppointmentKind.DOSE)

    def _kind(self) -> AppointmentKind:
        # Qt hands enum members back as plain strings.
        return AppointmentKind(self.kind.currentData())

    def appointment(self) -> Appointment:
        kind = self._kind()
        outcome = self.outcome.currentData()
        values = {
            "kind": kind,
            "on": self.date.date_value(),
            "at": self.time.value(),
            "for_dose": self.for_dose.currentData() if kind is AppointmentKind.DOSE else None,
            "place": self.place.text().strip(),
            "outcome": AppointmentOutcome(outcome) if outcome else None,
            "note": self.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return Appointment(**values)

    def save(self) -> bool:
        appointment = self.appointment()
        if self.existing is None:
            self.session.book_appointment(appointment)
        else:
            self.session.edit_appointment(appointment)
        return True


class ProfileDialog(_FormDialog):
    """The patient's details, the care team's numbers and the treatment status."""

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(_("Patient and care team"), parent)
        self.session = session
        profile = session.records.profile()
        self.profile = profile
        today = session.records.today()
        self.display_name = _line(profile.display_name, _("Patient name"))
        self.care_team_name = _line(profile.care_team_name, _("Care team name"))
        self.care_team_phone = _line(profile.care_team_phone, _("Care team phone"))
        self.care_team_out_of_hours = _line(profile.care_team_out_of_hours, _("Out-of-hours phone"))
        self.emergency_number = _line(profile.emergency_number, _("Emergency number"))
        self.sod1_variant = _line(profile.sod1_variant, _("SOD1 variant"))
        self.birth_date = _OptionalDate(profile.birth_date, dt.date(1970, 1, 1), _("Birth date"))
        self.birth_date.date.set_latest(today)
        self.onset_date = _OptionalDate(profile.onset_date, today, _("Symptom onset"))
        self.onset_date.date.set_latest(today)
        self.status_group = QButtonGroup(self)
        status_row_widget = QWidget()
        status_row = QHBoxLayout(status_row_widget)
        status_row.setContentsMargins(0, 0, 0, 0)
        self.status_buttons: dict[TreatmentStatus, QRadioButton] = {}
        for status, label in (
            (TreatmentStatus.ACTIVE, _("Active")),
            (TreatmentStatus.PAUSED, _("Paused")),
            (TreatmentStatus.STOPPED, _("Stopped")),
        ):
            button = QRadioButton(label)
            named(button, _("Treatment {status}").format(status=label.lower()))
            button.setMinimumHeight(36)
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            status_row.addWidget(button)
        status_row.addStretch()
        self.status_buttons[profile.treatment_status].setChecked(True)
        self.status_since = DateField(profile.status_since or today, _("Status since"))
        self.language = QComboBox()
        self.language.addItem(_("The computer's language"), "")
        self.report_language = QComboBox()
        self.report_language.addItem(_("Same as the app"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
            self.report_language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(profile.language)))
        self.report_language.setCurrentIndex(max(0, self.report_language.findData(profile.report_language)))
        named(self.language, _("Language of the app"), _("The window reopens in the new language"))
        self.reminder_days = QSpinBox()
        self.reminder_days.setRange(0, 14)
        self.reminder_days.setValue(profile.reminder_days)
        self.reminder_days.setSuffix(_(" days before"))
        self.reminder_days.setMinimumHeight(36)
        named(self.reminder_days, _("Remind me before a dose is due"))
        self.calendar_detail = QCheckBox(_("Name the medicine and the dose in calendar titles"))
        self.calendar_detail.setChecked(profile.calendar_detail)
        named(
            self.calendar_detail,
            self.calendar_detail.text(),
            _("Calendars often sync to the internet; without this the title is “Treatment appointment”."),
        )
        self.text_size = QComboBox()
        for percent in (100, 125, 150, 175, 200):
            self.text_size.addItem(_("{percent} %").format(percent=percent), percent)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(profile.text_size)))
        named(self.text_size, _("Text size"), _("The whole window follows it"))
        self.high_contrast = QCheckBox(_("High contrast (black on white, thick borders)"))
        self.high_contrast.setChecked(profile.high_contrast)
        named(self.high_contrast, self.high_contrast.text())
        self.autostart = QCheckBox(_("Start Tofersen Companion when I log in"))
        self.autostart.setChecked(desktop.autostart_enabled())
        named(self.autostart, self.autostart.text())
        named(self.report_language, _("Language of the visit summary"))
        self.status_note = _line(profile.status_note, _("Status note"))
        self.form.addRow(_("Patient &name"), self.display_name)
        self.form.addRow(_("&Birth date"), self.birth_date)
        self.form.addRow(_("SOD1 &variant"), self.sod1_variant)
        self.form.addRow(_("Symptoms &began"), self.onset_date)
        self.form.addRow(_("&Care team"), self.care_team_name)
        self.form.addRow(_("Care team &phone"), self.care_team_phone)
        self.form.addRow(_("&Out-of-hours phone"), self.care_team_out_of_hours)
        self.form.addRow(_("&Emergency number"), with_hint(self.emergency_number, emergency_number_hint()))
        self.form.addRow(_("Treatment"), status_row_widget)
        self.form.addRow(_("&Since"), self.status_since)
        self.form.addRow(_("Status n&ote"), self.status_note)
        self.form.addRow(_("&Language of the app"), self.language)
        self.form.addRow(_("Language of the visit s&ummary"), self.report_language)
        self.form.addRow(_("Te&xt size"), self.text_size)
        self.form.addRow(_("Contrast"), self.high_contrast)
        self.form.addRow(_("&Reminders"), self.reminder_days)
        self.form.addRow(_("Calendar"), self.calendar_detail)
        self.form.addRow(_("Start"), self.autostart)
        self.status_group.buttonToggled.connect(self._status_changed)
        self._status_changed()

    def _status(self) -> TreatmentStatus:
        return next(s for s, b in self.status_buttons.items() if b.isChecked())

    def _status_changed(self, *args) -> None:
        not_active = self._status() is not TreatmentStatus.ACTIVE
        self.status_since.setEnabled(not_active)
        self.status_note.setEnabled(not_active)

    def new_profile(self) -> Profile:
        status = self._status()
        active = status is TreatmentStatus.ACTIVE
        return dataclasses.replace(
            self.profile,
            display_name=self.display_name.text().strip(),
            sod1_variant=self.sod1_variant.text().strip(),
            birth_date=self.birth_date.value(),
            onset_date=self.onset_date.value(),
            care_team_name=self.care_team_name.text().strip(),
            care_team_phone=self.care_team_phone.text().strip(),
            care_team_out_of_hours=self.care_team_out_of_hours.text().strip(),
            care_team_asked=True,
            emergency_number=phone.emergency_number(self.emergency_number.text()),
            treatment_status=status,
            status_since=None if active else self.status_since.date_value(),
            status_note="" if active else self.status_note.text().strip(),
            language=self.language.currentData(),
            report_language=self.report_language.currentData(),
            reminder_days=self.reminder_days.value(),
            text_size=self.text_size.currentData(),
            high_contrast=self.high_contrast.isChecked(),
            calendar_detail=self.calendar_detail.isChecked(),
        )

    def save(self) -> bool:
        self.session.save_profile(self.new_profile())
        if self.autostart.isChecked() != desktop.autostart_enabled():
            desktop.set_autostart(
                self.autostart.isChecked(),
                _("Tofersen Companion"),
                _("Your tofersen doses, diary and visit summaries"),
                str(resources_dir() / "icons" / "companion.svg"),
            )
        return True


class RecentlyDeletedDialog(ScreenFittedDialog):
    """Everything deleted, with a button to bring each back."""

    min_width, min_height = 600, 420

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.items: list[DeletedItem] = []
        self.setWindowTitle(_("Recently deleted"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Deleted records are kept here. Choose one and press Restore to bring it back."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        # Long descriptions wrap instead of running off to the right at large text.
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        named(self.list, _("Deleted records"))
        layout.addWidget(self.list)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.restore_button = big_button(_("&Restore"))
        close = big_button(_("Close"))
        row.addWidget(self.restore_button)
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self._restore)
        close.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.refresh()

    def fit_size(self) -> None:
        # Larger text, a larger dialog: room for about 50 characters by 14 lines (within the screen).
        metrics = self.fontMetrics()
        self.min_width = max(600, metrics.averageCharWidth() * 50)
        self.min_height = max(420, metrics.height() * 14)
        super().fit_size()

    def refresh(self) -> None:
        self.list.clear()
        self.items = self.session.records.deleted_items()
        for item in self.items:
            self.list.addItem(
                QListWidgetItem(
                    _("{what} (deleted {deleted})").format(
                        what=item.description, deleted=format_date(item.deleted_at.date())
                    )
                )
            )
        if not self.items:
            self.list.addItem(QListWidgetItem(_("Nothing has been deleted.")))
        self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.items) and self.list.currentRow() >= 0)

    def _restore(self) -> None:
        row = self.list.currentRow()
        if not self.items or row < 0:
            return
        self.error.show_message("")
        messages: list[str] = []
        self.session.failed.connect(messages.append)
        try:
            self.session.restore_deleted(self.items[row])
        finally:
            self.session.failed.disconnect(messages.append)
        if messages:
            self.error.show_message(messages[-1])
        self.refresh()
