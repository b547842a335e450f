"""The dates of winter support (server.rules.winter_support), pure.

seed 000, Vraag 14: "De bedragen moeten wel degelijk klaargezet worden in de Atos CRM-tool." Each amount
of a grant is prepared on its own due date: from the first date, every N days, up to the last date, at
08:00 in Belgium. seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor
een minimale levering van gas en elektriciteit." — the dates default to that period."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from server.rules import winter_support as rules
from tests.seeds import require_seeds

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def test_due_dates_from_the_first_every_n_days_up_to_and_including_the_last() -> None:
    first = date(2026, 12, 1)
    assert rules.due_dates(first, date(2026, 12, 29), 14) == [date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 29)]
    assert rules.due_dates(first, date(2026, 12, 28), 14) == [date(2026, 12, 1), date(2026, 12, 15)]
    assert rules.due_dates(first, first, 7) == [first]  # one day: one amount
    # The whole winter period of seed 001 ("1 december tot 1 maart": the last day is 28 February).
    winter = rules.due_dates(date(2026, 12, 1), date(2027, 2, 28), 14)
    assert len(winter) == 7 and winter[-1] == date(2027, 2, 23)


def test_an_amount_is_due_at_eight_in_belgium_never_earlier() -> None:
    first, last = date(2026, 12, 1), date(2027, 1, 31)
    assert rules.due_by(first, last, 14, at(first, 7, 59)) == []
    assert rules.due_by(first, last, 14, at(first, 8, 0)) == [first]
    # 08:00 in Brussels is 07:00 UTC in winter: the same instant in another zone counts alike.
    assert rules.due_by(first, last, 14, datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc).astimezone(BRUSSELS)) == [first]
    assert rules.due_at(date(2027, 3, 28), BRUSSELS).utcoffset() == timedelta(hours=2)  # summer time: 06:00 UTC


def test_a_server_down_over_due_dates_catches_each_up_once() -> None:
    first, last = date(2026, 12, 1), date(2027, 2, 28)
    missed = rules.due_by(first, last, 7, at(date(2026, 12, 20), 9), after=date(2026, 12, 1))
    assert missed == [date(2026, 12, 8), date(2026, 12, 15)]  # not the one prepared before, not the 22nd
    assert rules.next_due(first, last, 7, at(date(2026, 12, 20), 9)) == date(2026, 12, 22)
    assert rules.next_due(first, last, 7, at(date(2026, 12, 22), 8)) == date(2026, 12, 29)  # the 22nd's 08:00 came
    assert rules.next_due(first, last, 7, at(date(2027, 3, 1), 0)) is None


@pytest.mark.parametrize(("first", "last", "ok"), [
    (date(2026, 12, 7), date(2026, 12, 7), True),  # 1 day
    (date(2026, 12, 7), date(2027, 12, 7), True),  # 366 days
    (date(2026, 12, 7), date(2027, 12, 8), False),  # 367 days
    (date(2026, 12, 7), date(2026, 12, 6), False),  # 0 days
    (date(2026, 12, 6), date(2026, 12, 20), False),  # before today
])
def test_dates_span_1_to_366_days_from_today_on(first: date, last: date, ok: bool) -> None:
    assert (rules.dates_problem(first, last, today=date(2026, 12, 7)) is None) is ok


def test_the_dates_default_to_the_winter_period() -> None:
    # seed 001: "Tijdens de winterperiode (1 december tot 1 maart) ..."
    assert rules.default_dates(date(2026, 10, 15)) == (date(2026, 12, 1), date(2027, 2, 28))
    assert rules.default_dates(date(2026, 12, 7)) == (date(2026, 12, 7), date(2027, 2, 28))  # from today once begun
    assert rules.default_dates(date(2028, 2, 10)) == (date(2028, 2, 10), date(2028, 2, 29))  # a leap year
    assert rules.default_dates(date(2027, 3, 1)) == (date(2027, 12, 1), date(2028, 2, 29))  # 1 March: the next one


def test_a_season_holds_one_whole_winter_period() -> None:
    assert rules.season_bounds(2026) == (date(2026, 7, 1), date(2027, 6, 30))
    assert [rules.season_of(d) for d in (date(2026, 12, 1), date(2027, 2, 28), date(2026, 7, 1), date(2026, 6, 30))] == [
        2026, 2026, 2026, 2025]


def test_the_checklist_is_seed_001s_documents_in_order() -> None:
    # seed 001: "Uw identiteitskaart", "Uw budgetmeterkaart aardgas (gele kaart)", "Een bewijs van inkomsten
    # van alle gezinsleden", "Een bewijs van de vaste kosten", "de contactgegevens van uw schuldbemiddelaar".
    assert rules.CHECKLIST == ("identity_card", "gas_card", "income_proof", "fixed_costs_proof", "debt_mediator")


def test_the_dutch_checklist_is_the_seeds_own_words() -> None:
    """Each Dutch item is seed 001's sentence, verbatim; the other languages translate it."""
    from server.services.winter_support.words import WORDS, checklist

    seed = re.sub(r"\s+", " ", (require_seeds() / "001_55dc720dff2d471b.txt").read_text(encoding="utf-8"))
    for item in checklist("nl"):
        assert item["text"] in seed, item
    for language in ("fr", "de", "en"):
        assert [i["key"] for i in checklist(language)] == list(rules.CHECKLIST)
        assert set(WORDS[language]) == set(WORDS["nl"])
