"""Typed dependencies shared by the routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .core.clock import now_s
from .core.security import token_hash
from .core.settings import Settings
from .errors import unauthorized
from .store import tokens
from .store.db import Database

_bearer = HTTPBearer(auto_error=False, description="The access_token from a login")


# Async on purpose: FastAPI runs a sync dependency in the thread pool, a hop that costs more than
# these take.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> Database:
    return request.app.state.db


@dataclass(frozen=True)
class Session:
    token_hash: str
    account_id: int
    scope: str
    helper_name: str | None
    helper_organisation: str | None


async def current_session(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Session:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise unauthorized()
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    hashed = token_hash(credentials.credentials)
    now = now_s()
    row = await db.read(lambda tx: tokens.resolve(tx, hashed, now=now, idle_seconds=settings.token_idle_seconds))
    if row is None:
        raise unauthorized("The session has expired or was ended; log in again")
    if tokens.needs_touch(row, now=now, idle_seconds=settings.token_idle_seconds):
        await db.write(lambda tx: tokens.touch(tx, hashed, now=now))
    return Session(
        token_hash=hashed,
        account_id=int(row["account_id"]),
        scope=row["scope"],
        helper_name=row["helper_name"],
        helper_organisation=row["helper_organisation"],
    )


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
SessionDep = Annotated[Session, Depends(current_session)]
