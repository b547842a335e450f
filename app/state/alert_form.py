"""The alert settings form as typed (no Flet): what the person typed and picked, checked, and the
settings it makes for :meth:`app.state.alerts.Alerts.save_settings`.

The form is a dict of the controls' values: ``email``, ``balance`` (euros as typed), ``days``,
``emergency_credit``, ``minimum_supply``, ``topup_loaded``, ``quiet`` and ``quiet_start``/``quiet_end``
("22:00" as typed). Quiet hours are checked only when they are on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.api.alert_models import AlertRules, AlertSettings, QuietHours
from app.api.errors import ApiError
from app.clock import normalise_clock_time

from .inputs import parse_amount_cents

#: The highest balance threshold the form takes (1000 euro).
MAX_BALANCE_CENTS = 100_000


@dataclass(frozen=True)
class CheckedAlertForm:
    form: Mapping[str, Any]
    balance_cents: int
    balance_problem: ApiError | None
    #: "HH:MM", or None when what was typed is not a time.
    quiet_start: str | None
    quiet_end: str | None

    @property
    def quiet_problem(self) -> bool:
        return bool(self.form["quiet"]) and (self.quiet_start is None or self.quiet_end is None)

    @property
    def ok(self) -> bool:
        return self.balance_problem is None and not self.quiet_problem

    def settings(self) -> AlertSettings | None:
        """The settings to save (the address unverified until its code), None while the form has a problem."""
        if not self.ok:
            return None
        form = self.form
        quiet = form["quiet"] and self.quiet_start and self.quiet_end
        return AlertSettings(
            email=form["email"].strip() or None,
            email_verified=False,
            rules=AlertRules(
                balance_below_cents=self.balance_cents,
                days_left_at_most=int(form["days"]),
                emergency_credit=form["emergency_credit"],
                minimum_supply=form["minimum_supply"],
                topup_loaded=form["topup_loaded"],
            ),
            quiet_hours=QuietHours(start=self.quiet_start, end=self.quiet_end) if quiet else None,
        )


def check_alert_form(form: Mapping[str, Any]) -> CheckedAlertForm:
    balance_cents, balance_problem = 0, None
    try:
        balance_cents = parse_amount_cents(form["balance"] or "0", minimum=0, maximum=MAX_BALANCE_CENTS)
    except ApiError as exc:
        balance_problem = exc
    return CheckedAlertForm(
        form=form,
        balance_cents=balance_cents,
        balance_problem=balance_problem,
        quiet_start=normalise_clock_time(form["quiet_start"]),
        quiet_end=normalise_clock_time(form["quiet_end"]),
    )


__all__ = ["CheckedAlertForm", "check_alert_form"]
