"""The app's session, without Flet: who is logged in, for which client, with which data.

    session = Session(BudgetmeterClient(url), secrets=await choose_secret_store([...]),
                      prefs=JsonFilePreferenceStore(), device_locale="nl_BE")
    unsubscribe = session.subscribe(lambda s: page.update())
    await session.load()              # saved profiles + cached balances, no network
    await session.refresh()           # me + balances of all meters of the current client
    ok = await session.login_prepaid("1111 2222 33", "9000", remember=True)

The front the screens talk to. The work is done by parts each readable and tested alone:
:class:`~app.state.vault.TokenVault` (tokens, codes, the secret store and its fallback),
:class:`~app.state.authed.AuthedCalls` (calls with a token, silent re-login, :class:`Superseded`),
:class:`~app.state.sync.BalanceSync` (what is on show, refresh, offline, cache). The screens read plain
attributes; assigning one redraws them (:mod:`app.state.observable`).

State actions (``load``, ``login_*``, ``logout``, ``switch_client``, ``remove_client``, ``refresh``,
``set_language``) never raise :class:`ApiError`: they set ``last_error`` and return False.
Data calls for one screen (``topups``, ``payment_instructions``, ``tariff``, ``access_log``,
``submit_topup``) return the data or raise ApiError (and still update ``auth``/``offline``).

``auth`` tells the UI where to go (see :data:`app.state.authed.Auth`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import AccessLog, Balance, HelperIdentity, Me, PaymentInstructions, PendingTopup, Tariff
from app.api.models import TokenResponse, TopupPage
from app.credentials import MemoryPreferenceStore, PreferenceStore, SecretStore

from .authed import Auth, AuthedCalls, Superseded
from .device import DeviceRecords
from .inputs import normalise_helper, normalise_postcode, normalise_prepaid_code
from .language import choose_language, save_language_choice
from .observable import Observable
from .payments import PendingTopupDraft
from .profiles import ClientProfile, LoginKind, profile_for_login
from .sync import BalanceSync
from .vault import TokenVault

log = logging.getLogger("budgetmeter.session")

__all__ = ["Auth", "Session", "Superseded"]


HelperLike = HelperIdentity | Mapping[str, str] | None


class Session(Observable):
    def __init__(
        self,
        api: BudgetmeterClient,
        *,
        secrets: SecretStore | None = None,
        prefs: PreferenceStore | None = None,
        device_locale: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        super().__init__()
        #: The anonymous client (public calls: top-up points, eligibility, health).
        self.api = api
        self.clock = clock
        self.use_device(secrets=secrets, prefs=prefs or MemoryPreferenceStore(), device_locale=device_locale)
        # Bookkeeping that runs after the user already sees their balances (see _after_login).
        self._bookkeeping: asyncio.Task | None = None

        # --- state the screens read (assigning redraws them) -------------------------------------
        self.profiles: list[ClientProfile] = []
        self.current: ClientProfile | None = None
        self.me: Me | None = None
        self.balances: list[Balance] = []
        self.loading: bool = False
        self.last_error: ApiError | None = None
        self.offline: bool = False
        #: When the balances on show were fetched, when they may be stale (offline, or from the cache
        #: before a refresh); None when they are fresh.
        self.cached_at: datetime | None = None
        self.auth: Auth = "signed_out"
        self.language_choice: str | None = None
        #: The helper identity used last (pre-fills the helper login form); not secret.
        self.helper_identity: HelperIdentity | None = None
        #: The secret store failed while in use and the session fell back to memory.
        self.secret_store_failed: bool = False
        #: None, or why saved data may be missing: "preferences_unreadable", "saved_clients_damaged".
        self.storage_problem: str | None = None

    def use_device(self, *, secrets: SecretStore | None, prefs: PreferenceStore, device_locale: str | None) -> None:
        """This device's stores and locale. A UI knows them only once its page is up (a browser's
        storage, a phone's keychain), so it can make the session first and call this before
        :meth:`load`: the one session object stays, and so do its subscribers."""
        if self.__dict__.get("current") is not None or self.__dict__.get("profiles"):
            raise RuntimeError("use_device() comes before load()")
        self.device_locale = device_locale
        self.records = DeviceRecords(prefs, on_problem=lambda code: setattr(self, "storage_problem", code))
        self.prefs = self.records.prefs  # the UI's own reads (theme...) are watched too
        self.vault = TokenVault(secrets, on_fallback=lambda: setattr(self, "secret_store_failed", True))
        self._calls = AuthedCalls(self.vault, api=lambda: self.api, on_login_needed=self._login_needed)
        self._sync = BalanceSync(self, self._calls, records=self.records, clock=self.clock)

    # --- derived state ----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return choose_language(self.device_locale, self.me.language if self.me else None, self.language_choice)

    @property
    def secrets_persistent(self) -> bool:
        """False: a remembered login only lasts until the app stops ("kept in memory only")."""
        return self.vault.persistent

    @property
    def is_helper(self) -> bool:
        return bool(self.current and self.current.helper_name)

    def profile(self, profile_id: str) -> ClientProfile | None:
        return next((p for p in self.profiles if p.id == profile_id), None)

    def update_profile(self, profile: ClientProfile, **fields: Any) -> None:
        """The one way to change a saved client: its fields, then ``profiles`` assigned anew (a
        redraw). The object stays the same, so calls under way see the change."""
        for name, value in fields.items():
            setattr(profile, name, value)
        known = any(p is profile for p in self.profiles)
        self.profiles = [*self.profiles] if known else [*self.profiles, profile]

    def _login_needed(self, profile: ClientProfile, auth: Auth, error: ApiError) -> None:
        if self.current is not None and self.current.id == profile.id:
            with self.changes():
                self.auth, self.last_error, self.loading = auth, error, False

    # --- loading -----------------------------------------------------------------------------------

    async def load(self) -> None:
        """Saved profiles, the current one with its cached balances, the language choice. No network:
        call :meth:`refresh` next."""
        remembered = await self.records.load()
        profile = next((p for p in remembered.profiles if p.id == remembered.current_id), None)
        view = await self._sync.cached_view(profile) if profile else {"auth": "signed_out"}
        with self.changes():  # one redraw
            self.profiles = remembered.profiles
            self.language_choice = remembered.language_choice
            self.helper_identity = remembered.helper
            self._sync.show(profile, **view)

    # --- logging in and out ------------------------------------------------------------------------

    async def login_prepaid(
        self, prepaid_code: str, postal_code: str, remember: bool = False, helper: HelperLike = None
    ) -> bool:
        """Prepaid-basic login (a household, or a helper with the client's code). With ``remember``
        the Prepaid-code and token go in the SecretStore so the app can log in again by itself."""
        try:
            code = normalise_prepaid_code(prepaid_code)
            postcode = normalise_postcode(postal_code)
            helper_id = normalise_helper(helper)
        except errors.ValidationFailed as exc:
            self.last_error = exc
            return False
        send = lambda: self.api.login_prepaid(code, postcode, helper_id)  # noqa: E731
        return await self._login("prepaid", send, remember=remember, helper=helper_id, code=code)

    async def login_password(
        self, username: str, password: str, remember: bool = False, helper: HelperLike = None
    ) -> bool:
        """Full login. The password is never stored; with ``remember`` only the token is."""
        username = username.strip()
        try:
            helper_id = normalise_helper(helper)
            if not username:
                raise errors.ValidationFailed("username", field="username", reason="format")
            if not password:
                raise errors.ValidationFailed("password", field="password", reason="format")
        except errors.ValidationFailed as exc:
            self.last_error = exc
            return False
        send = lambda: self.api.login_password(username, password, helper_id)  # noqa: E731
        return await self._login("password", send, remember=remember, helper=helper_id, username=username)

    async def _login(
        self,
        kind: LoginKind,
        send: Callable[[], Awaitable[TokenResponse]],
        *,
        remember: bool,
        helper: HelperIdentity | None,
        code: str | None = None,
        username: str | None = None,
    ) -> bool:
        generation = self._calls.begin()
        with self.changes():
            self.loading, self.last_error = True, None
        try:
            token = await send()
            me = await self.api.with_token(token.access_token).me()
        except ApiError as exc:
            if self._calls.is_current(generation):
                with self.changes():
                    self.loading, self.last_error = False, exc
            return False
        if not self._calls.is_current(generation):
            return False

        now = self.clock()
        profile = profile_for_login(self.profiles, me, helper) or ClientProfile.new_from_me(me, login_kind=kind)
        self.vault.keep(profile.id, token.access_token, code=code)
        login = ClientProfile.login_facts(kind, username=username, helper=helper, remember=remember, now=now)
        with self.changes():
            self.update_profile(profile, **ClientProfile.facts_of(me), **login)
            if helper is not None:
                self.helper_identity = helper
            self._sync.show(profile, auth="signed_in", me=me, loading=True)
        # Balances first, bookkeeping after: on a phone or in a browser every store call is a round
        # trip to the device, and the user is waiting for the numbers, not for those.
        await self.settled()
        await self._sync.refresh(generation, me=me, persist=False)
        self._bookkeeping = asyncio.get_running_loop().create_task(self._after_login(profile, helper))
        return True

    async def _after_login(self, profile: ClientProfile, helper: HelperIdentity | None) -> None:
        try:
            await self.vault.remember(profile) if profile.remember else await self.vault.erase(profile.id)
            await self.records.save_login(self.profiles, profile, helper)
            await self._sync.keep_copy(profile)
        except Exception:  # a device store that fails must not take the session down
            log.exception("Saving the login on this device failed")

    async def settled(self) -> None:
        """Waits for bookkeeping still running after a login (tests, logout, switching)."""
        task, self._bookkeeping = self._bookkeeping, None
        if task is not None and not task.done():
            await asyncio.shield(task)

    async def set_remember(self, remember: bool, profile_id: str | None = None) -> None:
        """Turn "remember me" on or off for a client (default: the current one). On: its token, and
        for a Prepaid-code login the code typed in this run, go in the SecretStore. Off: its secrets
        are deleted from this device (the session in this run goes on)."""
        await self.settled()
        profile = self.profile(profile_id) if profile_id else self.current
        if profile is None:
            return
        self.update_profile(profile, remember=remember)
        await self.vault.remember(profile) if remember else await self.vault.erase(profile.id)
        await self.records.profiles.save(self.profiles)

    async def logout(self, forget: bool = False) -> None:
        """End the current client's session: revoke the token (best effort, also offline) and drop
        it. The profile stays in the list (a remembered Prepaid-code too, so a helper can come back to
        this client) unless ``forget``, which removes the profile, its cache and its secrets."""
        await self.settled()
        profile = self.current
        if profile is None:
            return
        self._calls.begin()
        await self._calls.revoke(profile)
        if forget:
            await self._forget(profile)
        await self.records.profiles.set_current_id(None)
        self._sync.show(None, auth="signed_out")

    async def _forget(self, profile: ClientProfile) -> None:
        await self.vault.forget(profile.id)
        self.profiles = [p for p in self.profiles if p.id != profile.id]
        await self.records.forget(profile.id, self.profiles)

    async def remove_client(self, profile_id: str) -> None:
        """Remove a saved client from this device: revoke its token, delete its secrets and cache."""
        await self.settled()
        profile = self.profile(profile_id)
        if profile is None:
            return
        if self.current is not None and self.current.id == profile_id:
            await self.logout(forget=True)
            return
        await self._calls.revoke(profile)
        await self._forget(profile)

    async def switch_client(self, profile_id: str) -> bool:
        """Make another saved client current: show their cached data at once, then refresh with
        their own token (or log in silently with their remembered code). False and
        ``auth == "login_required"`` when a login is needed."""
        await self.settled()
        profile = self.profile(profile_id)
        if profile is None:
            self.last_error = errors.NotFound("profile")
            return False
        self._calls.begin()
        await self._sync.show_cached(profile)
        await self.records.profiles.set_current_id(profile.id)
        if self.auth == "login_required":
            return False
        return await self.refresh()

    # --- refreshing --------------------------------------------------------------------------------

    async def refresh(self) -> bool:
        """Who is logged in and the balance of each meter, for the current client."""
        await self.settled()
        if self.current is None:
            return False
        return await self._sync.refresh(self._calls.generation)

    async def keep_fresh(self, interval: float = 300, offline_interval: float = 30) -> None:
        """Refresh forever (run as a task; cancel it to stop); see :meth:`BalanceSync.keep_fresh`."""
        await self._sync.keep_fresh(interval, offline_interval)

    # --- data for one screen -----------------------------------------------------------------------

    async def topups(self, ean: str, cursor: str | None = None, limit: int = 20) -> TopupPage:
        return await self._sync.screen_call(lambda api: api.topups(ean, cursor=cursor, limit=limit))

    async def payment_instructions(self, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._sync.screen_call(lambda api: api.payment_instructions(ean, amount_cents))

    async def tariff(self) -> Tariff:
        return await self._sync.screen_call(lambda api: api.tariff())

    async def access_log(self) -> AccessLog:
        return await self._sync.screen_call(lambda api: api.access_log())

    async def screen_call(self, call: Callable[[BudgetmeterClient], Awaitable[Any]]) -> Any:
        """Any other call for one screen with the current client's token (mandates, share codes), with
        the same handling of an expired session and of being offline."""
        return await self._sync.screen_call(call)

    def new_topup_draft(self, ean: str, amount_cents: int) -> PendingTopupDraft:
        """One intention to prepare ``amount_cents`` on ``ean`` for the current client; keep the draft
        while the user retries, make a new one for a new amount."""
        return PendingTopupDraft(ean, amount_cents, profile_id=self.current.id if self.current else None)

    async def submit_topup(self, draft: PendingTopupDraft) -> PendingTopup:
        if self.current is None or draft.profile_id != self.current.id:
            raise Superseded("draft of another client")
        return await self._sync.screen_call(draft.submit)

    # --- language ----------------------------------------------------------------------------------

    async def set_language(self, language: str | None) -> None:
        """The user's explicit choice (kept); None goes back to the account's or device's language."""
        await save_language_choice(self.prefs, language)
        self.language_choice = language
