"""The UI's handle on one app session (one window or one browser tab).

The logic lives in :class:`app.state.session.Session` (plain Python, tested on its own). This model is
a plain :class:`app.state.observable.Observable` too: it passes every change of the session on to its
own subscribers, and adds what only the UI needs (the theme, the default of "remember me", whether the
stores are loaded, the top-up drafts kept across retries) and the typed state of its screens, made
the first time a screen asks (``model.staff``, ``model.member.caseload``, ``model.topup_search``, ...;
see :mod:`app.state.screens`). Components follow it with :func:`app.ui.hooks.use_observable`; nothing
else redraws a screen.
"""

from __future__ import annotations

import logging
from functools import cached_property

from app.api import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import Balance, PendingTopup
from app.credentials import PreferenceStore, SecretStore
from app.i18n import Translator
from app.settings import AppSettings, load_settings
from app.state.account_access import AccountAccess
from app.state.alerts import Alerts
from app.state.balance_history import BalanceHistory
from app.state.eligibility import EligibilityWizard
from app.state.observable import Observable
from app.state.payments import PendingTopupDraft
from app.state.points_map import MapPane
from app.state.screens import MemberScreens, PerKey
from app.state.server_mail import ServerMail
from app.state.session import Session
from app.state.staff import StaffSession
from app.state.topup_search import TopupSearch
from app.state.winter import WinterInfo
from app.state.winter_support import WinterSupport

log = logging.getLogger("budgetmeter.ui")

THEME_KEY = "theme"
REMEMBER_KEY = "remember_default"
THEMES = ("light", "dark", "system")


class AppModel(Observable):
    def __init__(self, api_url: str, *, device_locale: str | None = None) -> None:
        super().__init__()
        self.api_url = api_url
        # Timeouts and refresh intervals: app/settings.py (an operator or a fault test tightens them).
        self._settings = load_settings()
        #: The anonymous client: public calls (top-up points, eligibility, winter period) and the one
        #: the session signs in with.
        self.api = BudgetmeterClient(api_url, **self._settings.client_options())
        #: One session for the model's life: start() gives it this device's stores.
        self._session = Session(self.api, device_locale=device_locale)
        self._session.subscribe(lambda _session: self.notify())
        self._drafts: dict[tuple[str, str], PendingTopupDraft] = {}
        self._members: PerKey[str, MemberScreens] = PerKey(lambda _username: MemberScreens(self.staff))
        self._winter_support: PerKey[str, WinterSupport] = PerKey(lambda _client: WinterSupport(self._session))
        self._histories: PerKey[str, BalanceHistory] = PerKey(
            lambda ean: BalanceHistory(lambda days: self._session.screen_call(lambda api: api.meter_history(ean, days)))
        )
        self.ready = False
        self.theme = "light"
        self.remember_default = False
        #: "prepaid" or "password": how the last login was tried (its error names those fields).
        self.login_method: str | None = None

    @property
    def session(self) -> Session:
        return self._session

    @property
    def settings(self) -> AppSettings:
        """The app's settings (map tiles are read from here by the top-up points map)."""
        return self._settings

    @property
    def language(self) -> str:
        return self._session.language

    @property
    def t(self) -> Translator:
        return Translator(self.language)

    async def start(self, secrets: SecretStore, prefs: PreferenceStore, device_locale: str | None) -> None:
        """Use this device's stores, load what it remembers, refresh the current client."""
        session = self._session
        session.use_device(secrets=secrets, prefs=prefs, device_locale=device_locale)
        theme = await prefs.get(THEME_KEY)
        self.theme = theme if theme in THEMES else "light"
        self.remember_default = bool(await prefs.get(REMEMBER_KEY, False))
        await session.load()
        self.ready = True
        if session.current is not None and session.auth == "signed_in":
            await session.refresh()

    async def keep_fresh(self) -> None:
        """Balances stay current while the app is open, and come back by themselves after the
        server was unreachable (every 30 s while offline, every 5 minutes otherwise)."""
        await self._session.keep_fresh(self._settings.refresh_seconds, self._settings.offline_retry_seconds)

    # --- what the screens ask -----------------------------------------------------------------

    @property
    def logged_in(self) -> bool:
        return self._session.current is not None and self._session.auth == "signed_in"

    @property
    def storage_problem(self) -> str | None:
        """Why saved data may be missing (a stable code: "preferences_unreadable",
        "saved_clients_damaged"), or None."""
        return self._session.storage_problem

    @property
    def secrets_in_memory_only(self) -> bool:
        return not self.session.secrets_persistent

    @property
    def helper_profiles(self):
        return [p for p in self.session.profiles if p.helper_name]

    @property
    def shows_clients(self) -> bool:
        return self.session.is_helper or bool(self.helper_profiles)

    def balance(self, ean: str) -> Balance | None:
        return next((b for b in self.session.balances if b.ean == ean), None)

    def reference_number(self, ean: str) -> str | None:
        me = self.session.me
        for meter in me.meters if me else []:
            if meter.ean == ean:
                return meter.reference_number
        return None

    # --- the screens' state: one per app session, made the first time a screen asks -------------------

    @cached_property
    def staff(self) -> StaffSession:
        """The staff member's session (log-in, set-up, log-out)."""
        return StaffSession(self.api, prefs=self._session.prefs)

    @property
    def member(self) -> MemberScreens:
        """The signed-in staff member's screens (caseload, team, signals, digest, winter desk, files)."""
        me = self.staff.me
        return self._members(me.username if me else "")

    @property
    def alerts(self) -> Alerts:
        """The chosen client's alert settings and notifications."""
        alerts = self._alerts
        profile = self._session.current
        alerts.belongs_to(profile.id if profile is not None else None)
        return alerts

    @cached_property
    def _alerts(self) -> Alerts:
        return Alerts(self._session.screen_call)

    @property
    def winter_support(self) -> WinterSupport:
        """The chosen client's winter support requests and grants."""
        profile = self._session.current
        return self._winter_support(profile.id if profile else "")

    @cached_property
    def account_access(self) -> AccountAccess:
        """Who can see the household's account: mandates, share codes, the access log."""
        return AccountAccess(self._session)

    def balance_history(self, ean: str) -> BalanceHistory:
        """One meter's chart (its 30/90 days kept when the screen is left and opened again)."""
        return self._histories(ean)

    @property
    def topup_search(self) -> TopupSearch:
        """The top-up point search, in the session's language."""
        search = self._topup_search
        search.set_language(self.language)
        return search

    @cached_property
    def _topup_search(self) -> TopupSearch:
        return TopupSearch(self.api, language=self.language)

    @cached_property
    def points_map(self) -> MapPane:
        return MapPane()

    @cached_property
    def eligibility(self) -> EligibilityWizard:
        return EligibilityWizard()

    @cached_property
    def winter_period(self) -> WinterInfo:
        return WinterInfo(self.api)

    @cached_property
    def server_mail(self) -> ServerMail:
        """Where the server's mail goes (asked once)."""
        return ServerMail(self.api)

    # --- settings -------------------------------------------------------------------------------

    async def set_theme(self, theme: str) -> None:
        self.theme = theme if theme in THEMES else "light"
        await self.session.prefs.set(THEME_KEY, self.theme)

    async def set_remember_default(self, remember: bool) -> None:
        self.remember_default = remember
        await self.session.prefs.set(REMEMBER_KEY, remember)

    async def set_remember_current(self, remember: bool) -> None:
        """Remember me on/off for the current client: off deletes its secrets from this device."""
        await self.set_remember_default(remember)
        await self.session.set_remember(remember)

    # --- logging in -------------------------------------------------------------------------------

    async def login(self, method: str, first: str, second: str, *, remember: bool, helper) -> bool:
        self.login_method = method
        if method == "prepaid":
            ok = await self.session.login_prepaid(first, second, remember=remember, helper=helper)
        else:
            ok = await self.session.login_password(first, second, remember=remember, helper=helper)
        # After: the user waits for the balances, not for a preference to reach the device.
        await self.set_remember_default(remember)
        return ok

    # --- preparing a top-up ("klaarzetten") ------------------------------------------------------

    def draft_for(self, ean: str, amount_cents: int) -> PendingTopupDraft:
        """The one draft of this client, meter and amount: its Idempotency-Key is kept across retries
        and double taps until the server answered; a new amount is a new intention with a new key."""
        profile = self.session.current
        key = (profile.id if profile else "", ean)
        draft = self._drafts.get(key)
        if draft is None:
            draft = self.session.new_topup_draft(ean, amount_cents)
        else:
            draft = draft.for_new_intention(ean=ean, amount_cents=amount_cents)
        self._drafts[key] = draft
        return draft

    async def prepare_topup(self, ean: str, amount_cents: int) -> PendingTopup:
        draft = self.draft_for(ean, amount_cents)
        return await self.session.submit_topup(draft)


__all__ = ["AppModel", "ApiError"]
