"""``companion backup | restore FILE | export -o FILE | import FILE``: keeping data safe.

Every refusal (exit 2) is decided before anything is written; files are written atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.cli.common import EXIT_OK, AddParser, Parser, open_or_create, open_records, patient_folder
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    """``backup``, ``restore``, ``export`` and ``import``."""
    backup = add_parser("backup", help=_("write a backup of the data now and print its path"))
    backup.set_defaults(func=_backup)
    restore = add_parser(
        "restore", help=_("replace the data with a backup (the current data is backed up first)")
    )
    restore.add_argument("file", metavar="FILE", help=_("a backup file"))
    restore.add_argument(
        "--other-patient",
        action="store_true",
        help=_("restore it even though the backup holds another person's name or birth date"),
    )
    restore.set_defaults(func=_restore)
    export = add_parser("export", help=_("write every record to a file (JSON or FHIR), or the diary as CSV"))
    export.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the file to write"))
    export.add_argument(
        "--format",
        choices=("json", "csv", "fhir"),
        help=_(
            "json: every record, to import again (default); csv: the diary, for spreadsheets "
            "(default for .csv files); fhir: every record as a FHIR R4 Bundle, for a clinic's systems"
        ),
    )
    export.set_defaults(func=_export)
    imp = add_parser("import", help=_("merge records from an export file (nothing is duplicated)"))
    imp.add_argument("file", metavar="FILE", help=_("an export file (JSON)"))
    imp.add_argument("--dry-run", action="store_true", help=_("only say what would be added"))
    imp.add_argument(
        "--other-patient",
        action="store_true",
        help=_("import it even though the file holds another person's name or birth date"),
    )
    imp.set_defaults(func=_import)


def _backup(args: argparse.Namespace) -> int:
    records = open_or_create(args)
    try:
        path = records.backups.now(mirror=False)
    finally:
        records.close()
    print(path)
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from companion.services.backups import check_database_file, restore

    source = Path(args.file).expanduser()
    check_database_file(source)  # refused before anything changes
    folder = patient_folder(args, create=True)
    assert folder is not None, "create=True always names a folder"
    # Refused (exit 2) while a window holds the folder, or for another person's backup.
    safety = restore(folder, source, other_patient=args.other_patient)
    print(_("Restored the data from {path}.").format(path=source))
    if safety is not None:
        print(_("The data as it was before is kept in {path}.").format(path=safety))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from companion.services.files import check_output_path, write_file_atomically

    target = check_output_path(args.output)  # before anything is opened: a refusal writes nothing
    records = open_or_create(args)
    try:
        check_output_path(target, records.folder)  # never over the app's own data
    except Exception:
        records.close()
        raise
    fmt = args.format or ("csv" if target.suffix.lower() == ".csv" else "json")
    try:
        exchange = records.exchange
        data = {"csv": exchange.diary_csv, "fhir": exchange.export_fhir, "json": exchange.export_json}[fmt]()
    finally:
        records.close()
    write_file_atomically(target, data)
    print(target)
    print(_("This file holds health data: keep it safe."), file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from companion.services.exchange import check_export, describe_plan, plan_for_new_folder, read_export_file

    # The whole file is read and checked before any folder is opened: a refusal creates nothing.
    raw = read_export_file(Path(args.file).expanduser())
    checked = check_export(raw)
    records = open_records(args, create=False)  # None: the folder has no records yet
    try:
        if records is None:
            plan = plan_for_new_folder(checked, other_patient=args.other_patient)
        else:
            plan = records.exchange.plan_import(checked, other_patient=args.other_patient)
        for line in describe_plan(plan):
            print(line)
        if args.dry_run or plan.empty:
            return EXIT_OK
        if records is None:
            records = open_or_create(args)
            plan = records.exchange.plan_import(checked, other_patient=args.other_patient)
        safety = records.exchange.import_with_backup(plan)
    finally:
        if records is not None:
            records.close()
    print(_("Imported."))
    if safety is not None:
        print(_("The data as it was before the import is kept in {path}.").format(path=safety))
    return EXIT_OK
