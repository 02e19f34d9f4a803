"""``companion [gui [--smoke]]``: the window. Qt is imported only here, and only when asked for."""

from __future__ import annotations

import argparse
from pathlib import Path

from companion.cli.common import AddParser, Parser
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    gui = add_parser("gui", help=_("open the window"))
    gui.add_argument(
        "--smoke", action="store_true", help=_("open the window, print ok once it is shown, and exit")
    )
    gui.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    # The data layer before Qt: once PySide6 is imported it reads the source of every module
    # imported after it (for its ``__feature__`` switches), some 10 ms of start-up for these.
    import companion.services.calendar  # noqa: F401  (and with it the rest of the data layer)
    from companion.earlyinit import early_init

    early_init()  # before any Qt module is imported
    from companion.ui.app import run

    return run(
        language_given=bool(args.lang),
        data_dir=Path(args.data_dir).expanduser() if args.data_dir else None,
        smoke=getattr(args, "smoke", False),
    )
