"""A meter's history per day, and days left computed from it (GET /api/v1/meters/{ean}/history)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from .conftest import fresh_address
from .operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client, reading

BRUSSELS = ZoneInfo("Europe/Brussels")


def _meters(c: httpx.Client) -> dict[str, str]:
    return {m["energy"]: m["ean"] for m in c.get("/api/v1/me").json()["meters"]}


def test_demo_history_is_90_days_ending_at_todays_balance(as_client) -> None:
    c = as_client("sophie")
    ean = _meters(c)["electricity"]
    r = c.get(f"/api/v1/meters/{ean}/history", params={"days": 366})
    assert r.status_code == 200, r.text
    h = r.json()
    assert h["ean"] == ean and h["energy"] == "electricity"
    days = h["days"]
    assert len(days) == 90
    today = datetime.now(BRUSSELS).date()
    assert [d["date"] for d in days] == [(today - timedelta(days=89 - i)).isoformat() for i in range(90)]
    assert days[-1]["balance_cents"] == 805
    # Each day's use is the balance the day before, plus its top-ups, minus its own balance.
    for before, day in zip(days, days[1:]):
        assert day["cost_cents"] == before["balance_cents"] + day["topup_cents"] - day["balance_cents"]
    # The top-up history shows the same top-ups (Sophie's, 6 days apart from a week ago: 14 in 90 days).
    assert sum(1 for d in days if d["topup_cents"]) == 14
    balance = c.get(f"/api/v1/meters/{ean}/balance").json()
    assert balance["average_daily_cost_cents"] == 1000 and balance["estimated_days_left"] == 2
    last_30 = [d["cost_cents"] for d in days[-31:-1]]
    assert sum(last_30) == 30 * 1000


def test_days_picks_the_last_n_calendar_days(as_client) -> None:
    c = as_client("an")
    ean = _meters(c)["gas"]
    days = c.get(f"/api/v1/meters/{ean}/history", params={"days": 7}).json()["days"]
    assert len(days) == 7 and days[-1]["balance_cents"] == 1250
    assert len(c.get(f"/api/v1/meters/{ean}/history").json()["days"]) == 30  # the default


@pytest.mark.parametrize("days", [0, 367, -1, "x"])
def test_days_out_of_range(as_client, days) -> None:
    c = as_client("an")
    ean = _meters(c)["gas"]
    r = c.get(f"/api/v1/meters/{ean}/history", params={"days": days})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_another_households_history_is_not_found(as_client) -> None:
    an_gas = _meters(as_client("an"))["gas"]
    c = as_client("youssef")
    r = c.get(f"/api/v1/meters/{an_gas}/history")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def _evening(days_ago: int) -> str:
    day = datetime.now(BRUSSELS).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(20, 0), BRUSSELS).isoformat()


def test_days_left_come_from_the_meters_own_history(server) -> None:
    key = create_key(server.database)
    ref, code, ean = fresh_ref(), fresh_code(), fresh_ean()
    with operator_client(server.url, key) as op:
        assert op.put(f"/api/v1/operator/accounts/{ref}", json=account_body(code, (ean, "electricity"))).status_code == 200
        # Six days of use is not enough for an average: 7 are needed.
        six = [reading(f"h{ean}-{n}", ean, _evening(n), 10_000 - (10 - n) * 300) for n in range(6, 0, -1)]
        op.post("/api/v1/operator/meter-readings", json={"readings": six})
        with httpx.Client(base_url=server.url, headers=fresh_address()) as c:
            token = c.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"}).json()["access_token"]
            c.headers["Authorization"] = f"Bearer {token}"
            b = c.get(f"/api/v1/meters/{ean}/balance").json()
            assert (b["average_daily_cost_cents"], b["estimated_days_left"]) == (0, 0)
            # Eight days of 300 a day, with a top-up of 5000 on one of them.
            more = [reading(f"h{ean}-{n}", ean, _evening(n), 10_000 - (10 - n) * 300) for n in (9, 8, 7)]
            op.post("/api/v1/operator/meter-readings", json={"readings": more})
            topup = {"event_id": f"ht{ean}", "ean": ean, "amount_cents": 5000, "loaded_at": _evening(1)[:11] + "12:00:00+01:00", "channel": "terminal"}
            assert op.post("/api/v1/operator/topups", json={"topups": [topup]}).json()["applied"] == 1
            last = reading(f"h{ean}-last", ean, _evening(1).replace("T20:", "T21:"), 10_000 - 9 * 300 + 5000)
            assert op.post("/api/v1/operator/meter-readings", json={"readings": [last]}).json()["applied"] == 1
            b = c.get(f"/api/v1/meters/{ean}/balance").json()
            assert b["balance_cents"] == 12_300
            assert b["average_daily_cost_cents"] == 300
            assert b["estimated_days_left"] == (12_300 + 2000) // 300
            days = c.get(f"/api/v1/meters/{ean}/history", params={"days": 12}).json()["days"]
            assert days[0]["date"] == (datetime.now(BRUSSELS).date() - timedelta(days=9)).isoformat()
            assert [d["cost_cents"] for d in days[1:-1]] == [300] * 8
            assert days[-2]["topup_cents"] == 5000 and days[-1]["cost_cents"] == 0
