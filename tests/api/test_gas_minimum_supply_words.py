"""Issue 20: the "minimum supply started" notice and mail of a gas meter said the current is limited to
10 amperes and must be paid for, electricity's rule (seed 001: "De stroombegrenzer ... 10 ampère",
"Ook deze minimumlevering dient u te betalen"). For gas, seed 001 says: "U kunt gratis aardgas
aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is opgebruikt en u niet de financiële
middelen heeft om deze aan te vullen" ... "De maatschappelijk werker onderzoekt of u recht heeft op
gratis aardgas." Against the real server: a gas meter falls to minimum supply, its notice says so."""

from __future__ import annotations

import httpx
import pytest

from server.services.alerts import words

from .alert_helpers import Household
from .operator_helpers import account_body, create_key, fresh_code, fresh_ean, fresh_ref, operator_client


@pytest.mark.parametrize(("language", "ocmw", "amperes"), [("nl", "OCMW", "ampère"), ("fr", "CPAS", "ampères"),
                                                           ("de", "ÖSHZ", "Ampere"), ("en", "OCMW", "amperes")])
def test_gas_is_free_gas_at_the_ocmw_and_electricity_is_10_amperes_paid(language, ocmw, amperes) -> None:
    gas = words.body(language, "minimum_supply_started", words.alert_values(
        language, energy="gas", balance_cents=-500, days_left=None, amount_cents=None, topup_needed_cents=550))
    assert ocmw in gas and amperes not in gas and "10" not in gas, gas
    power = words.body(language, "minimum_supply_started", words.alert_values(
        language, energy="electricity", balance_cents=-500, days_left=None, amount_cents=None, topup_needed_cents=550))
    assert amperes in power and "10" in power and ocmw not in power, power


def test_a_gas_meters_notice_tells_of_free_gas(make_server) -> None:
    server = make_server()
    with operator_client(server.url, create_key(server.database)) as operator:
        code, ean = fresh_code(), fresh_ean()
        assert operator.put(f"/api/v1/operator/accounts/{fresh_ref()}",
                            json=account_body(code, (ean, "gas"))).status_code == 200
        with httpx.Client(base_url=server.url, timeout=15, headers={"X-Forwarded-For": "192.0.2.77"}) as client:
            r = client.post("/api/v1/auth/prepaid", json={"prepaid_code": code, "postal_code": "9000"})
            assert r.status_code == 200, r.text
            client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
            h = Household(code, [ean], client, operator)
            h.push(-500, minimum_supply_active=True)
            [note] = [n for n in h.notifications()["items"] if n["kind"] == "minimum_supply_started"]
            assert "gratis aardgas" in note["body"] and "ampère" not in note["body"], note
