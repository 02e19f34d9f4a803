"""The shorter sections: symptoms from the diary, other medicines, and the questions for this visit."""

from __future__ import annotations

from companion.core.symptoms import severity_label, symptom_label
from companion.i18n import _, format_number, ngettext
from companion.reports.visit_summary.model import Block, Grid, Item, Section, Text, section_title
from companion.reports.visit_summary.words import Words


def symptoms(w: Words) -> Block:
    d = w.data
    title = w.heading(section_title(Section.SYMPTOMS))
    period_days = (d.end - d.start).days + 1
    if d.diary_entries:
        coverage = ngettext(
            "{entries} diary entry on {days} of the {period} days of the period.",
            "{entries} diary entries on {days} of the {period} days of the period.",
            d.diary_entries,
        ).format(
            entries=format_number(d.diary_entries),
            days=format_number(d.diary_days),
            period=format_number(period_days),
        )
    else:
        coverage = _("No diary entries in this period.")
    items: list[Item] = [Text(w.m(coverage), "small")]
    if d.symptoms:
        header = tuple(
            w.m.bold(t)
            for t in (_("Symptom"), _("Days reported"), _("Worst"), _("Of these, days 0–3 after a dose"))
        )
        rows = []
        chosen = d.symptoms
        if len(chosen) > w.limits.symptoms:
            frequent = sorted(chosen, key=lambda s: (-s.days, -s.worst))[: w.limits.symptoms]
            chosen = tuple(s for s in d.symptoms if s in frequent)  # the catalogue's order
        for s in chosen:
            label = w.m(symptom_label(s.code))
            if s.other_texts:
                others = "; ".join(w.cut(t, w.limits.other_text) for t in s.other_texts)
                label = _("{symptom}: {text}").format(symptom=label, text=others)
            rows.append(
                (
                    label,
                    w.m(format_number(s.days)),
                    w.m(severity_label(s.worst)),
                    w.m(format_number(s.days_after_dose)),
                )
            )
        items.append(Grid(header, tuple(rows), (0.46, 0.15, 0.14, 0.25)))
        if len(chosen) < len(d.symptoms):
            items.append(w.more(len(d.symptoms) - len(chosen)))
    elif d.diary_entries:
        items.append(w.empty(_("No symptoms reported in this period.")))
    return Block(title, tuple(items))


def medications(w: Words) -> Block:
    d = w.data
    title = w.heading(section_title(Section.MEDICATIONS), len(d.medications))
    items: list[Item] = []
    if d.medications:
        shown = d.medications[: w.limits.medications]
        header = tuple(w.m.bold(t) for t in (_("Medicine"), _("Dose"), _("Since"), _("Note")))
        rows = tuple(
            (
                bold_cut(w, med.name, min(80, w.limits.cell)),
                w.cut(med.dose.strip() or "—", min(80, w.limits.cell)),
                w.date(med.since),
                w.cut(med.note, w.limits.cell) if med.note.strip() else "—",
            )
            for med in shown
        )
        items.append(Grid(header, rows, (0.28, 0.22, 0.2, 0.3)))
        if len(d.medications) > len(shown):
            items.append(w.more(len(d.medications) - len(shown)))
    else:
        items.append(w.empty(_("No other medicines recorded.")))
    stopped = d.stopped_medications[: w.limits.medications]
    for med in stopped:
        name = _("{name}, {dose}").format(name=med.name, dose=med.dose) if med.dose.strip() else med.name
        text = _("Stopped in this period: {medicine} on {date}").format(
            medicine=name, date=w.date_text(med.stopped) if med.stopped else "—"
        )
        items.append(Text(w.note(text, w.limits.cell), "small"))
    if len(d.stopped_medications) > len(stopped):
        items.append(w.more(len(d.stopped_medications) - len(stopped)))
    return Block(title, tuple(items))


def questions(w: Words) -> Block:
    d = w.data
    title = w.heading(section_title(Section.QUESTIONS), len(d.questions))
    if not d.questions:
        return Block(title, (w.empty(_("No questions for this visit.")),), key="questions")
    shown = d.questions[: w.limits.questions]
    rows = tuple(
        (w.m.bold(_("{number}.").format(number=format_number(n))), w.note(q.text, w.limits.question_text))
        for n, q in enumerate(shown, start=1)
    )
    items: list[Item] = [Grid((), rows, (0.05, 0.95), kind="list")]
    if len(d.questions) > len(shown):
        items.append(w.more(len(d.questions) - len(shown)))
    return Block(title, tuple(items), key="questions")


def bold_cut(w: Words, text: str, limit: int) -> str:
    """A name in bold, cut at ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return w.m.bold(text)
    w.shortened += 1
    return w.m.bold(text[:limit].rstrip() + "…")
