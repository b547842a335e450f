"""Server settings: one object, read from arguments or BUDGETMETER_* environment variables."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGETMETER_", extra="ignore")

    # A file path means SQLite; a postgresql:// URL means PostgreSQL.
    database: str = "budgetmeter.sqlite3"
    # Keys the hash of Prepaid-codes. A 10-digit code hashed without a secret would be
    # brute-forced from a stolen database in minutes, so the key lives outside the database.
    secret_key: str = ""
    secret_key_file: str | None = None
    demo: bool = False

    token_idle_seconds: int = 30 * 60
    token_absolute_seconds: int = 12 * 60 * 60

    throttle_window_seconds: int = 15 * 60
    throttle_max_failures: int = 5
    # One OCMW office often shares a single public address for many social workers,
    # so the per-address limit is looser than the per-code and per-username one.
    throttle_max_failures_per_address: int = 20
    throttle_max_failures_per_day: int = 20
    throttle_max_failures_per_address_per_day: int = 100
    throttle_base_lock_seconds: int = 60
    throttle_max_lock_seconds: int = 24 * 60 * 60

    max_body_bytes: int = 64 * 1024
    # Operator batches (5,000 readings) and the whole top-up point set come in one body each.
    operator_max_body_bytes: int = 32 * 1024 * 1024

    payment_beneficiary: str = "Demo Netbeheerder Prepaid"
    payment_iban: str = "BE71096123456769"
    payment_bic: str = "GKCCBEBB"

    topup_points_file: str | None = Field(default=None)

    # Alerts (DESIGN.md, "Alerts"). Without an SMTP URL, in-app notices still work and no mail is sent.
    # smtp://user:pass@host:port, smtp+starttls://..., smtps://...
    smtp_url: str | None = None
    mail_from: str = "budgetmeter <no-reply@budgetmeter.invalid>"
    # Off only to measure what the evaluation costs (bench/alerts.py); an operator keeps it on.
    alerts_enabled: bool = True
    mail_poll_seconds: float = 1.0
    # Back-off after a failed send: base * 2^(attempts - 1), at most the maximum.
    mail_retry_seconds: float = 30.0
    mail_retry_max_seconds: float = 3600.0
    mail_max_attempts: int = 50
    # Where the mail tells people to find top-up points (the app's own list when empty).
    topup_info_url: str = ""

    def resolved_secret_key(self) -> bytes:
        """The key from the setting, else from a file beside the database, created on first use."""
        if self.secret_key:
            return self.secret_key.encode()
        path = Path(self.secret_key_file) if self.secret_key_file else self._default_key_path()
        if path.exists():
            return path.read_text().strip().encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.touch(mode=0o600)
        path.write_text(key)
        return key.encode()

    def _default_key_path(self) -> Path:
        if self.is_postgres:
            return Path("budgetmeter-secret.key")
        return Path(self.database).with_suffix(".key")

    @property
    def is_postgres(self) -> bool:
        return self.database.startswith(("postgresql://", "postgres://"))
