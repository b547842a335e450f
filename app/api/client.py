"""Async client of API v1 on one ``httpx.AsyncClient``.

    async with BudgetmeterClient("http://127.0.0.1:8000") as api:
        token = await api.login_prepaid("1111 2222 33", "9000")
        me = await api.with_token(token.access_token).me()

Logging in returns the token and does not store it: the caller decides which client it belongs to.
``with_token()`` gives a light view that shares the connection pool but carries its own token, so a
helper's clients never share a token by accident.

All failures raise :mod:`app.api.errors`. Reads (GET) are retried on transport errors, timeouts and
5xx with exponential backoff; POSTs never are, except ``create_pending_topup``, which carries an
Idempotency-Key and is therefore safe to repeat.

Nothing logged here contains a token, a password or a Prepaid-code: log lines name the method, the
path (no query string) and the status only.
"""

from __future__ import annotations

import email.utils
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any, TypeVar
from urllib.parse import quote

import anyio
import httpx

from . import errors
from .errors import ApiError
from .models import (
    AccessLog,
    Balance,
    EligibilityAnswer,
    Health,
    HelperIdentity,
    Me,
    PaymentInstructions,
    PendingTopup,
    Place,
    Tariff,
    TokenResponse,
    TopupPage,
    TopupPoint,
    TopupPointDetail,
    parse,
)

log = logging.getLogger("budgetmeter.api")

T = TypeVar("T")

API = "/api/v1"
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 0.2
USER_AGENT = "budgetmeter-app/0.1"


def _retry_after_seconds(value: str | None) -> int | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0, math.ceil((when - datetime.now(timezone.utc)).total_seconds()))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _helper_json(helper: HelperIdentity | Mapping[str, str] | None) -> dict[str, str] | None:
    if helper is None:
        return None
    if isinstance(helper, HelperIdentity):
        return {"name": helper.name, "organisation": helper.organisation}
    return {"name": str(helper["name"]), "organisation": str(helper["organisation"])}


class BudgetmeterClient:
    """One API server, one connection pool, at most one bearer token.

    ``headers``: extra default headers (e.g. ``X-Forwarded-For`` in tests).
    ``transport``: an httpx transport (``httpx.MockTransport`` in tests of garbage answers).
    ``attempts``/``backoff``: tries for retryable calls and the first pause (doubling), in seconds.
    ``sleep``: the pause function (tests pass a recorder).
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        _http: httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self._sleep = sleep or anyio.sleep
        if _http is not None:
            self._http = _http
            self._owns_http = False
        else:
            self._http = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
                headers={"User-Agent": USER_AGENT, "Accept": "application/json", **dict(headers or {})},
                transport=transport,
                follow_redirects=False,
            )
            self._owns_http = True

    def __repr__(self) -> str:
        return f"BudgetmeterClient({self.base_url!r}, token={'set' if self.token else 'none'})"

    # --- lifecycle --------------------------------------------------------------------------

    def with_token(self, token: str | None) -> BudgetmeterClient:
        """A client for another session on the same connection pool; closing it closes nothing."""
        return BudgetmeterClient(
            self.base_url,
            token=token,
            attempts=self.attempts,
            backoff=self.backoff,
            sleep=self._sleep,
            _http=self._http,
        )

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> BudgetmeterClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    # --- the one request path ---------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry: bool | None = None,
    ) -> httpx.Response:
        """Send once or, for retryable calls, up to ``attempts`` times. Returns a 2xx response or
        raises an ApiError. ``retry`` defaults to True for GET only."""
        if retry is None:
            retry = method.upper() == "GET"
        send_headers = dict(headers or {})
        sent_token = bool(auth and self.token)
        if sent_token:
            send_headers["Authorization"] = f"Bearer {self.token}"
        if params:
            params = {k: v for k, v in params.items() if v is not None}
        tries = self.attempts if retry else 1
        for attempt in range(1, tries + 1):
            try:
                response = await self._http.request(
                    method, path, params=params or None, json=json, headers=send_headers
                )
            except httpx.TimeoutException as exc:
                error: ApiError = errors.ServerTimeout(f"{method} {path}: {type(exc).__name__}")
            except httpx.TransportError as exc:
                error = errors.ServerUnreachable(f"{method} {path}: {type(exc).__name__}")
            else:
                log.debug("%s %s -> %s (try %s)", method, path, response.status_code, attempt)
                if response.is_success:
                    return response
                error = self._error_from(response, sent_token=sent_token)
                if not isinstance(error, errors.ServerError):
                    raise error
            if attempt < tries:
                pause = self.backoff * (2 ** (attempt - 1))
                log.info("%s %s failed with %s; retrying in %.1fs", method, path, error.code, pause)
                await self._sleep(pause)
        log.info("%s %s failed with %s", method, path, error.code)
        raise error

    @staticmethod
    def _error_from(response: httpx.Response, *, sent_token: bool) -> ApiError:
        status = response.status_code
        server_code: str | None = None
        message: str | None = None
        try:
            body = response.json()
            envelope = body.get("error") if isinstance(body, dict) else None
            if isinstance(envelope, dict) and isinstance(envelope.get("code"), str):
                server_code = envelope["code"]
                message = envelope.get("message") if isinstance(envelope.get("message"), str) else None
        except ValueError:
            pass
        detail = f"HTTP {status}" + (f" {server_code}: {message}" if server_code else "")
        if status >= 500:
            return errors.ServerError(detail, status=status, server_code=server_code)
        if status == 401 and server_code != "invalid_credentials":
            cls: type[ApiError] = errors.SessionExpired if sent_token else errors.Unauthorized
            return cls(detail, status=status, server_code=server_code)
        cls = errors.BY_SERVER_CODE.get(server_code or "") or errors.BY_STATUS.get(status)
        if cls is errors.TooManyAttempts or status == 429:
            return errors.TooManyAttempts(
                detail,
                status=status,
                server_code=server_code,
                retry_after=_retry_after_seconds(response.headers.get("Retry-After")),
            )
        if cls is None:
            # Another 4xx (405, 418, ...): keep the server's code when it gave one.
            if status < 400:
                return errors.BadResponse(detail, status=status, server_code=server_code)
            return ApiError(detail, status=status, code=server_code or f"http_{status}", server_code=server_code)
        return cls(detail, status=status, server_code=server_code)

    async def _get_json(self, kind: type[T] | Any, path: str, **kw: Any) -> T:
        response = await self._request("GET", path, **kw)
        return parse(kind, self._json(response, path), what=path)

    @staticmethod
    def _json(response: httpx.Response, path: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise errors.BadResponse(f"{path}: not JSON", status=response.status_code) from None

    # --- auth -------------------------------------------------------------------------------

    async def login_prepaid(
        self,
        prepaid_code: str,
        postal_code: str,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> TokenResponse:
        body: dict[str, Any] = {"prepaid_code": prepaid_code, "postal_code": postal_code}
        if helper is not None:
            body["helper"] = _helper_json(helper)
        response = await self._request("POST", f"{API}/auth/prepaid", json=body, auth=False)
        return parse(TokenResponse, self._json(response, "auth/prepaid"), what="auth/prepaid")

    async def login_password(
        self,
        username: str,
        password: str,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> TokenResponse:
        body: dict[str, Any] = {"username": username, "password": password}
        if helper is not None:
            body["helper"] = _helper_json(helper)
        response = await self._request("POST", f"{API}/auth/login", json=body, auth=False)
        return parse(TokenResponse, self._json(response, "auth/login"), what="auth/login")

    async def logout(self) -> None:
        """Revoke this client's token on the server and forget it here (also when that fails)."""
        try:
            await self._request("POST", f"{API}/auth/logout")
        finally:
            self.token = None

    # --- account ------------------------------------------------------------------------------

    async def me(self) -> Me:
        return await self._get_json(Me, f"{API}/me")

    async def access_log(self, limit: int | None = None) -> AccessLog:
        return await self._get_json(AccessLog, f"{API}/access-log", params={"limit": limit})

    # --- meters -------------------------------------------------------------------------------

    @staticmethod
    def _meter_path(ean: str, tail: str) -> str:
        return f"{API}/meters/{quote(ean, safe='')}/{tail}"

    async def balance(self, ean: str) -> Balance:
        return await self._get_json(Balance, self._meter_path(ean, "balance"))

    async def topups(self, ean: str, cursor: str | None = None, limit: int = 20) -> TopupPage:
        return await self._get_json(
            TopupPage, self._meter_path(ean, "topups"), params={"cursor": cursor, "limit": limit}
        )

    async def payment_instructions(self, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._get_json(
            PaymentInstructions,
            self._meter_path(ean, "payment-instructions"),
            params={"amount_cents": amount_cents},
        )

    async def create_pending_topup(self, ean: str, amount_cents: int, idempotency_key: str) -> PendingTopup:
        """Prepare an amount ("klaarzetten"). Retried like a read: the Idempotency-Key makes a repeat
        return the first result instead of preparing the amount twice."""
        path = self._meter_path(ean, "pending-topups")
        response = await self._request(
            "POST",
            path,
            json={"amount_cents": amount_cents},
            headers={"Idempotency-Key": idempotency_key},
            retry=True,
        )
        data = self._json(response, path)
        if isinstance(data, dict):
            data = {**data, "replayed": response.headers.get("Idempotent-Replayed", "").lower() == "true"}
        return parse(PendingTopup, data, what=path)

    # --- social tariff ------------------------------------------------------------------------

    async def tariff(self) -> Tariff:
        return await self._get_json(Tariff, f"{API}/tariff")

    async def eligibility(self, **answers: Any) -> EligibilityAnswer:
        """``benefit``, ``decision_date``, ``energy``, ``connection``, optional ``supplier_informed_on``
        (dates as ``date`` or ISO strings). A POST, so it is sent once, like every POST but the
        pending top-up."""
        path = f"{API}/social-tariff/eligibility"
        body = {k: v for k, v in _jsonable(answers).items() if v is not None}
        response = await self._request("POST", path, json=body, auth=False)
        return parse(EligibilityAnswer, self._json(response, path), what=path)

    # --- top-up points ------------------------------------------------------------------------

    async def topup_points(
        self,
        postal_code: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        at: datetime | None = None,
        open_only: bool = False,
        limit: int = 20,
        lang: str | None = None,
    ) -> list[TopupPoint]:
        """``lang`` names the public holiday (``public_holiday``) in nl/fr/de/en (server default nl)."""
        params: dict[str, Any] = {
            "postal_code": postal_code,
            "lat": lat,
            "lon": lon,
            "at": at.isoformat() if at is not None else None,
            "limit": limit,
            "lang": lang,
        }
        if open_only:
            params["open"] = "true"
        return await self._get_json(list[TopupPoint], f"{API}/topup-points", params=params, auth=False)

    async def topup_point(self, point_id: str, at: datetime | None = None, lang: str = "nl") -> TopupPointDetail:
        """One point: its week of opening hours (of the week holding ``at``, default now), holiday rule and
        directions links. Unknown id: :class:`~app.api.errors.NotFound`."""
        params = {"at": at.isoformat() if at is not None else None, "lang": lang}
        return await self._get_json(
            TopupPointDetail, f"{API}/topup-points/{quote(point_id, safe='')}", params=params, auth=False
        )

    async def places(self, q: str, lang: str | None = None) -> list[Place]:
        """Postcodes matching a postcode (prefix) or a municipality name, best first, at most 10."""
        return await self._get_json(list[Place], f"{API}/places", params={"q": q, "lang": lang}, auth=False)

    # --- health -------------------------------------------------------------------------------

    async def health(self) -> Health:
        return await self._get_json(Health, "/healthz", auth=False)
