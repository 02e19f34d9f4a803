"""The mouse wheel never changes a value under the pointer (issue 15): a combo box, a spin box, a date
or time field, the diary form's severities, the text size in Settings change only when they have the
keyboard focus. Without it, the wheel scrolls the page or the form around them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.ui.app import create_window
from companion.ui.dialogs.entry import EntryDialog
from companion.ui.dialogs.profile import ProfileDialog
from companion.ui.main_window import ALSFRS
from companion.ui.wheel_guard import WheelGuard

NOTCH = 120  # one step of a mouse wheel, in eighths of a degree


def wheel(widget: QWidget, notches: int = -1) -> None:
    """Turn the wheel over the middle of ``widget`` (negative: towards the user, i.e. scroll down).

    As a real wheel does: the event goes to the widget's top-level window, which passes it on to
    the widget under the pointer."""
    top = widget.window()
    where = QPointF(widget.mapTo(top, widget.rect().center()))
    event = QWheelEvent(
        where,
        QPointF(top.mapToGlobal(where.toPoint())),
        QPoint(0, 0),
        QPoint(0, notches * NOTCH),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(top.windowHandle(), event)


def enclosing_scroll_area(widget: QWidget) -> QAbstractScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def show_active(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus())


class Page(QWidget):
    """A tall page in a scroll area: a text field first (it has the focus), then the field under
    test, then enough room below for the page to scroll."""

    def __init__(self, field: QWidget):
        super().__init__()
        self.resize(400, 300)
        outer = QVBoxLayout(self)
        content = QWidget()
        column = QVBoxLayout(content)
        self.other = QLineEdit()
        column.addWidget(self.other)
        column.addWidget(field)
        column.addSpacing(2000)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(content)
        outer.addWidget(self.area)


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["no", "mild", "moderate", "severe"])
    return combo


def _spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 14)
    spin.setValue(7)
    return spin


def _date() -> QDateEdit:
    return QDateEdit(dt.date(2026, 6, 15))


def _time() -> QTimeEdit:
    return QTimeEdit(dt.time(10, 30))


def _value(field: QWidget):
    if isinstance(field, QComboBox):
        return field.currentIndex()
    if isinstance(field, QSpinBox):
        return field.value()
    if isinstance(field, QDateEdit):
        return field.date()
    return field.time()


FIELDS = [_combo, _spin, _date, _time]


@pytest.mark.parametrize("make", FIELDS, ids=lambda f: f.__name__.strip("_"))
def test_without_focus_the_wheel_scrolls_the_page_and_changes_nothing(qtbot, make):
    field = make()
    page = Page(field)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    focus(qtbot, page.other)
    before = _value(field)
    bar = page.area.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0

    wheel(field)

    assert _value(field) == before, "the wheel changed a field that did not have the focus"
    assert bar.value() > 0, "the page under the field did not scroll"
    assert not field.hasFocus(), "the wheel gave the field the focus"


@pytest.mark.parametrize("make", FIELDS, ids=lambda f: f.__name__.strip("_"))
def test_with_focus_the_wheel_still_changes_the_field(qtbot, make):
    field = make()
    page = Page(field)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    focus(qtbot, field)
    if isinstance(field, QComboBox):
        field.setCurrentIndex(1)
    before = _value(field)
    bar = page.area.verticalScrollBar()

    wheel(field, notches=1)  # up: a combo box goes to the item before, a number goes up

    assert _value(field) != before
    assert bar.value() == 0, "the page scrolled as well as the field changed"


def test_no_control_takes_the_focus_from_the_wheel(qtbot):
    """Qt gives the focus to a control with the "wheel focus" policy when the wheel turns over it;
    the app polishes every control to "strong focus" (Tab and click) instead."""
    page = Page(_combo())
    extra = [_spin(), _date(), _time()]
    for field in extra:
        page.area.widget().layout().addWidget(field)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    for field in page.findChildren(QWidget):
        assert field.focusPolicy() != Qt.FocusPolicy.WheelFocus, type(field).__name__
    for field in [*page.findChildren(QComboBox), *extra]:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, type(field).__name__


@pytest.fixture
def window(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.resize(1180, 800)
    show_active(qtbot, win)
    panel = win.home.setup_panel
    panel.date.set_date(dt.date(2026, 6, 12))
    panel.save_button.click()
    return win


def test_the_wheel_over_a_severity_scrolls_the_diary_form(window, qtbot):
    dialog = EntryDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    dialog.resize(dialog.width(), 500)  # the form is taller than the dialog: it scrolls
    qtbot.waitUntil(lambda: dialog.form_scroll.verticalScrollBar().maximum() > 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date)
    pain = dialog.severity["injection_site_pain"]
    dialog.form_scroll.ensureWidgetVisible(pain)
    bar = dialog.form_scroll.verticalScrollBar()
    start = bar.value()

    for _ in range(3):
        wheel(pain)

    assert pain.currentData() == 0, "scrolling the form chose a severity"
    assert bar.value() > start
    assert dialog.entry().symptoms == {}

    focus(qtbot, pain)
    wheel(pain)  # with the focus, the wheel is one way to choose
    assert pain.currentData() == 1


def test_the_wheel_over_the_text_size_in_settings_keeps_it(window, qtbot):
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    dialog.resize(dialog.width(), 420)
    qtbot.waitUntil(lambda: dialog.form_scroll.verticalScrollBar().maximum() > 0)
    focus(qtbot, dialog.display_name)
    dialog.form_scroll.ensureWidgetVisible(dialog.text_size)
    bar = dialog.form_scroll.verticalScrollBar()
    start = bar.value()
    assert dialog.text_size.currentData() == 100

    for _ in range(3):
        wheel(dialog.text_size)

    assert dialog.text_size.currentData() == 100, "scrolling Settings changed the text size"
    assert bar.value() > start
    assert enclosing_scroll_area(dialog.text_size) is dialog.form_scroll


def test_the_wheel_over_the_alsfrs_period_scrolls_the_screen(window, qtbot):
    window.resize(1000, 660)
    window.show_page(ALSFRS)
    screen = window.alsfrs
    focus(qtbot, screen.rate_button)
    period = screen.period
    before = period.currentIndex()
    area = enclosing_scroll_area(period)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)

    wheel(period)

    assert period.currentIndex() == before
    assert area.verticalScrollBar().value() > 0


@pytest.fixture
def focus_changes_unwatched(qapp):
    """The guard as if no window ever got the focus (a window opened behind another program's,
    or at login): the main window and the dialogs must watch themselves when shown."""
    guard = qapp.findChild(WheelGuard)
    qapp.focusWindowChanged.disconnect(guard._focus_window_changed)
    yield
    qapp.focusWindowChanged.connect(guard._focus_window_changed)


def test_a_window_never_focused_is_guarded_too(qtbot, data_dir, monkeypatch, focus_changes_unwatched):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.resize(1180, 800)
    win.show()
    qtbot.waitExposed(win)
    panel = win.home.setup_panel
    panel.save_button.setFocus()
    which = panel.which
    before = which.currentIndex()
    wheel(which)
    assert which.currentIndex() == before

    dialog = ProfileDialog(win.session, parent=win)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.display_name.setFocus()
    wheel(dialog.text_size)
    assert dialog.text_size.currentData() == 100
