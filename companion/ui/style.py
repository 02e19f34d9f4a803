"""The app's look: large targets, clear type, calm colours; the status card's tones."""

from __future__ import annotations

import re

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 12

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
QLabel#sectionTitle { font-size: 14pt; font-weight: bold; margin-top: 8px; }
QLabel#smallNote { color: #4a4f55; }
QLabel#errorLine { color: #a01010; font-weight: bold; }
QFrame#statusCard { border-radius: 12px; border: 2px solid #9aa5b1; background: #f4f6f8; }
QFrame#statusCard[tone="calm"] { border-color: #2e7d4f; background: #eef8f1; }
QFrame#statusCard[tone="attention"] { border-color: #b26a00; background: #fff6e5; }
QFrame#statusCard[tone="alert"] { border-color: #b00020; background: #fdecee; }
QFrame#statusCard QLabel { color: #111111; background: transparent; }
QLabel#cardCaption { font-size: 12pt; }
QLabel#cardDose { font-size: 16pt; font-weight: bold; }
QLabel#cardBig { font-size: 26pt; font-weight: bold; }
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
QFrame#checkin, QFrame#reminder, QFrame#messageBar { border: 3px solid #000000; background: #ffffff; }
QFrame#statusCard[tone="alert"], QFrame#redFlag { border: 4px solid #000000; background: #ffffff; }
QLabel#smallNote, QLabel#redFlagTitle, QLabel#errorLine { color: #000000; }
"""

_POINTS = re.compile(r"(\d+)pt")


def scaled_sheet(sheet: str, percent: int) -> str:
    """The style sheet with every font size in points scaled to ``percent``."""
    return _POINTS.sub(lambda m: f"{round(int(m.group(1)) * percent / 100)}pt", sheet)


def apply_style(app: QApplication, text_size: int = 100, high_contrast: bool = False) -> None:
    """Apply the text size (100 to 200 %), the theme and the style sheet to the whole app.

    Layouts reflow with the font: sizes are never fixed in pixels for text.
    """
    percent = min(200, max(100, int(text_size)))
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    sheet = STYLE_SHEET + (HIGH_CONTRAST if high_contrast else "")
    app.setStyleSheet(scaled_sheet(sheet, percent))
