"""Mail handed to an SMTP server with the standard library (email + smtplib): the sender runs in a
thread of its own (server.services.alerts.sender), where a blocking client is the simple choice, so aiosmtplib
would add a dependency for nothing.

BUDGETMETER_SMTP_URL: smtp://user:pass@host:port (plain; port 25 by default), smtp+starttls://...
(STARTTLS; 587), smtps://... (TLS from the start; 465). User and password are optional and may be
percent-encoded.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class PermanentFailure(Exception):
    """The server refused this mail for good (5xx): trying again would not help."""


@dataclass(frozen=True)
class SmtpTarget:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None

    def __repr__(self) -> str:  # never the password, not even in a traceback
        return f"SmtpTarget({self.scheme}://{self.host}:{self.port}, user={'yes' if self.username else 'no'})"


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError("BUDGETMETER_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname:
        raise ValueError("BUDGETMETER_SMTP_URL has no host")
    return SmtpTarget(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def build_message(*, mail_from: str, to: str, subject: str, text: str, html: str, mail_id: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "budgetmeter.invalid"
    # One Message-ID per outbox row, the same on every attempt: a receiver can tell a repeat.
    message["Message-ID"] = f"<budgetmeter-outbox-{mail_id}@{domain}>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


class SmtpConnection:
    """One session with the SMTP server for a run of mails."""

    def __init__(self, target: SmtpTarget, *, timeout: float = 30.0):
        context = ssl.create_default_context()
        if target.scheme == "smtps":
            self._smtp: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
        else:
            self._smtp = smtplib.SMTP(target.host, target.port, timeout=timeout)
            if target.scheme == "smtp+starttls":
                self._smtp.starttls(context=context)
        if target.username:
            self._smtp.login(target.username, target.password or "")

    def send(self, message: EmailMessage) -> None:
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(f"recipient refused ({codes[0]})") from None
            raise
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            if exc.smtp_code >= 500:
                raise PermanentFailure(f"refused ({exc.smtp_code})") from None
            raise
        if refused:
            raise PermanentFailure("recipient refused")

    def close(self) -> None:
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            self._smtp.close()
