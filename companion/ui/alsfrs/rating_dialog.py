"""The ALSFRS-R self-rating dialog: one question per page, big answers, an overview of every answer."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core import alsfrs as scale
from companion.core.errors import InvalidInput
from companion.core.models import AlsfrsRating, Item5
from companion.i18n import _, format_date
from companion.services.common import Kind
from companion.ui.alsfrs.common import _label, _points, _scaled_font
from companion.ui.alsfrs.pages import _FinishPage, _QuestionPage
from companion.ui.dialogs.forms import _FormDialog, confirm_leave
from companion.ui.session import PatientSession
from companion.ui.widgets import big_button, named


class AlsfrsRatingDialog(_FormDialog):
    """Make a new ALSFRS-R self-rating, or change one: one question per page, big answers.

    Keyboard: arrows and Space choose an answer (or the keys 4, 3, 2, 1, 0), Enter goes to the
    next question, and on the last page Enter saves. The list at the left shows every question
    with its answer and jumps to it.
    """

    def __init__(
        self, session: PatientSession, existing: AlsfrsRating | None = None, parent: QWidget | None = None
    ):
        # No scroll area around the form: the questions scroll in their own, below the overview.
        super().__init__(
            _("Change an ALSFRS-R rating") if existing else _("Rate my function (ALSFRS-R)"),
            parent,
            scroll=False,
        )
        self.session = session
        self.existing = existing
        service = session.records.alsfrs
        today = service.today()
        rating = existing or AlsfrsRating(
            rated_on=today, scores=(0,) * scale.ITEM_COUNT, item5=service.default_item5()
        )
        available = self.screen().availableGeometry()  # a small screen: never larger than it
        self.setMinimumSize(min(760, int(available.width() * 0.95)), min(560, int(available.height() * 0.9)))

        content = QWidget()
        body = QHBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        self.overview = QListWidget()
        self.overview.setWordWrap(True)
        self.overview.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when its width changes
        self.overview.setFont(_scaled_font(self, 0.95))
        self.overview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overview.setStyleSheet(
            # No side padding on the items: Qt would wrap their text wider than it paints it.
            "QListWidget { padding: 0px 6px; background: palette(base); }"
            "QListWidget::item { padding: 5px 0px; border-bottom: 1px solid palette(midlight); }"
            "QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        )
        named(self.overview, _("Questions"), _("Every question with its answer. Choose one to go to it."))
        body.addWidget(self.overview)

        right = QVBoxLayout()
        right.setSpacing(8)
        intro_text = _(
            "Think of how things are for you these days. For each question, choose the answer "
            "that fits best. Keys: arrows and Space choose, Enter goes on."
        )
        self.setAccessibleDescription(intro_text)
        self.pages = QStackedWidget()
        self.questions: list[_QuestionPage] = []
        for number in range(1, scale.ITEM_COUNT + 1):
            page = _QuestionPage(number, rating.item5, intro_text if number == 1 else "")
            if existing is not None:
                page.set_value(rating.scores[number - 1])
            page.answered.connect(self._answers_changed)
            self.questions.append(page)
            self.pages.addWidget(page)
        self.finish = _FinishPage(rating, today)
        self.pages.addWidget(self.finish)
        self.question_scroll = QScrollArea()
        self.question_scroll.setWidget(self.pages)
        self.question_scroll.setWidgetResizable(True)
        self.question_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.question_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers, not the frame
        self.question_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(self.question_scroll, 1)
        self.running_total = _label()
        self.running_total.setFont(_scaled_font(self, 1.05, bold=True))
        right.addWidget(self.running_total)
        body.addLayout(right, 1)
        self.form.addRow(content)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # _FormDialog's
        outer.setStretchFactor(self.form, 1)

        self.back_button = big_button(_("&Back"), _("The question before"))
        self.next_button = big_button(_("&Next"), _("The next question"))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # One row, in reading order: Back and Next at the left, Save and Cancel at the right.
        outer.removeWidget(self.buttons)
        row = QHBoxLayout()
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(120)
            button.setAutoDefault(True)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        outer.addLayout(row)
        self.back_button.clicked.connect(lambda: self.go_to(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.pages.currentIndex() + 1))

        for _number in range(scale.ITEM_COUNT + 1):
            self.overview.addItem(QListWidgetItem())
        self.overview.currentRowChanged.connect(self._overview_chosen)
        self.overview.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        self.setTabOrder(self.overview, self.questions[0].buttons[4])
        self._answers_changed()
        self._initial = self._state()
        self._fit_to_text()
        self.go_to(0)

    def resizeEvent(self, event) -> None:
        # The list of questions takes up to a third of the width, and steps aside when the answers
        # would be too narrow to read (large text on a small screen); Back and Next still work.
        char = self.overview.fontMetrics().averageCharWidth()
        width = min(max(270, char * 30), self.width() // 3)
        self.overview.setFixedWidth(width)
        self.overview.setVisible(self.width() - width >= self.fontMetrics().averageCharWidth() * 42)
        super().resizeEvent(event)

    def fit_size(self) -> None:
        self._fit_to_text()  # on the first show, within the screen it is shown on

    def _fit_to_text(self) -> None:
        """Start at a size that suits the text size (larger text, larger dialog), within the screen."""
        factor = max(1.0, self.fontMetrics().height() / 20)
        width, height = round(980 * factor), round(720 * factor)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    # --- answers ----------------------------------------------------------------------------

    def answers(self) -> list[int | None]:
        return [page.value() for page in self.questions]

    def item5(self) -> Item5:
        return self.questions[4].item5

    def _answers_changed(self) -> None:
        answers = self.answers()
        count = sum(1 for a in answers if a is not None)
        self.running_total.setText(
            _("Total so far: {total} ({answered} of {count} answered)").format(
                total=scale.total_text(scale.answered_total(answers)),
                answered=count,
                count=scale.ITEM_COUNT,
            )
        )
        self.running_total.setAccessibleName(self.running_total.text())
        for row, page in enumerate(self.questions):
            value = page.value()
            answer = (
                _("✓ {points}").format(points=_points(value)) if value is not None else _("not answered yet")
            )
            text = _("{number}. {title}\n{answer}").format(
                number=page.number, title=page.item().title(), answer=answer
            )
            item = self.overview.item(row)
            item.setText(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, " ".join(text.split("\n")))

        self.overview.item(scale.ITEM_COUNT).setText(_("Check and save"))
        self.finish.show_scores(answers)

    # --- pages ------------------------------------------------------------------------------

    def go_to(self, index: int, focus: bool = True) -> None:
        index = max(0, min(index, self.pages.count() - 1))
        self.pages.setCurrentIndex(index)
        self.question_scroll.verticalScrollBar().setValue(0)
        if self.overview.currentRow() != index:
            self.overview.blockSignals(True)
            self.overview.setCurrentRow(index)
            self.overview.blockSignals(False)
        last = index == self.pages.count() - 1
        self.running_total.setVisible(not last)  # the last page shows the total itself
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(not last)
        self.next_button.setDefault(not last)
        self.save_button.setDefault(last)
        if focus:
            if last:
                self.finish.date.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.questions[index].focus_answer()

    def _overview_chosen(self, row: int) -> None:
        if row >= 0:
            self.go_to(row, focus=False)

    def eventFilter(self, watched, event) -> bool:
        # Enter in the list of questions goes into the question instead of the next one.
        if (
            watched is self.overview
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.go_to(self.overview.currentRow())
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # On a question page, the keys 0 to 4 choose the answer with that score: one key, no chord.
        index = self.pages.currentIndex()
        if index < scale.ITEM_COUNT and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            score = event.key() - Qt.Key.Key_0
            if 0 <= score <= scale.MAX_SCORE and not isinstance(self.focusWidget(), QLineEdit):
                page = self.questions[index]
                page.buttons[score].setChecked(True)
                page.buttons[score].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        super().keyPressEvent(event)

    def _focus_changed(self, _old, new) -> None:
        # Arrow keys move focus without scrolling: keep the focused answer in view.
        if new is not None and self.isVisible() and self.pages.isAncestorOf(new):
            self.question_scroll.ensureWidgetVisible(new, 8, 24)

    # --- saving -----------------------------------------------------------------------------

    def rating(self) -> AlsfrsRating:
        """The rating as filled in; raises InvalidInput (and shows the first open question)."""
        answers = self.answers()
        try:
            scores = scale.check_answered(answers, self.item5())
        except InvalidInput:
            first_open = next(i for i, a in enumerate(answers) if a is None)
            self.go_to(first_open)
            raise
        values: dict[str, Any] = {
            "rated_on": self.finish.date.date_value(),
            "scores": scores,
            "item5": self.item5(),
            "rated_by": self.finish.rated_by(),
            "note": self.finish.note.toPlainText().strip(),
        }
        if self.existing is not None:
            return dataclasses.replace(self.existing, **values)
        return AlsfrsRating(**values)

    def _state(self) -> tuple:
        finish = self.finish
        return (
            tuple(self.answers()),
            self.item5(),
            finish.date.date_value(),
            finish.by_patient.isChecked(),
            finish.caregiver_name.text(),
            finish.note.toPlainText(),
        )

    def reject(self) -> None:
        """Cancel, or Esc: answers given are not thrown away without asking."""
        if self._state() != self._initial and not self._confirm_leave():
            return
        super().reject()

    def _confirm_leave(self) -> bool:
        return confirm_leave(
            self, _("Your answers have not been saved. Leave without saving them?"), _("Keep answering")
        )

    def save(self) -> bool:
        service = self.session.records.alsfrs
        rating = service.check(self.rating())
        date = format_date(rating.rated_on)
        if self.existing is None:
            self.session.change(
                _("new ALSFRS-R rating of {date}").format(date=date),
                lambda: service.add(rating),
                lambda: service.delete(rating.id),
                kinds=frozenset({Kind.ALSFRS}),
            )
        else:
            before = service.rating(rating.id)
            self.session.change(
                _("changes to the ALSFRS-R rating of {date}").format(date=date),
                lambda: service.edit(rating),
                lambda: service.edit(before),
                kinds=frozenset({Kind.ALSFRS}),
            )
        return True
