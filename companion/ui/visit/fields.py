"""Small fields shared by the visit notes' dialogs and screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from companion.ui.widgets import DateField, named


class _OptionalDate(QWidget):
    """A date that may be left out: a check box, and the date beside it."""

    def __init__(
        self, value: dt.date | None, check_text: str, name: str, today: dt.date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(check_text)
        self.enabled.setMinimumHeight(36)
        named(self.enabled, check_text)
        self.date = DateField(value or today, name)
        self.date.set_latest(today)
        self.date.setMinimumHeight(36)
        self.enabled.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.enabled.toggled.connect(self.date.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.date)
        layout.addStretch()

    def value(self) -> dt.date | None:
        return self.date.date_value() if self.enabled.isChecked() else None


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("smallNote")
    return label
