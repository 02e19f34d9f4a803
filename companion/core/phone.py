"""Phone numbers the user enters: the emergency number where they live (issue 16).

A language does not tell the country (112, 911, 999, 144 … depend on where one lives), so the app
writes no emergency number in any text; the user may enter theirs, and it is shown after "emergency
services". It is kept as entered (trimmed): the app never dials it, a person reads it.
"""

from __future__ import annotations

import re

from companion.core.errors import InvalidInput
from companion.i18n import _

MAX_LENGTH = 30  # as the data exchange format allows (core/exchange.py)

# Digits (0-9 only: what a phone's keypad has), spaces, +, - and brackets; at least one digit.
_PHONE = re.compile(r"(?=[^0-9]*[0-9])[0-9 +\-()]+")


def emergency_number(text: str) -> str:
    """The emergency number as the user entered it, trimmed; "" when left empty (then the app says
    "emergency services" alone). Raises InvalidInput, with a message saying what it may hold."""
    number = text.strip()
    if not number:
        return ""
    if len(number) > MAX_LENGTH or not _PHONE.fullmatch(number):
        raise InvalidInput(
            _(
                "The emergency number can hold only digits, spaces and the signs + - ( ), "
                "at most {count} characters. Leave it empty if you are not sure."
            ).format(count=MAX_LENGTH)
        )
    return number
