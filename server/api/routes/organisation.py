"""The organisation's administrators add, reset and remove staff members.

seed 000, Vraag 19: "De verantwoordelijke die aangesteld werd in ieder OCMW kan medewerkers toevoegen."
Vraag 23: "Normaal kunnen meer dan twee medewerkers worden toegevoegd": any number here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from ...core import security
from ...core.clock import now_s, to_brussels
from ..errors import ApiError, ErrorEnvelope, not_found
from ...services.organisations import NameTaken, add_member, initial_password, normalise_username
from ...contract.staff import StaffMember, StaffMemberCreate, StaffMemberCreated, StaffMembers
from ..auth import AdminDep, StaffSession
from ...store import staff as staff_store
from ...store import staff_tokens

router = APIRouter(prefix="/api/v1/organisation", tags=["staff"])

_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "unauthorized"},
    403: {"model": ErrorEnvelope, "description": "forbidden: not an administrator of the organisation"},
}
UsernamePath = Annotated[str, Path(min_length=1, max_length=100)]


def _member(session: StaffSession, username: str) -> dict:
    """A live member of the administrator's own organisation; anyone else is 404, like no one."""
    with session.db.transaction() as tx:
        member = staff_store.by_username(tx, username.strip().lower())
    if member is None or member["removed_at"] is not None or int(member["organisation_id"]) != session.organisation_id:
        raise not_found("No such staff member in this organisation")
    return member


@router.get("/staff", operation_id="list_organisation_staff", response_model=StaffMembers, responses=_ERRORS)
async def list_staff(session: AdminDep) -> StaffMembers:
    rows = await session.db.read(lambda tx: staff_store.members(tx, session.organisation_id))
    return StaffMembers(
        staff=[
            StaffMember(
                username=r["username"],
                display_name=r["display_name"],
                is_admin=bool(r["is_admin"]),
                set_up=bool(r["totp_confirmed"]),
                created_at=to_brussels(r["created_at"]),
            )
            for r in rows
        ]
    )


@router.post(
    "/staff",
    operation_id="add_organisation_staff",
    response_model=StaffMemberCreated,
    status_code=201,
    responses={
        **_ERRORS,
        409: {"model": ErrorEnvelope, "description": "conflict: the username is taken"},
        422: {"model": ErrorEnvelope, "description": "validation_error"},
    },
)
def add_staff(body: StaffMemberCreate, session: AdminDep) -> StaffMemberCreated:
    """The initial password is in this answer only; the member replaces it at the first log-in."""
    username = normalise_username(body.username)
    if username is None:
        raise ApiError(422, "validation_error", "username: 3 to 64 of a-z 0-9 . _ @ -")
    display_name = body.display_name.strip()
    if not display_name:
        raise ApiError(422, "validation_error", "display_name: must not be blank")
    try:
        password = add_member(
            session.db, organisation_id=session.organisation_id, username=username, display_name=display_name, now=now_s()
        )
    except NameTaken as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    return StaffMemberCreated(username=username, display_name=display_name, initial_password=password)


@router.post(
    "/staff/{username}/reset",
    operation_id="reset_organisation_staff",
    response_model=StaffMemberCreated,
    responses={**_ERRORS, 404: {"model": ErrorEnvelope, "description": "not_found"}},
)
def reset_staff(username: UsernamePath, session: AdminDep) -> StaffMemberCreated:
    """A forgotten password or a lost phone: a new initial password, the authenticator to enrol again,
    and every session of the member ended."""
    member = _member(session, username)
    password = initial_password()
    password_hash = security.hash_password(password)
    now = now_s()
    with session.db.transaction(write=True) as tx:
        staff_store.set_password(tx, int(member["id"]), password_hash=password_hash, initial=True, now=now)
        staff_tokens.revoke_all(tx, int(member["id"]), now=now)
    return StaffMemberCreated(username=member["username"], display_name=member["display_name"], initial_password=password)


@router.delete(
    "/staff/{username}",
    operation_id="remove_organisation_staff",
    status_code=204,
    response_class=Response,
    responses={
        **_ERRORS,
        404: {"model": ErrorEnvelope, "description": "not_found"},
        409: {"model": ErrorEnvelope, "description": "conflict: the organisation's last administrator"},
    },
)
def remove_staff(username: UsernamePath, session: AdminDep) -> Response:
    """The member's tokens stop working at once (server.store.staff_tokens.resolve refuses a removed
    member). The last administrator cannot be removed: nobody could add staff after them."""
    member = _member(session, username)
    now = now_s()
    with session.db.transaction(write=True) as tx:
        tx.lock(f"organisation-staff:{session.organisation_id}")
        if member["is_admin"] and staff_store.count_admins(tx, session.organisation_id) <= 1:
            raise ApiError(409, "conflict", "The organisation's last administrator cannot be removed")
        staff_store.remove(tx, int(member["id"]), now=now)
        staff_tokens.revoke_all(tx, int(member["id"]), now=now)
    return Response(status_code=204)
