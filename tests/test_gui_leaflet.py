"""The leaflet viewer with real widgets: language, contents, search, text size, PDF, links."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PySide6.QtCore import QPoint

from companion import i18n
from companion.core.leaflet import WATCH_SECTION_HEADINGS, WATCH_SECTION_INDEX
from companion.core.models import DiaryEntry
from companion.ui.app import create_window
from companion.ui.leaflet_screen import LeafletScreen
from companion.ui.main_window import LEAFLET


def first_visible_text(screen: LeafletScreen) -> str:
    return screen.browser.cursorForPosition(QPoint(5, 5)).block().text()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "it"])
def test_opens_in_the_ui_language_and_jumps_to_what_to_watch_for(qtbot, language):
    i18n.set_language(language)
    screen = LeafletScreen()
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.language == language
    assert screen.contents.count() == 10
    screen.show_watch_section()
    assert screen.contents.currentRow() == WATCH_SECTION_INDEX
    assert first_visible_text(screen) == WATCH_SECTION_HEADINGS[language]
    # Larger text reflows, and the reader stays at the same section.
    screen.text_size.setCurrentIndex(screen.text_size.findData(200))
    assert screen.browser.document().defaultFont().pointSizeF() == pytest.approx(24.0)
    assert first_visible_text(screen) == WATCH_SECTION_HEADINGS[language]


def test_falls_back_to_english_for_a_language_without_a_leaflet(qtbot):
    screen = LeafletScreen(language="pt_BR")
    qtbot.addWidget(screen)
    assert screen.language == "en"
    assert "Qalsody" in screen.browser.toPlainText()


def test_search_highlights_matches_and_steps_through_them(qtbot):
    screen = LeafletScreen(language="en")
    qtbot.addWidget(screen)
    screen.show()
    qtbot.keyClicks(screen.search, "lumbar puncture")
    n = screen.match_count()
    assert n >= 2
    assert len(screen.browser.extraSelections()) == n
    assert screen.matches_label.text() == f"1 of {n} matches"
    screen.next_button.click()
    assert screen.matches_label.text() == f"2 of {n} matches"
    screen.previous_button.click()
    screen.previous_button.click()
    assert screen.matches_label.text() == f"{n} of {n} matches", "wraps around"
    assert screen.browser.textCursor().selectedText().lower() == "lumbar puncture"
    screen.search.clear()
    assert screen.browser.extraSelections() == []
    qtbot.keyClicks(screen.search, "zzzqqq")
    assert screen.matches_label.text() == "No match"
    assert not screen.next_button.isEnabled()


def test_saves_a_pdf_that_reads_back(qtbot, tmp_path):
    screen = LeafletScreen(language="fr")
    qtbot.addWidget(screen)
    target = tmp_path / "notice.pdf"
    screen.write_pdf(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Qalsody" in text
    assert "ponction lombaire" in text


def test_red_flag_banner_and_home_link_open_the_watch_section(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    window = create_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    window.home.setup_panel.save_button.click()
    window.home.watch_button.click()
    assert window.pages.currentIndex() == LEAFLET
    assert window.leaflet.contents.currentRow() == WATCH_SECTION_INDEX
    window.show_page(0)
    window.session.add_entry(
        DiaryEntry(at=dt.datetime(2026, 6, 15, 1, 0).astimezone(), symptoms={"stiff_neck": 2})
    )
    [banner] = window.home.banners
    banner.leaflet_button.click()
    assert window.pages.currentIndex() == LEAFLET


def test_the_leaflet_screen_says_what_the_exported_files_are(qtbot):
    """Issue 22: the About note names the FHIR export and says that every export holds health data."""
    screen = LeafletScreen("en")
    qtbot.addWidget(screen)
    screen.show()
    text = screen.about.text()
    assert "FHIR R4" in text and "health data" in text and "never sends them anywhere" in text
    assert screen.about.isVisible()
