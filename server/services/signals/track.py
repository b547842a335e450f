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


#: A state's run in a batch: (mode, time). Mode 0: off (clears the column); 1: on from the batch's first
#: reading, so it may have begun before (keeps a stored start, else takes the time); 2: off earlier in
#: the batch and on again (begins at the time). Shared: most meters are in no state.
_OFF = (0, None)
_ALL_OFF = (_OFF, _OFF, _OFF)


def readings_applied(tx: Transaction, applied: Sequence[tuple], meters: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Updates the since-columns of the meters whose states changed; returns the meters now in one of
    the states (those a signal may start for). Run for every reading applied, so the common case (a
    meter in no state, whose columns are already empty) costs one status and two comparisons."""
    runs: dict[str, Any] = {}  # ean -> per state (mode, time); _ALL_OFF while no state was on
    for reading in applied:  # server.store.readings.COLUMNS
        _event, ean, at, balance, ec_available, ec_in_use, minimum_supply = reading
        status = reported_status(balance, meters[ean]["negative_credit_limit_cents"], ec_available, bool(ec_in_use),
                                 bool(minimum_supply))
        # The three states a signal watches: interrupted, minimum supply, emergency credit.
        now_in = (status == "interrupted", bool(minimum_supply), status == "emergency_credit")
        if not (now_in[0] or now_in[1] or now_in[2]):
            runs[ean] = _ALL_OFF
            continue
        run = runs.get(ean)
        run = [None, None, None] if run is None else list(run)
        for i in range(3):
            if not now_in[i]:
                run[i] = _OFF
            elif run[i] is None:  # on from the batch's first reading: it may have begun before
                run[i] = (1, at)
            elif run[i][0] == 0:  # off earlier in the batch, on again: it begins here
                run[i] = (2, at)
        runs[ean] = run
    rows = []
    in_a_state = []
    columns = store.SINCE_COLUMNS
    for ean, run in runs.items():
        meter = meters[ean]
        if run is _ALL_OFF:
            # Nothing to write when the columns are already empty (most readings change nothing).
            if meter[columns[0]] is None and meter[columns[1]] is None and meter[columns[2]] is None:
                continue
        else:
            in_a_state.append(ean)
            # Nothing to write when the columns already say it: an off state NULL, an on state started.
            if all((mode == 0 and meter[c] is None) or (mode == 1 and meter[c] is not None)
                   for (mode, _t), c in zip(run, columns)):
                continue
        rows.append((run[0][0], run[0][1], run[1][0], run[1][1], run[2][0], run[2][1], ean))
    store.save_since(tx, rows)
    return in_a_state
