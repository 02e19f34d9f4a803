"""``companion alsfrs add|list``: ALSFRS-R self-ratings on the command line (design.md §8).

``register`` adds the commands to the main parser, each with its function. Everything a
refusal needs is checked before the data folder is opened, so a refused command writes nothing.
"""

from __future__ import annotations

import argparse
import json

from companion import i18n
from companion.cli.common import EXIT_OK, AddParser, Parser, open_or_create, open_records
from companion.i18n import _


def register(add_parser: AddParser, common: Parser) -> None:
    """``alsfrs add`` and ``alsfrs list``."""
    alsfrs = add_parser("alsfrs", help=_("record or list ALSFRS-R self-ratings"))
    actions = alsfrs.add_subparsers(dest="alsfrs_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help=_("record an ALSFRS-R self-rating"), parents=[common])
    add.add_argument("date", metavar="DATE", help=_("the day of the rating, YYYY-MM-DD"))
    add.add_argument(
        "--scores",
        metavar="S1,...,S12",
        required=True,
        help=_("the 12 item scores in order, each 0 to 4, separated by commas"),
    )
    add.add_argument(
        "--feeding-tube",
        action="store_true",
        help=_("item 5 is rated in its form for people with a feeding tube (5b)"),
    )
    add.add_argument("--by", metavar="NAME", default="", help=_("who rated (default: the patient)"))
    add.add_argument("--note", metavar="TEXT", default="", help=_("a note"))
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help=_("list the ALSFRS-R self-ratings"), parents=[common])
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(func=_list)


def _add(args: argparse.Namespace) -> int:
    from companion.core import alsfrs as scale
    from companion.core.dates import parse_date, today
    from companion.core.models import AlsfrsRating, Item5

    rated_on = parse_date(args.date)
    scores = scale.parse_scores(args.scores)
    rating = AlsfrsRating(
        rated_on=rated_on,
        scores=scores,
        item5=Item5.GASTROSTOMY if args.feeding_tube else Item5.CUTTING_FOOD,
        rated_by=args.by,
        note=args.note,
    )
    # Everything checked before the folder is opened: a refusal writes nothing.
    rating = scale.validate_rating(rating, today())
    records = open_or_create(args)
    try:
        saved = records.alsfrs.add(rating)
    finally:
        records.close()
    print(
        _("Recorded the ALSFRS-R rating of {date}: total {total}.").format(
            date=i18n.format_date(saved.rated_on), total=scale.total_text(scale.total(saved.scores))
        )
    )
    return EXIT_OK


def rating_json(rating) -> dict:
    """One rating in the JSON shape of design.md §8."""
    from companion.core import alsfrs as scale

    sub = scale.subscores(rating.scores)
    return {
        "date": rating.rated_on.isoformat(),
        "scores": list(rating.scores),
        "item5": rating.item5.value,
        "total": scale.total(rating.scores),
        "bulbar": sub[scale.Domain.BULBAR],
        "fine_motor": sub[scale.Domain.FINE_MOTOR],
        "gross_motor": sub[scale.Domain.GROSS_MOTOR],
        "respiratory": sub[scale.Domain.RESPIRATORY],
    }


def _list(args: argparse.Namespace) -> int:
    from companion.core import alsfrs as scale
    from companion.core import texts

    records = open_records(args, create=False)
    ratings = []
    if records is not None:
        try:
            ratings = records.alsfrs.ratings()
        finally:
            records.close()
    if args.json:
        print(json.dumps([rating_json(r) for r in ratings], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not ratings:
        print(_("No ALSFRS-R rating recorded yet."))
    for r in ratings:
        sub = scale.subscores(r.scores)
        print(
            _(
                "{date}: total {total} — bulbar {bulbar}, fine motor {fine}, gross motor {gross}, "
                "respiratory {respiratory}; item 5 as {item5}; rated by {by}"
            ).format(
                date=i18n.format_date(r.rated_on),
                total=scale.total_text(scale.total(r.scores)),
                bulbar=i18n.format_number(sub[scale.Domain.BULBAR]),
                fine=i18n.format_number(sub[scale.Domain.FINE_MOTOR]),
                gross=i18n.format_number(sub[scale.Domain.GROSS_MOTOR]),
                respiratory=i18n.format_number(sub[scale.Domain.RESPIRATORY]),
                item5=scale.item5_name(r.item5),
                by=texts.author_name(r.rated_by),
            )
        )
        if r.note:
            print("    " + r.note)
    return EXIT_OK
