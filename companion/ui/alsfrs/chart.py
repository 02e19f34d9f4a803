"""The ALSFRS-R trend chart: the total over time, with the doses marked."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from companion.core import alsfrs as scale
from companion.i18n import _, format_date, format_number
from companion.ui.alsfrs.common import _FOCUS, _is_dark
from companion.ui.widgets import named


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
