"""The balance chart in words: the one-sentence summary a screen reader reads, the axis and tooltip texts,
all in Belgian formats of the user's language (app/i18n.py).

    summary_sentence(t, summary)
    -> "Over 30 days you used about € 1,45 a day; you topped up twice, € 40,00 in total."   (nl: in Dutch)
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.numbers import format_currency

from app.i18n import Translator
from app.state.balance_history import HistorySummary


def euros(t: Translator, cents: int) -> str:
    """Whole euros in the language's currency pattern, for axis labels: nl "€ -20", fr "-20 €"."""
    pattern = Locale.parse(t.locale).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(round(cents / 100), "EUR", format=pattern, currency_digits=False, locale=t.locale)


def _used(t: Translator, s: HistorySummary) -> str:
    return t.ngettext(
        "Over {days} day you used about {amount} a day",
        "Over {days} days you used about {amount} a day",
        s.days,
    ).format(days=s.days, amount=t.money(s.average_cost_cents))


def _topped_up(t: Translator, s: HistorySummary) -> str:
    total = t.money(s.topup_total_cents)
    if s.topup_days == 0:
        return t.gettext("you did not top up")
    if s.topup_days == 1:
        return t.gettext("you topped up once, {total}").format(total=total)
    if s.topup_days == 2:
        return t.gettext("you topped up twice, {total} in total").format(total=total)
    return t.ngettext(
        "you topped up {count} time, {total} in total",
        "you topped up {count} times, {total} in total",
        s.topup_days,
    ).format(count=s.topup_days, total=total)


def summary_sentence(t: Translator, s: HistorySummary) -> str:
    """One sentence: the average use per day, the top-ups, and the days below zero when there were any."""
    parts = [_used(t, s), _topped_up(t, s)]
    if s.days_below_zero:
        parts.append(
            t.ngettext(
                "the balance ended below zero on {count} day",
                "the balance ended below zero on {count} days",
                s.days_below_zero,
            ).format(count=s.days_below_zero)
        )
    return "; ".join(parts) + "."


def no_history_sentence(t: Translator) -> str:
    return t.gettext("No history yet: the chart appears after the meter's first reading.")


def window_name(t: Translator, window: int) -> str:
    return t.ngettext("{count} day", "{count} days", window).format(count=window)


def day_label(t: Translator, day: date) -> str:
    """Short date under the chart: "12 nov." / "12 Nov."."""
    return t.date(day, "d MMM")


def balance_tooltip(t: Translator, day: date, balance_cents: int, topup_cents: int) -> str:
    text = t.gettext("{day}: balance {amount}").format(day=t.date(day, "d MMM"), amount=t.money(balance_cents))
    if topup_cents:
        text += "\n" + topup_label(t, topup_cents)
    return text


def cost_tooltip(t: Translator, day: date, cost_cents: int) -> str:
    return t.gettext("{day}: used {amount}").format(day=t.date(day, "d MMM"), amount=t.money(cost_cents))


def topup_label(t: Translator, topup_cents: int) -> str:
    """The amount marked on the line: "+ € 20,00 topped up"."""
    return t.gettext("+{amount} topped up").format(amount=t.money(topup_cents))


__all__ = [
    "balance_tooltip",
    "cost_tooltip",
    "day_label",
    "euros",
    "no_history_sentence",
    "summary_sentence",
    "topup_label",
    "window_name",
]
