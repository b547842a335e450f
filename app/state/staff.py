"""A staff member's session in the app, without Flet: log-in with the authenticator code, the
first-time set-up, log-out.

    staff = StaffSession(api, prefs)
    await staff.load()                                  # the remembered username, if any
    await staff.login("ilse", "password", "123456", remember=True)
    staff.stage  # "signed_in", or "setup" after an initial password

seed 000, Vraag 20: the portal asked "tot 5 maal" to confirm a log-in; here one password and one code.
Remember-me keeps the username only (a preference, not secret): never the password, the token or the
authenticator's secret. The token lives in this object for the app's run and nowhere else.

Actions never raise :class:`ApiError`: they set ``last_error`` and return False.
"""

from __future__ import annotations

import re
from typing import Literal

from app.api import errors
from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.staff_models import StaffMe
from app.credentials import MemoryPreferenceStore, PreferenceStore

from .observable import Observable

Stage = Literal["signed_out", "setup", "signed_in"]
USERNAME_KEY = "staff_username"
MIN_PASSWORD = 10
_CODE = re.compile(r"^\d{6}$")


def normalise_code(typed: str) -> str | None:
    """'123 456' -> '123456'; None when it is not six digits."""
    compact = re.sub(r"\s+", "", typed or "")
    return compact if _CODE.match(compact) else None


class StaffSession(Observable):
    def __init__(self, api: BudgetmeterClient, prefs: PreferenceStore | None = None) -> None:
        super().__init__()
        self._anonymous = api.with_token(None)
        self._prefs = prefs or MemoryPreferenceStore()
        self._api: BudgetmeterClient | None = None
        self.stage: Stage = "signed_out"
        self.me: StaffMe | None = None
        self.loading = False
        self.last_error: ApiError | None = None
        self.remembered_username: str | None = None
        #: The otpauth:// URI to show as a QR code during the set-up (holds the secret: never stored).
        self.totp_uri: str | None = None
        #: True after a set-up was confirmed: the log-in screen says to log in with a new code.
        self.setup_finished = False
        #: True when the server ended the session (removed, expired): the log-in opens on the staff
        #: way in, with last_error saying why.
        self.ended_by_server = False

    @property
    def api(self) -> BudgetmeterClient:
        """The signed-in member's API (raises SessionExpired when there is none)."""
        if self._api is None or self.stage != "signed_in":
            raise errors.SessionExpired("no staff session")
        return self._api

    @property
    def is_admin(self) -> bool:
        return bool(self.me and self.me.is_admin)

    async def load(self) -> None:
        value = await self._prefs.get(USERNAME_KEY)
        self.remembered_username = value if isinstance(value, str) and value else None

    async def _run(self, call) -> bool:
        with self.changes():
            self.loading, self.last_error = True, None
        try:
            await call()
        except ApiError as exc:
            if isinstance(exc, errors.SessionExpired):
                self.session_ended(exc)
            with self.changes():
                self.loading, self.last_error = False, exc
            return False
        self.loading = False
        return True

    async def login(self, username: str, password: str, code: str, *, remember: bool) -> bool:
        username = username.strip().lower()
        if not username or not password:
            self.last_error = errors.ValidationFailed("username", field="username", reason="format")
            return False
        totp = normalise_code(code) if code.strip() else None
        if code.strip() and totp is None:
            self.last_error = errors.ValidationFailed("totp", field="totp", reason="format")
            return False

        async def call() -> None:
            token = await self._anonymous.login_staff(username, password, totp)
            api = self._anonymous.with_token(token.access_token)
            if token.scope == "staff_setup":
                with self.changes():
                    self._api, self.me, self.totp_uri, self.stage = api, None, None, "setup"
                return
            me = await api.staff_me()
            with self.changes():
                self._api, self.me, self.stage, self.setup_finished = api, me, "signed_in", False
                self.ended_by_server = False
            await self._remember(username if remember else None)

        return await self._run(call)

    async def _remember(self, username: str | None) -> None:
        if username:
            await self._prefs.set(USERNAME_KEY, username)
        else:
            await self._prefs.delete(USERNAME_KEY)
        self.remembered_username = username

    async def choose_password(self, new_password: str, repeated: str) -> bool:
        """Step 1 of the set-up: the member's own password; the answer is the authenticator's URI."""
        if len(new_password) < MIN_PASSWORD:
            self.last_error = errors.ValidationFailed("new_password", field="new_password", reason="too_short")
            return False
        if new_password != repeated:
            self.last_error = errors.ValidationFailed("new_password", field="new_password", reason="mismatch")
            return False

        async def call() -> None:
            answer = await self._setup_api().setup(new_password)
            self.totp_uri = answer.totp_uri

        return await self._run(call)

    async def confirm(self, code: str) -> bool:
        """Step 2: the authenticator's first code. The set-up token ends; the member logs in again."""
        totp = normalise_code(code)
        if totp is None:
            self.last_error = errors.ValidationFailed("totp", field="totp", reason="format")
            return False

        async def call() -> None:
            await self._setup_api().confirm_setup(totp)
            with self.changes():
                self._api, self.totp_uri, self.stage, self.setup_finished = None, None, "signed_out", True

        return await self._run(call)

    def _setup_api(self) -> BudgetmeterClient:
        if self._api is None or self.stage != "setup":
            raise errors.SessionExpired("no set-up session")
        return self._api

    def session_ended(self, error: ApiError) -> None:
        """The server no longer takes this member's token (removed by the administrator, expired):
        signed out here too, with the reason for the log-in screen."""
        self._api = None
        with self.changes():
            self.stage, self.me, self.totp_uri, self.last_error = "signed_out", None, None, error
            self.ended_by_server = True

    async def logout(self) -> None:
        api, self._api = self._api, None
        with self.changes():
            self.stage, self.me, self.totp_uri, self.last_error = "signed_out", None, None, None
        if api is not None:
            try:
                await api.staff_logout()
            except ApiError:
                pass  # the token is dropped here whatever the server says; it expires there too
