"""Issue 20: the demo history obeys the meter. Every day of every demo meter, for several days the demo
could be seeded on (a summer day, a winter day, both DST changes): never below what the meter allows
(negative credit limit plus emergency credit) while it supplies, minimum supply only once the
emergency credit is used up, the status each reading reports the one its balance gives, and the README's
figures exact. An, whom the README calls comfortable, never ends a day below zero (before: about € -160
and "het saldo eindigde op 83 dagen onder nul").

seed 002: "Stel dat uw negatieve kredietlimiet -50 euro bedraagt, dan betekent dit dat u energie kunt
verbruiken tot uw meter een negatief saldo van -50 euro bereikt. Zodra u deze limiet bereikt, kunt u via
de meter uw noodkrediet activeren. Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten";
seed 001: "Is uw hulpkrediet opgebruikt? En u laadt uw betaalkaart voor de budgetmeter niet opnieuw op?
Dan valt u nog niet zonder stroom."
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from server.services.demo import HISTORY_DAYS, HOUSEHOLDS, demo_readings, demo_topups
from server.rules.balance import meter_status, reported_status
from server.rules.ean import make_ean

BRUSSELS = ZoneInfo("Europe/Brussels")
SEEDED_ON = [
    datetime(2026, 7, 15, 10, 0, tzinfo=BRUSSELS),
    datetime(2026, 1, 8, 23, 50, tzinfo=BRUSSELS),
    datetime(2026, 3, 29, 0, 20, tzinfo=BRUSSELS),   # DST starts that night
    datetime(2026, 10, 25, 12, 0, tzinfo=BRUSSELS),  # DST ends that night
    datetime(2026, 11, 30, 8, 0, tzinfo=BRUSSELS),
]
METERS = [(h, m) for h in HOUSEHOLDS for m in h.meters]
# The README's "Demo logins" table: (balance, status, emergency credit available) of each meter today.
README = {
    ("An Peeters", "electricity"): (4217, "supplying", 2000),
    ("An Peeters", "gas"): (1250, "supplying", 2000),
    ("Youssef El Amrani", "electricity"): (-320, "emergency_credit", 1680),
    ("Youssef El Amrani", "gas"): (0, "minimum_supply", 0),
    ("Marie Claes", "electricity"): (-2500, "minimum_supply", 0),
    ("Sophie Dubois", "electricity"): (805, "supplying", 2000),
}


@pytest.mark.parametrize("seeded_on", SEEDED_ON, ids=lambda d: d.date().isoformat())
@pytest.mark.parametrize(("household", "meter"), METERS, ids=[f"{h.display_name}-{m.energy}" for h, m in METERS])
def test_every_demo_day_obeys_the_meter(household, meter, seeded_on) -> None:
    now = int(seeded_on.timestamp())
    rows = demo_readings(meter, make_ean(meter.ean_body), now)
    assert len(rows) == HISTORY_DAYS
    floor = -((meter.negative_credit_limit_cents or 0) + meter.emergency_credit_limit_cents)
    for _event, _ean, at, balance, ec_available, ec_in_use, minimum in rows:
        view = meter_status(energy=meter.energy, balance_cents=balance,
                            emergency_credit_limit_cents=meter.emergency_credit_limit_cents,
                            negative_credit_limit_cents=meter.negative_credit_limit_cents,
                            minimum_supply_active=bool(minimum), average_daily_cost_cents=meter.average_daily_cost_cents)
        day = datetime.fromtimestamp(at, BRUSSELS).date()
        if minimum:
            # Minimum supply only once the emergency credit is used up; what it supplies is owed too.
            assert balance <= floor, (day, balance)
        else:
            # While it supplies, never below the negative credit limit plus the emergency credit.
            assert balance > floor, (day, balance)
            assert view.status in ("supplying", "emergency_credit"), (day, balance)
        # What the reading reports is what its balance means.
        assert (ec_available, bool(ec_in_use)) == (view.emergency_credit_available_cents, view.emergency_credit_in_use)
        assert reported_status(balance, meter.negative_credit_limit_cents, ec_available, bool(ec_in_use), bool(minimum)) == view.status
        if household.display_name == "An Peeters":
            assert balance >= 0, (day, balance)
    last = rows[-1]
    expected_balance, expected_status, expected_available = README[(household.display_name, meter.energy)]
    view = meter_status(energy=meter.energy, balance_cents=last[3], emergency_credit_limit_cents=meter.emergency_credit_limit_cents,
                        negative_credit_limit_cents=meter.negative_credit_limit_cents, minimum_supply_active=bool(last[6]),
                        average_daily_cost_cents=meter.average_daily_cost_cents)
    assert (last[3], view.status, view.emergency_credit_available_cents) == (expected_balance, expected_status, expected_available)
    assert bool(last[6]) is meter.minimum_supply_active
    # The top-ups the seed stores are real top-ups (at least 0,50, seed 002 "minimaal 0,50 euro").
    assert all(amount >= 50 for _days_ago, amount, _channel, _location in demo_topups(meter, now))


def test_each_demo_password_hash_is_its_passwords() -> None:
    # The demo stores a hash made once instead of hashing at every start; it must still be the hash
    # of the password the README gives (`an.peeters`, `Demo-2026!`), and only households with a
    # password have one.
    from server.core.security import verify_password

    for household in HOUSEHOLDS:
        assert (household.password is None) == (household.password_hash is None), household.display_name
        if household.password is not None:
            assert verify_password(household.password_hash, household.password), household.display_name
            assert not verify_password(household.password_hash, household.password + "x")
