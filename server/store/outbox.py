"""The mail outbox: mail waits here, in the same transaction as what caused it, until an SMTP
server took it. A sender claims due rows for a lease (PostgreSQL: FOR UPDATE SKIP LOCKED, so several
senders never claim one row), sends them, then marks them sent; a sender that dies mid-way leaves
its rows to be claimed again when the lease ends."""

from __future__ import annotations

from typing import Any

from .db import Transaction

# A verification code's life (server.api.email_codes): its mail is no use after it, sent or not.
CODE_MAIL_SECONDS = 30 * 60

COLUMNS = ("purpose", "account_id", "staff_id", "notification_id", "to_address", "subject", "text_body", "html_body",
           "created_at", "next_attempt_at")


def enqueue(tx: Transaction, *, purpose: str, to_address: str, subject: str, text_body: str, html_body: str,
            now: int, not_before: int | None = None, account_id: int | None = None,
            notification_id: int | None = None, staff_id: int | None = None) -> None:
    """A mail for a client (account_id) or for a staff member (staff_id: digests and their codes)."""
    tx.execute(
        f"INSERT INTO mail_outbox ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
        (purpose, account_id, staff_id, notification_id, to_address, subject, text_body, html_body, now,
         max(now, not_before or now)),
    )


def enqueue_alerts(tx: Transaction, mails: list[tuple[int, int, str, int | None]], *, now: int) -> None:
    """Alert mails as facts: (account_id, notification_id, to_address, not_before). Subject and bodies
    stay empty: the sender puts the words together from the notification (server.services.alerts.sender), so
    the transaction that applies the readings only writes what happened."""
    if mails:
        tx.executemany(
            f"INSERT INTO mail_outbox ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
            [("alert", account_id, None, notification_id, to_address, "", "", "", now, max(now, not_before or now))
             for account_id, notification_id, to_address, not_before in mails],
        )


def any_due(tx: Transaction, *, now: int) -> bool:
    """A cheap read before a sender takes a write transaction to claim."""
    return tx.one(
        "SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? LIMIT 1",
        (now,),
    ) is not None


def claim(tx: Transaction, *, now: int, lease_seconds: int, limit: int) -> list[dict[str, Any]]:
    """Due rows, oldest first, each counted as an attempt and hidden from other senders until the
    lease ends. A code's mail that outlived its code (the mail server was down) is deleted instead."""
    sql = (
        "SELECT id, purpose, notification_id, to_address, subject, text_body, html_body, attempts, created_at "
        "FROM mail_outbox "
        "WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
    )
    if tx.dialect == "postgresql":
        sql += " FOR UPDATE SKIP LOCKED"
    rows = tx.all(sql, (now, limit))
    stale = [r["id"] for r in rows if r["purpose"] == "verification" and r["created_at"] < now - CODE_MAIL_SECONDS]
    if stale:
        tx.executemany("DELETE FROM mail_outbox WHERE id = ?", [(i,) for i in stale])
        rows = [r for r in rows if r["id"] not in stale]
    if rows:
        tx.executemany(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
            [(now + lease_seconds, r["id"]) for r in rows],
        )
    return rows


# A mail that went (or was given up) keeps what makes it go once (purpose, owner, notification_id, times),
# not what it said nor to whom: a code, a balance, clients' names in a digest, an address.
_FORGET = "to_address = '', subject = '', text_body = '', html_body = ''"


def mark_sent(tx: Transaction, mail_id: int, *, now: int) -> None:
    tx.execute(f"UPDATE mail_outbox SET sent_at = ?, {_FORGET}, last_error = NULL WHERE id = ?", (now, mail_id))


def mark_failed(tx: Transaction, mail_id: int, *, error: str, retry_at: int | None, now: int) -> None:
    """retry_at None: given up (a permanent refusal, or too many attempts)."""
    if retry_at is None:
        tx.execute(f"UPDATE mail_outbox SET failed_at = ?, {_FORGET}, last_error = ? WHERE id = ?",
                   (now, error[:500], mail_id))
    else:
        tx.execute(
            "UPDATE mail_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?", (retry_at, error[:500], mail_id)
        )


def waiting(tx: Transaction) -> tuple[int, int | None]:
    """How many mails wait to be sent (not given up) and when the oldest was queued."""
    row = tx.one(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL"
    )
    return int(row["n"]), (int(row["oldest"]) if row["oldest"] is not None else None)


def unsent(tx: Transaction, *, limit: int) -> list[dict[str, Any]]:
    """The newest mails not sent nor given up, newest first (the demo's mailbox, server.services.demo_mailbox)."""
    return tx.all(
        "SELECT id, purpose, notification_id, to_address, subject, text_body, html_body, attempts, created_at "
        "FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?",
        (limit,),
    )


def release(tx: Transaction, mail_ids: list[int], *, now: int) -> None:
    """Claimed rows a stopping sender did not get to: due again at once, the attempt not counted."""
    tx.executemany(
        "UPDATE mail_outbox SET attempts = attempts - 1, next_attempt_at = ? WHERE id = ? AND sent_at IS NULL",
        [(now, i) for i in mail_ids],
    )


def forget_pending_verifications(tx: Transaction, *, account_id: int | None = None,
                                 staff_id: int | None = None) -> None:
    """A new code replaces the old one: its mail to the client (account_id) or staff member (staff_id),
    if still waiting, is not sent any more."""
    owner, owner_id = ("account_id", account_id) if account_id is not None else ("staff_id", staff_id)
    tx.execute(
        f"DELETE FROM mail_outbox WHERE {owner} = ? AND purpose = 'verification' AND sent_at IS NULL", (owner_id,)
    )


def drop_expired_codes(tx: Transaction, *, now: int) -> int:
    """Deletes the mails of verification codes that have expired, sent or not: also those that never go
    because mail is off. Returns how many."""
    cursor = tx.execute(
        "DELETE FROM mail_outbox WHERE purpose = 'verification' AND created_at < ?", (now - CODE_MAIL_SECONDS,)
    )
    return max(0, cursor.rowcount)
