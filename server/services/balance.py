"""A meter's balance answer from its row: status, emergency credit, days left and the top-up needed,
as GET /api/v1/meters/{ean}/balance gives them. One source for the documented route, the fast path
(server.api.fastpath), the caseload (its figures and a client's file) and the staff digest, so a
household's app, its caseload row and the digest never disagree."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..core.clock import to_brussels
from ..rules.balance import BalanceView, MeterState, daily_cost_cents, days_until_emergency_credit, meter_view, reported_view, topup_needed_cents


def balance_document(m: dict[str, Any], average_daily_cost: int | None) -> dict[str, Any]:
    """The balance answer of a meter row, in the fields and order of the Balance schema: one source
    for the documented route and for server.api.fastpath, which serialises it without the model.

    `average_daily_cost` comes from the meter's own history once it has 7 days of it
    (server.rules.history); before that the stored estimate (rules.balance.daily_cost_cents, as the
    alerts count), 0 when there is none: the app then shows no days left, and days until the emergency
    credit are null."""
    view, daily_cost = balance_view(m, average_daily_cost)
    return {
        "ean": m["ean"],
        "energy": m["energy"],
        "balance_cents": m["balance_cents"],
        "status": view.status,
        "emergency_credit": {
            "limit_cents": m["emergency_credit_limit_cents"],
            "available_cents": view.emergency_credit_available_cents,
            "in_use": view.emergency_credit_in_use,
        },
        "negative_credit_limit_cents": m["negative_credit_limit_cents"],
        "minimum_supply": {"active": bool(m["minimum_supply_active"]), "max_current_a": view.minimum_supply_max_current_a},
        "average_daily_cost_cents": daily_cost,
        "estimated_days_left": view.estimated_days_left,
        # Issue 20: "nog 13 dagen" counted the emergency credit as the household's own money.
        "days_until_emergency_credit": days_until_emergency_credit(
            view.status, m["balance_cents"], m["negative_credit_limit_cents"], daily_cost or None
        ),
        "topup_needed_cents": topup_needed_cents(view.status, m["balance_cents"]),
        "updated_at": to_brussels(m["updated_at"]),
    }


def balance_view(m: dict[str, Any], average_daily_cost: int | None) -> tuple[BalanceView, int]:
    """Status, emergency credit and days left of a meter row, with the daily cost they used: one source
    for the balance answer and the caseload (server.services.caseload), which needs only the view."""
    daily_cost = daily_cost_cents(average_daily_cost, m["average_daily_cost_cents"]) or 0
    state = MeterState(
        energy=m["energy"],
        balance_cents=m["balance_cents"],
        emergency_credit_limit_cents=m["emergency_credit_limit_cents"],
        negative_credit_limit_cents=m["negative_credit_limit_cents"],
        minimum_supply_active=bool(m["minimum_supply_active"]),
        average_daily_cost_cents=max(1, daily_cost),
    )
    if m["emergency_credit_in_use"] is None:
        view = meter_view(state)
    else:  # what the operator's metering system reported with the newest reading
        view = reported_view(
            state,
            emergency_credit_available_cents=m["emergency_credit_available_cents"],
            emergency_credit_in_use=bool(m["emergency_credit_in_use"]),
        )
    if daily_cost == 0:  # no daily cost known: no days can be told (the app shows none)
        view = replace(view, estimated_days_left=0)
    return view, daily_cost
