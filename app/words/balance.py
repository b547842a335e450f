"""What a balance's numbers mean, in plain words (issue 20, "Numbers that mislead").

v1's days left count the emergency credit as if it were the household's own money: "nog 13 dagen" for
€ 8,70 at € 2,10 a day, when 4 days are hers and about 9 are emergency credit she pays back at the next
top-up (seed 002: "dan zult u bij uw volgende oplaadbeurt in één keer al uw verbruik en uw noodkrediet
in één keer moeten terugbetalen"). So the card says both, and off supplying how much brings full supply
back (the server's topup_needed_cents: seed 002, "dan moet u die 50 euro terugbetalen, plus het bedrag
van uw oplaadbeurt (minimaal 0,50 euro), om nog energie te kunnen verbruiken").
"""

from __future__ import annotations

from app.api.models import Balance
from app.i18n import Translator


def days_left_text(t: Translator, days: int) -> str:
    # The server counts whole days (what is left // the average daily cost, seed 002): 0 means less
    # than one day's use is left, not that nothing is ("0 days left" read as already empty).
    if days <= 0:
        return t.gettext("less than a day left")
    return t.ngettext("{n} day left", "{n} days left", days).format(n=days)


def days_text(t: Translator, b: Balance) -> str | None:
    """The days row of a balance, or None when there are no days to tell (no daily cost yet, minimum
    supply, interrupted)."""
    if b.average_daily_cost_cents <= 0:
        return None
    if b.status == "emergency_credit":
        days = b.estimated_days_left  # on emergency credit, all that is left is emergency credit
        if days <= 0:
            return t.gettext("less than a day of emergency credit left")
        return t.ngettext("about {n} day of emergency credit left", "about {n} days of emergency credit left", days).format(n=days)
    if b.status != "supplying":
        return None
    own = b.days_until_emergency_credit
    if own is None:  # fewer than 7 days of history: the server's v1 count is all there is
        return days_left_text(t, b.estimated_days_left)
    after = b.estimated_days_left - own
    if after <= 0:
        return days_left_text(t, own)
    return t.ngettext(
        "{days}, then about {n} day of emergency credit", "{days}, then about {n} days of emergency credit", after
    ).format(days=days_left_text(t, own), n=after)


def days_before_emergency_credit(b: Balance) -> int:
    """The days a "top up soon" warning judges: the household's own money when the server tells them."""
    return b.estimated_days_left if b.days_until_emergency_credit is None else b.days_until_emergency_credit


def topup_needed_text(t: Translator, b: Balance, *, staff: bool = False) -> str | None:
    """Off supplying, the smallest top-up back to full supply; None while the meter supplies.
    ``staff``: said to a social worker about the household's meter, not to the household (issue 20)."""
    if b.status == "supplying" or b.topup_needed_cents <= 0:
        return None
    amount = t.money(b.topup_needed_cents)
    if staff:
        if b.energy == "gas":
            return t.gettext("A top-up of at least {amount} brings full gas back.").format(amount=amount)
        return t.gettext("A top-up of at least {amount} brings full electricity back.").format(amount=amount)
    if b.energy == "gas":
        return t.gettext("Top up at least {amount} to get full gas again.").format(amount=amount)
    return t.gettext("Top up at least {amount} to get full electricity again.").format(amount=amount)
