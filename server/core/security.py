"""Secrets handling: Prepaid-codes, passwords and tokens never reach the store in plain text."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
import threading
from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREPAID_CODE_DIGITS = 10
_SEPARATORS = re.compile(r"[\s\-.]+")

#: How passwords are hashed, by the name BUDGETMETER_PASSWORD_HASHING gives (server.core.settings).
#: Every hash carries its own parameters, so a password hashed under one verifies under the other.
PASSWORD_HASHING: dict[str, PasswordHasher] = {
    # RFC 9106's second recommended option, argon2-cffi's default: 64 MiB, 3 passes, 4 lanes. Always,
    # unless said otherwise.
    "rfc9106": PasswordHasher(),
    # OWASP's minimum for argon2id (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane): about a
    # fifth of the work. The test suite's choice, where hundreds of staff members are made and log in;
    # nothing weaker can be chosen.
    "owasp-minimum": PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),
}
_hasher = PASSWORD_HASHING["rfc9106"]
# Each hash takes 64 MiB: forty at once in the thread pool would take 2.5 GB and could be forced by
# anyone sending logins. One per core is as fast as it gets anyway.
_hash_slots = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


def use_password_hashing(name: str) -> None:
    """Hash new passwords with PASSWORD_HASHING[name] from now on (each process's start does this)."""
    global _hasher
    _hasher = PASSWORD_HASHING[name]


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verifying against this when a username does not exist keeps the answer as slow as for a wrong
    password, so timing does not tell which usernames exist. Made on first use, not at import: an
    argon2 hash costs 64 MiB and tens of milliseconds, and every process (each API worker, each CLI
    command) imports this module, most without ever checking a password."""
    return hasher.hash(secrets.token_urlsafe(16))


def normalise_prepaid_code(raw: str) -> str | None:
    """'1111 2222 33', '1111-2222-33' -> '1111222233'; None when it cannot be a Prepaid-code."""
    compact = _SEPARATORS.sub("", raw or "")
    if len(compact) != PREPAID_CODE_DIGITS or not compact.isdigit():
        return None
    return compact


def prepaid_code_hash(key: bytes, code: str) -> str:
    """Keyed hash for look-up: deterministic (so it can be indexed) but useless without the key."""
    return hmac.new(key, b"prepaid:" + code.encode(), hashlib.sha256).hexdigest()


def mask_prepaid_code(last_digits: str) -> str:
    # seed 000, Vraag 12: "De Prepaid-code is niet zo veilig als een eigen gekozen wachtwoord en
    # daarom is een gedeelte van de gegevens geblurd." Only the last two digits are ever shown.
    return f"•••• •••• {last_digits}"


def hash_password(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        with _hash_slots:
            ok = _hasher.verify(password_hash or _dummy_hash(_hasher), password)
        return ok and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough to make a stolen table useless.
    return hashlib.sha256(token.encode()).hexdigest()


# An operator's machine key: made by `budgetmeter-server operator-key create`, shown once, kept as a
# hash. Here, beside the other secrets, so that the CLI command does not load the API to make one.
KEY_PREFIX = "bmk_"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(b"operator-key:" + key.encode()).hexdigest()


def bearer_token(scope: Mapping[str, Any]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header in an ASGI scope's raw headers (a
    Starlette request: `request.scope`); None when there is none, the scheme is another, or the token
    is empty. The scheme is case-insensitive and the token stripped; only the first such header counts,
    as with Starlette's `request.headers.get`."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


def throttle_key(kind: str, value: str, key: bytes) -> str:
    """Throttle rows name who is throttled without storing codes or addresses in clear."""
    return kind + ":" + hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


# Sealed TOTP secrets: "v1:" + base64url(nonce || AES-256-GCM ciphertext and tag). Without the prefix a
# value is a secret stored in clear before sealing existed (encrypted at start-up, seal_clear_totp).
SEALED_PREFIX = "v1:"


def _totp_cipher(key: bytes) -> AESGCM:
    # A key of its own, derived from the server key: the Prepaid-code HMAC and this never share one.
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"budgetmeter totp secret v1").derive(key))


def seal_totp_secret(key: bytes, staff_id: int, secret: str) -> str:
    """The secret encrypted for the store; bound to its staff member, so a row copied onto another member's
    does not decrypt."""
    nonce = os.urandom(12)
    sealed = _totp_cipher(key).encrypt(nonce, secret.encode(), f"staff:{staff_id}".encode())
    return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_totp_secret(key: bytes, staff_id: int, stored: str) -> str | None:
    """The secret of a stored value; None when it does not decrypt (another key, another member's row)."""
    if not stored.startswith(SEALED_PREFIX):
        return stored  # from before sealing, until start-up seals it
    raw = base64.urlsafe_b64decode(stored[len(SEALED_PREFIX):])
    try:
        return _totp_cipher(key).decrypt(raw[:12], raw[12:], f"staff:{staff_id}".encode()).decode()
    except InvalidTag:
        return None
