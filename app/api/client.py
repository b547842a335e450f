"""The budgetmeter API client: one class, one connection pool, one request path.

    async with BudgetmeterClient("http://127.0.0.1:8000") as api:
        token = await api.login_prepaid("1111 2222 33", "9000")
        me = await api.with_token(token.access_token).me()

Its calls are grouped by who makes them, each group in a file of its own: :mod:`app.api.public` (no
session: log-ins, top-up points, the winter period, health), :mod:`app.api.household` (a household's
token) and :mod:`app.api.staff` (a staff member's token). All of them go through the one
:meth:`~app.api.transport.Transport._request` of :mod:`app.api.transport` (token, timeouts, retries of
reads, errors mapped to :mod:`app.api.errors`) and answer typed models (:mod:`app.api.models`,
:mod:`app.api.staff_models`, :mod:`app.api.alert_models`, :mod:`app.api.winter_models`).

A log-in returns the token and does not store it: the caller decides which client it belongs to.
``with_token()`` gives a light client that shares the connection pool but carries its own token, so a
helper's clients never share a token by accident.
"""

from __future__ import annotations

from .household import HouseholdCalls
from .public import PublicCalls
from .staff import StaffCalls
from .transport import API


class BudgetmeterClient(PublicCalls, HouseholdCalls, StaffCalls):
    """One API server, one connection pool, at most one bearer token (a household's or a staff
    member's); see :class:`app.api.transport.Transport` for the options."""


__all__ = ["API", "BudgetmeterClient"]
