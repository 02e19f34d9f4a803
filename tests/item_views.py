"""What the large-text walks look for in lists and tables: text an item view cuts off ("December
4…", "3 da…") or a column header it cuts ("fter dos"), in the rows on screen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)


def _option(view: QAbstractItemView, rect: QRect) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = rect
    if view.wordWrap():
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    return option


def _header_problems(header: QHeaderView, name: str) -> list[str]:
    problems = []
    if not header.isVisible():
        return problems
    model = header.model()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) if model else None
        if not text:
            continue
        need = header.sectionSizeFromContents(section)
        have = header.sectionSize(section)
        wanted = need.width() if header.orientation() == Qt.Orientation.Horizontal else need.height()
        if wanted > have + 2:
            problems.append(f"{name}: header {str(text)!r} cut ({have} of {wanted} px)")
    return problems


def elided_items(view: QAbstractItemView) -> list[str]:
    """The items on screen in ``view`` whose text does not fit their cell (Qt draws them with "…"),
    and the column headers that are cut."""
    model = view.model()
    if model is None or not view.isVisible() or isinstance(view, QHeaderView):
        return []  # (a header is checked with its table)
    name = view.accessibleName() or type(view).__name__
    problems: list[str] = []
    if isinstance(view, (QTableView, QTreeView)):
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        problems += _header_problems(header, name)
    viewport = view.viewport().rect()
    if isinstance(view, (QTableView, QTreeView)):
        hidden = view.isColumnHidden
    elif isinstance(view, QListView):
        shown_column = view.modelColumn()
        hidden = lambda column: column != shown_column  # noqa: E731
    else:
        hidden = lambda column: column != 0  # noqa: E731
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a QListWidget's own model keeps it private: one column
        columns = 1
    for row in range(model.rowCount(QModelIndex())):
        shown = False
        for column in range(columns):
            if hidden(column):
                continue
            index = model.index(row, column)
            rect = view.visualRect(index)
            if rect.isEmpty() or not rect.intersects(viewport):
                continue
            shown = True
            text = index.data(Qt.ItemDataRole.DisplayRole)
            delegate = view.itemDelegateForIndex(index)
            need = delegate.sizeHint(_option(view, rect), index)
            cut_across = not view.wordWrap() and need.width() > rect.width() + 2
            if cut_across or need.height() > rect.height() + 2:
                what = str(text)[:40] if text else f"row {row}"
                problems.append(
                    f"{name}: {what!r} cut ({rect.width()}x{rect.height()} of {need.width()}x{need.height()})"
                )
        if not shown and view.visualRect(model.index(row, 0)).top() > viewport.bottom():
            break  # the rows below are off screen too
    return problems
