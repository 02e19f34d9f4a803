"""Measurements, other medicines and questions for the next visit, of one patient.

Validates with the core rules (raising InvalidInput), saves through the store, and hands back core
objects in the order people read them. Neither Qt nor SQL here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from companion.core import visit as rules
from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.services.common import DeletedItem
from companion.store.database import Store
from companion.store.visit import MeasurementRepository, MedicationRepository, QuestionRepository


class VisitNotesService:
    def __init__(self, store: Store, today: Callable[[], dt.date]):
        self.store = store
        self._today = today
        self._measurements = MeasurementRepository(store)
        self._medications = MedicationRepository(store)
        self._questions = QuestionRepository(store)

    def today(self) -> dt.date:
        return self._today()

    # --- measurements -----------------------------------------------------------------------

    def measurements(self) -> list[Measurement]:
        """Weight and clinic values, newest first."""
        return self._measurements.all()

    def latest_measurements(self) -> dict[MeasurementKind, Measurement]:
        """The most recent value of each kind that has one."""
        return rules.latest_by_kind(self._measurements.all())

    def measurement(self, measurement_id: str) -> Measurement:
        return self._measurements.get(measurement_id)

    def add_measurement(self, measurement: Measurement) -> Measurement:
        """Validate and save a new measurement; returns it as saved (unit set, note trimmed)."""
        checked = rules.validate_measurement(measurement, self.today())
        self._measurements.add(checked)
        return checked

    def edit_measurement(self, measurement: Measurement) -> Measurement:
        checked = rules.validate_measurement(measurement, self.today())
        self._measurements.update(checked)
        return checked

    def delete_measurement(self, measurement_id: str) -> None:
        self._measurements.delete(measurement_id)

    def restore_measurement(self, measurement_id: str) -> None:
        self._measurements.restore(measurement_id)

    def deleted_measurements(self) -> list[tuple[Measurement, dt.datetime]]:
        return self._measurements.deleted()

    # --- other medicines --------------------------------------------------------------------

    def medications(self) -> list[Medication]:
        """Current medicines first (by name), then the stopped ones (most recently stopped first)."""
        return rules.sort_medications(self._medications.all())

    def current_medications(self) -> list[Medication]:
        return rules.current_medications(self._medications.all())

    def medication(self, medication_id: str) -> Medication:
        return self._medications.get(medication_id)

    def add_medication(self, medication: Medication) -> Medication:
        checked = rules.validate_medication(medication, self.today())
        self._medications.add(checked)
        return checked

    def edit_medication(self, medication: Medication) -> Medication:
        checked = rules.validate_medication(medication, self.today())
        self._medications.update(checked)
        return checked

    def delete_medication(self, medication_id: str) -> None:
        self._medications.delete(medication_id)

    def restore_medication(self, medication_id: str) -> None:
        self._medications.restore(medication_id)

    def deleted_medications(self) -> list[tuple[Medication, dt.datetime]]:
        return self._medications.deleted()

    # --- questions --------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        """Questions still to ask first, as written; then those asked, the most recent first."""
        return rules.sort_questions(self._questions.all())

    def unasked_questions(self) -> list[Question]:
        return rules.unasked(self._questions.all())

    def question(self, question_id: str) -> Question:
        return self._questions.get(question_id)

    def add_question(self, question: Question | str) -> Question:
        """Save a new question (text alone: written today); returns it as saved."""
        if isinstance(question, str):
            question = Question(text=question, created_on=self.today())
        checked = rules.validate_question(question, self.today())
        self._questions.add(checked)
        return checked

    def edit_question(self, question: Question) -> Question:
        checked = rules.validate_question(question, self.today())
        self._questions.update(checked)
        return checked

    def mark_question_asked(
        self, question_id: str, asked: bool = True, on: dt.date | None = None
    ) -> Question:
        """Mark a question asked (on ``on``, default today) or not asked yet."""
        question = self._questions.get(question_id)
        asked_on = (on or self.today()) if asked else None
        return self.edit_question(dataclasses.replace(question, asked_on=asked_on))

    def delete_question(self, question_id: str) -> None:
        self._questions.delete(question_id)

    def restore_question(self, question_id: str) -> None:
        self._questions.restore(question_id)

    def deleted_questions(self) -> list[tuple[Question, dt.datetime]]:
        return self._questions.deleted()

    # --- recently deleted -------------------------------------------------------------------

    def deleted_items(self) -> list[DeletedItem]:
        """Deleted measurements, medicines and questions, the most recently deleted first."""
        items: list[DeletedItem] = []
        for m, when in self._measurements.deleted():
            items.append(
                DeletedItem(
                    rules.describe_measurement(m),
                    when,
                    restore=_bind(self.restore_measurement, m.id),
                    delete=_bind(self.delete_measurement, m.id),
                )
            )
        for med, when in self._medications.deleted():
            items.append(
                DeletedItem(
                    rules.describe_medication(med),
                    when,
                    restore=_bind(self.restore_medication, med.id),
                    delete=_bind(self.delete_medication, med.id),
                )
            )
        for q, when in self._questions.deleted():
            items.append(
                DeletedItem(
                    rules.describe_question(q),
                    when,
                    restore=_bind(self.restore_question, q.id),
                    delete=_bind(self.delete_question, q.id),
                )
            )
        items.sort(key=lambda item: item.deleted_at, reverse=True)
        return items


def _bind(action: Callable[[str], None], record_id: str) -> Callable[[], None]:
    return lambda: action(record_id)
