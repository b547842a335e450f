"""The one request path of the API client (:class:`app.api.client.BudgetmeterClient` derives from it).

Every call of the client goes through :meth:`Transport._request`: the bearer token, timeouts, retries of
reads (GET) on transport errors, timeouts and 5xx with exponential backoff, and the mapping of every
failure to :mod:`app.api.errors`. POSTs are sent once unless the call says ``retry=True`` (an
Idempotency-Key, or a call that changes nothing the second time).

Nothing logged here contains a token, a password or a Prepaid-code: log lines name the method, the
path (no query string) and the status only.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import math
import ssl
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import anyio
import httpx

from . import errors
from .errors import ApiError
from .models import parse

log = logging.getLogger("budgetmeter.api")

T = TypeVar("T")
C = TypeVar("C", bound="Transport")

API = "/api/v1"
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 0.2
# An idle connection is let go after this long, before any server closes it (ours after 20 s, uvicorn's
# default after 5): sent on a connection the server is closing, a request fails, and a POST (a log-in)
# is never sent again.
KEEP_ALIVE_SECONDS = 4.0
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


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificates an API server over https is checked against: httpx's default (certifi's, or
    SSL_CERT_FILE / SSL_CERT_DIR), loaded once per process. httpx loads them again for every client it
    makes, about 25 ms of CPU, and a web process makes one client per browser session it serves."""
    return httpx.create_ssl_context()


class Transport:
    """One API server, one connection pool, at most one bearer token, and the one request path.

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
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=KEEP_ALIVE_SECONDS),
                headers={"User-Agent": USER_AGENT, "Accept": "application/json", **dict(headers or {})},
                transport=transport,
                verify=tls_context(),
                follow_redirects=False,
            )
            self._owns_http = True

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_url!r}, token={'set' if self.token else 'none'})"

    # --- lifecycle --------------------------------------------------------------------------

    def with_token(self: C, token: str | None) -> C:
        """A client for another session on the same connection pool; closing it closes nothing."""
        return type(self)(
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

    async def __aenter__(self: C) -> C:
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

    async def _revoke(self, path: str) -> None:
        """Revoke this client's token on the server and forget it here (also when that fails)."""
        try:
            await self._request("POST", path)
        finally:
            self.token = None

    async def _get_json(self, kind: type[T] | Any, path: str, **kw: Any) -> T:
        response = await self._request("GET", path, **kw)
        return parse(kind, self._json(response, path), what=path)

    async def _send_json(self, kind: type[T] | Any, method: str, path: str, body: Any = None, **kw: Any) -> T:
        """A POST, PUT or DELETE with a JSON ``body`` whose answer is a ``kind``."""
        response = await self._request(method, path, json=body, **kw)
        return parse(kind, self._json(response, path), what=path)

    @staticmethod
    def _json(response: httpx.Response, path: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise errors.BadResponse(f"{path}: not JSON", status=response.status_code) from None
