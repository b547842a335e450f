"""A staff member's caseload: the organisation's households, most urgent first (server.rules.urgency).

Status and days left come from the same function as the household's own balance answer (passed in
by the route), so the list, the detail and the household's app never disagree.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .core.security import mask_prepaid_code
from .rules import share_code as share_rules
from .rules.urgency import client_urgency


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
    rank: int = 0
    fewest_days: int = 0
    name_key: str = ""

    @property
    def sort_key(self) -> tuple[int, int, str, int]:
        return (self.rank, self.fewest_days, self.name_key, self.client_id)


#: (status, estimated days left) of a meter row, as GET /api/v1/meters/{ean}/balance answers them
#: (the route passes server.routes.meters.balance_view with the meter's history average).
MeterFigures = Callable[[dict[str, Any]], tuple[str, int]]


def fold(text: str) -> str:
    """Case and accents do not matter when searching a name: 'Celine' finds 'Céline'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build(rows: list[dict[str, Any]], meter_figures: MeterFigures) -> list[CaseloadClient]:
    """Households from the store's rows (grouped by household), with their urgency, most urgent first."""
    clients: list[CaseloadClient] = []
    current: CaseloadClient | None = None
    for r in rows:
        if current is None or current.client_id != r["client_id"]:
            current = CaseloadClient(
                client_id=int(r["client_id"]),
                display_name=r["display_name"],
                postal_code=r["postal_code"],
                prepaid_code_masked=mask_prepaid_code(r["prepaid_code_last_digits"]),
                permissions=share_rules.permissions_list(r["permissions"]),
                name_key=fold(r["display_name"]),
            )
            clients.append(current)
        if r["ean"] is None:
            continue
        status, days = meter_figures(r)
        current.meters.append(
            CaseloadMeter(r["ean"], r["energy"], r["balance_cents"], status, days, r["updated_at"])
        )
    for c in clients:
        c.urgency, c.rank, c.fewest_days = client_urgency((m.status, m.estimated_days_left) for m in c.meters)
    clients.sort(key=lambda c: c.sort_key)
    return clients


def matches(client: CaseloadClient, *, q: str | None, status: str | None, days_left_at_most: int | None) -> bool:
    if q:
        needle = fold(q.strip())
        if needle and needle not in client.name_key and not client.postal_code.startswith(q.strip()):
            return False
    if status and not any(m.status == status for m in client.meters):
        return False
    if days_left_at_most is not None and not any(m.estimated_days_left <= days_left_at_most for m in client.meters):
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
