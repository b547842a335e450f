"""What the app may say about mail (issue 20): "we mailed you" only when mail leaves. The server says
where its mail goes (``mode``, app/state/server_mail.py): ``smtp``, ``demo_mailbox`` (a demo without
SMTP keeps its mail in a mailbox the app shows) or ``off`` (no SMTP server: nothing is mailed)."""

from __future__ import annotations

from app.i18n import Translator

#: The route of the demo's mailbox (app/views/demo_mailbox.py).
MAILBOX_ROUTE = "/demo-mailbox"


def mail_off_text(t: Translator) -> str:
    """Said above a screen's mail settings when no mail can leave."""
    return t.gettext("Mail is off on this server: no code and no alert can be mailed. Warnings show in the app only.")


def demo_mailbox_text(t: Translator) -> str:
    return t.gettext("This demo sends no mail: what it would mail, codes too, is in the demo mailbox.")


def code_sent_text(t: Translator, mode: str | None, mailed: str) -> str:
    """The outcome of saving a new address: ``mailed`` when the code left by mail."""
    if mode == "demo_mailbox":
        return t.gettext("Your code of 6 digits is in the demo mailbox (this demo sends no mail). Enter it below.")
    if mode == "off":
        return t.gettext("Address saved, but mail is off on this server: no code was mailed.")
    return mailed


def code_waiting_text(t: Translator, mode: str | None, email: str) -> str:
    """Under a saved address that is not verified yet."""
    if mode == "demo_mailbox":
        return t.gettext("Not verified yet: enter the code of 6 digits for {email} from the demo mailbox.").format(email=email)
    if mode == "off":
        return t.gettext("Not verified yet, and mail is off on this server: no code can reach {email}.").format(email=email)
    return t.gettext("Not verified yet: enter the code of 6 digits we mailed to {email}.").format(email=email)
