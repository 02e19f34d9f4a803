"""Edit a question for the next visit: its words, and whether (and when) it was asked."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel, QWidget

from companion.core.models import Question
from companion.i18n import _, format_date
from companion.ui.dialogs.forms import _FormDialog, _note
from companion.ui.session import PatientSession
from companion.ui.visit.changes import VisitChanges
from companion.ui.visit.fields import _OptionalDate


class QuestionDialog(_FormDialog):
    """Edit a question: its words, and whether (and when) it was asked."""

    def __init__(self, session: PatientSession, existing: Question, parent: QWidget | None = None):
        super().__init__(_("Edit a question"), parent)
        self.session = session
        self.changes = VisitChanges(session)
        self.existing = existing
        self.saved_id: str | None = None
        today = session.records.today()
        self.text = _note(existing.text, _("Question"))
        written = QLabel(format_date(existing.created_on))
        self.asked = _OptionalDate(existing.asked_on, _("Asked at a visit"), _("Date asked"), today)
        self.form.addRow(_("&Question"), self.text)
        self.form.addRow(_("Written on"), written)
        self.form.addRow(_("Asked"), self.asked)
        self.text.setFocus()

    def question(self) -> Question:
        return dataclasses.replace(
            self.existing, text=self.text.toPlainText().strip(), asked_on=self.asked.value()
        )

    def save(self) -> bool:
        q = self.question()
        self.changes.edit_question(q)
        self.saved_id = q.id
        return True
