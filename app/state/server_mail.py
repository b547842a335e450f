"""Where this server's mail goes, asked once per app session (issue 20), and the demo's mailbox.

    mail = ServerMail(api)
    await mail.load()       # never raises: unknown (None) when the server cannot be asked
    mail.mode               # "smtp", "demo_mailbox", "off" or None (not known yet)
    mail.demo               # a demo server: the app offers its mailbox
    await mail.load_mailbox()
    mail.mailbox            # the demo's mails, newest first

Without an SMTP server no code and no alert leaves by mail: the screens say so ("mail is off on this
server", or "this demo keeps its mail in the demo mailbox") instead of "we mailed you".
"""

from __future__ import annotations

from app.api.client import BudgetmeterClient
from app.api.models import DemoMail
from app.api.errors import ApiError

from .observable import Observable


class ServerMail(Observable):
    def __init__(self, api: BudgetmeterClient) -> None:
        super().__init__()
        self._api = api
        self.mode: str | None = None
        self.demo = False
        self.mailbox: list[DemoMail] = []
        self.mailbox_loaded = False
        self.loading = False
        self.last_error: ApiError | None = None
        #: The screen that opened the mailbox, where its Back button returns.
        self.came_from: str | None = None

    @property
    def mails_leave(self) -> bool:
        """Whether "we mailed you" is true (an unknown server is taken as one whose mail leaves)."""
        return self.mode in (None, "smtp")

    async def load(self) -> bool:
        """Ask the server once; False (and ``last_error``) when it cannot be asked."""
        if self.mode is not None:
            return True
        try:
            health = await self._api.health()
        except ApiError as exc:
            self.last_error = exc
            return False
        with self.changes():
            self.mode, self.demo, self.last_error = health.mail, health.demo, None
        return True

    async def load_mailbox(self) -> bool:
        """The demo's mails now; False (and ``last_error``) when there is no mailbox or no answer."""
        self.loading = True
        try:
            box = await self._api.demo_mailbox()
        except ApiError as exc:
            with self.changes():
                self.loading, self.last_error = False, exc
            return False
        with self.changes():
            self.mailbox, self.mailbox_loaded, self.loading, self.last_error = list(box.mails), True, False, None
        return True


__all__ = ["ServerMail"]
