"""The patients of this computer, as the window and the command line reach them: the folders
under the data root (or the one folder given with ``--data-dir``), which one is current, and
opening, creating, switching to and restoring a patient's records.

SOD1-ALS runs in families: two people in one home may both be treated, each with a folder.
"""

from __future__ import annotations

from pathlib import Path

from companion.services.records import PatientRecords
from companion.store.backups import BackupInfo, newest_good_backup, restore
from companion.store.database import ensure_private_folder
from companion.store.lock import FolderLock
from companion.store.patients import PatientDirectory, PatientFolder


class Patients:
    """``directory`` None: one folder only (``--data-dir``), and no switching."""

    def __init__(self, directory: PatientDirectory | None = None):
        self.directory = directory

    @property
    def can_switch(self) -> bool:
        return self.directory is not None

    def all(self) -> list[PatientFolder]:
        """Every patient folder under the data root, by name (none with one folder only)."""
        return self.directory.patients() if self.directory is not None else []

    def open(self, folder: Path) -> PatientRecords:
        """A patient's records (created when the folder is new); raises DataError (DamagedData,
        NewerVersionData, ReadOnlyData…) with nothing changed when they cannot be opened."""
        return PatientRecords.open(folder)

    def lock(self, folder: Path) -> FolderLock:
        """The lock that keeps other windows (and restores) out of ``folder`` while one shows it
        (not yet taken: ``acquire()`` it). The folder is made, private, when it is new; an existing
        folder is left exactly as it is (it may be refused as not a patient's)."""
        if not Path(folder).exists():
            ensure_private_folder(Path(folder))
        return FolderLock(folder)

    def switch_to(self, folder: Path) -> None:
        """``folder`` is the current patient from now on (the next start opens it)."""
        if self.directory is not None:
            self.directory.set_current(folder)

    def create(self, name: str) -> Path:
        """A new patient called ``name``: a folder of their own, the name in its profile."""
        if self.directory is None:
            raise RuntimeError("one folder only: no patient can be added")
        folder = self.directory.new_folder(name)
        records = PatientRecords.open(folder)
        try:
            records.profile.update(display_name=name)
        finally:
            records.close()
        return folder

    def newest_good_backup(self, folder: Path) -> BackupInfo | None:
        """The newest backup of ``folder`` that opens and checks out, if any."""
        return newest_good_backup(folder)

    def restore(
        self, folder: Path, backup: Path, mirror: Path | None = None, other_patient: bool = False
    ) -> Path | None:
        """Replace ``folder``'s data with ``backup`` (under the folder's lock; another person's
        backup only with ``other_patient``). Every connection to the folder must be closed. The
        data as it was is backed up first: that backup's path is returned."""
        return restore(folder, backup, mirror, other_patient)
