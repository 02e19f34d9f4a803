"""``companion diary add|list|delete``: the symptom diary, and the warnings a new entry carries."""

from __future__ import annotations

import argparse
import functools
import sys

from companion import i18n
from companion.cli.common import (
    EXIT_OK,
    AddParser,
    Parser,
    open_or_create,
    open_records,
    print_json,
    terminal_safe,
)
from companion.cli.warnings import print_warning
from companion.core.errors import InvalidInput
from companion.i18n import _, ngettext


def register(add_parser: AddParser, common: Parser) -> None:
    diary = add_parser("diary", help=_("write or list diary entries"))
    diary_commands = diary.add_subparsers(dest="diary_command", metavar="ACTION", required=True)
    add_diary_parser = functools.partial(diary_commands.add_parser, parents=[common])
    diary_add = add_diary_parser("add", help=_("write a diary entry"))
    diary_add.add_argument("--at", metavar="DATETIME", help=_("when, e.g. 2026-05-12T14:30 (default: now)"))
    diary_add.add_argument(
        "--by", metavar="NAME", default="patient", help=_("who writes it (default: patient)")
    )
    diary_add.add_argument(
        "--symptom",
        metavar="CODE=SEVERITY",
        action="append",
        default=[],
        help=_("a symptom and its severity: 1 mild, 2 moderate, 3 severe (repeat for more)"),
    )
    diary_add.add_argument("--note", metavar="TEXT", default="", help=_("a note"))
    diary_list = add_diary_parser("list", help=_("list diary entries"))
    diary_list.add_argument("--from", dest="start", metavar="DATE", help=_("first day, YYYY-MM-DD"))
    diary_list.add_argument("--to", dest="end", metavar="DATE", help=_("last day, YYYY-MM-DD"))
    diary_list.add_argument("--json", action="store_true", help=_("print JSON"))
    diary_delete = add_diary_parser(
        "delete", help=_("delete the diary entry written at a time (it can be restored in the window)")
    )
    diary_delete.add_argument(
        "at", metavar="DATETIME", help=_("when it was written, as diary list gives it, e.g. 2026-05-12T14:30")
    )
    diary_add.set_defaults(func=cmd_diary_add)
    diary_list.set_defaults(func=cmd_diary_list)
    diary_delete.set_defaults(func=cmd_diary_delete)


def cmd_diary_add(args: argparse.Namespace) -> int:
    from companion.core.dates import today
    from companion.core.diary import local_now, parse_datetime, validate_entry
    from companion.core.models import DiaryEntry
    from companion.core.symptoms import parse_symptom_argument

    symptoms: dict[str, int] = {}
    for text in args.symptom:
        code, severity = parse_symptom_argument(text)
        if code in symptoms:
            raise InvalidInput(_("“{code}” is given twice.").format(code=code))
        symptoms[code] = severity
    at = parse_datetime(args.at) if args.at is not None else local_now()
    entry = validate_entry(DiaryEntry(at=at, by=args.by, symptoms=symptoms, note=args.note), today())
    records = open_or_create(args)
    try:
        saved = records.diary.add(entry)
        carried = records.diary.warnings_of(saved.id)
        waiting = records.diary.banners_for(saved.id) if carried else []
        profile = records.profile.get()
        recent = records.diary.is_recent(saved)
    finally:
        records.close()
    print(_("Saved the diary entry of {date}.").format(date=i18n.format_date(saved.at.date())))
    # The words of every warning the new entry carries: from its waiting banner when it makes one
    # loud, else (already read, or known to the care team) as the entry itself carries it.
    shown = set()
    for banner in waiting:
        print_warning(banner.rule, banner.level, banner.symptoms, banner.recent, profile)
        shown.add(banner.rule.code)
    for warning in carried:
        if warning.rule.code in shown:
            continue
        print_warning(warning.rule, warning.level, warning.symptoms, recent, profile)
        print(
            _("This warning was already read for the same symptoms, none worse: no new banner."),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_diary_delete(args: argparse.Namespace) -> int:
    import re

    from companion.core.diary import parse_datetime

    at = parse_datetime(args.at)
    # "14:30" names the minute: any entry written in it; "14:30:27" names the second.
    seconds = re.search(r"[T ]\d{2}:\d{2}(:\d{2})?", args.at)
    whole_minute = seconds is None or seconds.group(1) is None
    records = open_records(args, create=False)
    deleted = []
    if records is not None:
        try:
            deleted = records.diary.delete_written_at(at, whole_minute=whole_minute)
        finally:
            records.close()
    if not deleted:
        raise InvalidInput(
            _("No diary entry was written at {when}. List them with: diary list").format(
                when=i18n.format_datetime(at)
            )
        )
    print(
        ngettext(
            "Deleted {n} diary entry. It can be restored in the window, under Recently deleted.",
            "Deleted {n} diary entries. They can be restored in the window, under Recently deleted.",
            len(deleted),
        ).format(n=len(deleted))
    )
    return EXIT_OK


def cmd_diary_list(args: argparse.Namespace) -> int:
    from companion.core import texts
    from companion.core.dates import parse_date
    from companion.core.diary import DiaryFilter
    from companion.core.red_flags import RULES_BY_CODE
    from companion.core.symptoms import severity_label, symptom_label

    start = parse_date(args.start) if args.start is not None else None
    end = parse_date(args.end) if args.end is not None else None
    DiaryFilter(start=start, end=end).check()
    records = open_records(args, create=False)
    entries, info = [], {}
    if records is not None:
        try:
            entries = records.diary.entries(start, end)
            info = records.diary.with_info(entries)
        finally:
            records.close()
    if args.json:
        print_json(
            [
                {
                    "at": e.at.isoformat(),
                    "by": e.by,
                    "symptoms": dict(e.symptoms),
                    "note": e.note,
                    "red_flags": list(info[e.id].flags),
                }
                for e in entries
            ]
        )
        return EXIT_OK
    if not entries:
        print(_("No diary entry in this period."))
    for e in entries:
        symptoms = ", ".join(
            _("{symptom} ({severity})").format(symptom=symptom_label(c), severity=severity_label(s))
            for c, s in e.symptoms.items()
        )
        line = _("{when} — {by}: {symptoms}").format(
            when=i18n.format_datetime(e.at),
            by=terminal_safe(texts.author_name(e.by)),
            symptoms=symptoms or _("as usual"),
        )
        if info[e.id].flags:
            titles = ", ".join(_(RULES_BY_CODE[code].title) for code in info[e.id].flags)
            line = _("{entry} — red flag: {rules}").format(entry=line, rules=titles)
        print(line)
        if e.note:
            print("    " + terminal_safe(e.note).replace("\n", "\n    "))
    return EXIT_OK
