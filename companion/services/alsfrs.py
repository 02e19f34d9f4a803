"""ALSFRS-R self-ratings of one patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from companion.store.database import Store


class AlsfrsService:
    def __init__(self, store: Store, today: Callable[[], dt.date]):
        self.store = store
        self._today = today
