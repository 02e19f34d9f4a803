"""ALSFRS-R self-ratings of one patient: saving them, and the trend over a period."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from companion.core import alsfrs as scale
from companion.core.models import AlsfrsRating, Item5
from companion.i18n import _, format_date
from companion.services.common import DeletedItem
from companion.store.alsfrs import AlsfrsRepository
from companion.store.database import Store


@dataclass(frozen=True)
class Trend:
    """The ratings of a period (oldest first) and their slope in points per month.

    ``slope`` is None when there is not enough data (fewer than three ratings, or under eight weeks).
    """

    period: scale.Period
    start: dt.date | None  # None: from the first rating
    end: dt.date
    ratings: tuple[AlsfrsRating, ...]
    slope: float | None


class AlsfrsService:
    def __init__(self, store: Store, today: Callable[[], dt.date]):
        self.store = store
        self.repo = AlsfrsRepository(store)
        self._today = today

    def today(self) -> dt.date:
        return self._today()

    # --- ratings ----------------------------------------------------------------------------

    def check(self, rating: AlsfrsRating) -> AlsfrsRating:
        """The rating as it would be saved; raises InvalidInput with a plain message."""
        return scale.validate_rating(rating, self._today())

    def add(self, rating: AlsfrsRating) -> AlsfrsRating:
        """Validate and save a new rating; returns it as saved.

        Adding a rating whose id was deleted (redo after an undone add) brings that rating back
        with these values, so an undoable "add" can run again."""
        rating = self.check(rating)
        state = self.repo.state(rating.id)
        if state is None:
            self.repo.add(rating)
            return rating
        with self.store.write():
            if state == "deleted":
                self.repo.restore(rating.id)
            if self.repo.get(rating.id) != rating:
                self.repo.update(rating)
        return rating

    def edit(self, rating: AlsfrsRating) -> AlsfrsRating:
        """Save new values for an existing rating; the previous version is kept."""
        rating = self.check(rating)
        self.repo.update(rating)
        return rating

    def delete(self, rating_id: str) -> None:
        """Soft delete: the rating moves to "Recently deleted"."""
        self.repo.delete(rating_id)

    def restore(self, rating_id: str) -> None:
        self.repo.restore(rating_id)

    def rating(self, rating_id: str) -> AlsfrsRating:
        return self.repo.get(rating_id)

    def ratings(self, start: dt.date | None = None, end: dt.date | None = None) -> list[AlsfrsRating]:
        """Ratings not deleted, oldest first, from ``start`` to ``end`` (both included)."""
        return self.repo.ratings(start, end)

    def latest(self) -> AlsfrsRating | None:
        return self.repo.latest()

    def default_item5(self) -> Item5:
        """The form of item 5 a new rating starts with: the one of the latest rating."""
        latest = self.repo.latest()
        return latest.item5 if latest is not None else Item5.CUTTING_FOOD

    # --- trend ------------------------------------------------------------------------------

    def slope(self, start: dt.date | None = None, end: dt.date | None = None) -> float | None:
        """Points per month (30.44 days) by least squares over the ratings from ``start`` to ``end``;
        None when there is not enough data."""
        return scale.slope_per_month(self.repo.ratings(start, end))

    def trend(self, period: scale.Period) -> Trend:
        """The ratings and slope of ``period``, ending today."""
        today = self._today()
        start = scale.period_start(period, today)
        ratings = self.repo.ratings(start, today)
        return Trend(scale.Period(period), start, today, tuple(ratings), scale.slope_per_month(ratings))

    # --- recently deleted -------------------------------------------------------------------

    def deleted_items(self) -> list[DeletedItem]:
        return [
            DeletedItem(
                _("ALSFRS-R rating of {date}, total {total}").format(
                    date=format_date(rating.rated_on), total=scale.total_text(scale.total(rating.scores))
                ),
                when,
                restore=functools.partial(self.restore, rating.id),
                delete=functools.partial(self.delete, rating.id),
            )
            for rating, when in self.repo.deleted()
        ]
