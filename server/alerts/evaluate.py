"""Alerts judged inside the transaction that applies readings or top-ups (server.ingest), so an alert
exists exactly when its cause was committed: a batch replayed after a crash finds its readings as
duplicates and fires nothing again, and a crash before the commit leaves neither.

For each applied reading, in the order applied, the meter's conditions (server.rules.alerts) are
compared with its stored state (meters.alert_active: one bit per kind): a condition that starts opens
a new episode (meters.alert_episode counts them per meter) and, when the client wants that alert, a
notification for it (unique per (meter, kind, episode): a second writer of one episode inserts
nothing), and a mail in the outbox when the client has a verified address. A condition that ends
re-arms the alert. The meter rows are locked by the ingest (PostgreSQL), so concurrent imports of one
meter take their turns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import history
from ..core.clock import to_brussels
from ..rules import alerts as rules
from ..rules.balance import MeterState, reported_view
from ..store import alerts as store
from ..store import outbox
from ..store.db import Transaction
from . import mail

# An alert about a state that is long past is no warning: readings older than this (a back-fill of
# history) move the episodes on without notices or mail.
MAX_AGE_SECONDS = 2 * 24 * 3600
_CHUNK = 900
_daily_cost_cache: dict[str, tuple[object, int | None]] = {}


@dataclass(frozen=True)
class Fired:
    notification_id: int
    account_id: int
    ean: str
    kind: str


def rules_of(row: dict[str, Any] | None) -> rules.AlertRules:
    if row is None:
        return rules.DEFAULT_RULES
    return rules.AlertRules(
        balance_below_cents=int(row["balance_below_cents"]),
        days_left_at_most=int(row["days_left_at_most"]),
        emergency_credit=bool(row["emergency_credit"]),
        minimum_supply=bool(row["minimum_supply"]),
        topup_loaded=bool(row["topup_loaded"]),
    )


def quiet_hours_of(row: dict[str, Any] | None) -> tuple[str, str] | None:
    if row is None:
        return rules.DEFAULT_QUIET_HOURS
    if row["quiet_start"] is None or row["quiet_end"] is None:
        return None
    return row["quiet_start"], row["quiet_end"]


def _daily_cost(tx: Transaction, meter: dict[str, Any], *, now: int, day: object) -> int | None:
    """The daily cost the balance answer uses (server.routes.meters): the history's average once the
    meter has 7 days of it, else the stored estimate. Kept per meter for the day in this process: one
    more reading hardly moves a 30-day average, and reading the history for every reading would cost
    more than applying it."""
    cached = _daily_cost_cache.get(meter["ean"])
    if cached is not None and cached[0] == day:
        return cached[1]
    average = history.average_daily_cost(tx, meter, now=now)
    cost = average if average is not None else int(meter["average_daily_cost_cents"])
    value = cost if cost > 0 else None
    if len(_daily_cost_cache) > 200_000:
        _daily_cost_cache.clear()
    _daily_cost_cache[meter["ean"]] = (day, value)
    return value


def days_left(meter: dict[str, Any], reading: tuple, daily_cost: int | None) -> int | None:
    if daily_cost is None:
        return None
    _event, _ean, _read_at, balance, ec_available, ec_in_use, minimum_supply = reading
    state = MeterState(
        energy=meter["energy"],
        balance_cents=balance,
        emergency_credit_limit_cents=meter["emergency_credit_limit_cents"],
        negative_credit_limit_cents=meter["negative_credit_limit_cents"],
        minimum_supply_active=bool(minimum_supply),
        average_daily_cost_cents=daily_cost,
    )
    view = reported_view(state, emergency_credit_available_cents=ec_available, emergency_credit_in_use=bool(ec_in_use))
    return view.estimated_days_left


class _Batch:
    """What one batch needs from the store, read in one query, and what it fired."""

    def __init__(self, tx: Transaction, eans: Sequence[str], *, now: int, topup_info_url: str):
        self.tx = tx
        self.now = now
        self.topup_info_url = topup_info_url
        self.meters = store.meters_with_settings(tx, eans)
        self._rules: dict[int, rules.AlertRules] = {}
        self.fired: list[Fired] = []

    @staticmethod
    def setting(meter: dict[str, Any]) -> dict[str, Any] | None:
        return meter if meter["settings_of"] is not None else None

    def rules(self, meter: dict[str, Any]) -> rules.AlertRules:
        account_id = meter["account_id"]
        found = self._rules.get(account_id)
        if found is None:
            found = self._rules[account_id] = rules_of(self.setting(meter))
        return found

    def fire(self, meter: dict[str, Any], kind: str, episode: int, *, balance_cents: int, days_left: int | None,
             amount_cents: int | None = None) -> None:
        account_id = int(meter["account_id"])
        notification_id = store.insert_notification(
            self.tx,
            (account_id, meter["ean"], meter["energy"], kind, episode, self.now, balance_cents, days_left, amount_cents),
        )
        if notification_id is None:
            return  # this episode fired already
        self.fired.append(Fired(notification_id, account_id, meter["ean"], kind))
        setting = self.setting(meter)
        if setting is None or not setting["email"] or not setting["email_verified"]:
            return  # mail only to verified addresses
        message = mail.alert_mail(
            meter["language"], name=meter["display_name"], kind=kind, energy=meter["energy"],
            balance_cents=balance_cents, days_left=days_left, amount_cents=amount_cents,
            threshold_cents=rules_of(setting).balance_below_cents, topup_info_url=self.topup_info_url,
        )
        # Quiet hours delay the mail, not the notice in the app.
        until = rules.quiet_until(to_brussels(self.now), quiet_hours_of(setting))
        outbox.enqueue(
            self.tx, purpose="alert", account_id=account_id, notification_id=notification_id,
            to_address=setting["email"], subject=message.subject, text_body=message.text, html_body=message.html,
            now=self.now, not_before=int(until.timestamp()) if until else None,
        )


def readings_applied(tx: Transaction, applied: Sequence[tuple], *, now: int, topup_info_url: str = "") -> list[Fired]:
    """`applied`: readings (server.store.readings.COLUMNS order) that became their meter's current state,
    in the order they were applied."""
    if not applied:
        return []
    batch = _Batch(tx, [r[1] for r in applied], now=now, topup_info_url=topup_info_url)
    day = to_brussels(now).date()
    state = {ean: (int(m["alert_active"]), int(m["alert_episode"])) for ean, m in batch.meters.items()}
    before = dict(state)
    for reading in applied:
        meter = batch.meters.get(reading[1])
        if meter is None:
            continue
        chosen = batch.rules(meter)
        cost = _daily_cost(tx, meter, now=now, day=day)
        days = days_left(meter, reading, cost) if cost is not None else None
        bits = rules.condition_bits(reading[3], days, reading[5], reading[6], chosen)
        active, episode = state[meter["ean"]]
        if bits == active:
            continue  # the common case: nothing started, nothing ended
        recent = reading[2] >= now - MAX_AGE_SECONDS
        for kind, bit in rules.BITS.items():
            if bits & bit and not active & bit:  # started: a new episode
                episode += 1
                if recent and chosen.wants(kind):
                    batch.fire(meter, kind, episode, balance_cents=reading[3], days_left=days)
        # A condition that ended just loses its bit: the alert is armed again.
        state[meter["ean"]] = (bits, episode)
    store.save_episodes(tx, [(bits, episode, ean) for ean, (bits, episode) in state.items() if before[ean] != (bits, episode)])
    return batch.fired


def topups_applied(tx: Transaction, applied: Sequence[tuple[int, tuple]], *, now: int, topup_info_url: str = "") -> list[Fired]:
    """`applied`: (top-up row id, row in server.store.meters.TOPUP_EVENT_COLUMNS order). Each loaded
    top-up is an episode of its own, numbered by its row id."""
    if not applied:
        return []
    batch = _Batch(tx, [row[1] for _, row in applied], now=now, topup_info_url=topup_info_url)
    for topup_id, row in applied:
        meter = batch.meters.get(row[1])
        if meter is None or row[5] < now - MAX_AGE_SECONDS:
            continue
        if batch.rules(meter).topup_loaded:
            batch.fire(meter, "topup_loaded", topup_id, balance_cents=int(meter["balance_cents"]), days_left=None,
                       amount_cents=row[2])
    return batch.fired
