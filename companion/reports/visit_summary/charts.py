"""Charts: the ALSFRS-R total with the doses marked, and the small charts of weight and clinic values."""

from __future__ import annotations

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from companion.reports import fonts
from companion.reports.visit_summary.model import ChartRow, ChartSpec

INK = colors.HexColor("#111111")
GRID = colors.HexColor("#d0d0d0")
DOSE_LINE = colors.HexColor("#7a7a7a")
MAX_DOSE_LINES = 12  # up to this many doses get a line through the chart and their number
ROW_GAP = 6 * mm


def _plot(spec: ChartSpec, width: float, height: float, top: float) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y = 30, 30
    plot.width, plot.height = width - 40, height - 30 - top
    plot.data = [list(spec.points)]
    plot.joinedLines = 1
    plot.lines[0].strokeColor = INK
    plot.lines[0].strokeWidth = 1.4 if not spec.title else 1.0
    size = 4 if len(spec.points) <= 30 else 2  # years of monthly values: small dots
    plot.lines[0].symbol = makeMarker("FilledCircle", size=size, fillColor=INK, strokeColor=INK)
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = spec.x_min, spec.x_max
    ticks = [x for x, _label in spec.x_ticks]
    labels = dict(spec.x_ticks)
    x_axis.valueSteps = ticks or [spec.x_min]
    x_axis.labelTextFormat = lambda value: labels.get(round(value), "")
    x_axis.labels.fontName = fonts.REGULAR
    x_axis.labels.fontSize = 7
    x_axis.labels.dy = -12 if spec.doses else -3  # room for the dose marks under the axis
    x_axis.strokeColor = INK
    x_axis.tickDown = 2
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = spec.y_min, spec.y_max, spec.y_step
    y_values = [spec.y_min + i * spec.y_step for i in range(len(spec.y_labels))]
    y_labels = spec.y_labels

    def y_label(value: float) -> str:
        for v, label in zip(y_values, y_labels, strict=True):
            if abs(v - value) < spec.y_step / 1000:
                return label
        return ""

    y_axis.valueSteps = y_values
    y_axis.labelTextFormat = y_label
    y_axis.labels.fontName = fonts.REGULAR
    y_axis.labels.fontSize = 7
    y_axis.strokeColor = INK
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = GRID
    y_axis.gridStrokeWidth = 0.4
    return plot


def _drawing(spec: ChartSpec, width: float) -> Drawing:
    height = spec.height_mm * mm
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=7)
    top = 18 if spec.title else 10
    plot = _plot(spec, width, height, top)
    drawing.add(plot)
    if spec.title:
        drawing.add(String(plot.x, height - 9, spec.title, fontName=fonts.BOLD, fontSize=8, fillColor=INK))
    span = max(1, spec.x_max - spec.x_min)
    few = len(spec.doses) <= MAX_DOSE_LINES
    for x, label in spec.doses:
        if not spec.x_min <= x <= spec.x_max:
            continue
        px = plot.x + (x - spec.x_min) / span * plot.width
        if not few:
            # Years of doses: a short mark under the axis each; lines through the plot would hide it.
            drawing.add(Line(px, plot.y - 1, px, plot.y - 6, strokeColor=INK, strokeWidth=0.5))
            continue
        drawing.add(
            Line(
                px,
                plot.y,
                px,
                plot.y + plot.height,
                strokeColor=DOSE_LINE,
                strokeWidth=0.6,
                strokeDashArray=[2, 2],
            )
        )
        drawing.add(
            Polygon([px, plot.y - 1, px - 3, plot.y - 7, px + 3, plot.y - 7], fillColor=INK, strokeColor=None)
        )
        if label:
            drawing.add(
                String(px + 4, plot.y - 8, label, fontName=fonts.REGULAR, fontSize=6.5, fillColor=INK)
            )
    return drawing


def chart(spec: ChartSpec, width: float, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    parts: list[Flowable] = [_drawing(spec, width)]
    if spec.legend:
        parts.append(Paragraph(spec.legend, styles["small"]))
    parts.append(Spacer(1, 2))
    return KeepTogether(parts)


def chart_row(row: ChartRow, width: float, styles: dict[str, ParagraphStyle]) -> Table:
    """Small charts side by side, two to a row; a table may take the place of the second."""
    from companion.reports.visit_summary.tables import table

    column = (width - ROW_GAP) / 2
    cells: list[Flowable | str] = [_drawing(spec, column) for spec in row.charts]
    if row.beside is not None and len(cells) < 2:
        cells.append(table(row.beside, column, styles))
    while len(cells) < 2:
        cells.append("")
    result = Table([cells], colWidths=[column + ROW_GAP / 2] * 2, hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return result
