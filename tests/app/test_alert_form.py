"""The alert settings form as typed (app/state/alert_form.py): euros and times checked, the settings
it makes, and nothing to save while a field has a problem."""

from __future__ import annotations

from app.api.alert_models import QuietHours
from app.state.alert_form import check_alert_form

FORM = {
    "email": " an@example.test ", "balance": "7,50", "days": 5, "emergency_credit": True, "minimum_supply": False,
    "topup_loaded": True, "quiet": True, "quiet_start": "22:00", "quiet_end": "7:00",
}


def test_a_good_form_makes_the_settings() -> None:
    checked = check_alert_form(FORM)
    assert checked.ok and checked.balance_cents == 750 and checked.quiet_end == "07:00"
    settings = checked.settings()
    assert settings is not None and settings.email == "an@example.test" and not settings.email_verified
    assert settings.rules.balance_below_cents == 750 and settings.rules.days_left_at_most == 5
    assert not settings.rules.minimum_supply and settings.quiet_hours == QuietHours(start="22:00", end="07:00")


def test_no_quiet_hours_and_an_empty_balance_are_off() -> None:
    settings = check_alert_form({**FORM, "email": "", "balance": "", "quiet": False, "quiet_end": "later"}).settings()
    assert settings is not None and settings.email is None and settings.rules.balance_below_cents == 0
    assert settings.quiet_hours is None  # a time that is not one does not matter while quiet hours are off


def test_a_problem_leaves_nothing_to_save() -> None:
    money = check_alert_form({**FORM, "balance": "veel"})
    assert money.balance_problem is not None and money.balance_problem.code == "validation_error"
    assert not money.ok and money.settings() is None
    time = check_alert_form({**FORM, "quiet_start": "25:00"})
    assert time.quiet_start is None and time.quiet_problem and time.settings() is None
