"""Deterministic demo data: the households of the README's demo table, their meters, history and tariff, and the
top-up points. Seeding runs only on an empty store, so it is safe on every start."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from ..core import security
from ..core.clock import BRUSSELS, now_s
from ..core.settings import Settings
from ..rules.ean import make_ean
from ..rules.balance import meter_status
from ..store import accounts, meters, readings, topup_points
from ..store import tariff as tariff_store
from ..store.db import Database

log = logging.getLogger("budgetmeter.server")

DAY = 86400


@dataclass(frozen=True)
class DemoMeter:
    ean_body: str
    energy: str
    balance_cents: int
    emergency_credit_limit_cents: int
    average_daily_cost_cents: int
    negative_credit_limit_cents: int | None = None
    minimum_supply_active: bool = False
    # When the household tops up: (days ago, channel, location). The amounts follow from the history
    # (demo_topups), so that the meter's rules hold on every day.
    topups: tuple[tuple[int, str, str | None], ...] = ()
    # The balance at the end of the day before a top-up: where this household lets it fall (An, who is
    # comfortable, tops up with money left; Youssef and Marie dip into their emergency credit first).
    tops_up_at_cents: int = 500


@dataclass(frozen=True)
class DemoTariff:
    energy: str
    category: str
    start: str
    end: str
    source: str


@dataclass(frozen=True)
class DemoHousehold:
    prepaid_code: str
    postal_code: str
    display_name: str
    language: str = "nl"
    username: str | None = None
    password: str | None = None
    # The demo password's argon2id hash, made once (tests/test_demo_data.py checks that it is the
    # password's): hashing it at every demo start cost each test server a 64 MiB hash.
    password_hash: str | None = None
    meters: tuple[DemoMeter, ...] = ()
    social_tariff: tuple[DemoTariff, ...] = ()
    protected_customer: bool = False


def _history(count: int, step_days: int, channel: str, location: str | None) -> tuple:
    return tuple((7 + i * step_days, channel, location) for i in range(count))


HOUSEHOLDS: tuple[DemoHousehold, ...] = (
    DemoHousehold(
        prepaid_code="1111 2222 33",
        postal_code="9000",
        display_name="An Peeters",
        username="an.peeters",
        password="Demo-2026!",
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$4TMTwQgzQhL+eu8bzvgt2A$/GoqNzygaHwFy9ySQU9LOa8Sr3aY3bHx37VDCY/EH+I",
        protected_customer=True,
        meters=(
            DemoMeter("000000101001", "electricity", 4217, 2000, 210, tops_up_at_cents=1000,
                      topups=((2, "terminal", "Dagbladhandel De Krant, Gent"),) +
                      _history(24, 9, "transfer", None)),
            DemoMeter("000000101002", "gas", 1250, 2000, 340, tops_up_at_cents=800,
                      topups=((4, "terminal", "OCMW Gent, Onderbergen"),) +
                      _history(8, 14, "transfer", None)),
        ),
        social_tariff=(
            DemoTariff("electricity", "1", "2026-01-01", "2026-12-31", "automatic"),
            DemoTariff("gas", "1", "2026-01-01", "2026-12-31", "automatic"),
        ),
    ),
    DemoHousehold(
        prepaid_code="4444 5555 66",
        postal_code="2000",
        display_name="Youssef El Amrani",
        meters=(
            DemoMeter("000000202001", "electricity", -320, 2000, 250, tops_up_at_cents=-600,
                      topups=_history(9, 11, "terminal", "Nachtwinkel Centraal, Antwerpen")),
            DemoMeter("000000202002", "gas", 0, 0, 310, minimum_supply_active=True, tops_up_at_cents=300,
                      topups=_history(5, 20, "ocmw", "OCMW Antwerpen")),
        ),
    ),
    DemoHousehold(
        prepaid_code="7777 8888 99",
        postal_code="3000",
        display_name="Marie Claes",
        protected_customer=True,
        meters=(
            DemoMeter("000000303001", "electricity", -2500, 2000, 190, minimum_supply_active=True,
                      tops_up_at_cents=-1200, topups=_history(6, 16, "transfer", None)),
        ),
        social_tariff=(DemoTariff("electricity", "2A", "2026-07-01", "2026-12-31", "certificate"),),
    ),
    DemoHousehold(
        prepaid_code="1234 5678 90",
        postal_code="1640",
        display_name="Sophie Dubois",
        language="fr",
        meters=(
            DemoMeter("000000404001", "electricity", 805, 2000, 1000, tops_up_at_cents=300,
                      topups=_history(15, 6, "terminal", "Librairie du Centre, Rhode-Saint-Genèse")),
        ),
    ),
)


def load_demo_topup_points(path: str | None = None) -> list[dict]:
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    data = resources.files("server").joinpath("data/topup_points.json").read_text(encoding="utf-8")
    return json.loads(data)


def _at_noon(days_ago: int, now: int) -> int:
    day = datetime.fromtimestamp(now - days_ago * DAY, BRUSSELS).date()
    return int(datetime.combine(day, time(11, 30), BRUSSELS).timestamp())


HISTORY_DAYS = 90


def _daily_cost(m: DemoMeter, day: date) -> int:
    """Use on a day: the meter's average, a little more on one day and less on the next, so that any 30
    consecutive days add up to exactly 30 times the average. The days left computed from the history
    (server.rules.history) are then those of the README's demo table."""
    swing = m.average_daily_cost_cents // 8
    return m.average_daily_cost_cents + (swing if day.toordinal() % 2 == 0 else -swing)


def _rounded(cents: int) -> int:
    """A top-up as people load them: a multiple of 5 euro, at least 5 euro."""
    return max(500, (cents + 250) // 500 * 500)


def _walk(m: DemoMeter, now: int) -> tuple[list[tuple[date, int]], list[tuple[int, int, str, str | None]]]:
    """The 90 days' end balances, newest first, and the top-ups with their amounts. Computed backwards
    from today's demo balance (balance the day before = balance + use - top-ups that day), each top-up
    the amount that had let the balance fall to m.tops_up_at_cents the day before: so a history obeys
    the meter on every day (issue 20: An's went to € -160 with € 20 of emergency credit). A top-up
    older than the history is the use between it and the next one."""
    today = datetime.fromtimestamp(now, BRUSSELS).date()
    day_of = {days_ago: datetime.fromtimestamp(_at_noon(days_ago, now), BRUSSELS).date() for days_ago, _c, _l in m.topups}
    on_day: dict[date, list[int]] = {}
    for days_ago in sorted(day_of):
        on_day.setdefault(day_of[days_ago], []).append(days_ago)
    amounts: dict[int, int] = {}
    balance = m.balance_cents
    days: list[tuple[date, int]] = []
    for back in range(HISTORY_DAYS):
        day = today - timedelta(days=back)
        days.append((day, balance))
        before = balance + _daily_cost(m, day)
        for days_ago in on_day.get(day, ()):
            amounts[days_ago] = _rounded(before - m.tops_up_at_cents)
            before -= amounts[days_ago]
        balance = before
    ordered = sorted(day_of)
    for i, days_ago in enumerate(ordered):
        if days_ago not in amounts:
            gap = days_ago - ordered[i - 1] if i else days_ago
            amounts[days_ago] = _rounded(gap * m.average_daily_cost_cents)
    return days, [(days_ago, amounts[days_ago], channel, location) for days_ago, channel, location in m.topups]


def demo_topups(m: DemoMeter, now: int) -> list[tuple[int, int, str, str | None]]:
    """(days ago, amount in cents, channel, location) of the meter's demo top-ups."""
    return _walk(m, now)[1]


def demo_readings(m: DemoMeter, ean: str, now: int) -> list[tuple]:
    """One reading a day over the last 90 days (in the evening; today's 40 minutes ago), with the balances
    of _walk. Rows in server.store.readings.COLUMNS order, oldest first."""
    today = datetime.fromtimestamp(now, BRUSSELS).date()
    midnight = int(datetime.combine(today, time(0), BRUSSELS).timestamp())
    # seed 001: "Is uw hulpkrediet opgebruikt? ... Dan valt u nog niet zonder stroom": minimum supply only
    # once the negative credit limit and the emergency credit are used up.
    used_up = -((m.negative_credit_limit_cents or 0) + m.emergency_credit_limit_cents)
    rows = []
    for day, balance in _walk(m, now)[0]:
        if day == today:
            at = max(midnight, now - 40 * 60)
        else:
            at = int(datetime.combine(day, time(21, 0), BRUSSELS).timestamp())
        minimum = m.minimum_supply_active and balance <= used_up
        view = meter_status(
            energy=m.energy,
            balance_cents=balance,
            emergency_credit_limit_cents=m.emergency_credit_limit_cents,
            negative_credit_limit_cents=m.negative_credit_limit_cents,
            minimum_supply_active=minimum,
            average_daily_cost_cents=m.average_daily_cost_cents,
        )
        rows.append((
            f"demo-{ean}-{day.isoformat()}",
            ean,
            at,
            balance,
            view.emergency_credit_available_cents,
            int(view.emergency_credit_in_use),
            int(minimum),
        ))
    return rows[::-1]


def seed(db: Database, settings: Settings) -> bool:
    """Seeds the demo when the store holds no accounts; returns whether it did."""
    key = settings.resolved_secret_key()
    now = now_s()
    with db.transaction(write=True) as tx:
        if accounts.count(tx) > 0:
            return False
        for household in HOUSEHOLDS:
            code = security.normalise_prepaid_code(household.prepaid_code)
            assert code is not None
            account_id = accounts.create(
                tx,
                display_name=household.display_name,
                language=household.language,
                postal_code=household.postal_code,
                prepaid_code_hash=security.prepaid_code_hash(key, code),
                prepaid_code_last_digits=code[-2:],
                username=household.username,
                password_hash=household.password_hash,
                protected_customer=household.protected_customer,
                tariff_checked_at=now - 5 * DAY,
                created_at=now,
            )
            for m in household.meters:
                ean = make_ean(m.ean_body)
                meters.create(
                    tx,
                    ean=ean,
                    account_id=account_id,
                    energy=m.energy,
                    balance_cents=m.balance_cents,
                    emergency_credit_limit_cents=m.emergency_credit_limit_cents,
                    negative_credit_limit_cents=m.negative_credit_limit_cents,
                    minimum_supply_active=int(m.minimum_supply_active),
                    average_daily_cost_cents=m.average_daily_cost_cents,
                    updated_at=now - 40 * 60,
                )
                for days_ago, amount, channel, location in demo_topups(m, now):
                    meters.add_topup(
                        tx, ean=ean, amount_cents=amount, channel=channel, location=location, at=_at_noon(days_ago, now)
                    )
                rows = demo_readings(m, ean, now)
                readings.insert_or_find(tx, rows)
                tx.execute("UPDATE meters SET read_at = ? WHERE ean = ?", (rows[-1][2], ean))
            for t in household.social_tariff:
                tariff_store.put(
                    tx,
                    account_id=account_id,
                    energy=t.energy,
                    active=True,
                    category=t.category,
                    start_date=t.start,
                    end_date=t.end,
                    source=t.source,
                )
        if topup_points.count(tx) == 0:
            topup_points.insert_many(tx, load_demo_topup_points(settings.topup_points_file))
    log.info("Demo data seeded: %s households", len(HOUSEHOLDS))
    return True
