"""Which patient the window shows: opening a patient's folder (its lock, the damaged-database
restore offer, the backup at start), the patient switcher (choose, add, rename), and restoring a
backup over the open patient's data. The window owns one PatientController; the window builds
the pages for the records it opens."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from companion.core.errors import DamagedData, DataError, InvalidInput
from companion.i18n import _, format_datetime
from companion.services import PatientRecords
from companion.services.folders import FolderLock, PatientDirectory
from companion.services.patients import Patients

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow


class PatientController(QObject):
    """The patients of one window. ``directory`` is None when the window shows one folder only
    (``--data-dir``): then there is no switcher."""

    def __init__(self, window: MainWindow, directory: PatientDirectory | None = None):
        super().__init__(window)
        self.window = window
        self.directory = directory
        self.patients = Patients(directory)

    # --- opening ----------------------------------------------------------------------------

    def open_records(self, folder: Path) -> tuple[PatientRecords, FolderLock] | None:
        """``folder``'s records and the lock that keeps other windows out of them; None, with the
        reason in the message bar, when they cannot be opened."""
        message_bar = self.window.message_bar
        lock = self.patients.lock(folder)
        if not lock.acquire():
            message_bar.show_message(
                _("These records are already open in another Tofersen Companion window.")
            )
            return None
        try:
            records = self.patients.open(folder)
        except DamagedData as exc:
            restored = self._offer_restore(folder, exc)
            if restored is None:
                lock.release()
                message_bar.show_message(str(exc))
                return None
            records = restored
        except DataError as exc:
            lock.release()
            message_bar.show_message(str(exc))
            return None
        try:
            records.backups.at_start()
        except OSError as exc:
            message_bar.show_message(_("The automatic backup could not be made: {reason}").format(reason=exc))
        return records, lock

    def _offer_restore(self, folder: Path, exc: DamagedData) -> PatientRecords | None:
        """A damaged database: say so plainly, keep the file aside, offer the newest good backup."""
        from PySide6.QtWidgets import QMessageBox

        good = self.patients.newest_good_backup(folder)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("The data file is damaged"))
        if good is None:
            box.setText(
                _(
                    "The file that holds these records is damaged, and no good backup was found. "
                    "The file has not been changed. Please ask someone you trust for help."
                )
            )
            box.setDetailedText(str(exc))
            box.exec()
            return None
        box.setText(
            _(
                "The file that holds these records is damaged. It will be kept aside, not deleted. "
                "The newest good backup is from {when}: restore it?"
            ).format(when=format_datetime(good.made_at.astimezone()))
        )
        box.setDetailedText(str(exc))
        restore_button = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not restore_button:
            return None
        self.patients.restore(folder, good.path)
        return self.patients.open(folder)

    def opened(self, folder: Path) -> None:
        """The window shows ``folder`` now: it is the current patient, chosen in the switcher."""
        if self.patients.can_switch:
            self.patients.switch_to(folder)
            self.fill()

    def restore_backup(self, path: Path) -> bool:
        """Replace the open patient's data with a backup (the data as it is now is backed up first)."""
        window = self.window
        assert window.session is not None
        folder = window.session.records.folder
        mirror = window.session.records.profile.backup_mirror()
        window.session.close()  # every connection must be closed before the files are swapped
        window.session.deleteLater()
        try:
            self.patients.restore(folder, path, mirror)
        except (InvalidInput, DataError, OSError) as exc:
            # Whatever went wrong, the folder is opened again as it is and the reason is shown.
            window.message_bar.show_message(str(exc) or type(exc).__name__)
            window.reopen(folder)
            return False
        window.reopen(folder)
        window.message_bar.show_message(
            _("Restored the backup. Your data as it was just before is kept as a backup too.")
        )
        return True

    # --- the switcher -----------------------------------------------------------------------

    def fill(self) -> None:
        """The switcher lists every patient, the open one chosen."""
        window = self.window
        assert self.patients.can_switch and window.session is not None
        window.patient_combo.clear()
        current = window.session.records.folder
        for patient in self.patients.all():
            window.patient_combo.addItem(patient.name, str(patient.path))
        index = window.patient_combo.findData(str(current))
        window.patient_combo.setCurrentIndex(index)

    def names_changed(self) -> None:
        """The open patient's name may have changed: the switcher shows it."""
        if self.patients.can_switch:
            self.fill()

    def chosen(self, index: int) -> None:
        """A patient chosen in the switcher: open it, or, when it cannot be opened, show the open
        one as chosen again."""
        window = self.window
        folder = Path(window.patient_combo.itemData(index))
        if window.session is not None and folder == window.session.records.folder:
            return
        if not window.open_patient(folder):
            self.fill()

    def add_patient(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        assert self.patients.can_switch
        name, ok = QInputDialog.getText(self.window, _("Add patient"), _("The new patient's name:"))
        name = name.strip()
        if not ok or not name:
            return
        self.window.open_patient(self.patients.create(name))

    def rename_patient(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        session = self.window.session
        assert session is not None
        profile = session.records.profile.get()
        name, ok = QInputDialog.getText(
            self.window, _("Rename"), _("The patient's name:"), text=profile.display_name
        )
        name = name.strip()
        if ok and name:
            session.save_profile(dataclasses.replace(profile, display_name=name))
            self.names_changed()
