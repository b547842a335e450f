"""Translations (gettext catalogs in ``locales/``) and Belgian formats of money, numbers and dates (Babel).

Every visible string goes through a :class:`Translator`. One Flet process serves many browser sessions
in web mode, each in its own language, so there is no process-wide "current language": each session
holds its own Translator (views reach it through a context, see ``app/ui/context.py``).

    t = Translator("fr")
    t.gettext("Log in")            -> "Se connecter"
    t.money(1250)                  -> "12,50 €"      (nl: "€ 12,50")

Strings are extracted with ``pybabel extract -F babel.cfg`` (keywords ``_``, ``gettext``, ``ngettext``,
``N_``). The catalogs are read relative to this file, never to the working directory, so that they are
found in a ``flet build`` bundle too.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_currency, format_decimal

from app.clock import BRUSSELS
from app.state.language import DEFAULT, SUPPORTED

#: The top-level ``locales/`` folder beside ``app/``.
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

#: Babel locale per app language: Belgian formats everywhere (plain "en" would be US-style).
BABEL_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_BE"}

#: Each language named in itself, for the language picker.
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "en": "English"}


def N_(message: str) -> str:
    """Marks a string for extraction without translating it yet (tables of messages)."""
    return message


@lru_cache(maxsize=None)
def _catalog(language: str) -> _gettext.NullTranslations:
    try:
        return _gettext.translation(DOMAIN, localedir=str(LOCALES_DIR), languages=[language])
    except OSError:
        return _gettext.NullTranslations()


class Translator:
    """Translations and formats for one language."""

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = language if language in SUPPORTED else DEFAULT
        self.locale = BABEL_LOCALES[self.language]
        self._catalog = _catalog(self.language)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Translator) and other.language == self.language

    def __hash__(self) -> int:
        return hash(self.language)

    # --- gettext ------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    # --- formats ------------------------------------------------------------------------------

    def money(self, cents: int) -> str:
        """Belgian money: nl "€ 12,50", fr/de/en "12,50 €"; negative amounts keep their sign."""
        return format_currency(cents / 100, "EUR", locale=self.locale)

    def number(self, value: float | int, fmt: str | None = None) -> str:
        return format_decimal(value, format=fmt, locale=self.locale)

    def date(self, value: date | datetime, fmt: str = "medium") -> str:
        if isinstance(value, datetime):
            value = value.astimezone(BRUSSELS).date()
        return format_date(value, format=fmt, locale=self.locale)

    def datetime(self, value: datetime, fmt: str = "short") -> str:
        return format_datetime(value, format=fmt, tzinfo=BRUSSELS, locale=self.locale)

    def age(self, then: datetime, now: datetime | None = None) -> str:
        """"3 minuten geleden", "il y a 2 heures", ... ("just now" under a minute)."""
        now = now or datetime.now(timezone.utc)
        delta = now - then
        if delta < timedelta(minutes=1):
            return self.gettext("just now")
        return format_timedelta(-delta, threshold=0.9, add_direction=True, locale=self.locale)


__all__ = ["BABEL_LOCALES", "LANGUAGE_NAMES", "LOCALES_DIR", "N_", "Translator"]
