"""Top-ups pushed by the operator: kept in the history, each exactly once by its event_id.

A top-up never changes the balance: the next reading does (no double counting). With
`pending_topup_id` it closes a helper's preparation ("klaarzetten", seed 000, Vraag 10: "je dient
ook het bedrag zelf in de Atos CRM-tool klaar te zetten"): that preparation becomes `loaded`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..alerts import evaluate as alert_evaluation
from ..rules.payment import MAX_TOPUP_CENTS
from ..store import meters, pending_topups
from ..store.db import Transaction
from . import fields
from .fields import Invalid
from .readings import FUTURE_SLACK_SECONDS
from .results import ItemResult, rejected

REQUIRED = ("event_id", "ean", "amount_cents", "loaded_at", "channel")
OPTIONAL = ("location", "pending_topup_id")
FIELDS = REQUIRED + OPTIONAL
INT_FIELDS = ("amount_cents", "pending_topup_id")
BOOL_FIELDS: tuple[str, ...] = ()
CHANNELS = ("terminal", "transfer", "online", "ocmw", "other")


def parse(item: Any, *, now: int) -> tuple:
    """The top-up as a row in server.store.meters.TOPUP_EVENT_COLUMNS order, or Invalid."""
    fields.require_fields(item, REQUIRED, OPTIONAL)
    loaded_at = fields.instant(item, "loaded_at")
    if loaded_at > now + FUTURE_SLACK_SECONDS:
        raise fields.invalid("loaded_at: more than 10 minutes in the future")
    pending = item.get("pending_topup_id")
    if pending is not None and (isinstance(pending, bool) or not isinstance(pending, int) or pending < 1):
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


def apply(tx: Transaction, items: Sequence[Any], *, now: int, alerts: bool = True, topup_info_url: str = "") -> list[ItemResult]:
    results: list[ItemResult | None] = [None] * len(items)
    rows: dict[int, tuple] = {}
    first_of: dict[str, int] = {}
    for i, item in enumerate(items):
        try:
            row = parse(item, now=now)
        except Invalid as exc:
            results[i] = rejected(item.get("event_id") if isinstance(item, dict) else None, exc.code, exc.message)
            continue
        earlier = first_of.get(row[0])
        if earlier is not None:
            results[i] = ItemResult(row[0], "duplicate") if rows.get(earlier) == row else _conflict(row[0])
            continue
        first_of[row[0]] = i
        rows[i] = row

    known = meters.read_times(tx, list({row[1] for row in rows.values()}))
    stored = meters.topup_events(tx, [row[0] for row in rows.values()])
    new: dict[int, tuple] = {}
    claimed: set[int] = set()
    for i, row in rows.items():
        event, ean, pending_id = row[0], row[1], row[6]
        if event in stored:
            results[i] = ItemResult(event, "duplicate") if stored[event] == row else _conflict(event)
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
            results[i] = ItemResult(event, "duplicate") if raced.get(event) == row else _conflict(event)
            continue
        if row[6] is not None:
            pending_topups.mark_loaded(tx, row[6], topup_id=ids[event], loaded_at=row[5])
        changed.add(row[1])
        applied.append((ids[event], row))
        results[i] = ItemResult(event, "applied")
    if changed:
        meters.history_changed(tx, sorted(changed))
    if alerts:  # "topup_loaded", in this same transaction (server.alerts.evaluate)
        alert_evaluation.topups_applied(tx, applied, now=now, topup_info_url=topup_info_url)
    return results  # type: ignore[return-value]


def _pending_problem(tx: Transaction, pending_id: int, ean: str, claimed: set[int]) -> tuple[str, str] | None:
    tx.lock(f"pending_topup:{pending_id}")  # two importers never both load one preparation
    pending = pending_topups.by_id(tx, pending_id)
    if pending is None or pending["ean"] != ean:
        return "not_found", f"pending_topup_id: no prepared top-up {pending_id} for meter {ean}"
    if pending["status"] == "loaded" or pending_id in claimed:
        return "conflict", f"pending_topup_id: prepared top-up {pending_id} was already loaded by another top-up"
    return None


def _conflict(event_id: str) -> ItemResult:
    return ItemResult(event_id, "rejected", "conflict", "event_id was already used for another top-up")
