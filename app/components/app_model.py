"""The UI's handle on one app session (one window or one browser tab).

The logic lives in :class:`app.state.session.Session` (plain Python, tested on its own); this adapter
makes it observable for Flet's components (every ``session.notify()`` bumps ``revision``, which
re-renders the screens) and adds what only the UI needs: the theme, the default of "remember me",
whether the stores are loaded, the top-up drafts kept across retries.
"""

from __future__ import annotations

import logging

import flet as ft

from app.api import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import Balance, PendingTopup
from app.credentials import PreferenceStore, SecretStore
from app.i18n import Translator
from app.state.payments import PendingTopupDraft
from app.settings import load_settings
from app.state.session import Session

log = logging.getLogger("budgetmeter.ui")

THEME_KEY = "theme"
REMEMBER_KEY = "remember_default"


@ft.observable
class AppModel:
    def __init__(self, api_url: str, *, device_locale: str | None = None) -> None:
        self.api_url = api_url
        # Timeouts and refresh intervals: app/settings.py (an operator or a fault test tightens them).
        self._settings = load_settings()
        self._api = BudgetmeterClient(api_url, **self._settings.client_options())
        self._session = Session(self._api, device_locale=device_locale)
        self._unsubscribe = self._session.subscribe(self._on_session_change)
        self._drafts: dict[tuple[str, str], PendingTopupDraft] = {}
        self.ready = False
        self.theme = "light"
        self.remember_default = False
        self.revision = 0

    def _on_session_change(self, _session: Session) -> None:
        self.revision += 1

    def changed(self) -> None:
        self.revision += 1

    @property
    def session(self) -> Session:
        return self._session

    @property
    def t(self) -> Translator:
        return Translator(self._session.language)

    async def start(self, secrets: SecretStore, prefs: PreferenceStore, device_locale: str | None) -> None:
        """Use this device's stores, load what it remembers, refresh the current client."""
        self._session.use_device(secrets=secrets, prefs=prefs, device_locale=device_locale)
        self.theme = (await prefs.get(THEME_KEY)) or "light"
        self.remember_default = bool(await prefs.get(REMEMBER_KEY, False))
        await self._session.load()
        self.ready = True
        if self._session.current is not None and self._session.auth == "signed_in":
            await self._session.refresh()

    async def keep_fresh(self) -> None:
        """Balances stay current while the app is open, and come back by themselves after the
        server was unreachable (every 30 s while offline, every 5 minutes otherwise)."""
        await self._session.keep_fresh(self._settings.refresh_seconds, self._settings.offline_retry_seconds)

    # --- what the screens ask -----------------------------------------------------------------

    @property
    def logged_in(self) -> bool:
        return self._session.current is not None and self._session.auth == "signed_in"

    @property
    def secrets_in_memory_only(self) -> bool:
        return not self._session.secrets_persistent

    @property
    def helper_profiles(self):
        return [p for p in self._session.profiles if p.helper_name]

    @property
    def shows_clients(self) -> bool:
        return self._session.is_helper or bool(self.helper_profiles)

    def balance(self, ean: str) -> Balance | None:
        return next((b for b in self._session.balances if b.ean == ean), None)

    def reference_number(self, ean: str) -> str | None:
        me = self._session.me
        for meter in me.meters if me else []:
            if meter.ean == ean:
                return meter.reference_number
        return None

    # --- settings -------------------------------------------------------------------------------

    async def set_theme(self, theme: str) -> None:
        self.theme = theme
        await self._session.prefs.set(THEME_KEY, theme)

    async def set_remember_default(self, remember: bool) -> None:
        self.remember_default = remember
        await self._session.prefs.set(REMEMBER_KEY, remember)

    async def set_remember_current(self, remember: bool) -> None:
        """Remember me on/off for the current client: off deletes its secrets from this device."""
        await self.set_remember_default(remember)
        await self._session.set_remember(remember)
        self.changed()

    # --- logging in -------------------------------------------------------------------------------

    async def login(self, method: str, first: str, second: str, *, remember: bool, helper) -> bool:
        if method == "prepaid":
            ok = await self._session.login_prepaid(first, second, remember=remember, helper=helper)
        else:
            ok = await self._session.login_password(first, second, remember=remember, helper=helper)
        # After: the user waits for the balances, not for a preference to reach the device.
        await self.set_remember_default(remember)
        return ok

    # --- preparing a top-up ("klaarzetten") ------------------------------------------------------

    def draft_for(self, ean: str, amount_cents: int) -> PendingTopupDraft:
        """The one draft of this client, meter and amount: its Idempotency-Key is kept across retries
        and double taps until the server answered; a new amount is a new intention with a new key."""
        profile = self._session.current
        key = (profile.id if profile else "", ean)
        draft = self._drafts.get(key)
        if draft is None:
            draft = self._session.new_topup_draft(ean, amount_cents)
        else:
            draft = draft.for_new_intention(ean=ean, amount_cents=amount_cents)
        self._drafts[key] = draft
        return draft

    async def prepare_topup(self, ean: str, amount_cents: int) -> PendingTopup:
        draft = self.draft_for(ean, amount_cents)
        return await self._session.submit_topup(draft)


__all__ = ["AppModel", "ApiError"]
