from __future__ import annotations

from fastapi import APIRouter

from ..deps import DbDep
from ..errors import ApiError, ErrorEnvelope
from ..schemas import Health
from ..store.schema import stored_version

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="health",
    response_model=Health,
    responses={503: {"model": ErrorEnvelope, "description": "the store does not answer"}},
)
async def health(db: DbDep) -> Health:
    """`schema_version` is the version the store holds, read from its migration table: what this
    code expects is no news, whether the store got there is."""
    try:
        version = await db.read(stored_version)
    except Exception:
        raise ApiError(503, "unavailable", "The store does not answer") from None
    return Health(status="ok", schema_version=version)
