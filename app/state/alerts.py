"""The current client's alerts as the screens show them (no Flet): the bell's unread count, the
notifications, and the alert settings with email verification.

    alerts = Alerts(session.screen_call)     # every call with the current client's token
    await alerts.refresh()                    # unread, first page; never raises
    await alerts.mark_read(alerts.items[0].id)
    await alerts.save_settings(new_settings)  # a new address: a code is mailed
    await alerts.verify("123456")

Calls go through the session's ``screen_call`` (token refresh, offline state as every screen); a
failed call leaves what was shown and sets ``error`` (or ``settings_error``) for the screen to say.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from app.api.alert_models import AlertSettings, Notification
from app.api.errors import ApiError

from .observable import Observable

Call = Callable[[Callable[[Any], Awaitable[Any]]], Awaitable[Any]]


class Alerts(Observable):
    def __init__(self, call: Call) -> None:
        super().__init__()
        self._call = call
        self._owner: str | None = None
        self.unread = 0
        self.items: list[Notification] = []
        self.next_cursor: str | None = None
        self.loaded = False
        self.error: ApiError | None = None
        self.settings: AlertSettings | None = None
        self.settings_error: ApiError | None = None
        self.verify_error: ApiError | None = None
        self.saving = False
        #: "saved", "code_sent" or "verified" after the last successful action, for the screen to say.
        self.outcome: str | None = None

    def belongs_to(self, owner: str | None) -> None:
        """The client whose alerts these are (a profile id); another client starts from nothing."""
        if owner == self._owner:
            return
        self._owner = owner
        with self.changes():
            self.unread, self.items, self.next_cursor, self.loaded = 0, [], None, False
            self.settings, self.settings_error, self.verify_error, self.outcome = None, None, None, None

    # --- notifications -----------------------------------------------------------------------------

    async def refresh(self) -> bool:
        """The unread count and the newest page; False (and ``error``) when it could not be asked."""
        owner = self._owner
        try:
            page = await self._call(lambda api: api.notifications())
        except ApiError as exc:
            self.error = exc
            return False
        if owner != self._owner:
            return False  # another client was chosen meanwhile
        with self.changes():
            self.unread, self.items, self.next_cursor = page.unread, page.items, page.next_cursor
            self.loaded, self.error = True, None
        return True

    async def more(self) -> bool:
        if not self.next_cursor:
            return False
        cursor = self.next_cursor
        try:
            page = await self._call(lambda api: api.notifications(cursor=cursor))
        except ApiError as exc:
            self.error = exc
            return False
        with self.changes():
            known = {n.id for n in self.items}
            self.items = [*self.items, *(n for n in page.items if n.id not in known)]
            self.unread, self.next_cursor, self.error = page.unread, page.next_cursor, None
        return True

    async def mark_read(self, notification_id: int) -> bool:
        item = next((n for n in self.items if n.id == notification_id), None)
        if item is None or item.read:
            return True
        try:
            await self._call(lambda api: api.mark_notification_read(notification_id))
        except ApiError as exc:
            self.error = exc
            return False
        with self.changes():
            self.items = [n.model_copy(update={"read": True}) if n.id == notification_id else n for n in self.items]
            self.unread = max(0, self.unread - 1)
        return True

    async def keep_fresh(self, interval: float) -> None:
        """Refresh now and then every ``interval`` seconds (run as a task; cancel it to stop)."""
        while True:
            await self.refresh()
            await anyio.sleep(interval)

    # --- settings ----------------------------------------------------------------------------------

    async def load_settings(self) -> bool:
        try:
            found = await self._call(lambda api: api.alert_settings())
        except ApiError as exc:
            self.settings_error = exc
            return False
        with self.changes():
            self.settings, self.settings_error = found, None
        return True

    async def save_settings(self, new: AlertSettings) -> bool:
        """Saves; a new address is then unverified and a code is on its way (``outcome == "code_sent"``)."""
        self.saving = True
        try:
            saved = await self._call(lambda api: api.save_alert_settings(new))
        except ApiError as exc:
            with self.changes():
                self.settings_error, self.saving, self.outcome = exc, False, None
            return False
        # The server mails a code for an address it did not have (the same one saved again gets none).
        before = (self.settings.email or "").lower() if self.settings else ""
        code_sent = bool(saved.email) and not saved.email_verified and saved.email.lower() != before
        with self.changes():
            self.settings, self.settings_error, self.verify_error, self.saving = saved, None, None, False
            self.outcome = "code_sent" if code_sent else "saved"
        return True

    async def verify(self, code: str) -> bool:
        self.saving = True
        try:
            saved = await self._call(lambda api: api.verify_alert_email(code.strip()))
        except ApiError as exc:
            with self.changes():
                self.verify_error, self.saving, self.outcome = exc, False, None
            return False
        with self.changes():
            self.settings, self.verify_error, self.saving, self.outcome = saved, None, False, "verified"
        return True


__all__ = ["Alerts"]
