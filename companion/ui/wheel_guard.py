"""The mouse wheel changes a value only in the field that has the keyboard focus (issue 15).

Qt turns a combo box, a spin box, a date or time field or a slider whenever the wheel turns over it,
focused or not: scrolling down the diary form set "Pain where the needle went in" to severe, and
scrolling Settings changed the text size. The guard, installed once on the application, stops that:

- the wheel over such a field without the keyboard focus scrolls the scroll area around it (the
  form, then the page), as the user meant, and leaves the field as it was;
- with the focus (reached by Tab or a click), the wheel still changes the field, as Qt has it;
- such a field takes the focus by Tab and click only ("strong focus"), never from the wheel.

Where it listens: every wheel event comes to the application as an event of a top-level window,
which passes it on to the widget under the pointer. The guard filters the events of those windows
(it watches each window as it is shown or focused), not of every widget: an application-wide event
filter in Python would run for every event of every widget, and made the window open 15 % slower
and the diary form nearly twice as slow (PySide6 6.12).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent, QWindow
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

_WATCHED = "companionWheelGuard"  # a window property: the guard filters this window's events
# The fields whose value the wheel turns. A scroll bar is a slider too, but scrolling is its job.
_VALUE_FIELDS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _value_field(widget: QWidget | None) -> QWidget | None:
    """The field ``widget`` belongs to (itself, or e.g. the spin box whose text part it is), within
    its window: a combo box's open list is a window of its own, and scrolls as a list."""
    while widget is not None:
        if isinstance(widget, _VALUE_FIELDS) and not isinstance(widget, QScrollBar):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _strong_focus(field: QWidget) -> None:
    if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _has_focus(field: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is field or field.isAncestorOf(focused))


def _wheel_for(widget: QWidget, event: QWheelEvent) -> QWheelEvent:
    """``event`` again, at the same place on the screen, for ``widget``."""
    where = QPointF(widget.mapFromGlobal(event.globalPosition().toPoint()))
    copy = QWheelEvent(
        where,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    copy.ignore()
    return copy


def _scroll(field: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the nearest scroll area around ``field`` that can still move that way (a
    form inside a page: the form first, then the page)."""
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            forwarded = _wheel_for(viewport, event)
            QApplication.sendEvent(viewport, forwarded)
            if forwarded.isAccepted():
                return
        if parent.isWindow():
            return
        parent = parent.parentWidget()


def _top_level_widget(window: QWindow) -> QWidget | None:
    """The widget a top-level window shows (looked up by the window's id: no walk over widgets)."""
    if not window.isVisible():
        return None  # asking a hidden window for its id could make it a native window
    widget = QWidget.find(window.winId())
    return widget if widget is not None and widget.windowHandle() is window else None


class WheelGuard(QObject):
    """Filters the wheel events of the application's windows; see the module's text."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        app.focusWindowChanged.connect(self._focus_window_changed)

    def _focus_window_changed(self, _window: QWindow | None) -> None:
        # Every window, not only the focused one: a window shown behind another still gets the
        # wheel when the pointer is over it.
        for window in QGuiApplication.topLevelWindows():
            if not window.property(_WATCHED):
                self.watch_window(window, _top_level_widget(window))

    def watch_window(self, window: QWindow, root: QWidget | None = None) -> None:
        """Filter ``window``'s events (once); with ``root``, its widget, give the fields already in
        it strong focus (fields added later get it at the first wheel over them)."""
        if window.property(_WATCHED):
            return
        window.setProperty(_WATCHED, True)
        window.installEventFilter(self)
        if root is not None:
            for kind in _VALUE_FIELDS:
                for field in root.findChildren(kind):
                    _strong_focus(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not isinstance(watched, QWindow):
            return False
        if QApplication.activePopupWidget() is not None:
            return False  # an open list or calendar takes the wheel, as Qt has it
        root = _top_level_widget(watched)
        if root is None:
            return False
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not root:
            return False  # a window behind a dialog gets no wheel: Qt keeps it from it
        under = root.childAt(event.position().toPoint())
        field = _value_field(under)
        if field is None:
            return False
        _strong_focus(field)  # built after the window was first watched (a page, a form row)
        if _has_focus(field):
            QApplication.sendEvent(field, _wheel_for(field, event))
        else:
            _scroll(field, event)
        event.accept()  # taken: Qt passes it to no one else
        return True


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` (once: a second call returns the first guard)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
    return guard


def guard_window(widget: QWidget) -> None:
    """Watch ``widget``'s window from the moment it is shown, whether or not it gets the focus (a
    window opened behind another, or while another program has the focus)."""
    app = QApplication.instance()
    guard = app.findChild(WheelGuard) if isinstance(app, QApplication) else None
    top = widget.window()
    window = top.windowHandle()
    if guard is not None and window is not None:
        guard.watch_window(window, top)
