"""The state objects of a session's screens, typed and made the first time a screen asks.

A screen's state lives as long as the app session (a browser tab or a window), so a search survives
going to a point's detail and back. What a state object depends on is its key: a staff member's screens
belong to that member (:class:`MemberScreens`, one per username), a household's winter support to the
chosen client, a chart to its meter. The app model (:class:`app.ui.app_model.AppModel`) holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Generic, TypeVar

from .caseload import Caseload, ClientFile, Team
from .signals import OrganisationSignals
from .staff import StaffSession
from .staff_digest import StaffDigest
from .winter_support import WinterDesk

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class PerKey(Generic[K, T]):
    """One state object per key, made by ``make(key)`` the first time the key is asked for."""

    def __init__(self, make: Callable[[K], T]) -> None:
        self._make = make
        self._made: dict[K, T] = {}

    def __call__(self, key: K) -> T:
        if key not in self._made:
            self._made[key] = self._make(key)
        return self._made[key]


class MemberScreens:
    """One signed-in staff member's screens: what member A saw is never shown to member B."""

    def __init__(self, staff: StaffSession) -> None:
        self._staff = staff
        self._files: PerKey[int, ClientFile] = PerKey(lambda client_id: ClientFile(staff, client_id))

    @cached_property
    def caseload(self) -> Caseload:
        return Caseload(self._staff)

    @cached_property
    def team(self) -> Team:
        return Team(self._staff)

    @cached_property
    def signals(self) -> OrganisationSignals:
        return OrganisationSignals(self._staff)

    @cached_property
    def digest(self) -> StaffDigest:
        return StaffDigest(self._staff)

    @cached_property
    def winter_desk(self) -> WinterDesk:
        return WinterDesk(self._staff)

    def client_file(self, client_id: int) -> ClientFile:
        return self._files(client_id)


__all__ = ["MemberScreens", "PerKey"]
