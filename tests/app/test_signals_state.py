"""The staff's supply signals in the app's state against the real server (issue 21): the organisation's
list with open ones first, the filter, acknowledge and resolve with a note (its length checked before
any request), and the caseload rows' signals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.state.caseload import Caseload
from app.state.signals import NOTE_MAX, OrganisationSignals
from tests.api.alert_helpers import Household, household
from tests.api.operator_helpers import create_key, operator_client
from tests.serverproc import ServerProcess

from .test_staff_state import admin  # noqa: F401  (the fixture: a fresh organisation's administrator)

pytestmark = pytest.mark.anyio
INTERRUPTED = {"emergency_credit_in_use": True, "emergency_credit_available_cents": 0}


def off_supply_for_seven_hours(h: Household) -> None:
    """Seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten" — interrupted 7 hours
    ago and still now: the second reading starts off_supply (6 hours) in the ingest itself."""
    start = datetime.now(timezone.utc) - timedelta(hours=7)
    h.push(-7000, at=start, **INTERRUPTED)
    h.push(-7050, at=start + timedelta(hours=7), **INTERRUPTED)


async def test_open_first_filter_and_follow_up(admin, server: ServerProcess) -> None:  # noqa: F811
    staff, _, _ = admin
    operator = operator_client(server.url, create_key(server.database))
    older = household(server.url, operator, name="Eerst Afgesloten")
    newer = household(server.url, operator, name="Later Afgesloten")
    caseload = Caseload(staff)
    try:
        for h in (older, newer):
            assert await caseload.add_by_prepaid_code(h.code, "9000"), caseload.error
        signals = OrganisationSignals(staff)
        assert await signals.load(), signals.error
        assert signals.items == [] and not signals.has_more
        for h in (older, newer):
            off_supply_for_seven_hours(h)
        assert await signals.load()
        assert [s.display_name for s in signals.items] == ["Later Afgesloten", "Eerst Afgesloten"]  # newest first
        assert {s.kind for s in signals.items} == {"off_supply"} and {s.status for s in signals.items} == {"open"}
        assert await caseload.load()
        assert [(c.display_name, [s.kind for s in c.signals]) for c in caseload.clients] == [
            ("Eerst Afgesloten", ["off_supply"]), ("Later Afgesloten", ["off_supply"])]

        # A note over the server's limit is refused here, before any request.
        later = signals.items[0]
        assert not await signals.follow_up(later.signal_id, "acknowledge", "x" * (NOTE_MAX + 1))
        assert signals.error is not None and signals.error.field == "note"
        assert await signals.follow_up(later.signal_id, "acknowledge", "  Gebeld, komt morgen langs  "), signals.error
        assert signals.done == (later.signal_id, "acknowledged")
        updated = next(s for s in signals.items if s.signal_id == later.signal_id)
        assert updated.status == "acknowledged" and updated.note == "Gebeld, komt morgen langs"
        assert updated.acknowledged_by == staff.me.display_name

        # Without a filter, what nobody followed up comes first, although the server lists newest first.
        assert await signals.load()
        assert [(s.display_name, s.status) for s in signals.items] == [
            ("Eerst Afgesloten", "open"), ("Later Afgesloten", "acknowledged")]
        assert await signals.filter("acknowledged")
        assert [s.display_name for s in signals.items] == ["Later Afgesloten"] and signals.done is None
        assert await signals.follow_up(later.signal_id, "resolve", "")
        assert await signals.filter("open")
        assert [s.display_name for s in signals.items] == ["Eerst Afgesloten"]
        assert await signals.filter("resolved")
        assert [(s.display_name, s.note) for s in signals.items] == [("Later Afgesloten", None)]
        # Resolved: gone from the caseload row; acknowledged ones stay on it.
        assert await caseload.load()
        assert {c.display_name: [s.status for s in c.signals] for c in caseload.clients} == {
            "Eerst Afgesloten": ["open"], "Later Afgesloten": []}
    finally:
        for h in (older, newer):
            h.client.close()
        operator.close()


async def test_a_signal_of_another_organisation_is_not_found(admin, server: ServerProcess) -> None:  # noqa: F811
    staff, _, _ = admin
    signals = OrganisationSignals(staff)
    assert not await signals.follow_up(2**40, "resolve", "")
    assert signals.error is not None and signals.error.code == "not_found"
