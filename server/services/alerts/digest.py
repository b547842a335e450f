"""The staff digest (README, "Alerts"): once a day, at the time a staff member chose (Belgian time),
one mail listing the clients of their organisation who entered an alert state since the previous
digest, those with a supply signal first (issue 21): each alert and signal in exactly one digest of
the member (server.store.staff_alerts.cover_new_alerts).
Written by the mail sender's loop (server.services.alerts.sender) into the outbox, which sends it.

Exactly once per member and day: server.store.staff_alerts.claim_day inserts the (member, day) row
ON CONFLICT DO NOTHING, and the one run that inserted it writes the mail in the same transaction.
Nothing new (no client entered an alert state): the day is recorded and no mail goes out; a mail that
says "nothing happened" every day teaches people to stop reading it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..balance import balance_view  # one source of a meter's status (the caseload uses it too)
from ...core.clock import now_s, to_brussels
from ...rules.signals import KINDS as SIGNAL_KINDS
from ...store import outbox, staff_alerts
from ...store.db import Database, Transaction
from .digest_mail import DigestClient, digest_mail

log = logging.getLogger("budgetmeter.mail")


def _clients(tx: Transaction, rows: list[dict[str, Any]]) -> list[DigestClient]:
    clients: dict[int, DigestClient] = {}
    for r in rows:
        client = clients.setdefault(int(r["account_id"]), DigestClient(r["display_name"], r["postal_code"]))
        (client.signals if r["kind"] in SIGNAL_KINDS else client.alerts).append((r["kind"], r["energy"]))
    for m in staff_alerts.meters_of(tx, list(clients)):
        view, _ = balance_view(m, None)
        clients[int(m["account_id"])].statuses.append((m["energy"], view.status))
    return list(clients.values())


def write_digest(tx: Transaction, member: dict[str, Any], *, day: str, now: int) -> bool:
    """Writes `member`'s digest of `day` unless another run did; True when a mail went into the outbox."""
    staff_id = int(member["staff_id"])
    if not staff_alerts.claim_day(tx, staff_id, day=day, now=now):
        return False
    # Read again under the day's row: the settings as committed now.
    settings = staff_alerts.settings_of(tx, staff_id) or member
    # What is new is what no digest of this member listed, not what lies above a "newest id" mark: on
    # PostgreSQL an alert can commit after this read with an id below ones it sees (ids are taken before
    # commit); it is then listed by the next digest, which finds it not yet covered.
    staff_alerts.cover_new_alerts(tx, staff_id, organisation_id=int(member["organisation_id"]),
                                  since=int(settings["digest_since"]), day=day)
    clients = _clients(tx, staff_alerts.alerts_of_digest(tx, staff_id, day=day))
    staff_alerts.finish_day(tx, staff_id, day=day, clients=len(clients))
    if not clients:
        return False
    message = digest_mail(settings["language"], name=member["display_name"], clients=clients)
    outbox.enqueue(tx, purpose="digest", staff_id=staff_id, to_address=settings["email"], subject=message.subject,
                   text_body=message.text, html_body=message.html, now=now)
    return True


class DigestWriter:
    """Writes the digests that are due; `clock` (Unix seconds) is injectable for tests."""

    def __init__(self, db: Database, clock: Callable[[], int] = now_s):
        self.db = db
        self.clock = clock

    def write_due(self) -> int:
        """The number of digest mails written into the outbox now."""
        now = self.clock()
        local = to_brussels(now)
        day, clock_time = local.date().isoformat(), local.strftime("%H:%M")
        with self.db.transaction() as tx:
            members = staff_alerts.due(tx, day=day, clock_time=clock_time)
        written = 0
        for member in members:
            with self.db.transaction(write=True) as tx:
                written += write_digest(tx, member, day=day, now=now)
        if written:
            log.info("Wrote %s staff digests", written)
        return written
