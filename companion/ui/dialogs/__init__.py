"""The app's dialogs, one module each; ``forms`` holds what they are built from.

Nothing is re-exported here: callers import from the module (``companion.ui.dialogs.dose``), so
that opening one dialog loads only its own module (the window imports dialogs when first opened).
"""
