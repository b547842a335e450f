"""Bad input never gives a 500: every failure is the error envelope with a stable code."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize(
    "content,content_type",
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"prepaid_code": 1111222233, "postal_code": 9000}', "application/json"),
        (b'{"prepaid_code": "abc", "postal_code": "9000"}', "application/json"),
        (b'{"prepaid_code": "1111 2222 33", "postal_code": "900"}', "application/json"),
        (b"prepaid_code=1", "application/x-www-form-urlencoded"),
    ],
    ids=["malformed", "empty", "array", "numbers", "code-letters", "postcode-3-digits", "form"],
)
def test_malformed_login_bodies(client: httpx.Client, content: bytes, content_type: str) -> None:
    r = client.post("/api/v1/auth/prepaid", content=content, headers={"Content-Type": content_type})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"
    assert r.json()["error"]["message"]


def test_huge_body_is_refused(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/auth/prepaid",
        content=b'{"prepaid_code": "' + b"1" * 200_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


def test_huge_chunked_body_is_refused(client: httpx.Client) -> None:
    def chunks():
        yield b'{"prepaid_code": "'
        for _ in range(100):
            yield b"1" * 10_000
        yield b'"}'

    r = client.post("/api/v1/auth/prepaid", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_unknown_path_and_method(client: httpx.Client) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.delete("/api/v1/me")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_health(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_openapi_has_stable_operation_ids_and_the_error_envelope(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "login_prepaid",
        "login_password",
        "logout",
        "get_me",
        "get_meter_balance",
        "list_meter_topups",
        "get_payment_instructions",
        "create_pending_topup",
        "get_tariff",
        "check_social_tariff_eligibility",
        "search_topup_points",
        "get_access_log",
        "health",
    } <= ids
    assert "ErrorEnvelope" in spec["components"]["schemas"]


# The routes anyone may call; every other one needs a token (a household's, a staff member's or an
# operator key) and says so, so that generated clients send it.
PUBLIC_OPERATIONS = {
    "login_prepaid", "login_password", "login_staff", "check_social_tariff_eligibility",
    "search_topup_points", "get_topup_point", "search_places", "get_winter_period", "health", "ready",
    "demo_mailbox",  # a --demo server's mail, for anyone trying the demo (404 on any other server)
}


def test_openapi_declares_the_bearer_token_where_one_is_needed(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operations = {op["operationId"]: op for ops in spec["paths"].values() for op in ops.values()}
    assert PUBLIC_OPERATIONS <= operations.keys()
    for operation_id, op in operations.items():
        expected = None if operation_id in PUBLIC_OPERATIONS else [{"bearer": []}]
        assert op.get("security") == expected, operation_id
    # And they do need it: without a token, 401.
    for path, operation_id in (("/api/v1/me", "get_me"), ("/api/v1/tariff", "get_tariff"),
                               ("/api/v1/staff/me", "get_staff_me"), ("/api/v1/caseload", "list_caseload")):
        assert client.get(path).status_code == 401, path


def test_no_docs_pages_outside_the_demo(make_server) -> None:
    """Swagger UI and ReDoc load their scripts from a CDN: only a --demo server offers them; the
    contract itself (/openapi.json) is always there."""
    proc = make_server(demo=False)
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        assert httpx.get(proc.url + path).status_code == 404, path
    assert httpx.get(proc.url + "/openapi.json").json()["info"]["title"] == "budgetmeter API"


def test_logs_hold_no_prepaid_codes(server, client: httpx.Client) -> None:
    client.post("/api/v1/auth/prepaid", json={"prepaid_code": "1111 2222 33", "postal_code": "9000"})
    client.post("/api/v1/auth/prepaid", json={"prepaid_code": "9999 8888 77", "postal_code": "9000"})
    log = server.log()
    for secret in ("1111 2222 33", "1111222233", "9999888877", "9999 8888 77", "Demo-2026!"):
        assert secret not in log


def test_the_access_log_is_method_path_and_status_only(server, client: httpx.Client) -> None:
    """Queries carry names, postcodes and coordinates: the access line leaves them out, and the
    client's address too."""
    client.get("/api/v1/places", params={"q": "El Amrani"})
    client.get("/api/v1/topup-points", params={"lat": "51.0543", "lon": "3.7174", "postal_code": "9000"})
    log = server.log()
    assert "GET /api/v1/places 200" in log and "GET /api/v1/topup-points 200" in log
    for personal in ("Amrani", "q=", "51.0543", "3.7174", "postal_code", "198.51.100.", "203.0.113."):
        assert personal not in log, personal


def test_405_names_the_methods_of_that_path_only(client: httpx.Client) -> None:
    # /api/v1/mandates/share-codes also fits the template /api/v1/mandates/{mandate_id} (DELETE): the
    # literal path is the one the contract describes, so only its GET (open codes) and POST are advertised.
    r = client.options("/api/v1/mandates/share-codes")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, POST"
    r = client.patch("/api/v1/alerts/settings")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, PUT"
