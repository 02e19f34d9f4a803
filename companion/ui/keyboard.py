"""Keys a person with weak hands relies on, the same on every screen and in every style (issue 18).

Enter presses the push button that has the keyboard focus, as Space does. Qt's QPushButton answers
Enter only when its ``autoDefault`` is on, which Qt turns on for buttons in dialogs only: in the main
window ("Save and show my schedule", "I feel as usual", the page buttons) Enter did nothing, and a
focused button in a dialog passed Enter on to the dialog's default button (Save) instead.

One place turns it on for every push button the app makes: the moment a push button takes the
keyboard focus (the only time Enter can reach it), whichever window, style or platform theme. This
listens to the application's focus changes, a handful per key press, not to every event of every
widget (an application-wide event filter in Python made the window open 15 % slower, see
wheel_guard.py); the window opens as fast as before.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from companion.i18n import _

# "I feel as usual" from anywhere in the main window, with one key (no chord): F2. No field of the
# app uses it (Ctrl+U would clear a search field on Linux); the key is shown on each of its buttons.
FEEL_AS_USUAL_KEY = "F2"


def feel_as_usual_text() -> str:
    """The label of an "I feel as usual" button, with its key: "I feel as &usual (F2)"."""
    return _("{action} ({key})").format(action=_("I feel as &usual"), key=FEEL_AS_USUAL_KEY)


_INSTALLED = "companionKeyboard"  # an application property: True once install_keyboard ran


def _focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
    if isinstance(new, QPushButton) and not new.autoDefault():
        new.setAutoDefault(True)


def install_keyboard(app: QApplication) -> None:
    """Enter presses the focused push button in every window of ``app`` (once per application)."""
    if app.property(_INSTALLED) is True:
        return
    app.setProperty(_INSTALLED, True)
    app.focusChanged.connect(_focus_changed)
