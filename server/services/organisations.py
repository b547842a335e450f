"""Creating organisations and their members: one code path for the CLI, the operator and org admins."""

from __future__ import annotations

import re
import secrets

from ..core import security
from ..store import organisations, staff
from ..store.db import Database, IntegrityError, Transaction

USERNAME = re.compile(r"^[a-z0-9._@-]{3,64}$")


class NameTaken(Exception):
    """The organisation name or the username is already in use."""


def initial_password() -> str:
    """Handed over once by the administrator (or printed by the CLI), replaced at the first log-in.
    16 characters from 96 random bits, URL-safe so it survives being read out or pasted."""
    return secrets.token_urlsafe(12)


def normalise_username(raw: str) -> str | None:
    username = raw.strip().lower()
    return username if USERNAME.match(username) else None


def create_organisation(db: Database, *, name: str, admin_username: str, admin_name: str, now: int) -> tuple[int, str]:
    """(organisation_id, initial password of its first administrator). seed 000, Vraag 19: "De
    verantwoordelijke die aangesteld werd in ieder OCMW kan medewerkers toevoegen": that person is the
    first administrator."""
    password = initial_password()
    password_hash = security.hash_password(password)
    try:
        with db.transaction(write=True) as tx:
            if tx.one("SELECT id FROM organisations WHERE name = ?", (name,)) is not None:
                raise NameTaken(f"an organisation named {name!r} exists already")
            organisation_id = organisations.create(tx, name=name, now=now)
            _add(tx, organisation_id, admin_username, admin_name, password_hash, is_admin=True, now=now)
    except IntegrityError as exc:
        raise NameTaken(f"the username {admin_username!r} or the name {name!r} is taken") from exc
    return organisation_id, password


def add_member(db: Database, *, organisation_id: int, username: str, display_name: str, now: int) -> str:
    """The new member's initial password. seed 000, Vraag 23: "Normaal kunnen meer dan twee medewerkers
    worden toegevoegd": no limit here."""
    password = initial_password()
    password_hash = security.hash_password(password)
    try:
        with db.transaction(write=True) as tx:
            _add(tx, organisation_id, username, display_name, password_hash, is_admin=False, now=now)
    except IntegrityError as exc:
        raise NameTaken(f"the username {username!r} is taken") from exc
    return password


def _add(tx: Transaction, organisation_id: int, username: str, display_name: str, password_hash: str, *, is_admin: bool, now: int) -> None:
    if staff.by_username(tx, username) is not None:
        # Usernames are never reused, also of removed members: the access log keeps naming them.
        raise NameTaken(f"the username {username!r} is taken")
    staff.create(
        tx,
        organisation_id=organisation_id,
        username=username,
        display_name=display_name,
        is_admin=is_admin,
        password_hash=password_hash,
        now=now,
    )


def seal_clear_totp_secrets(db: Database, key: bytes) -> int:
    """Encrypts the authenticator secrets a store kept in clear before they were sealed (the migration runs
    SQL only, and the key is not in the store); returns how many. Idempotent: sealed rows are skipped,
    and a row changed meanwhile (another worker, a new enrolment) is left to that change."""
    with db.transaction() as tx:
        rows = staff.clear_totp_secrets(tx)
    if rows:
        with db.transaction(write=True) as tx:
            for r in rows:
                sealed = security.seal_totp_secret(key, int(r["id"]), r["totp_secret"])
                staff.replace_totp_secret(tx, int(r["id"]), old=r["totp_secret"], new=sealed)
    return len(rows)
