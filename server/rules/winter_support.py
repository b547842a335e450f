"""Winter support (issue 21): the dates on which the OCMW's free minimum gas supply is prepared.

seed 001: "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is
opgebruikt en u niet de financiële middelen heeft om deze aan te vullen." and, after the investigation,
"Na het onderzoek krijgt u een brief van het OCMW. Daarin staat of u gratis aardgas krijgt of niet."

seed 000, Vraag 14: "De bedragen moeten wel degelijk klaargezet worden in de Atos CRM-tool." Each
amount a grant gives is one preparation ("klaarzetten"), due on its own date: from the first date,
every `every_days` days, up to and including the last date, at 08:00 Belgian time.

Pure: dates and times in, dates and times out. No store, no clock of its own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .winter import next_winter_period, winter_period_containing

PREPARE_AT = time(8, 0)
EVERY_DAYS_MIN, EVERY_DAYS_MAX, EVERY_DAYS_DEFAULT = 7, 31, 14
# A grant covers 1 to 366 days, both dates included: at most one winter and a leap year's day.
SPAN_DAYS_MIN, SPAN_DAYS_MAX = 1, 366
HOUSEHOLD_SIZE_MIN, HOUSEHOLD_SIZE_MAX = 1, 20

# seed 001, "U brengt volgende documenten mee: Uw identiteitskaart / Uw budgetmeterkaart aardgas (gele
# kaart) / Een bewijs van inkomsten van alle gezinsleden (...) / Een bewijs van de vaste kosten (...)"
# and "Bent u in schuldbemiddeling? Breng dan ook de contactgegevens van uw schuldbemiddelaar mee."
CHECKLIST = ("identity_card", "gas_card", "income_proof", "fixed_costs_proof", "debt_mediator")


def span_days(first: date, last: date) -> int:
    """Days a grant covers, both dates included (0 or less: the last date is before the first)."""
    return (last - first).days + 1


def dates_problem(first: date, last: date, today: date) -> str | None:
    """Why these dates cannot make a grant, or None. The first date may be today (prepared at the next
    sweep when 08:00 has passed) but not before: a decision never prepares amounts for days gone by."""
    if first < today:
        return f"first_date: {first.isoformat()} is before today ({today.isoformat()})"
    span = span_days(first, last)
    if not SPAN_DAYS_MIN <= span <= SPAN_DAYS_MAX:
        return f"first_date to last_date covers {span} days; give 1 to {SPAN_DAYS_MAX} days"
    return None


def default_dates(today: date) -> tuple[date, date]:
    """The winter period (seed 001: "Tijdens de winterperiode (1 december tot 1 maart) ...") that holds
    today, else the next one; from today when it has begun."""
    period = winter_period_containing(today) or next_winter_period(today)
    return max(period[0], today), period[1]


def due_dates(first: date, last: date, every_days: int) -> list[date]:
    """Every due date: first, first + every_days, ... while not after last."""
    days = span_days(first, last)
    return [first + timedelta(days=n) for n in range(0, max(days, 0), every_days)]


def due_at(day: date, tz) -> datetime:
    """When a due date's amount is prepared: 08:00 that day in `tz` (Europe/Brussels), an aware time.
    08:00 is never skipped nor repeated: Belgium changes its clocks at 02:00 and 03:00."""
    return datetime.combine(day, PREPARE_AT, tzinfo=tz)


def due_by(first: date, last: date, every_days: int, now: datetime, *, after: date | None = None) -> list[date]:
    """The due dates whose 08:00 has come by `now` (aware), later than `after` (the last one prepared):
    after a server was down over several, all of them, each once."""
    return [d for d in due_dates(first, last, every_days)
            if (after is None or d > after) and due_at(d, now.tzinfo) <= now]


def next_due(first: date, last: date, every_days: int, now: datetime) -> date | None:
    """The first due date whose 08:00 is still to come after `now` (aware); None when none is left."""
    return next((d for d in due_dates(first, last, every_days) if due_at(d, now.tzinfo) > now), None)


def season_of(day: date) -> int:
    """The season a due date counts in for the OCMW's accounts: season N runs from 1 July N to 30 June
    N + 1, so that the winter period from 1 December N (seed 001) lies whole in season N, with the
    weeks a grant may reach before or after it."""
    return day.year if day.month >= 7 else day.year - 1


def season_bounds(season: int) -> tuple[date, date]:
    """First and last day of season `season` (both included)."""
    return date(season, 7, 1), date(season + 1, 6, 30)
