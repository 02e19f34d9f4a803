"""Weight and clinic values: a small chart of each over the period, and the latest values (no long
tables)."""

from __future__ import annotations

import math

from companion import i18n
from companion.core import visit as visit_rules
from companion.core.models import Measurement, MeasurementKind
from companion.i18n import _, format_number
from companion.reports.visit_summary.alsfrs import date_ticks
from companion.reports.visit_summary.model import (
    Block,
    ChartRow,
    ChartSpec,
    Grid,
    Item,
    Section,
    section_title,
)
from companion.reports.visit_summary.words import Words

LATEST_VALUES = 3  # the latest values of each kind, in words


def measurements(w: Words) -> Block:
    d = w.data
    title = w.heading(section_title(Section.MEASUREMENTS), len(d.measurements))
    if not d.measurements:
        return Block(title, (w.empty(_("No weight or clinic values in this period.")),))
    by_kind: dict[MeasurementKind, list[Measurement]] = {}
    for m in sorted(d.measurements, key=lambda m: m.measured_on):
        by_kind.setdefault(m.kind, []).append(m)
    kinds = [kind for kind in MeasurementKind if kind in by_kind]
    items: list[Item] = []
    charts = [small_chart(w, kind, by_kind[kind]) for kind in kinds if len(by_kind[kind]) > 1]
    for i in range(0, len(charts), 2):
        items.append(ChartRow(tuple(charts[i : i + 2])))
    header = tuple(w.m.bold(t) for t in (_("What"), _("Latest values"), _("Note")))
    rows = []
    for kind in kinds:
        latest = list(reversed(by_kind[kind]))[:LATEST_VALUES]
        values = "; ".join(
            _("{value} on {date}").format(
                value=visit_rules.measurement_value_text(m).replace(" ", "\u00a0"),
                date=w.date_text(m.measured_on),
            )
            for m in latest
        )
        note = latest[0].note.strip()
        rows.append(
            (
                w.m(visit_rules.kind_name(kind)),
                w.m(values),
                w.note(note, w.limits.flag_note) if note else "—",
            )
        )
    items.append(Grid(header, tuple(rows), (0.24, 0.5, 0.26)))
    return Block(title, tuple(items))


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` steps over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def small_chart(w: Words, kind: MeasurementKind, values: list[Measurement]) -> ChartSpec:
    d = w.data
    ys = [m.value for m in values]
    low, high = min(ys), max(ys)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    y_min = math.floor(low / step) * step
    y_max = math.ceil(high / step) * step
    count = round((y_max - y_min) / step)
    labels = tuple(format_number(round(y_min + i * step, 6)) for i in range(count + 1))
    name = _("{what} ({unit})").format(
        what=visit_rules.short_kind_name(kind), unit=visit_rules.unit_text(kind)
    )
    return ChartSpec(
        x_min=d.start.toordinal(),
        x_max=max(d.end.toordinal(), d.start.toordinal() + 1),
        points=tuple((m.measured_on.toordinal(), m.value) for m in values),
        doses=(),
        x_ticks=date_ticks(d.start, d.end, i18n.current_locale(), most=5),
        y_min=y_min,
        y_max=y_max,
        y_step=step,
        y_labels=labels,
        legend="",
        height_mm=34,
        title=name,
    )
