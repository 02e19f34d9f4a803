"""The emergency number (issue 16): a language does not tell the country, so no number is written in
any text; the user may enter the one where they live, at first start or in Settings. It is checked
in core: digits, spaces, +, - and brackets, at most 30 characters, or nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from companion.core.errors import InvalidInput
from companion.core.phone import MAX_LENGTH, emergency_number
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.store.profile import ProfileRepository
from companion.ui.app import create_window
from companion.ui.dialogs.profile import ProfileDialog

HINT = "The emergency number where you live, e.g. the one your phone calls for an ambulance"


@pytest.mark.parametrize(
    ("entered", "kept"),
    [
        ("", ""),
        ("   ", ""),
        ("112", "112"),
        (" 911 ", "911"),
        ("+41 (0)44 - 144", "+41 (0)44 - 144"),
        ("9" * MAX_LENGTH, "9" * MAX_LENGTH),
    ],
)
def test_a_number_of_digits_spaces_plus_minus_and_brackets_is_kept(entered, kept):
    assert emergency_number(entered) == kept


@pytest.mark.parametrize(
    "entered", ["call 112", "112#", "+", "( - )", "9" * (MAX_LENGTH + 1), "１１２", "1\n12"]
)
def test_anything_else_is_refused_with_a_plain_message(entered):
    with pytest.raises(InvalidInput) as refused:
        emergency_number(entered)
    message = str(refused.value)
    assert "emergency number" in message
    assert "digits" in message
    assert not re.search(r"\d{2}", message.replace(str(MAX_LENGTH), "")), "no number in the message"


@pytest.fixture
def window(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    win = create_window(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def stored_profile(folder):
    with open_store(folder) as store:
        return ProfileRepository(store).get()


def next_tab_stop(widget):
    following = widget.nextInFocusChain()
    while not (following.focusPolicy() & Qt.FocusPolicy.TabFocus and following.isVisibleTo(widget.window())):
        following = following.nextInFocusChain()
    return following


def labels_of(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def test_entered_at_first_start_it_is_saved(window, qtbot, data_dir):
    panel = window.home.setup_panel
    assert panel.emergency_number.accessibleName() == "Emergency number"
    assert HINT in labels_of(panel)
    assert panel.emergency_number.text() == "", "optional, and no number is suggested"
    panel.date.set_date(dt.date(2026, 6, 12))
    qtbot.keyClicks(panel.emergency_number, "+1 911")
    panel.save_button.click()
    assert stored_profile(data_dir).emergency_number == "+1 911"
    assert not window.session.records.profile.needs_setup()


def test_left_empty_at_first_start_nothing_is_saved_for_it(window, qtbot, data_dir):
    panel = window.home.setup_panel
    panel.save_button.click()
    assert stored_profile(data_dir).emergency_number == ""
    assert not window.session.records.profile.needs_setup()


def test_an_invalid_number_at_first_start_says_why_and_saves_nothing(window, qtbot, data_dir):
    panel = window.home.setup_panel
    panel.team_phone.setText("0123 456")
    qtbot.keyClicks(panel.emergency_number, "the ambulance")
    panel.save_button.click()
    assert panel.error.isVisible()
    assert "emergency number" in panel.error.text()
    assert window.session.records.profile.needs_setup(), "the welcome stays: nothing was saved"
    profile = stored_profile(data_dir)
    assert (profile.emergency_number, profile.care_team_phone) == ("", "")
    with open_store(data_dir) as store:
        assert DoseRepository(store).all() == []


def test_entered_in_settings_near_the_care_team_phones_it_is_saved(window, qtbot, data_dir):
    window.home.setup_panel.save_button.click()
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.emergency_number
    assert field.accessibleName() == "Emergency number"
    assert HINT in labels_of(dialog)
    # Right after the care team's phones, in the order Tab goes.
    assert next_tab_stop(dialog.care_team_out_of_hours) is field
    assert field.minimumHeight() >= 36
    field.setFocus()
    qtbot.keyClicks(field, "999")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert stored_profile(data_dir).emergency_number == "999"

    again = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(again)
    assert again.emergency_number.text() == "999"
    again.emergency_number.clear()
    again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert stored_profile(data_dir).emergency_number == "", "it can be taken out again"


def test_an_invalid_number_in_settings_says_why_and_saves_nothing(window, qtbot, data_dir):
    window.home.setup_panel.save_button.click()
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.display_name.setText("Ana")
    dialog.emergency_number.setText("112 or 911")
    undo_before = window.session.undo_stack.count()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible(), "the dialog stays open"
    assert dialog.error.isVisible() and "emergency number" in dialog.error.text()
    profile = stored_profile(data_dir)
    assert (profile.emergency_number, profile.display_name) == ("", "")
    assert window.session.undo_stack.count() == undo_before
    dialog.emergency_number.setText("112")
    qtbot.keyClick(dialog.emergency_number, Qt.Key.Key_Return)
    assert stored_profile(data_dir).emergency_number == "112"
    assert QApplication.activeModalWidget() is not dialog
