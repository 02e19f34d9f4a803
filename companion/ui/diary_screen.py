"""The diary screen: every entry as a card that wraps, filters and order, and buttons to write, edit
or delete."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core import texts
from companion.core.diary import DiaryFilter
from companion.core.models import PATIENT
from companion.core.symptoms import GROUPS
from companion.i18n import _, ngettext
from companion.services.common import Change, Kind
from companion.ui.cards import CardView
from companion.ui.diary_model import DiaryTableModel
from companion.ui.keyboard import feel_as_usual_text
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, FlowLayout, big_button, label_above, named


class DiaryScreen(QWidget):
    """Entries newest first; the filter runs as a query, so it is as quick with years of entries."""

    new_entry_requested = Signal()
    edit_entry_requested = Signal(str)
    recently_deleted_requested = Signal()
    usual_requested = Signal()  # "I feel as usual" (the window saves it, as for its key)
    message = Signal(str)  # something to tell the user, e.g. how to undo

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        title = QLabel(_("Diary"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)

        buttons = FlowLayout()  # wraps instead of squeezing long labels
        # Translators: “&” marks the Alt letter (mnemonic) of the next letter. Alt letters must
        # differ within one screen (the page buttons, the top bar and the page; or one dialog),
        # else Alt+letter only moves the focus; tests/test_mnemonics.py checks every language.
        self.new_button = big_button(_("&New entry"), _("Write how you feel"))
        self.new_button.setObjectName("primaryButton")
        self.usual_button = big_button(feel_as_usual_text(), _("Save an entry saying you feel as usual, now"))
        self.edit_button = big_button(_("Edit ent&ry"), _("Edit the entry chosen in the list"))
        self.delete_button = big_button(_("De&lete entry"), _("Delete the entry chosen in the list"))
        self.deleted_button = big_button(_("Recently dele&ted"))
        for button in (
            self.new_button,
            self.usual_button,
            self.edit_button,
            self.delete_button,
            self.deleted_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        # Each filter is its label over its field; they wrap onto more lines with large text.
        filters = FlowLayout(spacing=12)
        self.period = QComboBox()
        for key, name in (
            ("all", _("All entries")),
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 3 months")),
            ("custom", _("Choose dates…")),
        ):
            self.period.addItem(name, key)
        named(self.period, _("Period"))
        today = session.records.today()
        self.start = DateField(today - dt.timedelta(days=30), _("From"))
        self.end = DateField(today, _("To"))
        self.symptom = QComboBox()
        self.symptom.addItem(_("Any symptom"), None)
        for group in GROUPS:
            for symptom in group.symptoms:
                self.symptom.addItem(_(symptom.label), symptom.code)
        named(self.symptom, _("Symptom"))
        self.author = QComboBox()
        named(self.author, _("Written by"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search in notes"))
        self.search.setClearButtonEnabled(True)
        named(self.search, _("Search in notes"))
        self.order = QComboBox()
        self.order.addItem(_("Newest first"), True)
        self.order.addItem(_("Oldest first"), False)
        named(self.order, _("Order"))
        for widget in (self.period, self.start, self.end, self.symptom, self.author, self.search, self.order):
            widget.setMinimumHeight(40)
        self.symptom.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.symptom.setMinimumContentsLength(16)  # the longest symptom names open in the list
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.start_label = QLabel(_("From"))
        self.end_label = QLabel(_("To"))
        self._date_filters = []
        for label, widget in (
            (QLabel(_("&Period")), self.period),
            (self.start_label, self.start),
            (self.end_label, self.end),
            (QLabel(_("S&ymptom")), self.symptom),
            (QLabel(_("Written &by")), self.author),
            (QLabel(_("&Search")), self.search),
            (QLabel(_("&Order")), self.order),
        ):
            holder = label_above(label, widget)
            filters.addWidget(holder)
            if widget in (self.start, self.end):
                self._date_filters.append(holder)
        layout.addLayout(filters)

        self.model = DiaryTableModel(session.records.diary, self)
        # Each entry a card whose lines wrap: nothing is cut at any text size (a table cut every
        # cell at 200 %). Only the cards on screen are fetched and measured.
        self.cards = CardView(_("Diary entries"))
        self.cards.setModel(self.model)
        layout.addWidget(self.cards, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        # Typing in the search box filters after a short pause, not on every key.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.period, self.symptom, self.author, self.order):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.start.dateChanged.connect(self.apply_filter)
        self.end.dateChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_entry_requested)
        self.usual_button.clicked.connect(self.usual_requested)
        self.edit_button.clicked.connect(self._edit)
        self.cards.activated.connect(lambda _index: self._edit())
        self.delete_button.clicked.connect(self._delete)
        self.deleted_button.clicked.connect(self.recently_deleted_requested)
        session.changed.connect(self._on_change)
        self.refresh()

    def current_filter(self) -> DiaryFilter:
        key = self.period.currentData()
        today = self.session.records.today()
        custom = key == "custom"
        for holder in self._date_filters:
            holder.setVisible(custom)
        start = end = None
        if custom:
            start, end = self.start.date_value(), self.end.date_value()
        elif key != "all":
            start, end = today - dt.timedelta(days=int(key) - 1), today
        return DiaryFilter(
            start=start,
            end=end,
            symptom=self.symptom.currentData(),
            by=self.author.currentData(),
            text=self.search.text(),
            newest_first=self.order.currentData() is not False,
        )

    def _fill_authors(self) -> None:
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem(_("Anyone"), None)
        for name in self.session.records.diary.authors():
            self.author.addItem(texts.author_name(name) if name == PATIENT else name, name)
        index = self.author.findData(current)
        self.author.setCurrentIndex(max(0, index))
        self.author.blockSignals(False)

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: entries, and the days after each dose."""
        if change.touches(Kind.DIARY, Kind.DOSE):
            self.refresh()

    def refresh(self) -> None:
        self._fill_authors()
        self.apply_filter()

    def apply_filter(self) -> None:
        f = self.current_filter()
        if f.start and f.end and f.start > f.end:
            self.count_label.setText(_("The start of the period is after its end."))
            return
        selected = self.selected_id()
        self.model.set_filter(f)
        row = self.model.row_of(selected) if selected else None
        if self.model.total:
            self.cards.select_row(row if row is not None else 0)
        n = self.model.total
        self.count_label.setText(ngettext("{n} entry", "{n} entries", n).format(n=n))
        has = n > 0
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def selected_id(self) -> str | None:
        row = self.cards.selected_row()
        return self.model.entry_id(row) if row is not None else None

    def select_entry(self, entry_id: str) -> None:
        """Choose the entry's card (a new or edited entry), showing every entry if the filters
        hid it, so that Edit and Delete act on it."""
        row = self.model.row_of(entry_id)
        if row is None:
            for combo in (self.period, self.symptom, self.author):
                combo.setCurrentIndex(0)
            self.search.clear()
            self.apply_filter()
            row = self.model.row_of(entry_id)
        if row is not None:
            self.cards.select_row(row)

    def _edit(self) -> None:
        entry_id = self.selected_id()
        if entry_id:
            self.edit_entry_requested.emit(entry_id)

    def _delete(self) -> None:
        entry_id = self.selected_id()
        if entry_id:
            self.session.delete_entry(entry_id)
            self.message.emit(_("The entry was deleted. Press Undo (or Ctrl+Z) to bring it back."))
