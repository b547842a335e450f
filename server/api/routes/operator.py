"""The operator data path (the operator data path: /api/v1/operator/): the operator's systems push households,
readings, top-ups, social tariff and top-up points in; the back office lists open preparations.

Only an operator key opens these routes (server.api.auth). The checks and writes are those of
the file import (server.services.ingest), so both answer alike. A key reaches its operator's accounts only
(another's answer 404, their meters `not_found` per item), and each write is audited with its name
in the same transaction (GET /api/v1/operator/audit).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from ...core.clock import now_s, to_brussels
from ..errors import ApiError, ErrorEnvelope
from ...services.ingest import accounts as account_ingest
from ...services.ingest import readings as reading_ingest
from ...services.ingest import social_tariff as tariff_ingest
from ...services.ingest import topup_points as point_ingest
from ...services.ingest import topups as topup_ingest
from ...services.ingest.fields import Invalid, loads
from ...services.ingest.results import MAX_BATCH_ITEMS, ItemResult, counts
from ..metrics import READINGS_APPLIED
from ..auth import Operator, OperatorDep
from ...contract.operator import FundedBy, AccountUpsertAnswer, AuditItem, AuditPage, BadPointsEnvelope, BatchAnswer, ItemResultOut, PendingTopupItem, PendingTopupList, ReadingsBatch, SocialTariffAnswer, TopupPointsAnswer, TopupsBatch
from ...store import operator_audit, pending_topups
from ...store.db import IntegrityError


class _OperatorRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class OperatorRoute(APIRoute):
    """Bodies parsed as the import parses its lines (server.services.ingest.fields.loads): a 5,000-digit
    integer is its item's rejection, not a 422 for the whole batch."""

    def get_route_handler(self) -> Any:
        handle = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handle(_OperatorRequest(request.scope, request.receive))

        return route


router = APIRouter(prefix="/api/v1/operator", tags=["operator"], route_class=OperatorRoute)

_AUTH = {
    401: {"model": ErrorEnvelope, "description": "unauthorized: no, unknown or revoked operator key"},
    403: {"model": ErrorEnvelope, "description": "forbidden: a person's token, not an operator key"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
}
_BATCH = {**_AUTH, 413: {"model": ErrorEnvelope, "description": "payload_too_large: more than 5,000 items"}}
_STATUS_OF_CODE = {"validation_error": 422, "unknown_postal_code": 422, "conflict": 409, "not_found": 404}
# The operator key goes in the same header as a person's token (Authorization: Bearer bmk_...).
_KEY = {"security": [{"bearer": []}]}
AccountRef = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="The operator's own reference")]


def _refuse(exc: Invalid) -> ApiError:
    return ApiError(_STATUS_OF_CODE.get(exc.code, 422), exc.code, exc.message)


def _batch(items: list[Any], apply: Any, operator: Operator, operation: str) -> BatchAnswer:
    if len(items) > MAX_BATCH_ITEMS:
        raise ApiError(413, "payload_too_large", f"At most {MAX_BATCH_ITEMS} items per batch; got {len(items)}")
    now = now_s()
    with operator.db.transaction(write=True) as tx:
        results: list[ItemResult] = apply(
            tx, items, now=now, operator=operator.operator, alerts=operator.settings.alerts_enabled,
            settings=operator.settings,
        )
        operator.writer.audit(tx, operation, target=None, details=counts(results), now=now)
    if apply is reading_ingest.apply:  # counted once committed
        READINGS_APPLIED.inc(sum(1 for r in results if r.status == "applied"))
    return BatchAnswer(
        results=[
            ItemResultOut(
                event_id=r.event_id,
                status=r.status,  # type: ignore[arg-type]
                error={"code": r.code, "message": r.message} if r.code else None,  # type: ignore[arg-type]
            )
            for r in results
        ],
        **counts(results),
    )


@router.put(
    "/accounts/{account_ref}",
    operation_id="operator_upsert_account",
    openapi_extra=_KEY,
    response_model=AccountUpsertAnswer,
    responses={
        **_AUTH,
        404: {"model": ErrorEnvelope, "description": "not_found: the account belongs to another operator"},
        409: {"model": ErrorEnvelope, "description": "conflict: an EAN of another account or a Prepaid-code in use"},
    },
)
def upsert_account(account_ref: AccountRef, operator: OperatorDep, body: Annotated[dict[str, Any], Body()]) -> AccountUpsertAnswer:
    """Creates or updates a household by the operator's reference. `prepaid_code` is write-only (kept
    as a keyed hash) and kept when absent; meters are upserted, never removed. The account belongs to
    the key's operator: another operator's key gets 404 on it. A new Prepaid-code is noted in the
    household's access log."""
    key = operator.settings.resolved_secret_key()
    try:
        with operator.db.transaction(write=True) as tx:
            outcome = account_ingest.upsert(tx, account_ref, body, secret_key=key, now=now_s(), writer=operator.writer)
    except Invalid as exc:
        raise _refuse(exc) from None
    except IntegrityError:
        # Two requests raced for one Prepaid-code or EAN: the store's unique constraint decided.
        raise ApiError(409, "conflict", "A Prepaid-code or EAN of this account is in use by another") from None
    return AccountUpsertAnswer(account_ref=account_ref, created=outcome == "created")


@router.post("/meter-readings", operation_id="operator_push_meter_readings",
    openapi_extra=_KEY, response_model=BatchAnswer, responses=_BATCH)
def push_readings(body: ReadingsBatch, operator: OperatorDep) -> BatchAnswer:
    """Each reading is `applied` (now the meter's current state), `stale` (older than that state: kept in
    the history only), `duplicate` (its event_id was seen with the same content) or `rejected` with an
    error code. Replaying a batch after a crash applies each reading exactly once."""
    return _batch(body.readings, reading_ingest.apply, operator, "push_meter_readings")


@router.post("/topups", operation_id="operator_push_topups",
    openapi_extra=_KEY, response_model=BatchAnswer, responses=_BATCH)
def push_topups(body: TopupsBatch, operator: OperatorDep) -> BatchAnswer:
    """Top-ups go to the history; the balance changes with the next reading. With `pending_topup_id`
    the helper's preparation becomes `loaded`."""
    return _batch(body.topups, topup_ingest.apply, operator, "push_topups")


CURSOR_PATTERN = r"^[0-9]{1,12}-[0-9]{1,18}$"


@router.get(
    "/pending-topups", operation_id="operator_list_pending_topups",
    openapi_extra=_KEY, response_model=PendingTopupList, responses=_AUTH
)
def list_pending_topups(
    operator: OperatorDep,
    status: Annotated[str, Query(pattern="^(open|loaded)$")] = "open",
    cursor: Annotated[str | None, Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> PendingTopupList:
    """The preparations ("klaarzetten") of the key's operator's households waiting for the back office, oldest first."""
    after = tuple(int(p) for p in cursor.split("-")) if cursor else None
    with operator.db.transaction() as tx:
        rows = pending_topups.page_for_operator(
            tx, operator=operator.operator, status=status, after=after, limit=limit + 1  # type: ignore[arg-type]
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return PendingTopupList(
        items=[
            PendingTopupItem(
                pending_topup_id=r["id"],
                ean=r["ean"],
                amount_cents=r["amount_cents"],
                prepared_by=r["prepared_by"],
                created_at=to_brussels(r["created_at"]),
                status=r["status"],
                channel=r["channel"],
                funded_by=FundedBy(organisation_id=int(r["funded_by_organisation_id"]), name=r["funded_by_name"])
                if r["funded_by_organisation_id"] is not None
                else None,
            )
            for r in rows
        ],
        next_cursor=f"{rows[-1]['created_at']}-{rows[-1]['id']}" if more and rows else None,
    )


@router.put(
    "/accounts/{account_ref}/social-tariff",
    operation_id="operator_put_social_tariff",
    openapi_extra=_KEY,
    response_model=SocialTariffAnswer,
    responses={**_AUTH, 404: {"model": ErrorEnvelope, "description": "not_found: no account with this reference of this operator"}},
)
def put_social_tariff(account_ref: AccountRef, operator: OperatorDep, body: Annotated[dict[str, Any], Body()]) -> SocialTariffAnswer:
    """The household's social-tariff status per energy, replacing what was there (seed 003: the FOD
    Economie applies it automatically every quarter and passes it to the supplier)."""
    try:
        with operator.db.transaction(write=True) as tx:
            tariff_ingest.put(tx, account_ref, body, writer=operator.writer, now=now_s())
    except Invalid as exc:
        raise _refuse(exc) from None
    return SocialTariffAnswer(account_ref=account_ref, energies=len(body.get("energies") or []))


@router.put(
    "/topup-points",
    operation_id="operator_replace_topup_points",
    openapi_extra=_KEY,
    response_model=TopupPointsAnswer,
    responses={**_AUTH, 422: {"model": BadPointsEnvelope, "description": "validation_error, listing each bad point"}},
)
def replace_topup_points(operator: OperatorDep, body: Annotated[dict[str, Any], Body()]) -> Any:
    """Replaces the whole set atomically once every point passed its checks; every server process
    serves the new set within 5 seconds (server.services.topup_refresh), without a restart."""
    points = body.get("points")
    if set(body) != {"points"} or not isinstance(points, list) or not points:
        raise ApiError(422, "validation_error", "Give {points: [...]} with at least one point")
    records, bad = point_ingest.check_all(points)
    if bad:
        listed = [{"index": b.index, "id": b.id, "code": b.code, "message": b.message} for b in bad]
        message = f"{len(bad)} of {len(points)} points are not valid; nothing was replaced"
        return JSONResponse({"error": {"code": "validation_error", "message": message, "points": listed}}, status_code=422)
    with operator.db.transaction(write=True) as tx:
        version = point_ingest.replace(tx, records)
        operator.writer.audit(tx, "replace_topup_points", target=None, details={"points": len(records)}, now=now_s())
    return TopupPointsAnswer(points=len(records), version=version)


AUDIT_CURSOR = r"^[0-9]{1,18}$"


@router.get("/audit", operation_id="operator_list_audit", openapi_extra=_KEY, response_model=AuditPage, responses=_AUTH)
def list_audit(
    operator: OperatorDep,
    cursor: Annotated[str | None, Query(pattern=AUDIT_CURSOR, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """What the key's operator wrote, newest first: when, through which key (or the file import), what
    and on what, with counts; never a Prepaid-code."""
    with operator.db.transaction() as tx:
        rows = operator_audit.page(tx, operator.operator, before=int(cursor) if cursor else None, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(
        items=[
            AuditItem(
                audit_id=r["id"],
                at=to_brussels(r["at"]),
                via=r["via"],
                key_name=r["key_name"],
                operation=r["operation"],
                target=r["target"],
                details=r["details"],
            )
            for r in rows
        ],
        next_cursor=str(rows[-1]["id"]) if more and rows else None,
    )
