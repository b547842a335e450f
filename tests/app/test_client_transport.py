"""What our own server cannot produce: garbage answers, 5xx, slow or absent servers.

httpx.MockTransport stands in for a broken server here only; everything else runs against the real
server (test_client_server.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Callable

import httpx
import pytest

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.transport import _retry_after_seconds

pytestmark = pytest.mark.anyio

BALANCE = {
    "ean": "541448820000000018",
    "energy": "electricity",
    "balance_cents": 4217,
    "status": "supplying",
    "emergency_credit": {"limit_cents": 2000, "available_cents": 2000, "in_use": False},
    "negative_credit_limit_cents": None,
    "minimum_supply": {"active": False, "max_current_a": None},
    "average_daily_cost_cents": 310,
    "estimated_days_left": 13,
    "updated_at": "2026-01-10T08:00:00+01:00",
}


class Recorder:
    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, **kw) -> BudgetmeterClient:
        return BudgetmeterClient(
            "http://api.test", transport=httpx.MockTransport(self), sleep=self.sleep, **kw
        )


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>proxy login</html>", headers={"content-type": "text/html"}),
        httpx.Response(200, json={"ean": "x"}),
        httpx.Response(200, json=[1, 2, 3]),
        httpx.Response(200, json={**BALANCE, "balance_cents": "lots"}),
        httpx.Response(200, json={**BALANCE, "updated_at": "2026-01-10T08:00:00"}),  # no offset
        httpx.Response(200, json={**BALANCE, "status": "exploded"}),
    ],
    ids=["html", "missing-fields", "list", "wrong-type", "naive-datetime", "unknown-status"],
)
async def test_garbage_is_bad_response(response: httpx.Response) -> None:
    rec = Recorder(lambda r: response)
    async with rec.client(token="t") as api:
        with pytest.raises(errors.BadResponse) as info:
            await api.balance("541448820000000018")
    assert info.value.code == "bad_response" and info.value.offline


async def test_caseload_export_that_is_not_csv_is_bad_response() -> None:
    """A captive portal's page saved as caseload.csv would look like an export: refuse it."""
    rec = Recorder(lambda r: httpx.Response(200, text="<html>proxy login</html>", headers={"content-type": "text/html"}))
    async with rec.client(token="t") as api:
        with pytest.raises(errors.BadResponse):
            await api.caseload_csv()
    assert rec.requests[0].url.path == "/api/v1/caseload/export.csv"
    assert rec.requests[0].headers["Authorization"] == "Bearer t"


async def test_good_balance_parses() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json={**BALANCE, "new_field": 1}))
    async with rec.client(token="t") as api:
        balance = await api.balance("541448820000000018")
    assert balance.balance_cents == 4217 and balance.updated_at.utcoffset() is not None
    assert rec.requests[0].headers["Authorization"] == "Bearer t"


async def test_get_is_retried_on_5xx_with_backoff() -> None:
    rec = Recorder(lambda r: httpx.Response(503, json={"error": {"code": "unavailable", "message": "m"}}))
    async with rec.client(token="t") as api:
        with pytest.raises(errors.ServerError) as info:
            await api.me()
    assert len(rec.requests) == 3
    assert rec.sleeps == [0.2, 0.4]
    assert info.value.status == 503 and info.value.server_code == "unavailable"


async def test_get_recovers_after_a_transient_failure() -> None:
    answers = iter([httpx.Response(502, text="bad gateway"), httpx.Response(200, json=BALANCE)])
    rec = Recorder(lambda r: next(answers))
    async with rec.client(token="t") as api:
        assert (await api.balance("541448820000000018")).balance_cents == 4217
    assert len(rec.requests) == 2 and rec.sleeps == [0.2]


async def test_get_is_retried_on_transport_errors() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    rec = Recorder(answer)
    async with rec.client() as api:
        with pytest.raises(errors.ServerUnreachable):
            await api.health()
    assert len(rec.requests) == 3


async def test_timeouts_are_typed_and_retried_for_get() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    rec = Recorder(answer)
    async with rec.client(token="t") as api:
        with pytest.raises(errors.ServerTimeout) as info:
            await api.tariff()
    assert info.value.code == "timeout" and len(rec.requests) == 3


@pytest.mark.parametrize(
    "call",
    [
        lambda api: api.login_prepaid("1111 2222 33", "9000"),
        lambda api: api.login_password("an.peeters", "pw"),
        lambda api: api.logout(),
        lambda api: api.eligibility(benefit="leefloon", decision_date="2026-01-05", energy="gas", connection="main_residence"),
    ],
    ids=["login_prepaid", "login_password", "logout", "eligibility"],
)
async def test_post_is_never_retried(call) -> None:
    rec = Recorder(lambda r: httpx.Response(500, json={"error": {"code": "internal_error", "message": "m"}}))
    async with rec.client(token="t") as api:
        with pytest.raises(errors.ServerError):
            await call(api)
    assert len(rec.requests) == 1 and rec.sleeps == []


async def test_post_is_never_retried_on_timeouts() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    rec = Recorder(answer)
    async with rec.client() as api:
        with pytest.raises(errors.ServerTimeout):
            await api.login_prepaid("1111 2222 33", "9000")
    assert len(rec.requests) == 1


async def test_pending_topup_is_retried_with_the_same_key() -> None:
    created = {
        "id": 7,
        "ean": "541448820000000018",
        "amount_cents": 2000,
        "status": "awaiting_transfer",
        "prepared_by": None,
        "created_at": "2026-01-10T08:00:00+01:00",
    }
    answers = iter(
        [
            httpx.Response(503, text="down"),
            httpx.Response(200, json=created, headers={"Idempotent-Replayed": "true"}),
        ]
    )
    rec = Recorder(lambda r: next(answers))
    async with rec.client(token="t") as api:
        result = await api.create_pending_topup("541448820000000018", 2000, "key-123456789")
    assert result.id == 7 and result.replayed
    assert [r.headers["Idempotency-Key"] for r in rec.requests] == ["key-123456789"] * 2
    assert [json.loads(r.content) for r in rec.requests] == [{"amount_cents": 2000}] * 2


async def test_4xx_is_not_retried() -> None:
    rec = Recorder(lambda r: httpx.Response(404, json={"error": {"code": "not_found", "message": "m"}}))
    async with rec.client(token="t") as api:
        with pytest.raises(errors.NotFound):
            await api.balance("541448820000000018")
    assert len(rec.requests) == 1


@pytest.mark.parametrize(
    ("status", "body", "token", "cls", "code"),
    [
        (401, {"error": {"code": "unauthorized", "message": "m"}}, "t", errors.SessionExpired, "session_expired"),
        (401, {"error": {"code": "unauthorized", "message": "m"}}, None, errors.Unauthorized, "unauthorized"),
        (401, {"error": {"code": "invalid_credentials", "message": "m"}}, None, errors.InvalidCredentials, "invalid_credentials"),
        (403, {"error": {"code": "forbidden", "message": "m"}}, "t", errors.Forbidden, "forbidden"),
        (409, {"error": {"code": "conflict", "message": "m"}}, "t", errors.Conflict, "conflict"),
        (413, {"error": {"code": "payload_too_large", "message": "m"}}, "t", errors.PayloadTooLarge, "payload_too_large"),
        (422, {"error": {"code": "unknown_postal_code", "message": "m"}}, None, errors.UnknownPostalCode, "unknown_postal_code"),
        (422, {"detail": "not our envelope"}, None, errors.ValidationFailed, "validation_error"),
        (405, {"error": {"code": "method_not_allowed", "message": "m"}}, None, errors.ApiError, "method_not_allowed"),
        (418, "teapot", None, errors.ApiError, "http_418"),
        (500, "<html>", None, errors.ServerError, "server_error"),
    ],
)
async def test_error_mapping(status, body, token, cls, code) -> None:
    response = httpx.Response(status, json=body) if isinstance(body, dict) else httpx.Response(status, text=body)
    rec = Recorder(lambda r: response)
    async with rec.client(token=token, attempts=1) as api:
        with pytest.raises(cls) as info:
            await api.me()
    assert type(info.value) is cls
    assert info.value.code == code and info.value.status == status


async def test_too_many_attempts_carries_retry_after() -> None:
    rec = Recorder(
        lambda r: httpx.Response(
            429, json={"error": {"code": "too_many_attempts", "message": "m"}}, headers={"Retry-After": "42"}
        )
    )
    async with rec.client() as api:
        with pytest.raises(errors.TooManyAttempts) as info:
            await api.login_prepaid("1111 2222 33", "9000")
    assert info.value.retry_after == 42


def test_retry_after_forms() -> None:
    assert _retry_after_seconds("120") == 120
    assert _retry_after_seconds(None) is None
    assert _retry_after_seconds("soon") is None
    assert _retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
    assert errors.TooManyAttempts(retry_after=None).retry_after == errors.TooManyAttempts.DEFAULT_RETRY_AFTER


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_nothing_listening_is_unreachable() -> None:
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)

    async with BudgetmeterClient(f"http://127.0.0.1:{_free_port()}", sleep=sleep) as api:
        with pytest.raises(errors.ServerUnreachable) as info:
            await api.health()
    assert info.value.offline and slept == [0.2, 0.4]


async def test_a_server_that_never_answers_times_out() -> None:
    """A real socket that accepts and then says nothing: the read timeout applies."""
    accepted: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    srv = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    try:
        async with BudgetmeterClient(f"http://127.0.0.1:{port}", read_timeout=0.2, attempts=2, backoff=0.01) as api:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(errors.ServerTimeout):
                await api.me()
            assert loop.time() - started < 3
        assert len(accepted) == 2
    finally:
        for w in accepted:
            w.close()
        srv.close()
        await srv.wait_closed()


async def test_extra_default_headers_and_with_token_share_the_pool() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=BALANCE))
    async with rec.client(headers={"X-Forwarded-For": "192.0.2.9"}) as api:
        a = api.with_token("token-a")
        b = api.with_token("token-b")
        await a.balance("e")
        await b.balance("e")
        await a.aclose()  # a view closes nothing
        await api.balance("e")
        assert not api.is_closed
    assert [r.headers.get("Authorization") for r in rec.requests] == ["Bearer token-a", "Bearer token-b", None]
    assert all(r.headers["X-Forwarded-For"] == "192.0.2.9" for r in rec.requests)
    assert "token-a" not in repr(a)


async def test_secrets_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    secret_token = "tok-SECRET-abc"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/prepaid"):
            return httpx.Response(200, json={"access_token": secret_token, "token_type": "bearer", "expires_in": 60, "idle_timeout": 30, "scope": "prepaid"})
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(401, json={"error": {"code": "invalid_credentials", "message": "m"}})
        return httpx.Response(503, text="down")

    rec = Recorder(answer)
    caplog.set_level(logging.DEBUG)
    async with rec.client() as api:
        token = await api.login_prepaid("9876 5432 10", "9000")
        assert secret_token not in repr(token)
        with pytest.raises(errors.InvalidCredentials):
            await api.login_password("someone", "Pass-Word-99")
        with pytest.raises(errors.ServerError):
            await api.with_token(token.access_token).me()
    text = caplog.text + "".join(repr(r.args) for r in caplog.records)
    for secret in (secret_token, "9876", "543210", "Pass-Word-99"):
        assert secret not in text


def test_every_client_checks_https_against_the_one_default_context() -> None:
    # One context per process (loading the certificates cost each new client, so each web session,
    # about 25 ms), and it is httpx's default: certificates required, host names checked, CAs loaded.
    import ssl

    from app.api.transport import tls_context

    first, second = BudgetmeterClient("https://api.example.org"), BudgetmeterClient("https://other.example.org")
    contexts = {id(c._http._transport._pool._ssl_context) for c in (first, second)}
    assert contexts == {id(tls_context())}
    assert tls_context().verify_mode == ssl.CERT_REQUIRED and tls_context().check_hostname
    assert tls_context().cert_store_stats()["x509_ca"] > 50
