"""The question before Undo or Redo removes a diary entry that carries a warning sign."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.ui.widgets import named


def ask_to_remove_warned_entry(parent: QWidget, what: str) -> bool:
    """True when the user chooses to remove the entry. Enter and Esc keep it: removing a warning
    takes a deliberate choice. ``what`` names the Undo or Redo asked for."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Remove an entry with a warning sign?"))
    box.setText(
        _(
            "This diary entry carries a warning sign. If it is removed, its warning is "
            "removed too, and the home screen no longer shows it."
        )
    )
    box.setInformativeText(what)
    remove = box.addButton(_("Remove the entry"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep the entry"), QMessageBox.ButtonRole.RejectRole)
    for button in (remove, keep):
        button.setMinimumHeight(44)
        named(button, button.text())
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is remove
