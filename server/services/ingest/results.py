"""Per-item outcome of a batch: what the API answers and what the import counts and prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .fields import Invalid

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


def conflict(event_id: str, what: str) -> ItemResult:
    """An event id that was already used for another `what` (other content under the same id)."""
    return ItemResult(event_id, "rejected", "conflict", f"event_id was already used for another {what}")


def replay_or_conflict(event_id: str, same: bool, what: str) -> ItemResult:
    """An event seen before: a replay when its content is the same, else a conflict."""
    return ItemResult(event_id, "duplicate") if same else conflict(event_id, what)


def parse_batch(
    items: Sequence[Any], parse: Callable[..., tuple], *, now: int, what: str
) -> tuple[list[ItemResult | None], dict[int, tuple]]:
    """Each item parsed into its row (event_id first), by its index. Items that do not parse get their
    rejection, and an event_id met again in the same batch is a replay of the first one (`duplicate`)
    or a conflict; the rest (`rows`) still await their result (None)."""
    results: list[ItemResult | None] = [None] * len(items)
    rows: dict[int, tuple] = {}
    first_of: dict[str, int] = {}
    for i, item in enumerate(items):
        try:
            row = parse(item, now=now)
        except Invalid as exc:
            results[i] = rejected(item.get("event_id") if isinstance(item, dict) else None, exc.code, exc.message)
            continue
        earlier = first_of.get(row[0])
        if earlier is not None:
            results[i] = replay_or_conflict(row[0], rows[earlier] == row, what)
            continue
        first_of[row[0]] = i
        rows[i] = row
    return results, rows


def counts(results: list[ItemResult]) -> dict[str, int]:
    tally = Counter(r.status for r in results)
    return {s: tally.get(s, 0) for s in STATUSES}


# What `stale` means, where an import names a stale reading by its line (the API's stale result has
# no error: it is not one).
STALE_MEANING = "older than this meter's newest reading: kept in its history only, the balance does not change"
