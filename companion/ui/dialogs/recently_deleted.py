"""Everything deleted, with a button to bring each back."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QVBoxLayout, QWidget

from companion.i18n import _, format_date
from companion.services.common import DeletedItem
from companion.ui.dialogs.forms import ScreenFittedDialog
from companion.ui.session import PatientSession
from companion.ui.widgets import ErrorLine, big_button, wrapping_list


class RecentlyDeletedDialog(ScreenFittedDialog):
    """Everything deleted, with a button to bring each back."""

    min_width, min_height = 600, 420

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.items: list[DeletedItem] = []
        self.setWindowTitle(_("Recently deleted"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Deleted records are kept here. Choose one and press Restore to bring it back."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = wrapping_list(_("Deleted records"))
        layout.addWidget(self.list)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.restore_button = big_button(_("&Restore"))
        close = big_button(_("Close"))
        row.addWidget(self.restore_button)
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self._restore)
        close.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.refresh()

    def fit_size(self) -> None:
        # Larger text, a larger dialog: room for about 50 characters by 14 lines (within the screen).
        metrics = self.fontMetrics()
        self.min_width = max(600, metrics.averageCharWidth() * 50)
        self.min_height = max(420, metrics.height() * 14)
        super().fit_size()

    def refresh(self) -> None:
        self.list.clear()
        self.items = self.session.records.deleted_items()
        for item in self.items:
            self.list.addItem(
                QListWidgetItem(
                    _("{what} (deleted {deleted})").format(
                        what=item.description, deleted=format_date(item.deleted_at.date())
                    )
                )
            )
        if not self.items:
            self.list.addItem(QListWidgetItem(_("Nothing has been deleted.")))
        self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.items) and self.list.currentRow() >= 0)

    def _restore(self) -> None:
        row = self.list.currentRow()
        if not self.items or row < 0:
            return
        self.error.show_message("")
        messages: list[str] = []
        self.session.failed.connect(messages.append)
        try:
            self.session.restore_deleted(self.items[row])
        finally:
            self.session.failed.disconnect(messages.append)
        if messages:
            self.error.show_message(messages[-1])
        self.refresh()
