from __future__ import annotations

from fastapi import APIRouter

from ...services.demo_mailbox import mail_mode
from ..auth import DbDep, SettingsDep
from ..errors import ApiError, ErrorEnvelope
from ...contract.schemas import Health, Ready
from ...store.schema import missing_versions, stored_version

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="health",
    response_model=Health,
    responses={503: {"model": ErrorEnvelope, "description": "the store does not answer"}},
)
async def health(db: DbDep, settings: SettingsDep) -> Health:
    """`schema_version` is the version the store holds, read from its migration table: what this
    code expects is no news, whether the store got there is. `demo` and `mail` tell the app what it
    may say about mail (issue 20)."""
    try:
        version = await db.read(stored_version)
    except Exception:
        raise ApiError(503, "unavailable", "The store does not answer") from None
    return Health(status="ok", schema_version=version, demo=settings.demo, mail=mail_mode(settings))


@router.get(
    "/readyz",
    operation_id="ready",
    response_model=Ready,
    responses={503: {"model": ErrorEnvelope, "description": "the store does not answer, or its migrations are behind"}},
)
async def ready(db: DbDep) -> Ready:
    """Whether this process should get requests: its store answers and holds the schema this code
    expects (a store behind means an upgrade whose migrations have not run yet). `/healthz` says only
    whether the process lives; a proxy or supervisor restarts on that one, routes on this one."""
    try:
        version, missing = await db.read(lambda tx: (stored_version(tx), missing_versions(tx)))
    except Exception:
        raise ApiError(503, "store_unavailable", "The store does not answer") from None
    if missing:
        raise ApiError(503, "migrations_pending", f"The store lacks migrations {missing}: run the upgrade's migrations")
    return Ready(status="ready", schema_version=version)
