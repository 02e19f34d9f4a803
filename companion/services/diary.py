"""The symptom diary of one patient: entries, red flags, check-ins."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

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
from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, DiaryEntry, DoseRecord
from companion.core.red_flags import Acknowledgement, Level, Rule
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
    """A warning waiting to be read (one per episode): shown until the user acknowledges it."""

    waiting: red_flags.Waiting
    recent: bool  # its latest entry was written about the last few hours

    @property
    def id(self) -> str:
        return self.waiting.id

    @property
    def entry(self) -> DiaryEntry:
        return self.waiting.entry

    @property
    def rule(self) -> Rule:
        return self.waiting.rule

    @property
    def level(self) -> Level:
        return self.waiting.level

    @property
    def symptoms(self) -> dict[str, int]:
        """The symptoms behind it, combined over its entries and the 48 hours before them."""
        return self.waiting.symptoms

    @property
    def earlier(self) -> dict[str, int]:
        """Those only reported in the 48 hours before its entries."""
        return self.waiting.earlier


class WarningState(StrEnum):
    WAITING = "waiting"
    READ = "read"
    KNOWN = "known"  # known to the care team


@dataclass(frozen=True)
class EpisodeHistory:
    """One episode of a warning as the Warnings list shows it."""

    episode: red_flags.Episode
    state: WarningState
    known_until: dt.datetime | None  # for KNOWN: when the same symptoms warn again at the latest
    own_acknowledgements: bool  # read on one of its own entries: the reading can be taken back
    banner: Banner | None  # for WAITING


class _Lazy(Sequence[DoseRecord]):
    """The doses, read only if a "known to my care team" needs the next dose after it: most
    checks never do, and reading years of doses costs more than the rest of the check."""

    def __init__(self, read: Callable[[], Sequence[DoseRecord]]):
        self._read = read
        self._items: Sequence[DoseRecord] | None = None

    def _loaded(self) -> Sequence[DoseRecord]:
        if self._items is None:
            self._items = self._read()
        return self._items

    def __getitem__(self, index):
        return self._loaded()[index]

    def __len__(self) -> int:
        return len(self._loaded())


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

    def delete_written_at(self, at: dt.datetime, whole_minute: bool = False) -> list[DiaryEntry]:
        """Delete (softly, restorable) the entries written at ``at`` — any second of its minute
        with ``whole_minute`` — and return them."""
        span = dt.timedelta(minutes=1) if whole_minute else dt.timedelta(seconds=1)
        start = at.replace(second=0, microsecond=0) if whole_minute else at.replace(microsecond=0)
        found = [e for e in self.repo.between(start, start + span) if start <= e.at < start + span]
        for entry in found:
            self.repo.delete(entry.id)
        return found

    def is_recent(self, entry: DiaryEntry) -> bool:
        """Written about the last few hours (the urgent-breathing wording)."""
        return red_flags.is_recent(entry, self.now())

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
        """Days after the last dose and the warnings each of ``entries`` carries (by id)."""
        if not entries:
            return {}
        dose_dates = sorted(d.given_on for d in self._doses())
        carried = self._judge_with_context(entries)
        return {
            e.id: EntryInfo(
                days_after_dose(e.at.date(), dose_dates), tuple(red_flags.rule_codes(carried.get(e.id, ())))
            )
            for e in entries
        }

    def _judge_with_context(self, entries: Sequence[DiaryEntry]) -> dict[str, list[red_flags.CarriedWarning]]:
        """The warnings ``entries`` carry, each judged with the 48 hours before it."""
        first = min(e.at for e in entries)
        last = max(e.at for e in entries)
        window = {e.id: e for e in self.repo.between(first - red_flags.WINDOW, last)}
        window.update((e.id, e) for e in entries)
        return red_flags.judge(list(window.values()))

    def deleted_items(self) -> list[DeletedItem]:
        return [
            DeletedItem(
                _("Diary entry of {date}").format(date=format_date(entry.at.date())),
                when,
                restore=functools.partial(self.restore, entry.id),
                delete=functools.partial(self.delete, entry.id),
            )
            for entry, when in self.repo.deleted()
        ]

    # --- red flags --------------------------------------------------------------------------

    def warnings_of(self, entry_id: str) -> list[red_flags.CarriedWarning]:
        """The warnings an entry carries, read or not (the diary row, `diary add`'s words)."""
        entry = self.entry(entry_id)
        return self._judge_with_context([entry]).get(entry.id, [])

    def carries_warning(self, entry_id: str) -> bool:
        """True when the entry itself carries a warning sign (whether read or not)."""
        return bool(self.warnings_of(entry_id))

    def _acknowledgements(self) -> list[Acknowledgement]:
        return [
            Acknowledgement(entry_id, at, rule, symptoms, known)
            for entry_id, at, rule, symptoms, known in self.repo.acknowledgements()
        ]

    def _judged_episodes(self) -> list[red_flags.Episode]:
        # Only entries with a symptom of some rule can carry or feed a warning: the symptom index
        # gives them, a few bytes each, in one query, however long the diary.
        carried = red_flags.judge(self.repo.with_codes(red_flags.VOCABULARY))
        return red_flags.episodes(w for warnings in carried.values() for w in warnings)

    def _banner(self, item: red_flags.Waiting) -> Banner:
        return Banner(item, red_flags.is_recent(item.entry, self.now()))

    def banners(self) -> list[Banner]:
        """The warnings waiting to be read, oldest first: one per episode with an entry that no
        acknowledgement covers (see ``red_flags.covering``)."""
        waiting = red_flags.waiting(self._judged_episodes(), self._acknowledgements(), _Lazy(self._doses))
        return [self._banner(item) for item in waiting]

    def banners_for(self, entry_id: str) -> list[Banner]:
        """The waiting warnings that this entry makes loud (after saving it)."""
        return [b for b in self.banners() if entry_id in b.waiting.entry_ids]

    def banner(self, warning_id: str) -> Banner:
        """A waiting warning by its id (or the id of any of its loud entries' warnings); raises
        InvalidInput when no warning with that id is waiting."""
        for banner in self.banners():
            if warning_id == banner.id or warning_id in {w.key for w in banner.waiting.loud}:
                return banner
        raise InvalidInput(
            _("No warning with the id “{id}” is waiting to be read. List them with: warnings").format(
                id=warning_id
            )
        )

    def acknowledge(self, banner: Banner, known_to_team: bool = False) -> None:
        """Mark a waiting warning read; "known to my care team" never for level emergency."""
        known = known_to_team and banner.level < Level.EMERGENCY
        self.repo.acknowledge(banner.waiting.entry_ids, banner.rule.code, known, banner.waiting.read_symptoms)

    def unacknowledge(self, banner: Banner) -> None:
        self.repo.unacknowledge(banner.waiting.entry_ids, banner.rule.code)

    def warning_history(self) -> list[EpisodeHistory]:
        """Every episode of every warning, newest first, with its state."""
        acks = self._acknowledgements()
        doses = self._doses()
        result = []
        for episode in self._judged_episodes():
            own = any(a.rule == episode.rule.code and a.entry_id in episode.entry_ids for a in acks)
            covers = [red_flags.covering(w, episode, acks, doses) for w in episode.warnings]
            if any(c is None for c in covers):
                loud = tuple(w for w, c in zip(episode.warnings, covers, strict=True) if c is None)
                banner = self._banner(red_flags.Waiting(episode, loud))
                result.append(EpisodeHistory(episode, WarningState.WAITING, None, own, banner))
                continue
            known = [c for c in covers if c is not None and c.known_to_team]
            if known:
                until = max(red_flags.known_until(c, doses) for c in known)
                result.append(EpisodeHistory(episode, WarningState.KNOWN, until, own, None))
            else:
                result.append(EpisodeHistory(episode, WarningState.READ, None, own, None))
        return sorted(result, key=lambda h: (h.episode.end, h.episode.key), reverse=True)

    def unacknowledge_episode(self, episode: red_flags.Episode) -> None:
        """Take back the reading of an episode: its warning waits to be read again."""
        self.repo.unacknowledge(episode.entry_ids, episode.rule.code)

    def acknowledgements_of(self, episode: red_flags.Episode) -> list[Acknowledgement]:
        """The readings on an episode's own entries (to put back what an undo took away)."""
        return [
            a
            for a in self._acknowledgements()
            if a.rule == episode.rule.code and a.entry_id in episode.entry_ids
        ]

    def reacknowledge(self, acks: Sequence[Acknowledgement]) -> None:
        """Put readings back as they were (redo of taking them back)."""
        for ack in acks:
            self.repo.acknowledge([ack.entry_id], ack.rule, ack.known_to_team, ack.symptoms)

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
