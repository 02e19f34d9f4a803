"""Small widgets shared by the screens: date fields, an inline error line, labelled buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton, QWidget

from companion.i18n import current_locale


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


class DateField(QDateEdit):
    """A date entry with a large calendar pop-up; the date is shown with the month in words."""

    def __init__(self, value: dt.date, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        # The locale's long form names the month, so 3/4 is never misread as 4/3.
        self.setDisplayFormat(_qt_long_date_format())
        self.setMinimumDate(QDate(1900, 1, 1))  # birth dates too
        self.set_date(value)
        named(self, name)

    def date_value(self) -> dt.date:
        return from_qdate(self.date())

    def set_date(self, value: dt.date) -> None:
        self.setDate(to_qdate(value))

    def set_latest(self, value: dt.date) -> None:
        self.setMaximumDate(to_qdate(value))


def _qt_long_date_format() -> str:
    # Qt's own format letters: day, month in words, four-digit year, in the order of the language.
    language = current_locale().language
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


def big_button(text: str, description: str = "", parent: QWidget | None = None) -> QPushButton:
    """A push button at least 44 px tall with an accessible name from its text."""
    button = QPushButton(text, parent)
    button.setMinimumHeight(44)
    button.setAutoDefault(False)
    named(button, text.replace("&", ""), description)
    return button
