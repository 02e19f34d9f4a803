"""The Warnings list: every warning sign the diary raised, one line per episode, with its state —
waiting to be read, read, or known to the care team (until when) — and a way to take a reading
back, so that a warning marked read by mistake shows again."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QVBoxLayout, QWidget

from companion.core import texts
from companion.i18n import _, format_datetime
from companion.services.common import Change, Kind
from companion.services.diary import EpisodeHistory, WarningState
from companion.ui.dialogs.forms import ScreenFittedDialog
from companion.ui.session import PatientSession
from companion.ui.widgets import big_button, wrapping_list


def level_words(level_code: str) -> str:
    return {
        "today": _("contact your care team today"),
        "now": _("contact your care team now"),
        "emergency": _("call emergency services now"),
    }[level_code]


def state_words(item: EpisodeHistory) -> str:
    if item.state is WarningState.WAITING:
        return _("Waiting to be read")
    if item.state is WarningState.KNOWN and item.known_until is not None:
        return _("Known to the care team: the same symptoms stay quiet until {when}").format(
            when=format_datetime(item.known_until)
        )
    return _("Read")


def describe(item: EpisodeHistory) -> str:
    """One episode in words, as the list shows it."""
    episode = item.episode
    when = format_datetime(episode.start)
    if episode.end != episode.start:
        when = _("{start} to {end}").format(start=when, end=format_datetime(episode.end))
    lines = [
        _("{when}: {title}").format(when=when, title=_(episode.rule.title)),
        _("Symptoms: {symptoms}").format(symptoms=texts.symptom_list(episode.symptoms)),
        _("Level: {words}").format(words=level_words(episode.level.code)),
        state_words(item),
    ]
    return "\n".join(lines)


class WarningsDialog(ScreenFittedDialog):
    """Every warning, newest first; read a waiting one, or take a reading back."""

    min_width, min_height = 640, 460

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.items: list[EpisodeHistory] = []
        self.setWindowTitle(_("Warnings"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Every warning sign your diary raised, newest first. A warning you marked as read "
                "by mistake can be shown again."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = wrapping_list(_("Warnings"))
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(6)  # each episode stands apart
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.read_button = big_button(_("Mark as &read"), _("Hide this warning from the home screen"))
        self.unread_button = big_button(
            _("&Show it again"), _("Take back the reading: the warning waits on the home screen again")
        )
        close = big_button(_("Close"))
        row.addWidget(self.read_button)
        row.addWidget(self.unread_button)
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.read_button.clicked.connect(self._read)
        self.unread_button.clicked.connect(self._show_again)
        close.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        session.changed.connect(self._on_change)
        self.refresh()

    def fit_size(self) -> None:
        metrics = self.fontMetrics()
        self.min_width = max(640, metrics.averageCharWidth() * 60)
        self.min_height = max(460, metrics.height() * 16)
        super().fit_size()

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: warnings, and the doses that end a quiet."""
        if change.touches(Kind.DIARY, Kind.DOSE):
            self.refresh()

    def refresh(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        self.items = self.session.records.diary.warning_history()
        for item in self.items:
            entry = QListWidgetItem(describe(item))
            self.list.addItem(entry)
        if not self.items:
            self.list.addItem(QListWidgetItem(_("No warning sign so far.")))
        self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        self._update_buttons()

    def _selected(self) -> EpisodeHistory | None:
        row = self.list.currentRow()
        return self.items[row] if self.items and 0 <= row < len(self.items) else None

    def _update_buttons(self) -> None:
        item = self._selected()
        self.read_button.setEnabled(item is not None and item.state is WarningState.WAITING)
        self.unread_button.setEnabled(
            item is not None and item.state is not WarningState.WAITING and item.own_acknowledgements
        )

    def _read(self) -> None:
        item = self._selected()
        if item is not None and item.banner is not None:
            self.session.acknowledge(item.banner)

    def _show_again(self) -> None:
        item = self._selected()
        if item is None or not item.own_acknowledgements:
            return
        diary = self.session.records.diary
        episode = item.episode
        readings = diary.acknowledgements_of(episode)
        self.session.change(
            _("showing a warning again"),
            lambda: diary.unacknowledge_episode(episode),
            lambda: diary.reacknowledge(readings),
            kinds=frozenset({Kind.DIARY}),
        )
