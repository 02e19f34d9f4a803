"""Compose: the report's texts in its language, in the order a neurologist reads them in a minute —
the header, the newest red flags and the patient's questions on the first page, then the older red
flags, doses, next dose, symptoms, ALSFRS-R, weight and clinic values, other medicines.

Quick, but it switches the app's language for a moment: a window calls it on its own thread and
hands the ``Composition`` (plain data) to ``render``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection

from companion.core.schedule import LABEL_SOURCE
from companion.i18n import _
from companion.reports.visit_summary import alsfrs, doses, flags, header, measurements, sections
from companion.reports.visit_summary.model import (
    MAX_PAGES,
    OPTIONAL_SECTIONS,
    SHORT_PERIOD_DAYS,
    SHORT_PERIOD_PAGES,
    Block,
    Composition,
    Paper,
    ReportData,
    Section,
    report_language,
)
from companion.reports.visit_summary.words import LEVELS, Limits, Words


def compose(
    data: ReportData,
    *,
    language: str | None = None,
    paper: Paper | str = Paper.A4,
    sections: Collection[str] | None = None,
) -> Composition:
    """The report's texts in ``language`` (default: the data's); ``sections`` (default: all) chooses
    the optional parts. Tighter versions (shorter lists and notes) ride along for the layout."""
    chosen = set(OPTIONAL_SECTIONS) if sections is None else {Section(s) for s in sections}
    with report_language(language or data.language) as used:
        versions = [_composition(data, used, Paper(paper), chosen, limits) for limits in LEVELS]
    return dataclasses.replace(versions[0], tighter=tuple(versions[1:]))


def _composition(
    data: ReportData, language: str, paper: Paper, chosen: set[Section], limits: Limits
) -> Composition:
    w = Words(data, language, chosen, limits)
    blocks: list[Block] = [flags.red_flags(w)]
    if Section.QUESTIONS in chosen:
        blocks.append(sections.questions(w))
    earlier = flags.earlier_red_flags(w)
    if earlier is not None:
        blocks.append(earlier)
    builders: dict[Section, Callable[[Words], Block]] = {
        Section.DOSES: doses.doses,
        Section.NEXT: doses.next_dose,
        Section.SYMPTOMS: sections.symptoms,
        Section.ALSFRS: alsfrs.alsfrs,
        Section.MEASUREMENTS: measurements.measurements,
        Section.MEDICATIONS: sections.medications,
    }
    blocks += [build(w) for section, build in builders.items() if section in chosen]
    top = header.header(w)  # last: it tells how many characters could not be printed
    if w.shortened:
        top = dataclasses.replace(top, items=(*top.items, header.shortened_note(w)))
    if w.m.missing:
        top = dataclasses.replace(top, items=(*top.items, header.missing_characters_note(w, w.m.missing)))
    name = data.profile.display_name.strip() or _("(no name given)")
    period = w.period_text()
    footer_left = w.m(_("Patient-reported data · {name} · {period}").format(name=name, period=period))
    label = _("Schedule per tofersen label: {source}").format(source=LABEL_SOURCE.replace("; ", ", "))
    short = (data.end - data.start).days + 1 <= SHORT_PERIOD_DAYS
    return Composition(
        paper=paper,
        language=language,
        title=_("Visit summary"),  # the file's metadata names no one (issue 17)
        subject=period.replace("\u00a0", " "),
        blocks=(top, *blocks),
        footer_left=footer_left,
        footer_label=w.m(label),
        page_text=_("Page {page} of {pages}"),
        missing_characters=w.m.missing,
        max_pages=SHORT_PERIOD_PAGES if short else MAX_PAGES,
    )
