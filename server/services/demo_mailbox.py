"""Where the server's mail goes, said to the app, and the demo's mailbox (issue 20).

Without an SMTP server no mail leaves: a code the app says "we mailed you" never comes. So the server
tells the app which of three it is (`/healthz`, `mail`): `smtp` (mail leaves), `demo_mailbox` (the demo
without SMTP: the mail stays in the outbox and `GET /demo/mailbox` shows it, the app shows that) or
`off` (outside the demo, without SMTP: the app says mail is off on this server).
"""

from __future__ import annotations

from typing import Any, Literal

from .alerts.sender import MailSender
from ..core.settings import Settings
from ..store import outbox
from ..store.db import Database

MailMode = Literal["smtp", "demo_mailbox", "off"]

#: The mailbox shows the newest mails only: a demo's few households, not an archive.
MAILBOX_SIZE = 50


def mail_mode(settings: Settings) -> MailMode:
    if settings.smtp_url:
        return "smtp"
    return "demo_mailbox" if settings.demo else "off"


def unsent_mails(db: Database, settings: Settings, *, limit: int = MAILBOX_SIZE) -> list[dict[str, Any]]:
    """The newest mails that did not leave (none leaves without SMTP), worded as the sender words
    them: an alert waits in the outbox as a fact (server.services.alerts.sender)."""
    with db.transaction() as tx:
        rows = outbox.unsent(tx, limit=limit)
    # The sender's wording, never its SMTP connection (there is none).
    return MailSender(db, settings, target=None).worded(rows) if rows else []  # type: ignore[arg-type]
