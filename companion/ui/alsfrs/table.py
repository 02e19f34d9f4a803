"""The history of ratings as a table: date, total, the four subscores, item 5's form, who rated, note."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from companion.core import alsfrs as scale
from companion.core import texts
from companion.core.models import AlsfrsRating, Item5
from companion.i18n import _, format_date, format_number

_Index = QModelIndex | QPersistentModelIndex


@dataclasses.dataclass(frozen=True)
class _Column:
    header: str  # may have a line break, to keep the column narrow
    spoken_header: str  # for screen readers and the tooltip
    cell: Callable[[AlsfrsRating], str]
    spoken_cell: Callable[[AlsfrsRating], str] | None = None  # when the cell is an abbreviation
    number: bool = False


_DOMAIN_ITEMS = {
    scale.Domain.BULBAR: "1–3",
    scale.Domain.FINE_MOTOR: "4–6",
    scale.Domain.GROSS_MOTOR: "7–9",
    scale.Domain.RESPIRATORY: "10–12",
}


def _rating_columns() -> list[_Column]:
    def subscore(d: scale.Domain) -> Callable[[AlsfrsRating], str]:
        return lambda r: format_number(scale.subscore(r.scores, d))

    columns = [
        _Column(_("Date"), _("Date"), lambda r: format_date(r.rated_on)),
        _Column(
            _("Total\n(of 48)"),
            _("Total, of 48"),
            lambda r: format_number(scale.total(r.scores)),
            number=True,
        ),
    ]
    for d in scale.Domain:
        columns.append(
            _Column(
                _("{domain}\n(items {items})").format(
                    domain=scale.domain_short_name(d), items=_DOMAIN_ITEMS[d]
                ),
                _("{domain}, of 12").format(domain=scale.domain_name(d)),
                subscore(d),
                number=True,
            )
        )
    columns += [
        _Column(
            _("Item 5"),
            _("Item 5"),
            lambda r: Item5(r.item5).value,
            spoken_cell=lambda r: scale.item5_name(r.item5),
        ),
        _Column(_("Rated by"), _("Rated by"), lambda r: texts.capitalised(texts.author_name(r.rated_by))),
        _Column(_("Note"), _("Note"), lambda r: " ".join(r.note.split())),
    ]
    return columns


class AlsfrsTableModel(QAbstractTableModel):
    """Ratings, newest first: date, total, the four subscores, item 5's form, who rated, note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AlsfrsRating] = []
        self._columns = _rating_columns()

    def set_rows(self, ratings: Sequence[AlsfrsRating]) -> None:
        self.beginResetModel()
        self._rows = sorted(ratings, key=lambda r: r.rated_on, reverse=True)
        self._columns = _rating_columns()  # in the language in use now
        self.endResetModel()

    def row_at(self, row: int) -> AlsfrsRating:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        rating = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.cell(rating)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return (column.spoken_cell or column.cell)(rating) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return column.spoken_header
        return None
