"""Who is asking, for the staff endpoints: a staff member's token, of the scope the route needs.

Staff tokens live in their own table (server.store.staff_tokens): a household's token is no session
here (401), and a staff token is no session on a household's own endpoints (server.deps). A set-up
token ('staff_setup', from a log-in with an initial password) may only finish the set-up: 403
`forbidden` anywhere else, and a full staff token 403 on the set-up routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from .core.security import bearer_token, token_hash
from .core.settings import Settings
from .deps import live_token
from .errors import ApiError, unauthorized
from .store import staff_tokens
from .store.db import Database


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
