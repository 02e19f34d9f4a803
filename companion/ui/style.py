"""The app's look: large targets, clear type, calm colours; the status card's tones.

The look follows the system's colour scheme: under a dark desktop theme the whole app is dark (a
dark palette and the dark variant of every rule of the style sheet), and it switches while the app
runs when the system does. High contrast, being chosen explicitly, wins over the system: always
black on white.
"""

from __future__ import annotations

import re
from typing import TypedDict

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 12
FUSION_SET = "companionFusion"  # an application property: True once the Fusion style is in use

STYLE_SHEET = """
QPushButton { min-height: 40px; padding: 2px 16px; border: 2px solid #7b838c; border-radius: 6px;
  background: #fbfbfc; color: #111111; }
QPushButton:hover { background: #eef3f7; }
QPushButton:pressed { background: #dde7ef; }
QPushButton:disabled { color: #7a7a7a; border-color: #c3c7cc; background: #f1f1f1; }
QPushButton:focus { border-color: #0b57d0; background: #e3eefc; }
QPushButton#primaryButton { font-weight: bold; border-color: #1f5f8b; }
QPushButton#navButton { text-align: left; padding: 8px 16px; min-height: 44px; min-width: 190px; }
QPushButton#navButton:checked { font-weight: bold; background: #1f5f8b; color: #ffffff;
  border-color: #1f5f8b; }
QPushButton#navButton:checked:focus { border-color: #0b57d0; background: #174a6d; }
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus, QPlainTextEdit:focus,
QTableView:focus, QListWidget:focus, QTimeEdit:focus { border: 2px solid #0b57d0; }
QRadioButton:focus, QCheckBox:focus { background: #e3eefc; }
QLabel#screenTitle { font-size: 20pt; font-weight: bold; }
QLabel#patientTitle { font-size: 17pt; font-weight: bold; }
QLabel#sectionTitle { font-size: 14pt; font-weight: bold; margin-top: 8px; }
QLabel#smallNote { color: #4a4f55; }
QLabel#errorLine { color: #a01010; font-weight: bold; }
QFrame#statusCard { border-radius: 12px; border: 2px solid #9aa5b1; background: #f4f6f8; }
QFrame#statusCard[tone="calm"] { border-color: #2e7d4f; background: #eef8f1; }
QFrame#statusCard[tone="attention"] { border-color: #b26a00; background: #fff6e5; }
QFrame#statusCard[tone="alert"] { border-color: #b00020; background: #fdecee; }
QFrame#statusCard QLabel { color: #111111; background: transparent; }
QLabel#cardCaption { font-size: 12pt; }
QLabel#cardDose { font-size: 14pt; font-weight: bold; }
QLabel#cardBig { font-size: 24pt; font-weight: bold; }
QLabel#cardDetail { font-size: 14pt; }
QFrame#redFlag { border-radius: 10px; border: 3px solid #b00020; background: #fdecee; }
QFrame#redFlag QLabel { color: #111111; background: transparent; }
QLabel#redFlagTitle { font-size: 15pt; font-weight: bold; color: #8a0018; }
QLabel#redFlagAction { font-size: 13pt; font-weight: bold; }
QFrame#checkin { border-radius: 10px; border: 2px solid #1f5f8b; background: #eaf2f8; }
QFrame#checkin QLabel { color: #111111; background: transparent; }
QFrame#reminder { border-radius: 10px; border: 2px solid #b26a00; background: #fff6e5; }
QFrame#reminder QLabel { color: #111111; background: transparent; font-size: 13pt; }
QFrame#messageBar { border-radius: 8px; border: 2px solid #1f5f8b; background: #eaf2f8; }
QFrame#messageBar QLabel { color: #111111; }
QPushButton#sectionButton { font-weight: bold; }
QPushButton#sectionButton:checked { background: #1f5f8b; color: #ffffff; border-color: #1f5f8b; }
QPushButton#sectionButton:checked:focus { background: #0b57d0; color: #ffffff; border: 3px solid #111111; }
QStackedWidget#visitPages { border: 2px solid #1f5f8b; border-radius: 6px; }
QFrame#careTeamNote { border-radius: 8px; border: 2px solid #1f5f8b; background: #eaf2f8; }
QFrame#careTeamNote QLabel { color: #111111; background: transparent; }
QWidget#visitNotesScreen QListView::item { padding: 6px; }
QWidget#visitNotesScreen QTableView::item { padding: 0px 8px; }
QWidget#visitNotesScreen QHeaderView::section { padding: 6px 8px; font-weight: bold; border: none;
  border-right: 1px solid #c3c7cc; border-bottom: 2px solid #7b838c; background: #f1f3f5; color: #111111; }
"""


HIGH_CONTRAST = """
QWidget { background: #ffffff; color: #000000; }
QPushButton, QPushButton#primaryButton, QPushButton#navButton { border: 3px solid #000000;
  background: #ffffff; color: #000000; }
QPushButton:focus, QPushButton#navButton:checked:focus { background: #ffd400; color: #000000;
  border: 3px solid #000000; }
QPushButton#navButton:checked { background: #000000; color: #ffffff; border-color: #000000; }
QPushButton:disabled { color: #555555; border-color: #555555; }
QLineEdit, QComboBox, QDateEdit, QSpinBox, QPlainTextEdit, QTableView, QListWidget, QTimeEdit,
QTextBrowser { border: 2px solid #000000; }
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus, QPlainTextEdit:focus,
QTableView:focus, QListWidget:focus, QTimeEdit:focus { border: 3px solid #000000; background: #fff7c2; }
QRadioButton:focus, QCheckBox:focus { background: #ffd400; }
QFrame#statusCard, QFrame#statusCard[tone="calm"], QFrame#statusCard[tone="attention"],
QFrame#checkin, QFrame#reminder, QFrame#messageBar, QFrame#careTeamNote {
  border: 3px solid #000000; background: #ffffff; }
QFrame#careTeamNote QLabel { color: #000000; }
QWidget#visitNotesScreen QHeaderView::section { border-right: 1px solid #000000;
  border-bottom: 2px solid #000000; background: #ffffff; color: #000000; }
QFrame#statusCard[tone="alert"] { border: 4px solid #000000; background: #ffffff; }
QFrame#redFlag { border: 6px double #000000; background: #ffffff; }
QLabel#smallNote, QLabel#redFlagTitle, QLabel#errorLine { color: #000000; }
"""

# Appended to STYLE_SHEET when the system is dark: the same rules, the same meanings (calm, attention
# and alert tones; the red-flag banner unmistakably red-bordered; a visible focus ring), on dark
# backgrounds. Every colour of STYLE_SHEET has its dark counterpart here, so no light card or button
# is left in a dark window. Text on every background reaches a contrast ratio of at least 4.5.
# Fusion outlines fields, check boxes and radio buttons in a shade of the window colour, which
# vanishes on a dark window: here they get light borders (non-text contrast of at least 3); not spin
# boxes and time fields, whose arrows a style-sheet border would hide. Styling an
# indicator replaces Fusion's drawing of it, so a ticked box is a filled box and a chosen radio button
# has a dot.
DARK = """
QPushButton { border-color: #9aa0a6; background: #2b2d31; color: #f1f3f4; }
QPushButton:hover { background: #363a40; }
QPushButton:pressed { background: #40454c; }
QPushButton:disabled { color: #8f949b; border-color: #4a4d52; background: #25272a; }
QPushButton:focus { border-color: #8ab4f8; background: #1f3350; }
QPushButton#primaryButton { border-color: #6fa8dc; }
QPushButton#primaryButton:focus { border-color: #8ab4f8; }
QPushButton#navButton:checked { background: #1f5f8b; color: #ffffff; border-color: #6fa8dc; }
QPushButton#navButton:checked:focus { border-color: #ffffff; background: #174a6d; }
QLineEdit, QComboBox, QDateEdit, QPlainTextEdit, QTableView, QListWidget, QTextBrowser {
  border: 2px solid #80868b; }
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus, QPlainTextEdit:focus,
QTableView:focus, QListWidget:focus, QTimeEdit:focus { border: 2px solid #8ab4f8; }
QRadioButton:focus, QCheckBox:focus { background: #1f3350; }
QCheckBox::indicator, QRadioButton::indicator { width: 16px; height: 16px; border: 2px solid #c0c4c9;
  border-radius: 3px; background: #17181b; }
QRadioButton::indicator { border-radius: 10px; }
QCheckBox::indicator:checked { background: #8ab4f8; border-color: #8ab4f8; }
QRadioButton::indicator:checked { border-color: #8ab4f8; background: qradialgradient(cx: 0.5, cy: 0.5,
  radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 #8ab4f8, stop: 0.55 #8ab4f8, stop: 0.62 #17181b, stop: 1 #17181b); }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border-color: #5f6368; }
QLabel#smallNote { color: #b8bdc4; }
QLabel#errorLine { color: #ff8a80; }
QFrame#statusCard { border-color: #7b838c; background: #26292d; }
QFrame#statusCard[tone="calm"] { border-color: #4caf78; background: #16291e; }
QFrame#statusCard[tone="attention"] { border-color: #e0a030; background: #2e2412; }
QFrame#statusCard[tone="alert"] { border-color: #ff5c6c; background: #3a1418; }
QFrame#statusCard QLabel { color: #f1f3f4; }
QFrame#redFlag { border-color: #ff5c6c; background: #3a1418; }
QFrame#redFlag QLabel { color: #f1f3f4; }
QLabel#redFlagTitle { color: #ffb3ba; }
QFrame#checkin { border-color: #6fa8dc; background: #172634; }
QFrame#checkin QLabel { color: #f1f3f4; }
QFrame#reminder { border-color: #e0a030; background: #2e2412; }
QFrame#reminder QLabel { color: #f1f3f4; }
QFrame#messageBar { border-color: #6fa8dc; background: #172634; }
QFrame#messageBar QLabel { color: #f1f3f4; }
QPushButton#sectionButton:checked { border-color: #6fa8dc; }
QPushButton#sectionButton:checked:focus { border-color: #ffffff; background: #174a6d; }
QStackedWidget#visitPages { border-color: #6fa8dc; }
QFrame#careTeamNote { border-color: #6fa8dc; background: #172634; }
QFrame#careTeamNote QLabel { color: #f1f3f4; }
QWidget#visitNotesScreen QHeaderView::section { border-right-color: #4a4d52; border-bottom-color: #9aa0a6;
  background: #2b2d31; color: #f1f3f4; }
"""

# The dark palette: what the style sheet does not colour (windows, fields, tables, the calendar
# popup, tooltips, menus) follows it. Role -> colour for every group; disabled text is dimmer.
_DARK_COLOURS = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181b",
    QPalette.ColorRole.AlternateBase: "#26282c",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2b2d31",
    QPalette.ColorRole.ButtonText: "#f1f3f4",
    QPalette.ColorRole.BrightText: "#ff8a80",
    QPalette.ColorRole.ToolTipBase: "#2b2d31",
    QPalette.ColorRole.ToolTipText: "#f1f3f4",
    QPalette.ColorRole.PlaceholderText: "#a0a4aa",
    QPalette.ColorRole.Highlight: "#2f6db5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
    QPalette.ColorRole.Light: "#5f6368",
    QPalette.ColorRole.Midlight: "#3c4043",
    QPalette.ColorRole.Mid: "#5f6368",
    QPalette.ColorRole.Dark: "#101113",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Accent: "#2f6db5",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#8f949b",
    QPalette.ColorRole.Text: "#8f949b",
    QPalette.ColorRole.ButtonText: "#8f949b",
    QPalette.ColorRole.Base: "#202124",
    QPalette.ColorRole.Highlight: "#4a4d52",
    QPalette.ColorRole.HighlightedText: "#e8eaed",
}


def dark_palette() -> QPalette:
    """The palette of the dark look."""
    palette = QPalette()
    for role, colour in _DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    """A plain light palette (black on white fields): for high contrast when the system is dark."""
    return QPalette(QColor("#efefef"))


_POINTS = re.compile(r"(\d+)pt")


def scaled_sheet(sheet: str, percent: int) -> str:
    """The style sheet with every font size in points scaled to ``percent``."""
    return _POINTS.sub(lambda m: f"{round(int(m.group(1)) * percent / 100)}pt", sheet)


def system_is_dark(app: QApplication) -> bool:
    """Whether the system asks for dark colours (Unknown, on platforms that cannot tell: light)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


class _Look(TypedDict):
    text_size: int
    high_contrast: bool


# The last text size and contrast applied, so that a change of the system's colour scheme while the
# app runs re-applies the look with them; and the style hints the change signal is connected to
# (once per application).
_last: _Look = {"text_size": 100, "high_contrast": False}
_connected_hints: list = []


def _scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_style(app, _last["text_size"], _last["high_contrast"])


def _follow_system_scheme(app: QApplication) -> None:
    hints = app.styleHints()
    if any(connected is hints for connected in _connected_hints):
        return
    _connected_hints[:] = [hints]
    hints.colorSchemeChanged.connect(_scheme_changed)


def apply_style(app: QApplication, text_size: int = 100, high_contrast: bool = False) -> None:
    """Apply the text size (100 to 200 %), the theme and the style sheet to the whole app.

    Layouts reflow with the font: sizes are never fixed in pixels for text. The colours follow the
    system's light or dark scheme, now and whenever it changes, unless high contrast is chosen.
    """
    percent = min(200, max(100, int(text_size)))
    _last["text_size"], _last["high_contrast"] = percent, bool(high_contrast)
    _follow_system_scheme(app)
    # Fusion on every desktop: native styles (Windows, macOS, some Linux themes) ignore parts of the
    # palette, which would leave light controls in a dark window. The style sheet draws the app's
    # own look on top of it anyway.
    if app.property(FUSION_SET) is not True:
        app.setStyle("Fusion")
        app.setProperty(FUSION_SET, True)
    dark = system_is_dark(app) and not high_contrast
    sheet = STYLE_SHEET + (HIGH_CONTRAST if high_contrast else DARK if dark else "")
    sheet = scaled_sheet(sheet, percent) + indicator_rule(percent, dark)
    point_size = BASE_POINT_SIZE * percent / 100
    if (
        app.property("companionDark") is dark
        and app.styleSheet() == sheet
        and app.font().pointSizeF() == point_size
    ):
        return  # already so: setting the same sheet again would re-polish every widget
    app.setProperty("companionDark", dark)
    if dark:
        app.setPalette(dark_palette())
    elif high_contrast:
        app.setPalette(light_palette())
    else:
        app.setPalette(QPalette())  # the system's own (light) palette, as before
    font = app.font()
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(sheet)


def indicator_rule(percent: int, dark: bool) -> str:
    """Check boxes and radio buttons as large as the text: at 200 % the usual 16 px box is a speck
    beside the words, and a hard target for unsteady hands (the words are clickable too)."""
    size = round(16 * percent / 100)
    rule = f"QCheckBox::indicator, QRadioButton::indicator {{ width: {size}px; height: {size}px; }}\n"
    # The visit screen's lists and tables tick things off: larger boxes there, from 100 % already.
    box, tick = max(22, size), max(26, size)
    rule += f"QWidget#visitNotesScreen QCheckBox::indicator {{ width: {box}px; height: {box}px; }}\n"
    rule += f"QWidget#visitNotesScreen QListView::indicator {{ width: {tick}px; height: {tick}px; }}\n"
    if dark:  # the dark sheet draws the radio button itself: keep it round at any size
        rule += f"QRadioButton::indicator {{ border-radius: {size // 2 + 2}px; }}\n"
    return rule
