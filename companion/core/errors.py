"""Errors the domain raises; their messages are already in the user's language."""


class InvalidInput(ValueError):
    """Input a person gave that cannot be accepted. The message says why, in plain words."""


class DataError(RuntimeError):
    """The stored data cannot be used (damaged, or written by a newer version of the app)."""
