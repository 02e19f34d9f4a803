"""The "For my next visit" screen (``screen``), its dialogs, models and undoable changes; one
module each, nothing re-exported here."""
