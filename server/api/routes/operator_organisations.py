"""The operator creates helper organisations (issue 10), as `budgetmeter-server org create` does:
the organisation and its first administrator, whose initial password is in this answer only."""

from __future__ import annotations

from fastapi import APIRouter

from ...core.clock import now_s
from ..errors import ApiError, ErrorEnvelope
from ..auth import OperatorDep
from ...services.organisations import NameTaken, create_organisation, normalise_username
from ...contract.staff import OrganisationCreate, OrganisationCreated

router = APIRouter(prefix="/api/v1/operator", tags=["operator"])


@router.post(
    "/organisations",
    operation_id="operator_create_organisation",
    response_model=OrganisationCreated,
    status_code=201,
    responses={
        401: {"model": ErrorEnvelope, "description": "unauthorized: no, unknown or revoked operator key"},
        403: {"model": ErrorEnvelope, "description": "forbidden: a person's token, not an operator key"},
        409: {"model": ErrorEnvelope, "description": "conflict: the organisation name or the username is taken"},
        422: {"model": ErrorEnvelope, "description": "validation_error"},
    },
    openapi_extra={"security": [{"bearer": []}]},
)
def create(body: OrganisationCreate, operator: OperatorDep) -> OrganisationCreated:
    """seed 000, Vraag 19: "De verantwoordelijke die aangesteld werd in ieder OCMW kan medewerkers
    toevoegen": the administrator named here is that person."""
    name, display_name = body.name.strip(), body.admin.display_name.strip()
    username = normalise_username(body.admin.username)
    if not name or not display_name:
        raise ApiError(422, "validation_error", "name and admin.display_name must not be blank")
    if username is None:
        raise ApiError(422, "validation_error", "admin.username: 3 to 64 of a-z 0-9 . _ @ -")
    try:
        organisation_id, password = create_organisation(
            operator.db, name=name, admin_username=username, admin_name=display_name, now=now_s()
        )
    except NameTaken as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    with operator.db.transaction(write=True) as tx:  # after its own transaction: the organisation exists
        operator.writer.audit(tx, "create_organisation", target=name, details={"organisation_id": organisation_id}, now=now_s())
    return OrganisationCreated(organisation_id=organisation_id, admin_username=username, initial_password=password)
