"""The household's side of mandates, without Flet: who can see my account, stop their access, and a
share code to give a helper access.

seed 000, Vraag 8: households now hand their log-in details to their OCMW ("We krijgen nu van veel
klanten ... hun inloggegevens"). A mandate instead is visible (organisation, since when, who looked
last) and ends with one tap.
"""

from __future__ import annotations


from app.api.errors import ApiError
from app.api.models import AccessLogEntry
from app.api.client import BudgetmeterClient
from app.api.staff_models import Mandate, ShareCode

from .household_calls import HouseholdCalls
from .session import Session

class AccountAccess(HouseholdCalls):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self.mandates: list[Mandate] = []
        #: Visits by helpers and staff (the access log without the household's own log-ins).
        self.visits: list[AccessLogEntry] = []
        self.share_code: ShareCode | None = None
        self.loading = False
        self.error: ApiError | None = None

    async def load(self) -> bool:
        async def all_three(api: BudgetmeterClient) -> tuple[list[Mandate], list[AccessLogEntry], set[str]]:
            open_ids = {c.id for c in (await api.open_share_codes()).share_codes}
            return await api.mandates(), list((await api.access_log()).items), open_ids

        # A code made while this load was under way is not in the list read before it: only the code shown
        # when the load began is judged.
        judged = self.share_code
        answer = await self._call(all_three)
        if answer is None:
            return False
        mandates, log, open_ids = answer
        with self.changes():
            self.mandates = mandates
            self.visits = [e for e in log if e.actor != "client"]
            # The code on show stays until the server no longer lists it as open: a helper redeemed it, or
            # it expired. Not guessed from the mandates: staff may add the household by Prepaid-code while
            # the code still waits, and an organisation that already has access may redeem it.
            if judged is not None and self.share_code is judged and judged.id not in open_ids:
                self.share_code = None
        return True

    async def stop(self, mandate_id: int) -> bool:
        """Ends the organisation's access at once (the caller asked for a confirmation first)."""
        async def end(api: BudgetmeterClient) -> bool:
            await api.end_mandate(mandate_id)
            return True

        if await self._call(end) is None:
            return False
        return await self.load()

    async def make_share_code(self, *, allow_prepare: bool) -> bool:
        permissions = ["view", "prepare_topups"] if allow_prepare else ["view"]
        code = await self._call(lambda api: api.create_share_code(permissions))
        if code is None:
            return False
        self.share_code = code
        return True
