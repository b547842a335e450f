"""Deterministic demo data: the households of the README's demo table, their meters, history and tariff, and the
top-up points. Seeding runs only on an empty store, so it is safe on every start."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from .core import security
from .core.clock import BRUSSELS, now_s
from .core.settings import Settings
from .rules.ean import make_ean
from .rules.balance import meter_status
from .store import accounts, meters, readings, topup_points
from .store import tariff as tariff_store
from .store.db import Database

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
    # (days ago, amount in cents, channel, location)
    topups: tuple[tuple[int, int, str, str | None], ...] = ()


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
    meters: tuple[DemoMeter, ...] = ()
    social_tariff: tuple[DemoTariff, ...] = ()
    protected_customer: bool = False


def _history(base: int, count: int, step_days: int, channel: str, location: str | None) -> tuple:
    return tuple((7 + i * step_days, base + (i % 3) * 500, channel, location) for i in range(count))


HOUSEHOLDS: tuple[DemoHousehold, ...] = (
    DemoHousehold(
        prepaid_code="1111 2222 33",
        postal_code="9000",
        display_name="An Peeters",
        username="an.peeters",
        password="Demo-2026!",
        protected_customer=True,
        meters=(
            DemoMeter("000000101001", "electricity", 4217, 2000, 210,
                      topups=((2, 5000, "terminal", "Dagbladhandel De Krant, Gent"),) +
                      _history(3000, 24, 9, "transfer", None)),
            DemoMeter("000000101002", "gas", 1250, 2000, 340,
                      topups=((4, 2500, "terminal", "OCMW Gent, Onderbergen"),) +
                      _history(2000, 8, 14, "transfer", None)),
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
            DemoMeter("000000202001", "electricity", -320, 2000, 250,
                      topups=_history(1500, 6, 11, "terminal", "Nachtwinkel Centraal, Antwerpen")),
            DemoMeter("000000202002", "gas", 0, 0, 310, minimum_supply_active=True,
                      topups=_history(1000, 3, 20, "ocmw", "OCMW Antwerpen")),
        ),
    ),
    DemoHousehold(
        prepaid_code="7777 8888 99",
        postal_code="3000",
        display_name="Marie Claes",
        protected_customer=True,
        meters=(
            DemoMeter("000000303001", "electricity", -2500, 2000, 190, minimum_supply_active=True,
                      topups=_history(2000, 5, 16, "transfer", None)),
        ),
        social_tariff=(DemoTariff("electricity", "2A", "2026-07-01", "2026-12-31", "certificate"),),
    ),
    DemoHousehold(
        prepaid_code="1234 5678 90",
        postal_code="1640",
        display_name="Sophie Dubois",
        language="fr",
        meters=(
            DemoMeter("000000404001", "electricity", 805, 2000, 1000,
                      topups=_history(4000, 4, 6, "terminal", "Librairie du Centre, Rhode-Saint-Genèse")),
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


def demo_readings(m: DemoMeter, ean: str, now: int) -> list[tuple]:
    """One reading a day over the last 90 days (in the evening; today's 40 minutes ago), computed
    backwards from today's demo balance: balance the day before = balance + use - top-ups that day.
    Rows in server.store.readings.COLUMNS order, oldest first."""
    today = datetime.fromtimestamp(now, BRUSSELS).date()
    topups: dict[date, int] = {}
    for days_ago, amount, _channel, _location in m.topups:
        day = datetime.fromtimestamp(_at_noon(days_ago, now), BRUSSELS).date()
        topups[day] = topups.get(day, 0) + amount
    midnight = int(datetime.combine(today, time(0), BRUSSELS).timestamp())
    balance = m.balance_cents
    rows = []
    for back in range(HISTORY_DAYS):
        day = today - timedelta(days=back)
        if back == 0:
            at = max(midnight, now - 40 * 60)
        else:
            at = int(datetime.combine(day, time(21, 0), BRUSSELS).timestamp())
        view = meter_status(
            energy=m.energy,
            balance_cents=balance,
            emergency_credit_limit_cents=m.emergency_credit_limit_cents,
            negative_credit_limit_cents=m.negative_credit_limit_cents,
            minimum_supply_active=m.minimum_supply_active and balance <= 0,
            average_daily_cost_cents=m.average_daily_cost_cents,
        )
        rows.append((
            f"demo-{ean}-{day.isoformat()}",
            ean,
            at,
            balance,
            view.emergency_credit_available_cents,
            int(view.emergency_credit_in_use),
            int(m.minimum_supply_active and balance <= 0),
        ))
        balance = balance + _daily_cost(m, day) - topups.get(day, 0)
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
                password_hash=security.hash_password(household.password) if household.password else None,
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
                for days_ago, amount, channel, location in m.topups:
                    meters.add_topup(
                        tx, ean=ean, amount_cents=amount, channel=channel, location=location, at=_at_noon(days_ago, now)
                    )
                rows = demo_readings(m, ean, now)
                readings.insert_new(tx, rows)
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
