"""Meter readings pushed by the operator: validated, kept in the history, and the newest one of each
meter made its current state. Each reading is applied exactly once, by its event_id.

A batch runs in one transaction, so no reading is ever half applied (its history row without the
meter's state, or the other way round); a batch replayed after a crash finds its committed readings
as `duplicate` and applies the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..alerts import evaluate as alert_evaluation
from ...core.settings import Settings
from ..signals import judge as signal_judging
from ..signals import track as signal_tracking
from ...rules.balance import READING_BALANCE_MAX_CENTS, READING_BALANCE_MIN_CENTS, READING_EMERGENCY_CREDIT_MAX_CENTS
from ...store import meters, readings
from ...store.db import Transaction
from . import fields
from .results import ItemResult, parse_batch, rejected, replay_or_conflict

# A reading carries exactly what the history keeps of it: parse() returns it as that table's row.
FIELDS = readings.COLUMNS
INT_FIELDS = ("balance_cents", "emergency_credit_available_cents")
BOOL_FIELDS = ("emergency_credit_in_use", "minimum_supply_active")
FUTURE_SLACK_SECONDS = fields.FUTURE_SLACK_SECONDS
WHAT = "reading"  # in the conflict message: "event_id was already used for another reading"


_FIELD_SET = frozenset(FIELDS)


def parse(item: Any, *, now: int) -> tuple:
    """The reading as a row in server.store.readings.COLUMNS order, or Invalid."""
    # The common case in one pass of cheap checks (a million readings go through here); anything it
    # does not accept takes the field-by-field path below, which says what is wrong.
    if type(item) is dict and item.keys() == _FIELD_SET:
        event, ean, balance = item["event_id"], item["ean"], item["balance_cents"]
        available, in_use, minimum = (
            item["emergency_credit_available_cents"], item["emergency_credit_in_use"], item["minimum_supply_active"]
        )
        if (
            type(event) is str
            and fields.EVENT_ID.fullmatch(event) is not None
            and type(ean) is str
            and ean in fields.KNOWN_VALID_EANS
            and type(balance) is int
            and READING_BALANCE_MIN_CENTS <= balance <= READING_BALANCE_MAX_CENTS
            and type(available) is int
            and 0 <= available <= READING_EMERGENCY_CREDIT_MAX_CENTS
            and type(in_use) is bool
            and type(minimum) is bool
        ):
            read_at = fields.instant(item, "read_at")
            if read_at <= now + FUTURE_SLACK_SECONDS:
                return (event, ean, read_at, balance, available, int(in_use), int(minimum))
    fields.require_fields(item, FIELDS)
    read_at = fields.not_ahead("read_at", fields.instant(item, "read_at"), now=now)
    return (
        fields.event_id(item),
        fields.ean(item),
        read_at,
        fields.cents(item, "balance_cents", low=READING_BALANCE_MIN_CENTS, high=READING_BALANCE_MAX_CENTS),
        fields.cents(item, "emergency_credit_available_cents", low=0, high=READING_EMERGENCY_CREDIT_MAX_CENTS),
        int(fields.flag(item, "emergency_credit_in_use")),
        int(fields.flag(item, "minimum_supply_active")),
    )


def apply(
    tx: Transaction, items: Sequence[Any], *, now: int, operator: str | None, alerts: bool = True,
    settings: Settings | None = None,
) -> list[ItemResult]:
    """One result per item, in order. With `alerts`, the alerts of each applied reading are judged in
    this same transaction (server.services.alerts.evaluate). Only meters of `operator`'s accounts are known
    (None: every meter, for tools that load a store directly); another's are `not_found`."""
    results, rows = parse_batch(items, parse, now=now, what=WHAT)
    eans = list({row[1] for row in rows.values()})
    if operator is not None:
        eans = list(meters.of_operator(tx, eans, operator))
    # The meters, locked (PostgreSQL) until the commit; with alerts, their alert state and rules come in
    # the same look-up rather than in a second read of the same rows.
    judged: dict[str, dict[str, Any]] | None = None
    if alerts:
        judged = alert_evaluation.meters_to_judge(tx, eans, lock=True)
        read_at = {ean: m["read_at"] for ean, m in judged.items()}
    else:
        read_at = meters.read_times(tx, eans, lock=True)
    candidates = []
    for i, row in rows.items():
        if row[1] not in read_at:
            results[i] = rejected(row[0], "not_found", f"ean: no meter {row[1]}; load its account first")
        else:
            candidates.append(i)

    inserted, stored = readings.insert_or_find(tx, [rows[i] for i in candidates])
    newest: dict[str, tuple] = {}
    applied: list[tuple] = []
    stale_meters: set[str] = set()
    for i in candidates:  # in batch order: each reading in turn is compared with the state before it
        row = rows[i]
        event, ean = row[0], row[1]
        if event not in inserted:
            results[i] = replay_or_conflict(event, stored.get(event) == row, WHAT)
            continue
        current = read_at[ean]
        if current is None or row[2] > current:
            read_at[ean] = row[2]
            newest[ean] = row
            applied.append(row)
            results[i] = ItemResult(event, "applied")
        else:
            stale_meters.add(ean)
            results[i] = ItemResult(event, "stale")
    if newest:
        meters.set_current(tx, list(newest.values()))
    if stale_meters - newest.keys():
        meters.history_changed(tx, sorted(stale_meters - newest.keys()))
    if judged is not None:
        alert_evaluation.forget_daily_costs(stale_meters)  # readings that came late: an earlier day may have changed
    if judged is not None:
        alert_evaluation.readings_applied(tx, applied, judged, now=now)
        # Supply signals: since when each meter is off, limited or on emergency credit, and a signal for
        # a state that has lasted long enough by this reading (server.services.signals).
        in_a_state = signal_tracking.readings_applied(tx, applied, judged)
        if in_a_state and settings is not None:
            signal_judging.judge(tx, settings, now=now, eans=in_a_state)
    return results  # type: ignore[return-value]
