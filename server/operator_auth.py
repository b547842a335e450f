"""Operator keys: who may push data under /api/v1/operator/.

A key is `bmk_` + 256 random bits, shown once by `budgetmeter-server operator-key create` and stored
as its SHA-256 (random keys need no slow hash). It is accepted only under /api/v1/operator/, and
only there: a person's token there is 403 `forbidden`, and a key anywhere else is no session (401).
Keys are never logged: the request log shows paths, never headers. Each key belongs to an operator
(`--operator`, else the default one): it reaches that operator's accounts only, and what it writes is
audited under its name (server.ingest.writer).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from .core.clock import now_s
from .core.security import bearer_token, token_hash
from .core.settings import Settings
from .errors import ApiError, unauthorized
from .ingest.writer import Writer
from .store import operator_keys, staff_tokens, tokens
from .store.operator_keys import DEFAULT_OPERATOR
from .store.db import Database

KEY_PREFIX = "bmk_"
UNKNOWN_KEY = "Unknown or revoked operator key"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(b"operator-key:" + key.encode()).hexdigest()


# Where the body-size guard (server.limits) leaves the key it found live ({name, operator}), so the
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
