"""The mail sender: takes due mail from the store's outbox and hands it to the SMTP server.

It runs as a thread inside `budgetmeter-server`, or on its own as `budgetmeter-server worker`;
several senders on one PostgreSQL store never take the same mail (server.store.outbox.claim: FOR
UPDATE SKIP LOCKED). A mail is marked sent right after the SMTP server accepted it; a failure puts it
back with a growing pause (back-off), so a mail server that is down loses nothing, and a mail it took
is never offered again.

Each round also writes the staff digests that are due (server.services.alerts.digest) into the outbox first, so
a digest goes out in the same round as it is written.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable
from typing import Any

from ...core.clock import now_s
from ...core.settings import Settings
from ...store import alerts as alert_store
from ...store import outbox
from ...store.db import Database
from ..geo.index import TopupPointIndex
from ...rules.signals import KINDS as SIGNAL_KINDS
from ..signals.mail import nearest_open_point, signal_mail
from ...store import signals as signal_store
from ...store import topup_points as topup_store
from .digest import DigestWriter
from .mail import alert_mail_of
from .smtp import PermanentFailure, SmtpConnection, SmtpTarget, build_message, parse_smtp_url

log = logging.getLogger("budgetmeter.mail")
BATCH = 50
_mail_off_said = False


def smtp_target(settings: Settings) -> SmtpTarget | None:
    """The SMTP server, or None (said once in the log) when mail is off."""
    global _mail_off_said
    if settings.smtp_url:
        return parse_smtp_url(settings.smtp_url)
    if not _mail_off_said:
        _mail_off_said = True
        log.warning("Mail is off (BUDGETMETER_SMTP_URL is not set): alerts show in the app only")
    return None


def retry_delay(settings: Settings, attempts: int) -> int:
    return int(min(settings.mail_retry_max_seconds, settings.mail_retry_seconds * 2 ** max(0, attempts - 1)))


class MailSender:
    def __init__(self, db: Database, settings: Settings, target: SmtpTarget, clock: Callable[[], int] = now_s):
        self.db = db
        self.settings = settings
        self.target = target
        self.digests = DigestWriter(db, clock)
        self._index: tuple[int, TopupPointIndex] | None = None

        #: Set by a stop signal: the mail being handed over is finished and marked, the rest of the
        #: round goes back to the outbox as it was (not counted as an attempt).
        self.stopping = threading.Event()

    def round(self) -> int:
        """One round: the digests that are due into the outbox, then what is due out of it."""
        self.digests.write_due()
        return self.send_due()

    def send_due(self) -> int:
        """Sends what is due now; the number of mails the SMTP server accepted."""
        now = now_s()
        with self.db.transaction() as tx:
            if not outbox.any_due(tx, now=now):
                return 0
        with self.db.transaction(write=True) as tx:
            claimed = outbox.claim(tx, now=now, lease_seconds=self.settings.mail_lease_seconds, limit=BATCH)
        if not claimed:
            return 0
        claimed = self._worded(claimed)
        try:
            connection = SmtpConnection(self.target)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("The mail server cannot be reached (%s); %s mails wait", type(exc).__name__, len(claimed))
            self._put_back(claimed, f"connect: {type(exc).__name__}")
            return 0
        sent = 0
        try:
            for i, mail in enumerate(claimed):
                if self.stopping.is_set():
                    self._release(claimed[i:])
                    break
                message = build_message(
                    mail_from=self.settings.mail_from, to=mail["to_address"], subject=mail["subject"],
                    text=mail["text_body"], html=mail["html_body"], mail_id=int(mail["id"]),
                )
                try:
                    connection.send(message)
                except PermanentFailure as exc:
                    self._finish(mail, error=str(exc), give_up=True)
                    continue
                except (OSError, smtplib.SMTPException) as exc:
                    # The session broke: this mail and the rest wait for the next round.
                    log.warning("Sending mail failed (%s); it will be tried again", type(exc).__name__)
                    self._put_back(claimed[i:], f"send: {type(exc).__name__}")
                    break
                with self.db.transaction(write=True) as tx:
                    outbox.mark_sent(tx, int(mail["id"]), now=now_s())
                sent += 1
        finally:
            connection.close()
        return sent

    def _worded(self, claimed: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Alert mails are queued as facts (server.services.alerts.evaluate): their subject and bodies are put
        together here, in the account's language, from the notification."""
        facts_due = [int(m["notification_id"]) for m in claimed if m["purpose"] == "alert" and not m["text_body"]]
        if not facts_due:
            return claimed
        with self.db.transaction() as tx:
            facts = alert_store.mail_facts(tx, facts_due)
        signal_facts = [f for f in facts.values() if f["kind"] in SIGNAL_KINDS]
        extras: dict = {}
        if signal_facts:
            with self.db.transaction() as tx:
                extras = signal_store.mail_extras(tx, [int(f["account_id"]) for f in signal_facts])
        worded = []
        for m in claimed:
            if m["purpose"] == "alert" and not m["text_body"]:
                fact = facts[int(m["notification_id"])]
                if fact["kind"] in SIGNAL_KINDS:  # a supply signal: what to do now (server.services.signals.mail)
                    extra = extras.get(int(fact["account_id"]), {"postal_code": "", "organisations": []})
                    point = nearest_open_point(self._topup_index(), extra["postal_code"], now=now_s())
                    message = signal_mail(fact, organisations=extra["organisations"], point=point)
                    worded.append({**m, "subject": message.subject, "text_body": message.text, "html_body": message.html})
                    continue
                message = alert_mail_of(fact, topup_info_url=self.settings.topup_info_url)
                m = {**m, "subject": message.subject, "text_body": message.text, "html_body": message.html}
            worded.append(m)
        return worded

    def worded(self, mails: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Mails as they would leave: what the demo's mailbox shows (server.services.demo_mailbox)."""
        return self._worded(mails)

    def _topup_index(self) -> TopupPointIndex:
        """The top-up points for signal mails, read from the store at most once an hour."""
        if self._index is None or now_s() - self._index[0] > 3600:
            with self.db.transaction() as tx:
                self._index = (now_s(), TopupPointIndex.from_records(topup_store.all_points(tx)))
        return self._index[1]

    def _release(self, mails: list[dict[str, Any]]) -> None:
        with self.db.transaction(write=True) as tx:
            outbox.release(tx, [int(m["id"]) for m in mails], now=now_s())

    def _put_back(self, mails: list[dict[str, Any]], error: str) -> None:
        for mail in mails:
            self._finish(mail, error=error, give_up=int(mail["attempts"]) + 1 >= self.settings.mail_max_attempts)

    def _finish(self, mail: dict[str, Any], *, error: str, give_up: bool) -> None:
        now = now_s()
        retry_at = None if give_up else now + retry_delay(self.settings, int(mail["attempts"]) + 1)
        if give_up:
            log.error("Mail %s given up: %s", mail["id"], error)
        with self.db.transaction(write=True) as tx:
            outbox.mark_failed(tx, int(mail["id"]), error=error, retry_at=retry_at, now=now)

    def run(self, stop: threading.Event) -> None:
        self.stopping = stop
        while not stop.is_set():
            try:
                while (sent := self.round()) and not stop.is_set():
                    log.info("Sent %s mails", sent)  # and look again at once: more may be due
            except Exception:
                # A store that is down now may answer at the next round; the server keeps serving.
                log.exception("The mail sender failed; it tries again")
            stop.wait(self.settings.mail_poll_seconds)


class RunningSender:
    """The sender thread of a server process; :meth:`stop` ends it after the mail in hand."""

    def __init__(self, sender: MailSender) -> None:
        self.event = threading.Event()
        self.thread = threading.Thread(target=sender.run, args=(self.event,), name="mail-sender", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.event.set()
        self.thread.join(timeout)


def start_mail_sender(db: Database, settings: Settings) -> RunningSender | None:
    """Starts the sender thread of a server process (None when mail is off)."""
    target = smtp_target(settings)
    if target is None:
        return None
    return RunningSender(MailSender(db, settings, target))
