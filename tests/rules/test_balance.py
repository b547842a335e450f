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
