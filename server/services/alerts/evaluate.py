"""Alerts judged inside the transaction that applies readings or top-ups (server.services.ingest), so an alert
exists exactly when its cause was committed: a batch replayed after a crash finds its readings as
duplicates and fires nothing again, and a crash before the commit leaves neither.

For each applied reading, in the order applied, the meter's conditions (server.rules.alerts) are
compared with its stored state (meters.alert_active: one bit per kind): a condition that starts opens
a new episode (meters.alert_episode counts them per meter) and, when the client wants that alert, a
notification for it (unique per (meter, kind, episode): a second writer of one episode inserts
nothing), and a mail in the outbox when the client has a verified address. A condition that ends
re-arms the alert. The ingest reads each meter's alert state and its client's two thresholds in its
own look-up of the batch's meters (meters_to_judge), which locks them (PostgreSQL), so concurrent
imports of one meter take their turns; the episode counters, and the client's choice of alerts,
address and quiet hours, are read only for the few meters where a condition started.

Only the facts are written here: the mail's words are put together by the sender
(server.services.alerts.sender), from the notification, as the app does for the notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import history
from ...core.clock import to_brussels
from ...rules import alerts as rules
from ...rules.balance import daily_cost_cents, days_until_emergency_credit, reported_days_left, reported_status, topup_needed_cents
from ...store import alerts as store
from ...store import meters as meter_store
from ...store import outbox
from ...store.db import Transaction

# An alert about a state that is long past is no warning: readings older than this (a back-fill of
# history) move the episodes on without notices or mail.
MAX_AGE_SECONDS = 2 * 24 * 3600
# The thresholds for clients who never saved settings, as server.store.alerts.meters_to_judge takes them.
DEFAULT_THRESHOLDS = (rules.DEFAULT_RULES.balance_below_cents, rules.DEFAULT_RULES.days_left_at_most)
_daily_cost_cache: dict[str, tuple[object, int | None]] = {}


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


def meters_to_judge(tx: Transaction, eans: Sequence[str], *, lock: bool = False) -> dict[str, Any]:
    """The batch's meters with what judging their alerts needs (server.store.alerts.meters_to_judge)."""
    return store.meters_to_judge(tx, eans, DEFAULT_THRESHOLDS, lock=lock)


def _daily_cost(tx: Transaction, ean: str, *, now: int, day: object) -> int | None:
    """The daily cost the balance answer uses (server.services.balance): the history's average once the
    meter has 7 days of it, else the stored estimate. Kept per meter for the day in this process:
    the average is over completed days (server.rules.history), so today's readings never move it, and
    reading the history for every reading would cost more than applying it. What does move it, a
    reading or top-up of an earlier day, makes this process forget the meter's (forget_daily_costs)."""
    cached = _daily_cost_cache.get(ean)
    if cached is not None and cached[0] == day:
        return cached[1]
    # The history as this transaction left it (the batch's readings applied): the meter row read again.
    meter = meter_store.by_ean(tx, ean)
    if meter is None:
        return None
    value = daily_cost_cents(history.average_daily_cost(tx, meter, now=now), meter["average_daily_cost_cents"])
    if len(_daily_cost_cache) > 200_000:
        _daily_cost_cache.clear()
    _daily_cost_cache[ean] = (day, value)
    return value


def forget_daily_costs(eans: Iterable[str]) -> None:
    """These meters' history changed on a completed day (a back-fill, a late reading or top-up): their
    daily cost is read again at their next reading."""
    for ean in eans:
        _daily_cost_cache.pop(ean, None)


def days_left(meter: Mapping[str, Any], reading: tuple, daily_cost: int | None) -> tuple[int | None, int | None, int]:
    """What the balance answer would say after `reading`: (days until the emergency credit, days left with
    it, the top-up needed back to supplying). The days are None without a daily cost. The days_left_low
    alert judges the first (issue 20: "nog ongeveer 14 dagen" counted the emergency credit as the
    household's own money)."""
    _event, _ean, _read_at, balance, ec_available, ec_in_use, minimum_supply = reading
    limit = meter["negative_credit_limit_cents"]
    status = reported_status(balance, limit, ec_available, bool(ec_in_use), bool(minimum_supply))
    needed = topup_needed_cents(status, balance)
    if daily_cost is None:
        return None, None, needed
    return (days_until_emergency_credit(status, balance, limit, daily_cost),
            reported_days_left(status, balance, limit, ec_available, daily_cost), needed)


class _Fires:
    """The alerts a batch may fire: for each condition that started, its client's choice is read (only
    these clients' settings, in one query), then the notifications the clients want are inserted
    together (each episode's at most once), and a mail's facts queued for each new one whose client has
    a verified address."""

    def __init__(self, now: int):
        self.now = now
        self.rows: list[tuple] = []

    def add(self, meter: Mapping[str, Any], kind: str, episode: int, *, balance_cents: int, days_left: int | None,
            amount_cents: int | None = None, days_until_emergency_credit: int | None = None,
            topup_needed_cents: int | None = None) -> None:
        self.rows.append((int(meter["account_id"]), meter["ean"], meter["energy"], kind, episode, self.now,
                          balance_cents, days_left, amount_cents, days_until_emergency_credit, topup_needed_cents))

    def write(self, tx: Transaction) -> list[Fired]:
        if not self.rows:
            return []
        settings = store.settings_of_accounts(tx, [row[0] for row in self.rows])
        wanted = [row for row in self.rows if rules_of(settings.get(row[0])).wants(row[3])]
        if not wanted:
            return []
        ids = store.insert_notifications(tx, wanted)
        fired: list[Fired] = []
        mails: list[tuple] = []
        local_now = to_brussels(self.now)
        for row in wanted:
            notification_id = ids.get((row[1], row[3], row[4]))
            if notification_id is None:
                continue  # this episode fired already
            fired.append(Fired(notification_id, row[0], row[1], row[3]))
            setting = settings.get(row[0])
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
    in the order they were applied. `meters`: their meters as meters_to_judge read them (locked) before
    the batch was applied."""
    if not applied:
        return []
    day = to_brussels(now).date()
    today_starts = history.midnight(day)
    forget_daily_costs({reading[1] for reading in applied if reading[2] < today_starts})
    # First the conditions after each reading, reading as little as possible: most readings change
    # nothing. `transitions`: (ean, bits before, bits after, reading, days left) where they changed;
    # `bits_now`: each such meter's bits as the batch leaves them.
    transitions: list[tuple] = []
    bits_now: dict[str, int] = {}
    condition_bits = rules.condition_bits
    recent_since = now - MAX_AGE_SECONDS
    for reading in applied:
        ean = reading[1]
        meter = meters[ean]
        active = bits_now.get(ean)
        if active is None:
            active = meter["alert_active"]
        if reading[2] >= recent_since:
            facts = days_left(meter, reading, _daily_cost(tx, ean, now=now, day=day))
        else:
            # A reading from the past (a history loaded in bulk) fires nothing, and today's daily cost says
            # little of its days left: they are judged from the first recent reading on. Reading each
            # meter's history again for every batch of a year's back-fill would cost more than the import.
            facts = (None, None, None)
        bits = condition_bits(reading[3], facts[0], reading[5], reading[6], meter["balance_below_cents"],
                              meter["days_left_at_most"])
        if bits != active:
            transitions.append((ean, active, bits, reading, facts))
            bits_now[ean] = bits
    if not transitions:
        return []
    # Then the episodes of the meters whose conditions changed, in the order of their readings.
    started = store.meters_where_started(tx, list(bits_now))
    episodes = {ean: int(started[ean]["alert_episode"]) for ean in bits_now}
    fires = _Fires(now)
    for ean, before, after, reading, (until_ec, days, needed) in transitions:
        episode = episodes[ean]
        for kind, bit in rules.BITS.items():
            if after & bit and not before & bit:  # started: a new episode
                episode += 1
                if reading[2] >= recent_since:
                    fires.add(started[ean], kind, episode, balance_cents=reading[3], days_left=days,
                              days_until_emergency_credit=until_ec, topup_needed_cents=needed)
        # A condition that ended just loses its bit: the alert is armed again.
        episodes[ean] = episode
    store.save_episodes(tx, [(bits, episodes[ean], ean) for ean, bits in bits_now.items()])
    return fires.write(tx)


def topups_applied(tx: Transaction, applied: Sequence[tuple[int, tuple]], *, now: int) -> list[Fired]:
    """`applied`: (top-up row id, row in server.store.meters.TOPUP_EVENT_COLUMNS order). Each loaded top-up
    is an episode of its own, numbered by its row id."""
    recent = [(topup_id, row) for topup_id, row in applied if row[5] >= now - MAX_AGE_SECONDS]
    if not recent:
        return []
    meters = store.meters_where_started(tx, [row[1] for _id, row in recent])
    fires = _Fires(now)
    for topup_id, row in recent:
        meter = meters.get(row[1])
        if meter is not None:
            fires.add(meter, "topup_loaded", topup_id, balance_cents=int(meter["balance_cents"]), days_left=None,
                      amount_cents=row[2])
    return fires.write(tx)
