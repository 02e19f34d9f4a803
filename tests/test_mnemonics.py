"""Alt letters (mnemonics, "&" in a label) are unique within what is on screen at once: the page
buttons, the top bar and the page; each dialog on its own. A clashing Alt letter only moves the focus
between its owners, and pressing it again can land on Delete (issue 18). Every page and every dialog,
in all five languages."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget
from test_dialogs_large_text import DIALOGS

from companion import i18n
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
    Medication,
    Question,
)
from companion.ui.app import create_window, install_translators
from companion.ui.main_window import HOME, PAGE_COUNT, VISIT, MainWindow

TODAY = dt.date(2026, 6, 15)


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a plain ampersand), in lower case."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def alt_letters(root: QWidget) -> dict[str, list[str]]:
    """Each Alt letter of the controls shown under ``root``, with the labels that carry it."""
    letters: dict[str, list[str]] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or (widget.window() is not root.window()):
            continue
        if isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        else:
            continue
        letter = mnemonic(text)
        if letter:
            letters.setdefault(letter, []).append(text.replace("\n", " "))
    return letters


def clashes(root: QWidget, where: str) -> list[str]:
    return [
        f"{where}: Alt+{letter.upper()} on {', '.join(map(repr, owners))}"
        for letter, owners in sorted(alt_letters(root).items())
        if len(owners) > 1
    ]


@pytest.fixture(params=i18n.SUPPORTED_LANGUAGES)
def window(request, qtbot, data_dir, monkeypatch) -> MainWindow:
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    language = request.param
    app = QApplication.instance()
    i18n.set_language(language)
    install_translators(app, language)
    win = create_window(data_dir)
    qtbot.addWidget(win)
    panel = win.home.setup_panel
    panel.date.set_date(dt.date(2026, 5, 20))
    panel.save_button.click()  # no phone numbers yet: the home screen offers to add them
    session = win.session
    # Yesterday's dose: today the home screen asks how you are.
    session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 14), place="Day unit"))
    session.book_appointment(Appointment(on=dt.date(2026, 7, 12)))
    session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9).astimezone(), symptoms={"fatigue": 1}))
    session.records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 6, 10), scores=(4,) * 12))
    session.records.visit.add_question(Question(text="Holiday?", created_on=dt.date(2026, 6, 14)))
    session.records.visit.add_medication(Medication(name="Riluzole", dose="50 mg"))
    session.records.visit.add_measurement(
        Measurement(measured_on=dt.date(2026, 6, 1), kind=MeasurementKind.WEIGHT, value=70.5)
    )
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    win.message_bar.show_message("A message")  # the bar and its Close button are on screen too
    yield win
    install_translators(app, "en")
    i18n.set_language("en")


def test_alt_letters_are_unique_on_every_page(window, qtbot):
    found = []
    for page in range(PAGE_COUNT):
        window.show_page(page)
        qtbot.wait(10)
        found += clashes(window, f"page {page}")
    # Each section of "For my next visit" shows its own buttons.
    window.show_page(VISIT)
    for section in range(len(window.visit_notes.section_buttons)):
        window.visit_notes.show_section(section)
        found += clashes(window, f"visit section {section}")
    # The home screen without the check-in (after it is answered) shows other buttons.
    window.show_page(HOME)
    home = window.home
    assert home.checkin.isVisible(), "the check-in card is on screen today"
    home.checkin.dismiss_button.click()
    assert home.feel_row.isVisible()
    found += clashes(window, "home without the check-in")
    assert not found, f"{i18n.current_language()}:\n" + "\n".join(found)


def test_alt_letters_are_unique_in_every_dialog(window, qtbot):
    found = []
    for kind, make in DIALOGS.items():
        dialog = make(window.session, window)
        dialog.show()
        qtbot.waitExposed(dialog)
        found += clashes(dialog, kind)
        if kind.startswith("alsfrs"):  # the last page: the summary and Save
            dialog.go_to(dialog.pages.count() - 1)
            found += clashes(dialog, f"{kind}, last page")
        dialog.close()
        dialog.deleteLater()
    assert not found, f"{i18n.current_language()}:\n" + "\n".join(found)


def test_save_and_cancel_take_no_alt_letter_from_the_desktop(window, qtbot):
    """Enter saves and Esc cancels. The GNOME desktop's theme gives Save and Cancel Alt letters of
    its own (others do not), which would clash with the form's (Alt+S for "Since", Alt+C for "Care
    team"): they carry none on any desktop."""
    dialog = DIALOGS["dose"](window.session, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.buttons
    for button in (box.button(box.StandardButton.Save), box.button(box.StandardButton.Cancel)):
        assert mnemonic(button.text()) is None, button.text()
        assert button.accessibleName()
    dialog.close()


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_alt_letter_acts_at_once(qtbot, data_dir, monkeypatch, language):
    """With one owner per letter, Alt+letter presses the button (it no longer only moves the focus)."""
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    i18n.set_language(language)
    try:
        win = create_window(data_dir)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        assert not clashes(win, "the welcome on first start")
        letter = mnemonic(win.diary_nav.text())
        assert letter
        qtbot.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
        # (a button answers its Alt letter with a short press: 100 ms)
        qtbot.waitUntil(lambda: win.pages.currentIndex() == 2)  # the diary
    finally:
        i18n.set_language("en")
