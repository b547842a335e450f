"""HTTP calls of the helpers' own accounts: a staff member's session (log-in, set-up, caseload, team)
and the household's side of mandates (share codes, who can see my account).

    staff = StaffApi.sharing(api)                 # the app's anonymous client's connection pool
    token = await staff.login("ilse", "pw", "123456")
    staff = staff.with_staff_token(token.access_token)
    page = await staff.caseload(q="peet")

Same rules as :mod:`app.api.client`: every failure is an :class:`app.api.errors.ApiError`; GETs are
retried, POSTs only with an Idempotency-Key; nothing logged holds a token, password or code.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import errors
from .client import API, BudgetmeterClient
from .models import PaymentInstructions, PendingTopup, parse
from .staff_models import (
    CaseloadAdded,
    CaseloadDetail,
    CaseloadPage,
    Mandate,
    OpenShareCodes,
    ShareCode,
    Signal,
    SignalPage,
    StaffAlertSettings,
    StaffMe,
    StaffMemberCreated,
    StaffMembers,
    StaffSetupAnswer,
    StaffToken,
)


class StaffApi(BudgetmeterClient):
    """A :class:`BudgetmeterClient` that also speaks the staff endpoints (its token: a staff token)."""

    @classmethod
    def sharing(cls, api: BudgetmeterClient, token: str | None = None) -> StaffApi:
        return cls(api.base_url, token=token, attempts=api.attempts, backoff=api.backoff, sleep=api._sleep, _http=api._http)

    def with_staff_token(self, token: str | None) -> StaffApi:
        return StaffApi.sharing(self, token)

    async def _post(self, kind: Any, path: str, json: Any = None, *, auth: bool = True, headers: dict | None = None) -> Any:
        response = await self._request("POST", path, json=json, auth=auth, headers=headers)
        return parse(kind, self._json(response, path), what=path)

    # --- log-in and set-up --------------------------------------------------------------------

    async def login(self, username: str, password: str, totp: str | None) -> StaffToken:
        body: dict[str, Any] = {"username": username, "password": password}
        if totp:
            body["totp"] = totp
        return await self._post(StaffToken, f"{API}/auth/staff", body, auth=False)

    async def setup(self, new_password: str) -> StaffSetupAnswer:
        return await self._post(StaffSetupAnswer, f"{API}/staff/setup", {"new_password": new_password})

    async def confirm_setup(self, totp: str) -> None:
        await self._request("POST", f"{API}/staff/setup/confirm", json={"totp": totp})

    async def staff_logout(self) -> None:
        try:
            await self._request("POST", f"{API}/staff/logout")
        finally:
            self.token = None

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
        path = f"{API}/staff/me/alerts"
        body: dict[str, Any] = {"email": email, "digest_time": digest_time, "language": language}
        if immediate_signals is not None:
            body["immediate_signals"] = immediate_signals
        response = await self._request("PUT", path, json=body)
        return parse(StaffAlertSettings, self._json(response, path), what=path)

    async def verify_staff_alert_email(self, code: str) -> StaffAlertSettings:
        return await self._post(StaffAlertSettings, f"{API}/staff/me/alerts/verify", {"code": code})

    # --- caseload -------------------------------------------------------------------------------

    async def caseload(
        self, *, q: str | None = None, status: str | None = None, days_left_at_most: int | None = None,
        cursor: str | None = None, limit: int | None = None,
    ) -> CaseloadPage:  # fmt: skip
        params = {"q": q or None, "status": status, "days_left_at_most": days_left_at_most, "cursor": cursor, "limit": limit}
        return await self._get_json(CaseloadPage, f"{API}/caseload", params=params)

    async def add_by_share_code(self, share_code: str) -> CaseloadAdded:
        return await self._post(CaseloadAdded, f"{API}/caseload", {"share_code": share_code})

    async def add_by_prepaid_code(self, prepaid_code: str, postal_code: str) -> CaseloadAdded:
        return await self._post(CaseloadAdded, f"{API}/caseload", {"prepaid_code": prepaid_code, "postal_code": postal_code})

    async def caseload_client(self, client_id: int) -> CaseloadDetail:
        return await self._get_json(CaseloadDetail, f"{API}/caseload/{int(client_id)}")

    def _client_meter(self, client_id: int, ean: str, tail: str) -> str:
        return f"{API}/caseload/{int(client_id)}/meters/{quote(ean, safe='')}/{tail}"

    async def client_payment_instructions(self, client_id: int, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._get_json(
            PaymentInstructions, self._client_meter(client_id, ean, "payment-instructions"), params={"amount_cents": amount_cents}
        )

    async def client_pending_topup(self, client_id: int, ean: str, amount_cents: int, idempotency_key: str) -> PendingTopup:
        """Safe to repeat: the Idempotency-Key makes the server prepare it once."""
        path = self._client_meter(client_id, ean, "pending-topups")
        response = await self._request(
            "POST", path, json={"amount_cents": amount_cents}, headers={"Idempotency-Key": idempotency_key}, retry=True
        )
        return parse(PendingTopup, self._json(response, path), what=path)

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
        return await self._post(Signal, f"{API}/organisation/signals/{int(signal_id)}/{action}", {"note": note})

    # --- the organisation's staff (administrators) ----------------------------------------------

    async def team(self) -> StaffMembers:
        return await self._get_json(StaffMembers, f"{API}/organisation/staff")

    async def add_member(self, username: str, display_name: str) -> StaffMemberCreated:
        return await self._post(StaffMemberCreated, f"{API}/organisation/staff", {"username": username, "display_name": display_name})

    async def reset_member(self, username: str) -> StaffMemberCreated:
        return await self._post(StaffMemberCreated, f"{API}/organisation/staff/{quote(username, safe='')}/reset")

    async def remove_member(self, username: str) -> None:
        await self._request("DELETE", f"{API}/organisation/staff/{quote(username, safe='')}")

    # --- the household's side: mandates ---------------------------------------------------------

    async def mandates(self) -> list[Mandate]:
        return await self._get_json(list[Mandate], f"{API}/mandates")

    async def end_mandate(self, mandate_id: int) -> None:
        await self._request("DELETE", f"{API}/mandates/{int(mandate_id)}")

    async def create_share_code(self, permissions: list[str]) -> ShareCode:
        return await self._post(ShareCode, f"{API}/mandates/share-codes", {"permissions": permissions})

    async def open_share_codes(self) -> OpenShareCodes:
        return await self._get_json(OpenShareCodes, f"{API}/mandates/share-codes")
