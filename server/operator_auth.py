"""Operator keys: who may push data under /api/v1/operator/.

A key is `bmk_` + 256 random bits, shown once by `budgetmeter-server operator-key create` and stored
as its SHA-256 (random keys need no slow hash). It is accepted only under /api/v1/operator/, and
only there: a person's token there is 403 `forbidden`, and a key anywhere else is no session (401).
Keys are never logged: the request log shows paths, never headers.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from .core.clock import now_s
from .core.security import token_hash
from .core.settings import Settings
from .errors import ApiError, unauthorized
from .store import operator_keys, staff_tokens, tokens
from .store.db import Database

KEY_PREFIX = "bmk_"
UNKNOWN_KEY = "Unknown or revoked operator key"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(b"operator-key:" + key.encode()).hexdigest()


# Where the body-size guard (server.limits) leaves the name of the key it found live, so the route's
# dependency does not look the same key up again.
VERIFIED_KEY_NAME = "budgetmeter.operator_key_name"


async def live_key_name(db: Database, key: str) -> str | None:
    """The name of this live operator key, or None for an unknown or revoked one."""
    hashed = key_hash(key)
    row = await db.read(lambda tx: operator_keys.live_by_hash(tx, hashed))
    return None if row is None else row["name"]


@dataclass(frozen=True)
class Operator:
    key_name: str
    db: Database
    settings: Settings


async def current_operator(request: Request) -> Operator:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise unauthorized("An operator key is needed (Authorization: Bearer bmk_...)")
    db: Database = request.app.state.db
    settings: Settings = request.app.state.settings
    if key.startswith(KEY_PREFIX):
        name = request.scope.get(VERIFIED_KEY_NAME) or await live_key_name(db, key)
        if name is None:
            raise unauthorized(UNKNOWN_KEY)
        return Operator(key_name=name, db=db, settings=settings)
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
