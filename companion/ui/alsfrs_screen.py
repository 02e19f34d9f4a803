"""The ALSFRS-R screen: rate my function, the history of ratings, the slope and a trend chart.

Scores, totals, subscores and the slope come from ``companion.core.alsfrs`` and the service; this
module only shows them. Every change goes through ``PatientSession.change`` so it can be undone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.core import alsfrs as scale
from companion.core import texts
from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, AlsfrsRating, Item5
from companion.i18n import _, format_date, format_number, ngettext
from companion.ui.dialogs.forms import _FormDialog
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, FlowLayout, big_button, named, record_table, two_lines

_Index = QModelIndex | QPersistentModelIndex
_FOCUS = QColor("#0b57d0")  # the focus colour of the app's style sheet


def _scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font made ``factor`` times larger: follows the app's text-size setting."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


def _label(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def _is_dark(color: QColor) -> bool:
    return color.lightness() < 128


# --- a large answer button -----------------------------------------------------------------------


class _BigChoice:
    """Shared by BigRadio and BigCheck: a choice the width of the page, at least 48 px tall, whose
    whole area can be clicked. Its sentence wraps over as many lines as it needs (at any text
    size); a chosen answer is tinted and marked, and keyboard focus shows as a thick ring.
    ``badge`` is shown at the right (e.g. "4 points")."""

    PAD = 12

    @property
    def _dot(self) -> int:
        """The size of the circle or square: it grows with the text."""
        return max(24, round(self.fontMetrics().height() * 0.9))

    def _setup(self, badge: str) -> None:
        self._badge = badge
        self._heights: dict[int, int] = {}  # heightForWidth is asked often by the layouts
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumHeight(48)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._update_name()

    def set_texts(self, text: str, badge: str = "") -> None:
        self.setText(text)
        self._badge = badge
        self._heights.clear()
        self._update_name()
        self.updateGeometry()
        self.update()

    def badge(self) -> str:
        return self._badge

    def _update_name(self) -> None:
        text = self.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        name = text if not self._badge else _("{answer} ({score})").format(answer=text, score=self._badge)
        named(self, name)

    def _badge_width(self) -> int:
        return self.fontMetrics().horizontalAdvance(self._badge) + 2 * self.PAD if self._badge else 0

    def _text_width(self, width: int) -> int:
        return max(40, width - 3 * self.PAD - self._dot - self._badge_width())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            bounds = self.fontMetrics().boundingRect(
                QRect(0, 0, self._text_width(width), 100_000),
                int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic),
                self.text(),
            )
            height = self._heights[width] = max(48, bounds.height() + 2 * self.PAD)
        return height

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._heights.clear()
            self.updateGeometry()
        super().changeEvent(event)  # type: ignore[misc]

    def sizeHint(self) -> QSize:
        width = 460
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 48)

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)

    def _draw_indicator(self, painter: QPainter, box: QRectF, text: QColor, base: QColor, accent: QColor):
        raise NotImplementedError

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        mid = pal.color(QPalette.ColorRole.Mid)
        accent = pal.color(QPalette.ColorRole.Highlight)
        if not self.isEnabled():
            text = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        fill = QColor(base)
        border = QPen(mid, 1.5)
        if self.isChecked():
            fill = QColor(accent)
            fill.setAlpha(60)
            border = QPen(accent, 2.5)
        elif self.underMouse():
            fill = QColor(accent)
            fill.setAlpha(22)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 8, 8)
        if self.hasFocus():
            painter.setPen(QPen(_FOCUS if not _is_dark(base) else QColor("#8ab4f8"), 3.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 7, 7)
        indicator = QRectF(self.PAD + 2, self.height() / 2 - self._dot / 2, self._dot, self._dot)
        self._draw_indicator(painter, indicator, text, base, accent)
        left = self.PAD * 2 + self._dot + 2
        painter.setPen(text)
        painter.setFont(self.font())
        painter.drawText(
            QRect(left, 0, self._text_width(self.width()), self.height()),
            int(
                Qt.AlignmentFlag.AlignVCenter
                | Qt.AlignmentFlag.AlignLeft
                | Qt.TextFlag.TextWordWrap
                | Qt.TextFlag.TextShowMnemonic
            ),
            self.text(),
        )
        if self._badge:
            painter.drawText(
                QRect(self.width() - self._badge_width(), 0, self._badge_width() - self.PAD, self.height()),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                self._badge,
            )
        painter.end()


class BigRadio(_BigChoice, QRadioButton):
    """A large radio button (see _BigChoice). Keys as for any radio button: arrows move, Space
    chooses."""

    def __init__(self, text: str = "", badge: str = "", parent: QWidget | None = None):
        QRadioButton.__init__(self, text, parent)
        self._setup(badge)

    def _draw_indicator(self, painter, box, text, base, accent) -> None:
        # An empty ring, or a ring with a dot when chosen.
        painter.setPen(QPen(text, 2))
        painter.setBrush(base)
        painter.drawEllipse(box)
        if self.isChecked():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent if not _is_dark(base) else text)
            inset = box.width() * 0.24
            painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))


class BigCheck(_BigChoice, QCheckBox):
    """A large check box (see _BigChoice); Space turns it on or off."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        QCheckBox.__init__(self, text, parent)
        self._setup("")

    def _draw_indicator(self, painter, box, text, base, accent) -> None:
        # A square, with a tick when on.
        painter.setPen(QPen(text, 2))
        painter.setBrush(base)
        painter.drawRoundedRect(box, 4, 4)
        if self.isChecked():
            w = box.width()
            tick = QPainterPath(QPointF(box.left() + w * 0.2, box.center().y()))
            tick.lineTo(box.left() + w * 0.42, box.bottom() - w * 0.24)
            tick.lineTo(box.right() - w * 0.2, box.top() + w * 0.24)
            painter.setPen(
                QPen(
                    accent if not _is_dark(base) else text,
                    3.5,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)


def _points(score: int) -> str:
    return ngettext("{n} point", "{n} points", score).format(n=format_number(score))


# --- the rating dialog ----------------------------------------------------------------------------


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
        self.group.idToggled.connect(lambda _id, checked: checked and self.answered.emit())
        self._show_texts()

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
        self.caregiver_name.textEdited.connect(lambda text: text and self.by_caregiver.setChecked(True))
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
        note_label = QLabel(_("&Note"))
        note_label.setBuddy(self.note)
        form.addWidget(note_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.note, 2, 1)
        form.setColumnStretch(1, 1)
        layout.addLayout(form)
        layout.addStretch(1)

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
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers, not the frame
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(self.scroll, 1)
        self.running_total = _label()
        self.running_total.setFont(_scaled_font(self, 1.05, bold=True))
        right.addWidget(self.running_total)
        body.addLayout(right, 1)
        self.form.addRow(content)
        self.layout().setStretchFactor(self.form, 1)

        self.back_button = big_button(_("&Back"), _("The question before"))
        self.next_button = big_button(_("&Next"), _("The next question"))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # One row, in reading order: Back and Next at the left, Save and Cancel at the right.
        outer = self.layout()
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
        self.scroll.verticalScrollBar().setValue(0)
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
            self.scroll.ensureWidgetVisible(new, 8, 24)

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
        values = {
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
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Leave without saving?"))
        box.setText(_("Your answers have not been saved. Leave without saving them?"))
        leave = box.addButton(_("Leave without saving"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(_("Keep answering"), QMessageBox.ButtonRole.RejectRole)
        for button in (leave, stay):
            button.setMinimumHeight(44)
            named(button, button.text())
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def save(self) -> bool:
        service = self.session.records.alsfrs
        rating = service.check(self.rating())
        date = format_date(rating.rated_on)
        if self.existing is None:
            self.session.change(
                _("new ALSFRS-R rating of {date}").format(date=date),
                lambda: service.add(rating),
                lambda: service.delete(rating.id),
            )
        else:
            before = service.rating(rating.id)
            self.session.change(
                _("changes to the ALSFRS-R rating of {date}").format(date=date),
                lambda: service.edit(rating),
                lambda: service.edit(before),
            )
        return True


# --- the history table ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Column:
    header: str  # may have a line break, to keep the column narrow
    spoken_header: str  # for screen readers and the tooltip
    cell: Callable[[AlsfrsRating], str]
    spoken_cell: Callable[[AlsfrsRating], str] | None = None  # when the cell is an abbreviation
    number: bool = False


_DOMAIN_ITEMS = {
    scale.Domain.BULBAR: "1–3",
    scale.Domain.FINE_MOTOR: "4–6",
    scale.Domain.GROSS_MOTOR: "7–9",
    scale.Domain.RESPIRATORY: "10–12",
}


def _rating_columns() -> list[_Column]:
    def subscore(d: scale.Domain) -> Callable[[AlsfrsRating], str]:
        return lambda r: format_number(scale.subscore(r.scores, d))

    columns = [
        _Column(_("Date"), _("Date"), lambda r: format_date(r.rated_on)),
        _Column(
            _("Total\n(of 48)"),
            _("Total, of 48"),
            lambda r: format_number(scale.total(r.scores)),
            number=True,
        ),
    ]
    for d in scale.Domain:
        columns.append(
            _Column(
                _("{domain}\n(items {items})").format(
                    domain=scale.domain_short_name(d), items=_DOMAIN_ITEMS[d]
                ),
                _("{domain}, of 12").format(domain=scale.domain_name(d)),
                subscore(d),
                number=True,
            )
        )
    columns += [
        _Column(
            _("Item 5"),
            _("Item 5"),
            lambda r: Item5(r.item5).value,
            spoken_cell=lambda r: scale.item5_name(r.item5),
        ),
        _Column(_("Rated by"), _("Rated by"), lambda r: texts.capitalised(texts.author_name(r.rated_by))),
        _Column(_("Note"), _("Note"), lambda r: " ".join(r.note.split())),
    ]
    return columns


class AlsfrsTableModel(QAbstractTableModel):
    """Ratings, newest first: date, total, the four subscores, item 5's form, who rated, note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AlsfrsRating] = []
        self._columns = _rating_columns()

    def set_rows(self, ratings: Sequence[AlsfrsRating]) -> None:
        self.beginResetModel()
        self._rows = sorted(ratings, key=lambda r: r.rated_on, reverse=True)
        self._columns = _rating_columns()  # in the language in use now
        self.endResetModel()

    def row_at(self, row: int) -> AlsfrsRating:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        rating = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.cell(rating)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return (column.spoken_cell or column.cell)(rating) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return column.spoken_header
        return None


# --- the trend chart --------------------------------------------------------------------------------


class AlsfrsChart(QWidget):
    """The total (0–48) over time, one dot per rating, with the days a dose was given marked as
    short upright ticks along the bottom. Drawn with QPainter; follows the text size and palette.
    Its accessible description says in words what it shows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # screen-reader users can reach it with Tab
        self._points: list[tuple[dt.date, int]] = []
        self._doses: list[dt.date] = []
        self._start = self._end = dt.date.today()
        named(self, _("ALSFRS-R trend chart"))

    def set_data(
        self,
        points: Sequence[tuple[dt.date, int]],
        doses: Sequence[dt.date],
        start: dt.date,
        end: dt.date,
        summary: str,
    ) -> None:
        self._points = sorted(points)
        self._start, self._end = start, max(end, start + dt.timedelta(days=1))
        self._doses = sorted(d for d in doses if self._start <= d <= self._end)
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def dose_dates(self) -> list[dt.date]:
        return list(self._doses)

    def minimumSizeHint(self) -> QSize:
        # tall enough for the legend, five grid lines and the months, at any text size
        return QSize(320, max(260, self.fontMetrics().height() * 13))

    def sizeHint(self) -> QSize:
        return QSize(640, max(300, self.fontMetrics().height() * 16))

    # --- drawing ----------------------------------------------------------------------------

    def _colours(self) -> tuple[QColor, QColor, QColor, QColor, QColor]:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        if _is_dark(base):
            return base, text, QColor("#5a6270"), QColor("#8cc8ff"), QColor("#ffb74d")
        return base, text, QColor("#d5d9de"), QColor("#1f5f8b"), QColor("#9a4f00")

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base, text, grid, line, dose = self._colours()
        painter.fillRect(self.rect(), base)
        painter.setFont(self.font())
        fm = self.fontMetrics()
        h = fm.height()

        # Legend across the top: what the dots and the ticks mean.
        x = 12
        y = 8 + h // 2
        painter.setPen(QPen(line, 3))
        painter.drawLine(x, y, x + 28, y)
        painter.setBrush(line)
        painter.drawEllipse(QPointF(x + 14, y), 5, 5)
        x += 36
        label = _("ALSFRS-R total (0 to 48)")
        painter.setPen(text)
        painter.drawText(x, 8, fm.horizontalAdvance(label) + 2, h, int(Qt.AlignmentFlag.AlignVCenter), label)
        x += fm.horizontalAdvance(label) + 28
        painter.setPen(QPen(dose, 4))
        painter.drawLine(x + 4, y - h // 2 + 2, x + 4, y + h // 2 - 2)
        x += 16
        label = _("dose given")
        painter.setPen(text)
        painter.drawText(x, 8, fm.horizontalAdvance(label) + 2, h, int(Qt.AlignmentFlag.AlignVCenter), label)

        left = 16 + fm.horizontalAdvance(format_number(48))
        plot = QRect(left, 8 + h + 18, self.width() - left - 20, self.height() - (8 + h + 18) - (h + 16))
        if plot.width() < 40 or plot.height() < 40:
            painter.end()
            return

        def y_of(total: float) -> float:
            return plot.bottom() - total / scale.MAX_TOTAL * plot.height()

        span = (self._end - self._start).days

        def x_of(day: dt.date) -> float:
            return plot.left() + (day - self._start).days / span * plot.width()

        # Horizontal grid and the 0–48 scale.
        for value in range(0, scale.MAX_TOTAL + 1, 12):
            yy = round(y_of(value))
            painter.setPen(QPen(grid, 1))
            painter.drawLine(plot.left(), yy, plot.right(), yy)
            painter.setPen(text)
            painter.drawText(
                QRect(0, yy - h // 2, left - 8, h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                format_number(value),
            )

        # Months along the bottom, as many as fit without crowding.
        sample = format_date(dt.date(2026, 9, 1), "MMM y")
        label_width = fm.horizontalAdvance(sample) + 16
        per_month = plot.width() / max(span / scale.DAYS_PER_MONTH, 0.01)
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 36, 60, 120) if s * per_month >= label_width), 240)
        month = dt.date(self._start.year, self._start.month, 1)
        last_right = -1.0
        while month <= self._end:
            index = month.year * 12 + month.month - 1
            if month >= self._start and index % step == 0:
                xx = x_of(month)
                painter.setPen(QPen(text, 1))
                painter.drawLine(round(xx), plot.bottom(), round(xx), plot.bottom() + 5)
                text_rect = QRectF(xx - label_width / 2, plot.bottom() + 6, label_width, h)
                if text_rect.left() >= last_right and text_rect.right() <= self.width():
                    painter.drawText(
                        text_rect, int(Qt.AlignmentFlag.AlignCenter), format_date(month, "MMM y")
                    )
                    last_right = text_rect.right()
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)

        # Doses: a faint line up the chart and a strong tick at the bottom.
        for day in self._doses:
            xx = round(x_of(day))
            faint = QColor(dose)
            faint.setAlpha(70)
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DashLine))
            painter.drawLine(xx, plot.top(), xx, plot.bottom())
            painter.setPen(QPen(dose, 4))
            painter.drawLine(xx, plot.bottom() - 16, xx, plot.bottom())

        # Axes.
        painter.setPen(QPen(text, 1.5))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        if not self._points:
            painter.setPen(text)
            painter.drawText(
                plot, int(Qt.AlignmentFlag.AlignCenter), _("No ALSFRS-R rating in this period yet.")
            )
        else:
            coords = [QPointF(x_of(day), y_of(total)) for day, total in self._points]
            path = QPainterPath(coords[0])
            for point in coords[1:]:
                path.lineTo(point)
            painter.setPen(QPen(line, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(line)
            painter.setPen(QPen(base, 2))
            for point in coords:
                painter.drawEllipse(point, 6, 6)
            # The total beside each dot, when there is room for every label: all above the line,
            # or all below it when the top of the chart leaves no room.
            widest = fm.horizontalAdvance(format_number(48)) + 6
            gaps = [b.x() - a.x() for a, b in itertools.pairwise(coords)]
            if not gaps or min(gaps) >= widest:
                above = min(point.y() for point in coords) - 10 - h >= plot.top() - 12
                painter.setPen(text)
                for point, (_day, total) in zip(coords, self._points, strict=True):
                    top = point.y() - 10 - h if above else point.y() + 10
                    painter.drawText(
                        QRectF(point.x() - widest / 2, top, widest, h),
                        int(Qt.AlignmentFlag.AlignCenter),
                        format_number(total),
                    )

        if self.hasFocus():
            painter.setPen(QPen(_FOCUS if not _is_dark(base) else QColor("#8ab4f8"), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        painter.end()


# --- the screen -------------------------------------------------------------------------------------


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    return record_table(model, name)


class AlsfrsScreen(QWidget):
    """ALSFRS-R self-rating: a button to rate, the slope over a chosen period, a trend chart with
    the doses marked, and every rating in a table (edit, delete with undo)."""

    deleted = Signal(str)  # a message saying what was deleted and how to bring it back

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.rating_dialog: AlsfrsRatingDialog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)

        title = _label(_("ALSFRS-R self-rating"), "screenTitle")
        layout.addWidget(title)
        self.rate_button = big_button(
            _("&Rate my function (ALSFRS-R)"), _("Answer the 12 questions of the ALSFRS-R")
        )
        self.rate_button.setText(two_lines(self.rate_button.text(), longest=30))  # fits at 200 %
        self.rate_button.setObjectName("primaryButton")
        self.rate_button.setMinimumHeight(52)
        # A row of its own, not beside the title: with large text the two did not fit side by side.
        rate_row = FlowLayout()
        rate_row.addWidget(self.rate_button)
        layout.addLayout(rate_row)
        intro = _label(
            _(
                "Twelve questions about everyday life: speech, swallowing, hands, moving about and "
                "breathing. Each answer scores 4 (normal) to 0; the total runs from 0 to 48. "
                "Before each dose is a good time to rate, but it is never required."
            )
        )
        layout.addWidget(intro)
        # Where the words come from (issue 16): a clinician reading the ratings needs to know.
        self.wording_note = _label(
            " ".join(
                (
                    _(
                        "The questions are in plain words, adapted from the published "
                        "self-administered versions of the ALSFRS-R (such as the ALSFRS-R-SE and "
                        "the form of the US National ALS Registry)."
                    ),
                    _(
                        "The German, French, Spanish and Italian wordings are not validated "
                        "translations of the scale."
                    ),
                    _(
                        "Question 5 has two forms: 5a, cutting food and handling utensils, and 5b, "
                        "handling tube feeding, for people who are mainly fed through a feeding tube "
                        "(gastrostomy)."
                    ),
                )
            ),
            "smallNote",
        )
        layout.addWidget(self.wording_note)

        trend_title = QLabel(_("Trend"))
        trend_title.setObjectName("sectionTitle")
        trend_title.setWordWrap(True)
        layout.addWidget(trend_title)
        period_row = QHBoxLayout()
        period_label = QLabel(_("&Period:"))
        self.period = QComboBox()
        self.period.setMinimumHeight(44)
        for period in scale.Period:
            self.period.addItem(scale.period_name(period), period.value)
        self.period.setCurrentIndex(self.period.findData(scale.Period.LAST_12_MONTHS.value))
        named(self.period, _("Period"), _("The ratings the slope and the chart are made from"))
        period_label.setBuddy(self.period)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period)
        period_row.addStretch()
        layout.addLayout(period_row)
        # On a line of its own (it can be long), and a style rule rather than a fixed font, so
        # that it follows the text size chosen in Settings.
        self.slope_label = _label("", "sectionTitle")
        layout.addWidget(self.slope_label)
        self.slope_note = _label("", "smallNote")
        layout.addWidget(self.slope_note)
        self.chart = AlsfrsChart()
        layout.addWidget(self.chart, 3)

        history_title = QLabel(_("All ratings"))
        history_title.setObjectName("sectionTitle")
        history_title.setWordWrap(True)
        layout.addWidget(history_title)
        buttons = FlowLayout()
        self.edit_button = big_button(_("&Change rating"), _("Change the rating chosen in the table"))
        self.delete_button = big_button(_("&Delete rating"), _("Delete the rating chosen in the table"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self.model = AlsfrsTableModel(self)
        self.table = _table(self.model, _("ALSFRS-R ratings"))
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table, 2)
        self.empty = _label(_("No rating yet. Press “Rate my function” to make the first one."))
        layout.addWidget(self.empty)

        self.rate_button.clicked.connect(self.rate)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        session.changed.connect(self.refresh)
        self.refresh()

    # --- showing ------------------------------------------------------------------------------

    def current_period(self) -> scale.Period:
        return scale.Period(self.period.currentData())

    def refresh(self) -> None:
        service = self.session.records.alsfrs
        selected = self.selected_id()
        ratings = service.ratings()
        self.model.set_rows(ratings)
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            rows = [i for i in range(self.model.rowCount()) if self.model.row_at(i).id == selected]
            self.table.selectRow(rows[0] if rows else 0)
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)

        trend = service.trend(self.current_period())
        if trend.slope is None:
            self.slope_label.setText(scale.not_enough_data_text())
            self.slope_note.setText(
                ngettext(
                    "This period has {count} rating.", "This period has {count} ratings.", len(trend.ratings)
                ).format(count=len(trend.ratings))
            )
        else:
            self.slope_label.setText(scale.slope_text(trend.slope))
            self.slope_note.setText(
                _(
                    "Change of the total per month, worked out (by least squares) from the "
                    "{count} ratings from {first} to {last}."
                ).format(
                    count=len(trend.ratings),
                    first=format_date(trend.ratings[0].rated_on),
                    last=format_date(trend.ratings[-1].rated_on),
                )
            )
        self.slope_label.setAccessibleName(self.slope_label.text())
        doses = [d.given_on for d in self.session.records.dose_history()]
        points = [(r.rated_on, scale.total(r.scores)) for r in trend.ratings]
        start = trend.start
        if start is None:
            known = [r.rated_on for r in trend.ratings] + doses
            start = min(known) if known else trend.end - dt.timedelta(days=30)
        shown_doses = [d for d in doses if start <= d <= trend.end]
        self.chart.set_data(
            points, shown_doses, start, trend.end, scale.summary_text(trend.ratings, len(shown_doses))
        )

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()).id if rows else None

    # --- actions ------------------------------------------------------------------------------

    def _open_dialog(self, existing: AlsfrsRating | None) -> AlsfrsRatingDialog:
        dialog = AlsfrsRatingDialog(self.session, existing, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.rating_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: AlsfrsRatingDialog) -> None:
        if self.rating_dialog is dialog:
            self.rating_dialog = None

    def rate(self) -> AlsfrsRatingDialog:
        """Open the rating dialog for a new rating (not blocking: the dialog is window-modal)."""
        return self._open_dialog(None)

    def edit_selected(self) -> AlsfrsRatingDialog | None:
        rating_id = self.selected_id()
        if rating_id is None:
            return None
        return self._open_dialog(self.session.records.alsfrs.rating(rating_id))

    def delete_selected(self) -> None:
        rating_id = self.selected_id()
        if rating_id is None:
            return
        service = self.session.records.alsfrs
        rating = service.rating(rating_id)
        self.session.change(
            _("deleting the ALSFRS-R rating of {date}").format(date=format_date(rating.rated_on)),
            lambda: service.delete(rating_id),
            lambda: service.restore(rating_id),
        )
        self.deleted.emit(_("The rating was deleted. Press Undo (or Ctrl+Z) to bring it back."))


__all__ = ["AlsfrsChart", "AlsfrsRatingDialog", "AlsfrsScreen", "AlsfrsTableModel", "BigRadio"]
