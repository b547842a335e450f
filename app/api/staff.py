"""The calls of a staff member's session (its token from ``login_staff``): the first set-up, the
member's own account and digest, the caseload and a client's file, supply signals, the organisation's
team and its winter support desk.

    token = await api.login_staff("ilse", "pw", "123456")
    staff = api.with_token(token.access_token)
    page = await staff.caseload(q="peet")
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import errors
from .models import PaymentInstructions, PendingTopup
from .staff_models import (
    CaseloadAdded,
    CaseloadDetail,
    CaseloadPage,
    Signal,
    SignalPage,
    StaffAlertSettings,
    StaffMe,
    StaffMemberCreated,
    StaffMembers,
    StaffSetupAnswer,
)
from .transport import API, Transport
from .winter_models import OrganisationWinterRequest, OrganisationWinterRequestPage, RequestStatus, WinterDecisionForm, WinterGrant


def _client_meter(client_id: int, ean: str, tail: str) -> str:
    return f"{API}/caseload/{int(client_id)}/meters/{quote(ean, safe='')}/{tail}"


class StaffCalls(Transport):
    # --- set-up and the member's own session ----------------------------------------------------

    async def setup(self, new_password: str) -> StaffSetupAnswer:
        return await self._send_json(StaffSetupAnswer, "POST", f"{API}/staff/setup", {"new_password": new_password})

    async def confirm_setup(self, totp: str) -> None:
        await self._request("POST", f"{API}/staff/setup/confirm", json={"totp": totp})

    async def staff_logout(self) -> None:
        """Revoke this staff token on the server and forget it here (also when that fails)."""
        await self._revoke(f"{API}/staff/logout")

    async def staff_me(self) -> StaffMe:
        return await self._get_json(StaffMe, f"{API}/staff/me")

    # --- the daily digest of clients with new alerts -------------------------------------------

    async def staff_alert_settings(self) -> StaffAlertSettings:
        return await self._get_json(StaffAlertSettings, f"{API}/staff/me/alerts")

    async def save_staff_alert_settings(
        self, email: str | None, digest_time: str | None, language: str, immediate_signals: bool | None = None
    ) -> StaffAlertSettings:
        """A new address gets a 6-digit code by mail; the digest (and a signal's mail at once) goes out
        once it is verified. `immediate_signals` None: as before."""
        body: dict[str, Any] = {"email": email, "digest_time": digest_time, "language": language}
        if immediate_signals is not None:
            body["immediate_signals"] = immediate_signals
        return await self._send_json(StaffAlertSettings, "PUT", f"{API}/staff/me/alerts", body)

    async def verify_staff_alert_email(self, code: str) -> StaffAlertSettings:
        return await self._send_json(StaffAlertSettings, "POST", f"{API}/staff/me/alerts/verify", {"code": code})

    # --- caseload -------------------------------------------------------------------------------

    async def caseload(
        self, *, q: str | None = None, status: str | None = None, days_left_at_most: int | None = None,
        cursor: str | None = None, limit: int | None = None,
    ) -> CaseloadPage:  # fmt: skip
        params = {"q": q or None, "status": status, "days_left_at_most": days_left_at_most, "cursor": cursor, "limit": limit}
        return await self._get_json(CaseloadPage, f"{API}/caseload", params=params)

    async def add_by_share_code(self, share_code: str) -> CaseloadAdded:
        return await self._send_json(CaseloadAdded, "POST", f"{API}/caseload", {"share_code": share_code})

    async def add_by_prepaid_code(self, prepaid_code: str, postal_code: str) -> CaseloadAdded:
        body = {"prepaid_code": prepaid_code, "postal_code": postal_code}
        return await self._send_json(CaseloadAdded, "POST", f"{API}/caseload", body)

    async def caseload_client(self, client_id: int) -> CaseloadDetail:
        return await self._get_json(CaseloadDetail, f"{API}/caseload/{int(client_id)}")

    async def client_payment_instructions(self, client_id: int, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._get_json(
            PaymentInstructions, _client_meter(client_id, ean, "payment-instructions"), params={"amount_cents": amount_cents}
        )

    async def client_pending_topup(self, client_id: int, ean: str, amount_cents: int, idempotency_key: str) -> PendingTopup:
        """Safe to repeat: the Idempotency-Key makes the server prepare it once."""
        return await self._send_json(
            PendingTopup, "POST", _client_meter(client_id, ean, "pending-topups"), {"amount_cents": amount_cents},
            headers={"Idempotency-Key": idempotency_key}, retry=True,
        )  # fmt: skip

    async def caseload_csv(self, form: str = "machine", language: str | None = None) -> bytes:
        """The whole caseload as the server's CSV (UTF-8, one row per meter), byte for byte: the app
        saves it as a file and never re-encodes it. ``form="spreadsheet"``: the form a Belgian
        spreadsheet opens as columns (semicolons, euros with a decimal comma, headers in ``language``)."""
        params = {"form": form, "language": language} if form != "machine" else None
        response = await self._request(
            "GET", f"{API}/caseload/export.csv", params=params, headers={"Accept": "text/csv"}
        )
        if not response.headers.get("content-type", "").startswith("text/csv"):
            raise errors.BadResponse(f"{API}/caseload/export.csv: not CSV", status=response.status_code)
        return response.content

    # --- supply signals (issue 21) --------------------------------------------------------------

    async def signals(self, *, status: str | None = None, cursor: str | None = None) -> SignalPage:
        """The organisation's signals, newest first; `status` one of open, acknowledged, resolved."""
        return await self._get_json(SignalPage, f"{API}/organisation/signals", params={"status": status, "cursor": cursor})

    async def follow_up_signal(self, signal_id: int, action: str, note: str) -> Signal:
        """`action` "acknowledge" or "resolve", with a note (up to 500 characters) the household sees."""
        if action not in ("acknowledge", "resolve"):
            raise ValueError(action)
        return await self._send_json(Signal, "POST", f"{API}/organisation/signals/{int(signal_id)}/{action}", {"note": note})

    # --- the organisation's staff (administrators) ----------------------------------------------

    async def team(self) -> StaffMembers:
        return await self._get_json(StaffMembers, f"{API}/organisation/staff")

    async def add_member(self, username: str, display_name: str) -> StaffMemberCreated:
        body = {"username": username, "display_name": display_name}
        return await self._send_json(StaffMemberCreated, "POST", f"{API}/organisation/staff", body)

    async def reset_member(self, username: str) -> StaffMemberCreated:
        return await self._send_json(StaffMemberCreated, "POST", f"{API}/organisation/staff/{quote(username, safe='')}/reset")

    async def remove_member(self, username: str) -> None:
        await self._request("DELETE", f"{API}/organisation/staff/{quote(username, safe='')}")

    # --- the organisation's winter support desk (issue 21): a decision twice is refused, not made twice

    async def winter_requests(
        self, status: RequestStatus | None = None, cursor: str | None = None
    ) -> OrganisationWinterRequestPage:
        return await self._get_json(
            OrganisationWinterRequestPage, f"{API}/organisation/winter-support/requests",
            params={"status": status, "cursor": cursor},
        )  # fmt: skip

    async def decide_winter_request(self, request_id: int, form: WinterDecisionForm) -> OrganisationWinterRequest:
        path = f"{API}/organisation/winter-support/requests/{int(request_id)}/decision"
        return await self._send_json(OrganisationWinterRequest, "POST", path, form.model_dump(mode="json", exclude_none=True))

    async def stop_winter_grant(self, grant_id: int, reason: str) -> WinterGrant:
        path = f"{API}/organisation/winter-support/grants/{int(grant_id)}/stop"
        return await self._send_json(WinterGrant, "POST", path, {"reason": reason})
