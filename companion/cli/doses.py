"""``companion dose add|list|delete`` and ``companion schedule``: the doses given and the next due."""

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
    positive_int,
    print_json,
)
from companion.core.errors import InvalidInput
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    dose = add_parser("dose", help=_("record or list doses given"))
    dose_commands = dose.add_subparsers(dest="dose_command", metavar="ACTION", required=True)
    add_dose_parser = functools.partial(dose_commands.add_parser, parents=[common])
    add = add_dose_parser("add", help=_("record a dose that was given"))
    add.add_argument("date", metavar="DATE", help=_("the date it was given, YYYY-MM-DD"))
    add.add_argument(
        "--number", metavar="N", help=_("the dose number, when you know it (1-3 loading, 4+ maintenance)")
    )
    add.add_argument("--time", metavar="HH:MM", help=_("the time it was given"))
    add.add_argument("--place", metavar="TEXT", default="", help=_("where it was given"))
    add.add_argument("--by", metavar="NAME", default="", help=_("who gave it"))
    add.add_argument("--csf-ml", metavar="ML", help=_("spinal fluid removed, in mL"))
    add.add_argument("--lot", metavar="TEXT", default="", help=_("lot number"))
    add.add_argument("--note", metavar="TEXT", default="", help=_("a note"))
    listing = add_dose_parser("list", help=_("list the doses given"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    dose_delete = add_dose_parser(
        "delete", help=_("delete the dose recorded on a day (it can be restored in the window)")
    )
    dose_delete.add_argument("date", metavar="DATE", help=_("the day it was given, YYYY-MM-DD"))

    sched = add_parser("schedule", help=_("show the next due doses"))
    sched.add_argument("--count", metavar="N", default="6", help=_("how many (default 6)"))
    sched.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(func=cmd_dose_add)
    listing.set_defaults(func=cmd_dose_list)
    dose_delete.set_defaults(func=cmd_dose_delete)
    sched.set_defaults(func=cmd_schedule)


def cmd_dose_add(args: argparse.Namespace) -> int:
    from companion.core import schedule, texts
    from companion.core.dates import parse_date, parse_time, today
    from companion.core.errors import InvalidInput
    from companion.core.limits import check_dose_texts
    from companion.core.models import DoseRecord

    given_on = parse_date(args.date)
    number = positive_int(args.number, _("The dose number")) if args.number is not None else None
    given_at = parse_time(args.time) if args.time is not None else None
    csf = None
    if args.csf_ml is not None:
        try:
            csf = float(args.csf_ml.replace(",", "."))
        except ValueError:
            raise InvalidInput(
                _("“{text}” is not a number of millilitres.").format(text=args.csf_ml)
            ) from None
    record = DoseRecord(
        given_on=given_on,
        number=number,
        given_at=given_at,
        place=args.place,
        given_by=args.by,
        csf_removed_ml=csf,
        lot=args.lot,
        note=args.note,
    )
    # Checks that need no stored data come before anything is opened, so a refusal writes nothing.
    schedule.validate_dose(record, [], today())
    check_dose_texts(record)
    records = open_or_create(args)
    try:
        checked = records.doses.check(record)
        numbered = records.doses.save(checked)  # refuses, with nothing saved, when the check failed
        upcoming = records.schedule.upcoming(count=1)
    finally:
        records.close()
    for other in checked.too_close:
        print(
            _(
                "Check the date: another dose is recorded on {date}, less than 10 days away. "
                "If that was a typing slip, correct it in the app."
            ).format(date=i18n.format_date(other.given_on)),
            file=sys.stderr,
        )
    print(
        _("Recorded {dose}, given on {date}.").format(
            dose=texts.dose_title(numbered.number, numbered.phase),
            date=i18n.format_weekday_date(numbered.given_on),
        )
    )
    if upcoming:
        print(
            _("Next: {dose}, due {date} ({relative}).").format(
                dose=texts.dose_title(upcoming[0].number, upcoming[0].phase),
                date=i18n.format_weekday_date(upcoming[0].due_on),
                relative=texts.relative_due((upcoming[0].due_on - today()).days),
            )
        )
    return EXIT_OK


def cmd_dose_delete(args: argparse.Namespace) -> int:
    from companion.core.dates import parse_date

    day = parse_date(args.date)
    records = open_records(args, create=False)
    found = None
    if records is not None:
        try:
            found = next((d for d in records.doses.history() if d.given_on == day), None)
            if found is not None:
                records.doses.delete(found.record.id)
        finally:
            records.close()
    if found is None:
        raise InvalidInput(
            _("No dose is recorded on {date}. List them with: dose list").format(date=i18n.format_date(day))
        )
    deleted = _("Deleted the dose given on {date}. It can be restored in the window, under Recently deleted.")
    print(deleted.format(date=i18n.format_date(day)))
    return EXIT_OK


def cmd_dose_list(args: argparse.Namespace) -> int:
    from companion.core import texts

    records = open_records(args, create=False)
    history = []
    if records is not None:
        try:
            history = records.doses.history()
        finally:
            records.close()
    if args.json:
        print_json(
            [
                {
                    "number": d.number,
                    "phase": d.phase.value,
                    "given_on": d.given_on.isoformat(),
                    "due_on": d.due_on.isoformat() if d.due_on else None,
                    "days_late": d.days_late,
                }
                for d in history
            ]
        )
        return EXIT_OK
    if not history:
        print(_("No dose recorded yet."))
    for d in history:
        due = i18n.format_date(d.due_on) if d.due_on else "—"
        print(
            _("{dose}: given {given}; due {due}; {late}").format(
                dose=texts.dose_title(d.number, d.phase),
                given=i18n.format_date(d.given_on),
                due=due,
                late=texts.days_late_text(d.days_late),
            )
        )
    return EXIT_OK


def cmd_schedule(args: argparse.Namespace) -> int:
    from companion.core import texts
    from companion.core.schedule import DueState

    count = positive_int(args.count, _("The count"))
    records = open_records(args, create=False)
    doses, status = [], None
    if records is not None:
        try:
            doses = records.schedule.upcoming(count)
            status, _lines = records.schedule.next_dose(1)
        finally:
            records.close()
    if args.json:
        print_json(
            [{"number": d.number, "phase": d.phase.value, "due_on": d.due_on.isoformat()} for d in doses]
        )
        return EXIT_OK
    if status is not None and status.state in (DueState.PAUSED, DueState.STOPPED):
        print(texts.status_headline(status))
    if not doses:
        if status is None or status.state is DueState.NOTHING_KNOWN:
            print(_("No dose recorded and no first dose planned yet."))
        return EXIT_OK
    for index, d in enumerate(doses):
        line = _("{dose}: {date}").format(
            dose=texts.dose_title(d.number, d.phase), date=i18n.format_weekday_date(d.due_on)
        )
        if index == 0 and records is not None:
            line += " — " + texts.relative_due((d.due_on - records.today()).days)
        print(line)
    return EXIT_OK
