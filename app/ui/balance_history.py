"""A meter's balance chart state for a screen: one per app session and meter (so going to the top-up
screen and back keeps the chosen 30/90 days), loaded when the screen opens, followed like any state."""

from __future__ import annotations

import flet as ft

from app.api.models import Balance
from app.state.balance_history import BalanceHistory, emergency_credit_floor
from app.ui.hooks import use_observable


def use_balance_history(model, ean: str, balance: Balance | None) -> BalanceHistory:
    floor = (
        emergency_credit_floor(
            emergency_credit_limit_cents=balance.emergency_credit.limit_cents,
            negative_credit_limit_cents=balance.negative_credit_limit_cents,
        )
        if balance is not None
        else None
    )
    state = model.balance_history(ean)
    state.set_floor(floor)
    ft.use_effect(lambda: ft.context.page.run_task(state.load), [ean])
    return use_observable(state)
