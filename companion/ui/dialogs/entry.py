"""Write or edit a diary entry: when, who writes, symptoms with their severity, a note.

Every control is reachable by Tab; a severity is chosen with the arrow keys; Enter saves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, DiaryEntry
from companion.core.symptoms import GROUPS, severity_label
from companion.i18n import _
from companion.ui.dialogs.forms import (
    FormContent,
    FormScroll,
    ScreenFittedDialog,
    confirm_leave,
    pad_form_labels,
    save_cancel_buttons,
)
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, ErrorLine, named


class EntryDialog(ScreenFittedDialog):
    """A new entry (``existing`` None) or an edit. After ``accept``, ``saved_id`` is the entry's id.

    Everything but the error line and Save / Cancel is in one scroll area: with large text the
    symptoms get the room they need (one list to scroll, not a small box inside the dialog).
    """

    min_width, min_height = 760, 720

    # The scroll area around the form. The name hides QWidget.scroll(dx, dy), which nothing calls
    # on a dialog; tests reach the form by it, as in the other form dialogs.
    form_scroll: FormScroll

    def __init__(
        self, session: PatientSession, existing: DiaryEntry | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.existing = existing
        self.saved_id: str | None = None
        self.saved_at: dt.datetime | None = None  # when the saved entry says it was
        diary = session.records.diary
        self.setWindowTitle(_("Edit a diary entry") if existing else _("How are you?"))
        self.setModal(True)
        at = existing.at if existing else diary.now()
        by = existing.by if existing else diary.default_author()

        outer = QVBoxLayout(self)
        form = FormContent()
        body = QVBoxLayout(form)
        body.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        when_row = QWidget()
        when_layout = QHBoxLayout(when_row)
        when_layout.setContentsMargins(0, 0, 0, 0)
        self.date = DateField(at.date(), _("Date"))
        self.date.set_latest(session.records.today())
        self.time = QTimeEdit(QTime(at.hour, at.minute))
        self.time.setDisplayFormat("HH:mm")
        self.time.setMinimumHeight(36)
        named(self.time, _("Time"))
        when_layout.addWidget(self.date, 2)
        when_layout.addWidget(self.time, 1)
        # Translators: “&” marks the Alt letter (mnemonic) of the next letter. Alt letters must
        # differ within one screen (the page buttons, the top bar and the page; or one dialog),
        # else Alt+letter only moves the focus; tests/test_mnemonics.py checks every language.
        top.addRow(_("&When"), when_row)

        # The choice on one line, the caregiver's name under it at the full width of the form: side
        # by side, large text left the name a stub.
        by_row = QWidget()
        by_column = QVBoxLayout(by_row)
        by_column.setContentsMargins(0, 0, 0, 0)
        by_layout = QHBoxLayout()
        by_layout.setSpacing(self.fontMetrics().height())  # the two choices apart at any text size
        self.by_patient = QRadioButton(_("The patient"))
        self.by_caregiver = QRadioButton(_("A caregiver:"))
        for choice in (self.by_patient, self.by_caregiver):
            choice.setMinimumHeight(36)
            named(choice, choice.text().rstrip(":"))
        by_group = QButtonGroup(self)
        by_group.addButton(self.by_patient)
        by_group.addButton(self.by_caregiver)
        self.caregiver = QComboBox()
        self.caregiver.setEditable(True)
        self.caregiver.setMinimumHeight(36)
        self.caregiver.setMinimumWidth(220)
        named(self.caregiver, _("Caregiver's name"))
        for name in diary.authors():
            if name != PATIENT:
                self.caregiver.addItem(name)
        if by == PATIENT:
            self.by_patient.setChecked(True)
            self.caregiver.setCurrentText("")
        else:
            self.by_caregiver.setChecked(True)
            self.caregiver.setCurrentText(by)
        self.caregiver.setEnabled(by != PATIENT)
        self.by_caregiver.toggled.connect(self.caregiver.setEnabled)
        by_layout.addWidget(self.by_patient)
        by_layout.addWidget(self.by_caregiver)
        by_layout.addStretch()
        by_column.addLayout(by_layout)
        by_column.addWidget(self.caregiver)
        top.addRow(_("Written &by"), by_row)
        pad_form_labels(top)
        body.addLayout(top)

        intro = QLabel(_("Choose how strong each symptom is. Leave the others at “no”."))
        intro.setWordWrap(True)
        body.addWidget(intro)
        self.severity: dict[str, QComboBox] = {}
        current = existing.symptoms if existing else {}
        for group in GROUPS:
            box = QGroupBox(_(group.title))
            grid = QGridLayout(box)
            grid.setColumnStretch(0, 1)
            for row, symptom in enumerate(group.symptoms):
                text = _(symptom.label)
                if symptom.hint:
                    text = _("{symptom} ({hint})").format(symptom=text, hint=_(symptom.hint))
                label = QLabel(text)
                label.setWordWrap(True)
                combo = QComboBox()
                combo.addItem(_("no"), 0)
                for level in (1, 2, 3):
                    combo.addItem(severity_label(level), level)
                combo.setCurrentIndex(current.get(symptom.code, 0))
                combo.setMinimumHeight(36)
                combo.setMinimumWidth(150)
                named(combo, text, _("How strong: no, mild, moderate or severe"))
                label.setBuddy(combo)
                grid.addWidget(label, row, 0)
                grid.addWidget(combo, row, 1)
                self.severity[symptom.code] = combo
            if group.code == "other":
                self.other_text = QLineEdit(existing.other_text if existing else "")
                self.other_text.setPlaceholderText(_("What is it?"))
                self.other_text.setMinimumHeight(36)
                named(self.other_text, _("The other symptom, in words"))
                grid.addWidget(self.other_text, len(group.symptoms), 0, 1, 2)
            body.addWidget(box)

        note_label = QLabel(_("&Note (anything you want to remember or tell your care team)"))
        note_label.setWordWrap(True)
        self.note = QPlainTextEdit(existing.note if existing else "")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(100)
        named(self.note, _("Note"))
        note_label.setBuddy(self.note)
        body.addWidget(note_label)
        body.addWidget(self.note)
        body.addStretch(1)
        self.form_scroll = FormScroll(form)
        outer.addWidget(self.form_scroll, 1)
        self.error = ErrorLine()
        outer.addWidget(self.error)
        self.buttons = save_cancel_buttons(self._save, self.reject)
        outer.addWidget(self.buttons)
        self.date.setFocus()
        self._initial = self._state()

    def _state(self) -> tuple:
        """Everything the form holds, to tell whether anything was changed."""
        return (
            self.date.date_value(),
            self.time.time().toString(),
            self.by_caregiver.isChecked(),
            self.caregiver.currentText(),
            tuple(combo.currentIndex() for combo in self.severity.values()),
            self.other_text.text(),
            self.note.toPlainText(),
        )

    _closed_by_program = False  # close() called by the app (or a test), not by the user

    def closeEvent(self, event) -> None:
        self._closed_by_program = not event.spontaneous()
        try:
            super().closeEvent(event)  # QDialog's closeEvent calls reject()
        finally:
            self._closed_by_program = False

    def reject(self) -> None:
        """Cancel, Esc, or the window's close button: what was written is not thrown away without
        asking (as in the ALSFRS-R form). An unchanged form closes at once."""
        if self._closed_by_program:
            super().reject()
            return
        if self._state() != self._initial and not confirm_leave(
            self,
            _("This diary entry has not been saved. Leave without saving it?"),
            _("Keep writing"),
        ):
            return
        super().reject()

    def entry(self) -> DiaryEntry:
        day = self.date.date_value()
        t = self.time.time()
        at = dt.datetime.combine(day, dt.time(t.hour(), t.minute()))
        if self.existing is not None and self.existing.at.replace(tzinfo=None, second=0, microsecond=0) == at:
            at = self.existing.at  # unchanged: keep the time exactly as it was recorded
        else:
            at = at.astimezone()  # this computer's local time, with the offset of that day
        by = PATIENT
        if self.by_caregiver.isChecked():
            by = self.caregiver.currentText().strip()
            if not by:
                raise InvalidInput(_("Write the caregiver's name, or choose “The patient”."))
        symptoms = {code: combo.currentData() for code, combo in self.severity.items() if combo.currentData()}
        values: dict[str, Any] = {
            "at": at,
            "by": by,
            "symptoms": symptoms,
            "note": self.note.toPlainText(),
            "other_text": self.other_text.text().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return DiaryEntry(**values)

    def _save(self) -> None:
        try:
            entry = self.entry()
            if self.existing is None:
                saved = self.session.add_entry(entry)
            else:
                saved = self.session.edit_entry(entry)
        except InvalidInput as exc:
            self.error.show_message(str(exc))
            return
        self.saved_id = saved.id
        self.saved_at = saved.at
        self.accept()
