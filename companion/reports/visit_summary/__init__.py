"""The visit summary: one patient's period as a PDF a neurologist reads in about a minute, in at most
four pages whatever the period (one or two for about three months).

Core objects in (``ReportData``), a PDF out, written atomically. Two steps, so that a window can keep
the work that touches the app's language on its own thread: ``compose`` turns the data into texts in
the report's language (quick; it switches the app's language for a moment), and ``render`` lays them
out with reportlab into the file (the slow part; no language needed). ``build_pdf`` does both. The
report states nothing medical beyond labels of data, the titles of the red-flag rules, the schedule
rule of the label and "patient-reported data". No Qt here.

The parts: ``model`` (what goes in and what compose makes), ``words`` (dates that never break, notes,
limits), ``header``, ``flags``, ``doses``, ``alsfrs``, ``measurements``, ``sections`` (symptoms, other
medicines, questions), ``compose``, and for the layout ``document``, ``tables`` and ``charts``.
"""

from companion.reports.visit_summary.compose import compose
from companion.reports.visit_summary.document import build_pdf, layout, render
from companion.reports.visit_summary.model import (
    AFTER_DOSE_DAYS,
    APP_NAME,
    MADE_BY,
    MAX_PAGES,
    NOTE_LIMIT,
    OPTIONAL_SECTIONS,
    PAGE_SIZES,
    Block,
    ChartRow,
    ChartSpec,
    Composition,
    FlaggedEpisode,
    Grid,
    Paper,
    ReportData,
    Section,
    SymptomSummary,
    Text,
    default_paper,
    report_language,
    section_title,
    system_region,
)

__all__ = [
    "AFTER_DOSE_DAYS",
    "APP_NAME",
    "MADE_BY",
    "MAX_PAGES",
    "NOTE_LIMIT",
    "OPTIONAL_SECTIONS",
    "PAGE_SIZES",
    "Block",
    "ChartRow",
    "ChartSpec",
    "Composition",
    "FlaggedEpisode",
    "Grid",
    "Paper",
    "ReportData",
    "Section",
    "SymptomSummary",
    "Text",
    "build_pdf",
    "compose",
    "default_paper",
    "layout",
    "render",
    "report_language",
    "section_title",
    "system_region",
]
