"""The visit-summary screen through real widgets: the PDF is laid out off the UI thread with a
progress indicator, the preview shows the pages, sections can be left out, and it saves and prints."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from companion.core.models import DiaryEntry, DoseRecord
from companion.services import PatientRecords
from companion.ui import report_screen
from companion.ui.report_screen import ReportScreen
from companion.ui.session import PatientSession

TODAY = dt.date(2026, 6, 15)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture
def screen(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    records = PatientRecords.open(data_dir, today=lambda: TODAY)
    records.profile.update(display_name="Eleni Papadopoulou")
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 18), number=10))
    at = dt.datetime(2026, 5, 19, 21).astimezone()
    records.diary.add(DiaryEntry(at=at, symptoms={"vision_changes": 1}, note="Θολή όραση το βράδυ"))
    session = PatientSession(records)
    widget = ReportScreen(session)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    session.close()


def test_the_pdf_is_laid_out_in_a_worker_while_a_progress_bar_shows(screen, qtbot, monkeypatch):
    threads: list[int] = []
    real_render = report_screen.render

    def recording_render(composition, path):
        threads.append(threading.get_ident())
        return real_render(composition, path)

    monkeypatch.setattr(report_screen, "render", recording_render)
    with qtbot.waitSignal(screen.preview_ready, timeout=30_000):
        screen.make_button.click()
        assert screen.progress.isVisible(), "a progress indicator while the PDF is made"
    assert threads and threads[0] != threading.get_ident(), "laid out off the UI thread"
    assert not screen.progress.isVisible()
    assert len(screen.page_images) >= 1
    assert screen.page_images[0].pixelColor(5, 5).name() == "#ffffff"
    assert screen.save_button.isEnabled() and screen.print_button.isEnabled()
    for button in (screen.make_button, screen.save_button, screen.print_button):
        assert button.height() >= 44 and button.accessibleName()


def test_sections_left_out_are_left_out_and_named(screen, qtbot, tmp_path):
    for name in ("alsfrs", "questions"):
        screen.sections[name].setChecked(False)
    with qtbot.waitSignal(screen.preview_ready, timeout=30_000):
        screen.make_button.click()
    saved = screen.save_to(tmp_path / "summary.pdf")
    text = " ".join(pdf_text(saved).split())
    assert "Θολή όραση το βράδυ" in text and "Possible raised pressure inside the head" in text
    assert "These parts were left out of this report:" in text
    assert "ALSFRS-R self-ratings (" not in text and "Questions for this visit (" not in text


def test_print_sends_every_page_to_the_printer(screen, qtbot, tmp_path, monkeypatch):
    with qtbot.waitSignal(screen.preview_ready, timeout=30_000):
        screen.make_button.click()
    target = tmp_path / "printed.pdf"

    class PdfPrinter(QPrinter):
        def __init__(self, *args):
            super().__init__(*args)
            self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.setOutputFileName(str(target))

    monkeypatch.setattr(report_screen, "QPrinter", PdfPrinter)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    screen.print_button.click()
    assert target.exists() and target.stat().st_size > 1000
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert f"Pages:           {len(screen.page_images)}" in info
