"""The calls without a session: logging in (households and staff), the social tariff check, top-up
points and places, the winter period, the server's health and the demo's mailbox.

A log-in returns the token and does not store it: the caller decides which client it belongs to
(:meth:`Transport.with_token`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from .models import (
    DemoMailbox,
    EligibilityAnswer,
    Health,
    HelperIdentity,
    Place,
    TokenResponse,
    TopupPoint,
    TopupPointDetail,
)
from .staff_models import StaffToken
from .transport import API, Transport
from .winter_models import WinterPeriod


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _helper_json(helper: HelperIdentity | Mapping[str, str] | None) -> dict[str, str] | None:
    if helper is None:
        return None
    if isinstance(helper, HelperIdentity):
        return {"name": helper.name, "organisation": helper.organisation}
    return {"name": str(helper["name"]), "organisation": str(helper["organisation"])}


class PublicCalls(Transport):
    # --- logging in -----------------------------------------------------------------------------

    async def login_prepaid(
        self,
        prepaid_code: str,
        postal_code: str,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> TokenResponse:
        body: dict[str, Any] = {"prepaid_code": prepaid_code, "postal_code": postal_code}
        if helper is not None:
            body["helper"] = _helper_json(helper)
        return await self._send_json(TokenResponse, "POST", f"{API}/auth/prepaid", body, auth=False)

    async def login_password(
        self,
        username: str,
        password: str,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> TokenResponse:
        body: dict[str, Any] = {"username": username, "password": password}
        if helper is not None:
            body["helper"] = _helper_json(helper)
        return await self._send_json(TokenResponse, "POST", f"{API}/auth/login", body, auth=False)

    async def login_staff(self, username: str, password: str, totp: str | None) -> StaffToken:
        """A staff member's log-in: with the authenticator's code, or without it after an initial
        password (the token's scope is then ``staff_setup``)."""
        body: dict[str, Any] = {"username": username, "password": password}
        if totp:
            body["totp"] = totp
        return await self._send_json(StaffToken, "POST", f"{API}/auth/staff", body, auth=False)

    # --- social tariff --------------------------------------------------------------------------

    async def eligibility(self, **answers: Any) -> EligibilityAnswer:
        """``benefit``, ``decision_date``, ``energy``, ``connection``, optional ``supplier_informed_on``
        (dates as ``date`` or ISO strings). A POST, so it is sent once, like every POST but the
        pending top-up."""
        body = {k: v for k, v in _jsonable(answers).items() if v is not None}
        return await self._send_json(EligibilityAnswer, "POST", f"{API}/social-tariff/eligibility", body, auth=False)

    # --- top-up points --------------------------------------------------------------------------

    async def topup_points(
        self,
        postal_code: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        at: datetime | None = None,
        open_only: bool = False,
        limit: int = 20,
        lang: str | None = None,
    ) -> list[TopupPoint]:
        """``lang`` names the public holiday (``public_holiday``) in nl/fr/de/en (server default nl)."""
        params: dict[str, Any] = {
            "postal_code": postal_code,
            "lat": lat,
            "lon": lon,
            "at": at.isoformat() if at is not None else None,
            "limit": limit,
            "lang": lang,
        }
        if open_only:
            params["open"] = "true"
        return await self._get_json(list[TopupPoint], f"{API}/topup-points", params=params, auth=False)

    async def topup_point(self, point_id: str, at: datetime | None = None, lang: str = "nl") -> TopupPointDetail:
        """One point: its week of opening hours (of the week holding ``at``, default now), holiday rule and
        directions links. Unknown id: :class:`~app.api.errors.NotFound`."""
        params = {"at": at.isoformat() if at is not None else None, "lang": lang}
        return await self._get_json(
            TopupPointDetail, f"{API}/topup-points/{quote(point_id, safe='')}", params=params, auth=False
        )

    async def places(self, q: str, lang: str | None = None) -> list[Place]:
        """Postcodes matching a postcode (prefix) or a municipality name, best first, at most 10."""
        return await self._get_json(list[Place], f"{API}/places", params={"q": q, "lang": lang}, auth=False)

    # --- the winter period (the server owns the rule, seed 001) ------------------------------------

    async def winter_period(self, on: date) -> WinterPeriod:
        """The winter period on ``on`` (or the next one), both days inclusive."""
        return await self._get_json(WinterPeriod, f"{API}/winter-period", params={"on": on.isoformat()}, auth=False)

    # --- the server -----------------------------------------------------------------------------

    async def health(self) -> Health:
        """Also says where the server's mail goes (``mail``: smtp, demo_mailbox or off; issue 20)."""
        return await self._get_json(Health, "/healthz", auth=False)

    async def demo_mailbox(self) -> DemoMailbox:
        """The demo's mail, newest first; :class:`app.api.errors.NotFound` on a server that is not a demo."""
        return await self._get_json(DemoMailbox, "/demo/mailbox", auth=False)
