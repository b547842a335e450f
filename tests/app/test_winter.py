"""The winter period from the server (``GET /api/v1/winter-period``): the request, the typed answer
from a recorded JSON answer of the contract, its words, and the seed's words when the server cannot
tell (seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een
minimale levering van gas en elektriciteit.")."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from app.api.client import BudgetmeterClient
from app.api.errors import BadResponse
from app.api.models import Balance, parse
from app.api.winter_models import WinterPeriod
from app.i18n import Translator
from app.state.winter import WinterInfo
from app.words.explain import status_explanation
from app.words.winter import winter_now_text, winter_period_text

#: An answer as the contract gives it, for a day before the winter (the next period).
RECORDED = {"on": "2026-11-27", "in_winter_period": False, "first_day": "2026-12-01", "last_day": "2027-02-28"}
RECORDED_IN_WINTER = {"on": "2027-01-15", "in_winter_period": True, "first_day": "2026-12-01", "last_day": "2027-02-28"}


def replaying(answer: dict, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=answer)

    return httpx.MockTransport(handler)


def test_the_recorded_answer_parses() -> None:
    period = parse(WinterPeriod, RECORDED)
    assert period.on == date(2026, 11, 27) and not period.in_winter_period
    assert (period.first_day, period.last_day) == (date(2026, 12, 1), date(2027, 2, 28))


@pytest.mark.parametrize("field", ["first_day", "last_day", "in_winter_period"])
def test_a_missing_field_is_a_bad_response(field: str) -> None:
    with pytest.raises(BadResponse):
        parse(WinterPeriod, {k: v for k, v in RECORDED.items() if k != field})


@pytest.mark.anyio
async def test_the_call_asks_for_the_day_without_a_login() -> None:
    seen: list[httpx.Request] = []
    async with BudgetmeterClient("http://api.test", token="t0k", transport=replaying(RECORDED, seen)) as api:
        period = await api.winter_period(date(2026, 11, 27))
    assert period == parse(WinterPeriod, json.loads(json.dumps(RECORDED)))
    (request,) = seen
    assert request.url.path == "/api/v1/winter-period"
    assert request.url.params["on"] == "2026-11-27"
    assert "authorization" not in request.headers


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Winter period: 1 December 2026 to 28 February 2027"),
        ("nl", "Winterperiode: 1 december 2026 tot en met 28 februari 2027"),
        ("fr", "Période hivernale : du 1 décembre 2026 au 28 février 2027"),
        ("de", "Winterzeit: 1. Dezember 2026 bis 28. Februar 2027"),
    ],
)
def test_the_dates_in_words(lang: str, expected: str) -> None:
    assert winter_period_text(Translator(lang), parse(WinterPeriod, RECORDED)) == expected


def test_now_or_not() -> None:
    t = Translator("en")
    assert winter_now_text(t, parse(WinterPeriod, RECORDED_IN_WINTER)) == "It is the winter period now."
    assert "not" in winter_now_text(t, parse(WinterPeriod, RECORDED))
    assert winter_period_text(t, None) is None and winter_now_text(t, None) is None


def _gas_on_minimum_supply() -> Balance:
    return parse(
        Balance,
        {
            "ean": "541449200000000002",
            "energy": "gas",
            "balance_cents": -500,
            "status": "minimum_supply",
            "emergency_credit": {"limit_cents": 0, "available_cents": 0, "in_use": False},
            "negative_credit_limit_cents": 0,
            "minimum_supply": {"active": True, "max_current_a": None},
            "average_daily_cost_cents": 150,
            "estimated_days_left": 0,
            "updated_at": "2026-11-27T08:00:00+01:00",
        },
    )


def test_the_explanation_uses_the_servers_dates_else_the_seeds() -> None:
    t = Translator("en")
    b = _gas_on_minimum_supply()
    offline = status_explanation(t, b)
    assert any("(1 December to 1 March)" in line for line in offline)
    told = status_explanation(t, b, parse(WinterPeriod, RECORDED))
    assert "Winter period: 1 December 2026 to 28 February 2027" in told
    assert not any("1 March" in line for line in told)


@pytest.mark.anyio
async def test_without_an_answer_the_screens_keep_the_seeds_words() -> None:
    async with BudgetmeterClient("http://127.0.0.1:9", attempts=1) as api:  # nothing listens there
        info = WinterInfo(api, clock=lambda: date(2026, 11, 27))
        seen = []
        info.subscribe(lambda s: seen.append(s.period))
        assert not await info.load()
    assert info.period is None and info.last_error is not None and seen == [None]
    assert status_explanation(Translator("en"), _gas_on_minimum_supply(), info.period) == status_explanation(
        Translator("en"), _gas_on_minimum_supply()
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("on", "in_winter", "first", "last"),
    [
        (date(2026, 11, 27), False, date(2026, 12, 1), date(2027, 2, 28)),
        (date(2028, 2, 29), True, date(2027, 12, 1), date(2028, 2, 29)),
        (date(2027, 3, 1), False, date(2027, 12, 1), date(2028, 2, 29)),
    ],
)
async def test_the_real_server_answers_the_period(server, on: date, in_winter: bool, first: date, last: date) -> None:
    async with BudgetmeterClient(server.url) as api:
        info = WinterInfo(api, clock=lambda: on)
        assert await info.load()
    assert info.period == WinterPeriod(on=on, in_winter_period=in_winter, first_day=first, last_day=last)
