"""The caseload export in two forms (issue 20): the machine form as it was (commas, English column
names, cents), and a spreadsheet form a Belgian spreadsheet opens as columns: semicolons, a UTF-8
byte order mark, euros with a decimal comma, headers in the member's language, names that look like
formulas still escaped. Both stores."""

from __future__ import annotations

import csv
import io

import pytest

from .operator_helpers import account_body, ago, create_key, fresh_code, fresh_ean, fresh_ref, operator_client, reading
from .staff_helpers import new_organisation

MACHINE_HEADER = (
    "client_id,display_name,postal_code,prepaid_code_masked,urgency,open_pending_topups,"
    "ean,energy,balance_cents,status,estimated_days_left,updated_at,signals"  # signals: issue 21, added at the end
)
FORMULA_NAME = '=HYPERLINK("http://example.invalid","Klik")'


@pytest.fixture(scope="module")
def member(server):
    """A member whose caseload holds one household: on emergency credit at -3,20 (16,80 of 20,00 left,
    as the demo's Youssef), named like a formula."""
    code, el = fresh_code(), fresh_ean()
    with operator_client(server.url, create_key(server.database)) as op:
        body = {**account_body(code, (el, "electricity")), "display_name": FORMULA_NAME, "postal_code": "2000"}
        assert op.put(f"/api/v1/operator/accounts/{fresh_ref()}", json=body).status_code == 200
        r = op.post("/api/v1/operator/meter-readings", json={"readings": [
            reading(f"sheet-{el}", el, ago(minutes=5), -320, emergency_credit_available_cents=1680,
                    emergency_credit_in_use=True),
        ]})  # fmt: skip
        assert r.json()["applied"] == 1, r.text
    org = new_organisation(server)
    sam = org.add_member("Sam Peeters")
    assert sam.client.post("/api/v1/caseload", json={"prepaid_code": code, "postal_code": "2000"}).status_code == 201
    sam.ean = el  # type: ignore[attr-defined]
    return sam


def sheet(member, **params) -> tuple[list[str], list[dict[str, str]], bytes]:
    r = member.client.get("/api/v1/caseload/export.csv", params={"form": "spreadsheet", **params})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf"), r.content[:20]  # the UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, row)) for row in body], r.content


def test_the_machine_form_is_as_it_was(member) -> None:
    plain = member.client.get("/api/v1/caseload/export.csv")
    asked = member.client.get("/api/v1/caseload/export.csv", params={"form": "machine"})
    assert plain.status_code == asked.status_code == 200
    assert plain.content == asked.content
    text = plain.content.decode("utf-8")
    assert not text.startswith("\ufeff") and text.splitlines()[0] == MACHINE_HEADER
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["balance_cents"] == "-320" and row["status"] == "emergency_credit" and row["energy"] == "electricity"
    assert row["ean"] == member.ean and row["display_name"] == "'" + FORMULA_NAME


def test_a_belgian_spreadsheet_reads_euros_and_dutch_headers(member) -> None:
    header, rows, raw = sheet(member, language="nl")
    assert header[:3] == ["Cliëntnummer", "Naam", "Postcode"] and "Saldo (€)" in header
    assert "Dagen tot onderbreking (noodkrediet inbegrepen)" in header  # what the days mean, said
    assert len(header) == len(MACHINE_HEADER.split(","))
    (row,) = rows
    assert row["Saldo (€)"] in ("-3,20", "\u22123,20")
    assert row["Toestand"] == "op noodkrediet" and row["Energie"] == "elektriciteit"
    assert row["Naam"] == "'" + FORMULA_NAME  # still never a formula
    assert row["EAN"] == f'="{member.ean}"'  # all 18 digits, never 5,41449E+17
    assert row["Postcode"] == "2000" and row["Klaargezette bedragen (open)"] == "0"
    assert raw.count(b";") >= len(header) - 1 and b"\r\n" in raw


@pytest.mark.parametrize(
    ("language", "balance", "status"),
    [("fr", "Solde (€)", "sur crédit de secours"), ("de", "Guthaben (€)", "auf Notkredit"), ("en", "Balance (€)", "on emergency credit")],
)
def test_the_headers_speak_the_asked_language(member, language, balance, status) -> None:
    header, rows, _ = sheet(member, language=language)
    assert balance in header
    assert rows[0][balance] == "-3,20" and status in rows[0].values()


def test_without_a_language_the_members_own(member) -> None:
    assert "Saldo (€)" in sheet(member)[0]  # never set: Dutch first
    r = member.client.put("/api/v1/staff/me/alerts", json={"email": None, "digest_time": None, "language": "fr"})
    assert r.status_code == 200, r.text
    assert "Solde (€)" in sheet(member)[0]


def test_an_unknown_form_or_language_is_refused(member) -> None:
    for params in ({"form": "excel"}, {"form": "spreadsheet", "language": "es"}):
        r = member.client.get("/api/v1/caseload/export.csv", params=params)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
