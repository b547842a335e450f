"""Where the server's mail goes, and the demo's mailbox (issue 20).

``GET /healthz`` says ``mail``: ``smtp`` (mail leaves), ``demo_mailbox`` (a demo without SMTP keeps its
mail in ``GET /demo/mailbox``, public, demo only) or ``off`` (no mail leaves). The app says "we mailed
you" only when it does.

Kept beside the client rather than in it (as app/api/winter.py): one public call, one typed answer,
through the client's request helper (retries, error envelope, timeouts as every other call).
"""

from __future__ import annotations

from datetime import datetime

from .client import BudgetmeterClient
from .models import _Model

PATH = "/demo/mailbox"


class DemoMail(_Model):
    to_address: str
    subject: str
    text: str
    created_at: datetime


class DemoMailbox(_Model):
    #: Newest first.
    mails: list[DemoMail]


async def demo_mailbox(api: BudgetmeterClient) -> DemoMailbox:
    """The demo's mail; :class:`app.api.errors.NotFound` on a server that is not a demo."""
    return await api._get_json(DemoMailbox, PATH, auth=False)


__all__ = ["PATH", "DemoMail", "DemoMailbox", "demo_mailbox"]
