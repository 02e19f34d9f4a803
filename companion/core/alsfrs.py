"""ALSFRS-R self-rating: the 12 questions in plain words, scoring, validation and the slope.

The revised ALS Functional Rating Scale (ALSFRS-R; Cedarbaum et al., 1999) has 12 items, each
scored 4 (normal) to 0 (function lost); the total runs 0–48, higher is better. Items group into four
domains: bulbar (1–3), fine motor (4–6), gross motor (7–9) and respiratory (10–12). Item 5 has two
forms: 5a, cutting food and handling utensils, and 5b, the same for people with a feeding tube
(gastrostomy).

The questions and answers below are this app's own plain wording, written for a reading age of
about twelve. They are modelled on the published self-administered versions of the scale (the
self-explanatory ALSFRS-R-SE and the US National ALS Registry's self-administered form; see
label-facts.md §6), which keep the meaning of each clinical answer while asking it of the patient.

The slope is the least-squares change of the total per month (30.44 days) over the ratings of a
period. It describes the ratings; the app shows it as data and never as a prognosis.

Pure Python: no Qt here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from companion.core.errors import InvalidInput
from companion.core.models import PATIENT, AlsfrsRating, Item5
from companion.i18n import N_, _, format_date, format_number, ngettext

ITEM_COUNT = 12
MAX_SCORE = 4
MIN_SCORE = 0
MAX_TOTAL = ITEM_COUNT * MAX_SCORE  # 48
SCORES = (4, 3, 2, 1, 0)  # the order answers are shown in: best first

DAYS_PER_MONTH = 30.44
MIN_RATINGS_FOR_SLOPE = 3
MIN_SPAN_DAYS_FOR_SLOPE = 56  # eight weeks

MAX_NOTE_LENGTH = 100_000
MAX_NAME_LENGTH = 200

_WHOLE_NUMBER = re.compile(r"^[0-9]+$")


# --- the questions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One question of the scale. Texts are untranslated (marked with N_): show them through the
    accessors (``title()``, ``question()``, ``answer(score)``), which translate at call time."""

    key: str  # "1" … "12", "5a" or "5b"
    number: int  # 1 … 12 (5 for both forms of item 5)
    title_text: str
    question_text: str
    answer_texts: tuple[str, str, str, str, str]  # for scores 4, 3, 2, 1, 0

    def title(self) -> str:
        return _(self.title_text)

    def question(self) -> str:
        return _(self.question_text)

    def answer(self, score: int) -> str:
        """The plain sentence for ``score`` (4 … 0)."""
        return _(self.answer_texts[MAX_SCORE - score])


_ITEMS: tuple[Item, ...] = (
    Item(
        "1",
        1,
        N_("Speech"),
        N_("How is your speech?"),
        (
            N_("My speech is normal."),
            N_("My speech has changed a little, but people understand me."),
            N_("People sometimes ask me to say things again."),
            N_("I speak, but I also need other ways to be understood, like writing or a device."),
            N_("I can no longer speak in a way people understand."),
        ),
    ),
    Item(
        "2",
        2,
        N_("Saliva (spit)"),
        N_("Do you have too much saliva (spit) in your mouth?"),
        (
            N_("No, my saliva is normal."),
            N_("I have a little too much saliva. I may drool at night."),
            N_("I have quite a lot of extra saliva. I may drool a little."),
            N_("I have a lot of extra saliva, and I drool."),
            N_("I drool so much that I need a tissue or cloth all the time."),
        ),
    ),
    Item(
        "3",
        3,
        N_("Swallowing"),
        N_("How is your swallowing?"),
        (
            N_("I eat and drink normally."),
            N_("I have small problems eating. I choke now and then."),
            N_("I have changed what I eat, for example to softer food."),
            N_("I need some of my food through a feeding tube."),
            N_("I take nothing by mouth. All my food goes through a tube."),
        ),
    ),
    Item(
        "4",
        4,
        N_("Handwriting"),
        N_("How is your handwriting, with the hand you usually write with?"),
        (
            N_("My handwriting is normal."),
            N_("I write more slowly or less neatly, but every word can be read."),
            N_("Some of the words I write cannot be read."),
            N_("I can hold a pen, but I cannot write words."),
            N_("I cannot hold a pen."),
        ),
    ),
    Item(
        "5a",
        5,
        N_("Cutting food and using cutlery"),
        N_("How well can you cut your food and use a knife, fork or spoon?"),
        (
            N_("I do it normally."),
            N_("I am slower and clumsier, but I need no help."),
            N_("I can cut most food, slowly and clumsily. I need some help."),
            N_("Someone else cuts my food, but I can still feed myself slowly."),
            N_("Someone else needs to feed me."),
        ),
    ),
    Item(
        "5b",
        5,
        N_("Handling tube feeding (gastrostomy)"),
        N_(
            "You have a feeding tube. How well can you use your hands for tube feeding, "
            "such as caps, clips, connecting the tube and the syringe?"
        ),
        (
            N_("I do it normally."),
            N_("I am clumsy, but I can do every step myself."),
            N_("I need some help with caps, clips or fasteners."),
            N_("Someone else does it. I can only help a little."),
            N_("I cannot do any part of it."),
        ),
    ),
    Item(
        "6",
        6,
        N_("Dressing and washing"),
        N_("How well can you dress yourself and keep yourself clean, such as washing or brushing teeth?"),
        (
            N_("I do it normally."),
            N_("I do it all myself, but it takes more effort or time."),
            N_("Sometimes I need help, or I use easier ways to do it."),
            N_("I need someone to help me."),
            N_("Someone else does it all for me."),
        ),
    ),
    Item(
        "7",
        7,
        N_("Turning in bed"),
        N_("How well can you turn over in bed and pull up the bedcovers?"),
        (
            N_("I do it normally."),
            N_("I am slower and clumsier, but I need no help."),
            N_("I can do it alone, but only with great effort."),
            N_("I can start to turn or pull the covers, but I cannot finish alone."),
            N_("I cannot do it at all. Someone does it for me."),
        ),
    ),
    Item(
        "8",
        8,
        N_("Walking"),
        N_("How well do you walk?"),
        (
            N_("I walk normally."),
            N_("Walking is harder than before, but I walk without help."),
            N_("I walk with help: a person, a stick, a walker or a brace."),
            N_("I cannot walk, but I can move my legs a little."),
            N_("I cannot move my legs on purpose."),
        ),
    ),
    Item(
        "9",
        9,
        N_("Climbing stairs"),
        N_("How well can you climb stairs?"),
        (
            N_("I climb stairs normally."),
            N_("I climb stairs, but slowly."),
            N_("I am a little unsteady or tired on stairs."),
            N_("I need help on stairs, from a person or a handrail."),
            N_("I cannot climb stairs."),
        ),
    ),
    Item(
        "10",
        10,
        N_("Shortness of breath"),
        N_("Do you get short of breath?"),
        (
            N_("No, I do not get short of breath."),
            N_("Yes, when I walk."),
            N_("Yes, with one or more everyday tasks: eating, washing or dressing."),
            N_("Yes, at rest, when I sit or lie down."),
            N_("Yes, breathing is very hard. Using a breathing machine is being considered."),
        ),
    ),
    Item(
        "11",
        11,
        N_("Breathing when lying down"),
        N_("Does shortness of breath make it hard to sleep lying down?"),
        (
            N_("No."),
            N_("Sometimes it is hard to sleep because I am short of breath, but I use two pillows or fewer."),
            N_("I need more than two pillows to sleep."),
            N_("I can only sleep sitting up."),
            N_("I cannot sleep because I am short of breath."),
        ),
    ),
    Item(
        "12",
        12,
        N_("Breathing support"),
        N_("Do you use a machine to help you breathe, such as a breathing mask (BiPAP)?"),
        (
            N_("No."),
            N_("Yes, a breathing mask (BiPAP) some of the time."),
            N_("Yes, a breathing mask (BiPAP) all night."),
            N_("Yes, a breathing mask (BiPAP) all night and during the day."),
            N_("Yes, a ventilator through a tube in my throat or mouth."),
        ),
    ),
)

_BY_KEY = {item.key: item for item in _ITEMS}


def item(number: int, item5: Item5 = Item5.CUTTING_FOOD) -> Item:
    """Question ``number`` (1–12); for 5, the form given by ``item5``."""
    if number == 5:
        return _BY_KEY[Item5(item5).value]
    return _BY_KEY[str(number)]


def items(item5: Item5 = Item5.CUTTING_FOOD) -> list[Item]:
    """The 12 questions in order, with item 5 in the form given."""
    return [item(n, item5) for n in range(1, ITEM_COUNT + 1)]


def item5_name(item5: Item5) -> str:
    """Which form of item 5, e.g. ``5a, cutting food``."""
    if Item5(item5) is Item5.GASTROSTOMY:
        return _("5b, with a feeding tube")
    return _("5a, cutting food")


# --- domains and scoring -----------------------------------------------------------------------


class Domain(StrEnum):
    BULBAR = "bulbar"
    FINE_MOTOR = "fine_motor"
    GROSS_MOTOR = "gross_motor"
    RESPIRATORY = "respiratory"


DOMAIN_ITEMS: dict[Domain, tuple[int, int, int]] = {
    Domain.BULBAR: (1, 2, 3),
    Domain.FINE_MOTOR: (4, 5, 6),
    Domain.GROSS_MOTOR: (7, 8, 9),
    Domain.RESPIRATORY: (10, 11, 12),
}
DOMAIN_MAX = 3 * MAX_SCORE  # 12


def domain_name(domain: Domain) -> str:
    """The domain in plain words with its clinical name, e.g. ``Breathing (respiratory)``."""
    return {
        Domain.BULBAR: _("Speech and swallowing (bulbar)"),
        Domain.FINE_MOTOR: _("Hands (fine motor)"),
        Domain.GROSS_MOTOR: _("Moving about (gross motor)"),
        Domain.RESPIRATORY: _("Breathing (respiratory)"),
    }[Domain(domain)]


def domain_short_name(domain: Domain) -> str:
    """The clinical name alone, for narrow places such as a table header."""
    return {
        Domain.BULBAR: _("Bulbar"),
        Domain.FINE_MOTOR: _("Fine motor"),
        Domain.GROSS_MOTOR: _("Gross motor"),
        Domain.RESPIRATORY: _("Respiratory"),
    }[Domain(domain)]


def total(scores: Sequence[int]) -> int:
    """The total 0–48 of 12 checked scores."""
    return sum(check_scores(scores))


def subscore(scores: Sequence[int], domain: Domain) -> int:
    """The sum 0–12 of the three items of ``domain``."""
    checked = check_scores(scores)
    return sum(checked[n - 1] for n in DOMAIN_ITEMS[Domain(domain)])


def subscores(scores: Sequence[int]) -> dict[Domain, int]:
    """The four domain subscores, in domain order."""
    checked = check_scores(scores)
    return {d: sum(checked[n - 1] for n in numbers) for d, numbers in DOMAIN_ITEMS.items()}


def answered_total(answers: Sequence[int | None]) -> int:
    """The sum of the questions answered so far (``None`` for a question not yet answered)."""
    return sum(a for a in answers if a is not None)


# --- validation --------------------------------------------------------------------------------


def _is_score(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and MIN_SCORE <= value <= MAX_SCORE


def check_scores(scores: Sequence[int]) -> tuple[int, ...]:
    """Exactly 12 whole-number scores, each 0–4; raise InvalidInput with a plain message."""
    values = tuple(scores)
    if len(values) != ITEM_COUNT:
        raise InvalidInput(
            ngettext(
                "A rating needs 12 scores, one for each question; {count} was given.",
                "A rating needs 12 scores, one for each question; {count} were given.",
                len(values),
            ).format(count=len(values))
        )
    for position, value in enumerate(values, start=1):
        if not _is_score(value):
            raise InvalidInput(
                _("Score {position} is “{value}”. Each score must be a whole number from 0 to 4.").format(
                    position=position, value=value
                )
            )
    return values


def parse_scores(text: str) -> tuple[int, ...]:
    """Parse ``4,4,3,…`` (12 whole numbers 0–4, separated by commas) as typed on the command line."""
    parts = [p.strip() for p in (text or "").split(",")]
    if parts == [""]:
        parts = []
    if len(parts) != ITEM_COUNT:
        raise InvalidInput(
            ngettext(
                "A rating needs 12 scores, one for each question, separated by commas; {count} was given.",
                "A rating needs 12 scores, one for each question, separated by commas; {count} were given.",
                len(parts),
            ).format(count=len(parts))
        )
    values: list[int] = []
    for position, part in enumerate(parts, start=1):
        if not _WHOLE_NUMBER.match(part) or int(part) > MAX_SCORE:
            raise InvalidInput(
                _("Score {position} is “{value}”. Each score must be a whole number from 0 to 4.").format(
                    position=position, value=part
                )
            )
        values.append(int(part))
    return tuple(values)


def check_answered(answers: Sequence[int | None], item5: Item5 = Item5.CUTTING_FOOD) -> tuple[int, ...]:
    """The scores of a form where every question must be answered; the message names the missing."""
    missing = [item(n, item5) for n, a in enumerate(answers, start=1) if a is None]
    if missing:
        names = ", ".join(_("{number} {title}").format(number=m.number, title=m.title()) for m in missing)
        raise InvalidInput(
            ngettext(
                "Please answer every question. Not answered yet: {questions}.",
                "Please answer every question. Not answered yet: {questions}.",
                len(missing),
            ).format(questions=names)
        )
    return check_scores([a for a in answers if a is not None])


def check_date(rated_on: dt.date, today: dt.date) -> dt.date:
    """A rating is about a day that has come: today or earlier."""
    if rated_on > today:
        raise InvalidInput(
            _("{date} is in the future. A rating can only be for today or an earlier day.").format(
                date=format_date(rated_on)
            )
        )
    return rated_on


def validate_rating(rating: AlsfrsRating, today: dt.date) -> AlsfrsRating:
    """Check a rating before it is saved; return it with its scores as a tuple and its author
    cleaned ("patient" when no one is named)."""
    scores = check_scores(rating.scores)
    check_date(rating.rated_on, today)
    try:
        item5 = Item5(rating.item5)
    except ValueError:
        raise InvalidInput(_("Item 5 must be “5a” (cutting food) or “5b” (with a feeding tube).")) from None
    by = (rating.rated_by or "").strip() or PATIENT
    if len(by) > MAX_NAME_LENGTH:
        raise InvalidInput(_("The name of who rated is too long."))
    if len(rating.note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("The note is too long: at most {count} characters.").format(count=MAX_NOTE_LENGTH)
        )
    return AlsfrsRating(
        rated_on=rating.rated_on, scores=scores, item5=item5, rated_by=by, note=rating.note, id=rating.id
    )


# --- periods and slope ------------------------------------------------------------------------


class Period(StrEnum):
    """The periods a person can choose for the trend."""

    LAST_6_MONTHS = "6m"
    LAST_12_MONTHS = "12m"
    ALL = "all"


_PERIOD_MONTHS = {Period.LAST_6_MONTHS: 6, Period.LAST_12_MONTHS: 12}


def period_name(period: Period) -> str:
    return {
        Period.LAST_6_MONTHS: _("Last 6 months"),
        Period.LAST_12_MONTHS: _("Last 12 months"),
        Period.ALL: _("All ratings"),
    }[Period(period)]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def period_start(period: Period, today: dt.date) -> dt.date | None:
    """The first day of ``period`` ending today; None for all ratings."""
    months = _PERIOD_MONTHS.get(Period(period))
    return months_before(today, months) if months else None


def in_period(
    ratings: Iterable[AlsfrsRating], start: dt.date | None = None, end: dt.date | None = None
) -> list[AlsfrsRating]:
    """The ratings from ``start`` to ``end`` (both included; None leaves that side open), by date."""
    chosen = [
        r for r in ratings if (start is None or r.rated_on >= start) and (end is None or r.rated_on <= end)
    ]
    return sorted(chosen, key=lambda r: r.rated_on)


def slope_per_month(ratings: Sequence[AlsfrsRating]) -> float | None:
    """The least-squares slope of the total, in points per month (30.44 days).

    None ("not enough data") for fewer than three ratings, or ratings spanning less than eight
    weeks (56 days) from the first to the last.
    """
    if len(ratings) < MIN_RATINGS_FOR_SLOPE:
        return None
    first = min(r.rated_on for r in ratings)
    last = max(r.rated_on for r in ratings)
    if (last - first).days < MIN_SPAN_DAYS_FOR_SLOPE:
        return None
    # Days since the first rating, as integers: exact sums, one division at the end.
    xs = [(r.rated_on - first).days for r in ratings]
    ys = [total(r.scores) for r in ratings]
    n = len(xs)
    sum_x, sum_y = sum(xs), sum(ys)
    sxy = n * sum(x * y for x, y in zip(xs, ys, strict=True)) - sum_x * sum_y
    sxx = n * sum(x * x for x in xs) - sum_x * sum_x
    per_day = sxy / sxx  # sxx > 0: the dates span at least 56 days
    slope = per_day * DAYS_PER_MONTH
    return 0.0 if slope == 0 else slope


def slope_text(slope: float) -> str:
    """The slope for people, to one decimal, e.g. ``−0.8 points per month`` or ``+0.3 …``."""
    rounded = round(slope, 1)
    if rounded == 0:
        rounded = 0.0  # no "−0"
    number = format_number(abs(rounded))
    if rounded < 0:
        number = "\u2212" + number  # a real minus sign: clearer than a hyphen, and read as "minus"
    elif rounded > 0:
        number = "+" + number
    # n is 1 only for a change of exactly one point; decimals take the plural form.
    n = 1 if abs(rounded) == 1 else 2
    return ngettext("{value} point per month", "{value} points per month", n).format(value=number)


def not_enough_data_text() -> str:
    return _("Not enough data: at least three ratings over eight weeks are needed")


def total_text(value: int) -> str:
    """E.g. ``38 of 48``."""
    return _("{score} of {maximum}").format(score=format_number(value), maximum=format_number(MAX_TOTAL))


def summary_text(ratings: Sequence[AlsfrsRating], dose_count: int = 0) -> str:
    """What a chart of ``ratings`` shows, in words (for screen readers and reports)."""
    if not ratings:
        text = _("No ALSFRS-R rating in this period.")
    else:
        ordered = sorted(ratings, key=lambda r: r.rated_on)
        totals = [total(r.scores) for r in ordered]
        latest = ordered[-1]
        text = ngettext(
            "{count} rating, on {first}.",
            "{count} ratings, from {first} to {last}.",
            len(ordered),
        ).format(
            count=len(ordered), first=format_date(ordered[0].rated_on), last=format_date(latest.rated_on)
        )
        text += " " + _("Latest total: {total}, on {date}.").format(
            total=total_text(totals[-1]), date=format_date(latest.rated_on)
        )
        if len(ordered) > 1:
            text += " " + _("Highest total: {highest}. Lowest total: {lowest}.").format(
                highest=format_number(max(totals)), lowest=format_number(min(totals))
            )
    if dose_count:
        text += " " + ngettext(
            "{count} dose given in this period is marked.",
            "{count} doses given in this period are marked.",
            dose_count,
        ).format(count=dose_count)
    return text
