"""Which household a helper should look at first: the caseload's order.

Most urgent first: a meter that is interrupted, then one under minimum supply, then one on emergency
credit, then the fewest days left (issue 10; seed 002: "Als ook dit laatste krediet uitgeput is, wordt
uw meter afgesloten", so an interrupted meter comes before one still on emergency credit).
"""

from __future__ import annotations

from collections.abc import Iterable

# Lower comes first. A household without meters has nothing to act on and comes last.
STATUS_RANK = {"interrupted": 0, "minimum_supply": 1, "emergency_credit": 2, "supplying": 3}
NO_METERS_RANK = 4
# Days left of a household without meters, for sorting only.
NO_DAYS = 1_000_000


# The caseload's order over all households applies this same rule in one read: the smallest STATUS_RANK
# and the fewest days left over each household's kept meter figures (server.store.caseload.client_order,
# server.services.caseload.order); client_urgency below is the rule for one household's meters.
def client_urgency(meters: Iterable[tuple[str, int]]) -> tuple[str | None, int, int]:
    """(urgency, rank, fewest days left) of a household from its meters' (status, days left).
    urgency is the most urgent meter status, None without meters."""
    rank, days, worst = NO_METERS_RANK, NO_DAYS, None
    for status, days_left in meters:
        r = STATUS_RANK[status]
        if r < rank:
            rank, worst = r, status
        days = min(days, days_left)
    return worst, rank, days
