"""Logging in (Prepaid-basic or username + password) and out."""

from __future__ import annotations

import hmac
import ipaddress
import re

from fastapi import APIRouter, Request, Response

from ...core import security
from ...core.clock import now_s
from ...core.settings import Settings
from ..auth import DbDep, SessionDep, SettingsDep
from ..errors import ApiError, ErrorEnvelope
from ...contract.schemas import PasswordLogin, PrepaidLogin, TokenResponse
from ...store import access_log, accounts, tokens
from ...store import throttle as throttle_store
from ...store.db import Database, Transaction
from ...store.throttle import ThrottleRule

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

POSTCODE = re.compile(r"^[1-9]\d{3}$")

_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "invalid_credentials: wrong code/postcode or username/password"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
    429: {"model": ErrorEnvelope, "description": "too_many_attempts; see Retry-After"},
}


def _too_many(seconds: int) -> ApiError:
    return ApiError(
        429,
        "too_many_attempts",
        f"Too many failed attempts; try again in {seconds} seconds",
        {"Retry-After": str(seconds)},
    )


def invalid_credentials() -> ApiError:
    return ApiError(401, "invalid_credentials", "These login details are not right")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def address_group(host: str) -> str:
    """Whom the per-address rule counts as one: an IPv4 address, or an IPv6 /64 (one subscriber's
    network, whose addresses its devices pick and rotate freely)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def identity_rule(key: str, settings: Settings) -> ThrottleRule:
    """A Prepaid-code's or a username's rule: delays, never a lock-out (server.store.throttle)."""
    return ThrottleRule(key, settings.throttle_max_failures, None, settings.throttle_max_delay_seconds)


class LoginAttempt:
    """One login attempt under throttling. The failure is counted before the credentials are
    checked and withdrawn on success, so parallel guesses cannot slip past the limit."""

    def __init__(
        self, db: Database, settings: Settings, identity_key: str, address_key: str, *, success_clears: bool = True
    ):
        self.db = db
        self.settings = settings
        self.identity_key = identity_key
        self.address_key = address_key
        self.success_clears = success_clears

    @classmethod
    def start(
        cls, db: Database, settings: Settings, request: Request, kind: str, identity: str, *, success_clears: bool = True
    ) -> "LoginAttempt":
        """Begins an attempt on `identity` (a Prepaid-code, a username, ...) of the given kind, throttled
        both on it and on the caller's address. Every kind of log-in goes through here.

        `success_clears=False` when the identity is the guesser and not what is guessed (a staff member
        redeeming share codes): a success then withdraws only its own attempt, so that a code the member
        holds cannot be interleaved to reset the count of wrong ones."""
        key = settings.resolved_secret_key()
        attempt = cls(
            db,
            settings,
            security.throttle_key(kind, identity, key),
            security.throttle_key("address", address_group(client_address(request)), key),
            success_clears=success_clears,
        )
        attempt.begin()
        return attempt

    def begin(self) -> None:
        s = self.settings
        now = now_s()
        self.address_rule = ThrottleRule(
            self.address_key, s.throttle_max_failures_per_address, s.throttle_max_failures_per_address_per_day
        )
        self.identity_rule = identity_rule(self.identity_key, s)
        with self.db.transaction(write=True) as tx:
            wait = throttle_store.retry_after(tx, [self.identity_key, self.address_key], now=now)
            if wait > 0:
                raise _too_many(wait)
            throttle_store.record_failure(
                tx,
                [self.identity_rule, self.address_rule],
                now=now,
                window_seconds=s.throttle_window_seconds,
                base_lock_seconds=s.throttle_base_lock_seconds,
                max_lock_seconds=s.throttle_max_lock_seconds,
            )
        self.started = now

    def release(self, tx: Transaction, *, now: int) -> None:
        """The attempt succeeded: its identity starts afresh (unless `success_clears` is off: then only its
        own failure counted ahead is withdrawn, as for the address)."""
        window = self.settings.throttle_window_seconds
        if self.success_clears:
            throttle_store.clear(tx, [self.identity_key])
        else:
            throttle_store.forget_failure(tx, self.identity_rule, at=self.started, now=now, window_seconds=window)
        throttle_store.forget_failure(tx, self.address_rule, at=self.started, now=now, window_seconds=window)

    def succeed(self, *, account_id: int, scope: str, method: str, helper: dict | None) -> TokenResponse:
        s = self.settings
        token = security.new_token()
        now = now_s()
        with self.db.transaction(write=True) as tx:
            self.release(tx, now=now)
            tokens.issue(
                tx,
                token_hash=security.token_hash(token),
                account_id=account_id,
                scope=scope,
                helper_name=helper["name"] if helper else None,
                helper_organisation=helper["organisation"] if helper else None,
                now=now,
                expires_at=now + s.token_absolute_seconds,
            )
            access_log.record(
                tx,
                account_id=account_id,
                at=now,
                actor="helper" if helper else "client",
                method=method,
                visitor_name=helper["name"] if helper else None,
                visitor_organisation=helper["organisation"] if helper else None,
            )
        return TokenResponse(
            access_token=token,
            expires_in=s.token_absolute_seconds,
            idle_timeout=s.token_idle_seconds,
            scope=scope,  # type: ignore[arg-type]
        )


@router.post("/prepaid", operation_id="login_prepaid", response_model=TokenResponse, responses=_ERRORS)
def login_prepaid(body: PrepaidLogin, request: Request, db: DbDep, settings: SettingsDep) -> TokenResponse:
    """Prepaid-basic: the Prepaid-code and the postcode of the supply address.

    seed 000, Vraag 9: "Hij kan ook altijd kiezen om in te loggen via prepaidbasic.fluvius.be, daar heeft
    hij enkel zijn Prepaid-code en postcode nodig." Helpers use the client's code (Vraag 8).
    """
    code = security.normalise_prepaid_code(body.prepaid_code)
    if code is None:
        raise ApiError(422, "validation_error", "prepaid_code: must be 10 digits")
    postal_code = body.postal_code.strip()
    if not POSTCODE.match(postal_code):
        raise ApiError(422, "validation_error", "postal_code: must be 4 digits")
    key = settings.resolved_secret_key()
    attempt = LoginAttempt.start(db, settings, request, "prepaid", code)
    with db.transaction() as tx:
        account = accounts.by_prepaid_code_hash(tx, security.prepaid_code_hash(key, code))
    # Same work and same answer whichever of the two is wrong.
    expected = account["postal_code"] if account else "----"
    if not hmac.compare_digest(expected.encode(), postal_code.encode()) or account is None:
        raise invalid_credentials()
    return attempt.succeed(
        account_id=int(account["id"]),
        scope="prepaid",
        method="prepaid",
        helper=body.helper.model_dump() if body.helper else None,
    )


@router.post("/login", operation_id="login_password", response_model=TokenResponse, responses=_ERRORS)
def login_password(body: PasswordLogin, request: Request, db: DbDep, settings: SettingsDep) -> TokenResponse:
    """Full account: the username and password the client chose (seed 000, Vraag 8: "De klant kan na de
    registratie een wachtwoord en gebruikersnaam kiezen en de keuze maken om deze door te geven aan
    bijvoorbeeld een hulpverlener.")."""
    username = body.username.strip().lower()
    attempt = LoginAttempt.start(db, settings, request, "username", username)
    with db.transaction() as tx:
        account = accounts.by_username(tx, username)
    # Verify even when the user does not exist, so timing does not reveal usernames.
    ok = security.verify_password(account["password_hash"] if account else None, body.password)
    if not ok or account is None:
        raise invalid_credentials()
    return attempt.succeed(
        account_id=int(account["id"]),
        scope="full",
        method="password",
        helper=body.helper.model_dump() if body.helper else None,
    )


@router.post(
    "/logout",
    operation_id="logout",
    status_code=204,
    response_class=Response,
    responses={401: {"model": ErrorEnvelope, "description": "unauthorized"}},
)
async def logout(session: SessionDep) -> Response:
    await session.db.write(lambda tx: tokens.revoke(tx, session.token_hash, now=now_s()))
    return Response(status_code=204)
