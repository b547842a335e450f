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

    payment_beneficiary: str = "Demo Netbeheerder Prepaid"
    payment_iban: str = "BE71096123456769"
    payment_bic: str = "GKCCBEBB"

    topup_points_file: str | None = Field(default=None)

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
