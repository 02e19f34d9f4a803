"""Pieces every service shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


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


class Kind(StrEnum):
    """A kind of record a change can touch."""

    DOSE = "dose"
    APPOINTMENT = "appointment"
    PROFILE = "profile"  # the profile and settings (treatment status, names, text size…)
    DIARY = "diary"  # diary entries, warnings read, check-ins
    ALSFRS = "alsfrs"
    VISIT = "visit"  # measurements, other medicines, questions for the visit
    REMINDER = "reminder"  # reminders closed


@dataclass(frozen=True)
class Change:
    """What an operation changed, so that each screen decides whether it must refresh (as Anki's
    ``OpChanges``): the injections page ignores a new diary entry, the diary ignores a rating."""

    kinds: frozenset[Kind]

    @classmethod
    def of(cls, *kinds: Kind) -> Change:
        return cls(frozenset(kinds))

    def touches(self, *kinds: Kind) -> bool:
        """True when the change touched any of ``kinds``."""
        return not self.kinds.isdisjoint(kinds)


# A change whose reach is not known (a restore from "Recently deleted", a new patient): all kinds.
EVERYTHING = Change(frozenset(Kind))
