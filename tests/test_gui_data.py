"""Backups, restore, export and import through the window; a damaged file at start."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.core.models import DoseRecord
from companion.store.backups import make_backup
from companion.store.database import DB_FILENAME
from companion.store.doses import DoseRepository
from companion.store.opening import open_store
from companion.ui.app import create_window
from companion.ui.main_window import DATA


def make_window(qtbot, folder, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    window = create_window(folder)
    qtbot.addWidget(window)
    window.show()
    return window


def given_on(folder) -> list[dt.date]:
    with open_store(folder) as store:
        return [d.given_on for d in DoseRepository(store).all()]


def test_back_up_then_restore_in_two_clicks(qtbot, data_dir, monkeypatch):
    window = make_window(qtbot, data_dir, monkeypatch)
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()
    window.show_page(DATA)
    window.data.backup_now()
    assert window.data.list.count() >= 1
    window.session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 15)))
    assert len(given_on(data_dir)) == 2
    window.data.list.setCurrentRow(0)  # click 1: the newest backup (before the second dose)
    window.data.restore_button.click()  # click 2
    assert given_on(data_dir) == [dt.date(2026, 6, 1)]
    assert window.session is not None and window.home.card.dose.text() == "Dose 2 (loading)"
    reasons = [b.reason for b in window.session.records.backups.all()]
    assert "before-restore" in reasons, "the data as it was is kept"
    assert "Restored" in window.message_bar.label.text()


def test_a_second_folder_gets_a_copy_of_every_backup(qtbot, data_dir, monkeypatch, tmp_path):
    window = make_window(qtbot, data_dir, monkeypatch)
    window.home.setup_panel.save_button.click()
    mirror = tmp_path / "stick"
    window.data.set_mirror(str(mirror))
    assert str(mirror) in window.data.mirror_label.text()
    names = {p.name for p in mirror.iterdir()}
    assert {b.path.name for b in window.session.records.backups.all()} & names


def test_export_and_import_with_a_preview(qtbot, data_dir, monkeypatch, tmp_path):
    window = make_window(qtbot, data_dir, monkeypatch)
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()
    target = tmp_path / "all.json"
    window.data.export_to(target, "json")
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "tofersen-companion-export"
    assert "health data" in window.message_bar.label.text()

    other = make_window(qtbot, tmp_path / "caregiver", monkeypatch)
    other.home.setup_panel.planned.setChecked(True)
    other.home.setup_panel.save_button.click()
    shown: list[list[str]] = []
    assert other.data.import_from(target, lambda lines: shown.append(lines) or True)
    assert shown and "1 dose" in shown[0][0]
    assert given_on(tmp_path / "caregiver") == [dt.date(2026, 6, 1)]
    # A refused import (a truncated file) changes nothing and says why.
    broken = tmp_path / "broken.json"
    broken.write_bytes(target.read_bytes()[:-40])
    assert not other.data.import_from(broken, lambda lines: True)
    assert "Nothing was imported" in other.message_bar.label.text()
    assert given_on(tmp_path / "caregiver") == [dt.date(2026, 6, 1)]


def test_a_damaged_file_at_start_is_kept_aside_and_the_backup_restored(qtbot, data_dir, monkeypatch):
    with open_store(data_dir) as store:
        DoseRepository(store).add(DoseRecord(given_on=dt.date(2026, 6, 1)))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        make_backup(store)
    (data_dir / DB_FILENAME).write_bytes(b"\x00garbage" * 512)

    def restore_it() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, restore_it)
            return
        assert "damaged" in box.text()
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()

    QTimer.singleShot(0, restore_it)
    window = make_window(qtbot, data_dir, monkeypatch)
    assert window.session is not None
    assert given_on(data_dir) == [dt.date(2026, 6, 1)]
    assert list(data_dir.glob(f"{DB_FILENAME}.damaged-*")), "the damaged file is kept"


def test_the_fhir_export_from_the_window(qtbot, data_dir, monkeypatch, tmp_path):
    """Issue 22: the same choice in the Backups and files screen; the file holds health data."""
    window = make_window(qtbot, data_dir, monkeypatch)
    window.home.setup_panel.date.set_date(dt.date(2026, 6, 1))
    window.home.setup_panel.save_button.click()
    window.show_page(DATA)
    assert window.data.fhir_button.isVisible() and window.data.fhir_button.accessibleName()
    target = tmp_path / "clinic.json"
    window.data.export_to(target, "fhir")
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("MedicationAdministration") == 1
    assert "health data" in window.message_bar.label.text()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
