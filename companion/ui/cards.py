"""Records as a list of cards that wrap: the diary and the injections history at any text size.

A table cuts its cells at large text ("December 4…", "3 da…", a header "fter dos") and pushes the
last columns off the screen. A card shows one record in lines that wrap to the width of the window:
its heading (when), then each detail in words ("How I felt: Headache (moderate)"), a warning with an
icon and the words "Warning sign", never by colour alone. Nothing is cut at 100 % or at 200 %.

The cards sit over the same table models as before (model/view): the model says what a card
shows (CARD_ROLE), the view asks only for the cards on screen. The view is a QTreeView of one visible
column: unlike a QListView, it measures the height of a row only when the row is shown or scrolled
to. It still lays out every row it holds, so a model of years of records (the diary) hands it rows
as it scrolls (PagedModel), and a card far from the screen is never measured (visualRect): 50,000
diary entries open about as fast as ten, and End reaches the oldest in a tenth of a second.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, runtime_checkable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QRegion,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from companion.i18n import _

CARD_ROLE = Qt.ItemDataRole.UserRole + 40  # column 0: the card's lines, a list of CardLine

TITLE, PLAIN, WARNING = "title", "plain", "warning"

# A card with a warning: a light red on a light window, a dark red on a dark one. The colour is
# the third sign; the icon and the heading "Warning sign" are the first two (WCAG 1.4.1).
WARNING_BACKGROUND = QColor("#fdecee")
WARNING_TEXT = QColor("#111111")
WARNING_BACKGROUND_DARK = QColor("#4a1a22")
WARNING_TEXT_DARK = QColor("#ffffff")
WARNING_EDGE = QColor("#b00020")


class CardLine(NamedTuple):
    """One paragraph of a card: the heading, a plain line, or the warning (with its icon)."""

    kind: str
    text: str


# A card scrolls as a whole (only the cards on screen are measured), so it must fit in the view:
# a note longer than this shows its beginning, and says that the entry holds the rest.
NOTE_LENGTH = 280


def shortened(text: str) -> str:
    """``text`` as a card shows it: a long one cut after a whole word, saying so."""
    if len(text) <= NOTE_LENGTH:
        return text
    cut = text[:NOTE_LENGTH].rsplit(None, 1)[0].rstrip(",;:.")
    return _("{text}… (open it to read the rest)").format(text=cut)


def card_text(lines: list[CardLine]) -> str:
    """The whole card as one text, for screen readers and tooltips."""
    return "\n".join(line.text for line in lines if line.text)


_Index = QModelIndex | QPersistentModelIndex


@runtime_checkable
class PagedModel(Protocol):
    """A model that gives the view its rows as it scrolls (the diary: years of entries)."""

    def has_more_rows(self) -> bool: ...

    def offer_more_rows(self) -> None: ...


def _wrapped(text: str, font: QFont, width: int) -> tuple[QTextLayout, int]:
    """``text`` laid out in lines of at most ``width`` px (a word longer than that is broken), and
    its height."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout, int(y + 0.999)


class CardDelegate(QStyledItemDelegate):
    """Paints a record as a card of wrapped lines; its height follows the width of the view."""

    def __init__(self, view: CardView):
        super().__init__(view)
        self.view = view

    def _metrics(self, font: QFont) -> tuple[int, int, int]:
        """Padding, the gap between lines, and the icon's size, all in proportion to the text."""
        height = QFontMetrics(font).height()
        return max(8, height // 2), max(2, height // 6), height

    def _fonts(self, font: QFont) -> dict[str, QFont]:
        bold = QFont(font)
        bold.setBold(True)
        return {TITLE: bold, WARNING: bold, PLAIN: font}

    def _text_width(self, font: QFont, kind: str) -> int:
        pad, _gap, icon = self._metrics(font)
        width = self.view.viewport().width() - 2 * pad
        if kind == WARNING:
            width -= icon + pad // 2
        return width

    @staticmethod
    def _lines(index: _Index) -> list[CardLine]:
        lines = index.data(CARD_ROLE)
        return list(lines) if lines else []

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        font = self.view.font()
        pad, gap, icon = self._metrics(font)
        fonts = self._fonts(font)
        height = 2 * pad
        lines = self._lines(index)
        for number, line in enumerate(lines):
            _layout, h = _wrapped(line.text, fonts[line.kind], self._text_width(font, line.kind))
            height += max(h, icon if line.kind == WARNING else 0) + (gap if number else 0)
        return QSize(max(1, self.view.viewport().width()), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        font = self.view.font()
        pad, gap, icon_size = self._metrics(font)
        fonts = self._fonts(font)
        lines = self._lines(index)
        rect = QRect(option.rect)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        warned = any(line.kind == WARNING for line in lines)
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        painter.save()
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight)
            text_colour = palette.color(QPalette.ColorRole.HighlightedText)
        elif warned:
            background = WARNING_BACKGROUND_DARK if dark else WARNING_BACKGROUND
            text_colour = WARNING_TEXT_DARK if dark else WARNING_TEXT
        else:
            background = palette.color(QPalette.ColorRole.Base)
            text_colour = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(rect, background)
        if warned:  # a thick bar down the card's left edge
            painter.fillRect(QRect(rect.left(), rect.top(), max(4, pad // 2), rect.height()), WARNING_EDGE)
        # The line between two cards.
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus and self.view.hasFocus():
            ring = QPalette.ColorRole.Text if selected else QPalette.ColorRole.Highlight
            painter.setPen(QPen(palette.color(ring), 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.setPen(text_colour)
        y = rect.top() + pad
        for number, line in enumerate(lines):
            if number:
                y += gap
            x = rect.left() + pad
            height = 0
            if line.kind == WARNING:
                style = self.view.style()
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning, None, self.view)
                icon.paint(painter, QRect(x, y, icon_size, icon_size))
                x += icon_size + pad // 2
                height = icon_size
            layout, h = _wrapped(line.text, fonts[line.kind], self._text_width(font, line.kind))
            layout.draw(painter, QPointF(x, y))
            y += max(h, height)
        painter.restore()


class CardView(QTreeView):
    """Records as cards, one under the other, newest first; arrows move between cards, Enter opens
    one, Tab moves on. Only the cards on screen are measured and painted."""

    VISIBLE_LINES = 10  # never squeezed below this many lines of text: the page scrolls instead

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setAllColumnsShowFocus(False)  # one column shows; see visualRect
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setWordWrap(True)
        self.setItemDelegate(CardDelegate(self))
        self._width = -1
        self.setAccessibleName(name)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._one_column)
            model.layoutChanged.connect(self._one_column)
        self._one_column()

    def _one_column(self, *args) -> None:
        """Only the first column shows: its card holds every column's words."""
        model = self.model()
        if model is None:
            return
        for column in range(1, model.columnCount()):
            self.setColumnHidden(column, True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._width:
            self._width = width
            self.header().resizeSection(0, width)
            self.scheduleDelayedItemsLayout()  # the cards' heights follow the new width

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # larger text: taller cards
            self.scheduleDelayedItemsLayout()

    # Where a card is: QTreeView finds it by measuring every card between the top one shown and it
    # (its "slow if the item is not visible" path), which for a card years away means laying out
    # tens of thousands of cards: 9 s for 50,000 diary entries, each time the choice jumps from the
    # first entry to the last. A card far from the screen is only said to be above or below it:
    # that is all the view needs (nothing to repaint); near the screen the place is measured.
    NEAR = 200  # cards

    def visualRect(self, index: _Index) -> QRect:
        if index.isValid() and not index.parent().isValid():
            top = self.verticalScrollBar().value()  # per item: the first card shown
            row = index.row()
            if row < top - self.NEAR or row > top + self.verticalScrollBar().pageStep() + self.NEAR:
                width = self.viewport().width()
                y = -2 if row < top else self.viewport().height() + 1
                return QRect(0, y, width, 1)
        return super().visualRect(index)

    def visualRegionForSelection(self, selection) -> QRegion:
        # The cards on screen, whatever was chosen: QTreeView would measure the way to each.
        return QRegion(self.viewport().rect()) if not selection.isEmpty() else QRegion()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        lines = QFontMetrics(self.font()).height() * self.VISIBLE_LINES
        return QSize(hint.width(), max(hint.height(), lines + 2 * self.frameWidth()))

    def _fetch_until(self, row: int | None) -> None:
        """Have a paged model offer rows up to ``row`` (every row when None)."""
        model = self.model()
        if not isinstance(model, PagedModel):
            return
        while model.has_more_rows() and (row is None or row >= self.model().rowCount()):
            model.offer_more_rows()

    def _scrolled(self, value: int) -> None:
        if value == self.verticalScrollBar().maximum():  # at the end of what it has: more
            self._fetch_until(self.model().rowCount() if self.model() is not None else None)

    def moveCursor(self, action, modifiers):
        # End goes to the last record, not to the last one given so far; the arrows and Page Down
        # go on past it.
        move = QAbstractItemView.CursorAction
        if action == move.MoveEnd:
            self._fetch_until(None)
        elif action in (move.MoveDown, move.MovePageDown):
            current = self.currentIndex()
            self._fetch_until((current.row() if current.isValid() else 0) + self.VISIBLE_LINES * 4)
        return super().moveCursor(action, modifiers)

    def select_row(self, row: int) -> None:
        """Choose the card of ``row``, make it the current one and scroll it into view."""
        self._fetch_until(row)
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def selected_row(self) -> int | None:
        selection = self.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return rows[0].row() if rows else None
