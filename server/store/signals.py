"""Supply signals: since when each meter is in a state (meters.*_since), the meters a sweep must judge,
the signals themselves and their follow-up by staff.

Exactly once per episode: a signal's (ean, kind, episode) is unique and inserts go through ON CONFLICT
DO NOTHING, so of two sweeps (or a sweep and an import) judging one meter only one inserts, and learns
it did (RETURNING); the other inserts nothing and writes no notification or mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Transaction

_CHUNK = 1000
SINCE_COLUMNS = ("interrupted_since", "minimum_supply_since", "emergency_credit_since")


def _in(tx: Transaction, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    if tx.dialect == "postgresql":
        return f"{column} = ANY(?)", [list(values)]
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


# --- since when ----------------------------------------------------------------------------------


def save_since(tx: Transaction, rows: Sequence[tuple]) -> None:
    """Per meter, for each SINCE_COLUMNS column a (mode, time) pair then the ean: mode 0 clears it (the
    state ended), 1 keeps a start already stored or else takes the time (the state went on from before
    the batch), 2 takes the time (the state began again inside the batch)."""
    if not rows:
        return
    sets = ", ".join(
        f"{c} = CASE CAST(? AS INTEGER) WHEN 0 THEN NULL WHEN 1 THEN COALESCE({c}, CAST(? AS BIGINT)) "
        f"ELSE CAST(? AS BIGINT) END"
        for c in SINCE_COLUMNS
    )
    flat = [(m1, t1, t1, m2, t2, t2, m3, t3, t3, ean) for m1, t1, m2, t2, m3, t3, ean in rows]
    tx.executemany(f"UPDATE meters SET {sets} WHERE ean = ?", flat)


# --- what a sweep judges -------------------------------------------------------------------------

_NOT_SIGNALLED = "NOT EXISTS (SELECT 1 FROM signals s WHERE s.ean = m.ean AND s.kind = '{kind}' AND s.episode = m.{column})"
# Emergency credit: a signal of this stretch counts until a top-up came after it (a new count began).
_EC_NOT_SIGNALLED = (
    "NOT EXISTS (SELECT 1 FROM signals s WHERE s.ean = m.ean AND s.kind = 'emergency_credit_long' "
    "AND s.episode >= m.emergency_credit_since AND NOT EXISTS (SELECT 1 FROM topups t2 WHERE t2.ean = m.ean "
    "AND t2.at > s.episode))"
)
CANDIDATE_COLUMNS = (
    "m.ean, m.account_id, m.energy, m.balance_cents, m.negative_credit_limit_cents, m.emergency_credit_available_cents, "
    "m.emergency_credit_in_use, m.minimum_supply_active, m.interrupted_since, m.minimum_supply_since, "
    "m.emergency_credit_since, m.heating_dropped_since"
)


def candidates(tx: Transaction, *, off_before: int, limited_before: int, credit_before: int, winter: bool,
               heating_balance_below: int, eans: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """In one query, the meters that could start a signal now and have not had it: interrupted since
    before `off_before`, electricity limited since before `limited_before`, on emergency credit since
    before `credit_before` with no top-up since then, and (in winter) gas meters with little money left
    whose heating was not judged dropped yet; each with its last top-up. `eans`: only these (a batch of
    readings judged in its own transaction)."""
    where = (
        f"((m.interrupted_since <= ? AND {_NOT_SIGNALLED.format(kind='off_supply', column='interrupted_since')}) "
        f"OR (m.energy = 'electricity' AND m.minimum_supply_since <= ? AND "
        f"{_NOT_SIGNALLED.format(kind='limited_supply_long', column='minimum_supply_since')}) "
        f"OR (m.emergency_credit_since <= ? AND NOT EXISTS (SELECT 1 FROM topups t1 WHERE t1.ean = m.ean AND t1.at > ?) "
        f"AND {_EC_NOT_SIGNALLED}) "
        "OR (1 = ? AND m.energy = 'gas' AND m.heating_dropped_since IS NULL "
        "AND (m.balance_cents < ? OR COALESCE(m.emergency_credit_in_use, 0) = 1)))"
    )
    params: list[Any] = [off_before, limited_before, credit_before, credit_before, int(winter), heating_balance_below]
    sql = (f"SELECT {CANDIDATE_COLUMNS}, (SELECT MAX(t.at) FROM topups t WHERE t.ean = m.ean) AS last_topup_at "
           f"FROM meters m WHERE {where}")
    if eans is None:
        return tx.all(sql, params)
    found: list[dict[str, Any]] = []
    eans = sorted(set(eans))
    for start in range(0, len(eans), _CHUNK):
        clause, values = _in(tx, "m.ean", eans[start : start + _CHUNK])
        found.extend(tx.all(f"{sql} AND {clause}", [*params, *values]))
    return found


def history_of(tx: Transaction, eans: Sequence[str], *, start: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The readings and top-ups of these meters from `start` on, oldest first: two queries for all."""
    if not eans:
        return [], []
    clause, values = _in(tx, "ean", sorted(set(eans)))
    readings = tx.all(f"SELECT ean, read_at, balance_cents FROM readings WHERE {clause} AND read_at >= ? "
                      "ORDER BY ean, read_at", [*values, start])
    topups = tx.all(f"SELECT ean, at, amount_cents FROM topups WHERE {clause} AND at >= ? ORDER BY ean, at",
                    [*values, start])
    return readings, topups


def claim_heating_dropped(tx: Transaction, ean: str, *, now: int) -> bool:
    """Marks the meter's heating as dropped from now unless another sweep did: True for the one that did."""
    row = tx.one("UPDATE meters SET heating_dropped_since = ? WHERE ean = ? AND heating_dropped_since IS NULL "
                 "RETURNING heating_dropped_since", (now, ean))
    return row is not None


def end_heating_dropped(tx: Transaction, *, winter: bool, balance_below: int) -> None:
    """The episode ends when money is back (or winter is over): the signal re-arms."""
    if winter:
        tx.execute("UPDATE meters SET heating_dropped_since = NULL WHERE heating_dropped_since IS NOT NULL "
                   "AND balance_cents >= ? AND COALESCE(emergency_credit_in_use, 0) = 0", (balance_below,))
    else:
        tx.execute("UPDATE meters SET heating_dropped_since = NULL WHERE heating_dropped_since IS NOT NULL")


# --- signals -------------------------------------------------------------------------------------

COLUMNS = ("account_id", "ean", "energy", "kind", "episode", "since", "created_at")


def insert(tx: Transaction, rows: Sequence[tuple]) -> list[dict[str, Any]]:
    """Inserts the signals (COLUMNS order) whose (ean, kind, episode) has none yet; returns the new ones."""
    new: list[dict[str, Any]] = []
    one = "(" + ", ".join("?" for _ in COLUMNS) + ")"
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        new.extend(tx.all(
            f"INSERT INTO signals ({', '.join(COLUMNS)}) VALUES {', '.join(one for _ in chunk)} "
            "ON CONFLICT (ean, kind, episode) DO NOTHING RETURNING id, account_id, ean, energy, kind, episode, since",
            [v for row in chunk for v in row],
        ))
    return new


_LISTED = ("s.id, s.account_id, s.ean, s.energy, s.kind, s.since, s.status, s.followed_up_by_name, "
           "s.followed_up_by_organisation, s.note")


def of_organisation(tx: Transaction, organisation_id: int, *, status: str | None, after_id: int | None,
                    limit: int) -> list[dict[str, Any]]:
    """The signals of the households this organisation holds a live mandate for, newest first (keyset
    paging on the id), with the household's name."""
    sql = (f"SELECT {_LISTED}, a.display_name FROM signals s JOIN accounts a ON a.id = s.account_id "
           "JOIN mandates md ON md.account_id = s.account_id AND md.organisation_id = ? AND md.ended_at IS NULL "
           "WHERE 1 = 1")
    params: list[Any] = [organisation_id]
    if status is not None:
        sql += " AND s.status = ?"
        params.append(status)
    if after_id is not None:
        sql += " AND s.id < ?"
        params.append(after_id)
    return tx.all(sql + " ORDER BY s.id DESC LIMIT ?", [*params, limit])


def one_of_organisation(tx: Transaction, organisation_id: int, signal_id: int) -> dict[str, Any] | None:
    """The signal, when the organisation holds a live mandate for its household; else None (404)."""
    return tx.one(
        f"SELECT {_LISTED}, a.display_name FROM signals s JOIN accounts a ON a.id = s.account_id "
        "JOIN mandates md ON md.account_id = s.account_id AND md.organisation_id = ? AND md.ended_at IS NULL "
        "WHERE s.id = ?",
        (organisation_id, signal_id),
    )


def follow_up(tx: Transaction, signal_id: int, *, status: str, staff_id: int, name: str, organisation: str,
              note: str | None, now: int) -> None:
    tx.execute(
        "UPDATE signals SET status = ?, followed_up_at = ?, followed_up_by_staff_id = ?, followed_up_by_name = ?, "
        "followed_up_by_organisation = ?, note = ? WHERE id = ?",
        (status, now, staff_id, name, organisation, note, signal_id),
    )


def of_accounts(tx: Transaction, account_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Every signal of these households that is not resolved, for the caseload rows."""
    if not account_ids:
        return []
    clause, values = _in(tx, "account_id", sorted(set(account_ids)))
    return tx.all(f"SELECT id, account_id, ean, energy, kind, since, status FROM signals WHERE {clause} "
                  "AND status <> 'resolved' ORDER BY id", values)


def mail_extras(tx: Transaction, account_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What a household's signal mail says besides the notification: its postcode and the organisations
    holding its mandate (names joined by a comma)."""
    if not account_ids:
        return {}
    clause, values = _in(tx, "a.id", sorted(set(account_ids)))
    found: dict[int, dict[str, Any]] = {}
    for r in tx.all(
        "SELECT a.id, a.postal_code, o.name FROM accounts a LEFT JOIN mandates md ON md.account_id = a.id "
        f"AND md.ended_at IS NULL LEFT JOIN organisations o ON o.id = md.organisation_id WHERE {clause} ORDER BY a.id, o.name",
        values,
    ):
        entry = found.setdefault(int(r["id"]), {"postal_code": r["postal_code"], "organisations": []})
        if r["name"]:
            entry["organisations"].append(r["name"])
    return found


def staff_to_mail_at_once(tx: Transaction, account_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Members of organisations with a live mandate for these households who asked for signals by mail
    at once (immediate_signals), with a verified address."""
    if not account_ids:
        return []
    clause, values = _in(tx, "md.account_id", sorted(set(account_ids)))
    return tx.all(
        "SELECT md.account_id, st.id AS staff_id, st.display_name, s.email, s.language FROM mandates md "
        "JOIN staff st ON st.organisation_id = md.organisation_id AND st.removed_at IS NULL "
        "JOIN staff_alert_settings s ON s.staff_id = st.id AND s.immediate_signals = 1 AND s.email_verified = 1 "
        f"AND s.email IS NOT NULL WHERE md.ended_at IS NULL AND {clause}",
        values,
    )


def accounts_with_open(tx: Transaction, organisation_id: int) -> set[int]:
    """The households of the organisation's live mandates with a signal nobody followed up yet: they
    come first in its caseload."""
    return {int(r["account_id"]) for r in tx.all(
        "SELECT DISTINCT s.account_id FROM signals s JOIN mandates md ON md.account_id = s.account_id "
        "AND md.organisation_id = ? AND md.ended_at IS NULL WHERE s.status = 'open'",
        (organisation_id,),
    )}


def open_by_kind(tx: Transaction) -> dict[str, int]:
    """How many signals nobody followed up yet, per kind (the /metrics gauge)."""
    return {r["kind"]: int(r["n"]) for r in tx.all(
        "SELECT kind, COUNT(*) AS n FROM signals WHERE status = 'open' GROUP BY kind")}
