"""The question before Undo or Redo removes a diary entry that carries a warning sign."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.ui.dialogs.question import ask


def ask_to_remove_warned_entry(parent: QWidget, what: str) -> bool:
    """True when the user chooses to remove the entry; Enter and Esc keep it. ``what`` names the
    Undo or Redo asked for."""
    return ask(
        parent,
        _("Remove an entry with a warning sign?"),
        _(
            "This diary entry carries a warning sign. If it is removed, its warning is "
            "removed too, and the home screen no longer shows it."
        ),
        _("Remove the entry"),
        _("Keep the entry"),
        informative=what,
        icon=QMessageBox.Icon.Warning,
    )
