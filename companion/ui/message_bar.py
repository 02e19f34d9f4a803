"""The window's message bar: a message that stays until it is closed, with the offer of Undo."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from companion.i18n import _
from companion.ui.announce import announce
from companion.ui.widgets import big_button


class MessageBar(QFrame):
    """A message that stays until the user closes it: no time-outs.

    Under the message, while the bar is open, the window keeps the offer of Undo up to date
    ("Undo: new diary entry of …"): it always names the latest change, never an earlier one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.close_button = big_button(_("Close message"))
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.hide)
        self.message = ""
        self.offer = ""
        self.hide()

    def show_message(self, text: str) -> None:
        self.message = text
        self._show_text()
        self.show()
        announce(self, self.label.text())  # a screen reader user hears it without looking for it

    def set_offer(self, offer: str) -> None:
        """The line under the message that says what Undo takes back ("" for none)."""
        if offer != self.offer:
            self.offer = offer
            self._show_text()

    def drop_message(self) -> None:
        """The message is out of date (it was about a change since undone or followed by another):
        only the offer stays, or, with none, the bar closes."""
        self.message = ""
        self._show_text()
        if not self.offer:
            self.hide()

    def _show_text(self) -> None:
        text = "\n".join(part for part in (self.message, self.offer) if part)
        self.label.setText(text)
        self.label.setAccessibleName(text)
