"""``companion report`` and ``companion calendar``: the files made for the visit and the calendar."""

from __future__ import annotations

import argparse
import sys

from companion import i18n
from companion.cli.common import (
    EXIT_OK,
    AddParser,
    Parser,
    open_or_create,
    patient_folder,
    positive_int,
)
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    report = add_parser("report", help=_("write the visit summary (PDF) for a period"))
    report.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help=_("first day (default: the last neurology visit, else 3 months ago)"),
    )
    report.add_argument("--to", dest="end", metavar="DATE", help=_("last day (default: today)"))
    report.add_argument("--paper", choices=("a4", "letter"), help=_("paper size (default: by region)"))
    report.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help=_("the PDF file to write"))
    calendar = add_parser("calendar", help=_("write the upcoming doses and appointments to a calendar file"))
    calendar.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the .ics file to write"))
    calendar.add_argument("--count", metavar="N", default="6", help=_("how many due doses (default 6)"))
    report.set_defaults(func=cmd_report)
    calendar.set_defaults(func=cmd_calendar)


def cmd_report(args: argparse.Namespace) -> int:
    from companion.core.alsfrs import months_before
    from companion.core.dates import parse_date, today
    from companion.services.files import check_output_path
    from companion.services.report import DEFAULT_MONTHS, check_period

    start = parse_date(args.start) if args.start is not None else None
    end = parse_date(args.end) if args.end is not None else None
    # The period is checked before the folder is opened, so that a refusal creates nothing: the
    # default end is today; a new folder's default start is 3 months before today.
    check_period(start or end or today(), end or today())
    if start is None and end is not None and patient_folder(args, create=False) is None:
        check_period(months_before(today(), DEFAULT_MONTHS), end)
    target = check_output_path(args.output)  # refused before any work: nothing is left behind
    records = open_or_create(args)
    try:
        check_output_path(target, records.folder)  # never over the app's own data
        default_start, default_end = records.report.default_period()
        start, end = start or default_start, end or default_end
        check_period(start, end)
        language = args.lang or records.profile.get().report_language or i18n.current_language()
        written = records.report.write(start, end, language, target, args.paper)
    finally:
        records.close()
    print(written)
    print(_("This file holds health data: keep it safe."), file=sys.stderr)
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:

    from companion.services.files import check_output_path, write_file_atomically

    count = positive_int(args.count, _("The count"), maximum=100)
    target = check_output_path(args.output)
    records = open_or_create(args)
    try:
        check_output_path(target, records.folder)  # never over the app's own data
        data = records.calendar.ics(count)
    finally:
        records.close()
    write_file_atomically(target, data)
    print(target)
    return EXIT_OK
