"""The household's side of mandates: a share code for a helper, who can see the account, stop access.

seed 000, Vraag 8: clients now hand their log-in details to helpers ("We krijgen nu van veel klanten die
bij ons in budgetbeheer zitten hun inloggegevens"). A mandate gives the helper's organisation its own,
visible and revocable access instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Path, Response

from ...core.clock import now_s, to_brussels
from ..auth import SessionDep
from ..errors import ErrorEnvelope, not_found
from ...rules import share_code as share_rules
from ...contract.staff import LastAccess, Mandate, OpenShareCode, OpenShareCodes, ShareCode, ShareCodeRequest
from ...store import mandates, share_codes

router = APIRouter(prefix="/api/v1/mandates", tags=["mandates"])
_ERRORS = {401: {"model": ErrorEnvelope, "description": "unauthorized"}}


def share_code_hash(key: bytes, compact: str) -> str:
    # Keyed like Prepaid-codes: a stolen table does not give live codes.
    return hmac.new(key, b"share:" + compact.encode(), hashlib.sha256).hexdigest()


def new_share_code() -> str:
    return "".join(secrets.choice(share_rules.ALPHABET) for _ in range(share_rules.LENGTH))


def new_public_id() -> str:
    # Random, not derived from the code: the id travels in lists and logs, the code must not.
    return secrets.token_hex(16)


@router.post(
    "/share-codes",
    operation_id="create_share_code",
    response_model=ShareCode,
    status_code=201,
    responses={**_ERRORS, 422: {"model": ErrorEnvelope, "description": "validation_error"}},
)
async def create_share_code(body: ShareCodeRequest, session: SessionDep) -> ShareCode:
    """A code to read out or hand to a helper: single use, valid 24 hours."""
    now = now_s()
    expires_at = now + share_rules.VALIDITY_SECONDS
    code = new_share_code()
    public_id = new_public_id()
    hashed = share_code_hash(session.settings.resolved_secret_key(), code)
    await session.db.write(
        lambda tx: share_codes.create(
            tx,
            code_hash=hashed,
            public_id=public_id,
            account_id=session.account_id,
            permissions=share_rules.permissions_text(body.permissions),
            now=now,
            expires_at=expires_at,
        )
    )
    return ShareCode(share_code=share_rules.display(code), expires_at=to_brussels(expires_at), id=public_id)


@router.get("/share-codes", operation_id="list_open_share_codes", response_model=OpenShareCodes, responses=_ERRORS)
async def list_open_share_codes(session: SessionDep) -> OpenShareCodes:
    """This household's codes that a helper can still redeem, newest first: the app shows a code until
    its id is no longer here (used, or expired), rather than guessing from the mandates."""
    rows = await session.db.read(lambda tx: share_codes.open_of_account(tx, session.account_id, now=now_s()))
    return OpenShareCodes(
        share_codes=[
            OpenShareCode(
                id=r["public_id"],
                expires_at=to_brussels(r["expires_at"]),
                permissions=share_rules.permissions_list(r["permissions"]),  # type: ignore[arg-type]
            )
            for r in rows
        ]
    )


@router.get("", operation_id="list_mandates", response_model=list[Mandate], responses=_ERRORS)
async def list_mandates(session: SessionDep) -> list[Mandate]:
    """Who can see this account: each organisation, since when, and who last looked."""
    rows = await session.db.read(lambda tx: mandates.of_account(tx, session.account_id))
    return [
        Mandate(
            mandate_id=r["id"],
            organisation=r["organisation_name"],
            organisation_id=int(r["organisation_id"]),
            permissions=share_rules.permissions_list(r["permissions"]),  # type: ignore[arg-type]
            granted_at=to_brussels(r["granted_at"]),
            last_access=LastAccess(at=to_brussels(r["last_access_at"]), staff_name=r["last_access_staff_name"])
            if r["last_access_at"] is not None and r["last_access_staff_name"]
            else None,
        )
        for r in rows
    ]


@router.delete(
    "/{mandate_id:int}",  # :int, so that /share-codes is never read as a mandate id
    operation_id="end_mandate",
    status_code=204,
    response_class=Response,
    responses={**_ERRORS, 404: {"model": ErrorEnvelope, "description": "not_found: no live mandate of this account"}},
)
async def end_mandate(mandate_id: Annotated[int, Path(ge=1, le=2**62)], session: SessionDep) -> Response:
    """Access ends at once: every caseload path checks for a live mandate on each request."""
    ended = await session.db.write(lambda tx: mandates.end(tx, mandate_id=mandate_id, account_id=session.account_id, now=now_s()))
    if not ended:
        raise not_found("No such mandate on this account")
    return Response(status_code=204)
