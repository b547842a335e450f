"""The OCMW's amounts, prepared on their due dates (issue 21): part of every sweep (server.services.signals.sweep:
the server's lifespan, `budgetmeter-server worker`, `budgetmeter-server sweep`).

seed 000, Vraag 10: "je dient ook het bedrag zelf in de Atos CRM-tool klaar te zetten. Hierbij zijn dus
steeds twee handelingen nodig zodat de klant het geld ook effectief op zijn/haar Prepaid ontvangt:
betalen + klaarzetten." Each due amount becomes a pending top-up (channel 'ocmw', prepared by and
funded by the organisation) that the operator's back office loads (`GET /api/v1/operator/pending-topups`;
a top-up with its `pending_topup_id` closes it).

Exactly once per (grant, due date): the primary key of winter_preparations decides which insert made
it, whatever restarts, several sweeps at once or a server that was down over several due dates (it
catches up: each missed date once, at the next sweep)."""

from __future__ import annotations

import logging
from datetime import date

from ...core.clock import BRUSSELS, to_brussels
from ...rules import winter_support as rules
from ...store import pending_topups
from ...store import winter_support as store
from ...store.db import Database, Transaction

log = logging.getLogger("budgetmeter.winter_support")
BATCH = 200


def next_due_at(first: date, last: date, every_days: int, *, now: int) -> int | None:
    """08:00 Brussels of the first due date still to come after `now` (Unix seconds), or None."""
    day = rules.next_due(first, last, every_days, to_brussels(now))
    return int(rules.due_at(day, BRUSSELS).timestamp()) if day is not None else None


def prepare_batch(tx: Transaction, *, now: int, limit: int = BATCH) -> tuple[int, int]:
    """Prepares the due amounts of up to `limit` grants; (amounts prepared, grants seen)."""
    grants = store.due_grants(tx, now=now, limit=limit)
    local_now = to_brussels(now)
    made = 0
    for g in grants:
        first, last, every = date.fromisoformat(g["first_date"]), date.fromisoformat(g["last_date"]), int(g["every_days"])
        done = store.last_prepared(tx, int(g["id"]))
        for day in rules.due_by(first, last, every, local_now, after=date.fromisoformat(done) if done else None):
            if not store.claim_preparation(tx, int(g["id"]), day.isoformat(), now=now):
                continue  # another sweep made this one
            key = f"winter-grant:{g['id']}:{day.isoformat()}"
            row, _ = pending_topups.create_once(
                tx, account_id=int(g["account_id"]), ean=g["ean"], idempotency_key=key,
                request_fingerprint=f"{key}:{g['amount_cents']}", amount_cents=int(g["amount_cents"]),
                prepared_by=g["organisation_name"], now=now, channel="ocmw",
                funded_by_organisation_id=int(g["organisation_id"]),
            )
            store.link_preparation(tx, int(g["id"]), day.isoformat(), int(row["id"]))
            made += 1
        # Past `now` always, so a grant is never read again before its next date.
        store.set_next_due(tx, int(g["id"]), next_due_at(first, last, every, now=now))
    return made, len(grants)


def prepare_due(db: Database, *, now: int) -> int:
    """Every amount due by `now`, in transactions of up to BATCH grants; how many were prepared."""
    total = 0
    while True:
        with db.transaction(write=True) as tx:
            made, seen = prepare_batch(tx, now=now)
        total += made
        if seen < BATCH:
            break
    if total:
        log.info("Winter support: %s amounts prepared", total)
    return total
