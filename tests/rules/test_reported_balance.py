"""The balance view from what the operator's metering system reported (server.rules.balance.reported_view)."""

from __future__ import annotations

import pytest

from server.rules.balance import MeterState, reported_view


def state(balance: int, *, ncl: int | None = None, minimum: bool = False) -> MeterState:
    return MeterState(
        energy="electricity",
        balance_cents=balance,
        emergency_credit_limit_cents=2000,
        negative_credit_limit_cents=ncl,
        minimum_supply_active=minimum,
        average_daily_cost_cents=250,
    )


@pytest.mark.parametrize(
    "balance,ncl,available,in_use,minimum,status,days",
    [
        (1000, None, 2000, False, False, "supplying", (1000 + 2000) // 250),
        (-500, None, 1500, True, False, "emergency_credit", 1500 // 250),
        (-2000, None, 0, True, False, "interrupted", 0),
        # seed 002: past the negative credit limit, emergency credit must be switched on first.
        (-6000, 5000, 2000, False, False, "interrupted", 0),
        (-3000, 5000, 2000, False, False, "supplying", (2000 + 2000) // 250),
        (-100, None, 0, False, True, "minimum_supply", 0),
    ],
)
def test_reported_view(balance, ncl, available, in_use, minimum, status, days) -> None:
    view = reported_view(state(balance, ncl=ncl, minimum=minimum), emergency_credit_available_cents=available, emergency_credit_in_use=in_use)
    assert (view.status, view.estimated_days_left, view.emergency_credit_available_cents, view.emergency_credit_in_use) == (
        status, days, available, in_use
    )
