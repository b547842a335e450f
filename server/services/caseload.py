"""A staff member's caseload: the organisation's households, most urgent first (server.rules.urgency),
after those with a supply signal nobody followed up yet (issue 21: open signals come first).

Status and days left come from the same function as the household's own balance answer (passed in
by server.services.caseload_figures, which keeps them per meter in the store), so the list, the detail and the
household's app never disagree. This module holds the order, filters, cursor and the households'
fields; it reads nothing from the store itself.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from ..core.security import mask_prepaid_code
from ..rules import share_code as share_rules
from ..rules.urgency import NO_DAYS, NO_METERS_RANK, STATUS_RANK, client_urgency
from ..store.caseload import URGENT_KEY_RANK


@dataclass
class CaseloadMeter:
    ean: str
    energy: str
    balance_cents: int
    status: str
    estimated_days_left: int
    updated_at: int


class Ranked(NamedTuple):
    """A household's place in the order: compares by (no open signal, rank, days left of its most urgent
    meter, folded name, id), the first five fields. Light on purpose: the order holds every household, a
    page only 50."""

    no_open_signal: bool  # False sorts first: a household with an open supply signal (issue 21)
    rank: int
    urgent_days: int  # of the meter the row shows (issue 20): the most urgent one
    name_key: str
    client_id: int
    postal_code: str
    in_status: bool  # has a meter in the status asked for (True when none was asked)
    fewest_days: int  # over all its meters, for the days_left_at_most filter

    @property
    def sort_key(self) -> tuple[bool, int, int, str, int]:
        return (self.no_open_signal, self.rank, self.urgent_days, self.name_key, self.client_id)


@dataclass
class CaseloadHousehold:
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    permissions: list[str]
    meters: list[CaseloadMeter] = field(default_factory=list)
    urgency: str | None = None


#: (status, estimated days left) of a meter row, as GET /api/v1/meters/{ean}/balance answers them
#: (server.services.caseload_figures passes server.services.balance.balance_view with the meter's history average).
MeterFigures = Callable[[dict[str, Any]], tuple[str, int]]
#: A meter's kept figures (server.store.caseload.save_figures): ean, history_version, day, status,
#: status rank, days left.
FigureRow = tuple[str, int, str, str, int, int]


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Case and accents do not matter when searching a name: 'Celine' finds 'Céline'. (Cached: the
    caseload folds every household's name for its order on each page.)"""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def figures(rows: list[dict[str, Any]], meter_figures: MeterFigures, *, day: str) -> list[FigureRow]:
    """The figures to keep for these meter rows, computed on `day`."""
    out = []
    for r in rows:
        status, days = meter_figures(r)
        out.append((r["ean"], int(r["history_version"]), day, status, STATUS_RANK[status], days))
    return out


def order(rows: list[dict[str, Any]], signalled: set[int]) -> list[Ranked]:
    """Households, most urgent first (server.rules.urgency: the most urgent meter status, then the
    fewest days left), from the store's one row per household (server.store.caseload.client_order);
    before all of them those in `signalled`, with a supply signal nobody followed up yet (issue 21)."""
    ranked = [
        Ranked(
            int(r["client_id"]) not in signalled,
            NO_METERS_RANK if r["urgent_key"] is None else int(r["urgent_key"]) // URGENT_KEY_RANK,
            NO_DAYS if r["urgent_key"] is None else int(r["urgent_key"]) % URGENT_KEY_RANK,
            fold(r["display_name"]),
            int(r["client_id"]),
            r["postal_code"],
            bool(r["in_status"]),
            NO_DAYS if r["days_left"] is None else int(r["days_left"]),
        )
        for r in rows
    ]
    ranked.sort()
    return ranked


def matches(entry: Ranked, *, q: str | None, days_left_at_most: int | None) -> bool:
    """The list's filters (the status filter came with the order: Ranked.in_status)."""
    if not entry.in_status:
        return False
    if q:
        needle = fold(q.strip())
        if needle and needle not in entry.name_key and not entry.postal_code.startswith(q.strip()):
            return False
    # fewest_days is the smallest over the household's meters: some meter is this close iff it is.
    if days_left_at_most is not None and not (entry.rank != NO_METERS_RANK and entry.fewest_days <= days_left_at_most):
        return False
    return True


def clients(rows: list[dict[str, Any]]) -> dict[int, CaseloadHousehold]:
    """The households' own fields (server.store.caseload.client_details), by id, without meters."""
    return {
        int(r["client_id"]): CaseloadHousehold(
            client_id=int(r["client_id"]),
            display_name=r["display_name"],
            postal_code=r["postal_code"],
            prepaid_code_masked=mask_prepaid_code(r["prepaid_code_last_digits"]),
            permissions=share_rules.permissions_list(r["permissions"]),
        )
        for r in rows
    }


def attach_meters(by_id: dict[int, CaseloadHousehold], rows: list[dict[str, Any]], meter_figures: MeterFigures, *, day: str) -> None:
    """Gives each household its meter rows (server.store.caseload.meters_of_clients) and its urgency.
    A meter whose kept figures are not valid for `day` (a reading landed after the order was read)
    gets fresh ones, so that a household's meters and urgency always agree with its balance answers."""
    for r in rows:
        client = by_id.get(int(r["client_id"]))
        if client is None:
            continue
        if r["status"] is None or r["figures_version"] != r["history_version"] or r["figures_day"] != day:
            status, days = meter_figures(r)
        else:
            status, days = r["status"], int(r["days_left"])
        client.meters.append(CaseloadMeter(r["ean"], r["energy"], r["balance_cents"], status, days, r["updated_at"]))
    for client in by_id.values():
        # Most urgent first: a row shows its first meter's status, balance, days and energy together
        # (issue 20: Youssef's gas status stood beside his electricity's balance).
        client.meters.sort(key=lambda m: (STATUS_RANK[m.status], m.estimated_days_left))
        client.urgency, _, _ = client_urgency((m.status, m.estimated_days_left) for m in client.meters)


def encode_cursor(entry: Ranked) -> str:
    raw = json.dumps(list(entry.sort_key), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[bool, int, int, str, int] | None:
    """The sort position after which the next page starts; None when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        quiet, rank, days, name, client_id = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not (isinstance(quiet, bool) and isinstance(rank, int) and isinstance(days, int) and isinstance(name, str)
            and isinstance(client_id, int)):
        return None
    return quiet, rank, days, name, client_id
