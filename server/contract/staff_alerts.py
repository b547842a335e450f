"""Request and response models of a staff member's daily alert digest (README, "Alerts": `PUT
/api/v1/staff/me/alerts {email, digest_time}`), and the mail at once for a supply signal (issue 21)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from .schemas import _Strict
from .alerts import EMAIL_PATTERN, ClockTime

Language = Literal["nl", "fr", "de", "en"]


class StaffAlertSettings(BaseModel):
    email: str | None
    email_verified: bool = Field(description="The digest only goes to an address verified by its 6-digit code")
    digest_time: str | None = Field(description='Belgian time "HH:MM" of the daily digest; null: no digest')
    language: Language = Field(description="The language of the digest mail")
    immediate_signals: bool = Field(
        description="A mail at once for each new supply signal of a client, besides the digest (issue 21)"
    )


class StaffAlertSettingsUpdate(_Strict):
    email: str | None = Field(max_length=254, pattern=EMAIL_PATTERN, examples=["ilse@ocmw.example.be"],
                              description="A new address gets a 6-digit code by mail; null: no mail")
    digest_time: ClockTime | None = Field(description='Belgian time "HH:MM" of the daily digest; null: no digest')
    language: Language | None = Field(None, description="The digest's language; left out: as before (at first nl)")
    immediate_signals: bool | None = Field(
        None, strict=True, description="A mail at once for each new supply signal (verified address); left out: as before (at first on)"
    )

    @model_validator(mode="after")
    def _digest_needs_an_address(self) -> StaffAlertSettingsUpdate:
        if self.digest_time is not None and not self.email:
            raise ValueError("a digest_time needs an email address")
        return self


class StaffEmailVerification(_Strict):
    code: str = Field(pattern=r"^[0-9]{6}$", description="The 6-digit code from the mail")
