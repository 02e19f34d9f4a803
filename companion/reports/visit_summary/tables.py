"""Tables: column widths that keep headings, dates and times whole, and the table styles."""

from __future__ import annotations

import html
import re

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from companion.reports import fonts
from companion.reports.visit_summary.model import Grid

INK = colors.HexColor("#111111")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e4e4e4")
ZEBRA = colors.HexColor("#f3f3f3")
ALERT = colors.HexColor("#8a0018")

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Where a line may break: any white space but the no-break spaces that hold dates and times together.
_BREAKABLE = re.compile(r"[^\S\u00a0]+")
CELL_PADDING = 4 + 4 + 1  # left and right padding (see table), and a point for rounding
MAX_GROWTH = 1.5  # a column grows to at most this many times its share to keep a cell on one line
MAX_WORD_GROWTH = 2.5  # ... and to this much to keep a date or a time whole


def _plain_lines(markup: str) -> list[str]:
    return [html.unescape(_TAG.sub("", line)) for line in _BREAK.split(markup)]


def _face(markup: str) -> str:
    return fonts.BOLD if fonts.BOLD in markup else fonts.REGULAR


def _longest_word(markup: str, size: float) -> float:
    """The width of the longest unbreakable piece of a cell (in bold where any of it is bold)."""
    words = [word for line in _plain_lines(markup) for word in _BREAKABLE.split(line) if word]
    return max((stringWidth(word, _face(markup), size) for word in words), default=0.0)


def _longest_line(markup: str, size: float) -> float:
    """The width of a cell's longest line, unwrapped (in bold where any of the cell is bold)."""
    lines = _plain_lines(markup)
    return max((stringWidth(line.strip(), _face(markup), size) for line in lines), default=0.0)


def column_widths(grid: Grid, width: float, size: float) -> list[float]:
    """The columns' shares of ``width``, adjusted in steps, each only with room that other columns
    have to spare (their every cell still fits on one line and no word of theirs breaks):

    1. a column is widened to the longest word of its heading ("Respiratorisch" printed as
       "Respiratori" over "sch" is hard to read) and to its longest date or time (held together
       by no-break spaces: "13 de septiembre de 2026" must not be cut); where no column has room,
       words break;
    2. a column whose cells wrap is widened so that they do not, by at most half its share, the
       narrowest needs first: fewer lines keep a three-month summary on one or two pages.
    """
    widths = [share * width for share in grid.widths]
    if not grid.header:
        return widths
    columns = [[row[i] for row in grid.rows] for i in range(len(widths))]
    heading = [_longest_word(text, size) + CELL_PADDING for text in grid.header]
    words = [max((_longest_word(cell, size) for cell in column), default=0.0) for column in columns]
    lines = [max((_longest_line(cell, size) for cell in column), default=0.0) for column in columns]
    # Below this a column would break one of its words or wrap a cell that now fits on a line.
    keep = [max(h, w, line) + CELL_PADDING for h, w, line in zip(heading, words, lines, strict=True)]

    def spare() -> list[float]:
        return [max(0.0, w - k) for w, k in zip(widths, keep, strict=True)]

    def take(amount: float) -> None:
        room = spare()
        share = amount / sum(room)
        for i, r in enumerate(room):
            widths[i] -= r * share

    need = [
        max(h, w + CELL_PADDING if w + CELL_PADDING <= widths[i] * MAX_WORD_GROWTH else 0.0)
        for i, (h, w) in enumerate(zip(heading, words, strict=True))
    ]
    deficit = [max(0.0, n - w) for n, w in zip(need, widths, strict=True)]
    if 0 < sum(deficit) <= sum(spare()):
        take(sum(deficit))
        for i, d in enumerate(deficit):
            widths[i] += d
    wraps = sorted(
        (line + CELL_PADDING - widths[i], i)
        for i, line in enumerate(lines)
        if widths[i] < line + CELL_PADDING <= widths[i] * MAX_GROWTH
    )
    for grow, i in wraps:
        room = sum(spare())
        if grow > room:
            break
        take(grow)
        widths[i] += grow
    return widths


def table(grid: Grid, width: float, styles: dict[str, ParagraphStyle]) -> Table:
    cell = styles["cell"]
    data = []
    if grid.header:
        data.append([Paragraph(text, cell) for text in grid.header])
    data += [[Paragraph(text, cell) for text in row] for row in grid.rows]
    result = Table(
        data,
        colWidths=column_widths(grid, width, cell.fontSize),
        repeatRows=1 if grid.header else 0,
        hAlign="LEFT",
    )
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # not Helvetica, even for an empty cell
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if grid.kind == "table":
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
    elif grid.kind == "flags":
        commands += [
            ("LINEBEFORE", (0, 0), (0, -1), 3, ALERT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("LEFTPADDING", (0, 0), (0, -1), 7),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    elif grid.kind == "pairs":
        commands += [
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]
    elif grid.kind == "list":
        commands += [
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white]),
        ]
    result.setStyle(TableStyle(commands))
    return result
