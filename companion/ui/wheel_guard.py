"""The mouse wheel changes a value only in the field that has the keyboard focus (issue 15).

Qt turns a combo box, a spin box, a date or time field or a slider whenever the wheel turns over it,
focused or not: scrolling down the diary form set "Pain where the needle went in" to severe, and
scrolling Settings changed the text size. One application-wide event filter stops that:

- a wheel event over such a field without the focus goes to the scroll area around it instead, so
  the page or the form scrolls as the user meant;
- every such field is polished to "strong focus" (Tab and click) instead of Qt's "wheel focus", so
  that the wheel never gives it the focus either.

With the focus (reached by Tab or a click), the wheel still changes the field, as Qt has it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish
_WHEEL_FOCUS = Qt.FocusPolicy.WheelFocus
_STRONG_FOCUS = Qt.FocusPolicy.StrongFocus
# The fields whose value the wheel turns. A scroll bar is a slider too, but scrolling is its job.
_VALUE_FIELDS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _value_field(widget: QWidget) -> QWidget | None:
    """The field ``widget`` belongs to (itself, or e.g. the spin box whose text part it is), within
    its window: a combo box's open list is a window of its own, and scrolls as a list."""
    while widget is not None:
        if isinstance(widget, _VALUE_FIELDS) and not isinstance(widget, QScrollBar):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _has_focus(field: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is field or field.isAncestorOf(focused))


def _scroll(field: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the nearest scroll area around ``field`` that can still move that way (a
    form inside a page: the form first, then the page)."""
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            forwarded = QWheelEvent(
                viewport.mapFromGlobal(event.globalPosition()),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
            )
            forwarded.ignore()
            QApplication.sendEvent(viewport, forwarded)
            if forwarded.isAccepted():
                return
        if parent.isWindow():
            return
        parent = parent.parentWidget()


class WheelGuard(QObject):
    """The application-wide filter; install it once with ``install_wheel_guard``."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            if not isinstance(watched, QWidget):
                return False
            field = _value_field(watched)
            if field is None or _has_focus(field):
                return False
            _scroll(field, event)
            event.accept()  # taken: Qt passes it to no one else, the field included
            return True
        if kind == _POLISH and isinstance(watched, QWidget) and watched.focusPolicy() == _WHEEL_FOCUS:
            watched.setFocusPolicy(_STRONG_FOCUS)
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` (once: a second call returns the first guard)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard
