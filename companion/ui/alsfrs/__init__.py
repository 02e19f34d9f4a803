"""The ALSFRS-R screen (``screen``), its rating dialog with its pages and answer buttons, the
table of ratings and the trend chart; one module each, nothing re-exported here."""
