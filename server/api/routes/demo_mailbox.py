"""GET /demo/mailbox: the demo's mail, for the app to show (issue 20). The demo without an SMTP server
sends no mail; a code it says it mailed would never come, so the demo keeps its mail here. Outside
the demo (or with SMTP) there is no mailbox: 404."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...core.clock import to_brussels
from ...services.demo_mailbox import mail_mode, unsent_mails
from ..auth import DbDep, SettingsDep
from ..errors import ErrorEnvelope, not_found
from ...contract.demo import DemoMail, DemoMailbox

router = APIRouter(tags=["demo"])


@router.get(
    "/demo/mailbox",
    operation_id="demo_mailbox",
    response_model=DemoMailbox,
    responses={404: {"model": ErrorEnvelope, "description": "not_found: not a demo server, or mail leaves by SMTP"}},
)
def demo_mailbox(db: DbDep, settings: SettingsDep, response: Response) -> DemoMailbox:
    """The newest mails the demo would have sent, newest first (at most 50)."""
    if mail_mode(settings) != "demo_mailbox":
        raise not_found("There is no demo mailbox on this server")
    # Codes and balances: kept by no cache (outside /api/, where server.api.headers says so for every answer).
    response.headers["Cache-Control"] = "no-store"
    return DemoMailbox(
        mails=[
            DemoMail(
                to_address=m["to_address"],
                subject=m["subject"],
                text=m["text_body"],
                created_at=to_brussels(int(m["created_at"])),
            )
            for m in unsent_mails(db, settings)
        ]
    )
