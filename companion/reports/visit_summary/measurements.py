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
from companion.reports.visit_summary.words import Words, unbreakable


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
    header = tuple(w.m.bold(t) for t in (_("What"), _("First in this period"), _("Latest"), _("Note")))
    rows = []
    for kind in kinds:
        values = by_kind[kind]
        first, latest = values[0], values[-1]
        note = latest.note.strip()
        rows.append(
            (
                w.m(visit_rules.kind_name(kind)),
                w.m(value_on(w, first)) if first is not latest else "—",
                w.m(value_on(w, latest)),
                w.cut(note, w.limits.cell) if note else "—",
            )
        )
    table = Grid(header, tuple(rows), (0.25, 0.27, 0.27, 0.21))
    for i in range(0, len(charts), 2):
        items.append(ChartRow(tuple(charts[i : i + 2])))
    if len(charts) % 2 and len(rows) <= 4 and not any(m.note.strip() for m in d.measurements):
        # One chart and a short table: side by side, the table in the half the chart leaves free.
        last = items.pop()
        assert isinstance(last, ChartRow)
        # Half a page wide: what and the latest value, its date on a line of its own.
        latest_cells = tuple(
            (row[0], w.m(value_on(w, by_kind[kind][-1], "\n"))) for row, kind in zip(rows, kinds, strict=True)
        )
        items.append(ChartRow(last.charts, beside=Grid((header[0], header[2]), latest_cells, (0.42, 0.58))))
    else:
        items.append(table)
    return Block(title, tuple(items))


def value_on(w: Words, m: Measurement, before_date: str = " ") -> str:
    """E.g. "67.3 kg on November 27, 2026": the value and the date each on one line; with
    ``before_date`` a line break, the date on a line of its own."""
    value = unbreakable(visit_rules.measurement_value_text(m))
    date = w.date_text(m.measured_on)
    text = _("{value} on {date}").format(value=value, date=date)
    return text.replace(" " + date, before_date + date) if before_date != " " else text


def nice_step(span: float, ticks: int = 3) -> float:
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
        height_mm=30,
        title=name,
    )
