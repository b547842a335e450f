"""Server settings: one object, read from arguments or BUDGETMETER_* environment variables."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr
from pydantic_settings import BaseSettings, SettingsConfigDict
from stdnum import bic, iban
from stdnum.exceptions import ValidationError

from .database_path import default_database


class SettingsError(ValueError):
    """Settings the server cannot run with; the message is one sentence for whoever starts it."""


# The demo's payment account: a made-up beneficiary on an IBAN that passes stdnum's Belgian checks.
DEMO_PAYMENT_BENEFICIARY = "Demo Netbeheerder Prepaid"
DEMO_PAYMENT_IBAN = "BE71096123456769"
DEMO_PAYMENT_BIC = "GKCCBEBB"
# EPC069-12: the beneficiary name is at most 70 characters (server.rules.payment.EPC_MAX_NAME).
_MAX_BENEFICIARY = 70

# A server key shorter than this is refused: it keys the Prepaid-code hashes and the TOTP secrets'
# encryption, so it must resist brute force on its own (32 URL-safe characters are 192 bits).
MIN_SECRET_KEY_CHARS = 32
_MAKE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGETMETER_", extra="ignore")

    # A file path means SQLite; a postgresql:// URL means PostgreSQL. Without one, the app's own SQLite
    # file in the user's data folder, for the server and every sub-command alike (core/database_path.py).
    database: str = Field(default_factory=default_database)
    # Keys the hash of Prepaid-codes. A 10-digit code hashed without a secret would be
    # brute-forced from a stolen database in minutes, so the key lives outside the database.
    # Secrets stay out of repr(): a settings object in a traceback or a debug log must not carry them.
    secret_key: str = Field(default="", repr=False)
    # A file holding the key: several workers on PostgreSQL (or a secrets mount) share one this way.
    secret_key_file: str | None = None
    _key: bytes | None = PrivateAttr(default=None)
    demo: bool = False

    token_idle_seconds: int = 30 * 60
    token_absolute_seconds: int = 12 * 60 * 60
    # How often the server deletes expired and revoked tokens (server/services/maintenance.py).
    token_purge_interval_seconds: float = Field(default=60 * 60, gt=0)

    throttle_window_seconds: int = 15 * 60
    # Failures a rolling day per Prepaid-code or username before each further one delays the next try
    # (base, doubling, at most the maximum delay): a delay, not a lock, since anyone who knows a code
    # or a username could otherwise lock its owner out.
    throttle_max_failures: int = 5
    throttle_max_delay_seconds: int = 5 * 60
    # One OCMW office often shares a single public address for many social workers,
    # so the per-address limit is looser than the per-code and per-username one.
    throttle_max_failures_per_address: int = 20
    throttle_max_failures_per_address_per_day: int = 100
    throttle_base_lock_seconds: int = 60
    throttle_max_lock_seconds: int = 24 * 60 * 60

    max_body_bytes: int = 64 * 1024

    # The account households pay their top-ups into. No default: a server that made up an account
    # would send real money to it. Only --demo fills in the demo account (check_payment_account).
    payment_beneficiary: str = ""
    payment_iban: str = ""
    # Optional: SEPA transfers inside the EEA need no BIC (EPC069-12 version 002 leaves it out).
    payment_bic: str = ""

    topup_points_file: str | None = Field(default=None)

    # Alerts (README, "Alerts"). Without an SMTP URL, in-app notices still work and no mail is sent.
    # smtp://user:pass@host:port, smtp+starttls://..., smtps://...
    smtp_url: str | None = Field(default=None, repr=False)  # may hold the mail server's password
    mail_from: str = "budgetmeter <no-reply@budgetmeter.invalid>"
    # Off only to measure what the evaluation costs (bench/alerts.py); an operator keeps it on.
    alerts_enabled: bool = True
    mail_poll_seconds: float = 1.0
    # argon2id's parameters for new password hashes (server.core.security.PASSWORD_HASHING): RFC 9106's
    # recommendation, or OWASP's minimum (the test suite's, a fifth of the work).
    password_hashing: Literal["rfc9106", "owasp-minimum"] = "rfc9106"
    # Back-off after a failed send: base * 2^(attempts - 1), at most the maximum.
    mail_retry_seconds: float = 30.0
    mail_retry_max_seconds: float = 3600.0
    mail_max_attempts: int = 50
    # How long a sender holds the mail it took before another may take it (a sender that died): longer
    # than an SMTP session's timeouts, so a slow send is not taken twice.
    mail_lease_seconds: int = 120
    # Where the mail tells people to find top-up points (the app's own list when empty).
    topup_info_url: str = ""

    # Supply signals (issue 21; server.rules.signals, whose Thresholds hold the same defaults).
    signal_off_supply_hours: float = Field(default=6, gt=0)
    signal_limited_supply_hours: float = Field(default=72, gt=0)
    signal_emergency_credit_days: float = Field(default=3, gt=0)
    signal_heating_days: int = Field(default=3, ge=1)
    signal_heating_baseline_days: int = Field(default=30, ge=2)
    signal_heating_percent: int = Field(default=30, ge=1, le=100)
    signal_heating_balance_below_cents: int = Field(default=500, ge=0)
    # How often the server (and `budgetmeter-server worker`) sweeps every meter: time passing without a
    # reading is the case that matters. At least every 15 minutes (issue 21).
    signal_sweep_interval_seconds: float = Field(default=15 * 60, gt=0, le=15 * 60)

    # Operations (deploy/README.md). GET /metrics answers only with this bearer token; 404 when unset.
    metrics_token: str | None = Field(default=None, repr=False)
    # "json": one JSON object per log line (server/core/logs.py), for a log collector; "text" otherwise.
    log_format: str = Field(default="text", pattern="^(text|json)$")

    def check_payment_account(self) -> None:
        """Fill in the demo account under --demo when none is set, then check the account; raises
        SettingsError with one sentence when the server cannot take payments with these settings."""
        if self.demo and not self.payment_iban and not self.payment_beneficiary:
            self.payment_beneficiary = DEMO_PAYMENT_BENEFICIARY
            self.payment_iban = DEMO_PAYMENT_IBAN
            self.payment_bic = self.payment_bic or DEMO_PAYMENT_BIC
        missing = [
            name
            for name, value in (("BUDGETMETER_PAYMENT_IBAN", self.payment_iban), ("BUDGETMETER_PAYMENT_BENEFICIARY", self.payment_beneficiary))
            if not value.strip()
        ]
        if missing:
            raise SettingsError(
                f"{' and '.join(missing)} must be set to the account households pay their top-ups into"
                " (or run with --demo for the demo account)."
            )
        try:
            self.payment_iban = iban.validate(self.payment_iban)
        except ValidationError as exc:
            raise SettingsError(f"BUDGETMETER_PAYMENT_IBAN is not a valid IBAN: {exc}") from None
        beneficiary = self.payment_beneficiary.strip()
        if len(beneficiary) > _MAX_BENEFICIARY or "\n" in beneficiary or "\r" in beneficiary:
            raise SettingsError(
                f"BUDGETMETER_PAYMENT_BENEFICIARY must be one line of at most {_MAX_BENEFICIARY} characters."
            )
        self.payment_beneficiary = beneficiary
        if self.payment_bic.strip():
            try:
                self.payment_bic = bic.validate(self.payment_bic)
            except ValidationError as exc:
                raise SettingsError(f"BUDGETMETER_PAYMENT_BIC is not a valid BIC: {exc}") from None

    def resolved_secret_key(self) -> bytes:
        """The key from BUDGETMETER_SECRET_KEY, else from BUDGETMETER_SECRET_KEY_FILE, else (SQLite only)
        from a file beside the database, created on first use; kept for the life of these settings.
        Raises SettingsError with one sentence when there is no usable key."""
        if self._key is None:
            self._key = self._load_key().encode()
        return self._key

    def _load_key(self) -> str:
        if self.secret_key:
            return _checked_key(self.secret_key.strip(), "BUDGETMETER_SECRET_KEY")
        if self.secret_key_file:
            path = Path(self.secret_key_file)
            try:
                return _checked_key(path.read_text().strip(), f"The key file {path}")
            except OSError as exc:
                raise SettingsError(f"BUDGETMETER_SECRET_KEY_FILE {path} cannot be read ({exc.strerror}).") from None
        if self.is_postgres:
            # Each worker would make a key of its own in its own folder, and hashes made by one would
            # not match in another: on PostgreSQL the key is configured once, for all.
            raise SettingsError(
                "On PostgreSQL, BUDGETMETER_SECRET_KEY or BUDGETMETER_SECRET_KEY_FILE must be set, the same for "
                f"every worker; make a key with: {_MAKE_KEY}"
            )
        if self.database == ":memory:" or self.database.startswith("file::memory:"):
            # A store that vanishes with the process needs no key on disk (and ':memory:.key' in the
            # working folder would be one).
            return secrets.token_urlsafe(48)
        return _key_file_beside(Path(self.database).with_suffix(".key"))

    @property
    def is_postgres(self) -> bool:
        return self.database.startswith(("postgresql://", "postgres://"))


def _checked_key(key: str, where: str) -> str:
    if len(key) < MIN_SECRET_KEY_CHARS:
        raise SettingsError(
            f"{where} holds {'no' if not key else 'too short a'} server key (at least {MIN_SECRET_KEY_CHARS} "
            f"characters); make one with: {_MAKE_KEY}"
        )
    return key


def _key_file_beside(path: Path) -> str:
    """The demo's and the embedded app's key: created once with mode 0600, atomically (O_EXCL), so a
    second process starting at the same moment reads the first one's key instead of writing its own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        # The other process may be between creating the file and writing the key: wait for it briefly.
        deadline = time.monotonic() + 2
        while len(found := path.read_text().strip()) < MIN_SECRET_KEY_CHARS and time.monotonic() < deadline:
            time.sleep(0.05)
        return _checked_key(found, f"The key file {path}")
    with os.fdopen(fd, "w") as f:
        f.write(key)
        f.flush()
        os.fsync(f.fileno())
    return key
