"""The app follows the system's colour scheme: under a dark desktop theme everything is dark and
readable (cards, banners, buttons, tables, the calendar popup), and it switches while the app runs.
High contrast, chosen explicitly, stays black on white. Readability is measured on real rendered
pixels: the WCAG contrast ratio between a widget's text and its background.

The offscreen platform, used by the test run, cannot switch the colour scheme
(QStyleHints.setColorScheme does nothing there), so the dark-mode tests skip in that run and
test_system_scheme_on_a_real_display runs them again under Xvfb, on the xcb platform with the GNOME
platform theme, where Qt really switches the scheme and emits colorSchemeChanged.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from companion.ui.style import apply_style
from companion.ui.widgets import DateField

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_DISPLAY_RUN = "COMPANION_STYLE_DISPLAY_RUN"
CARDS = [
    ("statusCard", None),
    ("statusCard", "calm"),
    ("statusCard", "attention"),
    ("statusCard", "alert"),
    ("redFlag", None),
    ("checkin", None),
    ("reminder", None),
    ("messageBar", None),
]


# --- measuring rendered pixels -------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def region_colours(image: QImage, widget: QWidget, root: QWidget, inset: int = 0) -> tuple[QColor, QColor]:
    """(background, text) of ``widget`` as drawn in ``image`` (a grab of ``root``): the background
    is the most common colour of its area, the text the colour that contrasts most with it
    (anti-aliasing only lowers contrast, so the strongest pixel is the text's own colour)."""
    ratio = image.devicePixelRatio()
    top_left = widget.mapTo(root, QPoint(0, 0))
    x0, y0 = int((top_left.x() + inset) * ratio), int((top_left.y() + inset) * ratio)
    x1 = int((top_left.x() + widget.width() - inset) * ratio)
    y1 = int((top_left.y() + widget.height() - inset) * ratio)
    xs, ys = range(x0, min(x1, image.width())), range(y0, min(y1, image.height()))
    counts = collections.Counter(image.pixel(x, y) for x in xs for y in ys)
    assert counts, f"{widget!r} is not inside the grab"
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    text = max((QColor.fromRgb(rgb) for rgb in counts), key=lambda c: contrast(c, background))
    return background, text


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def save_for_eyes(image: QImage, name: str) -> None:
    """With COMPANION_STYLE_SHOTS=folder set, keep the grabs to look at."""
    folder = os.environ.get("COMPANION_STYLE_SHOTS")
    if folder:
        image.save(str(Path(folder) / f"{name}.png"))


# --- a window with every kind of styled text -------------------------------------------------------


class Sample(QWidget):
    """A label, a button, and a label inside each card and banner of the app's style sheet."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        self.title = QLabel("Hxg title")
        self.title.setObjectName("screenTitle")
        self.label = QLabel("Hxg plain label")
        self.button = QPushButton("Hxg button")
        self.other_button = QPushButton("Hxg other")
        for widget in (self.title, self.label, self.button, self.other_button):
            layout.addWidget(widget)
        self.cards: list[tuple[QFrame, list[QLabel]]] = []
        for name, tone in CARDS:
            frame = QFrame()
            frame.setObjectName(name)
            if tone:
                frame.setProperty("tone", tone)
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(16, 12, 16, 12)
            labels = [QLabel(f"Hxg {name} {tone or ''}")]
            if name == "redFlag":
                heading = QLabel("Hxg red flag title")
                heading.setObjectName("redFlagTitle")
                labels.append(heading)
            for label in labels:
                inner.addWidget(label)
            layout.addWidget(frame)
            self.cards.append((frame, labels))

    def readings(self) -> dict[str, tuple[QColor, QColor]]:
        """name -> (background, text) for every piece of text."""
        image = grab(self)
        found = {
            "window": region_colours(image, self.label, self),
            "title": region_colours(image, self.title, self),
            # The other button: the first one may hold the keyboard focus, drawn in its own colours.
            "button": region_colours(image, self.other_button, self, inset=5),
        }
        for frame, labels in self.cards:
            for label in labels:
                found[f"{label.text()} in {frame.objectName()}"] = region_colours(image, label, self)
        return found

    def red_flag_border(self) -> QColor:
        frame = next(frame for frame, _labels in self.cards if frame.objectName() == "redFlag")
        image = grab(self)
        point = frame.mapTo(self, QPoint(1, frame.height() // 2)) * image.devicePixelRatio()
        return QColor.fromRgb(image.pixel(point))


@pytest.fixture
def sample(qtbot):
    widget = Sample()
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    apply_style(QApplication.instance(), 100, False)


@pytest.fixture
def dark(qapp):
    """The system's scheme set to Dark, as a desktop would; skips where the platform cannot."""
    hints = qapp.styleHints()
    hints.setColorScheme(Qt.ColorScheme.Dark)
    qapp.processEvents()
    if hints.colorScheme() != Qt.ColorScheme.Dark:
        hints.setColorScheme(Qt.ColorScheme.Unknown)
        pytest.skip(
            "the platform cannot switch the colour scheme: test_system_scheme_on_a_real_display runs it"
        )
    yield hints
    hints.setColorScheme(Qt.ColorScheme.Unknown)
    qapp.processEvents()
    apply_style(qapp, 100, False)


def is_dark(colour: QColor) -> bool:
    return luminance(colour) < 0.08


def assert_readable(readings: dict[str, tuple[QColor, QColor]]) -> None:
    for name, (background, text) in readings.items():
        ratio = contrast(background, text)
        assert ratio >= 4.5, f"{name}: {text.name()} on {background.name()} has contrast {ratio:.2f}"


# --- light and high contrast: every platform ---------------------------------------------------------


def test_light_scheme_text_is_readable_on_light_backgrounds(qapp, sample):
    apply_style(qapp)
    readings = sample.readings()
    save_for_eyes(grab(sample), "light")
    assert_readable(readings)
    for name, (background, _text) in readings.items():
        assert luminance(background) > 0.6, f"{name} is not light: {background.name()}"


def assert_black_on_white(readings: dict[str, tuple[QColor, QColor]]) -> None:
    for name, (background, text) in readings.items():
        assert background.name() == "#ffffff", name
        assert luminance(text) <= luminance(QColor("#111111")), f"{name}: {text.name()}"


def test_high_contrast_is_black_on_white(qapp, sample):
    apply_style(qapp, 100, True)
    assert_black_on_white(sample.readings())


# --- dark: needs a platform that can switch the scheme --------------------------------------------


def test_dark_scheme_makes_every_card_dark_and_readable(qapp, dark, sample):
    apply_style(qapp)
    readings = sample.readings()
    save_for_eyes(grab(sample), "dark")
    assert_readable(readings)
    for name, (background, _text) in readings.items():
        assert is_dark(background), f"{name} stays light in dark mode: {background.name()}"
    border = sample.red_flag_border()
    assert border.red() > 200 and border.green() < 120 and border.blue() < 130, border.name()
    tones = {
        frame.property("tone"): region_colours(grab(sample), frame, sample, inset=6)[0].name()
        for frame, _labels in sample.cards
        if frame.objectName() == "statusCard"
    }
    assert len(set(tones.values())) == 4, tones  # calm, attention and alert still look different


def test_dark_scheme_focus_ring_is_visible(qapp, dark, sample, qtbot):
    apply_style(qapp)
    sample.activateWindow()
    sample.button.setFocus()
    qtbot.waitUntil(sample.button.hasFocus)
    image = grab(sample)
    window = region_colours(image, sample.label, sample)[0]

    def edge(button: QPushButton) -> QColor:
        point = button.mapTo(sample, QPoint(button.width() // 2, 1)) * image.devicePixelRatio()
        return QColor.fromRgb(image.pixel(point))

    focused, unfocused = edge(sample.button), edge(sample.other_button)
    assert focused != unfocused
    assert contrast(focused, window) >= 3, f"focus ring {focused.name()} on {window.name()}"
    assert (
        region_colours(image, sample.button, sample, 5)[0]
        != region_colours(image, sample.other_button, sample, 5)[0]
    )


def test_dark_high_contrast_still_wins(qapp, dark, sample):
    apply_style(qapp, 100, True)
    assert_black_on_white(sample.readings())


def test_dark_follows_the_system_while_the_app_runs(qapp, dark, sample):
    dark.setColorScheme(Qt.ColorScheme.Unknown)
    qapp.processEvents()
    signal = SIGNAL("colorSchemeChanged(Qt::ColorScheme)")
    apply_style(qapp, 150, False)
    connections = dark.receivers(signal)
    apply_style(qapp, 150, False)
    assert dark.receivers(signal) == connections  # connected once
    assert not is_dark(sample.readings()["window"][0])

    dark.setColorScheme(Qt.ColorScheme.Dark)  # no apply_style call from here on
    qapp.processEvents()
    readings = sample.readings()
    assert is_dark(readings["window"][0]) and is_dark(readings["button"][0])
    assert_readable(readings)
    assert qapp.font().pointSizeF() == 18  # the same text size as before the switch

    dark.setColorScheme(Qt.ColorScheme.Unknown)
    qapp.processEvents()
    assert not is_dark(sample.readings()["window"][0])
    assert qapp.font().pointSizeF() == 18


def test_dark_text_size_still_applies(qapp, dark, sample):
    apply_style(qapp, 150)
    assert qapp.font().pointSizeF() == 18
    sample.title.ensurePolished()
    assert sample.title.font().pointSize() == 30  # 20 pt in the sheet, scaled
    readings = sample.readings()
    assert is_dark(readings["window"][0])
    assert_readable(readings)


def test_dark_calendar_popup_and_table_are_readable(qapp, dark, qtbot):
    apply_style(qapp)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    field = DateField(dt.date(2026, 6, 15), "Hxg date")
    model = QStandardItemModel(4, 3)
    for row in range(4):
        for column in range(3):
            model.setItem(row, column, QStandardItem(f"Hxg {row}{column}"))
    model.setHorizontalHeaderLabels(["Hxg a", "Hxg b", "Hxg c"])
    table = QTableView()
    table.setModel(model)
    layout.addWidget(field)
    layout.addWidget(table)
    holder.resize(500, 400)
    holder.show()
    qtbot.waitExposed(holder)

    image = grab(table.viewport())
    save_for_eyes(image, "dark_table")
    index = model.index(1, 1)  # not the current cell: plain text on the view's base
    cell = table.visualRect(index)
    counts = collections.Counter(
        image.pixel(x, y)
        for x in range(cell.left() + 1, cell.right())
        for y in range(cell.top() + 1, cell.bottom())
    )
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    text = max((QColor.fromRgb(rgb) for rgb in counts), key=lambda c: contrast(c, background))
    assert is_dark(background) and contrast(background, text) >= 4.5, (background.name(), text.name())
    header = table.horizontalHeader()
    header_background, header_text = region_colours(grab(header), header, header, inset=2)
    assert luminance(header_background) < 0.2 and contrast(header_background, header_text) >= 4.5

    arrow = QPoint(field.width() - 8, field.height() // 2)  # the pop-up button at the right
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, arrow)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    popup = calendar.window()
    qtbot.waitExposed(popup)
    image = grab(calendar)
    save_for_eyes(image, "dark_calendar")
    background, text = region_colours(image, calendar, calendar)
    assert is_dark(background), background.name()
    assert contrast(background, text) >= 4.5
    # The month and year bar at the top: readable too.
    bar = calendar.findChild(QWidget, "qt_calendar_navigationbar")
    bar_background, bar_text = region_colours(image, bar, calendar, inset=2)
    assert contrast(bar_background, bar_text) >= 4.5, (bar_background.name(), bar_text.name())
    popup.hide()


def test_dark_visit_screen_header_and_care_team_note_are_dark_and_readable(qapp, dark, qtbot, data_dir):
    """The visit screen had its own light table header and care-team note: glaring in a dark
    window. Both follow the scheme now, readable."""
    from PySide6.QtWidgets import QHeaderView

    from companion.services import PatientRecords
    from companion.ui.session import PatientSession
    from companion.ui.visit.screen import MEDICINES, VisitNotesScreen

    apply_style(qapp)
    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 6, 15))
    screen = VisitNotesScreen(PatientSession(records))
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show_section(MEDICINES)
    screen.show()
    qtbot.waitExposed(screen)
    note = screen.findChild(QFrame, "careTeamNote")
    header = next(
        h
        for h in screen.findChildren(QHeaderView)
        if h.isVisible() and h.orientation() == Qt.Orientation.Horizontal
    )
    image = grab(screen)
    save_for_eyes(image, "dark_visit_medicines")
    readings = {
        "care-team note": region_colours(image, screen.care_team_note, screen),
        "table header": region_colours(image, header, screen, inset=2),
    }
    for name, (background, _text) in readings.items():
        assert is_dark(background), f"{name}: {background.name()}"
    assert_readable(readings)
    assert note.isVisible()
    records.close()


# --- the dark tests, for real -----------------------------------------------------------------------


@pytest.mark.slow
def test_system_scheme_on_a_real_display():
    """Runs this file's dark tests where Qt can really switch the colour scheme: an X server
    (Xvfb), the xcb platform and the GNOME platform theme. None of them may skip there."""
    if os.environ.get(IN_DISPLAY_RUN):
        pytest.skip("already inside the display run")
    if not (shutil.which("xvfb-run") and shutil.which("dbus-run-session")):
        pytest.skip("needs xvfb-run and dbus-run-session")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORMTHEME="gnome", **{IN_DISPLAY_RUN: "1"})
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
        "dbus-run-session", "--",
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", "-k", "dark",
        # The GNOME theme's complaints about the missing desktop portal are not the app's.
        "-o", "qt_log_ignore=^dbus (connection failed|reply error)",
        __file__,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "skipped" not in output, output
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 6, output  # every test that needs the dark scheme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diary_rows_with_a_warning_sign_are_readable_in_light_and_dark(qapp, data_dir, scheme):
    from companion.core.models import DiaryEntry
    from companion.services import PatientRecords
    from companion.ui.diary_model import DiaryTableModel
    from companion.ui.style import dark_palette, light_palette

    records = PatientRecords.open(data_dir, today=lambda: dt.date(2026, 6, 15))
    records.diary.add(
        DiaryEntry(at=dt.datetime(2026, 6, 15, 9).astimezone(), symptoms={"breathing_difficulty": 3})
    )
    model = DiaryTableModel(records.diary)
    model.reload()
    previous = qapp.palette()
    qapp.setPalette(dark_palette() if scheme == "dark" else light_palette())
    try:
        index = model.index(0, 0)
        background = model.data(index, Qt.ItemDataRole.BackgroundRole)
        text = model.data(index, Qt.ItemDataRole.ForegroundRole)
        assert background is not None, "the row is marked"
        assert contrast(background, text) >= 4.5
        window_is_dark = luminance(qapp.palette().color(qapp.palette().ColorRole.Base)) < 0.2
        assert (luminance(background) < 0.2) == window_is_dark, "the mark fits the window's scheme"
    finally:
        qapp.setPalette(previous)
        records.close()


def test_check_boxes_and_radio_buttons_grow_with_the_text(qtbot, qapp):
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle, QStyleOptionButton

    def indicator_width(widget) -> int:
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        element = (
            QStyle.SubElement.SE_CheckBoxIndicator
            if isinstance(widget, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonIndicator
        )
        return widget.style().subElementRect(element, option, widget).width()

    sizes = {}
    try:
        for percent in (100, 200):
            apply_style(qapp, percent, False)
            box, radio = QCheckBox("Known"), QRadioButton("Active")
            for widget in (box, radio):
                qtbot.addWidget(widget)
                widget.show()
            sizes[percent] = (indicator_width(box), indicator_width(radio))
    finally:
        apply_style(qapp, 100, False)
    assert sizes[200][0] >= 2 * sizes[100][0] - 1 and sizes[200][1] >= 2 * sizes[100][1] - 1, sizes
    assert sizes[100][0] >= 14, sizes


def test_the_app_starts_in_the_fusion_style_whatever_the_desktop_asks():
    """The style is chosen when the application is made (not set afterwards, which is slower):
    still Fusion, even where the desktop asks Qt for another one."""
    code = "from companion.ui.app import _application; print(_application().style().name())"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_STYLE_OVERRIDE="Windows")
    env["PYTHONPATH"] = str(REPO_ROOT)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().lower() == "fusion", result.stderr


@pytest.mark.parametrize("language", ["en", "de"])
def test_in_high_contrast_the_warning_banner_is_marked_by_an_icon_and_a_heading(
    qtbot, data_dir, monkeypatch, language
):
    """High contrast takes the red away; the banner still says it is a warning: a warning icon and
    the heading "Warning sign: …", and a double border unlike any card (WCAG 1.4.1)."""
    from PySide6.QtWidgets import QApplication

    from companion import i18n
    from companion.core.models import DiaryEntry
    from companion.ui.app import create_window
    from companion.ui.style import apply_style

    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    i18n.set_language(language)
    try:
        win = create_window(data_dir)
        qtbot.addWidget(win)
        panel = win.home.setup_panel
        panel.date.set_date(dt.date(2026, 6, 1))
        panel.save_button.click()
        win.session.add_entry(
            DiaryEntry(
                at=dt.datetime(2026, 6, 15, 9).astimezone(), symptoms={"vision_changes": 3, "headache": 3}
            )
        )
        apply_style(QApplication.instance(), 100, True)
        win.show()
        qtbot.waitExposed(win)
        [banner] = win.home.banners
        assert banner.icon.isVisible() and not banner.icon.pixmap().isNull()
        assert banner.icon.accessibleName() == i18n._("Warning")
        heading = i18n._("Warning sign: {title}").split("{")[0]
        assert banner.title.text().startswith(heading)
        assert "QFrame#redFlag { border: 6px double" in QApplication.instance().styleSheet()
    finally:
        apply_style(QApplication.instance(), 100, False)
        i18n.set_language("en")
