"""The one path for calls made with a client's token: silent re-login, and no answers for the wrong client.

    calls = AuthedCalls(vault, api=lambda: session.api, on_login_needed=session_shows_login)
    generation = calls.begin()                       # a new client (or a new login) is on show
    me = await calls.call(profile, generation, lambda api: api.me())

On 401 the token is dropped and, if a Prepaid-code is remembered for the profile, the app logs in
again by itself once and repeats the call; otherwise ``on_login_needed(profile, auth, error)`` tells
the session to show the login screen, and the error is raised.

Every answer is checked against the *generation*: a counter that goes up each time another client is
put on show (switch, login, logout). An answer started for an older generation raises
:class:`Superseded`, so a helper never sees one client's data under another client's name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import HelperIdentity

from .profiles import ClientProfile
from .vault import TokenVault

log = logging.getLogger("budgetmeter.session")

T = TypeVar("T")
#: Where the UI goes: ``"signed_out"`` (no current client: login screen and saved profiles),
#: ``"signed_in"`` (a token, or a remembered Prepaid-code to get one), ``"login_required"`` (a saved
#: client was chosen but nothing lets us log in silently: login screen pre-filled from ``current``),
#: ``"session_expired"`` (token expired or revoked: login screen saying so).
Auth = Literal["signed_out", "signed_in", "login_required", "session_expired"]
LoginNeeded = Callable[[ClientProfile, Auth, ApiError], Any]


class Superseded(ApiError):
    """The answer came for a client that is no longer the current one; the UI ignores it."""

    code = "superseded"


class AuthedCalls:
    def __init__(
        self, vault: TokenVault, *, api: Callable[[], BudgetmeterClient], on_login_needed: LoginNeeded
    ) -> None:
        self.vault = vault
        #: Read at each call: the anonymous client can be replaced (a new API address, a test).
        self._api = api
        self._on_login_needed = on_login_needed
        self.generation = 0
        self._relogin_locks: dict[str, asyncio.Lock] = {}

    def begin(self) -> int:
        """Answers of calls started before now no longer count; returns the new generation."""
        self.generation += 1
        return self.generation

    def is_current(self, generation: int) -> bool:
        return generation == self.generation

    def check(self, generation: int) -> None:
        if generation != self.generation:
            raise Superseded()

    async def call(self, profile: ClientProfile, generation: int, fn: Callable[[BudgetmeterClient], Awaitable[T]]) -> T:
        """Run ``fn`` with ``profile``'s token; see the module docstring."""
        token = await self.vault.token_for(profile)
        relogged = False
        if token is None:
            token = await self._silent_relogin(profile, generation)
            relogged = True
            if token is None:
                self.check(generation)
                missing = errors.Unauthorized("no token")
                self._on_login_needed(profile, "login_required", missing)
                raise missing
        while True:
            try:
                result = await fn(self._api().with_token(token))
            except errors.Unauthorized as exc:
                self.check(generation)
                await self.vault.drop_token(profile, token)
                if not relogged:
                    relogged = True
                    new_token = await self._silent_relogin(profile, generation, failed_token=token)
                    if new_token is not None:
                        token = new_token
                        continue
                self.check(generation)
                expired = exc if isinstance(exc, errors.SessionExpired) else errors.SessionExpired(exc.detail)
                self._on_login_needed(profile, "session_expired", expired)
                raise expired from None
            self.check(generation)
            return result

    async def _silent_relogin(
        self, profile: ClientProfile, generation: int, failed_token: str | None = None
    ) -> str | None:
        """A new token from the remembered Prepaid-code, once; None when not possible."""
        lock = self._relogin_locks.setdefault(profile.id, asyncio.Lock())
        async with lock:
            current = self.vault.token(profile.id)
            if current is not None and current != failed_token:
                return current  # another call already logged in again
            code = await self.vault.remembered_code(profile)
            if code is None:
                return None
            helper = (
                HelperIdentity(name=profile.helper_name, organisation=profile.helper_organisation or "")
                if profile.helper_name
                else None
            )
            try:
                token = await self._api().login_prepaid(code, profile.postal_code, helper)
            except (errors.InvalidCredentials, errors.ValidationFailed):
                await self.vault.forget_code(profile.id)  # the remembered code no longer works
                return None
            self.check(generation)
            await self.vault.renew(profile, token.access_token)
            log.info("Logged in again silently for a remembered profile")
            return token.access_token

    async def revoke(self, profile: ClientProfile) -> None:
        """End the profile's session here and, best effort (also offline), on the server."""
        token = await self.vault.release(profile)
        if token:
            try:
                await self._api().with_token(token).logout()
            except ApiError as exc:
                log.info("Logout on the server failed (%s); token dropped here anyway", exc.code)
