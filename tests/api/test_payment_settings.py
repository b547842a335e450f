"""Outside --demo the server needs the account households pay into: it refuses to start without a
valid BUDGETMETER_PAYMENT_IBAN and a BUDGETMETER_PAYMENT_BENEFICIARY, and serves the one it is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.core.settings import Settings, SettingsError
from tests.serverproc import PAYMENT_ENV, free_port

from .conftest import DEMO, fresh_address


def run_server(tmp_path: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    """Starts the real server command; it must exit by itself when the settings are refused."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETMETER_PAYMENT_")}
    args = [sys.executable, "-m", "server", "--port", str(free_port()), "--database", str(tmp_path / "s.sqlite3")]
    return subprocess.run(
        [*args, *extra],
        env={**clean, "BUDGETMETER_SECRET_KEY": "test-secret-key-of-at-least-32-characters", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env,names",
    [
        ({}, ["BUDGETMETER_PAYMENT_IBAN", "BUDGETMETER_PAYMENT_BENEFICIARY"]),
        ({"BUDGETMETER_PAYMENT_IBAN": PAYMENT_ENV["BUDGETMETER_PAYMENT_IBAN"]}, ["BUDGETMETER_PAYMENT_BENEFICIARY"]),
        ({"BUDGETMETER_PAYMENT_BENEFICIARY": "Netbeheerder"}, ["BUDGETMETER_PAYMENT_IBAN"]),
        # The IBAN with its last digit changed: the checksum fails.
        ({"BUDGETMETER_PAYMENT_IBAN": "BE62510007547062", "BUDGETMETER_PAYMENT_BENEFICIARY": "Netbeheerder"},
         ["BUDGETMETER_PAYMENT_IBAN"]),
        ({**PAYMENT_ENV, "BUDGETMETER_PAYMENT_BIC": "NOTABIC"}, ["BUDGETMETER_PAYMENT_BIC"]),
    ],
    ids=["nothing", "no-beneficiary", "no-iban", "bad-iban-checksum", "bad-bic"],
)
def test_refuses_to_start_without_a_valid_payment_account(tmp_path: Path, env: dict, names: list[str]) -> None:
    done = run_server(tmp_path, env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one sentence, no traceback
    assert lines[0].startswith("budgetmeter-server: ") and lines[0].endswith(".")
    assert all(name in lines[0] for name in names), lines[0]
    assert not (tmp_path / "s.sqlite3").exists()  # refused before touching the store


def test_demo_starts_without_payment_settings() -> None:
    settings = Settings(demo=True)
    settings.check_payment_account()
    assert (settings.payment_iban, settings.payment_beneficiary) == ("BE71096123456769", "Demo Netbeheerder Prepaid")


def test_settings_check_normalises_a_valid_account() -> None:
    settings = Settings(payment_iban="be62 5100 0754 7061", payment_beneficiary="  Netbeheerder  ")
    settings.check_payment_account()
    assert (settings.payment_iban, settings.payment_beneficiary, settings.payment_bic) == (
        "BE62510007547061",
        "Netbeheerder",
        "",
    )
    with pytest.raises(SettingsError, match="one line"):
        Settings(payment_iban="BE62510007547061", payment_beneficiary="a\nb").check_payment_account()


def test_serves_the_account_it_is_given(make_server) -> None:
    demo = make_server()  # seeds the households
    real = make_server(database=demo.database, demo=False, env=PAYMENT_ENV)
    with httpx.Client(base_url=real.url, headers=fresh_address(), timeout=10) as client:
        token = client.post("/api/v1/auth/prepaid", json=DEMO["an"]).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        ean = client.get("/api/v1/me").json()["meters"][0]["ean"]
        r = client.get(f"/api/v1/meters/{ean}/payment-instructions", params={"amount_cents": 1250})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["iban"], body["bic"], body["beneficiary"]) == (
        "BE62510007547061",
        "GEBABEBB",
        "Test Netbeheerder Prepaid",
    )
    assert body["epc_qr_payload"].splitlines()[4:8] == ["GEBABEBB", "Test Netbeheerder Prepaid", "BE62510007547061", "EUR12.50"]


def test_without_a_bic_the_qr_leaves_it_out(make_server) -> None:
    demo = make_server()
    env = {k: v for k, v in PAYMENT_ENV.items() if k != "BUDGETMETER_PAYMENT_BIC"}
    real = make_server(database=demo.database, demo=False, env={**env, "BUDGETMETER_PAYMENT_BIC": ""})
    with httpx.Client(base_url=real.url, headers=fresh_address(), timeout=10) as client:
        token = client.post("/api/v1/auth/prepaid", json=DEMO["sophie"]).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        ean = client.get("/api/v1/me").json()["meters"][0]["ean"]
        body = client.get(f"/api/v1/meters/{ean}/payment-instructions").json()
    assert body["bic"] == ""
    assert body["epc_qr_payload"].splitlines()[4:7] == ["", "Test Netbeheerder Prepaid", "BE62510007547061"]
