"""The app's session logic, without Flet: who is logged in, for which client, with which data.

    session = Session(BudgetmeterClient(url), secrets=await choose_secret_store([...]),
                      prefs=JsonFilePreferenceStore(), device_locale="nl_BE")
    unsubscribe = session.subscribe(lambda s: page.update())
    await session.load()              # saved profiles + cached balances, no network
    await session.refresh()           # me + balances of all meters of the current client
    ok = await session.login_prepaid("1111 2222 33", "9000", remember=True)

State actions (``load``, ``login_*``, ``logout``, ``switch_client``, ``remove_client``, ``refresh``,
``set_language``) never raise :class:`ApiError`: they set ``last_error`` and return False.
Data calls for one screen (``topups``, ``payment_instructions``, ``tariff``, ``access_log``,
``submit_topup``) return the data or raise ApiError (and still update ``auth``/``offline``).

``auth`` tells the UI where to go:

* ``"signed_out"``: no current client: show the login screen (and the saved profiles, if any);
* ``"signed_in"``: the current client has a token;
* ``"login_required"``: a saved client was chosen but nothing lets us log in silently: show the login
  screen pre-filled from ``current`` (postcode, masked code, helper);
* ``"session_expired"``: the token expired or was revoked: login screen with "session expired".

Each client's token is kept apart (one per profile) and every request goes out with the token of the
profile it was started for; results that arrive after a switch to another client are dropped
(:class:`Superseded`), so two clients' data never mix.

When the server cannot be reached, times out, answers 5xx or garbage, the session keeps the last
balances (from memory or the cache), sets ``offline=True`` and ``cached_at``; a later successful
``refresh()`` (``keep_fresh()`` runs it periodically) clears it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar

import anyio

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import (
    AccessLog,
    Balance,
    HelperIdentity,
    Me,
    PaymentInstructions,
    PendingTopup,
    Tariff,
    TokenResponse,
    TopupPage,
)
from app.credentials import MemorySecretStore, PreferenceStore, SecretStore

from .cache import BalanceCache
from .inputs import normalise_postcode, normalise_prepaid_code
from .language import choose_language, load_language_choice, save_language_choice
from .observable import Observable
from .payments import PendingTopupDraft
from .profiles import BalanceSummary, ClientProfile, LoginKind, ProfileStore, secret_key

log = logging.getLogger("budgetmeter.session")

T = TypeVar("T")
Auth = Literal["signed_out", "signed_in", "login_required", "session_expired"]
HELPER_KEY = "helper_identity"


class Superseded(ApiError):
    """The answer came for a client that is no longer the current one; the UI ignores it."""

    code = "superseded"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _helper(value: HelperIdentity | Mapping[str, str] | None) -> HelperIdentity | None:
    if value is None or isinstance(value, HelperIdentity):
        return value
    return HelperIdentity(name=str(value["name"]).strip(), organisation=str(value["organisation"]).strip())


class Session(Observable):
    def __init__(
        self,
        api: BudgetmeterClient,
        *,
        secrets: SecretStore | None = None,
        prefs: PreferenceStore,
        device_locale: str | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__()
        #: The anonymous client (public calls: top-up points, eligibility, health).
        self.api = api
        self.secrets: SecretStore = secrets or MemorySecretStore(fallback=True, fallback_reason="no_candidates")
        self.prefs = prefs
        self.device_locale = device_locale
        self.clock = clock
        self.profile_store = ProfileStore(prefs)
        self.cache = BalanceCache(prefs)

        # --- state the UI reads --------------------------------------------------------------
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

        # --- private -----------------------------------------------------------------------------
        self._tokens: dict[str, str] = {}
        #: Prepaid-codes typed in this run, in memory only (for set_remember(True) later).
        self._codes: dict[str, str] = {}
        # Bookkeeping that runs after the user already sees their balances (see _after_login).
        self._bookkeeping: asyncio.Task | None = None
        self._last_refresh_started = time.monotonic()
        self._generation = 0
        self._relogin_locks: dict[str, asyncio.Lock] = {}
        #: When the balances on show were fetched (fresh or from the cache).
        self._shown_fetched_at: datetime | None = None

    # --- derived state ----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return choose_language(self.device_locale, self.me.language if self.me else None, self.language_choice)

    @property
    def secrets_persistent(self) -> bool:
        """False: a remembered login only lasts until the app stops ("kept in memory only")."""
        return bool(self.secrets.persistent)

    @property
    def cache_age(self) -> timedelta | None:
        return self.clock() - self.cached_at if self.cached_at else None

    @property
    def is_helper(self) -> bool:
        return bool(self.current and self.current.helper_name)

    def profile(self, profile_id: str) -> ClientProfile | None:
        return next((p for p in self.profiles if p.id == profile_id), None)

    # --- secrets (failures fall back to memory, values never logged) ------------------------------

    async def _secret_get(self, profile_id: str) -> dict[str, str]:
        try:
            raw = await self.secrets.get(secret_key(profile_id))
        except Exception as exc:
            self._secrets_failed(exc)
            raw = await self.secrets.get(secret_key(profile_id))
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            return {}
        return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}

    async def _secret_set(self, profile_id: str, value: dict[str, str]) -> None:
        try:
            await self.secrets.set(secret_key(profile_id), json.dumps(value))
        except Exception as exc:
            self._secrets_failed(exc)
            await self.secrets.set(secret_key(profile_id), json.dumps(value))

    async def _secret_delete(self, profile_id: str) -> None:
        try:
            await self.secrets.delete(secret_key(profile_id))
        except Exception as exc:
            self._secrets_failed(exc)

    def _secrets_failed(self, exc: Exception) -> None:
        log.warning("Secret store %s failed (%s); keeping secrets in memory", self.secrets.kind, type(exc).__name__)
        self.secrets = MemorySecretStore(fallback=True, fallback_reason="secret_store_failed")
        self.secret_store_failed = True

    async def _token_for(self, profile: ClientProfile) -> str | None:
        token = self._tokens.get(profile.id)
        if token is None and profile.remember:
            token = (await self._secret_get(profile.id)).get("token")
            if token:
                self._tokens[profile.id] = token
        return token

    async def _can_relogin(self, profile: ClientProfile) -> bool:
        return (
            profile.remember
            and profile.login_kind == "prepaid"
            and bool((await self._secret_get(profile.id)).get("prepaid_code"))
        )

    async def _drop_token(self, profile: ClientProfile) -> None:
        self._tokens.pop(profile.id, None)
        if profile.remember:
            secret = await self._secret_get(profile.id)
            if "token" in secret:
                secret.pop("token")
                if secret:
                    await self._secret_set(profile.id, secret)
                else:
                    await self._secret_delete(profile.id)

    # --- loading -----------------------------------------------------------------------------------

    async def load(self) -> None:
        """Saved profiles, the current one with its cached balances, the language choice. No network:
        call :meth:`refresh` next."""
        self.profiles = await self.profile_store.load()
        self.language_choice = await load_language_choice(self.prefs)
        raw_helper = await self.prefs.get(HELPER_KEY)
        try:
            self.helper_identity = _helper(raw_helper) if isinstance(raw_helper, dict) else None
        except (KeyError, ValueError):
            self.helper_identity = None
        current_id = await self.profile_store.current_id()
        profile = self.profile(current_id) if current_id else None
        if profile is None:
            self._clear_current("signed_out")
        else:
            await self._show_cached(profile)
        self.notify()

    async def _show_cached(self, profile: ClientProfile) -> None:
        """Make ``profile`` current and show what we know of it without asking the server."""
        self.current = profile
        cached = await self.cache.get(profile.id)
        self.me = cached.me if cached else None
        self.balances = list(cached.balances) if cached else []
        self.cached_at = self._shown_fetched_at = cached.fetched_at if cached else None
        self.offline = False
        self.last_error = None
        has_token = await self._token_for(profile) is not None
        self.auth = "signed_in" if has_token or await self._can_relogin(profile) else "login_required"

    def _clear_current(self, auth: Auth) -> None:
        self.current = None
        self.me = None
        self.balances = []
        self.cached_at = self._shown_fetched_at = None
        self.offline = False
        self.auth = auth

    # --- the one path for authenticated calls -------------------------------------------------------

    async def _authed_call(
        self, profile: ClientProfile, generation: int, call: Callable[[BudgetmeterClient], Awaitable[T]]
    ) -> T:
        """Run ``call`` with ``profile``'s token. On 401 drop the token and, if a Prepaid-code is
        remembered, log in again silently once and repeat the call. Raises Superseded when the user
        switched client meanwhile."""
        token = await self._token_for(profile)
        relogged = False
        if token is None:
            token = await self._silent_relogin(profile, generation)
            relogged = True
            if token is None:
                self._check_generation(generation)
                missing = errors.Unauthorized("no token")
                self._needs_login(profile, "login_required", missing)
                raise missing
        while True:
            try:
                result = await call(self.api.with_token(token))
            except errors.Unauthorized as exc:
                self._check_generation(generation)
                if self._tokens.get(profile.id) == token:
                    await self._drop_token(profile)
                if not relogged:
                    relogged = True
                    new_token = await self._silent_relogin(profile, generation, failed_token=token)
                    if new_token is not None:
                        token = new_token
                        continue
                self._check_generation(generation)
                expired = exc if isinstance(exc, errors.SessionExpired) else errors.SessionExpired(exc.detail)
                self._needs_login(profile, "session_expired", expired)
                raise expired from None
            self._check_generation(generation)
            return result

    def _check_generation(self, generation: int) -> None:
        if generation != self._generation:
            raise Superseded()

    def _needs_login(self, profile: ClientProfile, auth: Auth, error: ApiError) -> None:
        if self.current is not None and self.current.id == profile.id:
            self.auth = auth
            self.last_error = error
            self.loading = False
            self.notify()

    async def _silent_relogin(
        self, profile: ClientProfile, generation: int, failed_token: str | None = None
    ) -> str | None:
        """A new token from the remembered Prepaid-code, once; None when not possible."""
        lock = self._relogin_locks.setdefault(profile.id, asyncio.Lock())
        async with lock:
            current = self._tokens.get(profile.id)
            if current is not None and current != failed_token:
                return current  # another call already logged in again
            secret = await self._secret_get(profile.id) if profile.remember else {}
            code = secret.get("prepaid_code")
            if profile.login_kind != "prepaid" or not code:
                return None
            helper = (
                HelperIdentity(name=profile.helper_name, organisation=profile.helper_organisation or "")
                if profile.helper_name
                else None
            )
            try:
                token = await self.api.login_prepaid(code, profile.postal_code, helper)
            except (errors.InvalidCredentials, errors.ValidationFailed):
                # The remembered code no longer works: forget it.
                await self._secret_delete(profile.id)
                self._codes.pop(profile.id, None)
                return None
            self._check_generation(generation)
            self._tokens[profile.id] = token.access_token
            await self._secret_set(profile.id, {**secret, "token": token.access_token})
            log.info("Logged in again silently for a remembered profile")
            return token.access_token

    # --- logging in and out ------------------------------------------------------------------------

    async def login_prepaid(
        self,
        prepaid_code: str,
        postal_code: str,
        remember: bool = False,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> bool:
        """Prepaid-basic login (a household, or a helper with the client's code). With ``remember``
        the Prepaid-code and token go in the SecretStore so the app can log in again by itself."""
        try:
            code = normalise_prepaid_code(prepaid_code)
            postcode = normalise_postcode(postal_code)
            helper_id = _helper(helper)
        except (errors.ValidationFailed, KeyError, ValueError) as exc:
            return self._local_error(exc)
        return await self._login(
            "prepaid",
            lambda: self.api.login_prepaid(code, postcode, helper_id),
            remember=remember,
            helper=helper_id,
            secret={"prepaid_code": code},
        )

    async def login_password(
        self,
        username: str,
        password: str,
        remember: bool = False,
        helper: HelperIdentity | Mapping[str, str] | None = None,
    ) -> bool:
        """Full login. The password is never stored; with ``remember`` only the token is."""
        username = username.strip()
        try:
            helper_id = _helper(helper)
            if not username:
                raise errors.ValidationFailed("username", field="username", reason="format")
            if not password:
                raise errors.ValidationFailed("password", field="password", reason="format")
        except (errors.ValidationFailed, KeyError, ValueError) as exc:
            return self._local_error(exc)
        return await self._login(
            "password",
            lambda: self.api.login_password(username, password, helper_id),
            remember=remember,
            helper=helper_id,
            username=username,
            secret={},
        )

    def _local_error(self, exc: Exception) -> bool:
        if not isinstance(exc, ApiError):
            exc = errors.ValidationFailed("helper", field="helper", reason="format")
        self.last_error = exc
        self.notify()
        return False

    async def _login(
        self,
        kind: LoginKind,
        send: Callable[[], Awaitable[TokenResponse]],
        *,
        remember: bool,
        helper: HelperIdentity | None,
        secret: dict[str, str],
        username: str | None = None,
    ) -> bool:
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.last_error = None
        self.notify()
        try:
            token = await send()
            authed = self.api.with_token(token.access_token)
            me = await authed.me()
        except ApiError as exc:
            if generation == self._generation:
                self.loading = False
                self.last_error = exc
                self.notify()
            return False
        if generation != self._generation:
            return False

        now = self.clock()
        profile = next(
            (p for p in self.profiles if p.same_account(me) and p.helper_name == (helper.name if helper else None)),
            None,
        ) or next((p for p in self.profiles if p.same_account(me)), None)
        if profile is None:
            profile = ClientProfile.new_from_me(me, login_kind=kind, now=now)
            self.profiles.append(profile)
        profile.display_name = me.display_name
        profile.prepaid_code_masked = me.prepaid_code_masked
        profile.postal_code = me.postal_code
        profile.meter_eans = sorted(m.ean for m in me.meters)
        profile.login_kind = kind
        profile.username = username
        profile.helper_name = helper.name if helper else None
        profile.helper_organisation = helper.organisation if helper else None
        profile.remember = remember
        profile.last_used_at = now

        self._tokens[profile.id] = token.access_token
        if "prepaid_code" in secret:
            self._codes[profile.id] = secret["prepaid_code"]
        else:
            self._codes.pop(profile.id, None)
        if helper is not None:
            self.helper_identity = helper

        self.current = profile
        self.me = me
        self.auth = "signed_in"
        self.balances = []
        self.cached_at = self._shown_fetched_at = None
        self.offline = False
        # Balances first, bookkeeping after: on a phone or in a browser every store call is a round
        # trip to the device, and the user is waiting for the numbers, not for those.
        await self.settled()
        await self._refresh(generation, me=me, persist=False)
        if self.offline and not self.balances:
            await self._go_offline(profile)
            self.notify()
        secret = {**secret, "token": token.access_token} if remember else None
        self._bookkeeping = asyncio.get_running_loop().create_task(self._after_login(profile, secret, helper))
        return True

    async def _after_login(
        self, profile: ClientProfile, secret: dict[str, str] | None, helper: HelperIdentity | None
    ) -> None:
        try:
            if secret is not None:
                await self._secret_set(profile.id, secret)
            else:
                await self._secret_delete(profile.id)
            if helper is not None:
                await self.prefs.set(HELPER_KEY, helper.model_dump())
            await self.profile_store.save(self.profiles)
            await self.profile_store.set_current_id(profile.id)
            if self.balances and profile is self.current and self.me is not None and self._shown_fetched_at:
                await self.cache.put(profile.id, self.balances, self._shown_fetched_at, self.me)
        except Exception:  # a device store that fails must not take the session down
            log.exception("Saving the login on this device failed")

    async def settled(self) -> None:
        """Waits for bookkeeping still running after a login (tests, logout, switching)."""
        task, self._bookkeeping = self._bookkeeping, None
        if task is not None:
            await asyncio.shield(task) if not task.done() else None

    async def set_remember(self, remember: bool, profile_id: str | None = None) -> None:
        """Turn "remember me" on or off for a client (default: the current one). On: its token, and
        for a Prepaid-code login the code typed in this run, go in the SecretStore. Off: its secrets
        are deleted from this device (the session in this run goes on)."""
        await self.settled()
        profile = self.profile(profile_id) if profile_id else self.current
        if profile is None:
            return
        profile.remember = remember
        if remember:
            secret: dict[str, str] = {}
            token = self._tokens.get(profile.id)
            if token:
                secret["token"] = token
            if profile.login_kind == "prepaid" and profile.id in self._codes:
                secret["prepaid_code"] = self._codes[profile.id]
            if secret:
                await self._secret_set(profile.id, secret)
        else:
            await self._secret_delete(profile.id)
        await self.profile_store.save(self.profiles)
        self.notify()

    async def logout(self, forget: bool = False) -> None:
        """End the current client's session: revoke the token (best effort, also offline) and drop
        it. The profile stays in the list (a remembered Prepaid-code too, so a helper can come back to
        this client) unless ``forget``, which removes the profile, its cache and its secrets."""
        await self.settled()
        profile = self.current
        if profile is None:
            return
        self._generation += 1
        await self._revoke(profile)
        if forget:
            await self._forget(profile)
        await self.profile_store.set_current_id(None)
        self._clear_current("signed_out")
        self.loading = False
        self.last_error = None
        self.notify()

    async def _revoke(self, profile: ClientProfile) -> None:
        token = await self._token_for(profile)
        await self._drop_token(profile)
        self._codes.pop(profile.id, None)
        if token:
            try:
                await self.api.with_token(token).logout()
            except ApiError as exc:
                log.info("Logout on the server failed (%s); token dropped here anyway", exc.code)

    async def _forget(self, profile: ClientProfile) -> None:
        self._tokens.pop(profile.id, None)
        self._codes.pop(profile.id, None)
        await self._secret_delete(profile.id)
        await self.cache.delete(profile.id)
        self.profiles = [p for p in self.profiles if p.id != profile.id]
        await self.profile_store.save(self.profiles)

    async def remove_client(self, profile_id: str) -> None:
        """Remove a saved client from this device: revoke its token, delete its secrets and cache."""
        await self.settled()
        profile = self.profile(profile_id)
        if profile is None:
            return
        if self.current is not None and self.current.id == profile_id:
            await self.logout(forget=True)
            return
        await self._revoke(profile)
        await self._forget(profile)
        self.notify()

    async def switch_client(self, profile_id: str) -> bool:
        """Make another saved client current: show their cached data at once, then refresh with
        their own token (or log in silently with their remembered code). False and
        ``auth == "login_required"`` when a login is needed."""
        await self.settled()
        profile = self.profile(profile_id)
        if profile is None:
            self.last_error = errors.NotFound("profile")
            self.notify()
            return False
        self._generation += 1
        await self._show_cached(profile)
        self.loading = False
        await self.profile_store.set_current_id(profile.id)
        self.notify()
        if self.auth == "login_required":
            return False
        return await self.refresh()

    # --- refreshing --------------------------------------------------------------------------------

    async def refresh(self) -> bool:
        """Who is logged in and the balance of each meter, for the current client."""
        await self.settled()
        if self.current is None:
            return False
        return await self._refresh(self._generation)

    async def _refresh(self, generation: int, me: Me | None = None, *, persist: bool = True) -> bool:
        profile = self.current
        if profile is None or generation != self._generation:
            return False
        self._last_refresh_started = time.monotonic()
        self.loading = True
        self.notify()
        try:
            if me is None:
                me = await self._authed_call(profile, generation, lambda api: api.me())
            # All meters at once: each balance is its own round trip.
            balances = list(
                await asyncio.gather(
                    *(
                        self._authed_call(profile, generation, lambda api, ean=meter.ean: api.balance(ean))
                        for meter in me.meters
                    )
                )
            )
        except Superseded:
            return False
        except errors.Unauthorized:
            return False  # _authed_call has set auth and last_error
        except ApiError as exc:
            if generation != self._generation:
                return False
            self.loading = False
            self.last_error = exc
            if exc.offline:
                await self._go_offline(profile)
            self.notify()
            return False

        now = self.clock()
        self.me = me
        self.balances = balances
        self._shown_fetched_at = now
        self.offline = False
        self.cached_at = None
        self.last_error = None
        self.loading = False
        self.auth = "signed_in"
        profile.display_name = me.display_name
        profile.prepaid_code_masked = me.prepaid_code_masked
        profile.meter_eans = sorted(m.ean for m in me.meters)
        profile.last_balances = [BalanceSummary.of(b) for b in balances]
        profile.last_balances_at = now
        self.notify()  # draw first, then keep a copy for offline use
        if persist:
            await self.cache.put(profile.id, balances, now, me)
            await self.profile_store.save(self.profiles)
        return True

    async def _go_offline(self, profile: ClientProfile) -> None:
        """Keep what is on show (or bring back the cache) and say how old it is."""
        self.offline = True
        if self.balances and self._shown_fetched_at is not None:
            self.cached_at = self._shown_fetched_at
            return
        cached = await self.cache.get(profile.id)
        if cached is not None:
            self.balances = list(cached.balances)
            self.me = self.me or cached.me
            self.cached_at = self._shown_fetched_at = cached.fetched_at

    async def keep_fresh(self, interval: float = 300, offline_interval: float = 30) -> None:
        """Refresh forever (run as a task; cancel it to stop): every ``interval`` seconds, or every
        ``offline_interval`` while offline so that the app recovers by itself."""
        # Short ticks rather than one long sleep: going offline mid-wait must shorten the wait at
        # once, or a server that comes back would only be noticed after the long interval.
        tick = max(0.01, min(1.0, offline_interval / 2))
        while True:
            await anyio.sleep(tick)
            wait = offline_interval if self.offline else interval
            if time.monotonic() - self._last_refresh_started < wait:
                continue
            if self.current is not None and self.auth == "signed_in" and not self.loading:
                await self.refresh()
            else:
                self._last_refresh_started = time.monotonic()

    # --- data for one screen -----------------------------------------------------------------------

    async def _screen_call(self, call: Callable[[BudgetmeterClient], Awaitable[T]]) -> T:
        profile = self.current
        if profile is None:
            raise errors.Unauthorized("no client")
        generation = self._generation
        try:
            result = await self._authed_call(profile, generation, call)
        except Superseded:
            raise
        except ApiError as exc:
            if generation == self._generation and exc.offline and not self.offline:
                self.offline = True
                self.notify()
            raise
        if self.offline:
            self.offline = False
            self.notify()
        return result

    async def topups(self, ean: str, cursor: str | None = None, limit: int = 20) -> TopupPage:
        return await self._screen_call(lambda api: api.topups(ean, cursor=cursor, limit=limit))

    async def payment_instructions(self, ean: str, amount_cents: int | None = None) -> PaymentInstructions:
        return await self._screen_call(lambda api: api.payment_instructions(ean, amount_cents))

    async def tariff(self) -> Tariff:
        return await self._screen_call(lambda api: api.tariff())

    async def access_log(self) -> AccessLog:
        return await self._screen_call(lambda api: api.access_log())

    def new_topup_draft(self, ean: str, amount_cents: int) -> PendingTopupDraft:
        """One intention to prepare ``amount_cents`` on ``ean`` for the current client; keep the draft
        while the user retries, make a new one for a new amount."""
        return PendingTopupDraft(ean, amount_cents, profile_id=self.current.id if self.current else None)

    async def submit_topup(self, draft: PendingTopupDraft) -> PendingTopup:
        if self.current is None or draft.profile_id != self.current.id:
            raise Superseded("draft of another client")
        return await self._screen_call(draft.submit)

    # --- language ----------------------------------------------------------------------------------

    async def set_language(self, language: str | None) -> None:
        """The user's explicit choice (kept); None goes back to the account's or device's language."""
        await save_language_choice(self.prefs, language)
        self.language_choice = language
        self.notify()


#: The name the brief uses; one class.
AppState = Session
