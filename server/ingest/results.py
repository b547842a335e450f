"""Per-item outcome of a batch: what the API answers and what the import counts and prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

STATUSES = ("applied", "duplicate", "stale", "rejected")
MAX_BATCH_ITEMS = 5000


@dataclass(frozen=True, slots=True)
class ItemResult:
    event_id: str | None
    status: str  # one of STATUSES
    code: str | None = None  # with "rejected": not_found, validation_error or conflict
    message: str | None = None


def rejected(event_id: object, code: str, message: str) -> ItemResult:
    return ItemResult(event_id if isinstance(event_id, str) else None, "rejected", code, message)


def counts(results: list[ItemResult]) -> dict[str, int]:
    tally = Counter(r.status for r in results)
    return {s: tally.get(s, 0) for s in STATUSES}
