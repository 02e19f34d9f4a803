"""Render: the composed report laid out with reportlab into a PDF, written atomically (a temporary file
in the same folder, then renamed over the target; on any error no file is left and an older file
stays as it was). The slow part; it needs no language, so a window runs it off the UI thread.

The layout tries the composition as it is, then its tighter versions (shorter lists and notes), and
keeps the first that fits: at most four pages (two for a period of about three months), with the
patient's questions on the first page."""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from babel.numbers import format_decimal
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, SimpleDocTemplate

from companion.files import write_file_atomically
from companion.reports import fonts
from companion.reports.visit_summary import charts, tables
from companion.reports.visit_summary.compose import compose
from companion.reports.visit_summary.model import (
    MADE_BY,
    PAGE_SIZES,
    Block,
    ChartRow,
    ChartSpec,
    Composition,
    Grid,
    Item,
    Paper,
    ReportData,
    Text,
)

MARGIN = 15 * mm
FOOTER_SPACE = 13 * mm
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#4d4d4d")
RULE = colors.HexColor("#9a9a9a")
KEEP_TOGETHER_ROWS = 12  # a section up to about this many lines is kept on one page
LONG_SECTION_START = 25 * mm  # a longer one starts where at least this much room is left


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "empty": ParagraphStyle("empty", parent=base, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.8),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=7,
            spaceAfter=3,
        ),
        "caption": ParagraphStyle("caption", parent=base, fontName=fonts.BOLD, spaceBefore=3, spaceAfter=1),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
    }


@dataclass
class Layout:
    """What the layout of one version came to: its pages, and the page each keyed block started on."""

    pages: int = 0
    starts: dict[str, int] = field(default_factory=dict)

    def fits(self, c: Composition) -> bool:
        return self.pages <= c.max_pages and self.starts.get("questions", 1) == 1


def render(composition: Composition, path: Path | str) -> Path:
    """Lay the composed report out into a PDF at ``path``, atomically; returns the path."""
    pdf = layout(composition)
    return write_file_atomically(Path(path), pdf)


def layout(composition: Composition) -> bytes:
    """The PDF of the first version of the report that fits (else of the tightest)."""
    versions = (composition, *composition.tighter)
    pdf = b""
    for version in versions:
        buffer = io.BytesIO()
        done = _build(version, buffer)
        pdf = buffer.getvalue()
        if done.fits(version):
            break
    return pdf


def build_pdf(
    data: ReportData,
    path: Path | str,
    *,
    language: str | None = None,
    paper: Paper | str = Paper.A4,
    sections: Collection[str] | None = None,
) -> Path:
    """Compose and render the visit summary into ``path`` (atomically); returns the path."""
    return render(compose(data, language=language, paper=paper, sections=sections), path)


class _PageMark(Flowable):
    """Takes no room; notes the page it lands on."""

    def __init__(self, key: str, layout: Layout):
        super().__init__()
        self.key, self.layout = key, layout
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        self.layout.starts.setdefault(self.key, self.canv.getPageNumber())


def _build(c: Composition, fh: BinaryIO) -> Layout:
    styles = _styles()
    page_size = PAGE_SIZES[c.paper]
    doc = SimpleDocTemplate(
        fh,
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_SPACE,
        title=c.title,
        author=MADE_BY,
        subject=c.subject,
        creator=MADE_BY,
        lang=c.language,
        # Every page starts in the bundled font (the default would add Helvetica to the file).
        initialFontName=fonts.REGULAR,
        initialFontSize=9,
        initialLeading=12,
    )
    done = Layout()
    width = doc.width
    story: list[Flowable] = []
    for block in c.blocks:
        flowables = [_flowable(item, width, styles) for item in block.items]
        if not block.title:
            story.extend(flowables)
            continue
        style = styles["heading"]
        markup = f'<font color="#8a0018">{block.title}</font>' if block.alert else block.title
        heading: list[Flowable] = [Paragraph(markup, style)]
        if block.key:
            # The mark goes after the heading: it lands where the section's heading was drawn.
            heading.append(_PageMark(block.key, done))
        if block.keep and _rows(block) <= KEEP_TOGETHER_ROWS:
            # A short section is not split over two pages. Its chart's own KeepTogether is
            # unwrapped: nested, it measures as endless (ReportLab forces a split that way),
            # and the section jumped to a new page with half of this one still empty.
            story.append(KeepTogether([*heading, *_unwrapped(flowables)]))
        else:
            # A long one starts on a new page only when fewer than a few lines are left.
            story.append(CondPageBreak(LONG_SECTION_START))
            if block.items and not isinstance(block.items[0], Grid):
                # A heading never ends a page alone: it goes with a first line or row of charts
                # (a first table splits by rows, and its header row repeats).
                story.append(KeepTogether([*heading, *_unwrapped(flowables[:1])]))
                flowables = flowables[1:]
            else:
                story.extend(heading)
            story.extend(flowables)
    canvas = _canvas_maker(c, styles, page_size, done)
    doc.build(story, canvasmaker=canvas)
    return done


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether replaced by what it holds."""
    flat: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flat.extend(_unwrapped(list(flowable._content)))
        else:
            flat.append(flowable)
    return flat


def _rows(block: Block) -> int:
    """About how many lines of table a block has (a chart counts as ten)."""
    count = 0
    for item in block.items:
        if isinstance(item, Grid):
            # A row counts its lines: a red flag with its symptoms and note takes three or four.
            count += bool(item.header) + sum(
                max((cell.count("<br/>") + 1 for cell in row), default=1) for row in item.rows
            )
        elif isinstance(item, ChartSpec | ChartRow):
            count += 10
        else:
            count += 1
    return count


def _flowable(item: Item, width: float, styles: dict[str, ParagraphStyle]) -> Flowable:
    if isinstance(item, Text):
        return Paragraph(item.markup, styles[item.style])
    if isinstance(item, Grid):
        table = tables.table(item, width, styles)
        if not item.caption:
            return table
        # The caption stays with the table (its lists are short: at most a dozen rows).
        return KeepTogether([Paragraph(item.caption, styles["caption"]), table])
    if isinstance(item, ChartRow):
        return charts.chart_row(item, width, styles)
    return charts.chart(item, width, styles)


def _canvas_maker(
    c: Composition, styles: dict[str, ParagraphStyle], page_size: tuple[float, float], done: Layout
):
    """A canvas that holds its pages until the end, to print "page x of y" in every footer."""
    locale = c.language

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            done.pages = total
            for state in self._held:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = page_size[0] - 2 * MARGIN
            y = MARGIN + FOOTER_SPACE - 4
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y, MARGIN + width, y)
            page = c.page_text.format(
                page=format_decimal(self._pageNumber, locale=locale),
                pages=format_decimal(total, locale=locale),
            )
            right = Paragraph(fonts.Marker().bold(page), styles["footer"])
            right_width = min(width * 0.3, stringWidth(page, fonts.BOLD, styles["footer"].fontSize) + 2)
            right.wrapOn(self, right_width, 20)
            left = Paragraph(c.footer_left, styles["footer"])
            _w, left_height = left.wrapOn(self, width - right_width - 8, 30)
            top = y - 3
            left.drawOn(self, MARGIN, top - left_height)
            right.drawOn(self, MARGIN + width - right_width, top - right.height)
            label = Paragraph(c.footer_label, styles["footer"])
            _w, label_height = label.wrapOn(self, width, 20)
            label.drawOn(self, MARGIN, top - left_height - 1 - label_height)

    return _Canvas
