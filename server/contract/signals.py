"""Answers and bodies of the staff's supply signals (issue 21, "Supply signals")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .schemas import Energy

SignalKind = Literal["off_supply", "limited_supply_long", "emergency_credit_long", "heating_dropped"]
SignalStatus = Literal["open", "acknowledged", "resolved"]


class Signal(BaseModel):
    signal_id: int
    client_id: int
    display_name: str
    kind: SignalKind
    ean: str
    energy: Energy
    since: datetime = Field(description="When the state the signal is about began")
    status: SignalStatus
    acknowledged_by: str | None = Field(default=None, description="The staff member who followed up last, as the server knows them")
    note: str | None = None


class SignalPage(BaseModel):
    items: list[Signal]
    next_cursor: str | None


class SignalFollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=500)


class CaseloadSignal(BaseModel):
    signal_id: int
    kind: SignalKind
    ean: str
    energy: Energy
    since: datetime
    status: SignalStatus
