"""Staff log-in with a password and an authenticator code, and the first-time set-up.

seed 000, Vraag 20: "Het aanmelden in het Fluvius portaal is nogal omslachtig: er wordt soms tot 5 maal
gevraagd om het inloggen te bevestigen." Here: a password and one 6-digit code. The first log-in uses the
initial password the organisation's administrator handed over (Vraag 19) and can only set a new
password and enrol the authenticator.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...core import security, totp
from ...core.clock import now_s
from ..auth import DbDep, SettingsDep
from ..errors import ApiError, ErrorEnvelope, unauthorized
from ...contract.staff import StaffLogin, StaffMe, StaffSetup, StaffSetupAnswer, StaffSetupConfirm, StaffTokenResponse
from ..auth import SetupDep, StaffDep, resolve_staff
from ...store import staff as staff_store
from ...store import staff_tokens
from .auth import LoginAttempt, invalid_credentials

router = APIRouter(prefix="/api/v1", tags=["staff"])

_LOGIN_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "invalid_credentials: wrong username, password or code; "
          "initial_password_expired: the right initial password, unused for 7 days (the administrator resets it); "
          "code_already_used: the right password and a code already used (wait for the next code)"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
    429: {"model": ErrorEnvelope, "description": "too_many_attempts; see Retry-After"},
}
_SETUP_ERRORS = {
    401: {"model": ErrorEnvelope, "description": "unauthorized"},
    403: {"model": ErrorEnvelope, "description": "forbidden: not a set-up token"},
    422: {"model": ErrorEnvelope, "description": "validation_error"},
}
# A set-up token is for the next few minutes, not a working day.
SETUP_TOKEN_SECONDS = 30 * 60
# An initial password travels by hand or by mail from the administrator: one left unused is a standing
# way in, so it lapses and the administrator hands over a new one (reset).
INITIAL_PASSWORD_SECONDS = 7 * 24 * 60 * 60


@router.post("/auth/staff", operation_id="login_staff", response_model=StaffTokenResponse, responses=_LOGIN_ERRORS)
def login_staff(body: StaffLogin, request: Request, db: DbDep, settings: SettingsDep) -> StaffTokenResponse:
    """A staff member's own log-in. With the initial password: a `staff_setup` token. After the set-up:
    the password and the authenticator's current code, each code accepted once."""
    username = body.username.strip().lower()
    attempt = LoginAttempt.start(db, settings, request, "staff", username)
    with db.transaction() as tx:
        member = staff_store.by_username(tx, username)
    live = member is not None and member["removed_at"] is None
    # Verified even for an unknown or removed member, so timing does not reveal who exists.
    ok = security.verify_password(member["password_hash"] if live else None, body.password)
    if not ok or member is None or not live:
        raise invalid_credentials()
    now = now_s()
    if member["totp_confirmed"]:
        secret = security.open_totp_secret(settings.resolved_secret_key(), int(member["id"]), member["totp_secret"])
        step = totp.matching_step(secret, body.totp or "", now=now) if secret else None
        if step is None:
            raise invalid_credentials()
        scope, lifetime = "staff", settings.token_absolute_seconds
    else:
        # Told only to whoever knows the password: a guesser learns nothing from it.
        if member["password_is_initial"] and now >= int(member["password_set_at"] or 0) + INITIAL_PASSWORD_SECONDS:
            raise ApiError(401, "initial_password_expired",
                           "This initial password has expired; ask your organisation's administrator for a new one")
        scope, lifetime = "staff_setup", SETUP_TOKEN_SECONDS
    token = security.new_token()
    with db.transaction(write=True) as tx:
        if scope == "staff" and not staff_store.use_totp_step(tx, int(member["id"]), step):
            # The same code (or an older one) was already used: a replay. Counted as a failure. Said as
            # such only to whoever knows the password and a code of this member: right after the
            # set-up's confirmation, the code just typed is refused and the member waits for the next
            # one (issue 20: a generic error left them retrying the same code).
            raise ApiError(401, "code_already_used", "This code was used already; wait for the next code of the app")
        attempt.release(tx, now=now)
        staff_tokens.issue(
            tx,
            token_hash=security.token_hash(token),
            staff_id=int(member["id"]),
            scope=scope,
            now=now,
            expires_at=now + lifetime,
        )
    return StaffTokenResponse(
        access_token=token, expires_in=lifetime, idle_timeout=settings.token_idle_seconds, scope=scope  # type: ignore[arg-type]
    )


@router.post("/staff/setup", operation_id="staff_setup", response_model=StaffSetupAnswer, responses=_SETUP_ERRORS)
def staff_setup(body: StaffSetup, session: SetupDep) -> StaffSetupAnswer:
    """Chooses the member's own password and starts the authenticator's enrolment (again, when called
    twice: the newest secret counts). The password takes effect with the confirmation."""
    with session.db.transaction() as tx:
        member = staff_store.by_id(tx, session.staff_id)
    assert member is not None
    if security.verify_password(member["password_hash"], body.new_password):
        raise ApiError(422, "validation_error", "new_password: choose a password other than the initial one")
    secret = totp.new_secret()
    new_hash = security.hash_password(body.new_password)
    with session.db.transaction(write=True) as tx:
        sealed = security.seal_totp_secret(session.settings.resolved_secret_key(), session.staff_id, secret)
        staff_store.begin_setup(tx, session.staff_id, secret=sealed, pending_password_hash=new_hash)
    return StaffSetupAnswer(
        totp_uri=totp.provisioning_uri(secret, username=session.username, organisation=session.organisation_name)
    )


@router.post(
    "/staff/setup/confirm",
    operation_id="staff_setup_confirm",
    status_code=204,
    response_class=Response,
    responses={**_SETUP_ERRORS, 401: {"model": ErrorEnvelope, "description": "invalid_credentials: wrong code"}},
)
def staff_setup_confirm(body: StaffSetupConfirm, session: SetupDep) -> Response:
    """The authenticator's first code proves the enrolment; the set-up token then ends, and the
    member logs in with the new password and a (later) code."""
    with session.db.transaction() as tx:
        member = staff_store.by_id(tx, session.staff_id)
    assert member is not None
    if member["totp_secret"] is None or member["pending_password_hash"] is None:
        raise ApiError(409, "conflict", "Call POST /api/v1/staff/setup first")
    now = now_s()
    secret = security.open_totp_secret(session.settings.resolved_secret_key(), session.staff_id, member["totp_secret"])
    step = totp.matching_step(secret, body.totp, now=now) if secret else None
    if step is None:
        raise invalid_credentials()
    with session.db.transaction(write=True) as tx:
        staff_store.confirm_setup(tx, session.staff_id, step=step, now=now)
        staff_tokens.revoke(tx, session.token_hash, now=now)
    return Response(status_code=204)


@router.get("/staff/me", operation_id="get_staff_me", response_model=StaffMe, responses=_SETUP_ERRORS)
async def staff_me(session: StaffDep) -> StaffMe:
    return StaffMe(
        username=session.username,
        display_name=session.display_name,
        organisation=session.organisation_name,
        is_admin=session.is_admin,
        organisation_id=session.organisation_id,
    )


@router.post(
    "/staff/logout",
    operation_id="logout_staff",
    status_code=204,
    response_class=Response,
    # It reads the token itself (either scope), so server.main.document_bearer_auth cannot see it.
    openapi_extra={"security": [{"bearer": []}]},
    responses={401: {"model": ErrorEnvelope, "description": "unauthorized"}},
)
async def logout_staff(request: Request) -> Response:
    """Ends a staff token of either scope (POST /api/v1/auth/logout is the households' own)."""
    session = await resolve_staff(request)
    if session is None:
        raise unauthorized("A staff member's valid bearer token is needed")
    await session.db.write(lambda tx: staff_tokens.revoke(tx, session.token_hash, now=now_s()))
    return Response(status_code=204)
