"""``companion warnings [--json]`` and ``companion warnings ack ID [--known-to-team]`` (design.md §8).

The warnings waiting to be read are the home screen's banners: one per episode, oldest first,
asked of the same service. Reading one here is the same as "I have read this" in the window.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from companion import i18n
from companion.cli.common import EXIT_OK, AddParser, Parser, open_records
from companion.i18n import _

if TYPE_CHECKING:
    from companion.core.models import Profile
    from companion.core.red_flags import Level, Rule
    from companion.services.diary import Banner


def register(add_parser: AddParser, common: Parser) -> None:
    """``warnings`` and ``warnings ack``."""
    warnings = add_parser("warnings", help=_("list the warning signs waiting to be read, or read one"))
    warnings.add_argument("--json", action="store_true", help=_("print JSON"))
    actions = warnings.add_subparsers(dest="warnings_command", metavar="ACTION")
    ack = actions.add_parser("ack", help=_("mark a warning as read"), parents=[common])
    ack.add_argument("id", metavar="ID", help=_("the warning's id, as the list gives it"))
    ack.add_argument(
        "--known-to-team",
        action="store_true",
        help=_(
            "this is known to my care team: the same symptoms, none worse, do not warn again until "
            "the next dose or for 7 days (never for a call to emergency services)"
        ),
    )
    warnings.set_defaults(func=run)
    ack.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "warnings_command", None) == "ack":
        return _ack(args)
    return _list(args)


def warning_json(banner: Banner) -> dict:
    """``{"id", "at", "rule", "level", "symptoms"}`` as design.md §8 gives it."""
    return {
        "id": banner.id,
        "at": banner.entry.at.isoformat(),
        "rule": banner.rule.code,
        "level": banner.level.code,
        "symptoms": dict(sorted(banner.symptoms.items())),
    }


def print_warning(
    rule: Rule, level: Level, symptoms: dict[str, int], recent: bool, profile: Profile, file=None
) -> None:
    """A warning's words, as the banner says them (stderr by default)."""
    from companion.core import texts

    out = file or sys.stderr
    print(_("Warning: {title}.").format(title=_(rule.title)), file=out)
    print(_("You noted: {symptoms}.").format(symptoms=texts.symptom_list(symptoms)), file=out)
    print(_(rule.explanation), file=out)
    print(texts.red_flag_action(level, recent, profile), file=out)


def _list(args: argparse.Namespace) -> int:
    from companion.core import texts

    records = open_records(args, create=False)
    banners, profile = [], None
    if records is not None:
        try:
            banners = records.diary.banners()
            profile = records.profile.get()
        finally:
            records.close()
    if args.json:
        print(json.dumps([warning_json(b) for b in banners], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not banners:
        print(_("No warning is waiting to be read."))
        return EXIT_OK
    assert profile is not None
    for banner in banners:
        print(
            _("{id}: {when} — {title}").format(
                id=banner.id, when=i18n.format_datetime(banner.entry.at), title=_(banner.rule.title)
            )
        )
        print("    " + _("You noted: {symptoms}.").format(symptoms=texts.symptom_list(banner.symptoms)))
        print("    " + texts.red_flag_level_text(banner.level, banner.recent, profile))
    return EXIT_OK


def _ack(args: argparse.Namespace) -> int:
    from companion.core.errors import InvalidInput

    records = open_records(args, create=False)
    if records is None:
        raise InvalidInput(
            _("No warning with the id “{id}” is waiting to be read. List them with: warnings").format(
                id=args.id
            )
        )
    try:
        banner = records.diary.banner(args.id.strip())
        records.diary.acknowledge(banner, known_to_team=args.known_to_team)
        known = args.known_to_team and banner.level.code != "emergency"
    finally:
        records.close()
    if known:
        print(_("Marked as read and known to your care team: {title}.").format(title=_(banner.rule.title)))
    else:
        print(_("Marked as read: {title}.").format(title=_(banner.rule.title)))
        if args.known_to_team:
            print(
                _("A call to emergency services is never kept quiet: the same symptoms will warn again."),
                file=sys.stderr,
            )
    return EXIT_OK
