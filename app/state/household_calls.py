"""A household screen's calls through its session: one `loading` and `error` per screen state, the
session's own handling of an expired log-in (Session.screen_call). Shared by the screens' state objects
(account access, winter support); the staff screens have theirs in caseload._StaffCalls."""

from __future__ import annotations

from typing import Any

from app.api.errors import ApiError

from .observable import Observable


class HouseholdCalls(Observable):
    """Subclasses set `_session`, `loading` and `error` in their __init__."""

    async def _call(self, call) -> Any:
        with self.changes():
            self.loading, self.error = True, None
        try:
            result = await self._session.screen_call(call)
        except ApiError as exc:
            with self.changes():
                self.loading, self.error = False, exc
            return None
        self.loading = False
        return result
