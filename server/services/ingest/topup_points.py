"""The set of top-up points, replaced as a whole. Every point is checked before anything is
replaced, so one bad point leaves the served set as it was; the search index is rebuilt from the
store by every server process (server.services.topup_refresh)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..geo.postcodes import lookup_postcode
from ...rules.opening_hours import InvalidOpeningHours, parse_opening_hours
from ...store import change_counters
from ...store import topup_points as points_store
from ...store.db import Transaction
from . import fields
from .accounts import postal_code
from .fields import Invalid

REQUIRED = ("id", "name", "kind", "address", "postal_code", "lat", "lon", "opening_hours")
OPTIONAL = ("phone",)
FIELDS = REQUIRED + OPTIONAL
KINDS = ("ocmw", "fluvius_office", "shop_terminal", "post_office")
# Belgium's bounding box with a little margin (49.50-51.51 N, 2.54-6.41 E).
LAT_RANGE = (49.45, 51.55)
LON_RANGE = (2.50, 6.45)


@dataclass(frozen=True)
class BadPoint:
    index: int
    id: str | None
    code: str
    message: str


def _coordinate(item: dict[str, Any], name: str, bounds: tuple[float, float]) -> float:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fields.invalid(f"{name}: a number in degrees")
    if not bounds[0] <= value <= bounds[1]:
        raise fields.invalid(f"{name}: {value} is outside Belgium")
    return float(value)


def parse(item: Any) -> dict[str, Any]:
    fields.require_fields(item, REQUIRED, OPTIONAL)
    code = postal_code(item)
    place = lookup_postcode(code)
    assert place is not None
    hours = fields.text(item, "opening_hours", max_length=500)
    try:
        # opening-hours-py: "A bad expression raises opening_hours.ParserError: reject it when data is loaded,
        # not per request."
        parse_opening_hours(hours)
    except InvalidOpeningHours as exc:
        raise fields.invalid(f"opening_hours: {exc}") from None
    return {
        "id": fields.text(item, "id", max_length=200),
        "name": fields.text(item, "name", max_length=200),
        "kind": fields.choice(item, "kind", KINDS),
        "address": fields.text(item, "address", max_length=300),
        "postal_code": code,
        "municipality": place.name("fr" if place.region == "wallonia" else "nl"),
        "lat": _coordinate(item, "lat", LAT_RANGE),
        "lon": _coordinate(item, "lon", LON_RANGE),
        "phone": fields.text(item, "phone", max_length=40, optional=True),
        "opening_hours": hours,
    }


def check_all(items: list[Any]) -> tuple[list[dict[str, Any]], list[BadPoint]]:
    records: list[dict[str, Any]] = []
    bad: list[BadPoint] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        point_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        try:
            record = parse(item)
        except Invalid as exc:
            bad.append(BadPoint(i, point_id, exc.code, exc.message))
            continue
        if record["id"] in seen:
            bad.append(BadPoint(i, point_id, "validation_error", "id: appears twice in the set"))
            continue
        seen.add(record["id"])
        records.append(record)
    return records, bad


def replace(tx: Transaction, records: list[dict[str, Any]]) -> int:
    """Replaces the set (already checked) and tells the other processes; returns the new version."""
    points_store.replace_all(tx, records)
    return change_counters.bump(tx, change_counters.TOPUP_POINTS)
