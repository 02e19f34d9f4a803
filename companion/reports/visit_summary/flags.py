"""Red flags, newest first, one row per episode (the entries of one episode together): the newest in
full under the header, the older ones one line each further on, and the rest counted."""

from __future__ import annotations

from companion.core import texts
from companion.core.red_flags import RULES_BY_CODE
from companion.core.symptoms import severity_label, symptom_label
from companion.i18n import _, format_number, ngettext
from companion.reports.visit_summary.model import Block, FlaggedEpisode, Grid, Item, Text
from companion.reports.visit_summary.words import Words


def red_flags(w: Words) -> Block:
    """The section under the header: the newest episodes in full."""
    flags = w.data.red_flags
    title = w.heading(_("Red flags"), len(flags))
    if not flags:
        return Block(title, (w.empty(_("No red flags in this period.")),), alert=True)
    shown = flags[: w.limits.flags_first]
    items: list[Item] = [Grid((), tuple(full_row(w, f) for f in shown), (0.27, 0.73), kind="flags")]
    rest = len(flags) - len(shown)
    if rest:
        items.append(
            Text(
                w.m(
                    ngettext(
                        "{count} earlier episode: under “Earlier red flags” below.",
                        "{count} earlier episodes: under “Earlier red flags” below.",
                        rest,
                    ).format(count=format_number(rest))
                ),
                "small",
            )
        )
    return Block(title, tuple(items), alert=True)


def earlier_red_flags(w: Words) -> Block | None:
    """The older episodes, one line each, newest first; None when all are in the first section."""
    older = w.data.red_flags[w.limits.flags_first :]
    if not older:
        return None
    shown = older[: w.limits.earlier_flags]
    rows = tuple((w.m.bold(when(w, f)), line(w, f)) for f in shown)
    items: list[Item] = [Grid((), rows, (0.27, 0.73), kind="flags")]
    if len(older) > len(shown):
        items.append(w.more(len(older) - len(shown)))
    return Block(w.heading(_("Earlier red flags"), len(older)), tuple(items), alert=True, keep=False)


def when(w: Words, flag: FlaggedEpisode) -> str:
    first, last = flag.entries[0], flag.entries[-1]
    text = w.datetime_text(first.at)
    if last is not first:
        text = _("{start} to {end}").format(start=text, end=w.datetime_text(last.at))
    return text


def rule_and_level(w: Words, flag: FlaggedEpisode) -> str:
    rule_title = w.m.bold(_(RULES_BY_CODE[flag.rule].title))
    return f'<font color="#8a0018">{rule_title}</font> · {w.m(level_words(flag.level))}'


def line(w: Words, flag: FlaggedEpisode) -> str:
    """An older episode on one line: the warning, its level, the symptoms, the dose before it."""
    parts = [rule_and_level(w, flag)]
    parts.append(w.m(symptom_list(own_symptoms(flag), other_text(flag, 40)) or _("none recorded")))
    if flag.after_dose is not None:
        parts.append(w.m(after_dose_text(*flag.after_dose)))
    return " · ".join(parts)


def full_row(w: Words, flag: FlaggedEpisode) -> tuple[str, str]:
    left = [w.m.bold(when(w, flag))]
    if flag.after_dose is not None:
        left.append(w.m(after_dose_text(*flag.after_dose)))
    authors: list[str] = []
    for entry in flag.entries:
        name = texts.author_name(entry.by)
        if name not in authors:
            authors.append(name)
    left.append(w.muted(_("written by {who}").format(who=", ".join(authors))))
    right = [rule_and_level(w, flag)]
    own_text = symptom_list(own_symptoms(flag), other_text(flag, w.limits.other_text))
    right.append(w.m(_("Symptoms: {symptoms}").format(symptoms=own_text or _("none recorded"))))
    if flag.earlier:
        right.append(
            w.m(_("Also in the 48 hours before: {symptoms}").format(symptoms=symptom_list(flag.earlier)))
        )
    notes = [entry.note for entry in reversed(flag.entries) if entry.note.strip()]  # newest first
    for note in notes[: w.limits.flag_notes]:
        right.append(w.m.bold(_("Note:")) + " " + w.note(note, w.limits.flag_note))
    if len(notes) > w.limits.flag_notes:
        right.append(w.more(len(notes) - w.limits.flag_notes).markup)
    return "<br/>".join(left), "<br/>".join(right)


def own_symptoms(flag: FlaggedEpisode) -> dict[str, int]:
    own: dict[str, int] = {}
    for entry in flag.entries:
        for code, severity in entry.symptoms.items():
            own[code] = max(severity, own.get(code, 0))
    return own


def other_text(flag: FlaggedEpisode, limit: int) -> str:
    text = " ".join(" ".join(e.other_text.split()) for e in flag.entries if e.other_text.strip())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def level_words(level: str) -> str:
    """The level of a warning as the banner said it (design.md §5), for the clinician."""
    return {
        "today": _("urgency: today"),
        "now": _("urgency: now"),
        "emergency": _("urgency: emergency"),
    }[level]


def after_dose_text(number: int, days: int) -> str:
    if days == 0:
        return _("on the day of dose {number}").format(number=format_number(number))
    return ngettext("{days} day after dose {number}", "{days} days after dose {number}", days).format(
        days=format_number(days), number=format_number(number)
    )


def symptom_list(symptoms: dict[str, int], other: str = "") -> str:
    parts = []
    for code, severity in symptoms.items():
        label = symptom_label(code)
        if code == "other" and other.strip():
            label = _("{symptom}: {text}").format(symptom=label, text=other.strip())
        parts.append(_("{symptom} ({severity})").format(symptom=label, severity=severity_label(severity)))
    return ", ".join(parts)
