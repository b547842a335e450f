"""Typed dependencies shared by the routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request

from .core.clock import now_s
from .core.security import bearer_token, token_hash
from .core.settings import Settings
from .core.token_life import needs_touch
from .errors import unauthorized
from .store import tokens
from .store.db import Database, Transaction


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
