"""The data root: one folder per patient, and which one is current.

SOD1-ALS runs in families, so two people in one home may both be treated. Each patient's records
live in their own folder (``<root>/<folder>/companion.sqlite3``); ``<root>/settings.json`` remembers
the current one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from companion.files import write_file_atomically
from companion.store.database import DB_FILENAME, ensure_private_folder

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class PatientFolder:
    path: Path
    name: str


_PEEKABLE = ("display_name", "language")


def peek_profile(folder: Path, field: str) -> str:
    """One profile field, read without opening the database for writing ("" when unknown).

    Used before the records are opened: the patient switcher's names, the window's language.
    """
    if field not in _PEEKABLE:
        raise ValueError(field)
    db_path = Path(folder) / DB_FILENAME
    if not db_path.exists():
        return ""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute(f"SELECT {field} FROM profile LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    return (row[0] if row and row[0] else "") or ""


def _display_name(folder: Path) -> str:
    return peek_profile(folder, "display_name") or folder.name


class PatientDirectory:
    """The patients under one data root."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def _settings(self) -> dict:
        try:
            return json.loads((self.root / SETTINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save_settings(self, settings: dict) -> None:
        ensure_private_folder(self.root)
        write_file_atomically(self.root / SETTINGS_FILE, json.dumps(settings, indent=2).encode("utf-8"))

    def patients(self) -> list[PatientFolder]:
        """Every patient folder under the root, by name."""
        if not self.root.is_dir():
            return []
        folders = [p for p in self.root.iterdir() if p.is_dir() and (p / DB_FILENAME).exists()]
        return sorted((PatientFolder(p, _display_name(p)) for p in folders), key=lambda f: f.name.casefold())

    def new_folder(self, name: str) -> Path:
        """A new, empty folder for a patient called ``name`` (the name goes into its profile)."""
        ensure_private_folder(self.root)
        slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "patient"
        candidate, n = self.root / slug, 1
        while candidate.exists():
            n += 1
            candidate = self.root / f"{slug}-{n}"
        ensure_private_folder(candidate)
        return candidate

    def current(self) -> Path | None:
        """The folder of the patient last opened, if it still exists."""
        name = self._settings().get("current")
        if name:
            folder = self.root / name
            if folder.is_dir():
                return folder
        patients = self.patients()
        return patients[0].path if patients else None

    def set_current(self, folder: Path) -> None:
        settings = self._settings()
        settings["current"] = Path(folder).name
        self._save_settings(settings)

    def current_or_new(self) -> Path:
        """The current patient's folder, or a first one when there is none yet."""
        folder = self.current()
        if folder is None:
            folder = self.new_folder("patient")
            self.set_current(folder)
        return folder
