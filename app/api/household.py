"""The calls of a household's session (its token from ``login_prepaid``/``login_password``): the
account and its access log, meters (balance, top-ups, history, paying and preparing a top-up), the
social tariff, alerts and notifications, winter support, and who may see the account (mandates and
share codes).
"""

from __future__ import annotations

from urllib.parse import quote

from .alert_models import AlertSettings, NotificationPage
from .models import (
    MAX_DAYS,
    MIN_DAYS,
    AccessLog,
    Balance,
    Me,
    MeterHistory,
    PaymentInstructions,
    PendingTopup,
    Tariff,
    TopupPage,
    parse,
)
from .staff_models import Mandate, OpenShareCodes, ShareCode
from .transport import API, Transport
from .winter_models import WinterSupportOverview, WinterSupportRequestCreated


def _meter_path(ean: str, tail: str) -> str:
    return f"{API}/meters/{quote(ean, safe='')}/{tail}"


class HouseholdCalls(Transport):
    async def logout(self) -> None:
        """Revoke this household token on the server and forget it here (also when that fails)."""
        await self._revoke(f"{API}/auth/logout")

    # --- account ------------------------------------------------------------------------------

    async def me(self) -> Me:
        return await self._get_json(Me, f"{API}/me")

    async def access_log(self, limit: int | None = None) -> AccessLog:
        return await self._get_json(AccessLog, f"{API}/access-log", params={"limit": limit})

    # --- meters -------------------------------------------------------------------------------

    async def balance(self, ean: str) -> Balance:
        return await self._get_json(Balance, _meter_path(ean, "balance"))

    async def topups(self, ean: str, cursor: str | None = None, limit: int = 20) -> TopupPage:
        return await self._get_json(TopupPage, _meter_path(ean, "topups"), params={"cursor": cursor, "limit": limit})

    async def meter_history(self, ean: str, days: int) -> MeterHistory:
        """The last ``days`` calendar days (Europe/Brussels) of ``ean``, oldest first."""
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise ValueError(f"days must be {MIN_DAYS}..{MAX_DAYS}, not {days}")
        return await self._get_json(MeterHistory, _meter_path(ean, "history"), params={"days": days})

    async def payment_instructions(self, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._get_json(
            PaymentInstructions, _meter_path(ean, "payment-instructions"), params={"amount_cents": amount_cents}
        )

    async def create_pending_topup(self, ean: str, amount_cents: int, idempotency_key: str) -> PendingTopup:
        """Prepare an amount ("klaarzetten"). Retried like a read: the Idempotency-Key makes a repeat
        return the first result instead of preparing the amount twice."""
        path = _meter_path(ean, "pending-topups")
        response = await self._request(
            "POST",
            path,
            json={"amount_cents": amount_cents},
            headers={"Idempotency-Key": idempotency_key},
            retry=True,
        )
        data = self._json(response, path)
        if isinstance(data, dict):
            data = {**data, "replayed": response.headers.get("Idempotent-Replayed", "").lower() == "true"}
        return parse(PendingTopup, data, what=path)

    # --- social tariff ------------------------------------------------------------------------

    async def tariff(self) -> Tariff:
        return await self._get_json(Tariff, f"{API}/tariff")

    # --- alerts and notifications (README, "Alerts") -------------------------------------------

    async def alert_settings(self) -> AlertSettings:
        return await self._get_json(AlertSettings, f"{API}/alerts/settings")

    async def save_alert_settings(self, settings: AlertSettings) -> AlertSettings:
        """Saves thresholds, quiet hours and the address; a new address gets a code by mail and is
        unverified until :meth:`verify_alert_email`. Raises TooManyAttempts after too many new addresses."""
        body = {
            "email": settings.email or None,
            "rules": settings.rules.model_dump(),
            "quiet_hours": settings.quiet_hours.model_dump() if settings.quiet_hours else None,
        }
        return await self._send_json(AlertSettings, "PUT", f"{API}/alerts/settings", body)

    async def verify_alert_email(self, code: str) -> AlertSettings:
        """The 6-digit code from the mail. A wrong or expired code raises InvalidCredentials; too many,
        TooManyAttempts (with retry_after)."""
        return await self._send_json(AlertSettings, "POST", f"{API}/alerts/email/verify", {"code": code})

    async def notifications(self, cursor: str | None = None, limit: int = 20) -> NotificationPage:
        """Newest first; ``unread`` is the bell's number."""
        return await self._get_json(NotificationPage, f"{API}/notifications", params={"cursor": cursor, "limit": limit})

    async def mark_notification_read(self, notification_id: int) -> None:
        # Marking twice changes nothing on the server, so a retry is safe.
        await self._request("POST", f"{API}/notifications/{int(notification_id)}/read", retry=True)

    # --- winter support (issue 21): a request or decision twice is refused (409), never made twice --

    async def winter_support(self) -> WinterSupportOverview:
        """The household's requests and grants, and the documents to bring (seed 001)."""
        return await self._get_json(WinterSupportOverview, f"{API}/winter-support")

    async def ask_winter_support(
        self, *, organisation_id: int, household_size: int, message: str | None = None
    ) -> WinterSupportRequestCreated:
        body = {"organisation_id": organisation_id, "household_size": household_size, "message": message or None}
        return await self._send_json(WinterSupportRequestCreated, "POST", f"{API}/winter-support/requests", body)

    # --- who may see the account: mandates and share codes -------------------------------------

    async def mandates(self) -> list[Mandate]:
        return await self._get_json(list[Mandate], f"{API}/mandates")

    async def end_mandate(self, mandate_id: int) -> None:
        await self._request("DELETE", f"{API}/mandates/{int(mandate_id)}")

    async def create_share_code(self, permissions: list[str]) -> ShareCode:
        return await self._send_json(ShareCode, "POST", f"{API}/mandates/share-codes", {"permissions": permissions})

    async def open_share_codes(self) -> OpenShareCodes:
        return await self._get_json(OpenShareCodes, f"{API}/mandates/share-codes")
