"""The pages of the rating dialog: one question with its five answers, and the last page to check and save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core import alsfrs as scale
from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, AlsfrsRating, Item5
from companion.i18n import _, format_number, ngettext
from companion.ui.alsfrs.choices import BigCheck, BigRadio
from companion.ui.alsfrs.common import _label, _points, _scaled_font
from companion.ui.widgets import DateField, named


class _QuestionPage(QWidget):
    """One question: what it asks and its five answers, best first. Item 5 has the feeding-tube
    choice that switches it between 5a and 5b."""

    answered = Signal()

    def __init__(self, number: int, item5: Item5, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.number = number
        self.item5 = Item5(item5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 4)
        layout.setSpacing(8)
        if intro:
            layout.addWidget(_label(intro, "smallNote"))
        self.heading = _label()
        self.heading.setObjectName("smallNote")
        self.question = _label()
        self.question.setFont(_scaled_font(self, 1.3, bold=True))
        layout.addWidget(self.heading)
        layout.addWidget(self.question)
        self.tube: BigCheck | None = None
        self.tube_note: QLabel | None = None
        if number == 5:
            self.tube = BigCheck(_("I get most of my food through a &feeding tube (gastrostomy)"))
            self.tube_note = _label(
                _(
                    "Question 5b is for people who get most of their food through a feeding tube "
                    "(gastrostomy). If you have a tube but still eat mostly by mouth, leave this "
                    "unticked and answer 5a."
                ),
                "smallNote",
            )
            named(
                self.tube,
                _("I get most of my food through a feeding tube (gastrostomy)"),
                self.tube_note.text(),
            )
            self.tube.setChecked(self.item5 is Item5.GASTROSTOMY)
            self.tube.toggled.connect(self._tube_toggled)
            layout.addWidget(self.tube)
            layout.addWidget(self.tube_note)
        layout.addSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, BigRadio] = {}
        for score in scale.SCORES:
            button = BigRadio()
            button.setFont(_scaled_font(self, 1.1))
            self.group.addButton(button, score)
            self.buttons[score] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idToggled.connect(self._answer_toggled)
        self._show_texts()

    def _answer_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.answered.emit()

    def item(self) -> scale.Item:
        return scale.item(self.number, self.item5)

    def _show_texts(self) -> None:
        item = self.item()
        self.heading.setText(
            _("Question {number} of {count}: {title}").format(
                number=self.number, count=scale.ITEM_COUNT, title=item.title()
            )
        )
        self.question.setText(item.question())
        # A screen reader speaks the answer with the question it belongs to.
        spoken = _("{heading}. {question}").format(heading=self.heading.text(), question=item.question())
        for score, button in self.buttons.items():
            button.set_texts(item.answer(score), _points(score))
            button.setAccessibleDescription(spoken)

    def _tube_toggled(self, checked: bool) -> None:
        # The answers of 5a and 5b mean different things: a change of form clears the answer.
        self.item5 = Item5.GASTROSTOMY if checked else Item5.CUTTING_FOOD
        self.set_value(None)
        self._show_texts()
        self.answered.emit()

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked >= 0 else None

    def set_value(self, score: int | None) -> None:
        if score is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[score].setChecked(True)

    def focus_answer(self) -> None:
        """Keyboard focus to the chosen answer, or the first one."""
        score = self.value()
        self.buttons[score if score is not None else scale.SCORES[0]].setFocus(Qt.FocusReason.TabFocusReason)


class _FinishPage(QWidget):
    """The day, who rated, a note, and the total with the four subscores."""

    def __init__(self, rating: AlsfrsRating, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 4)
        layout.setSpacing(8)
        heading = _label(_("Check and save"))
        heading.setFont(_scaled_font(self, 1.3, bold=True))
        layout.addWidget(heading)
        self.total = _label()
        self.total.setFont(_scaled_font(self, 1.2, bold=True))
        layout.addWidget(self.total)
        self.subscores = _label()
        layout.addWidget(self.subscores)

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.date = DateField(rating.rated_on, _("Day of the rating"))
        self.date.set_latest(today)
        self.date.setMinimumHeight(44)
        date_label = QLabel(_("&Day of the rating"))
        date_label.setBuddy(self.date)
        form.addWidget(date_label, 0, 0)
        form.addWidget(self.date, 0, 1)

        who_label = QLabel(_("Who answered"))
        self.who_group = QButtonGroup(self)
        self.by_patient = BigRadio(_("The patient"))
        self.by_caregiver = BigRadio(_("A caregiver, for the patient"))
        self.who_group.addButton(self.by_patient)
        self.who_group.addButton(self.by_caregiver)
        self.caregiver_name = QLineEdit()
        self.caregiver_name.setMinimumHeight(44)
        self.caregiver_name.setPlaceholderText(_("The caregiver's name"))
        named(self.caregiver_name, _("The caregiver's name"))
        caregiver = rating.rated_by != PATIENT and bool(rating.rated_by.strip())
        (self.by_caregiver if caregiver else self.by_patient).setChecked(True)
        if caregiver:
            self.caregiver_name.setText(rating.rated_by)
        self.caregiver_name.textEdited.connect(self._caregiver_name_edited)
        who = QVBoxLayout()
        who.setSpacing(6)
        who.addWidget(self.by_patient)
        who.addWidget(self.by_caregiver)
        who.addWidget(self.caregiver_name)
        form.addWidget(who_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(who, 1, 1)

        self.note = QPlainTextEdit(rating.note)
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(90)
        named(self.note, _("Note"))
        note_label = QLabel(_("Not&e"))
        note_label.setBuddy(self.note)
        form.addWidget(note_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.note, 2, 1)
        form.setColumnStretch(1, 1)
        layout.addLayout(form)
        layout.addStretch(1)

    def _caregiver_name_edited(self, text: str) -> None:
        if text:
            self.by_caregiver.setChecked(True)

    def rated_by(self) -> str:
        if self.by_patient.isChecked():
            return PATIENT
        name = self.caregiver_name.text().strip()
        if not name:
            raise InvalidInput(_("Write the caregiver's name, or choose “The patient”."))
        return name

    def show_scores(self, answers: Sequence[int | None]) -> None:
        missing = sum(1 for a in answers if a is None)
        if missing:
            self.total.setText(
                ngettext(
                    "Total so far: {total} — {count} question is not answered yet.",
                    "Total so far: {total} — {count} questions are not answered yet.",
                    missing,
                ).format(total=scale.total_text(scale.answered_total(answers)), count=missing)
            )
            self.subscores.setText(_("The subscores show when every question is answered."))
            return
        scores = [a for a in answers if a is not None]
        self.total.setText(_("Total: {total}").format(total=scale.total_text(scale.total(scores))))
        self.subscores.setText(
            "\n".join(
                _("{domain}: {score} of {maximum}").format(
                    domain=scale.domain_name(domain),
                    score=format_number(value),
                    maximum=format_number(scale.DOMAIN_MAX),
                )
                for domain, value in scale.subscores(scores).items()
            )
        )
