"""Red-flag rules (design.md §5), kept as data, each with its source, and the one judgement that
every surface asks: which entries carry a warning, at which level, in which episode, and which
warnings are still waiting to be read.

An entry is judged together with the entries of the 48 hours before it, so that symptoms split
over two quick entries still combine; but an entry *carries* a warning only when it itself
reports a symptom of the rule. Entries of one rule within 48 hours of each other are one episode:
one banner, one line in the report. The app never diagnoses: a warning says what the symptoms can
be a sign of, and whom to call.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from companion.core.models import DiaryEntry, DoseRecord
from companion.i18n import N_, _

WINDOW = dt.timedelta(hours=48)
# "Written about the last few hours": an urgent-breathing entry this recent gets the call-now wording.
RECENT = dt.timedelta(hours=6)
# "Known to my care team" keeps the same symptoms quiet until the next dose, or this long at most.
KNOWN_QUIET = dt.timedelta(days=7)

LABEL_NOT = N_("clinical practice, not in the label")


class Level(IntEnum):
    """How soon to act (design.md §5). Higher is more urgent; the highest match wins."""

    TODAY = 1  # contact your care team today
    NOW = 2  # contact your care team now; if you cannot reach them quickly, emergency services
    EMERGENCY = 3  # call emergency services now

    @property
    def code(self) -> str:
        """``today``, ``now`` or ``emergency``: the level as the command line gives it."""
        return self.name.lower()


@dataclass(frozen=True)
class Trigger:
    """Fires when one of ``symptoms`` reaches ``min_severity`` and, if ``with_any`` is given, one
    of those symptoms is present too (any severity). Then the rule stands at ``level``."""

    symptoms: frozenset[str]
    level: Level
    min_severity: int = 1
    with_any: frozenset[str] = frozenset()
    source: str = ""  # when it differs from the rule's source

    def matches(self, combined: dict[str, int]) -> bool:
        least = self.min_severity
        for code in self.symptoms:
            if combined.get(code, 0) >= least:
                return not self.with_any or not self.with_any.isdisjoint(combined)
        return False

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        return self.symptoms | self.with_any


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # untranslated; show with _()
    explanation: str
    source: str
    triggers: tuple[Trigger, ...]

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset().union(*(t.vocabulary for t in self.triggers))

    def level(self, combined: dict[str, int]) -> Level | None:
        """The highest level of the triggers that ``combined`` symptoms match, or None."""
        levels = [t.level for t in self.triggers if t.matches(combined)]
        return max(levels) if levels else None


def _set(*codes: str) -> frozenset[str]:
    return frozenset(codes)


RULES: tuple[Rule, ...] = (
    Rule(
        "myelitis_radiculitis",
        N_("Possible inflammation of the spinal cord or nerve roots"),
        N_(
            "New numbness, tingling, shooting pain or weakness, or new trouble passing or holding "
            "urine or stool, can be a sign of inflammation of the spinal cord or nerve roots "
            "(myelitis or radiculitis), a serious but uncommon side effect of tofersen."
        ),
        "US PI 5.1; EU SmPC 4.4",
        (
            Trigger(_set("numbness_tingling", "radiating_pain"), Level.TODAY),
            Trigger(_set("sudden_weakness"), Level.NOW),
            Trigger(_set("bladder_bowel_control"), Level.NOW, source=LABEL_NOT),
        ),
    ),
    Rule(
        "intracranial_pressure",
        N_("Possible raised pressure inside the head or swelling of the optic nerve"),
        N_(
            "Changes in vision, confusion, or severe headache or nausea or vomiting can be a sign of "
            "raised pressure inside the head (raised intracranial pressure) or of swelling of the "
            "optic nerve at the back of the eye (papilledema), serious but uncommon side effects of "
            "tofersen."
        ),
        "US PI 5.2; EU SmPC 4.4",
        (
            Trigger(_set("vision_changes", "confusion"), Level.NOW),
            Trigger(_set("nausea_vomiting"), Level.TODAY, min_severity=3),
            Trigger(_set("headache"), Level.NOW, min_severity=3, with_any=_set("nausea_vomiting")),
        ),
    ),
    Rule(
        "aseptic_meningitis",
        N_("Possible inflammation of the lining of the brain and spinal cord"),
        N_(
            "Fever, a stiff neck, or fever or a stiff neck with headache can be a sign of "
            "inflammation of the lining of the brain and spinal cord (aseptic meningitis), a serious "
            "but uncommon side effect of tofersen, or of an infection after the lumbar puncture."
        ),
        "US PI 5.3",
        (
            Trigger(_set("fever"), Level.TODAY, min_severity=2),
            Trigger(_set("fever"), Level.NOW, with_any=_set("stiff_neck")),
            Trigger(_set("fever"), Level.TODAY, with_any=_set("headache")),
            Trigger(_set("stiff_neck"), Level.TODAY, min_severity=2),
            Trigger(
                _set("headache"), Level.TODAY, min_severity=2, with_any=_set("stiff_neck"), source=LABEL_NOT
            ),
        ),
    ),
    Rule(
        "urgent_breathing",
        N_("Severe breathing trouble or choking"),
        N_("Severe difficulty breathing or choking needs help quickly."),
        LABEL_NOT,
        (Trigger(_set("breathing_difficulty", "choking"), Level.EMERGENCY, min_severity=3),),
    ),
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
# Symptoms that can take part in some rule: only entries with one of these need judging.
VOCABULARY: frozenset[str] = frozenset().union(*(r.vocabulary for r in RULES))


def combine(entries: Iterable[DiaryEntry]) -> dict[str, int]:
    """The worst severity of each symptom over ``entries``."""
    combined: dict[str, int] = {}
    for entry in entries:
        for code, severity in entry.symptoms.items():
            combined[code] = max(severity, combined.get(code, 0))
    return combined


def _worst(*maps: dict[str, int]) -> dict[str, int]:
    result: dict[str, int] = {}
    for symptoms in maps:
        for code, severity in symptoms.items():
            result[code] = max(severity, result.get(code, 0))
    return result


def not_worse(current: dict[str, int], before: dict[str, int]) -> bool:
    """True when ``current`` has no symptom that ``before`` lacks and none more severe."""
    return all(code in before and severity <= before[code] for code, severity in current.items())


# --- the judgement: warnings carried by entries ---------------------------------------------------


@dataclass(frozen=True)
class CarriedWarning:
    """A warning that an entry carries: it reports a symptom of ``rule`` itself, and the rule
    matches on it together with the entries of the 48 hours before it."""

    entry: DiaryEntry
    rule: Rule
    level: Level
    symptoms: dict[str, int]  # the rule's symptoms over the entry and the 48 hours before it
    earlier: dict[str, int]  # of those, the ones only the entries before it reported

    @property
    def key(self) -> str:
        return warning_key(self.entry.id, self.rule.code)


def warning_key(entry_id: str, rule_code: str) -> str:
    """The id of an entry's warning of one rule, as the command line shows it."""
    return f"{entry_id}:{rule_code}"


def judge(entries: Sequence[DiaryEntry]) -> dict[str, list[CarriedWarning]]:
    """The warnings each entry carries (by entry id; entries that carry none are absent).

    The one function every surface asks. ``entries`` may come in any order; an entry is judged
    with those of ``entries`` written in the 48 hours before it (by instant, its own included),
    so pass along the 48 hours before the first entry you care about.
    """
    ordered = sorted(entries, key=lambda e: (e.at, e.id))
    instants = [e.at for e in ordered]
    result: dict[str, list[CarriedWarning]] = {}
    for entry in ordered:
        codes = entry.symptoms.keys()
        own = [rule for rule in RULES if not rule.vocabulary.isdisjoint(codes)]
        if not own:
            continue
        start = bisect.bisect_left(instants, entry.at - WINDOW)
        end = bisect.bisect_right(instants, entry.at)
        before = [o for o in ordered[start:end] if o.id != entry.id]
        combined = combine([entry, *before])
        for rule in own:
            level = rule.level(combined)
            if level is None:
                continue
            symptoms = {c: s for c, s in combined.items() if c in rule.vocabulary}
            earlier = {c: s for c, s in symptoms.items() if c not in entry.symptoms}
            result.setdefault(entry.id, []).append(CarriedWarning(entry, rule, level, symptoms, earlier))
    return result


def rule_codes(warnings: Iterable[CarriedWarning]) -> list[str]:
    """The rule codes of warnings, in the rules' order."""
    carried = {w.rule.code for w in warnings}
    return [rule.code for rule in RULES if rule.code in carried]


@dataclass(frozen=True)
class Episode:
    """The warnings of one rule whose entries follow each other within 48 hours."""

    rule: Rule
    warnings: tuple[CarriedWarning, ...]  # oldest first

    @property
    def start(self) -> dt.datetime:
        return self.warnings[0].entry.at

    @property
    def end(self) -> dt.datetime:
        return self.warnings[-1].entry.at

    @property
    def level(self) -> Level:
        return max(w.level for w in self.warnings)

    @property
    def symptoms(self) -> dict[str, int]:
        return _worst(*(w.symptoms for w in self.warnings))

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(w.entry.id for w in self.warnings)

    @property
    def key(self) -> str:
        return self.warnings[0].key


def episodes(warnings: Iterable[CarriedWarning]) -> list[Episode]:
    """Group warnings into episodes, oldest first (by their first entry)."""
    by_rule: dict[str, list[CarriedWarning]] = {}
    for warning in warnings:
        by_rule.setdefault(warning.rule.code, []).append(warning)
    result: list[Episode] = []
    for code, items in by_rule.items():
        items.sort(key=lambda w: (w.entry.at, w.entry.id))
        current = [items[0]]
        for warning in items[1:]:
            if warning.entry.at - current[-1].entry.at <= WINDOW:
                current.append(warning)
            else:
                result.append(Episode(RULES_BY_CODE[code], tuple(current)))
                current = [warning]
        result.append(Episode(RULES_BY_CODE[code], tuple(current)))
    return sorted(result, key=lambda ep: (ep.start, RULES.index(ep.rule)))


# --- reading them: acknowledgements and what is still waiting --------------------------------------


@dataclass(frozen=True)
class Acknowledgement:
    """The user read the warning of ``rule`` on an entry; perhaps "known to my care team"."""

    entry_id: str
    entry_at: dt.datetime
    rule: str
    symptoms: dict[str, int]  # what the warning showed when it was read
    known_to_team: bool


def _dose_after(dose: DoseRecord, moment: dt.datetime) -> bool:
    """Was the dose given after ``moment`` (local time)? A dose on the same day with no time
    recorded counts as after: better one warning too many than one too few."""
    day = moment.date()
    if dose.given_on != day:
        return dose.given_on > day
    return dose.given_at is None or dose.given_at > moment.time()


def known_until(ack: Acknowledgement, doses: Sequence[DoseRecord]) -> dt.datetime:
    """When a "known to my care team" stops keeping the same symptoms quiet: 7 days after the
    acknowledged entry, or the next dose given after it, whichever comes first."""
    until = ack.entry_at + KNOWN_QUIET
    for dose in doses:
        if _dose_after(dose, ack.entry_at):
            given = dt.datetime.combine(dose.given_on, dose.given_at or dt.time.min, ack.entry_at.tzinfo)
            until = min(until, max(given, ack.entry_at))
    return until


def covering(
    warning: CarriedWarning, episode: Episode, acks: Sequence[Acknowledgement], doses: Sequence[DoseRecord]
) -> Acknowledgement | None:
    """The acknowledgement that keeps ``warning`` quiet, or None when it must be shown.

    Quiet: it was read itself, or read as part of its episode after it; or a later entry of the
    same episode with nothing new or worse than what was read; or, for "known to my care team",
    a later entry with nothing new or worse before the next dose and within 7 days — never at
    level emergency.
    """
    in_episode = set(episode.entry_ids)
    at = warning.entry.at
    for ack in acks:
        # A reading covers what was read: an entry edited to something new or worse warns again.
        if ack.rule != warning.rule.code or not not_worse(warning.symptoms, ack.symptoms):
            continue
        if ack.entry_id == warning.entry.id or ack.entry_id in in_episode:
            return ack
        if (
            ack.known_to_team
            and warning.level < Level.EMERGENCY
            and ack.entry_at < at < ack.entry_at + KNOWN_QUIET
            and at < known_until(ack, doses)  # the next dose ends it too (read last: the dearest)
        ):
            return ack
    return None


@dataclass(frozen=True)
class Waiting:
    """A warning still waiting to be read: the loud part of one episode (one banner)."""

    episode: Episode
    loud: tuple[CarriedWarning, ...]  # its warnings that no acknowledgement covers, oldest first

    @property
    def id(self) -> str:
        return self.loud[-1].key

    @property
    def entry(self) -> DiaryEntry:
        return self.loud[-1].entry

    @property
    def rule(self) -> Rule:
        return self.episode.rule

    @property
    def level(self) -> Level:
        return max(w.level for w in self.loud)

    @property
    def symptoms(self) -> dict[str, int]:
        return _worst(*(w.symptoms for w in self.loud))

    @property
    def earlier(self) -> dict[str, int]:
        """Symptoms that only entries before the loud ones reported ("also in the 48 hours before")."""
        vocabulary = self.rule.vocabulary
        own = _worst(*({c: s for c, s in w.entry.symptoms.items() if c in vocabulary} for w in self.loud))
        return {c: s for c, s in self.symptoms.items() if c not in own}

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(w.entry.id for w in self.loud)

    @property
    def read_symptoms(self) -> dict[str, int]:
        """What reading it acknowledges: the episode's symptoms up to its latest loud entry."""
        last = self.entry.at
        return _worst(*(w.symptoms for w in self.episode.warnings if w.entry.at <= last))


def waiting(
    all_episodes: Sequence[Episode], acks: Sequence[Acknowledgement], doses: Sequence[DoseRecord]
) -> list[Waiting]:
    """The warnings waiting to be read, oldest first, one per episode with anything loud."""
    result = []
    for episode in all_episodes:
        loud = tuple(w for w in episode.warnings if covering(w, episode, acks, doses) is None)
        if loud:
            result.append(Waiting(episode, loud))
    return sorted(result, key=lambda w: (w.entry.at, w.id))


# --- words --------------------------------------------------------------------------------------


def source_text(rule: Rule, symptoms: dict[str, int] | None = None) -> str:
    """Where a rule comes from, in the user's language where it is words. With ``symptoms``,
    only the sources of the triggers they match are added to the rule's own."""
    sources = [rule.source if rule.source != LABEL_NOT else _(LABEL_NOT)]
    for trigger in rule.triggers:
        if trigger.source and (symptoms is None or trigger.matches(symptoms)):
            text = _(trigger.source) if trigger.source == LABEL_NOT else trigger.source
            if text not in sources:
                sources.append(text)
    return "; ".join(sources)


def is_recent(entry: DiaryEntry, now: dt.datetime) -> bool:
    """Written about the last few hours (for the call-now wording of urgent breathing)."""
    return dt.timedelta(0) <= now - entry.at <= RECENT
