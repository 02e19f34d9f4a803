"""Language choice, gettext catalogs and Babel formatting shared by every layer.

Every user-visible string goes through ``_()``, ``ngettext()`` or ``pgettext()`` imported from
here. They look the active catalog up at call time, so switching the language affects every
string produced afterwards. Dates and numbers shown to people go through the Babel helpers below,
never ``strftime``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import locale as _pylocale
import os
from pathlib import Path
from typing import TYPE_CHECKING

from companion.paths import translations_dir

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported at the first date or number shown, not at start: with its time-zone lookup it
# costs some 30 ms, which a window with nothing to format yet (or the command line asking for
# help) need not wait for.

DOMAIN = "companion"
SUPPORTED_LANGUAGES = ("en", "de", "fr", "es", "it")
FALLBACK_LANGUAGE = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language: str = FALLBACK_LANGUAGE
_locale: Locale | None = None  # the Babel locale of _language, parsed when first needed


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a plural form chosen for ``n``."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in a context, for words that differ by use."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (it is translated when shown)."""
    return message


def normalise_language(code: str | None) -> str | None:
    """Return the supported language for a code such as ``de``, ``de_AT.UTF-8`` or ``fr-CA``."""
    if not code:
        return None
    base = code.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else None


def system_language() -> str:
    """The user's language from the environment, English when it is not one we support."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                lang = normalise_language(part)
                if lang:
                    return lang
    try:
        lang = normalise_language(_pylocale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or FALLBACK_LANGUAGE


def _load_catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog (.mo, built into the installed package); in a source checkout, which
    has only the .po files, the .po compiled in memory."""
    folder = Path(translations_dir()) / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        import io

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def set_language(code: str | None) -> str:
    """Make ``code`` the active language (falling back to English) and return the one in use."""
    global _translation, _language, _locale
    language = normalise_language(code) or FALLBACK_LANGUAGE
    _translation = _load_catalog(language) if language != FALLBACK_LANGUAGE else gettext.NullTranslations()
    _language = language
    _locale = None
    return language


def current_language() -> str:
    """The active language code, e.g. ``en``."""
    return _language


def current_locale() -> Locale:
    """The Babel locale of the active language."""
    global _locale
    if _locale is None:
        from babel import Locale, UnknownLocaleError

        try:
            _locale = Locale.parse(_language)
        except (UnknownLocaleError, ValueError):
            _locale = Locale.parse(FALLBACK_LANGUAGE)
    return _locale


def format_date(value: dt.date, fmt: str = "long") -> str:
    """A date in words for people, e.g. ``12 May 2026`` / ``12. Mai 2026``.

    ``fmt`` is a Babel format name (``short``, ``medium``, ``long``, ``full``) or pattern.
    """
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=current_locale())


def format_weekday_date(value: dt.date) -> str:
    """A date with its weekday and the month in words, e.g. ``Friday, June 12, 2026``."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="full", locale=current_locale())


def format_datetime(value: dt.datetime) -> str:
    """A moment for people, in its own time zone, e.g. ``June 1, 2026, 2:30 PM``.

    ``value`` must be timezone-aware: Babel takes naive times as UTC and would shift them.
    """
    from babel.dates import format_date as babel_format_date
    from babel.dates import format_time as babel_format_time

    locale = current_locale()
    return _("{date}, {time}").format(
        date=babel_format_date(value.date(), format="long", locale=locale),
        time=babel_format_time(value, format="short", tzinfo=value.tzinfo, locale=locale),
    )


def format_time(value: dt.time) -> str:
    """A clock time for people, in the locale's short form."""
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value, format="short", locale=current_locale())


def format_number(value: float | int) -> str:
    """A number in the locale's form, e.g. ``10.5`` / ``10,5``."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_locale())
