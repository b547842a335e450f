"""The balance fast path (server/api/fastpath.py) never answers otherwise than the documented route, on
generated meters, tokens, headers and clocks (issue 24: a fast copy of a rule has a property test
proving it equal).

The fast path shares the route's header reading (core.security.bearer_token), token rule
(core.token_life) and document (balance.balance_document); what it has of its own is the one query that
reads the token and the meter together (store.meters.with_live_token) and when it declines. So each
example sets a token and a meter in the store and asks both the app (fast path in front) and the same
store served without the fast path, at the same fixed clock: the status and the bytes must be equal.
A route may write the token's idle clock; the rows are set again before each ask."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from server.core import clock
from server.core.security import token_hash
from server.core.settings import Settings
from server.api.fastpath import BalanceFastPath
from server.main import create_app

AN = {"prepaid_code": "1111 2222 33", "postal_code": "9000"}
YOUSSEF = {"prepaid_code": "4444 5555 66", "postal_code": "2000"}
IDLE = 30 * 60  # the default idle time; the touch is due after min(60, IDLE // 4) seconds
NOW = 1_780_000_000  # a fixed clock (June 2026), moved by each example


@dataclass
class World:
    fast: FastAPI  # the app as served: the fast path in front of the routes
    route: FastAPI  # the same store, routes only
    token: str
    own_eans: list[str]
    other_ean: str


def _settings(path: str) -> Settings:
    return Settings(database=path, demo=True, secret_key="test-secret-key-of-at-least-32-characters", token_idle_seconds=IDLE)


async def _ask(app: FastAPI, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        return await client.request(method, path, **kwargs)


def _eans(app: FastAPI, who: dict) -> tuple[str, list[str]]:
    token = asyncio.run(_ask(app, "POST", "/api/v1/auth/prepaid", json=who)).json()["access_token"]
    me = asyncio.run(_ask(app, "GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})).json()
    return token, [m["ean"] for m in me["meters"]]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    path = str(tmp_path_factory.mktemp("agree") / "agree.sqlite3")
    app = create_app(_settings(path))
    route_app = create_app(_settings(path), fast_balance=False)
    token, own = _eans(app, AN)
    _, other = _eans(app, YOUSSEF)
    yield World(app, route_app, token, own, other[0])
    clock.use(None)


# Half the headers carry the token, so that enough examples reach a live token for the fast path to answer.
headers = st.sampled_from(["Bearer {}", "bearer {}", "BEARER   {}"]) | st.sampled_from(["Bearer", "Basic {}", "{}", "Bearer{}", None])
meters = st.fixed_dictionaries({
    "balance_cents": st.integers(-30_000, 60_000),
    "emergency_credit_limit_cents": st.integers(0, 10_000),
    "negative_credit_limit_cents": st.none() | st.integers(0, 30_000),
    "minimum_supply_active": st.integers(0, 1),
    "average_daily_cost_cents": st.integers(0, 3_000),
    "emergency_credit_in_use": st.none() | st.integers(0, 1),
    "emergency_credit_available_cents": st.integers(0, 10_000),
})  # fmt: skip
PLAIN_METER = {"balance_cents": 4217, "emergency_credit_limit_cents": 2000, "negative_credit_limit_cents": None,
               "minimum_supply_active": 0, "average_daily_cost_cents": 150, "emergency_credit_in_use": 0,
               "emergency_credit_available_cents": 2000}  # fmt: skip
# Seconds since the token's last use, and until its absolute expiry: around each edge of the rule.
idle_ages = st.integers(0, 59) | st.integers(55, 65) | st.integers(IDLE // 4 - 2, IDLE // 4 + 2) | st.integers(IDLE - 2, IDLE + 2)
lifetimes = st.integers(-3, 3) | st.integers(4, 12 * 3600)


def _set(app: FastAPI, token: str, ean: str, meter: dict[str, Any], *, now: int, idle_age: int, life: int, revoked: bool) -> None:
    hashed = token_hash(token)
    with app.state.db.transaction(write=True) as tx:
        tx.execute(
            "UPDATE tokens SET last_used_at = ?, expires_at = ?, revoked_at = ? WHERE token_hash = ?",
            (now - idle_age, now + life, now - 1 if revoked else None, hashed),
        )
        columns = ", ".join(f"{name} = ?" for name in meter)
        tx.execute(f"UPDATE meters SET {columns} WHERE ean = ?", (*meter.values(), ean))


def test_the_fast_answer_is_the_routes(world: World) -> None:
    answered: list[bool] = []
    original = BalanceFastPath.answer

    async def spy(self: BalanceFastPath, scope: dict) -> bytes | None:
        body = await original(self, scope)
        answered.append(body is not None)
        return body

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        which=st.integers(0, len(world.own_eans)), meter=meters, header=headers, shift=st.integers(0, 400 * 86400),
        idle_age=idle_ages, life=lifetimes, revoked=st.booleans(),
    )  # fmt: skip
    # Generated examples reach a live token with a good header on a meter of its own 2 to 11 % of the
    # time, so a run could answer none of its 200 and fail the check below (it did, once in a quick
    # run). These two always run first: a plain live token the fast path answers, and no header,
    # which it leaves to the route.
    @example(which=0, meter=PLAIN_METER, header="Bearer {}", shift=0, idle_age=0, life=3600, revoked=False)
    @example(which=0, meter=PLAIN_METER, header=None, shift=0, idle_age=0, life=3600, revoked=False)
    def agree(which: int, meter: dict[str, Any], header: str | None, shift: int, idle_age: int, life: int, revoked: bool) -> None:
        now = NOW + shift
        clock.use(lambda: now)
        ean = world.own_eans[which] if which < len(world.own_eans) else world.other_ean
        meter_ean = world.own_eans[min(which, len(world.own_eans) - 1)]
        auth = {} if header is None else {"Authorization": header.format(world.token)}
        answers = []
        for app in (world.fast, world.route):
            _set(world.fast, world.token, meter_ean, meter, now=now, idle_age=idle_age, life=life, revoked=revoked)
            answers.append(asyncio.run(_ask(app, "GET", f"/api/v1/meters/{ean}/balance", headers=auth)))
        fast, route = answers
        assert (fast.status_code, fast.content) == (route.status_code, route.content)

    BalanceFastPath.answer = spy  # type: ignore[method-assign]
    try:
        agree()
    finally:
        BalanceFastPath.answer = original  # type: ignore[method-assign]
        clock.use(None)
    # Not a property that holds by declining everything: the fast path answered some, and left some.
    assert any(answered) and not all(answered), answered
