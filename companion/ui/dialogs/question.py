"""A question before something that cannot be taken back at a glance: leaving a changed form,
saving a dose close to another, removing a warning sign by Undo."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.ui.widgets import named


def ask(
    parent: QWidget,
    title: str,
    text: str,
    act: str,
    keep: str,
    informative: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    act_role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.DestructiveRole,
) -> bool:
    """True only when the user chooses ``act``. Enter and Esc choose ``keep``: the step that is
    hard to take back takes a deliberate choice. Both buttons are large and named."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    act_button = box.addButton(act, act_role)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    for button in (act_button, keep_button):
        button.setMinimumHeight(44)
        named(button, button.text())
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    box.exec()
    return box.clickedButton() is act_button
