"""The Qt user interface: it shows what the services return and sends the user's actions back.

Importing it does nothing else: the work that must come before the first Qt call lives in
``companion.earlyinit`` and is called by the window's start and the tests' set-up.
"""
