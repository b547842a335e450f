"""Since when each meter has been interrupted, on minimum supply or on emergency credit, kept on the
meter row by the transaction that applies its readings (server.services.ingest.readings): a signal is due when
a state has lasted, and the sweep reads how long from these columns without reading any history.

A state's start is the first reading of the run of readings that show it; readings of one batch are
taken in the order applied, so a state that ended and began again inside a batch starts again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...rules.balance import reported_status
from ...store import signals as store
from ...store.db import Transaction


def _states(reading: tuple, negative_credit_limit: int | None) -> tuple[bool, bool, bool]:
    """(interrupted, minimum supply, emergency credit) after a reading (server.store.readings.COLUMNS)."""
    _event, _ean, _at, balance, ec_available, ec_in_use, minimum_supply = reading
    status = reported_status(balance, negative_credit_limit, ec_available, bool(ec_in_use), bool(minimum_supply))
    return status == "interrupted", bool(minimum_supply), status == "emergency_credit"


def readings_applied(tx: Transaction, applied: Sequence[tuple], meters: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Updates the since-columns of the meters whose states changed; returns the meters now in one of
    the states (those a signal may start for)."""
    runs: dict[str, list[list[Any]]] = {}  # ean -> per state [mode, start]
    for reading in applied:
        ean = reading[1]
        meter = meters[ean]
        now_in = _states(reading, meter["negative_credit_limit_cents"])
        run = runs.get(ean)
        if run is None:
            run = runs[ean] = [[None, None] for _ in now_in]
        for i, on in enumerate(now_in):
            mode = run[i][0]
            if not on:
                run[i] = [0, None]
            elif mode is None:  # on from the batch's first reading: it may have begun before
                run[i] = [1, reading[2]]
            elif mode == 0:  # off earlier in the batch, on again: it begins here
                run[i] = [2, reading[2]]
    rows = []
    in_a_state = []
    for ean, run in runs.items():
        meter = meters[ean]
        stored = [meter[c] for c in store.SINCE_COLUMNS]
        # Nothing to write when the columns already say it: an off state already NULL, an on state
        # already started (most readings change nothing).
        unchanged = all((mode == 0 and old is None) or (mode == 1 and old is not None) for (mode, _t), old in zip(run, stored))
        if any(mode != 0 for mode, _t in run):
            in_a_state.append(ean)
        if not unchanged:
            rows.append((run[0][0], run[0][1], run[1][0], run[1][1], run[2][0], run[2][1], ean))
    store.save_since(tx, rows)
    return in_a_state
