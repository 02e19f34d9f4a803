"""Settings: the patient's details, the care team's numbers, the treatment status and the app's look."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QRadioButton, QSpinBox, QWidget

from companion import desktop
from companion.core import phone
from companion.core.models import Profile, TreatmentStatus
from companion.i18n import _
from companion.paths import resources_dir
from companion.ui.dialogs.forms import _FormDialog, _line, _OptionalDate
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, emergency_number_hint, named, with_hint

# Each language by its own name, so that a reader of that language finds it.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano"}


class ProfileDialog(_FormDialog):
    """The patient's details, the care team's numbers and the treatment status."""

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(_("Patient and care team"), parent)
        self.session = session
        profile = session.records.profile.get()
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
        self.form.addRow(_("Symptoms beg&an"), self.onset_date)
        self.form.addRow(_("&Care team"), self.care_team_name)
        self.form.addRow(_("Care team &phone"), self.care_team_phone)
        self.form.addRow(_("Out-of-&hours phone"), self.care_team_out_of_hours)
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
