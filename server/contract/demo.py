"""Answers of the demo's own routes (server.api.routes.demo_mailbox)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DemoMail(BaseModel):
    to_address: str
    subject: str
    text: str = Field(description="The mail's plain-text body, as it would have been sent")
    created_at: datetime


class DemoMailbox(BaseModel):
    mails: list[DemoMail] = Field(description="Newest first, at most 50")
