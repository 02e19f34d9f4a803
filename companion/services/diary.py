"""The symptom diary of one patient: entries, red flags, check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from companion.core import red_flags
from companion.core.diary import (
    Checkin,
    CheckinStatus,
    DiaryFilter,
    days_after_dose,
    local_now,
    pending_checkin,
    validate_entry,
)
from companion.core.models import PATIENT, DiaryEntry, DoseRecord
from companion.core.red_flags import Rule
from companion.i18n import _, format_date
from companion.services.common import DeletedItem
from companion.store.database import Store
from companion.store.diary import DiaryRepository


@dataclass(frozen=True)
class EntryInfo:
    """What the diary shows beside an entry: days after the last dose, and the flags it carries."""

    days_after_dose: int | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Banner:
    """A red flag to show until the user acknowledges it."""

    entry: DiaryEntry
    rule: Rule
    symptoms: dict[str, int]  # the symptoms behind it, combined over 48 hours
    recent: bool  # written about the last few hours


class DiaryService:
    def __init__(
        self,
        store: Store,
        today: Callable[[], dt.date],
        doses: Callable[[], Sequence[DoseRecord]],
        now: Callable[[], dt.datetime] = local_now,
    ):
        self.store = store
        self.repo = DiaryRepository(store)
        self._today = today
        self._doses = doses
        self._now = now

    # --- entries ----------------------------------------------------------------------------

    def add(self, entry: DiaryEntry) -> DiaryEntry:
        """Validate and save a new entry; returns it as saved."""
        entry = validate_entry(entry, self._today())
        self.repo.add(entry)
        return entry

    def edit(self, entry: DiaryEntry) -> DiaryEntry:
        entry = validate_entry(entry, self._today())
        self.repo.update(entry)
        return entry

    def delete(self, entry_id: str) -> None:
        self.repo.delete(entry_id)

    def restore(self, entry_id: str) -> None:
        self.repo.restore(entry_id)

    def entry(self, entry_id: str) -> DiaryEntry:
        return self.repo.get(entry_id)

    def feel_as_usual(self, by: str = PATIENT) -> DiaryEntry:
        """One action: "I feel as usual", now."""
        return self.add(DiaryEntry(at=self.now(), by=by))

    def now(self) -> dt.datetime:
        return self._now()

    def default_author(self) -> str:
        """Who wrote last: the entry dialog starts with them."""
        authors = self.repo.authors()
        return authors[0] if authors else PATIENT

    def authors(self) -> list[str]:
        return self.repo.authors()

    def ids(self, f: DiaryFilter, offset: int = 0, limit: int = -1, total: int | None = None) -> list[str]:
        f.check()
        return self.repo.ids(f, offset, limit, total)

    def count_matching(self, f: DiaryFilter) -> int:
        f.check()
        return self.repo.count_matching(f)

    def position(self, f: DiaryFilter, entry_id: str) -> int | None:
        return self.repo.position(f, entry_id)

    def page(
        self, f: DiaryFilter, offset: int, limit: int, total: int | None = None
    ) -> list[tuple[DiaryEntry, EntryInfo]]:
        """A page of the diary view: entries in display order, each with its info. ``total``, the
        count the view holds, lets a page near the end be read from the end."""
        entries = self.repo.by_ids(self.ids(f, offset, limit, total))
        info = self.with_info(entries)
        return [(e, info[e.id]) for e in entries]

    def count(self) -> int:
        return self.repo.count()

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DiaryEntry]:
        """Entries in a period (local dates, inclusive), oldest first."""
        f = DiaryFilter(start=start, end=end, newest_first=False)
        f.check()
        return self.repo.entries(f)

    def with_info(self, entries: Sequence[DiaryEntry]) -> dict[str, EntryInfo]:
        """Days after the last dose and red flags for each of ``entries`` (by id)."""
        if not entries:
            return {}
        dose_dates = sorted(d.given_on for d in self._doses())
        first = min(e.at for e in entries)
        last = max(e.at for e in entries)
        window = {e.id: e for e in self.repo.between(first - red_flags.WINDOW, last)}
        window.update((e.id, e) for e in entries)
        flags = red_flags.flags_by_entry(list(window.values()))
        return {
            e.id: EntryInfo(days_after_dose(e.at.date(), dose_dates), tuple(flags.get(e.id, ())))
            for e in entries
        }

    def deleted_items(self) -> list[DeletedItem]:
        return [
            DeletedItem(
                _("Diary entry of {date}").format(date=format_date(entry.at.date())),
                when,
                restore=lambda i=entry.id: self.restore(i),
                delete=lambda i=entry.id: self.delete(i),
            )
            for entry, when in self.repo.deleted()
        ]

    # --- red flags --------------------------------------------------------------------------

    def banners(self) -> list[Banner]:
        """Red flags still waiting for the user to read them, oldest first.

        A flag brings a banner when its entry itself reports a symptom of the rule, it is not yet
        acknowledged, and it is not covered by an earlier flag marked "known to my care team"
        with the same symptoms, none now worse.
        """
        candidates = self.repo.by_ids(self.repo.ids_with_symptoms(red_flags.VOCABULARY))
        flags = red_flags.flags_by_entry(candidates)
        acknowledged = self.repo.acknowledged()
        now = self.now()
        banners: list[Banner] = []
        for entry in candidates:
            for code in flags.get(entry.id, []):
                rule = red_flags.RULES_BY_CODE[code]
                if (entry.id, code) in acknowledged or not red_flags.entry_adds_to(rule, entry):
                    continue
                symptoms = red_flags.relevant_symptoms(rule, entry, candidates)
                if red_flags.covered_by_known(symptoms, self.repo.known_to_team(code, entry.at)):
                    continue
                banners.append(Banner(entry, rule, symptoms, red_flags.is_recent(entry, now)))
        return banners

    def carries_warning(self, entry_id: str) -> bool:
        """True when the entry itself carries a warning sign (whether read or not)."""
        entry = self.entry(entry_id)
        flags = self.with_info([entry])[entry.id].flags
        return any(red_flags.entry_adds_to(red_flags.RULES_BY_CODE[code], entry) for code in flags)

    def banners_for(self, entry_id: str) -> list[Banner]:
        return [b for b in self.banners() if b.entry.id == entry_id]

    def acknowledge(self, banner: Banner, known_to_team: bool = False) -> None:
        self.repo.acknowledge(banner.entry.id, banner.rule.code, known_to_team, banner.symptoms)

    def unacknowledge(self, banner: Banner) -> None:
        self.repo.unacknowledge(banner.entry.id, banner.rule.code)

    # --- check-ins --------------------------------------------------------------------------

    def pending_checkin(self) -> Checkin | None:
        doses = sorted(self._doses(), key=lambda d: d.given_on)
        if not doses:
            return None
        last = doses[-1]
        return pending_checkin(
            last.id,
            last.given_on,
            self._today(),
            self.repo.latest_local_date(),
            self.repo.closed_checkin_days(last.id),
        )

    def dismiss_checkin(self, checkin: Checkin) -> None:
        self.repo.close_checkin(checkin.dose_id, checkin.day, CheckinStatus.DISMISSED)

    def reopen_checkin(self, checkin: Checkin) -> None:
        self.repo.reopen_checkin(checkin.dose_id, checkin.day)
