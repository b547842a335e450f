from __future__ import annotations

from fastapi import APIRouter

from ..deps import DbDep
from ..errors import ApiError, ErrorEnvelope
from ..schemas import Health
from ..store.schema import LATEST_VERSION

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="health",
    response_model=Health,
    responses={503: {"model": ErrorEnvelope, "description": "the store does not answer"}},
)
async def health(db: DbDep) -> Health:
    try:
        await db.read(lambda tx: tx.one("SELECT 1 AS ok"))
    except Exception:
        raise ApiError(503, "unavailable", "The store does not answer") from None
    return Health(status="ok", schema_version=LATEST_VERSION)
