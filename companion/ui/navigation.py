"""The column of page buttons at the left of the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QWidget


class NavButton(QPushButton):
    """A page button, wide enough for its label in bold: the chosen page's button is bold."""

    _bold_extra: tuple[str, str, int] = ("", "", 0)  # (text, font key, extra width) last computed

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        text, font = self.text(), self.font()
        # Layouts ask often (over a hundred times while the window is built): measure once per
        # text and font.
        if self._bold_extra[:2] != (text, font.key()):
            bold = QFont(font)
            bold.setBold(True)
            flags = Qt.TextFlag.TextShowMnemonic
            plain_width = self.fontMetrics().size(flags, text).width()
            extra = QFontMetrics(bold).size(flags, text).width() - plain_width
            self._bold_extra = (text, font.key(), max(0, extra))
        hint.setWidth(hint.width() + self._bold_extra[2])
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint().expandedTo(QSize(0, 44))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # The style sheet's min-height becomes a fixed minimum that lets a short window
            # squeeze a label on two lines; the button's own height is the minimum instead.
            needed = max(44, self.sizeHint().height())
            if self.minimumHeight() != needed:
                self.setMinimumHeight(needed)
        return handled


class NavigationArea(QScrollArea):
    """The column of page buttons: as wide as its widest button, and it scrolls up and down when
    the window is too short for all of them at large text."""

    def __init__(self, buttons: QWidget):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page buttons, not the frame
        self.setWidget(buttons)

    def _width(self) -> int:
        buttons = self.widget()
        width = buttons.sizeHint().width() if buttons is not None else 0
        return width + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self._width())
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(self._width())
        return hint
