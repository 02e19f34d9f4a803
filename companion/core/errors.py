"""Errors the domain raises; their messages are already in the user's language."""


class InvalidInput(ValueError):
    """Input a person gave that cannot be accepted. The message says why, in plain words."""


class DataError(RuntimeError):
    """The stored data cannot be used (damaged, or written by a newer version of the app)."""


class DamagedData(DataError):
    """The database file fails SQLite's integrity check, or is not a database at all."""

    def __init__(self, message: str, folder=None):
        super().__init__(message)
        self.folder = folder  # the patient folder, to look for backups


class NewerVersionData(DataError):
    """The database was written by a newer version of the app."""
