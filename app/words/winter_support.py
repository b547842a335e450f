"""Winter support in words (issue 21): a request's and a grant's state, a grant's terms, and the
refusals the server gives with their own codes."""

from __future__ import annotations

from app.api.errors import ApiError
from app.api.winter_models import WinterGrant, WinterSupportRequest
from app.i18n import N_, Translator
from app.words.messages import error_text

_ERRORS = {
    "no_mandate": N_("This organisation cannot see your account. Give it access first with a share code."),
    "already_requested": N_("You already asked this organisation. Wait for its decision."),
    "already_decided": N_("This request was decided already. Refresh to see the decision."),
    "no_gas_meter": N_("This household has no gas meter: free gas cannot be prepared for it."),
    "invalid_dates": N_("Choose a first date from today on, and a last date at most 366 days later."),
    "grant_stopped": N_("This grant was stopped already."),
}

_VALIDATION = {
    "organisation": N_("Choose the organisation you ask."),
    "household_size": N_("Enter how many people live in your household: 1 to 20."),
    "every_days": N_("Every how many days: a whole number from 7 to 31."),
    "first_date": N_("Enter the first date as dd/mm/yyyy, or leave it empty."),
    "last_date": N_("Enter the last date as dd/mm/yyyy, or leave it empty."),
}


def winter_error_text(t: Translator, error: ApiError | None) -> str:
    if error is None:
        return ""
    field = getattr(error, "field", None)
    if error.code == "validation_error" and field in _VALIDATION:
        return t.gettext(_VALIDATION[field])
    code = error.server_code or error.code
    if code in _ERRORS:
        return t.gettext(_ERRORS[code])
    return error_text(t, error)


def request_status_text(t: Translator, request: WinterSupportRequest) -> str:
    if request.status == "approved":
        return t.gettext("Approved")
    if request.status == "refused":
        return t.gettext("Refused")
    return t.gettext("Waiting for the decision")


def grant_terms_text(t: Translator, grant: WinterGrant) -> str:
    """"€ 25,00 every 14 days, from 7 Dec 2026 to 28 Feb 2027"."""
    return t.gettext("{amount} every {days} days, from {first} to {last}").format(
        amount=t.money(grant.amount_cents), days=grant.every_days, first=t.date(grant.first_date), last=t.date(grant.last_date))


def grant_state_text(t: Translator, grant: WinterGrant) -> str:
    if grant.status == "stopped":
        return t.gettext("Stopped")
    if grant.status == "ended":
        return t.gettext("Ended: every amount was prepared")
    if grant.next_preparation is None:
        return t.gettext("Active")
    return t.gettext("Next: {amount} on {day}, ready to load from 8:00").format(
        amount=t.money(grant.next_preparation.amount_cents), day=t.date(grant.next_preparation.date))


def preparation_text(t: Translator, status: str, amount_cents: int, due: object) -> str:
    if status == "loaded":
        return t.gettext("{day}: {amount} loaded on your meter").format(day=t.date(due), amount=t.money(amount_cents))
    return t.gettext("{day}: {amount} ready to load").format(day=t.date(due), amount=t.money(amount_cents))
