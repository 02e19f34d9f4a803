"""The building blocks of the app's dialogs: a form that scrolls when the screen is too small,
a dialog that fits the screen, Save / Cancel with an inline error line, and small fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTime
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import InvalidInput
from companion.i18n import _
from companion.ui.wheel_guard import guard_window
from companion.ui.widgets import DateField, ErrorLine, fit_to_screen, named


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    named(edit, name)
    edit.setMinimumHeight(36)
    return edit


def _note(text: str, name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)  # Tab leaves the note instead of typing a tab: keyboard users
    edit.setFixedHeight(90)
    named(edit, name)
    return edit


class _OptionalTime(QWidget):
    """A time that may be left out: a check box, and the time beside it."""

    def __init__(self, value: dt.time | None, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(_("Add the time"))
        named(self.enabled, _("Add the time"))
        self.time = QTimeEdit()
        named(self.time, name)
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(value.hour, value.minute) if value else QTime(9, 0))
        self.enabled.setChecked(value is not None)
        self.time.setEnabled(value is not None)
        self.enabled.toggled.connect(self.time.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.time)
        layout.addStretch()

    def value(self) -> dt.time | None:
        if not self.enabled.isChecked():
            return None
        t = self.time.time()
        return dt.time(t.hour(), t.minute())


class _OptionalDate(QWidget):
    """A date that may be unknown: a check box, and the date beside it."""

    def __init__(self, value: dt.date | None, default: dt.date, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.known = QCheckBox(_("Known"))
        named(self.known, _("{what} is known").format(what=name))
        self.date = DateField(value or default, name)
        self.known.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.known.toggled.connect(self.date.setEnabled)
        layout.addWidget(self.known)
        layout.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        return self.date.date_value() if self.known.isChecked() else None


class FormContent(QWidget):
    """What a FormScroll holds. In a scroll area a widget is squeezed down to its minimum height
    when it is taller than the view; this one is never lower than it wants to be (a row of radio
    buttons with a minimum height keeps the height its text needs): the view scrolls instead."""

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        return QSize(least.width(), max(least.height(), self.sizeHint().height()))


class FormScroll(QScrollArea):
    """A frameless scroll area for a dialog's form. It asks for the room the whole form needs (a
    plain QScrollArea asks for at most 36 x 24 lines), so a dialog opens as large as its form and
    scrolls only when the screen is too small; and it never lets the form be squeezed: what does not
    fit scrolls, with Save and Cancel left in sight outside it."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        content.setContentsMargins(0, 0, 8, 0)  # a little room between the fields and the scroll bar
        self.setWidget(content)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field reached by Tab from outside, or by its Alt+letter, is scrolled into view."""
        content = self.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.ensureWidgetVisible(new)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        height = hint.height()
        if content.hasHeightForWidth():
            height = max(height, content.heightForWidth(hint.width()))
        # Room for the scroll bar too, so that a form that does scroll is not squeezed by it.
        return QSize(hint.width() + self._bar(), height)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        lines = self.fontMetrics().height() * 4
        if content is None:
            return QSize(lines, lines)
        # As wide as the form can be without scrolling sideways (but never wider than the screen:
        # then it does scroll sideways); a few lines high, the rest scrolls.
        width = content.minimumSizeHint().width() + self._bar()
        screen = self.screen()
        if screen is not None:
            width = min(width, int(screen.availableGeometry().width() * 0.9))
        return QSize(width, min(lines, content.minimumSizeHint().height()))


def wrap_button_text(button: QPushButton, width: int) -> None:
    """Break a push button's words over two or more lines when on one line the button would be
    wider than ``width`` (a long label, large text, a small screen). Its accessible name stays."""
    text = button.property("oneLineText") or button.text()
    button.setProperty("oneLineText", text)
    button.setText(text)
    if button.sizeHint().width() <= width:
        return
    metrics = button.fontMetrics()
    padding = button.sizeHint().width() - metrics.horizontalAdvance(text)
    lines: list[str] = []
    line = ""
    for word in text.split():
        longer = f"{line} {word}".strip()
        if line and metrics.horizontalAdvance(longer) + padding > width:
            lines.append(line)
            line = word
        else:
            line = longer
    button.setText("\n".join([*lines, line]))


def pad_form_labels(form: QFormLayout) -> None:
    """A little more room for each label of ``form``. Qt measures a label without the break
    its mnemonic's underline makes in the text, but draws it with that break, which loses the
    kerning there: "&Telefon" is drawn a few pixels wider than measured, and its end was cut off."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel) and "&" in label.text():
            label.setMinimumWidth(0)
            pad = max(2, label.fontMetrics().averageCharWidth() // 2)
            label.setMinimumWidth(label.sizeHint().width() + pad)


def keep_on_screen(window: QWidget) -> None:
    """Move a window that sticks out of the screen's free area back into it (frame included)."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    x = max(available.left(), min(frame.left(), available.left() + available.width() - frame.width()))
    y = max(available.top(), min(frame.top(), available.top() + available.height() - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


class ScreenFittedDialog(QDialog):
    """A dialog that, when first shown, takes the size its content needs (at least ``min_width`` x
    ``min_height``) within the screen's free area, and keeps its frame on the screen."""

    min_width = 0
    min_height = 0

    _fitted = False

    def fit_size(self) -> None:
        """Take the size the content needs, within the screen (on the first show)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the minimum size as the content is now, not as it was
        fit_to_screen(self, self.min_width, self.min_height)

    def showEvent(self, event) -> None:
        if not self._fitted and not event.spontaneous():
            self._fitted = True
            self.fit_size()
        super().showEvent(event)  # centres the dialog over its parent, with its new size
        keep_on_screen(self)
        guard_window(self)  # the wheel changes no value under the pointer, focused or not


def confirm_leave(parent: QWidget, text: str, stay_text: str) -> bool:
    """Ask before a changed form is closed without saving: True to leave. Enter and Esc stay (the
    words are kept); leaving takes a deliberate choice."""
    from companion.ui.dialogs.question import ask

    return ask(parent, _("Leave without saving?"), text, _("Leave without saving"), stay_text)


def save_cancel_buttons(save: Callable[[], object], cancel: Callable[[], object]) -> QDialogButtonBox:
    """Save and Cancel, each at least 44 px tall and named for screen readers. Enter saves and Esc
    cancels: they take no Alt letter (the GNOME desktop's theme would give them one, which could
    clash with a field's)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    for button in buttons.buttons():
        button.setText(button.text().replace("&", ""))
        button.setMinimumHeight(44)
        named(button, button.text().replace("&", ""))
    buttons.accepted.connect(save)
    buttons.rejected.connect(cancel)
    return buttons


class _FormDialog(ScreenFittedDialog):
    """A dialog with a form, an inline error line and Save / Cancel buttons. The form scrolls when
    the screen is too small for it (large text); the error line and the buttons stay in sight."""

    min_width = 620

    # The scroll area around the form (not set when ``scroll`` is False). The name hides
    # QWidget.scroll(dx, dy), which nothing calls on a dialog; tests reach the form by it.
    form_scroll: FormScroll

    def __init__(self, title: str, parent: QWidget | None = None, scroll: bool = True):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        # A field that does not fit beside its label goes under it, instead of being squeezed.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if scroll:
            content = FormContent()
            content.setLayout(self.form)
            self.form.setContentsMargins(0, 0, 0, 0)
            self.form_scroll = FormScroll(content)
            outer.addWidget(self.form_scroll, 1)
        else:
            outer.addLayout(self.form)
        self.error = ErrorLine()
        outer.addWidget(self.error)
        self.buttons = save_cancel_buttons(self._try_accept, self.reject)
        outer.addWidget(self.buttons)

    # Labels beside their fields when the dialog is wide enough for every row; otherwise every
    # label above its field (large text, long words in German): one look for the whole form, and
    # each field as wide as the dialog, instead of a wide label column squeezing some fields.

    def _side_by_side_width(self) -> int:
        """The width the form needs with every label beside its field."""
        form, role = self.form, QFormLayout.ItemRole
        labels = fields = spans = 0
        for row in range(form.rowCount()):
            for kind in (role.LabelRole, role.FieldRole, role.SpanningRole):
                item = form.itemAt(row, kind)
                if item is None or item.isEmpty():
                    continue
                width = item.sizeHint().width()
                if kind is role.LabelRole:
                    labels = max(labels, width)
                elif kind is role.FieldRole:
                    fields = max(fields, width)
                else:
                    spans = max(spans, width)
        return max(spans, labels + max(0, form.horizontalSpacing()) + fields)

    def _room_for_form(self, width: int) -> int:
        layout = self.layout()
        assert layout is not None  # made in __init__
        margins = layout.contentsMargins()
        room = width - margins.left() - margins.right()
        scroll = getattr(self, "form_scroll", None)
        if isinstance(scroll, FormScroll) and (content := scroll.widget()) is not None:
            padding = content.contentsMargins()
            room -= scroll.verticalScrollBar().sizeHint().width() + padding.left() + padding.right()
        return room

    def _choose_row_wrap(self, width: int) -> None:
        side_by_side = self._side_by_side_width() <= self._room_for_form(width)
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.WrapLongRows if side_by_side else policy.WrapAllRows
        if self.form.rowWrapPolicy() != wanted:
            self.form.setRowWrapPolicy(wanted)
            scroll = getattr(self, "form_scroll", None)
            if isinstance(scroll, FormScroll):
                scroll.updateGeometry()  # its size hint is the form's, which just changed

    def fit_size(self) -> None:
        pad_form_labels(self.form)
        screen = self.screen().availableGeometry()
        self._choose_row_wrap(int(screen.width() * 0.95))
        super().fit_size()

    def resizeEvent(self, event) -> None:
        self._choose_row_wrap(event.size().width())
        super().resizeEvent(event)

    def _try_accept(self) -> None:
        try:
            if self.save():
                self.accept()
        except InvalidInput as exc:
            self.error.show_message(str(exc))

    def save(self) -> bool:
        """Validate and save; return False to keep the dialog open. Raise InvalidInput to explain."""
        raise NotImplementedError
