"""GET /api/v1/winter-period: the winter period of minimum supply, served from server.rules.winter.

seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een minimale
levering van gas en elektriciteit." — "tot" excludes 1 March: the last day is 28 or 29 February.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest


def _winter(client: httpx.Client, **params) -> dict:
    r = client.get("/api/v1/winter-period", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# columns: on -> in winter, first day, last day (the period holding `on`, else the next one)
@pytest.mark.parametrize(
    ("on", "in_winter", "first_day", "last_day"),
    [
        ("2026-11-30", False, "2026-12-01", "2027-02-28"),
        ("2026-12-01", True, "2026-12-01", "2027-02-28"),
        ("2027-01-15", True, "2026-12-01", "2027-02-28"),
        ("2027-02-28", True, "2026-12-01", "2027-02-28"),
        ("2027-03-01", False, "2027-12-01", "2028-02-29"),  # "tot 1 maart": 1 March is not winter
        ("2028-02-29", True, "2027-12-01", "2028-02-29"),  # a leap year's winter ends on 29 February
        ("2027-07-21", False, "2027-12-01", "2028-02-29"),
    ],
)
def test_period_holding_or_next(client: httpx.Client, on: str, in_winter: bool, first_day: str, last_day: str) -> None:
    assert _winter(client, on=on) == {
        "on": on,
        "in_winter_period": in_winter,
        "first_day": first_day,
        "last_day": last_day,
    }


def test_default_is_today_in_belgium(client: httpx.Client) -> None:
    before = datetime.now(ZoneInfo("Europe/Brussels")).date()
    body = _winter(client)
    after = datetime.now(ZoneInfo("Europe/Brussels")).date()
    assert body["on"] in {before.isoformat(), after.isoformat()}
    assert body == _winter(client, on=body["on"])
    first, last = date.fromisoformat(body["first_day"]), date.fromisoformat(body["last_day"])
    assert (first.month, first.day) == (12, 1) and last + timedelta(days=1) == date(first.year + 1, 3, 1)


@pytest.mark.parametrize("on", ["", "1764000000", "2026-02-30", "2026-12-01T00:00:00", "1-12-2026", "2026-12-1"])
def test_bad_dates_are_refused(client: httpx.Client, on: str) -> None:
    r = client.get("/api/v1/winter-period", params={"on": on})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", r.text


def test_documented_without_login(client: httpx.Client) -> None:
    assert "Authorization" not in client.headers
    op = client.get("/openapi.json").json()["paths"]["/api/v1/winter-period"]["get"]
    assert op["operationId"] == "get_winter_period" and "security" not in op
    (on,) = op["parameters"]
    assert on["name"] == "on" and not on["required"]
