"""Undo and Redo for the window: the two buttons of its top bar, Ctrl+Z and Ctrl+Y (or
Ctrl+Shift+Z), the question before a warning sign is removed, and the message bar's word about
the change just made, with its offer to take it back. It follows the open patient's undo stack
(the session's: one command per change)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from companion.i18n import _
from companion.ui.message_bar import MessageBar
from companion.ui.session import PatientSession
from companion.ui.widgets import big_button


class UndoHistory(QObject):
    """The window's Undo and Redo. ``follow`` ties it to the patient opened."""

    def __init__(self, window: QWidget, message_bar: MessageBar):
        super().__init__(window)
        self.window = window
        self.message_bar = message_bar
        self.session: PatientSession | None = None
        self._message_index: int | None = None  # the history's place when the change message came
        self.undo_button = big_button(_("Undo"), _("Take back the last change"))
        self.redo_button = big_button(_("Redo"), _("Make again the change last taken back"))
        self.undo_action = QAction(_("Undo"), window)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(_("Redo"), window)
        # Ctrl+Y and Ctrl+Shift+Z everywhere: people bring either habit from other programs.
        self.redo_action.setShortcuts(
            [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
            + [
                key
                for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                if key.toString() not in ("Ctrl+Y", "Ctrl+Shift+Z")
            ]
        )
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)

    def follow(self, session: PatientSession | None) -> None:
        """Undo and Redo now act on ``session``'s changes (None: nothing open)."""
        self.session = session
        self._message_index = None  # a message about the last patient's changes is not tied to these
        if session is not None:
            session.undo_stack.indexChanged.connect(self._stack_moved)
        self.update()

    def undo(self) -> None:
        """Take back the latest change, after asking when that removes a warning sign; the
        message bar says what was taken back."""
        session = self.session
        if session is None or not session.undo_stack.canUndo():
            return
        action = session.undo_stack.undoText()
        if session.undo_removes_warning() and not self._may_remove_warning(_("Undo: {action}"), action):
            return
        session.undo_stack.undo()
        self.show_change_message(
            _("Undone: {action}. Press Redo (or Ctrl+Y) to do it again.").format(action=action)
        )

    def redo(self) -> None:
        session = self.session
        if session is None or not session.undo_stack.canRedo():
            return
        action = session.undo_stack.redoText()
        if session.redo_removes_warning() and not self._may_remove_warning(_("Redo: {action}"), action):
            return
        session.undo_stack.redo()
        self.show_change_message(_("Redone: {action}.").format(action=action))

    def _may_remove_warning(self, what: str, action: str) -> bool:
        from companion.ui.dialogs.remove_warned import ask_to_remove_warned_entry  # dialogs: on use

        return ask_to_remove_warned_entry(self.window, what.format(action=action))

    def show_change_message(self, text: str) -> None:
        """A message about the change just made (e.g. "The entry was deleted. Press Undo…"): the
        bar drops it once the undo history moves on, so it never offers to undo an older change.
        Other messages (errors, files saved) stay until closed."""
        self.message_bar.show_message(text)
        stack = self.session.undo_stack if self.session is not None else None
        self._message_index = stack.index() if stack is not None else None

    def _stack_moved(self, index: int) -> None:
        if self._message_index is not None and index != self._message_index:
            self._message_index = None
            self.update()
            if self.message_bar.isVisible():
                self.message_bar.drop_message()
            return
        self.update()

    def update(self) -> None:
        """The buttons, keys and the bar's offer as the history now stands."""
        stack = self.session.undo_stack if self.session is not None else None
        can_undo = stack is not None and stack.canUndo()
        can_redo = stack is not None and stack.canRedo()
        for button, action, can in (
            (self.undo_button, self.undo_action, can_undo),
            (self.redo_button, self.redo_action, can_redo),
        ):
            button.setEnabled(can)
            action.setEnabled(can)
        undo_text = (
            _("Undo: {action}").format(action=stack.undoText()) if stack is not None and can_undo else ""
        )
        redo_text = (
            _("Redo: {action}").format(action=stack.redoText()) if stack is not None and can_redo else ""
        )
        self.undo_button.setToolTip(undo_text)
        self.undo_button.setAccessibleDescription(undo_text or _("Take back the last change"))
        self.redo_button.setToolTip(redo_text)
        self.redo_button.setAccessibleDescription(redo_text or _("Make again the change last taken back"))
        self.message_bar.set_offer(undo_text)
