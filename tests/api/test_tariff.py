"""Social-tariff status and the eligibility check, through the API."""

from __future__ import annotations

import httpx


def test_tariff_status_of_an(as_client) -> None:
    t = as_client("an").get("/api/v1/tariff").json()
    assert t["protected_customer"] is True
    assert {(e["energy"], e["category"], e["active"]) for e in t["social_tariff"]} == {
        ("electricity", "1", True),
        ("gas", "1", True),
    }
    assert t["checked_at"] is not None


def test_tariff_status_of_marie_is_electricity_only(as_client) -> None:
    t = as_client("marie").get("/api/v1/tariff").json()
    assert [(e["energy"], e["category"]) for e in t["social_tariff"]] == [("electricity", "2A")]


def test_no_social_tariff_for_youssef(as_client) -> None:
    t = as_client("youssef").get("/api/v1/tariff").json()
    assert t["social_tariff"] == [] and t["protected_customer"] is False


def test_eligibility_needs_no_login(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/social-tariff/eligibility",
        json={
            "benefit": "leefloon",
            "decision_date": "2026-05-14",
            "energy": "electricity",
            "connection": "main_residence",
            "supplier_informed_on": "2026-11-24",
        },
    )
    assert r.status_code == 200, r.text
    a = r.json()
    # seed 003: "Het recht op het sociaal tarief gaat altijd in op de eerste dag van het trimester ..."
    assert (a["eligible"], a["category"], a["start"], a["end"]) == (True, "1", "2026-04-01", "2026-12-31")
    assert a["certificate_needed"] is True and a["certificate_from"] == "ocmw"
    assert all(e["quote"] for e in a["explanations"])


def test_eligibility_excludes_second_residence(client: httpx.Client) -> None:
    a = client.post(
        "/api/v1/social-tariff/eligibility",
        json={"benefit": "leefloon", "decision_date": "2026-05-14", "energy": "gas", "connection": "second_residence"},
    ).json()
    assert a["eligible"] is False and a["start"] is None


def test_eligibility_rejects_unknown_benefit(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/social-tariff/eligibility",
        json={"benefit": "lottery", "decision_date": "2026-05-14", "energy": "gas", "connection": "main_residence"},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
