"""The command line (design.md §8): ``companion [--data-dir DIR] [--lang CODE] [COMMAND]``.

Exit 0 on success, 2 on invalid input (a one-line message on stderr, nothing written), 1 on other
failures. Without a command the window opens. Each command group is a module of this package that
registers its parsers, each with its function (``set_defaults(func=…)``).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence

from companion import i18n
from companion.cli import alsfrs, data, demo, diary, doses, gui, report, warnings
from companion.cli.common import EXIT_FAILURE, EXIT_INVALID, Parser, UsageError, common_options, one_line
from companion.i18n import _

# In the order their help lists them.
GROUPS = (gui, doses, diary, warnings, alsfrs, data, report, demo)


def build_parser(window_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with ``window_only``, only the global options and ``gui`` (the
    window starts sooner without building the parsers of the other commands)."""
    parser = Parser(
        prog="companion",
        description=_("Tofersen Companion: your tofersen doses and schedule, kept on this computer."),
    )
    parser.add_argument("--data-dir", metavar="DIR", help=_("one patient's data folder"))
    parser.add_argument("--lang", metavar="CODE", help=_("language: en, de, fr, es or it"))
    common = common_options()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    add_parser = functools.partial(commands.add_parser, parents=[common])
    for group in (gui,) if window_only else GROUPS:
        group.register(add_parser, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language comes first so that even argument errors are in the user's language.
    i18n.set_language(_language_from(argv) or i18n.system_language())
    parser = build_parser(window_only=_opens_the_window(argv))
    from companion.core.errors import DataError, InvalidInput

    try:
        for arg in argv:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                raise UsageError(_("some text on the command line is not valid UTF-8")) from None
        args = parser.parse_args(argv)
        if args.lang and not i18n.normalise_language(args.lang):
            raise UsageError(
                _("unknown language “{code}”; choose one of: {codes}").format(
                    code=args.lang, codes=", ".join(i18n.SUPPORTED_LANGUAGES)
                )
            )
        if args.command is None:
            return gui.cmd_gui(args)
        return args.func(args)
    except (UsageError, InvalidInput) as exc:
        print(f"companion: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_INVALID
    except DataError as exc:
        print(f"companion: {one_line(str(exc))}", file=sys.stderr)
        hint = _damaged_hint(exc)
        if hint:
            print(f"companion: {hint}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # the user gets one plain line, never a traceback
        reason = str(exc) or type(exc).__name__
        print(
            "companion: " + one_line(_("something went wrong: {error}").format(error=reason)), file=sys.stderr
        )
        return EXIT_FAILURE


def _damaged_hint(exc: Exception) -> str:
    """For a damaged database: which backup to restore."""
    from companion.core.errors import DamagedData
    from companion.services.backups import newest_good_backup

    folder = getattr(exc, "folder", None)
    if not isinstance(exc, DamagedData) or not folder:
        return ""
    good = newest_good_backup(folder)
    if good is None:
        return _("No good backup was found in {path}.").format(path=folder / "backups")
    return _("The newest good backup is {path}: to use it, run: companion restore {path}").format(
        path=good.path
    )


def _opens_the_window(argv: Sequence[str]) -> bool:
    """True when the words ask for the window (no command, or ``gui``) and not for help."""
    if "-h" in argv or "--help" in argv:
        return False
    value_follows = False
    for arg in argv:
        if value_follows:
            value_follows = False
        elif arg in ("--data-dir", "--lang"):
            value_follows = True
        elif not arg.startswith("-"):
            return arg == "gui"
    return True


def _language_from(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def entry_point() -> None:
    sys.exit(main())
