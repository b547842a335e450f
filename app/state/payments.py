"""Paying a top-up by transfer and preparing it ("klaarzetten") exactly once.

:class:`TopupForm` is what the household's Top up screen and a client's file (opened by staff from the
caseload) share: the meter chosen, the amount as typed and its cents, how to pay it by transfer, and
the prepared amount, each step with its own error (seed 000, Vraag 10: "Hierbij zijn dus steeds twee
handelingen nodig ...: betalen + klaarzetten"). The two screens differ only in the calls they give it.

A :class:`PendingTopupDraft` stands for one intention: one meter, one amount. It makes one
Idempotency-Key (uuid4) and keeps it across retries and double taps until the server answered with a
result; after that, submitting again returns that result without a request. Changing the amount or
the meter is a new intention: :meth:`for_new_intention` gives a new draft with a new key; preparing
the same amount once more on purpose is :meth:`again`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence

from app.api.client import BudgetmeterClient
from app.api.errors import ApiError, ValidationFailed
from app.api.models import PaymentInstructions, PendingTopup

from .inputs import MAX_TOPUP_CENTS, MIN_TOPUP_CENTS, parse_amount_cents
from .observable import Observable

#: The amount a screen opens with, as typed (euro).
DEFAULT_AMOUNT_TEXT = "20"

InstructionsCall = Callable[[str, "int | None"], Awaitable[PaymentInstructions]]
PrepareCall = Callable[[str, int], Awaitable[PendingTopup]]


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


class TopupForm(Observable):
    """One screen's top-up: ``offer`` the meters, ``choose_meter`` and ``type_amount`` as the user does,
    then ``load_instructions`` (the view runs it whenever the meter or the amount in cents changed) and
    ``prepare``. Actions never raise :class:`ApiError`: each step keeps its own error."""

    def __init__(self, instructions: InstructionsCall, prepare: PrepareCall, *, amount_text: str = DEFAULT_AMOUNT_TEXT) -> None:
        super().__init__()
        self._instructions_call = instructions
        self._prepare_call = prepare
        self._generation = 0
        self.eans: tuple[str, ...] = ()
        self.ean = ""
        self.amount_text = ""
        self.amount_cents: int | None = None
        #: Why the typed amount cannot be paid (a ValidationFailed with field "amount"), or None.
        self.amount_problem: ApiError | None = None
        self.instructions: PaymentInstructions | None = None
        self.instructions_error: ApiError | None = None
        self.prepared: PendingTopup | None = None
        self.preparing = False
        self.prepare_error: ApiError | None = None
        #: Per meter, the smallest top-up back to full supply (the server's topup_needed_cents; 0 or
        #: absent while it supplies), and the amount the screen opens with otherwise.
        self.needed: dict[str, int] = {}
        self._default_text = amount_text
        #: Whether the user chose the amount (typed or tapped): then no meter's need replaces it.
        self._chosen = False
        self._set_amount(amount_text)

    def __repr__(self) -> str:
        return f"TopupForm(ean={self.ean!r}, amount_cents={self.amount_cents}, prepared={self.prepared is not None})"

    def offer(self, eans: Sequence[str], preferred: str | None = None, needed: Mapping[str, int] | None = None) -> None:
        """The meters to choose from; the chosen one stays while offered, else ``preferred`` (a
        meter's own Top up button), else the first. ``needed``: each meter's top-up needed back to
        full supply, which the amount opens at until the user chooses one (issue 20)."""
        self.needed = dict(needed or {})
        self.eans = tuple(eans)
        if preferred in self.eans:
            self.choose_meter(preferred)
        elif self.ean not in self.eans:
            self.choose_meter(self.eans[0] if self.eans else "")

    def choose_meter(self, ean: str) -> None:
        if ean != self.ean:
            self.ean = ean
            self._new_intention()
        if not self._chosen:
            # Off supplying, "Laad minstens € 28,20 op om weer volledig stroom te hebben": the amount
            # opens there; a meter that supplies opens at the usual amount.
            cents = min(max(self.needed.get(ean, 0), MIN_TOPUP_CENTS), MAX_TOPUP_CENTS) if self.needed.get(ean) else 0
            self._set_amount(f"{cents // 100},{cents % 100:02d}" if cents else self._default_text)

    def type_amount(self, text: str) -> None:
        """The user's amount (typed, or a quick amount tapped)."""
        self._chosen = True
        self._set_amount(text)

    def _set_amount(self, text: str) -> None:
        self.amount_text = text
        try:
            cents, problem = parse_amount_cents(text), None
        except ApiError as exc:
            cents, problem = None, exc
        if cents != self.amount_cents:
            self._new_intention()
        self.amount_cents, self.amount_problem = cents, problem

    def _new_intention(self) -> None:
        """Another meter or amount: what was prepared belongs to the one before."""
        self.prepared, self.prepare_error = None, None

    async def load_instructions(self) -> bool:
        """IBAN, beneficiary, reference and QR payload for the chosen meter and amount (no amount
        while the typed one cannot be used). An answer for a meter or amount since changed is dropped."""
        if not self.ean:
            return False
        self._generation += 1
        generation, ean, cents = self._generation, self.ean, self.amount_cents
        try:
            instructions = await self._instructions_call(ean, cents)
        except ApiError as exc:
            if generation == self._generation:
                self.instructions_error = exc
            return False
        if generation != self._generation:
            return False
        with self.changes():
            self.instructions, self.instructions_error = instructions, None
        return True

    async def prepare(self) -> bool:
        """Prepare the typed amount on the chosen meter; a tap while one runs is ignored (the call's
        Idempotency-Key, kept by the screen's caller, makes a retry after a lost answer safe)."""
        if self.preparing or not self.ean or self.amount_cents is None:
            return False
        ean, cents = self.ean, self.amount_cents
        with self.changes():
            self.preparing, self.prepare_error, self.prepared = True, None, None
        try:
            prepared = await self._prepare_call(ean, cents)
        except ApiError as exc:
            with self.changes():
                self.preparing, self.prepare_error = False, exc
            return False
        with self.changes():
            # Shown even when the amount changed meanwhile: the note names the amount it prepared.
            self.preparing, self.prepared = False, prepared
        return True
