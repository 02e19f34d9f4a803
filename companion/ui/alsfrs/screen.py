"""The ALSFRS-R screen: rate my function, the history of ratings, the slope and a trend chart.

Scores, totals, subscores and the slope come from ``companion.core.alsfrs`` and the service; this
module only shows them. Every change goes through ``PatientSession.change`` so it can be undone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.core import alsfrs as scale
from companion.core.models import AlsfrsRating
from companion.i18n import _, format_date, ngettext
from companion.services.common import Change, Kind
from companion.ui.alsfrs.chart import AlsfrsChart
from companion.ui.alsfrs.common import _label
from companion.ui.alsfrs.rating_dialog import AlsfrsRatingDialog
from companion.ui.alsfrs.table import AlsfrsTableModel
from companion.ui.session import PatientSession
from companion.ui.widgets import FlowLayout, big_button, named, record_table, two_lines


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    return record_table(model, name)


class AlsfrsScreen(QWidget):
    """ALSFRS-R self-rating: a button to rate, the slope over a chosen period, a trend chart with
    the doses marked, and every rating in a table (edit, delete with undo)."""

    deleted = Signal(str)  # a message saying what was deleted and how to bring it back

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.rating_dialog: AlsfrsRatingDialog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)

        title = _label(_("ALSFRS-R self-rating"), "screenTitle")
        layout.addWidget(title)
        self.rate_button = big_button(
            _("&Rate my function (ALSFRS-R)"), _("Answer the 12 questions of the ALSFRS-R")
        )
        self.rate_button.setText(two_lines(self.rate_button.text(), longest=30))  # fits at 200 %
        self.rate_button.setObjectName("primaryButton")
        self.rate_button.setMinimumHeight(52)
        # A row of its own, not beside the title: with large text the two did not fit side by side.
        rate_row = FlowLayout()
        rate_row.addWidget(self.rate_button)
        layout.addLayout(rate_row)
        intro = _label(
            _(
                "Twelve questions about everyday life: speech, swallowing, hands, moving about and "
                "breathing. Each answer scores 4 (normal) to 0; the total runs from 0 to 48. "
                "Before each dose is a good time to rate, but it is never required."
            )
        )
        layout.addWidget(intro)
        # Where the words come from (issue 16): a clinician reading the ratings needs to know.
        self.wording_note = _label(
            " ".join(
                (
                    _(
                        "The questions are in plain words, adapted from the published "
                        "self-administered versions of the ALSFRS-R (such as the ALSFRS-R-SE and "
                        "the form of the US National ALS Registry)."
                    ),
                    _(
                        "The German, French, Spanish and Italian wordings are not validated "
                        "translations of the scale."
                    ),
                    _(
                        "Question 5 has two forms: 5a, cutting food and handling utensils, and 5b, "
                        "handling tube feeding, for people who are mainly fed through a feeding tube "
                        "(gastrostomy)."
                    ),
                )
            ),
            "smallNote",
        )
        layout.addWidget(self.wording_note)

        trend_title = QLabel(_("Trend"))
        trend_title.setObjectName("sectionTitle")
        trend_title.setWordWrap(True)
        layout.addWidget(trend_title)
        period_row = QHBoxLayout()
        period_label = QLabel(_("&Period:"))
        self.period = QComboBox()
        self.period.setMinimumHeight(44)
        for period in scale.Period:
            self.period.addItem(scale.period_name(period), period.value)
        self.period.setCurrentIndex(self.period.findData(scale.Period.LAST_12_MONTHS.value))
        named(self.period, _("Period"), _("The ratings the slope and the chart are made from"))
        period_label.setBuddy(self.period)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period)
        period_row.addStretch()
        layout.addLayout(period_row)
        # On a line of its own (it can be long), and a style rule rather than a fixed font, so
        # that it follows the text size chosen in Settings.
        self.slope_label = _label("", "sectionTitle")
        layout.addWidget(self.slope_label)
        self.slope_note = _label("", "smallNote")
        layout.addWidget(self.slope_note)
        self.chart = AlsfrsChart()
        layout.addWidget(self.chart, 3)

        history_title = QLabel(_("All ratings"))
        history_title.setObjectName("sectionTitle")
        history_title.setWordWrap(True)
        layout.addWidget(history_title)
        buttons = FlowLayout()
        self.edit_button = big_button(_("&Change rating"), _("Change the rating chosen in the table"))
        self.delete_button = big_button(_("Delete rati&ng"), _("Delete the rating chosen in the table"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self.model = AlsfrsTableModel(self)
        self.table = _table(self.model, _("ALSFRS-R ratings"))
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table, 2)
        self.empty = _label(_("No rating yet. Press “Rate my function” to make the first one."))
        layout.addWidget(self.empty)

        self.rate_button.clicked.connect(self.rate)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        session.changed.connect(self._on_change)
        self.refresh()

    # --- showing ------------------------------------------------------------------------------

    def current_period(self) -> scale.Period:
        return scale.Period(self.period.currentData())

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: ratings, and the dose dates on the chart."""
        if change.touches(Kind.ALSFRS, Kind.DOSE):
            self.refresh()

    def refresh(self) -> None:
        service = self.session.records.alsfrs
        selected = self.selected_id()
        ratings = service.ratings()
        self.model.set_rows(ratings)
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            rows = [i for i in range(self.model.rowCount()) if self.model.row_at(i).id == selected]
            self.table.selectRow(rows[0] if rows else 0)
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)

        trend = service.trend(self.current_period())
        if trend.slope is None:
            self.slope_label.setText(scale.not_enough_data_text())
            self.slope_note.setText(
                ngettext(
                    "This period has {count} rating.", "This period has {count} ratings.", len(trend.ratings)
                ).format(count=len(trend.ratings))
            )
        else:
            self.slope_label.setText(scale.slope_text(trend.slope))
            self.slope_note.setText(
                _(
                    "Change of the total per month, worked out (by least squares) from the "
                    "{count} ratings from {first} to {last}."
                ).format(
                    count=len(trend.ratings),
                    first=format_date(trend.ratings[0].rated_on),
                    last=format_date(trend.ratings[-1].rated_on),
                )
            )
        self.slope_label.setAccessibleName(self.slope_label.text())
        doses = [d.given_on for d in self.session.records.doses.history()]
        points = [(r.rated_on, scale.total(r.scores)) for r in trend.ratings]
        start = trend.start
        if start is None:
            known = [r.rated_on for r in trend.ratings] + doses
            start = min(known) if known else trend.end - dt.timedelta(days=30)
        shown_doses = [d for d in doses if start <= d <= trend.end]
        self.chart.set_data(
            points, shown_doses, start, trend.end, scale.summary_text(trend.ratings, len(shown_doses))
        )

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()).id if rows else None

    # --- actions ------------------------------------------------------------------------------

    def _open_dialog(self, existing: AlsfrsRating | None) -> AlsfrsRatingDialog:
        dialog = AlsfrsRatingDialog(self.session, existing, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.rating_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: AlsfrsRatingDialog) -> None:
        if self.rating_dialog is dialog:
            self.rating_dialog = None

    def rate(self) -> AlsfrsRatingDialog:
        """Open the rating dialog for a new rating (not blocking: the dialog is window-modal)."""
        return self._open_dialog(None)

    def edit_selected(self) -> AlsfrsRatingDialog | None:
        rating_id = self.selected_id()
        if rating_id is None:
            return None
        return self._open_dialog(self.session.records.alsfrs.rating(rating_id))

    def delete_selected(self) -> None:
        rating_id = self.selected_id()
        if rating_id is None:
            return
        service = self.session.records.alsfrs
        rating = service.rating(rating_id)
        self.session.change(
            _("deleting the ALSFRS-R rating of {date}").format(date=format_date(rating.rated_on)),
            lambda: service.delete(rating_id),
            lambda: service.restore(rating_id),
            kinds=frozenset({Kind.ALSFRS}),
        )
        self.deleted.emit(_("The rating was deleted. Press Undo (or Ctrl+Z) to bring it back."))
