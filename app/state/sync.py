"""What is on show for the current client, and keeping it fresh: refresh, offline, cache.

    sync = BalanceSync(session, calls, records=DeviceRecords(prefs), clock=clock)
    sync.show(profile, me=me, auth="signed_in")        # the one way to change what is shown
    await sync.refresh(calls.generation)               # me + the balance of each meter
    await sync.keep_fresh(300, 30)                     # forever, as a task

It writes the attributes of its ``state`` (the :class:`~app.state.session.Session`, which the screens
watch); each write is an assignment, so the screens redraw by themselves (see
:mod:`app.state.observable`), and what belongs together is written in one ``changes()`` block, so a
screen never shows "offline" next to a spinner that is still turning.

When the server cannot be reached, times out, answers 5xx or garbage, the last balances stay on show
(from memory, else from the cache), ``offline`` turns True and ``cached_at`` says how old they are; a
later successful refresh clears both. ``keep_fresh`` retries every ``offline_interval`` seconds while
offline, so the app recovers by itself.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, TypeVar

import anyio

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import Balance, Me

from .authed import Auth, AuthedCalls, Superseded
from .device import DeviceRecords
from .profiles import BalanceSummary, ClientProfile

T = TypeVar("T")


class ShownState(Protocol):
    """The attributes of the session that the screens read and this module writes."""

    profiles: list[ClientProfile]
    current: ClientProfile | None
    me: Me | None
    balances: list[Balance]
    loading: bool
    last_error: ApiError | None
    offline: bool
    cached_at: datetime | None
    auth: Auth

    def changes(self) -> AbstractContextManager[None]: ...

    def update_profile(self, profile: ClientProfile, **fields: Any) -> None: ...

    async def refresh(self) -> bool: ...


class BalanceSync:
    def __init__(
        self,
        state: ShownState,
        calls: AuthedCalls,
        *,
        records: DeviceRecords,
        clock: Callable[[], datetime],
    ) -> None:
        self.state = state
        self.calls = calls
        self.cache = records.cache
        self.profile_store = records.profiles
        self.clock = clock
        #: When the balances on show were fetched (fresh or from the cache); None when none are.
        self.fetched_at: datetime | None = None
        self._last_refresh_started = time.monotonic()

    def show(
        self,
        current: ClientProfile | None,
        *,
        auth: Auth,
        me: Me | None = None,
        balances: Sequence[Balance] = (),
        fetched_at: datetime | None = None,
        from_cache: bool = False,
        loading: bool = False,
    ) -> None:
        """Put a client (or nobody) on show with everything that goes with it, in one redraw."""
        self.fetched_at = fetched_at
        state = self.state
        with state.changes():
            state.current = current
            state.me = me
            state.balances = list(balances)
            state.cached_at = fetched_at if from_cache else None
            state.offline = False
            state.last_error = None
            state.loading = loading
            state.auth = auth

    async def show_cached(self, profile: ClientProfile) -> None:
        """Make ``profile`` current and show what this device knows of it, without the server."""
        self.show(profile, **await self.cached_view(profile))

    async def cached_view(self, profile: ClientProfile) -> dict[str, Any]:
        """The arguments of :meth:`show` for what this device knows of ``profile``."""
        cached = await self.cache.get(profile.id)
        vault = self.calls.vault
        can_call = await vault.token_for(profile) is not None or await vault.remembered_code(profile) is not None
        return {
            "auth": "signed_in" if can_call else "login_required",
            "me": cached.me if cached else None,
            "balances": cached.balances if cached else (),
            "fetched_at": cached.fetched_at if cached else None,
            "from_cache": True,
        }

    async def refresh(self, generation: int, me: Me | None = None, *, persist: bool = True) -> bool:
        """Who is logged in and the balance of each meter; False (and ``last_error``) on failure."""
        state = self.state
        profile = state.current
        if profile is None or not self.calls.is_current(generation):
            return False
        self._last_refresh_started = time.monotonic()
        state.loading = True
        try:
            if me is None:
                me = await self.calls.call(profile, generation, lambda api: api.me())
            # All meters at once: each balance is its own round trip.
            balances = list(
                await asyncio.gather(
                    *(
                        self.calls.call(profile, generation, lambda api, ean=meter.ean: api.balance(ean))
                        for meter in me.meters
                    )
                )
            )
        except (Superseded, errors.Unauthorized):
            return False  # Superseded: another client is on show; Unauthorized: calls set auth
        except ApiError as exc:
            if self.calls.is_current(generation):
                await self.go_offline(profile, exc) if exc.offline else self._failed(exc)
            return False

        now = self.clock()
        with state.changes():
            state.update_profile(
                profile,
                **ClientProfile.facts_of(me),
                last_balances=[BalanceSummary.of(b) for b in balances],
                last_balances_at=now,
            )
            self.show(profile, auth="signed_in", me=me, balances=balances, fetched_at=now)
        if persist:  # drawn first, then a copy kept for offline use
            await self.cache.put(profile.id, balances, now, me)
            await self.profile_store.save(state.profiles)
        return True

    async def keep_copy(self, profile: ClientProfile) -> None:
        """What is on show for ``profile`` into the cache, for offline use and the next start."""
        state = self.state
        if state.balances and state.current is profile and state.me is not None and self.fetched_at:
            await self.cache.put(profile.id, state.balances, self.fetched_at, state.me)

    def _failed(self, error: ApiError) -> None:
        with self.state.changes():
            self.state.loading = False
            self.state.last_error = error

    async def go_offline(self, profile: ClientProfile, error: ApiError) -> None:
        """Keep what is on show (or bring back the cache) and say how old it is."""
        state = self.state
        showing = bool(state.balances) and self.fetched_at is not None
        cached = None if showing else await self.cache.get(profile.id)
        with state.changes():
            state.offline = True
            if showing:
                state.cached_at = self.fetched_at
            elif cached is not None:
                self.fetched_at = cached.fetched_at
                state.balances = list(cached.balances)
                state.me = state.me or cached.me
                state.cached_at = cached.fetched_at
            self._failed(error)

    async def keep_fresh(self, interval: float, offline_interval: float) -> None:
        """Refresh forever (run as a task; cancel it to stop): every ``interval`` seconds, or every
        ``offline_interval`` while offline so that the app recovers by itself."""
        # Short ticks rather than one long sleep: going offline mid-wait must shorten the wait at
        # once, or a server that comes back would only be noticed after the long interval.
        tick = max(0.01, min(1.0, offline_interval / 2))
        state = self.state
        while True:
            await anyio.sleep(tick)
            wait = offline_interval if state.offline else interval
            if time.monotonic() - self._last_refresh_started < wait:
                continue
            if state.current is not None and state.auth == "signed_in" and not state.loading:
                await state.refresh()
            else:
                self._last_refresh_started = time.monotonic()

    async def screen_call(self, fn: Callable[[BudgetmeterClient], Awaitable[T]]) -> T:
        """A call for one screen (top-ups, tariff...): the data or ApiError; keeps ``offline`` true."""
        state = self.state
        profile = state.current
        if profile is None:
            raise errors.Unauthorized("no client")
        generation = self.calls.generation
        try:
            result = await self.calls.call(profile, generation, fn)
        except Superseded:
            raise
        except ApiError as exc:
            if self.calls.is_current(generation) and exc.offline:
                state.offline = True
            raise
        state.offline = False
        return result
