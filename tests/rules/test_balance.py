"""Meter status from the balance: negative credit limit, emergency credit, minimum supply.

seed 002: "Stel dat uw negatieve kredietlimiet -50 euro bedraagt, dan betekent dit dat u energie
kunt verbruiken tot uw meter een negatief saldo van -50 euro bereikt. Zodra u deze limiet bereikt,
kunt u via de meter uw noodkrediet activeren. Als ook dit laatste krediet uitgeput is, wordt uw
meter afgesloten en krijgt u geen energie meer geleverd."
seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde elektriciteit
slechts 10 ampère is. Aan een spanning van 230 volt levert dat een bruikbaar vermogen op van 2300 Watt."
"""

import dataclasses

import pytest

from server.rules.balance import (
    MINIMUM_SUPPLY_CURRENT_A,
    MINIMUM_SUPPLY_WATT,
    BalanceView,
    MeterState,
    meter_status,
)


def test_minimum_supply_constants():
    # seed 001: "slechts 10 ampère ... bruikbaar vermogen op van 2300 Watt"
    assert MINIMUM_SUPPLY_CURRENT_A == 10
    assert MINIMUM_SUPPLY_WATT == 2300


# columns: energy, balance, EC limit, NCL, minimum supply, avg/day ->
#          status, EC available, EC in use, max current, days left
CASES = [
    # The README's demo table — must come out exactly.
    pytest.param("electricity", 4217, 2000, None, False, 210,
                 "supplying", 2000, False, None, 29, id="demo_positive_balance_uses_no_emergency_credit"),
    pytest.param("electricity", -320, 2000, None, False, 250,
                 "emergency_credit", 1680, True, None, 6, id="demo_negative_balance_eats_emergency_credit"),
    pytest.param("gas", 0, 0, None, True, 310,
                 "minimum_supply", 0, False, None, 0, id="demo_gas_minimum_supply_has_no_current_limit"),
    pytest.param("electricity", -2500, 2000, None, True, 190,
                 "minimum_supply", 0, True, 10, 0, id="demo_electricity_minimum_supply_10_ampere"),
    pytest.param("electricity", 805, 2000, None, False, 1000,
                 "supplying", 2000, False, None, 2, id="demo_days_left_counts_emergency_credit"),
    # Balance at zero: nothing used yet.
    pytest.param("electricity", 0, 2000, None, False, 100,
                 "supplying", 2000, False, None, 20, id="zero_balance_still_supplying"),
    pytest.param("gas", 1250, 2000, None, False, 340,
                 "supplying", 2000, False, None, 9, id="gas_supplying_days_floor"),
    # seed 002: "u energie kunt verbruiken tot uw meter een negatief saldo van -50 euro bereikt"
    pytest.param("electricity", -3000, 2000, 5000, False, 100,
                 "supplying", 2000, False, None, 40, id="within_negative_credit_limit_no_emergency_credit"),
    pytest.param("electricity", -5000, 2000, 5000, False, 100,
                 "supplying", 2000, False, None, 20, id="negative_credit_limit_reached_exactly"),
    # seed 002: "Zodra u deze limiet bereikt, kunt u via de meter uw noodkrediet activeren."
    pytest.param("electricity", -5500, 2000, 5000, False, 100,
                 "emergency_credit", 1500, True, None, 15, id="beyond_negative_credit_limit_uses_emergency_credit"),
    # seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten"
    pytest.param("electricity", -7000, 2000, 5000, False, 100,
                 "interrupted", 0, True, None, 0, id="negative_credit_and_emergency_credit_exhausted"),
    pytest.param("electricity", -2000, 2000, None, False, 100,
                 "interrupted", 0, True, None, 0, id="emergency_credit_exhausted_exactly"),
    pytest.param("electricity", -2600, 2000, 0, False, 100,
                 "interrupted", 0, True, None, 0, id="debt_beyond_emergency_credit"),
    pytest.param("gas", -1, 0, None, False, 100,
                 "interrupted", 0, False, None, 0, id="no_emergency_credit_any_debt_interrupts"),
    pytest.param("electricity", -1, 2000, None, False, 100,
                 "emergency_credit", 1999, True, None, 19, id="one_cent_below_zero_uses_emergency_credit"),
    # seed 001: "De stroombegrenzer ... slechts 10 ampère"; "Ook deze minimumlevering dient u te betalen."
    pytest.param("electricity", 500, 2000, None, True, 100,
                 "minimum_supply", 2000, False, 10, 0, id="minimum_supply_overrides_status_no_days"),
    pytest.param("electricity", 6217, 0, None, False, 6217,
                 "supplying", 0, False, None, 1, id="days_left_exact_division"),
    pytest.param("electricity", 6216, 0, None, False, 6217,
                 "supplying", 0, False, None, 0, id="days_left_rounds_down"),
]


@pytest.mark.parametrize(
    ("energy", "balance", "ec_limit", "ncl", "min_supply", "avg",
     "status", "ec_available", "ec_in_use", "max_current", "days"),
    CASES,
)
def test_meter_status(energy, balance, ec_limit, ncl, min_supply, avg,
                      status, ec_available, ec_in_use, max_current, days):
    view = meter_status(
        energy=energy,
        balance_cents=balance,
        emergency_credit_limit_cents=ec_limit,
        negative_credit_limit_cents=ncl,
        minimum_supply_active=min_supply,
        average_daily_cost_cents=avg,
    )
    assert view == BalanceView(
        status=status,
        emergency_credit_available_cents=ec_available,
        emergency_credit_in_use=ec_in_use,
        minimum_supply_max_current_a=max_current,
        estimated_days_left=days,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"average_daily_cost_cents": 0}, id="zero_daily_cost_refused"),
        pytest.param({"average_daily_cost_cents": -5}, id="negative_daily_cost_refused"),
        pytest.param({"energy": "heat"}, id="meter_energy_only_electricity_or_gas"),
        pytest.param({"emergency_credit_limit_cents": -1}, id="negative_emergency_credit_limit_refused"),
        pytest.param({"negative_credit_limit_cents": -5000}, id="negative_credit_limit_given_as_size"),
    ],
)
def test_meter_status_refuses(overrides):
    args = dict(
        energy="electricity",
        balance_cents=100,
        emergency_credit_limit_cents=2000,
        negative_credit_limit_cents=None,
        minimum_supply_active=False,
        average_daily_cost_cents=100,
    )
    args.update(overrides)
    with pytest.raises(ValueError):
        meter_status(**args)


def test_views_are_frozen():
    view = meter_status(
        energy="gas", balance_cents=0, emergency_credit_limit_cents=0,
        negative_credit_limit_cents=None, minimum_supply_active=False, average_daily_cost_cents=1,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.status = "supplying"  # type: ignore[misc]
    state = MeterState("gas", 0, 0, None, False, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.balance_cents = 5  # type: ignore[misc]


# --- Issue 20: days before the emergency credit, and the top-up that ends it -------------------------
# An's case: € 8,70 at € 2,10 a day with € 20,00 emergency credit used to read "nog 13 dagen"; 4 of those
# are her own money, about 9 are emergency credit she pays back at the next top-up.

from server.rules.balance import days_until_emergency_credit, topup_needed_cents  # noqa: E402


@pytest.mark.parametrize(
    ("status", "balance", "ncl", "avg", "days"),
    [
        pytest.param("supplying", 870, None, 210, 4, id="an_870_at_210_is_4_days_not_13"),
        pytest.param("supplying", 4217, None, 210, 20, id="demo_an_electricity"),
        pytest.param("supplying", 805, None, 1000, 0, id="demo_sophie_less_than_a_day_before_emergency_credit"),
        # seed 002: "dan betekent dit dat u energie kunt verbruiken tot uw meter een negatief saldo van
        # -50 euro bereikt. Zodra u deze limiet bereikt, kunt u via de meter uw noodkrediet activeren."
        pytest.param("supplying", 1000, 5000, 100, 60, id="negative_credit_room_counts_before_emergency_credit"),
        pytest.param("supplying", -3000, 5000, 100, 20, id="inside_the_negative_credit_limit"),
        pytest.param("emergency_credit", -320, None, 250, 0, id="on_emergency_credit_is_0"),
        pytest.param("minimum_supply", -2500, None, 190, 0, id="minimum_supply_is_0"),
        pytest.param("interrupted", -2000, None, 100, 0, id="interrupted_is_0"),
        pytest.param("supplying", 4217, None, None, None, id="unknown_without_7_days_of_history"),
        pytest.param("emergency_credit", -320, None, None, 0, id="on_emergency_credit_needs_no_history"),
    ],
)
def test_days_until_emergency_credit(status, balance, ncl, avg, days):
    assert days_until_emergency_credit(status, balance, ncl, avg) == days


@pytest.mark.parametrize(
    ("status", "balance", "needed"),
    [
        pytest.param("supplying", 4217, 0, id="supplying_needs_nothing"),
        pytest.param("supplying", -3000, 0, id="inside_the_negative_credit_limit_still_supplying"),
        # seed 002: "Als u bijvoorbeeld een bedrag van -50 euro hebt bereikt, dan moet u die 50 euro
        # terugbetalen, plus het bedrag van uw oplaadbeurt (minimaal 0,50 euro), om nog energie te kunnen
        # verbruiken."
        pytest.param("emergency_credit", -5000, 5050, id="seed_002_example_50_euro_plus_50_cent"),
        pytest.param("emergency_credit", -320, 370, id="demo_youssef_electricity"),
        pytest.param("interrupted", -2000, 2050, id="interrupted"),
        pytest.param("minimum_supply", -2500, 2550, id="demo_marie_minimum_supply"),
        # seed 002: "dient u uw meter eerst op te laden tot een positief saldo van minstens 0,50 euro"
        pytest.param("minimum_supply", 0, 50, id="demo_youssef_gas_at_zero"),
        pytest.param("minimum_supply", 500, 50, id="positive_balance_under_minimum_supply_still_one_top_up"),
    ],
)
def test_topup_needed(status, balance, needed):
    assert topup_needed_cents(status, balance) == needed
