"""The diary table: knows how many entries the filter shows, and fetches only the rows that are
painted, a block at a time, from indexed queries, so 50,000 entries open as fast as 10.

The view is offered the first rows only, and more as it scrolls to them (as QSqlQueryModel does):
a view of cards of different heights lays out every row it is offered, and 50,000 rows took 0.1
to 0.2 s each time. Each step doubles what is offered, so going to the oldest entry lays out once
more, not once per screenful.

Sorting and filtering happen in the query (store/), not in a proxy model, which could only sort
the rows already fetched.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from companion.core import texts
from companion.core.diary import DiaryFilter
from companion.core.models import DiaryEntry
from companion.core.red_flags import RULES_BY_CODE
from companion.core.symptoms import severity_label, symptom_label
from companion.i18n import _, format_datetime, ngettext
from companion.services.diary import DiaryService, EntryInfo
from companion.ui.cards import CARD_ROLE, PLAIN, TITLE, WARNING, CardLine, card_text, shortened

# Rows with a warning sign: a light red on a light window, a dark red on a dark one (dark mode).
FLAGGED_BACKGROUND = QColor("#fdecee")
FLAGGED_TEXT = QColor("#111111")
FLAGGED_BACKGROUND_DARK = QColor("#4a1a22")
FLAGGED_TEXT_DARK = QColor("#ffffff")


def _dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


BLOCK = 100
CACHE_LIMIT = 2_000
FIRST_ROWS = 400  # offered to the view at first: far more than a screen shows at 100 % text
_Index = QModelIndex | QPersistentModelIndex


def symptoms_text(entry: DiaryEntry) -> str:
    if not entry.symptoms:
        return _("As usual")
    parts = []
    for code, severity in entry.symptoms.items():
        name = symptom_label(code)
        if code == "other" and entry.other_text:
            name = _("{symptom}: {text}").format(symptom=name, text=entry.other_text)
        parts.append(_("{symptom} ({severity})").format(symptom=name, severity=severity_label(severity)))
    return ", ".join(parts)


def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _("day of the dose")
    return ngettext("{n} day after", "{n} days after", days).format(n=days)


def days_after_dose_text(days: int | None) -> str:
    """How long after the dose before it, in words for a card ("" when no dose came before)."""
    if days is None:
        return ""
    if days == 0:
        return _("on the day of the dose")
    return ngettext("{n} day after the dose", "{n} days after the dose", days).format(n=days)


def entry_card(entry: DiaryEntry, info: EntryInfo) -> list[CardLine]:
    """An entry as a card: when (and how long after the dose), its warning, the symptoms in words
    with their severity, the note, who wrote it."""
    when = format_datetime(entry.at)
    days = days_after_dose_text(info.days_after_dose)
    lines = [CardLine(TITLE, _("{when} — {days}").format(when=when, days=days) if days else when)]
    if info.flags:
        titles = ", ".join(_(RULES_BY_CODE[code].title) for code in info.flags)
        lines.append(CardLine(WARNING, _("Warning sign: {title}").format(title=titles)))
    lines.append(CardLine(PLAIN, symptoms_text(entry)))
    if entry.note:
        note = shortened(entry.note)
        lines.append(CardLine(PLAIN, _("{label}: {value}").format(label=_("Note"), value=note)))
    author = texts.author_name(entry.by)
    lines.append(CardLine(PLAIN, _("{label}: {value}").format(label=_("Written by"), value=author)))
    return lines


class DiaryTableModel(QAbstractTableModel):
    """Diary entries for a filter; rows are fetched from the service as they are shown."""

    COLUMNS = ("when", "days", "symptoms", "flags", "by", "note")
    WIDTHS = (240, 125, 300, 230, 120)

    def __init__(self, service: DiaryService, parent=None):
        super().__init__(parent)
        self.service = service
        self.filter = DiaryFilter()
        self._count = 0  # entries that match the filter
        self._offered = 0  # of them, the rows the view has been given so far
        self._blocks: dict[int, list[tuple[DiaryEntry, EntryInfo]]] = {}

    def set_service(self, service: DiaryService) -> None:
        self.service = service
        self.reload()

    def set_filter(self, diary_filter: DiaryFilter) -> None:
        self.filter = diary_filter
        self.reload()

    def reload(self) -> None:
        """Ask the store again which entries match (after a change or a new filter)."""
        self.beginResetModel()
        self._count = self.service.count_matching(self.filter)
        self._offered = min(self._count, FIRST_ROWS)
        self._blocks.clear()
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many entries match the filter (the view may hold fewer rows until it scrolls)."""
        return self._count

    # Not Qt's canFetchMore/fetchMore: the view's own probe for those reads the last row's card to
    # measure it (a query) and fetches again while the window is still hidden. The card view asks
    # for more itself (cards.PagedModel), when it scrolls to the end or moves past it.
    def has_more_rows(self) -> bool:
        return self._offered < self._count

    def offer_more_rows(self) -> None:
        """Give the view more rows: as many again as it has, at least FIRST_ROWS."""
        more = min(self._count - self._offered, max(FIRST_ROWS, self._offered))
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._offered, self._offered + more - 1)
        self._offered += more
        self.endInsertRows()

    def entry_id(self, row: int) -> str:
        return self._row(row)[0].id

    def row_of(self, entry_id: str) -> int | None:
        return self.service.position(self.filter, entry_id)

    def _row(self, row: int) -> tuple[DiaryEntry, EntryInfo]:
        block = row // BLOCK
        rows = self._blocks.get(block)
        if rows is None:
            if len(self._blocks) * BLOCK > CACHE_LIMIT:
                self._blocks.clear()
            rows = self.service.page(self.filter, block * BLOCK, BLOCK, self._count)
            self._blocks[block] = rows
        return rows[row % BLOCK]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._offered

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return {
            "when": _("When"),
            "days": _("After dose"),
            "by": _("Written by"),
            "symptoms": _("How I felt"),
            "flags": _("Warning signs"),
            "note": _("Note"),
        }[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CARD_ROLE or (role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0):
            card = entry_card(*self._row(index.row()))
            return card if role == CARD_ROLE else card_text(card)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not self._row(index.row())[1].flags:
                return None
            return FLAGGED_BACKGROUND_DARK if _dark() else FLAGGED_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if not self._row(index.row())[1].flags:
                return None
            return FLAGGED_TEXT_DARK if _dark() else FLAGGED_TEXT
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        entry, info = self._row(index.row())
        column = self.COLUMNS[index.column()]
        if column == "when":
            return format_datetime(entry.at)
        if column == "days":
            return days_text(info.days_after_dose)
        if column == "by":
            return texts.author_name(entry.by)
        if column == "symptoms":
            return symptoms_text(entry)
        if column == "flags":
            return ", ".join(_(RULES_BY_CODE[code].title) for code in info.flags)
        note = entry.note
        if role == Qt.ItemDataRole.DisplayRole:
            return note.splitlines()[0] if note else ""
        return note
