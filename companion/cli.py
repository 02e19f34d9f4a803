"""The command line (design.md §8): ``companion [--data-dir DIR] [--lang CODE] [COMMAND]``.

Exit 0 on success, 2 on invalid input (a one-line message on stderr, nothing written), 1 on other
failures. Without a command the window opens. Qt is imported only for the window.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from companion import cli_alsfrs, cli_data, cli_warnings, i18n
from companion.core.errors import InvalidInput as InvalidInputError
from companion.i18n import _, ngettext

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


class UsageError(Exception):
    """Bad words on the command line; exit 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, raised instead of printed with the usage."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def build_parser(window_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with ``window_only``, only the global options and ``gui`` (the
    window starts sooner without building the parsers of the other commands)."""
    parser = _Parser(
        prog="companion",
        description=_("Tofersen Companion: your tofersen doses and schedule, kept on this computer."),
    )
    parser.add_argument("--data-dir", metavar="DIR", help=_("one patient's data folder"))
    parser.add_argument("--lang", metavar="CODE", help=_("language: en, de, fr, es or it"))
    # The same options are also accepted after the command (``companion dose list --data-dir X``);
    # SUPPRESS keeps a value given before the command when none is given after it.
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--lang", metavar="CODE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_parser = functools.partial(commands.add_parser, parents=[common])

    gui = add_parser("gui", help=_("open the window"))
    gui.add_argument(
        "--smoke", action="store_true", help=_("open the window, print ok once it is shown, and exit")
    )
    if window_only:
        return parser

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

    cli_warnings.add_commands(add_parser)

    cli_alsfrs.add_commands(add_parser)
    cli_data.add_commands(add_parser)
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
    demo = add_parser("demo-data", help=_("fill an empty folder with made-up records, for trying the app"))
    demo.add_argument("--years", metavar="N", default="2", help=_("how many years of records (default 2)"))
    demo.add_argument("--seed", metavar="N", default="1", help=argparse.SUPPRESS)
    calendar = add_parser("calendar", help=_("write the upcoming doses and appointments to a calendar file"))
    calendar.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the .ics file to write"))
    calendar.add_argument("--count", metavar="N", default="6", help=_("how many due doses (default 6)"))

    sched = add_parser("schedule", help=_("show the next due doses"))
    sched.add_argument("--count", metavar="N", default="6", help=_("how many (default 6)"))
    sched.add_argument("--json", action="store_true", help=_("print JSON"))
    return parser


# --- helpers ---------------------------------------------------------------------------------


def _positive_int(text: str, what: str, maximum: int = 10_000) -> int:
    from companion.core.errors import InvalidInput

    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("{what} must be a whole number, not “{text}”.").format(what=what, text=text)
        ) from None
    if not 1 <= value <= maximum:
        raise InvalidInput(_("{what} must be between 1 and {maximum}.").format(what=what, maximum=maximum))
    return value


def _patient_folder(args: argparse.Namespace, create: bool) -> Path | None:
    """The patient folder the command works on; None when reading and nothing exists yet."""
    from companion.core.errors import InvalidInput
    from companion.paths import default_data_root
    from companion.store.database import DB_FILENAME
    from companion.store.patients import PatientDirectory

    if args.data_dir is not None:
        if not args.data_dir.strip():
            raise InvalidInput(_("--data-dir needs the path of a folder."))
        folder = Path(args.data_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            raise InvalidInput(_("{path} is not a folder.").format(path=folder))
        if not create and not (folder / DB_FILENAME).exists():
            return None
        return folder
    directory = PatientDirectory(default_data_root())
    if create:
        return directory.current_or_new()
    return directory.current()


def _open(args: argparse.Namespace, create: bool):
    from companion.services import PatientRecords

    folder = _patient_folder(args, create)
    return PatientRecords.open(folder) if folder is not None else None


def terminal_safe(text: str) -> str:
    """User text as a terminal may show it: control characters (escape sequences that could
    recolour, move or retitle the terminal) are dropped; line breaks and tabs stay."""
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# --- commands --------------------------------------------------------------------------------


def cmd_dose_add(args: argparse.Namespace) -> int:
    from companion.core import schedule, texts
    from companion.core.dates import parse_date, parse_time, today
    from companion.core.errors import InvalidInput
    from companion.core.limits import check_dose_texts
    from companion.core.models import DoseRecord

    given_on = parse_date(args.date)
    number = _positive_int(args.number, _("The dose number")) if args.number is not None else None
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
    records = _open(args, create=True)
    try:
        close = records.check_dose(record)
        numbered = records.record_dose(record)
        upcoming = records.schedule(count=1)
    finally:
        records.close()
    for other in close:
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
    records = _open(args, create=False)
    found = None
    if records is not None:
        try:
            found = next((d for d in records.dose_history() if d.given_on == day), None)
            if found is not None:
                records.delete_dose(found.record.id)
        finally:
            records.close()
    if found is None:
        raise InvalidInputError(
            _("No dose is recorded on {date}. List them with: dose list").format(date=i18n.format_date(day))
        )
    deleted = _("Deleted the dose given on {date}. It can be restored in the window, under Recently deleted.")
    print(deleted.format(date=i18n.format_date(day)))
    return EXIT_OK


def cmd_dose_list(args: argparse.Namespace) -> int:
    from companion.core import texts

    records = _open(args, create=False)
    history = []
    if records is not None:
        try:
            history = records.dose_history()
        finally:
            records.close()
    if args.json:
        _print_json(
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

    count = _positive_int(args.count, _("The count"))
    records = _open(args, create=False)
    doses, status = [], None
    if records is not None:
        try:
            doses = records.schedule(count)
            status, _lines = records.next_dose(1)
        finally:
            records.close()
    if args.json:
        _print_json(
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


def cmd_diary_add(args: argparse.Namespace) -> int:
    from companion.core.dates import today
    from companion.core.diary import local_now, parse_datetime, validate_entry
    from companion.core.errors import InvalidInput
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
    records = _open(args, create=True)
    try:
        saved = records.diary.add(entry)
        carried = records.diary.warnings_of(saved.id)
        waiting = records.diary.banners_for(saved.id) if carried else []
        profile = records.profile()
        recent = records.diary.is_recent(saved)
    finally:
        records.close()
    print(_("Saved the diary entry of {date}.").format(date=i18n.format_date(saved.at.date())))
    # The words of every warning the new entry carries: from its waiting banner when it makes one
    # loud, else (already read, or known to the care team) as the entry itself carries it.
    shown = set()
    for banner in waiting:
        cli_warnings.print_warning(banner.rule, banner.level, banner.symptoms, banner.recent, profile)
        shown.add(banner.rule.code)
    for warning in carried:
        if warning.rule.code in shown:
            continue
        cli_warnings.print_warning(warning.rule, warning.level, warning.symptoms, recent, profile)
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
    records = _open(args, create=False)
    deleted = []
    if records is not None:
        try:
            deleted = records.diary.delete_written_at(at, whole_minute=whole_minute)
        finally:
            records.close()
    if not deleted:
        raise InvalidInputError(
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
    records = _open(args, create=False)
    entries, info = [], {}
    if records is not None:
        try:
            entries = records.diary.entries(start, end)
            info = records.diary.with_info(entries)
        finally:
            records.close()
    if args.json:
        _print_json(
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


def cmd_report(args: argparse.Namespace) -> int:
    from companion.core.alsfrs import months_before
    from companion.core.dates import parse_date, today
    from companion.services.report import (
        DEFAULT_MONTHS,
        check_output_path,
        check_period,
        default_period,
        write_report,
    )

    start = parse_date(args.start) if args.start is not None else None
    end = parse_date(args.end) if args.end is not None else None
    # The period is checked before the folder is opened, so that a refusal creates nothing: the
    # default end is today; a new folder's default start is 3 months before today.
    check_period(start or end or today(), end or today())
    if start is None and end is not None and _patient_folder(args, create=False) is None:
        check_period(months_before(today(), DEFAULT_MONTHS), end)
    target = check_output_path(args.output)  # refused before any work: nothing is left behind
    records = _open(args, create=True)
    try:
        from companion.store.files import check_output_path as check_not_own_data

        check_not_own_data(target, records.store.folder)  # never over the app's own data
        default_start, default_end = default_period(records)
        start, end = start or default_start, end or default_end
        check_period(start, end)
        language = args.lang or records.profile().report_language or i18n.current_language()
        written = write_report(records, start, end, language, target, args.paper)
    finally:
        records.close()
    print(written)
    print(_("This file holds health data: keep it safe."), file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from companion.demo import fill

    years = _positive_int(args.years, _("The number of years"), maximum=30)
    seed = _positive_int(args.seed, "--seed", maximum=10**9)
    folder = _patient_folder(args, create=False)
    if folder is not None:
        from companion.services import PatientRecords

        with_data = PatientRecords.open(folder)
        try:
            if not with_data.store.is_empty():
                raise InvalidInputError(
                    _("This folder already holds records: demo data goes only into an empty folder.")
                )
        finally:
            with_data.close()
    records = _open(args, create=True)
    try:
        counts = fill(records, years, seed)
    finally:
        records.close()
    print(
        _("Made {doses} doses, {diary} diary entries and {alsfrs} ALSFRS-R ratings.").format(
            doses=counts["doses"], diary=counts["diary"], alsfrs=counts["alsfrs"]
        )
    )
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from companion.services.calendar import calendar_bytes
    from companion.store.files import check_output_path, write_file_atomically

    count = _positive_int(args.count, _("The count"), maximum=100)
    target = check_output_path(args.output)
    records = _open(args, create=True)
    try:
        check_output_path(target, records.store.folder)  # never over the app's own data
        data = calendar_bytes(records, count)
    finally:
        records.close()
    write_file_atomically(target, data)
    print(target)
    return EXIT_OK


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
        if args.command is None or args.command == "gui":
            return cmd_gui(args)
        if args.command == "dose":
            return {"add": cmd_dose_add, "list": cmd_dose_list, "delete": cmd_dose_delete}[args.dose_command](
                args
            )
        if args.command == "schedule":
            return cmd_schedule(args)
        if args.command in ("backup", "restore", "export", "import"):
            return cli_data.run(
                args, lambda create: _open(args, create), lambda create: _patient_folder(args, create)
            )
        if args.command == "report":
            return cmd_report(args)
        if args.command == "demo-data":
            return cmd_demo(args)
        if args.command == "calendar":
            return cmd_calendar(args)
        if args.command == "alsfrs":
            return cli_alsfrs.run(args, lambda create: _open(args, create))
        if args.command == "diary":
            return {"add": cmd_diary_add, "list": cmd_diary_list, "delete": cmd_diary_delete}[
                args.diary_command
            ](args)
        if args.command == "warnings":
            return cli_warnings.run(args, lambda create: _open(args, create))
        raise UsageError(_("unknown command"))
    except (UsageError, InvalidInput) as exc:
        print(f"companion: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_INVALID
    except DataError as exc:
        print(f"companion: {_one_line(str(exc))}", file=sys.stderr)
        hint = _damaged_hint(exc, argv)
        if hint:
            print(f"companion: {hint}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # the user gets one plain line, never a traceback
        print(
            "companion: "
            + _one_line(_("something went wrong: {error}").format(error=str(exc) or type(exc).__name__)),
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _damaged_hint(exc: Exception, argv: Sequence[str]) -> str:
    """For a damaged database: which backup to restore."""
    from companion.core.errors import DamagedData
    from companion.store.backups import newest_good_backup

    if not isinstance(exc, DamagedData) or not getattr(exc, "folder", None):
        return ""
    good = newest_good_backup(exc.folder)
    if good is None:
        return _("No good backup was found in {path}.").format(path=exc.folder / "backups")
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
