"""Preparing a top-up ("klaarzetten") exactly once.

A :class:`PendingTopupDraft` stands for one intention: one meter, one amount. It makes one
Idempotency-Key (uuid4) and keeps it across retries and double taps until the server answered with a
result; after that, submitting again returns that result without a request. Changing the amount or
the meter is a new intention: :meth:`for_new_intention` gives a new draft with a new key; preparing
the same amount once more on purpose is :meth:`again`.
"""

from __future__ import annotations

import asyncio
import uuid

from app.api.client import BudgetmeterClient
from app.api.models import PendingTopup

from .inputs import MAX_TOPUP_CENTS, MIN_TOPUP_CENTS
from app.api.errors import ValidationFailed


class PendingTopupDraft:
    def __init__(self, ean: str, amount_cents: int, *, profile_id: str | None = None) -> None:
        if not MIN_TOPUP_CENTS <= amount_cents <= MAX_TOPUP_CENTS:
            raise ValidationFailed(
                "amount", field="amount", reason="too_small" if amount_cents < MIN_TOPUP_CENTS else "too_large"
            )
        self.ean = ean
        self.amount_cents = amount_cents
        self.profile_id = profile_id
        self.idempotency_key = str(uuid.uuid4())
        self.result: PendingTopup | None = None
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"PendingTopupDraft(ean={self.ean!r}, amount_cents={self.amount_cents}, done={self.done})"

    @property
    def done(self) -> bool:
        return self.result is not None

    def for_new_intention(self, *, ean: str | None = None, amount_cents: int | None = None) -> PendingTopupDraft:
        """This same draft (same key) when the meter and amount did not change, also when it is done:
        a tap that arrives after the success must not prepare the amount again. A new draft (new key)
        when they changed."""
        ean = self.ean if ean is None else ean
        amount = self.amount_cents if amount_cents is None else amount_cents
        if ean == self.ean and amount == self.amount_cents:
            return self
        return PendingTopupDraft(ean, amount, profile_id=self.profile_id)

    def again(self) -> PendingTopupDraft:
        """A new intention for the same meter and amount (the user explicitly asks to prepare another
        one after seeing this one succeed): a new key."""
        return PendingTopupDraft(self.ean, self.amount_cents, profile_id=self.profile_id)

    async def submit(self, api: BudgetmeterClient) -> PendingTopup:
        """Send with this draft's key. Concurrent calls (a double tap) wait for the first one; once it
        succeeded every call returns the same result. On failure the key is kept for the retry."""
        async with self._lock:
            if self.result is None:
                self.result = await api.create_pending_topup(self.ean, self.amount_cents, self.idempotency_key)
            return self.result
