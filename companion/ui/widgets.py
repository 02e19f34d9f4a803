"""Small widgets shared by the screens: date fields, an inline error line, labelled buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.core.limits import MAX_DATE, MIN_DATE
from companion.i18n import _, current_language


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def named(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give a control the name (and description) a screen reader speaks."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def emergency_number_hint() -> str:
    """What the emergency number is. No number in it: a language does not tell the country."""
    return _(
        "The emergency number where you live, e.g. the one your phone calls for an ambulance. "
        "Warnings show it after “emergency services”. You can leave it empty."
    )


def with_hint(field: QWidget, hint: str) -> QWidget:
    """``field`` with a note right under it, in the small print of the style sheet (it wraps): one
    piece for a form row, so the note stays with its field. The field's screen-reader description
    is the note too."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    note = QLabel(hint)
    note.setObjectName("smallNote")
    note.setWordWrap(True)
    column.addWidget(field)
    column.addWidget(note)
    field.setAccessibleDescription(hint)
    return holder


class DateField(QDateEdit):
    """A date entry with a large calendar pop-up; the date is shown with the month in words."""

    def __init__(self, value: dt.date, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        # The locale's long form names the month, so 3/4 is never misread as 4/3.
        self.setDisplayFormat(_qt_long_date_format())
        # The dates the app uses (core/limits.py): birth dates too, and none so late that counting
        # the next dose from it would overflow.
        self.setMinimumDate(to_qdate(MIN_DATE))
        self.setMaximumDate(to_qdate(MAX_DATE))
        self.set_date(value)
        named(self, name)

    def date_value(self) -> dt.date:
        return from_qdate(self.date())

    def set_date(self, value: dt.date) -> None:
        self.setDate(to_qdate(value))

    def set_latest(self, value: dt.date) -> None:
        self.setMaximumDate(to_qdate(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # F4 or Alt+Down opens the calendar, as on a drop-down list (Qt's date field has neither:
        # Alt+Down changed the month). F4 is one key, for hands that cannot hold a chord.
        alt_arrow = event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and bool(
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if self.calendarPopup() and (event.key() == Qt.Key.Key_F4 or alt_arrow):
            event.accept()
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Open the calendar pop-up. Qt opens it only for a press on the field's arrow and has no
        call for it, so this presses there: the pop-up then gets the field's date and limits."""
        # Imported here: QStyle's many enums cost ~15 ms to create, on a key most never press.
        from PySide6.QtCore import QEvent, QPointF
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        where = QPointF(arrow.center())
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            where,
            QPointF(self.mapToGlobal(arrow.center())),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(self, press)


def _qt_long_date_format() -> str:
    # Qt's own format letters: day, month in words, four-digit year, in the order of the language.
    language = current_language()
    if language == "en":
        return "MMMM d, yyyy"
    if language == "de":
        return "d. MMMM yyyy"
    return "d MMMM yyyy"


class ErrorLine(QLabel):
    """An inline message under a form: why the input cannot be saved. Hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("errorLine")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


def two_lines(text: str, longest: int = 16) -> str:
    """A button label longer than ``longest`` letters, broken at the space nearest its middle."""
    visible = text.replace("&", "")
    spaces = [i for i, char in enumerate(text) if char == " "]
    if len(visible) <= longest or not spaces:
        return text
    middle = len(text) / 2
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


def big_button(text: str, description: str = "", parent: QWidget | None = None) -> QPushButton:
    """A push button at least 44 px tall with an accessible name from its text."""
    button = QPushButton(text, parent)
    button.setMinimumHeight(44)
    named(button, text.replace("&", ""), description)
    return button


class FlowLayout(QLayout):
    """Lays widgets out in a row and wraps them onto the next line when the row is full, so
    that nothing is cut off in a narrow window or with large text."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def setSpacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def spacing(self) -> int:
        return self._spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class RecordTable(QTableView):
    """A table that is never squeezed below its header and a few rows: on a short window or with
    large text the page around it scrolls instead."""

    VISIBLE_ROWS = 4

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        rows = self.verticalHeader().defaultSectionSize() * self.VISIBLE_ROWS
        header = self.horizontalHeader().sizeHint().height()
        scroll_bar = self.horizontalScrollBar().sizeHint().height()
        hint.setHeight(max(hint.height(), header + rows + scroll_bar + 2 * self.frameWidth()))
        return hint


def record_table(model, name: str) -> QTableView:
    """A read-only table of records: whole rows selected, Tab moves on (arrows move between rows),
    columns sized from the rows on screen only (measuring every row of years of records made
    the window slow to open), a name for screen readers."""
    view = RecordTable()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(0)
    view.verticalHeader().setResizeContentsPrecision(0)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    named(view, name)
    return view


def label_above(label: QLabel, field: QWidget) -> QWidget:
    """A label over its field, as one piece for a FlowLayout row of fields (filters, periods):
    the row wraps with large text instead of squeezing the fields."""
    label.setBuddy(field)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(label)
    column.addWidget(field)
    return holder


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that gives it at least the room it needs: with large
    text or a small window it scrolls, instead of squeezing or cutting off what it holds."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No Tab stop of its own: nothing can be done there (Tab scrolls the control it reaches into
    # view all the same).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


def fit_to_screen(window: QWidget, width: int = 0, height: int = 0) -> None:
    """Size a dialog to what it needs (and at least ``width`` x ``height``), but never larger than
    the screen's free area: the rest scrolls, so Save and Cancel stay reachable at 200 % text."""
    screen = window.screen().availableGeometry()
    hint = window.sizeHint().expandedTo(window.minimumSizeHint())
    window.resize(
        min(max(hint.width(), width), int(screen.width() * 0.95)),
        min(max(hint.height(), height), int(screen.height() * 0.9)),
    )


def wrapping_list(name: str) -> QListWidget:
    """A list whose long items wrap onto more lines instead of running off to the right (large
    text), with the name a screen reader speaks."""
    items = QListWidget()
    items.setWordWrap(True)
    items.setResizeMode(QListWidget.ResizeMode.Adjust)
    items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    named(items, name)
    return items
