"""``companion demo-data --years N``: made-up records, into an empty folder only."""

from __future__ import annotations

import argparse

from companion.cli.common import (
    EXIT_OK,
    AddParser,
    Parser,
    open_or_create,
    patient_folder,
    positive_int,
)
from companion.core.errors import InvalidInput
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    demo = add_parser("demo-data", help=_("fill an empty folder with made-up records, for trying the app"))
    demo.add_argument("--years", metavar="N", default="2", help=_("how many years of records (default 2)"))
    demo.add_argument("--seed", metavar="N", default="1", help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from companion.demo import fill

    years = positive_int(args.years, _("The number of years"), maximum=30)
    seed = positive_int(args.seed, "--seed", maximum=10**9)
    folder = patient_folder(args, create=False)
    if folder is not None:
        from companion.services import PatientRecords

        with_data = PatientRecords.open(folder)
        try:
            if not with_data.is_empty():
                raise InvalidInput(
                    _("This folder already holds records: demo data goes only into an empty folder.")
                )
        finally:
            with_data.close()
    records = open_or_create(args)
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
