"""Pieces every service shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeletedItem:
    """A soft-deleted record, as the "Recently deleted" view lists it.

    ``description`` is already in the user's language (e.g. "ALSFRS-R rating of June 1, 2026").
    ``restore`` brings it back (may raise InvalidInput); ``delete`` deletes it again (for undo).
    """

    description: str
    deleted_at: dt.datetime
    restore: Callable[[], None]
    delete: Callable[[], None]
