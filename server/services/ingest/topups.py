"""Top-ups pushed by the operator: kept in the history, each exactly once by its event_id.

A top-up never changes the balance: the next reading does (no double counting). With
`pending_topup_id` it closes a helper's preparation ("klaarzetten", seed 000, Vraag 10: "je dient
ook het bedrag zelf in de Atos CRM-tool klaar te zetten"): that preparation becomes `loaded`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..alerts import evaluate as alert_evaluation
from ...rules.payment import MAX_TOPUP_CENTS
from ...store import meters, pending_topups
from ...store.db import Transaction
from . import fields
from .results import ItemResult, parse_batch, rejected, replay_or_conflict

REQUIRED = ("event_id", "ean", "amount_cents", "loaded_at", "channel")
OPTIONAL = ("location", "pending_topup_id")
FIELDS = REQUIRED + OPTIONAL
INT_FIELDS = ("amount_cents", "pending_topup_id")
BOOL_FIELDS: tuple[str, ...] = ()
CHANNELS = ("terminal", "transfer", "online", "ocmw", "other")
WHAT = "top-up"  # in the conflict message: "event_id was already used for another top-up"


def parse(item: Any, *, now: int) -> tuple:
    """The top-up as a row in server.store.meters.TOPUP_EVENT_COLUMNS order, or Invalid."""
    fields.require_fields(item, REQUIRED, OPTIONAL)
    loaded_at = fields.not_ahead("loaded_at", fields.instant(item, "loaded_at"), now=now)
    pending = item.get("pending_topup_id")
    # Below 2**63: the store's ids are 64-bit, and a larger one would fail in the database driver.
    if pending is not None and (isinstance(pending, bool) or not isinstance(pending, int) or not 1 <= pending < 2**63):
        raise fields.invalid("pending_topup_id: the id of a prepared top-up (a whole number)")
    return (
        fields.event_id(item),
        fields.ean(item),
        fields.cents(item, "amount_cents", low=1, high=MAX_TOPUP_CENTS),
        fields.choice(item, "channel", CHANNELS),
        fields.text(item, "location", max_length=200, optional=True),
        loaded_at,
        pending,
    )


def apply(
    tx: Transaction, items: Sequence[Any], *, now: int, operator: str | None, alerts: bool = True,
    settings: object = None,
) -> list[ItemResult]:
    """One result per item, in order. Only meters of `operator`'s accounts are known (None: every
    meter); another's, and so their preparations, are `not_found`."""
    results, rows = parse_batch(items, parse, now=now, what=WHAT)
    eans = list({row[1] for row in rows.values()})
    if operator is not None:
        eans = list(meters.of_operator(tx, eans, operator))
    known = meters.read_times(tx, eans)
    stored = meters.topup_events(tx, [row[0] for row in rows.values()])
    new: dict[int, tuple] = {}
    claimed: set[int] = set()
    for i, row in rows.items():
        event, ean, pending_id = row[0], row[1], row[6]
        if event in stored:
            results[i] = replay_or_conflict(event, stored[event] == row, WHAT)
        elif ean not in known:
            results[i] = rejected(event, "not_found", f"ean: no meter {ean}; load its account first")
        elif pending_id is not None and (problem := _pending_problem(tx, pending_id, ean, claimed)):
            results[i] = rejected(event, *problem)
        else:
            new[i] = row
            if pending_id is not None:
                claimed.add(pending_id)

    ids = meters.insert_topup_events(tx, list(new.values()))
    lost = [row[0] for row in new.values() if row[0] not in ids]
    raced = meters.topup_events(tx, lost) if lost else {}
    changed: set[str] = set()
    applied: list[tuple[int, tuple]] = []
    for i, row in new.items():
        event = row[0]
        if event not in ids:  # another importer stored the same event a moment ago
            results[i] = replay_or_conflict(event, raced.get(event) == row, WHAT)
            continue
        if row[6] is not None:
            pending_topups.mark_loaded(tx, row[6], topup_id=ids[event], loaded_at=row[5])
        changed.add(row[1])
        applied.append((ids[event], row))
        results[i] = ItemResult(event, "applied")
    if changed:
        meters.history_changed(tx, sorted(changed))
    if alerts:  # "topup_loaded", in this same transaction (server.services.alerts.evaluate)
        alert_evaluation.forget_daily_costs(changed)  # a top-up counts in its day's cost
        alert_evaluation.topups_applied(tx, applied, now=now)
    return results  # type: ignore[return-value]


def _pending_problem(tx: Transaction, pending_id: int, ean: str, claimed: set[int]) -> tuple[str, str] | None:
    tx.lock(f"pending_topup:{pending_id}")  # two importers never both load one preparation
    pending = pending_topups.by_id(tx, pending_id)
    if pending is None or pending["ean"] != ean:
        return "not_found", f"pending_topup_id: no prepared top-up {pending_id} for meter {ean}"
    if pending["status"] == "loaded" or pending_id in claimed:
        return "conflict", f"pending_topup_id: prepared top-up {pending_id} was already loaded by another top-up"
    return None
