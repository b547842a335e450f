"""The staff members' second factor: RFC 6238 time-based codes from an authenticator app (pyotp).

seed 000, Vraag 20: "er wordt soms tot 5 maal gevraagd om het inloggen te bevestigen": here it is one
password and one 6-digit code, once per session.
"""

from __future__ import annotations

import time

import pyotp

ISSUER = "budgetmeter"
INTERVAL = 30
# One step either side: a phone clock a little off, or a code typed just as it changed.
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, username: str, organisation: str) -> str:
    return pyotp.TOTP(secret, interval=INTERVAL).provisioning_uri(
        name=f"{username} ({organisation})", issuer_name=ISSUER
    )


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step whose code this is (within the window), or None. The caller remembers the last
    accepted step so that the same code cannot be used twice (replay)."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    at = time.time() if now is None else now
    totp = pyotp.TOTP(secret, interval=INTERVAL)
    current = int(at // INTERVAL)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.at(step * INTERVAL), code):
            return step
    return None
