"""Sentences for codes: API errors, meter states, energies. Every one goes through the translator."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, Translator

from app.api.errors import ApiError

_ERRORS = {
    "invalid_credentials": N_("That Prepaid-code or postcode is not right. Check both and try again."),
    "unknown_postal_code": N_("We do not know that postcode. Enter the 4 digits of your postcode."),
    "unauthorized": N_("Please log in first."),
    "session_expired": N_("Your session has ended. Please log in again."),
    "forbidden": N_("You may not do that with this account."),
    "not_found": N_("We could not find that. It may have been removed."),
    "conflict": N_("That was already done. Refresh to see the latest state."),
    "payload_too_large": N_("That is too much at once."),
    "server_unreachable": N_("The server cannot be reached. Check your internet connection and try again."),
    "timeout": N_("The server is taking too long to answer. Try again in a moment."),
    "server_error": N_("Something went wrong on the server. Try again later."),
    "bad_response": N_("The server sent an answer we do not understand. Try again later."),
    "secret_store_failed": N_("Your login could not be saved on this device."),
}

#: A wrong username or password: not the Prepaid-code sentence above, which names the wrong fields.
_INVALID_PASSWORD_LOGIN = N_("That username or password is not right. Check both and try again.")

_GENERIC = N_("Something went wrong. Try again.")

_VALIDATION = {
    ("prepaid_code", "incomplete"): N_("A Prepaid-code has 10 digits."),
    ("prepaid_code", "format"): N_("A Prepaid-code has only digits."),
    ("postal_code", "format"): N_("A postcode has 4 digits, for example 9000."),
    ("amount", "format"): N_("Enter an amount in euro, for example 20 or 12,50."),
    ("amount", "too_small"): N_("The smallest amount is € 0,50."),
    ("amount", "too_large"): N_("The largest amount is € 1.000,00."),
    ("username", "incomplete"): N_("Enter your username and password."),
}


def error_text(t: Translator, error: ApiError | None, *, login_method: str | None = None) -> str:
    """The sentence for an error; ``login_method`` ("prepaid" or "password") names the fields of a
    refused login."""
    if error is None or error.code == "superseded":
        return ""
    if error.code == "invalid_credentials" and login_method == "password":
        return t.gettext(_INVALID_PASSWORD_LOGIN)
    if error.code == "too_many_attempts":
        seconds = getattr(error, "retry_after", None) or 60
        if seconds >= 90:
            minutes = (seconds + 59) // 60
            return t.ngettext(
                "Too many attempts. Wait {n} minute before you try again.",
                "Too many attempts. Wait {n} minutes before you try again.",
                minutes,
            ).format(n=minutes)
        return t.ngettext(
            "Too many attempts. Wait {n} second before you try again.",
            "Too many attempts. Wait {n} seconds before you try again.",
            seconds,
        ).format(n=seconds)
    key = (getattr(error, "field", None), getattr(error, "reason", None))
    if key[0] in ("username", "password"):
        key = ("username", "incomplete")
    if key[0] == "helper":
        return t.gettext("Enter your name and organisation.")
    if error.code in ("validation_error", "unknown_postal_code") and key in _VALIDATION:
        return t.gettext(_VALIDATION[key])
    if error.code == "validation_error":
        return t.gettext("Check what you entered and try again.")
    return t.gettext(_ERRORS.get(error.code, _GENERIC))


def status_text(t: Translator, status: str, max_current_a: int | None = None) -> str:
    if status == "supplying":
        return t.gettext("Supplying")
    if status == "emergency_credit":
        return t.gettext("On emergency credit")
    if status == "minimum_supply":
        if max_current_a:
            return t.gettext("Minimum supply {amps} A").format(amps=max_current_a)
        return t.gettext("Minimum supply")
    return t.gettext("Interrupted")


def status_icon(status: str) -> ft.IconData:
    return {
        "supplying": ft.Icons.CHECK_CIRCLE,
        "emergency_credit": ft.Icons.WARNING_AMBER_ROUNDED,
        "minimum_supply": ft.Icons.SPEED,
    }.get(status, ft.Icons.POWER_OFF)


#: What the session's ``storage_problem`` codes mean to the user: saved data could not be read, so the
#: app went on with defaults; said once, plainly, instead of a profile silently vanishing.
_STORAGE_PROBLEMS = {
    "preferences_unreadable": N_("The settings saved on this device could not be read, so the app uses its defaults."),
    "saved_clients_damaged": N_("The clients saved on this device could not be read. You may have to log in again."),
}
_STORAGE_PROBLEM = N_("Some data saved on this device could not be read.")


def storage_problem_text(t: Translator, code: str | None) -> str:
    if not code:
        return ""
    return t.gettext(_STORAGE_PROBLEMS.get(code, _STORAGE_PROBLEM))
