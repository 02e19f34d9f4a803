"""The command line: one module per command group (design.md §8, issue 21).

``main`` runs it and returns the exit code; ``entry_point`` is the ``companion`` script.
"""

from companion.cli.main import entry_point, main

__all__ = ["entry_point", "main"]
