"""Staff members of organisations: their password (argon2id), authenticator secret (sealed with a key
derived from the server key, server.core.security.seal_totp_secret), and removal."""

from __future__ import annotations

from typing import Any

from .db import Transaction

_COLUMNS = (
    "s.id, s.organisation_id, s.username, s.display_name, s.is_admin, s.password_hash, s.password_is_initial, "
    "s.pending_password_hash, s.totp_secret, s.totp_confirmed, s.last_totp_step, s.password_set_at, s.created_at, s.removed_at, "
    "o.name AS organisation_name"
)
_FROM = " FROM staff s JOIN organisations o ON o.id = s.organisation_id"


def create(
    tx: Transaction, *, organisation_id: int, username: str, display_name: str, is_admin: bool, password_hash: str, now: int
) -> int:
    row = tx.one(
        "INSERT INTO staff (organisation_id, username, display_name, is_admin, password_hash, password_is_initial, "
        "password_set_at, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
        (organisation_id, username, display_name, int(is_admin), password_hash, now, now),
    )
    assert row is not None
    return int(row["id"])


def by_username(tx: Transaction, username: str) -> dict[str, Any] | None:
    """Also a removed member (removed_at set): the caller refuses them."""
    return tx.one(f"SELECT {_COLUMNS}{_FROM} WHERE s.username = ?", (username,))


def by_id(tx: Transaction, staff_id: int) -> dict[str, Any] | None:
    return tx.one(f"SELECT {_COLUMNS}{_FROM} WHERE s.id = ?", (staff_id,))


def members(tx: Transaction, organisation_id: int) -> list[dict[str, Any]]:
    return tx.all(
        f"SELECT {_COLUMNS}{_FROM} WHERE s.organisation_id = ? AND s.removed_at IS NULL ORDER BY s.display_name, s.id",
        (organisation_id,),
    )


def set_password(tx: Transaction, staff_id: int, *, password_hash: str, initial: bool, now: int) -> None:
    """A new initial password (reset) also forgets the authenticator: the member enrols again."""
    if initial:
        tx.execute(
            "UPDATE staff SET password_hash = ?, password_is_initial = 1, password_set_at = ?, totp_secret = NULL, "
            "totp_confirmed = 0, last_totp_step = NULL, pending_password_hash = NULL WHERE id = ?",
            (password_hash, now, staff_id),
        )
    else:
        tx.execute("UPDATE staff SET password_hash = ?, password_set_at = ? WHERE id = ?", (password_hash, now, staff_id))


def begin_setup(tx: Transaction, staff_id: int, *, secret: str, pending_password_hash: str) -> None:
    """The chosen password waits beside the initial one until the first code confirms the enrolment, so
    an abandoned set-up leaves the initial password working."""
    tx.execute(
        "UPDATE staff SET totp_secret = ?, totp_confirmed = 0, pending_password_hash = ? WHERE id = ?",
        (secret, pending_password_hash, staff_id),
    )


def clear_totp_secrets(tx: Transaction) -> list[dict[str, Any]]:
    """Secrets stored in clear (before they were sealed): id and totp_secret."""
    return tx.all("SELECT id, totp_secret FROM staff WHERE totp_secret IS NOT NULL AND substr(totp_secret, 1, 3) <> 'v1:'")


def replace_totp_secret(tx: Transaction, staff_id: int, *, old: str, new: str) -> None:
    """Only if still `old`: another worker sealing at the same time, or a new enrolment, wins."""
    tx.execute("UPDATE staff SET totp_secret = ? WHERE id = ? AND totp_secret = ?", (new, staff_id, old))


def confirm_setup(tx: Transaction, staff_id: int, *, step: int, now: int) -> None:
    """Set-up done: the chosen password becomes the password and the authenticator is required."""
    tx.execute(
        "UPDATE staff SET totp_confirmed = 1, password_is_initial = 0, password_hash = pending_password_hash, "
        "password_set_at = ?, pending_password_hash = NULL, last_totp_step = ? "
        "WHERE id = ? AND pending_password_hash IS NOT NULL",
        (now, step, staff_id),
    )


def use_totp_step(tx: Transaction, staff_id: int, step: int) -> bool:
    """Records the time step of an accepted code; False when it (or a later one) was already used,
    so the same code cannot log in twice within its window."""
    cursor = tx.execute(
        "UPDATE staff SET last_totp_step = ? WHERE id = ? AND (last_totp_step IS NULL OR last_totp_step < ?)",
        (step, staff_id, step),
    )
    return cursor.rowcount == 1


def remove(tx: Transaction, staff_id: int, *, now: int) -> None:
    tx.execute("UPDATE staff SET removed_at = ? WHERE id = ? AND removed_at IS NULL", (now, staff_id))


def count_admins(tx: Transaction, organisation_id: int) -> int:
    row = tx.one(
        "SELECT COUNT(*) AS n FROM staff WHERE organisation_id = ? AND is_admin = 1 AND removed_at IS NULL",
        (organisation_id,),
    )
    return int(row["n"]) if row else 0
