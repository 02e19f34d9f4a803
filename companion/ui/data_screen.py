"""Backups and files: back up now, restore a backup in two clicks, a second backup folder, export
and import."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.core.errors import InvalidInput
from companion.i18n import N_, _, format_datetime
from companion.services import exchange
from companion.services.common import EVERYTHING, Change, Kind
from companion.services.exchange import describe_plan
from companion.services.files import check_output_path, write_file_atomically
from companion.ui.session import PatientSession
from companion.ui.widgets import FlowLayout, big_button, named

HEALTH_DATA_NOTE = N_(
    "This file holds health data. Keep it somewhere only you and people you trust can open."
)


def _reason(reason: str) -> str:
    return {
        "auto": _("automatic"),
        "manual": _("made by you"),
        "before-upgrade": _("before an update of the app"),
        "before-restore": _("before a restore"),
        "before-import": _("before an import"),
    }.get(reason, reason)


class DataScreen(QWidget):
    """Keeps the patient's records safe."""

    restore_requested = Signal(str)  # the path of a backup to restore
    message = Signal(str)

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel(_("Backups and files"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        intro = QLabel(
            _(
                "The app makes a backup by itself when you open it after a change, and before every "
                "import and restore. It keeps every backup of the last 2 days, one a day for 2 weeks, "
                "one a week for 3 months and one a month after that. To go back to one, choose it "
                "and press Restore: your data as it is now is backed up first."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = FlowLayout()  # wraps with large text instead of cutting the labels
        self.backup_button = big_button(_("&Back up now"))
        self.restore_button = big_button(_("Rest&ore the chosen backup"))
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.list = QListWidget()
        named(self.list, _("Backups"), _("Newest first"))
        layout.addWidget(self.list, 1)

        mirror_title = QLabel(_("A second copy on another disk"))
        mirror_title.setObjectName("sectionTitle")
        mirror_title.setWordWrap(True)
        layout.addWidget(mirror_title)
        self.mirror_label = QLabel()
        self.mirror_label.setWordWrap(True)
        layout.addWidget(self.mirror_label)
        mirror_row = FlowLayout()
        self.mirror_button = big_button(_("Choose a &folder…"), _("A USB stick or a synced folder"))
        self.no_mirror_button = big_button(_("Stop copying"))
        mirror_row.addWidget(self.mirror_button)
        mirror_row.addWidget(self.no_mirror_button)
        layout.addLayout(mirror_row)

        files_title = QLabel(_("Export and import"))
        files_title.setObjectName("sectionTitle")
        files_title.setWordWrap(True)
        layout.addWidget(files_title)
        files_row = FlowLayout()
        self.export_button = big_button(
            _("Expo&rt everything…"), _("A file to move your records to another computer")
        )
        self.csv_button = big_button(_("Diary as a &spreadsheet…"))
        self.fhir_button = big_button(
            _("For the &clinic's systems (FHIR)…"),
            _("Every record in FHIR R4, the standard form clinics' and registries' systems read"),
        )
        self.import_button = big_button(_("Im&port…"), _("Add the records of an export file"))
        for button in (self.export_button, self.csv_button, self.fhir_button, self.import_button):
            files_row.addWidget(button)
        layout.addLayout(files_row)

        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self._restore)
        self.mirror_button.clicked.connect(self._choose_mirror)
        self.no_mirror_button.clicked.connect(lambda: self.set_mirror(""))
        self.export_button.clicked.connect(lambda: self._export("json"))
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.fhir_button.clicked.connect(lambda: self._export("fhir"))
        self.import_button.clicked.connect(self._import)
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        """Refresh only when what this shows changed: the second backup folder (an import changes all)."""
        if change.touches(Kind.PROFILE):
            self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.backups = self.session.records.backups.all()
        for backup in self.backups:
            when = format_datetime(backup.made_at.astimezone())
            item = QListWidgetItem(_("{when} ({reason})").format(when=when, reason=_reason(backup.reason)))
            self.list.addItem(item)
        if not self.backups:
            self.list.addItem(_("No backup yet."))
        self.list.setCurrentRow(0)
        self.restore_button.setEnabled(bool(self.backups))
        mirror = self.session.records.profile.get().backup_mirror
        self.mirror_label.setText(
            _("Every backup is also copied to {path}.").format(path=mirror)
            if mirror
            else _("No second folder chosen.")
        )
        self.no_mirror_button.setEnabled(bool(mirror))

    def backup_now(self) -> Path:
        path = self.session.records.backups.now()
        self.refresh()
        self.message.emit(_("Backup made: {path}").format(path=path))
        return path

    def _restore(self) -> None:
        row = self.list.currentRow()
        if self.backups and 0 <= row < len(self.backups):
            self.restore_requested.emit(str(self.backups[row].path))

    def _choose_mirror(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder for a second copy of the backups"))
        if folder:
            self.set_mirror(folder)

    def set_mirror(self, folder: str) -> None:
        profile = self.session.records.profile.get()
        self.session.save_profile(dataclasses.replace(profile, backup_mirror=folder))
        if folder:
            self.backup_now()

    def _export(self, fmt: str) -> None:
        suggested = {
            "json": _("tofersen-companion-export.json"),
            "csv": _("tofersen-diary.csv"),
            "fhir": _("tofersen-companion-fhir.json"),
        }[fmt]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(_(HEALTH_DATA_NOTE))
        box.exec()
        name, _filter = QFileDialog.getSaveFileName(self, _("Export"), suggested)
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        try:
            records = self.session.records
            target = check_output_path(path, records.folder)
            out = records.exchange
            write = {"csv": out.diary_csv, "fhir": out.export_fhir, "json": out.export_json}
            data = write[fmt]()
            write_file_atomically(target, data)
        except (InvalidInput, OSError) as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(_("Saved {path}. {note}").format(path=target, note=_(HEALTH_DATA_NOTE)))

    def _import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Import"), "", _("Export files (*.json)"))
        if name:
            self.import_from(Path(name), self._confirm_import)

    def import_from(self, path: Path, confirm, confirm_other_patient=None) -> bool:
        """Check the file, show what it will add, and import when ``confirm(lines)`` says yes.
        Another person's file is imported only when ``confirm_other_patient(theirs, ours)`` says
        it is the same person (by default the user is asked)."""
        records = self.session.records
        try:
            raw = exchange.read_export_file(path)
            try:
                plan = records.exchange.plan_import(raw)
            except exchange.OtherPatient as other:
                ask = confirm_other_patient or self._confirm_other_patient
                if not ask(other.theirs, other.ours):
                    self.message.emit(_("Nothing was imported."))
                    return False
                plan = records.exchange.plan_import(raw, other_patient=True)
        except (InvalidInput, OSError, MemoryError) as exc:
            reason = str(exc) or type(exc).__name__
            self.message.emit(_("Nothing was imported: {reason}").format(reason=reason))
            return False
        lines = describe_plan(plan)
        if plan.empty or not confirm(lines):
            self.message.emit(" ".join(lines) if plan.empty else _("Nothing was imported."))
            return False
        records.exchange.import_with_backup(plan)  # an import can be taken back by restoring it
        self.session.changed.emit(EVERYTHING)
        self.message.emit(_("Imported. A backup of your data from before the import was made."))
        return True

    def _confirm_other_patient(self, theirs: str, ours: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Import"))
        box.setText(
            _("This file holds the records of {theirs}, and these records are {ours}'s.").format(
                theirs=theirs, ours=ours
            )
        )
        box.setInformativeText(_("Import them only if it is the same person. Is it the same person?"))
        yes = box.addButton(_("Yes, the same person"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(_("No, do not import"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def _confirm_import(self, lines: list[str]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Import"))
        box.setText("\n".join(lines))
        box.setInformativeText(_("Import these records?"))
        yes = box.addButton(_("Import"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes
