"""Saved client profiles: a household has one, a helper keeps one per client they act for.

Stored as JSON in the :class:`~app.credentials.PreferenceStore` under ``profiles``. **No secrets**:
the Prepaid-code is kept masked (last two digits only); the secret to log in again lives in the
SecretStore under :func:`secret_key` and only when the user asked to be remembered.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from app.api.models import Balance, HelperIdentity, Me

from .inputs import mask_prepaid_code

log = logging.getLogger("budgetmeter.state")

PROFILES_KEY = "profiles"
CURRENT_KEY = "current_profile_id"

LoginKind = Literal["prepaid", "password"]


def secret_key(profile_id: str) -> str:
    """The SecretStore key of a profile's re-login secret (JSON: token and/or Prepaid-code)."""
    return f"profile:{profile_id}"


class BalanceSummary(BaseModel):
    """What a helper's client list shows without asking the server."""

    model_config = ConfigDict(extra="ignore")

    ean: str
    energy: str
    balance_cents: int
    status: str
    estimated_days_left: int | None = None

    @classmethod
    def of(cls, balance: Balance) -> BalanceSummary:
        return cls(
            ean=balance.ean,
            energy=balance.energy,
            balance_cents=balance.balance_cents,
            status=balance.status,
            estimated_days_left=balance.estimated_days_left,
        )


class ClientProfile(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    id: str
    display_name: str
    #: "•••• •••• 33": never more than the last two digits (enforced on every assignment).
    prepaid_code_masked: str
    postal_code: str
    login_kind: LoginKind
    username: str | None = None
    meter_eans: list[str] = []
    last_balances: list[BalanceSummary] = []
    last_balances_at: AwareDatetime | None = None
    helper_name: str | None = None
    helper_organisation: str | None = None
    #: The user asked to be remembered: a re-login secret is in the SecretStore.
    remember: bool = False
    last_used_at: AwareDatetime | None = None

    @field_validator("prepaid_code_masked")
    @classmethod
    def _only_last_two_digits(cls, value: str) -> str:
        return mask_prepaid_code(value)

    @classmethod
    def new_from_me(
        cls,
        me: Me,
        *,
        login_kind: LoginKind,
        username: str | None = None,
        helper_name: str | None = None,
        helper_organisation: str | None = None,
        remember: bool = False,
        now: datetime | None = None,
    ) -> ClientProfile:
        return cls(
            id=uuid.uuid4().hex,
            display_name=me.display_name,
            prepaid_code_masked=me.prepaid_code_masked,
            postal_code=me.postal_code,
            login_kind=login_kind,
            username=username,
            meter_eans=sorted(m.ean for m in me.meters),
            helper_name=helper_name,
            helper_organisation=helper_organisation,
            remember=remember,
            last_used_at=now,
        )

    @staticmethod
    def facts_of(me: Me) -> dict[str, Any]:
        """The fields a profile copies from the server's ``me`` after each login and refresh."""
        return {
            "display_name": me.display_name,
            "prepaid_code_masked": me.prepaid_code_masked,
            "postal_code": me.postal_code,
            "meter_eans": sorted(m.ean for m in me.meters),
        }

    @staticmethod
    def login_facts(
        kind: LoginKind, *, username: str | None, helper: HelperIdentity | None, remember: bool, now: datetime
    ) -> dict[str, Any]:
        """The fields a profile takes from a login: how, by whom, whether to remember it."""
        return {
            "login_kind": kind,
            "username": username,
            "helper_name": helper.name if helper else None,
            "helper_organisation": helper.organisation if helper else None,
            "remember": remember,
            "last_used_at": now,
        }

    def same_account(self, me: Me) -> bool:
        """Whether ``me`` is the account this profile was made for (its meters identify it)."""
        eans = sorted(m.ean for m in me.meters)
        if self.meter_eans and eans:
            return self.meter_eans == eans
        return (
            self.display_name == me.display_name
            and self.postal_code == me.postal_code
            and self.prepaid_code_masked == mask_prepaid_code(me.prepaid_code_masked)
        )


def profile_for_login(profiles: list[ClientProfile], me: Me, helper: HelperIdentity | None) -> ClientProfile | None:
    """The saved profile a login as ``me`` continues: the same account with the same helper, else the
    same account at all (a household that became a helper's client keeps its profile)."""
    helper_name = helper.name if helper else None
    same = [p for p in profiles if p.same_account(me)]
    return next((p for p in same if p.helper_name == helper_name), None) or next(iter(same), None)


class ProfileStore:
    """Loads and saves the list of profiles and which one is current."""

    def __init__(self, prefs) -> None:
        self.prefs = prefs
        #: How many saved entries the last load() could not read (and left out).
        self.damaged = 0

    async def load(self) -> list[ClientProfile]:
        raw = await self.prefs.get(PROFILES_KEY, [])
        items = raw if isinstance(raw, list) else [raw]
        profiles: list[ClientProfile] = []
        for item in items:
            try:
                profiles.append(ClientProfile.model_validate(item))
            except ValueError:
                continue  # a damaged entry is dropped, the others stay
        self.damaged = len(items) - len(profiles)
        if self.damaged:
            # The count only: the entries hold names and postcodes.
            log.warning("%d saved client profile(s) could not be read and are left out", self.damaged)
        return profiles

    async def save(self, profiles: list[ClientProfile]) -> None:
        await self.prefs.set(PROFILES_KEY, [p.model_dump(mode="json") for p in profiles])

    async def current_id(self) -> str | None:
        value = await self.prefs.get(CURRENT_KEY)
        return value if isinstance(value, str) else None

    async def set_current_id(self, profile_id: str | None) -> None:
        if profile_id is None:
            await self.prefs.delete(CURRENT_KEY)
        else:
            await self.prefs.set(CURRENT_KEY, profile_id)
