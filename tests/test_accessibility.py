"""Usable with weak hands and tired eyes: keyboard alone, names for screen readers, big targets,
text up to 200 % without clipping. Walked over every screen with real widgets."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from item_views import elided_items
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTextBrowser,
    QWidget,
)

from companion import i18n
from companion.core.models import AlsfrsRating, Appointment, DiaryEntry, DoseRecord, Question
from companion.ui.app import create_window, install_translators
from companion.ui.main_window import PAGE_COUNT
from companion.ui.style import apply_style

INTERACTIVE = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextBrowser,
)


@pytest.fixture
def window(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.resize(1180, 800)
    win.show()
    qtbot.waitExposed(win)
    panel = win.home.setup_panel
    panel.date.set_date(dt.date(2026, 6, 1))
    panel.team_phone.setText("0123")
    panel.team_out_of_hours.setText("0456")
    panel.save_button.click()
    session = win.session
    session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 15), place="Day unit"))
    session.book_appointment(Appointment(on=dt.date(2026, 6, 29)))
    session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9).astimezone(), symptoms={"fatigue": 1}))
    session.records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 6, 10), scores=(4,) * 12))
    session.records.visit.add_question(Question(text="Holiday?", created_on=dt.date(2026, 6, 14)))
    yield win
    apply_style(QApplication.instance(), 100, False)


def controls(root: QWidget) -> list[QWidget]:
    """Visible, enabled controls a keyboard user must reach."""
    found = []
    for kind in INTERACTIVE:
        for widget in root.findChildren(kind):
            if not (widget.isVisible() and widget.isEnabled()):
                continue
            if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the editor inside a combo box or date field: the field itself counts
            if isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked():
                continue  # in a group of choices, Tab reaches the chosen one; arrows move between them
            group = widget.group() if isinstance(widget, QAbstractButton) else None
            if group is not None and group.exclusive() and not widget.isChecked():
                continue  # likewise for a group of section buttons
            found.append(widget)
    return found


def owner(widget: QWidget | None) -> QWidget | None:
    while widget is not None and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
        widget = widget.parent()
    return widget


@pytest.mark.parametrize("page", range(PAGE_COUNT))
def test_tab_alone_reaches_every_control_on_each_screen(window, qtbot, page):
    window.show_page(page)
    window.activateWindow()
    targets = controls(window.pages.currentWidget()) + controls(window.centralWidget())
    targets = list(dict.fromkeys(targets))
    window.home_nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    reached = set()
    for _ in range(4 * len(targets) + 40):
        reached.add(owner(QApplication.focusWidget()))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    missing = [w.accessibleName() or type(w).__name__ for w in targets if w not in reached]
    assert not missing, f"not reachable by Tab: {missing}"


@pytest.mark.parametrize("page", range(PAGE_COUNT))
def test_every_control_has_a_name_and_buttons_are_44_px(window, page):
    window.show_page(page)
    unnamed, small = [], []
    for widget in controls(window):
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name.replace("&", "").strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
        if isinstance(widget, QPushButton) and widget.height() < 44:
            small.append(f"{widget.text()} ({widget.height()} px)")
    assert not unnamed, f"controls without an accessible name: {unnamed}"
    assert not small, f"buttons under 44 px: {small}"


@pytest.mark.parametrize("page", range(PAGE_COUNT))
def test_at_200_percent_no_label_is_clipped(window, qtbot, page):
    window.apply_look()
    apply_style(QApplication.instance(), 200, False)
    window.show_page(page)
    qtbot.wait(50)  # let the layouts settle after the font change
    clipped = []
    for label in window.pages.currentWidget().findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if need > label.height() + 2:
            clipped.append(f"{label.text()[:40]!r} needs {need} px, has {label.height()}")
        if not label.wordWrap() and label.sizeHint().width() > label.width() + 2:
            clipped.append(
                f"{label.text()[:40]!r} needs width {label.sizeHint().width()}, has {label.width()}"
            )
    assert not clipped, "clipped at 200 %:\n" + "\n".join(clipped[:15])


def test_text_size_and_high_contrast_are_settings_the_window_follows(window):
    profile = window.session.records.profile.get()
    window.session.save_profile(dataclasses.replace(profile, text_size=150, high_contrast=True))
    window.apply_look()
    assert QApplication.instance().font().pointSizeF() == pytest.approx(18.0)
    assert "#ffd400" in QApplication.instance().styleSheet()


# A 1280 x 800 screen less its panels: at 200 % text the window must still show everything,
# scrolling where it must.
SMALL_WINDOW = (1280, 720)
VISIBLE_KINDS = (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView)


def is_scrolled_content(parent: QWidget) -> bool:
    """True for the viewport of a scroll area: what it holds may be larger, the user scrolls to it."""
    area = parent.parentWidget()
    return isinstance(area, QAbstractScrollArea) and parent is area.viewport()


def layout_problems(root: QWidget, base_points: float) -> list[str]:
    """What a user would see cut off, squeezed or left small under ``root``."""
    problems = [
        f"{type(area.widget()).__name__} scrolls sideways"
        for area in root.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, VISIBLE_KINDS):
            continue
        if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a field
        text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
        what = f"{type(widget).__name__} {(text or widget.accessibleName())[:40]!r}"
        if (
            isinstance(widget, (QLabel, QAbstractButton, QComboBox))
            and widget.font().pointSizeF() < base_points
        ):
            problems.append(f"{what} is {widget.font().pointSizeF()} pt, not {base_points}")
        if isinstance(widget, QLabel) and widget.wordWrap():
            if text and widget.heightForWidth(widget.width()) > widget.height() + 2:
                problems.append(f"{what} needs {widget.heightForWidth(widget.width())} px high")
        elif isinstance(widget, (QLabel, QAbstractButton, QComboBox)) and (
            text or isinstance(widget, QComboBox)
        ):
            hint = widget.sizeHint()
            if hint.width() > widget.width() + 2 or hint.height() > widget.height() + 2:
                problems.append(
                    f"{what} needs {hint.width()}x{hint.height()}, has {widget.width()}x{widget.height()}"
                )
        if isinstance(widget, QTableView):
            rows = widget.viewport().height() / max(1, widget.verticalHeader().defaultSectionSize())
            if rows < 3:
                problems.append(f"{what} shows {rows:.1f} rows")
        if isinstance(widget, QAbstractItemView):
            problems += elided_items(widget)
        child, parent = widget, widget.parentWidget()
        while parent is not None and child is not root and not is_scrolled_content(parent):
            if not parent.rect().adjusted(-1, -1, 1, 1).contains(child.geometry()):
                problems.append(f"{what} is cut off by {type(parent).__name__} {parent.objectName()!r}")
                break
            child, parent = parent, parent.parentWidget()
    return problems


@pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
def test_at_200_percent_on_a_small_screen_every_screen_shows_everything(window, qtbot, language):
    if language != "en":
        i18n.set_language(language)
        install_translators(QApplication.instance(), language)
        folder = window.session.records.store.folder
        window.close()
        window._release()
        window = create_window(folder)
        qtbot.addWidget(window)
    window.session.save_profile(dataclasses.replace(window.session.records.profile.get(), text_size=200))
    window.apply_look()
    window.resize(*SMALL_WINDOW)
    window.show()
    qtbot.waitExposed(window)
    base = QApplication.instance().font().pointSizeF()
    assert base == pytest.approx(24.0)
    problems = []
    try:
        for page in range(PAGE_COUNT):
            window.show_page(page)
            qtbot.wait(30)  # let the layouts settle
            assert (window.width(), window.height()) == SMALL_WINDOW, "the window grew past the screen"
            problems += [f"page {page}: {p}" for p in layout_problems(window, base)]
    finally:
        install_translators(QApplication.instance(), "en")
    assert not problems, f"{len(problems)} problems at 200 %:\n" + "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("language", ["en", "de"])
def test_screen_readers_hear_each_table_s_column_headers_in_the_user_s_language(window, qtbot, language):
    from PySide6.QtGui import QAccessible

    i18n.set_language(language)
    folder = window.session.records.store.folder
    window.close()
    window._release()
    window = create_window(folder)
    qtbot.addWidget(window)
    window.show()
    QAccessible.setActive(True)
    try:
        heard = {}
        for page in range(PAGE_COUNT):
            window.show_page(page)
            for table in window.pages.currentWidget().findChildren(QTableView):
                if not table.isVisible():
                    continue
                tree = QAccessible.queryAccessibleInterface(table)
                headers = [
                    tree.child(i).text(QAccessible.Text.Name)
                    for i in range(tree.childCount())
                    if tree.child(i).role() == QAccessible.Role.ColumnHeader
                ]
                model = table.model()
                expected = [  # a spoken form where the model gives one (no line breaks)
                    model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
                    or model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                    for c in range(model.columnCount())
                ]
                assert headers == expected and all(headers), table.accessibleName()
                heard[table.accessibleName()] = headers
    finally:
        QAccessible.setActive(False)
    # The ALSFRS-R and measurement tables, headers in the language chosen.
    assert len(heard) >= 2, heard
    date = {"en": "Date", "de": "Datum"}[language]
    assert all(date in headers for headers in heard.values()), heard


@pytest.mark.parametrize("language", ["en", "de"])
def test_screen_readers_hear_each_card_whole_in_the_user_s_language(window, qtbot, language):
    """The diary and the injections history are lists of cards: a screen reader says the whole
    card (when, the words of every detail), not a cell without its column."""
    from PySide6.QtGui import QAccessible

    from companion.ui.cards import CardView

    i18n.set_language(language)
    folder = window.session.records.store.folder
    window.close()
    window._release()
    window = create_window(folder)
    qtbot.addWidget(window)
    window.show()
    QAccessible.setActive(True)
    heard = {}
    try:
        for page in range(PAGE_COUNT):
            window.show_page(page)
            for view in window.pages.currentWidget().findChildren(CardView):
                if not view.isVisible() or not view.model().rowCount():
                    continue
                tree = QAccessible.queryAccessibleInterface(view)
                names = [tree.child(i).text(QAccessible.Text.Name) for i in range(tree.childCount())]
                heard[view.accessibleName()] = names
    finally:
        QAccessible.setActive(False)
    assert set(heard) == {
        i18n._("Doses given"),
        i18n._("Appointments"),
        i18n._("Diary entries"),
    }, heard
    written_by = {"en": "Written by: ", "de": i18n._("Written by") + ": "}[language]
    assert any(written_by in name and "\n" in name for name in heard[i18n._("Diary entries")]), heard
    place = {"en": "Place: Day unit", "de": i18n._("Place") + ": Day unit"}[language]
    assert any(place in name for name in heard[i18n._("Doses given")]), heard


def test_the_large_text_walk_finds_text_cut_off_in_a_table(qtbot):
    """The walk above would have failed on the old diary table at 200 %: a cell cut to "June 1…"
    and a header cut to "fter dos"."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from companion.ui.widgets import record_table

    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["When", "After dose"])
    model.appendRow([QStandardItem("June 14, 2026, 9:30 AM"), QStandardItem("13 days after")])
    table = record_table(model, "Diary entries")
    qtbot.addWidget(table)
    table.horizontalHeader().setSectionResizeMode(table.horizontalHeader().ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(False)
    table.horizontalHeader().resizeSection(0, 300)
    table.horizontalHeader().resizeSection(1, 200)
    table.resize(560, 300)
    table.show()
    qtbot.waitExposed(table)
    assert elided_items(table) == []
    table.horizontalHeader().resizeSection(0, 60)
    table.horizontalHeader().resizeSection(1, 40)
    found = elided_items(table)
    assert any("'June 14, 2026" in p for p in found), found
    assert any("header 'After dose' cut" in p for p in found), found
