"""Alerts judged inside the transaction that applies readings or top-ups (server.ingest), so an alert
exists exactly when its cause was committed: a batch replayed after a crash finds its readings as
duplicates and fires nothing again, and a crash before the commit leaves neither.

For each applied reading, in the order applied, the meter's conditions (server.rules.alerts) are
compared with its stored state (meters.alert_active: one bit per kind): a condition that starts opens
a new episode (meters.alert_episode counts them per meter) and, when the client wants that alert, a
notification for it (unique per (meter, kind, episode): a second writer of one episode inserts
nothing), and a mail in the outbox when the client has a verified address. A condition that ends
re-arms the alert. The ingest reads each meter's alert state and its client's rules in its own look-up
of the batch's meters (server.store.alerts.meters_to_judge), which locks them (PostgreSQL), so
concurrent imports of one meter take their turns.

Only the facts are written here: the mail's words are put together by the sender
(server.alerts.sender), from the notification, as the app does for the notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import history
from ..core.clock import to_brussels
from ..rules import alerts as rules
from ..rules.balance import MeterState, reported_view
from ..store import alerts as store
from ..store import meters as meter_store
from ..store import outbox
from ..store.db import Transaction

# An alert about a state that is long past is no warning: readings older than this (a back-fill of
# history) move the episodes on without notices or mail.
MAX_AGE_SECONDS = 2 * 24 * 3600
_daily_cost_cache: dict[str, tuple[object, int | None]] = {}
_RULE_COLUMNS = ("balance_below_cents", "days_left_at_most", "emergency_credit", "minimum_supply", "topup_loaded")
_rules_cache: dict[tuple, rules.AlertRules] = {}


@dataclass(frozen=True)
class Fired:
    notification_id: int
    account_id: int
    ean: str
    kind: str


def rules_of(row: Mapping[str, Any] | None) -> rules.AlertRules:
    if row is None:
        return rules.DEFAULT_RULES
    return rules.AlertRules(
        balance_below_cents=int(row["balance_below_cents"]),
        days_left_at_most=int(row["days_left_at_most"]),
        emergency_credit=bool(row["emergency_credit"]),
        minimum_supply=bool(row["minimum_supply"]),
        topup_loaded=bool(row["topup_loaded"]),
    )


def quiet_hours_of(row: Mapping[str, Any] | None) -> tuple[str, str] | None:
    if row is None:
        return rules.DEFAULT_QUIET_HOURS
    if row["quiet_start"] is None or row["quiet_end"] is None:
        return None
    return row["quiet_start"], row["quiet_end"]


def _setting(meter: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The client's saved settings in a meters_to_judge row, or None (never saved: the defaults)."""
    return meter if meter["balance_below_cents"] is not None else None


def _rules_of_meter(meter: Mapping[str, Any]) -> rules.AlertRules:
    """rules_of the meter's client; one AlertRules serves every client with the same choice (this runs
    for every meter of a batch)."""
    key = tuple(meter[c] for c in _RULE_COLUMNS)
    if key[0] is None:  # never saved: the defaults
        return rules.DEFAULT_RULES
    found = _rules_cache.get(key)
    if found is None:
        if len(_rules_cache) > 10_000:
            _rules_cache.clear()
        found = _rules_cache[key] = rules_of(meter)
    return found


def _daily_cost(tx: Transaction, meter: Mapping[str, Any], *, now: int, day: object) -> int | None:
    """The daily cost the balance answer uses (server.routes.meters): the history's average once the
    meter has 7 days of it, else the stored estimate. Kept per meter for the day in this process: one
    more reading hardly moves a 30-day average, and reading the history for every reading would cost
    more than applying it."""
    cached = _daily_cost_cache.get(meter["ean"])
    if cached is not None and cached[0] == day:
        return cached[1]
    # The history as this transaction left it (the batch's readings applied): the meter row read again.
    current = meter_store.by_ean(tx, meter["ean"]) or meter
    average = history.average_daily_cost(tx, current, now=now)
    cost = average if average is not None else int(meter["average_daily_cost_cents"])
    value = cost if cost > 0 else None
    if len(_daily_cost_cache) > 200_000:
        _daily_cost_cache.clear()
    _daily_cost_cache[meter["ean"]] = (day, value)
    return value


def days_left(meter: Mapping[str, Any], reading: tuple, daily_cost: int | None) -> int | None:
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


class _Fires:
    """The alerts a batch fires: their notifications inserted together (each episode's at most once),
    then a mail's facts queued for each new one whose client has a verified address."""

    def __init__(self, now: int):
        self.now = now
        self.meters: list[Mapping[str, Any]] = []
        self.rows: list[tuple] = []

    def add(self, meter: Mapping[str, Any], kind: str, episode: int, *, balance_cents: int, days_left: int | None,
            amount_cents: int | None = None) -> None:
        self.meters.append(meter)
        self.rows.append((int(meter["account_id"]), meter["ean"], meter["energy"], kind, episode, self.now,
                          balance_cents, days_left, amount_cents))

    def write(self, tx: Transaction) -> list[Fired]:
        if not self.rows:
            return []
        ids = store.insert_notifications(tx, self.rows)
        fired: list[Fired] = []
        mails: list[tuple] = []
        local_now = to_brussels(self.now)
        for meter, row in zip(self.meters, self.rows):
            notification_id = ids.get((row[1], row[3], row[4]))
            if notification_id is None:
                continue  # this episode fired already
            fired.append(Fired(notification_id, row[0], row[1], row[3]))
            setting = _setting(meter)
            if setting is None or not setting["email"] or not setting["email_verified"]:
                continue  # mail only to verified addresses
            # Quiet hours delay the mail, not the notice in the app.
            until = rules.quiet_until(local_now, quiet_hours_of(setting))
            mails.append((row[0], notification_id, setting["email"], int(until.timestamp()) if until else None))
        outbox.enqueue_alerts(tx, mails, now=self.now)
        return fired


def readings_applied(tx: Transaction, applied: Sequence[tuple], meters: Mapping[str, Mapping[str, Any]], *,
                     now: int) -> list[Fired]:
    """`applied`: readings (server.store.readings.COLUMNS order) that became their meter's current state,
    in the order they were applied. `meters`: their meters as server.store.alerts.meters_to_judge read
    them (locked) before the batch was applied."""
    if not applied:
        return []
    day = to_brussels(now).date()
    fires = _Fires(now)
    # Per meter, read once in the batch: [alert bits, episode] as the batch moves them on, its client's
    # rules, its daily cost, and the [bits, episode] it came with.
    state: dict[str, list] = {}
    recent_since = now - MAX_AGE_SECONDS
    for reading in applied:
        ean = reading[1]
        s = state.get(ean)
        if s is None:
            meter = meters[ean]
            active, episode = int(meter["alert_active"]), int(meter["alert_episode"])
            s = state[ean] = [active, episode, _rules_of_meter(meter), _daily_cost(tx, meter, now=now, day=day),
                              active, episode]
        active, episode, chosen, cost = s[0], s[1], s[2], s[3]
        days = days_left(meters[ean], reading, cost) if cost is not None else None
        bits = rules.condition_bits(reading[3], days, reading[5], reading[6], chosen)
        if bits == active:
            continue  # the common case: nothing started, nothing ended
        recent = reading[2] >= recent_since
        for kind, bit in rules.BITS.items():
            if bits & bit and not active & bit:  # started: a new episode
                episode += 1
                if recent and chosen.wants(kind):
                    fires.add(meters[ean], kind, episode, balance_cents=reading[3], days_left=days)
        # A condition that ended just loses its bit: the alert is armed again.
        s[0], s[1] = bits, episode
    store.save_episodes(tx, [(s[0], s[1], ean) for ean, s in state.items() if (s[0], s[1]) != (s[4], s[5])])
    return fires.write(tx)


def topups_applied(tx: Transaction, applied: Sequence[tuple[int, tuple]], meters: Mapping[str, Mapping[str, Any]], *,
                   now: int) -> list[Fired]:
    """`applied`: (top-up row id, row in server.store.meters.TOPUP_EVENT_COLUMNS order); `meters`: as
    server.store.alerts.meters_to_judge read them. Each loaded top-up is an episode of its own,
    numbered by its row id."""
    fires = _Fires(now)
    for topup_id, row in applied:
        meter = meters.get(row[1])
        if meter is None or row[5] < now - MAX_AGE_SECONDS:
            continue
        if _rules_of_meter(meter).topup_loaded:
            fires.add(meter, "topup_loaded", topup_id, balance_cents=int(meter["balance_cents"]), days_left=None,
                      amount_cents=row[2])
    return fires.write(tx)
