"""What the parts of the ALSFRS-R screen share: fonts that follow the text size, labels, colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QWidget

from companion.i18n import format_number, ngettext

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


def _points(score: int) -> str:
    return ngettext("{n} point", "{n} points", score).format(n=format_number(score))
