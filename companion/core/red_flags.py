"""Red-flag rules (design.md §5), kept as data, each with its source.

An entry is judged together with the entries of the 48 hours before it, so that symptoms split
over two quick entries still combine. The app never diagnoses: a flag says what the symptoms can
be a sign of, and whom to call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.core.models import DiaryEntry
from companion.i18n import N_, _

WINDOW = dt.timedelta(hours=48)
# "Written about the last few hours": an urgent-breathing entry this recent gets the call-now wording.
RECENT = dt.timedelta(hours=6)

LABEL_NOT = N_("clinical practice, not in the label")


@dataclass(frozen=True)
class Trigger:
    """Fires when one of ``symptoms`` reaches ``min_severity`` and, if ``with_any`` is given, one
    of those symptoms is present too (any severity)."""

    symptoms: frozenset[str]
    min_severity: int = 1
    with_any: frozenset[str] = frozenset()
    source: str = ""  # when it differs from the rule's source

    def matches(self, combined: dict[str, int]) -> bool:
        hit = any(combined.get(code, 0) >= self.min_severity for code in self.symptoms)
        return hit and (not self.with_any or any(code in combined for code in self.with_any))

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.symptoms | self.with_any


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # untranslated; show with _()
    explanation: str
    source: str
    triggers: tuple[Trigger, ...]
    emergency: bool = False  # severe breathing trouble: call emergency services if happening now

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset().union(*(t.vocabulary for t in self.triggers))


def _set(*codes: str) -> frozenset[str]:
    return frozenset(codes)


RULES: tuple[Rule, ...] = (
    Rule(
        "myelitis_radiculitis",
        N_("Possible inflammation of the spinal cord or nerve roots"),
        N_(
            "New numbness, tingling, shooting pain or weakness can be a sign of inflammation of the "
            "spinal cord or nerve roots (myelitis or radiculitis), a serious but uncommon side effect "
            "of tofersen."
        ),
        "US PI 5.1; EU SmPC 4.4",
        (
            Trigger(_set("numbness_tingling", "radiating_pain", "sudden_weakness")),
            Trigger(_set("bladder_bowel_control"), 2, source=LABEL_NOT),
        ),
    ),
    Rule(
        "intracranial_pressure",
        N_("Possible raised pressure inside the head"),
        N_(
            "Changes in vision, confusion, or severe headache or sickness can be a sign of raised "
            "pressure inside the head (papilledema), a serious but uncommon side effect of tofersen."
        ),
        "US PI 5.2; EU SmPC 4.4",
        (
            Trigger(_set("vision_changes", "confusion")),
            Trigger(_set("nausea_vomiting"), 3),
            Trigger(_set("headache"), 3, with_any=_set("nausea_vomiting")),
        ),
    ),
    Rule(
        "aseptic_meningitis",
        N_("Possible inflammation of the lining of the brain and spinal cord"),
        N_(
            "Fever, a stiff neck, or fever with headache can be a sign of inflammation of the lining "
            "of the brain and spinal cord (aseptic meningitis), a serious but uncommon side effect of "
            "tofersen, or of an infection after the lumbar puncture."
        ),
        "US PI 5.3; EU SmPC 4.4",
        (
            Trigger(_set("fever"), 2),
            Trigger(_set("fever"), 1, with_any=_set("headache", "stiff_neck")),
            Trigger(_set("stiff_neck"), 2),
        ),
    ),
    Rule(
        "urgent_breathing",
        N_("Severe breathing trouble or choking"),
        N_("Severe difficulty breathing or choking needs help quickly."),
        LABEL_NOT,
        (Trigger(_set("breathing_difficulty", "choking"), 3),),
        emergency=True,
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


def in_window(entry: DiaryEntry, others: Iterable[DiaryEntry]) -> list[DiaryEntry]:
    """The entries judged with ``entry``: itself and those written in the 48 hours before it."""
    start = entry.at - WINDOW
    return [entry] + [o for o in others if o.id != entry.id and start <= o.at <= entry.at]


def rules_raised(entry: DiaryEntry, others: Iterable[DiaryEntry]) -> list[Rule]:
    """The rules an entry raises, judged with the entries of the 48 hours before it."""
    combined = combine(in_window(entry, others))
    return [rule for rule in RULES if any(t.matches(combined) for t in rule.triggers)]


def flags_by_entry(entries: Sequence[DiaryEntry]) -> dict[str, list[str]]:
    """Rule codes raised by each entry (by id), for a list of entries sorted or not.

    Entries outside ``entries`` are not seen: pass along those of the 48 hours before the first
    one you care about.
    """
    ordered = sorted(entries, key=lambda e: e.at)
    result: dict[str, list[str]] = {}
    start = 0
    for entry in ordered:
        while ordered[start].at < entry.at - WINDOW:
            start += 1
        window = [o for o in ordered[start:] if o.at <= entry.at]
        combined = combine(window)
        result[entry.id] = [r.code for r in RULES if any(t.matches(combined) for t in r.triggers)]
    return result


def relevant_symptoms(rule: Rule, entry: DiaryEntry, others: Iterable[DiaryEntry]) -> dict[str, int]:
    """The symptoms behind a flag: those of the rule's vocabulary, combined over the window."""
    combined = combine(in_window(entry, others))
    return {code: sev for code, sev in combined.items() if code in rule.vocabulary}


def entry_adds_to(rule: Rule, entry: DiaryEntry) -> bool:
    """True when the entry itself reports a symptom of the rule, i.e. it brings news.

    An entry such as "I feel as usual" written after a flagged one still carries that flag in the
    record, but it brings no new banner: the earlier entry's banner already says it.
    """
    return any(code in rule.vocabulary for code in entry.symptoms)


def covered_by_known(current: dict[str, int], known: Iterable[dict[str, int]]) -> bool:
    """True when a flag marked "known to my care team" had the same symptoms, none now worse."""
    return any(
        set(current) <= set(before) and all(current[c] <= before[c] for c in current) for before in known
    )


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
