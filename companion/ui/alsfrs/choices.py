"""A large answer button: BigRadio and BigCheck, the width of the page, easy to hit and to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton, QSizePolicy, QWidget

from companion.i18n import _
from companion.ui.alsfrs.common import _FOCUS, _is_dark
from companion.ui.widgets import named

# For the type checker the mixin is the button it is mixed into; at run time it is a plain class,
# before QRadioButton or QCheckBox in the bases of BigRadio and BigCheck.
if TYPE_CHECKING:
    _Button = QAbstractButton
else:
    _Button = object


class _BigChoice(_Button):
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
        super().changeEvent(event)

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
