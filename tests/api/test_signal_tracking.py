"""The since-columns kept by a batch of readings (server/services/signals/track.py) equal those of the
readings taken one at a time: a state's start is the first reading of the run that shows it, a state
that ended and began again inside a batch starts again, one that goes on from before keeps its start.

The batch code is written for speed (most readings change nothing: bench/signals.py measures it), so
this property test holds it to the plain rule on generated meters, stored columns and batches."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.rules.balance import reported_status
from server.services.signals import track
from server.store.signals import SINCE_COLUMNS

EANS = ("541440000000000017", "541440000000000024", "541440000000000031")


def one_at_a_time(stored: dict[str, list], readings: list[tuple], limits: dict[str, int | None]) -> dict[str, list]:
    columns = {ean: list(values) for ean, values in stored.items()}
    for _event, ean, at, balance, available, in_use, minimum in readings:
        status = reported_status(balance, limits[ean], available, bool(in_use), bool(minimum))
        for i, on in enumerate((status == "interrupted", bool(minimum), status == "emergency_credit")):
            columns[ean][i] = (columns[ean][i] if columns[ean][i] is not None else at) if on else None
    return columns


def apply_saved(stored: dict[str, list], rows: list[tuple]) -> dict[str, list]:
    """store.save_since's CASE per column, in Python."""
    columns = {ean: list(values) for ean, values in stored.items()}
    for m1, t1, m2, t2, m3, t3, ean in rows:
        for i, (mode, at) in enumerate(((m1, t1), (m2, t2), (m3, t3))):
            columns[ean][i] = None if mode == 0 else (columns[ean][i] if columns[ean][i] is not None else at) if mode == 1 else at
    return columns


readings = st.lists(
    st.tuples(
        st.sampled_from(EANS),
        st.integers(-6000, 3000),  # balance
        st.sampled_from([0, 500]),  # emergency credit available
        st.booleans(),  # in use
        st.booleans(),  # minimum supply
    ),
    max_size=12,
)
stored_columns = st.fixed_dictionaries({ean: st.lists(st.none() | st.integers(1, 999), min_size=3, max_size=3) for ean in EANS})
limits = st.fixed_dictionaries({ean: st.none() | st.sampled_from([0, 2500]) for ean in EANS})


@settings(max_examples=400, deadline=None)
@given(batch=readings, stored=stored_columns, limit=limits)
def test_a_batch_keeps_the_columns_of_its_readings_one_at_a_time(batch, stored, limit) -> None:
    applied = [(f"e{i}", ean, 1000 + i, balance, available, int(in_use), int(minimum))
               for i, (ean, balance, available, in_use, minimum) in enumerate(batch)]
    meters: dict[str, dict[str, Any]] = {
        ean: {"negative_credit_limit_cents": limit[ean], **dict(zip(SINCE_COLUMNS, stored[ean]))} for ean in EANS
    }
    saved: list[tuple] = []
    original = track.store.save_since
    track.store.save_since = lambda tx, rows: saved.extend(rows)  # type: ignore[assignment]
    try:
        in_a_state = track.readings_applied(None, applied, meters)  # type: ignore[arg-type]
    finally:
        track.store.save_since = original  # type: ignore[assignment]
    expected = one_at_a_time(stored, applied, limit)
    touched = {r[1] for r in applied}
    assert apply_saved(stored, saved) == expected
    # Only meters whose columns change are written; the ones in a state after the batch are returned.
    assert sorted(row[-1] for row in saved) == sorted(ean for ean in touched if expected[ean] != stored[ean])
    assert sorted(in_a_state) == sorted(ean for ean in touched if any(v is not None for v in expected[ean]))
