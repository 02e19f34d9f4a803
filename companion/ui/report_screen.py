"""The visit summary: choose the period, language, paper and sections; preview; save; print.

The data are read on the UI thread (a database connection must not cross threads) and the
report's texts composed there; the PDF is laid out in a worker thread, with a progress
indicator, and its pages are shown as images painted on white.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import InvalidInput
from companion.i18n import N_, _, current_language
from companion.reports.visit_summary import (
    OPTIONAL_SECTIONS,
    Paper,
    compose,
    default_paper,
    render,
    section_title,
    system_region,
)
from companion.services.files import check_output_path
from companion.services.preview import PreviewFolder
from companion.services.report import check_period
from companion.ui.dialogs.profile import LANGUAGE_NAMES
from companion.ui.session import PatientSession
from companion.ui.widgets import DateField, ErrorLine, FlowLayout, big_button, label_above, named, two_lines

HEALTH_DATA = N_("This file holds health data. Keep it somewhere only you and people you trust can open.")
PREVIEW_WIDTH = 620


class _Signals(QObject):
    done = Signal(str)
    failed = Signal(str)


class _RenderJob(QRunnable):
    """Lays a composed report out into a PDF file, off the UI thread."""

    def __init__(self, composition, path: Path):
        super().__init__()
        self.composition = composition
        self.path = path
        self.signals = _Signals()

    def run(self) -> None:
        try:
            render(self.composition, self.path)
        except Exception as exc:  # reported to the user in the window
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(str(self.path))


class ReportScreen(QWidget):
    """Makes the PDF a patient brings to the neurologist."""

    message = Signal(str)
    preview_ready = Signal()

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.pool = QThreadPool(self)
        self._tmp = PreviewFolder()  # locked while shown; one left by a killed window goes at start
        self.pdf_path: Path | None = None
        self.page_images: list[QImage] = []
        records = session.records
        start, end = records.report.default_period()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel(_("Visit summary"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        intro = QLabel(_("A summary of your records to bring to your neurology visit."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = FlowLayout(spacing=12)  # wraps with large text
        self.start = DateField(start, _("From"))
        self.end = DateField(end, _("To"))
        self.end.set_latest(records.today())
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        chosen = records.profile.get().report_language or current_language()
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        named(self.language, _("Language of the summary"))
        self.paper = QComboBox()
        self.paper.addItem(_("A4"), Paper.A4.value)
        self.paper.addItem(_("US Letter"), Paper.LETTER.value)
        self.paper.setCurrentIndex(max(0, self.paper.findData(default_paper(system_region()).value)))
        named(self.paper, _("Paper size"))
        widget: QWidget
        for text, widget in (
            (_("&From"), self.start),
            (_("&To"), self.end),
            (_("&Language"), self.language),
            (_("Pa&per"), self.paper),
        ):
            widget.setMinimumHeight(44)
            form.addWidget(label_above(QLabel(text), widget))
        layout.addLayout(form)

        sections = QHBoxLayout()
        self.sections: dict[str, QCheckBox] = {}
        box_row = QWidget()
        box_layout = FlowLayout(box_row)  # wraps with large text instead of cutting words off
        for section in OPTIONAL_SECTIONS:
            heading = section_title(section)
            box = QCheckBox(two_lines(heading, longest=34))  # long French titles fit at 200 %
            box.setChecked(True)
            named(box, heading)
            box_layout.addWidget(box)
            self.sections[section.value] = box
        sections.addWidget(box_row)
        layout.addLayout(sections)

        buttons = FlowLayout()  # wraps with large text instead of cutting the labels
        self.make_button = big_button(_("&Make the summary"))
        self.make_button.setObjectName("primaryButton")
        self.save_button = big_button(_("&Save as PDF…"))
        self.print_button = big_button(_("P&rint…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the layout takes a moment with years of records
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        named(self.progress, _("Making the summary"))
        for widget in (self.make_button, self.save_button, self.print_button, self.progress):
            buttons.addWidget(widget)
        layout.addLayout(buttons)
        self.error = ErrorLine()
        layout.addWidget(self.error)

        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages_box)
        named(scroll, _("Preview of the pages"))
        layout.addWidget(scroll, 1)

        self.make_button.clicked.connect(self.make)
        self.save_button.clicked.connect(self._save)
        self.print_button.clicked.connect(self._print)
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def chosen_sections(self) -> list[str]:
        return [name for name, box in self.sections.items() if box.isChecked()]

    def make(self) -> None:
        """Read and compose here; lay out the PDF in a worker thread; then show its pages."""
        self.error.show_message("")
        start, end = self.start.date_value(), self.end.date_value()
        try:
            check_period(start, end)
        except InvalidInput as exc:
            self.error.show_message(str(exc))
            return
        language = self.language.currentData()
        data = self.session.records.report.data(start, end, language)
        composition = compose(
            data, language=language, paper=self.paper.currentData(), sections=self.chosen_sections()
        )
        target = Path(self._tmp.name) / f"summary-{start.isoformat()}-{end.isoformat()}-{language}.pdf"
        job = _RenderJob(composition, target)
        job.signals.done.connect(self._show_pdf)
        job.signals.failed.connect(self._failed)
        self._job = job  # keep the signals object alive until the job reports
        self.progress.show()
        self.make_button.setEnabled(False)
        self._set_ready(False)
        self.pool.start(job)

    def _failed(self, reason: str) -> None:
        self.progress.hide()
        self.make_button.setEnabled(True)
        self.error.show_message(_("The summary could not be made: {reason}").format(reason=reason))

    def _show_pdf(self, path: str) -> None:
        self.progress.hide()
        self.make_button.setEnabled(True)
        self.pdf_path = Path(path)
        document = QPdfDocument(self)
        document.load(path)
        self.page_images = []
        while (item := self.pages_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            width = PREVIEW_WIDTH
            height = int(width * size.height() / size.width())
            image = document.render(page, QSize(width, height))
            white = QImage(image.size(), QImage.Format.Format_RGB32)
            white.fill(QColor("white"))  # pages are transparent: paint them on white
            painter = QPainter(white)
            painter.drawImage(0, 0, image)
            painter.end()
            self.page_images.append(white)
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(white))
            label.setStyleSheet("border: 1px solid #9aa5b1;")
            named(label, _("Page {page} of {pages}").format(page=page + 1, pages=document.pageCount()))
            self.pages_layout.addWidget(label)
        document.close()
        self._set_ready(True)
        self.preview_ready.emit()

    def save_to(self, path: Path) -> Path | None:
        """Copy the made summary to ``path`` (checked first; nothing half-written)."""
        if self.pdf_path is None:
            return None
        try:
            target = check_output_path(path, self.session.records.folder)
            partial = target.with_name(f".{target.name}.part")
            shutil.copyfile(self.pdf_path, partial)
            partial.chmod(0o600)
            partial.replace(target)
        except (InvalidInput, OSError) as exc:
            self.message.emit(str(exc))
            return None
        self.message.emit(_("Saved {path}. {note}").format(path=target, note=_(HEALTH_DATA)))
        return target

    def _save(self) -> None:
        QMessageBox.information(self, _("Save as PDF"), _(HEALTH_DATA))
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the visit summary"), _("visit-summary.pdf"), _("PDF files (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def _print(self) -> None:
        if self.pdf_path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QPdfDocument(self)
        document.load(str(self.pdf_path))
        painter = QPainter(printer)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = painter.viewport()
            size = (
                document.pagePointSize(page).toSize().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            image = document.render(page, size)  # at the printer's resolution, not the preview's
            painter.fillRect(area.x(), area.y(), size.width(), size.height(), QColor("white"))
            painter.drawImage(area.x(), area.y(), image)
        painter.end()
        document.close()
