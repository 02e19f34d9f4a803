"""The patient leaflet: contents, the text, search with highlighted matches, text size, print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.leaflet import WATCH_SECTION_INDEX, leaflet_language, leaflet_path, section_headings
from companion.i18n import _, current_language, ngettext
from companion.ui.widgets import FlowLayout, big_button, named

TEXT_SIZES = (100, 125, 150, 175, 200)
BASE_POINT_SIZE = 12.0
HIGHLIGHT = QColor("#ffe08a")
CURRENT = QColor("#f4a300")


class LeafletScreen(QWidget):
    """Shows the leaflet in the user's language (English when there is none)."""

    def __init__(self, language: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.language = leaflet_language(language or current_language())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel(_("About tofersen (Qalsody)"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)

        tools = FlowLayout()  # wraps with large text
        search_label = QLabel(_("Sea&rch:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("a word, e.g. fever"))
        self.search.setMinimumHeight(40)
        self.search.setClearButtonEnabled(True)
        named(self.search, _("Search the leaflet"))
        search_label.setBuddy(self.search)
        self.previous_button = big_button(_("Previo&us"), _("Go to the previous match"))
        self.next_button = big_button(_("&Next"), _("Go to the next match"))
        self.matches_label = QLabel()
        size_label = QLabel(_("&Text size:"))
        self.text_size = QComboBox()
        for percent in TEXT_SIZES:
            self.text_size.addItem(_("{percent} %").format(percent=percent), percent)
        self.text_size.setMinimumHeight(40)
        named(self.text_size, _("Text size"))
        size_label.setBuddy(self.text_size)
        self.print_button = big_button(_("&Print…"))
        self.pdf_button = big_button(_("&Save as PDF…"))
        widget: QWidget
        for widget in (search_label, self.search, self.previous_button, self.next_button, self.matches_label):
            tools.addWidget(widget)
        layout.addLayout(tools)
        # A second row, so that nothing is squeezed when the text is large.
        more = FlowLayout()
        for widget in (size_label, self.text_size, self.print_button, self.pdf_button):
            more.addWidget(widget)
        layout.addLayout(more)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.contents = QListWidget()
        self.contents.setWordWrap(True)
        self.contents.setSpacing(4)
        # Long headings wrap onto more lines, at any text size, instead of ending in "…".
        self.contents.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.contents.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
        named(self.contents, _("Contents"), _("Choose a section to jump to it"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        named(self.browser, _("Leaflet text"))
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(0, 1)
        layout.addWidget(splitter, 1)
        # About the app and its files (issue 22): what each export is, and that it holds health data.
        self.about = QLabel(
            " ".join(
                (
                    _(
                        "About Tofersen Companion: it keeps your records on this computer and never "
                        "sends them anywhere."
                    ),
                    _(
                        "Under Backups and files you can export them: to move them to another "
                        "computer (JSON), the diary for a spreadsheet, or every record in FHIR R4, the "
                        "standard form that clinics', registries' and patient portals' systems read."
                    ),
                    _("Every exported file holds health data: give it only to people you trust."),
                )
            )
        )
        self.about.setObjectName("smallNote")
        self.about.setWordWrap(True)
        named(self.about, _("About this app"), self.about.text())
        layout.addWidget(self.about)

        self._matches: list[QTextCursor] = []
        self._current = -1
        self.load(self.language)
        self.contents.currentRowChanged.connect(self.show_section)
        self.search.textChanged.connect(self.find_all)
        self.search.returnPressed.connect(self.next_match)
        self.next_button.clicked.connect(self.next_match)
        self.previous_button.clicked.connect(self.previous_match)
        self.text_size.currentIndexChanged.connect(
            lambda _i: self.set_text_size(self.text_size.currentData())
        )
        self.print_button.clicked.connect(self.print_leaflet)
        self.pdf_button.clicked.connect(self.save_pdf)
        self._update_match_buttons()

    # --- content ----------------------------------------------------------------------------

    def load(self, language: str) -> None:
        self.language = leaflet_language(language)
        text = leaflet_path(self.language).read_text(encoding="utf-8")
        self.browser.setMarkdown(text)
        self.headings = section_headings(text)
        self.contents.blockSignals(True)
        self.contents.clear()
        self.contents.addItems(self.headings)
        self.contents.blockSignals(False)
        self.set_text_size(self.text_size.currentData() or 100)

    def set_text_size(self, percent: int) -> None:
        """Scale the leaflet's text (100 to 200 % of the app's text size, itself set in Settings);
        the layout reflows and the reader keeps their place: the paragraph at the top stays at the
        top."""
        document = self.browser.document()
        top_block = self.browser.cursorForPosition(QPoint(0, 0)).block()
        font = document.defaultFont()
        font.setPointSizeF(max(BASE_POINT_SIZE, self.font().pointSizeF()) * percent / 100)
        document.setDefaultFont(font)
        if top_block.isValid() and self.browser.verticalScrollBar().value() > 0:
            self._scroll_to_block(top_block)
        index = self.text_size.findData(percent)
        if index >= 0 and index != self.text_size.currentIndex():
            self.text_size.setCurrentIndex(index)

    def show_section(self, index: int) -> None:
        """Scroll so that section ``index`` starts at the top of the text."""
        if not 0 <= index < len(self.headings):
            return
        cursor = self.browser.document().find(self.headings[index])
        if cursor.isNull():
            return
        block = cursor.block()
        self._scroll_to_block(block)
        self.browser.setTextCursor(QTextCursor(block))
        if self.contents.currentRow() != index:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(index)
            self.contents.blockSignals(False)

    def _scroll_to_block(self, block) -> None:
        top = self.browser.document().documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))

    def show_watch_section(self) -> None:
        """Open "What to watch for after each dose", the section red-flag banners point to."""
        self.show_section(WATCH_SECTION_INDEX)

    # --- search -----------------------------------------------------------------------------

    def find_all(self, text: str) -> None:
        """Highlight every match of ``text`` and go to the first one."""
        self._matches = []
        self._current = -1
        document = self.browser.document()
        needle = text.strip()
        if needle:
            cursor = document.find(needle, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                cursor = document.find(needle, cursor)
        self._paint_matches()
        if self._matches:
            self._go_to(0)
        self._update_match_buttons()

    def next_match(self) -> None:
        if self._matches:
            self._go_to((self._current + 1) % len(self._matches))

    def previous_match(self) -> None:
        if self._matches:
            self._go_to((self._current - 1) % len(self._matches))

    def _go_to(self, index: int) -> None:
        self._current = index
        self._paint_matches()
        self.browser.setTextCursor(self._matches[index])
        self.browser.ensureCursorVisible()
        self._update_match_buttons()

    def _paint_matches(self) -> None:
        selections = []
        for i, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT if i == self._current else HIGHLIGHT)
            fmt.setForeground(QColor("#000000"))
            selection.format = fmt
            selections.append(selection)
        self.browser.setExtraSelections(selections)

    def _update_match_buttons(self) -> None:
        has = bool(self._matches)
        self.next_button.setEnabled(has)
        self.previous_button.setEnabled(has)
        if not self.search.text().strip():
            self.matches_label.setText("")
        elif not has:
            self.matches_label.setText(_("No match"))
        else:
            n = len(self._matches)
            self.matches_label.setText(
                ngettext("{current} of {n} match", "{current} of {n} matches", n).format(
                    current=self._current + 1, n=n
                )
            )
        self.matches_label.setAccessibleName(self.matches_label.text())

    def match_count(self) -> int:
        return len(self._matches)

    # --- printing ---------------------------------------------------------------------------

    def print_leaflet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def save_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the leaflet as PDF"), _("tofersen-leaflet.pdf"), _("PDF files (*.pdf)")
        )
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> None:
        """Write the leaflet (at normal text size) to a PDF file."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        document: QTextDocument = self.browser.document().clone()
        font = document.defaultFont()
        font.setPointSizeF(BASE_POINT_SIZE)
        document.setDefaultFont(font)
        document.print_(printer)
