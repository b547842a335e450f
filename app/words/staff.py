"""Sentences of the helpers' own accounts: errors of the staff log-in and set-up, the caseload's
filters, mandates' permissions."""

from __future__ import annotations

from app.api.errors import ApiError
from app.i18n import N_, Translator
from app.words.messages import error_text

_STAFF_VALIDATION = {
    ("totp", "format"): N_("The code of your authenticator app has 6 digits."),
    ("new_password", "too_short"): N_("Choose a password of at least 10 characters."),
    ("new_password", "mismatch"): N_("The two passwords are not the same."),
}


def staff_error_text(t: Translator, error: ApiError | None, *, redeeming: bool = False) -> str:
    """``redeeming``: the error of adding a household by share code or Prepaid-code."""
    if error is None:
        return ""
    key = (getattr(error, "field", None), getattr(error, "reason", None))
    if key in _STAFF_VALIDATION:
        return t.gettext(_STAFF_VALIDATION[key])
    server_code = getattr(error, "server_code", None)
    if server_code == "code_already_used":
        # Right after the set-up the code just confirmed is refused at the log-in (issue 20).
        return t.gettext("That code was used already. Wait for the next code from your authenticator app.")
    if server_code == "initial_password_expired":
        return t.gettext("This initial password has expired. Ask your organisation's administrator for a new one.")
    if error.code == "invalid_credentials":
        if redeeming:
            return t.gettext("That code is not right, was used already or has expired. Ask the client for a new one.")
        return t.gettext("That username, password or code is not right. Check them and try again.")
    if error.code == "forbidden":
        return t.gettext("Your organisation's administrator has to do this.")
    return error_text(t, error)


def permission_text(t: Translator, permissions: list[str]) -> str:
    if "prepare_topups" in permissions:
        return t.gettext("Can see your balances and prepare top-ups")
    return t.gettext("Can see your balances")
