"""Who is asking: the one place a bearer credential becomes a session, for each of the API's three
kinds of caller. Every route takes its caller through one of the dependencies at the end of each part.

Households: a household's token (server.store.tokens), `SessionDep`; the session holds the store and
the settings, since FastAPI's dependency resolution is the largest cost of a small read.

Staff: a staff member's token, of the scope the route needs (`StaffDep`, `SetupDep`, `AdminDep`).
Staff tokens live in their own table (server.store.staff_tokens): a household's token is no staff
session (401), and a staff token is no session on a household's own endpoints. A set-up
token ('staff_setup', from a log-in with an initial password) may only finish the set-up: 403
`forbidden` anywhere else, and a full staff token 403 on the set-up routes.

Operators: an operator key (`OperatorDep`) is `bmk_` + 256 random bits, shown once by
`budgetmeter-server operator-key create` and stored as its SHA-256 (random keys need no slow hash). It is accepted only under /api/v1/operator/, and
only there: a person's token there is 403 `forbidden`, and a key anywhere else is no session (401).
Keys are never logged: the request log shows paths, never headers. Each key belongs to an operator
(`--operator`, else the default one): it reaches that operator's accounts only, and what it writes is
audited under its name (server.services.ingest.writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request

from ..core.clock import now_s
from ..core.security import KEY_PREFIX, bearer_token, key_hash, token_hash
from ..core.settings import Settings
from ..core.token_life import needs_touch
from ..services.ingest.writer import Writer
from ..store import operator_keys, staff_tokens, tokens
from ..store.db import Database, Transaction
from ..store.operator_keys import DEFAULT_OPERATOR
from .errors import ApiError, unauthorized


# --- households ------------------------------------------------------------------------------------

# Async on purpose: FastAPI runs a sync dependency in the thread pool, a hop that costs more than
# these take.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> Database:
    return request.app.state.db


class TokenTable(Protocol):
    """A store module of bearer tokens: server.store.tokens (households) or server.store.staff_tokens."""

    def resolve(self, tx: Transaction, token_hash: str, *, now: int, idle_seconds: int) -> dict[str, Any] | None: ...

    def touch(self, tx: Transaction, token_hash: str, *, now: int) -> None: ...


async def live_token(db: Database, table: TokenTable, hashed: str, *, idle_seconds: int) -> dict[str, Any] | None:
    """The live token row (server.core.token_life.is_live), its idle clock written when due; None when
    the token opens no session."""
    now = now_s()
    row = await db.read(lambda tx: table.resolve(tx, hashed, now=now, idle_seconds=idle_seconds))
    if row is not None and needs_touch(row, now=now, idle_seconds=idle_seconds):
        await db.write(lambda tx: table.touch(tx, hashed, now=now))
    return row


@dataclass(frozen=True)
class Session:
    """Who is asking, with the store and settings to answer them: one dependency per request, since
    FastAPI's dependency resolution is the largest cost of a small read."""

    token_hash: str
    account_id: int
    scope: str
    helper_name: str | None
    helper_organisation: str | None
    db: Database
    settings: Settings


async def current_session(request: Request) -> Session:
    """The bearer token's session. The header is read here rather than through FastAPI's HTTPBearer
    dependency, a nested resolution that cost more than the database look-up; the OpenAPI
    security requirement is added in server.main.document_bearer_auth."""
    token = bearer_token(request.scope)
    if token is None:
        raise unauthorized()
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    hashed = token_hash(token)
    row = await live_token(db, tokens, hashed, idle_seconds=settings.token_idle_seconds)
    if row is None:
        raise unauthorized("The session has expired or was ended; log in again")
    return Session(
        token_hash=hashed,
        account_id=int(row["account_id"]),
        scope=row["scope"],
        helper_name=row["helper_name"],
        helper_organisation=row["helper_organisation"],
        db=db,
        settings=settings,
    )


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
SessionDep = Annotated[Session, Depends(current_session)]


# --- staff -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffSession:
    token_hash: str
    scope: str
    staff_id: int
    organisation_id: int
    organisation_name: str
    username: str
    display_name: str
    is_admin: bool
    db: Database
    settings: Settings


async def resolve_staff(request: Request) -> StaffSession | None:
    token = bearer_token(request.scope)
    if token is None:
        return None
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    hashed = token_hash(token)
    row = await live_token(db, staff_tokens, hashed, idle_seconds=settings.token_idle_seconds)
    if row is None:
        return None
    return StaffSession(
        token_hash=hashed,
        scope=row["scope"],
        staff_id=int(row["staff_id"]),
        organisation_id=int(row["organisation_id"]),
        organisation_name=row["organisation_name"],
        username=row["username"],
        display_name=row["display_name"],
        is_admin=bool(row["is_admin"]),
        db=db,
        settings=settings,
    )


def _forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


async def _any_staff(request: Request) -> StaffSession:
    session = await resolve_staff(request)
    if session is None:
        raise unauthorized("A staff member's valid bearer token is needed")
    return session


async def staff_session(request: Request) -> StaffSession:
    session = await _any_staff(request)
    if session.scope != "staff":
        raise _forbidden("Finish the set-up first: a new password and the authenticator")
    return session


async def setup_session(request: Request) -> StaffSession:
    session = await _any_staff(request)
    if session.scope != "staff_setup":
        raise _forbidden("The set-up is already done")
    return session


async def admin_session(request: Request) -> StaffSession:
    session = await staff_session(request)
    if not session.is_admin:
        raise _forbidden("Only the organisation's administrators manage its staff")
    return session


StaffDep = Annotated[StaffSession, Depends(staff_session)]
SetupDep = Annotated[StaffSession, Depends(setup_session)]
AdminDep = Annotated[StaffSession, Depends(admin_session)]


# --- operators -------------------------------------------------------------------------------------

UNKNOWN_KEY = "Unknown or revoked operator key"


# Where the body-size guard (server.api.limits) leaves the key it found live ({name, operator}), so the
# route's dependency does not look the same key up again.
VERIFIED_KEY = "budgetmeter.operator_key"


async def live_key(db: Database, key: str) -> dict | None:
    """This live operator key's {name, operator}, or None for an unknown or revoked one."""
    hashed = key_hash(key)
    row = await db.read(lambda tx: operator_keys.live_by_hash(tx, hashed))
    return None if row is None else {"name": row["name"], "operator": row["operator"]}


@dataclass(frozen=True)
class Operator:
    key_name: str
    db: Database
    settings: Settings
    operator: str = DEFAULT_OPERATOR  # the key's: it writes and reads only this operator's accounts

    @property
    def writer(self) -> Writer:
        return Writer(operator=self.operator, via="api", key_name=self.key_name)


async def current_operator(request: Request) -> Operator:
    key = bearer_token(request.scope)
    if key is None:
        raise unauthorized("An operator key is needed (Authorization: Bearer bmk_...)")
    db: Database = request.app.state.db
    settings: Settings = request.app.state.settings
    if key.startswith(KEY_PREFIX):
        found = request.scope.get(VERIFIED_KEY) or await live_key(db, key)
        if found is None:
            raise unauthorized(UNKNOWN_KEY)
        return Operator(key_name=found["name"], db=db, settings=settings, operator=found["operator"])
    hashed = token_hash(key)
    person = await db.read(
        lambda tx: tokens.resolve(tx, hashed, now=now_s(), idle_seconds=settings.token_idle_seconds)
    )
    if person is None:  # a staff member's token is a person's session too (issue 10)
        person = await db.read(
            lambda tx: staff_tokens.resolve(tx, hashed, now=now_s(), idle_seconds=settings.token_idle_seconds)
        )
    if person is not None:
        raise ApiError(403, "forbidden", "This needs an operator key; a person's session cannot push operator data")
    raise unauthorized("An operator key is needed (Authorization: Bearer bmk_...)")


OperatorDep = Annotated[Operator, Depends(current_operator)]
