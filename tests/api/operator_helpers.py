"""Helpers of the operator data path tests: keys made with the real CLI command, fresh EANs and codes."""

from __future__ import annotations

import itertools
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from server.rules.ean import make_ean
from tests.commands import Done, run_command
from tests.serverproc import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(int(time.time() * 1000) % 10**8)
ENV = {**os.environ, "BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY}


def cli(*args: str, check: bool = True) -> Done:
    """`budgetmeter-server ARGS`, run in this process (tests/commands.py says why and where the
    command's own process is tested)."""
    result = run_command(*args, env={"BUDGETMETER_SECRET_KEY": TEST_SECRET_KEY})
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def create_key(database: str, name: str | None = None, operator: str | None = None) -> str:
    """A key of `operator` (None: the default operator, as `operator-key create` without --operator)."""
    name = name or f"test-{next(_numbers)}"
    extra = ("--operator", operator) if operator else ()
    out = cli("operator-key", "create", "--name", name, *extra, "--database", database).stdout
    key = out.strip().splitlines()[-1]
    assert key.startswith("bmk_")
    return key


def operator_client(url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def fresh_ean() -> str:
    return make_ean(f"9{next(_numbers):011d}")


def fresh_code() -> str:
    return f"{next(_numbers) % 10**10:010d}"


def fresh_ref() -> str:
    return f"klant-{next(_numbers)}"


def fresh_name(prefix: str) -> str:
    """A key or operator name no other test uses."""
    return f"{prefix}-{next(_numbers)}"


def iso(at: datetime) -> str:
    return at.isoformat()


def ago(**delta: float) -> str:
    return iso(datetime.now(timezone.utc) - timedelta(**delta))


def account_body(code: str, *eans_energy: tuple[str, str], postal_code: str = "9000") -> dict:
    return {
        "display_name": "Test Huishouden",
        "postal_code": postal_code,
        "language": "nl",
        "prepaid_code": code,
        "meters": [{"ean": e, "energy": en, "emergency_credit_limit_cents": 2000} for e, en in eans_energy],
    }


def reading(event_id: str, ean: str, read_at: str, balance: int, **extra) -> dict:
    return {
        "event_id": event_id,
        "ean": ean,
        "read_at": read_at,
        "balance_cents": balance,
        "emergency_credit_available_cents": 2000,
        "emergency_credit_in_use": False,
        "minimum_supply_active": False,
        **extra,
    }
