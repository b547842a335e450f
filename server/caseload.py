"""A staff member's caseload: the organisation's households, most urgent first (server.rules.urgency).

Status and days left come from the same function as the household's own balance answer (passed in
by the route), so the list, the detail and the household's app never disagree. They are kept per meter
in the store (caseload_meter_figures) and recomputed only for a meter whose history changed since, or
on a new day: the order of 2,000 households is then one aggregate read, on any server process.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .core.security import mask_prepaid_code
from .rules import share_code as share_rules
from .rules.urgency import NO_DAYS, NO_METERS_RANK, STATUS_RANK


@dataclass
class CaseloadMeter:
    ean: str
    energy: str
    balance_cents: int
    status: str
    estimated_days_left: int
    updated_at: int


@dataclass
class CaseloadClient:
    client_id: int
    display_name: str
    postal_code: str
    prepaid_code_masked: str
    permissions: list[str]
    meters: list[CaseloadMeter] = field(default_factory=list)
    urgency: str | None = None
    rank: int = NO_METERS_RANK
    fewest_days: int = NO_DAYS
    statuses: frozenset[str] = frozenset()
    name_key: str = ""

    @property
    def sort_key(self) -> tuple[int, int, str, int]:
        return (self.rank, self.fewest_days, self.name_key, self.client_id)


#: (status, estimated days left) of a meter row, as GET /api/v1/meters/{ean}/balance answers them
#: (the route passes server.routes.meters.balance_view with the meter's history average).
MeterFigures = Callable[[dict[str, Any]], tuple[str, int]]
#: A meter's kept figures (server.store.caseload.save_figures): ean, history_version, day, status,
#: status rank, days left.
FigureRow = tuple[str, int, str, str, int, int]
_STATUS_OF_RANK = {rank: status for status, rank in STATUS_RANK.items()}


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


def order(rows: list[dict[str, Any]]) -> list[CaseloadClient]:
    """Households, most urgent first, from the store's one row per household (server.store.caseload.
    client_order, its figures all valid); their meters are not read here (attach_meters)."""
    clients = []
    for r in rows:
        has_meters = int(r["meters"]) > 0
        rank = int(r["status_rank"]) if has_meters else NO_METERS_RANK
        clients.append(
            CaseloadClient(
                client_id=int(r["client_id"]),
                display_name=r["display_name"],
                postal_code=r["postal_code"],
                prepaid_code_masked=mask_prepaid_code(r["prepaid_code_last_digits"]),
                permissions=share_rules.permissions_list(r["permissions"]),
                urgency=_STATUS_OF_RANK[rank] if has_meters else None,
                rank=rank,
                fewest_days=int(r["days_left"]) if has_meters else NO_DAYS,
                statuses=frozenset(s for s in STATUS_RANK if r[f"has_{s}"]),
                name_key=fold(r["display_name"]),
            )
        )
    clients.sort(key=lambda c: c.sort_key)
    return clients


def attach_meters(clients: list[CaseloadClient], rows: list[dict[str, Any]], meter_figures: MeterFigures, *, day: str) -> None:
    """Gives each household its meter rows (server.store.caseload.meters_of_clients). A meter whose
    kept figures are not valid for `day` (a reading landed after the order was read) gets fresh ones."""
    by_id = {c.client_id: c for c in clients}
    for r in rows:
        client = by_id.get(int(r["client_id"]))
        if client is None:
            continue
        if r["status"] is None or r["figures_version"] != r["history_version"] or r["figures_day"] != day:
            status, days = meter_figures(r)
        else:
            status, days = r["status"], int(r["days_left"])
        client.meters.append(CaseloadMeter(r["ean"], r["energy"], r["balance_cents"], status, days, r["updated_at"]))


def matches(client: CaseloadClient, *, q: str | None, status: str | None, days_left_at_most: int | None) -> bool:
    if q:
        needle = fold(q.strip())
        if needle and needle not in client.name_key and not client.postal_code.startswith(q.strip()):
            return False
    if status and status not in client.statuses:
        return False
    # fewest_days is the smallest over the household's meters: some meter is this close iff it is.
    if days_left_at_most is not None and not (client.urgency is not None and client.fewest_days <= days_left_at_most):
        return False
    return True


def encode_cursor(client: CaseloadClient) -> str:
    raw = json.dumps([client.rank, client.fewest_days, client.name_key, client.client_id], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int, str, int] | None:
    """The sort position after which the next page starts; None when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        rank, days, name, client_id = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not (isinstance(rank, int) and isinstance(days, int) and isinstance(name, str) and isinstance(client_id, int)):
        return None
    return rank, days, name, client_id
