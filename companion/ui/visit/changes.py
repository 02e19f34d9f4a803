"""The changes of the "For my next visit" screen as undoable commands on the session's undo stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from companion.core import visit as rules
from companion.core.models import Measurement, Medication, Question
from companion.i18n import _, format_date
from companion.services.common import Kind
from companion.ui.session import PatientSession


class VisitChanges:
    """The screen's changes as undoable commands on the session's undo stack."""

    def __init__(self, session: PatientSession):
        self.session = session

    @property
    def visit(self):
        return self.session.records.visit

    def _add(
        self, text: str, add: Callable[[], Any], restore: Callable[[], None], delete: Callable[[], None]
    ):
        """Add once; undo deletes (softly), redo brings the same record back."""
        saved: list[Any] = []

        def do() -> None:
            if saved:
                restore()
            else:
                saved.append(add())

        self.session.change(text, do, delete, kinds=frozenset({Kind.VISIT}))
        return saved[0]

    # measurements
    def add_measurement(self, m: Measurement) -> Measurement:
        return self._add(
            _("new measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.add_measurement(m),
            lambda: self.visit.restore_measurement(m.id),
            lambda: self.visit.delete_measurement(m.id),
        )

    def edit_measurement(self, m: Measurement) -> None:
        before = self.visit.measurement(m.id)
        self.session.change(
            _("changes to the measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.edit_measurement(m),
            lambda: self.visit.edit_measurement(before),
            kinds=frozenset({Kind.VISIT}),
        )

    def delete_measurement(self, measurement_id: str) -> None:
        m = self.visit.measurement(measurement_id)
        self.session.change(
            _("deleting the measurement of {date}").format(date=format_date(m.measured_on)),
            lambda: self.visit.delete_measurement(measurement_id),
            lambda: self.visit.restore_measurement(measurement_id),
            kinds=frozenset({Kind.VISIT}),
        )

    # other medicines
    def add_medication(self, med: Medication) -> Medication:
        return self._add(
            _("new medicine {name}").format(name=med.name.strip()),
            lambda: self.visit.add_medication(med),
            lambda: self.visit.restore_medication(med.id),
            lambda: self.visit.delete_medication(med.id),
        )

    def edit_medication(self, med: Medication) -> None:
        before = self.visit.medication(med.id)
        self.session.change(
            _("changes to the medicine {name}").format(name=med.name.strip()),
            lambda: self.visit.edit_medication(med),
            lambda: self.visit.edit_medication(before),
            kinds=frozenset({Kind.VISIT}),
        )

    def delete_medication(self, medication_id: str) -> None:
        med = self.visit.medication(medication_id)
        self.session.change(
            _("deleting the medicine {name}").format(name=med.name),
            lambda: self.visit.delete_medication(medication_id),
            lambda: self.visit.restore_medication(medication_id),
            kinds=frozenset({Kind.VISIT}),
        )

    # questions
    def add_question(self, text: str) -> Question:
        question = Question(text=text, created_on=self.session.records.today())
        return self._add(
            _("new question “{text}”").format(text=rules.short_text(text.strip(), 40)),
            lambda: self.visit.add_question(question),
            lambda: self.visit.restore_question(question.id),
            lambda: self.visit.delete_question(question.id),
        )

    def edit_question(self, q: Question) -> None:
        before = self.visit.question(q.id)
        self.session.change(
            _("changes to the question “{text}”").format(text=rules.short_text(q.text.strip(), 40)),
            lambda: self.visit.edit_question(q),
            lambda: self.visit.edit_question(before),
            kinds=frozenset({Kind.VISIT}),
        )

    def set_question_asked(self, question_id: str, asked: bool) -> None:
        before = self.visit.question(question_id)
        if before.asked == asked:
            return
        text = rules.short_text(before.text, 40)
        if asked:
            label = _("marking the question “{text}” as asked").format(text=text)
        else:
            label = _("marking the question “{text}” as not asked").format(text=text)
        self.session.change(
            label,
            lambda: self.visit.mark_question_asked(question_id, asked),
            lambda: self.visit.edit_question(before),
            kinds=frozenset({Kind.VISIT}),
        )

    def delete_question(self, question_id: str) -> None:
        q = self.visit.question(question_id)
        self.session.change(
            _("deleting the question “{text}”").format(text=rules.short_text(q.text, 40)),
            lambda: self.visit.delete_question(question_id),
            lambda: self.visit.restore_question(question_id),
            kinds=frozenset({Kind.VISIT}),
        )
