"""The caseload list and its CSV export show the households' figures: each household sees it in its
access log (issue 19, finding 4). The list: once per staff member and Brussels day; each export."""

from __future__ import annotations

from .staff_helpers import household, new_organisation, share_code_of


def _visits(server, who: str, organisation: str) -> list[dict]:
    c = household(server, who)
    try:
        items = c.get("/api/v1/access-log", params={"limit": 200}).json()["items"]
    finally:
        c.close()
    return [e for e in items if e["actor"] == "staff" and e["helper_organisation"] == organisation]


def _methods(visits: list[dict]) -> list[str]:
    return [e["method"] for e in visits]


def test_the_list_and_the_export_are_in_the_households_access_log(server) -> None:
    org = new_organisation(server)
    member = org.add_member("Lotte Lijst")
    for who in ("youssef", "sophie"):
        assert member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, who)}).status_code == 201
    before = {who: _methods(_visits(server, who, org.name)) for who in ("youssef", "sophie")}

    assert member.client.get("/api/v1/caseload").status_code == 200
    for who in ("youssef", "sophie"):
        visits = _visits(server, who, org.name)
        assert _methods(visits) == ["caseload_list", *before[who]]
        assert visits[0]["helper_name"] == "Lotte Lijst"
    # Looked at again the same day: the log says so once, not at every refresh.
    assert member.client.get("/api/v1/caseload", params={"q": "Youssef"}).status_code == 200
    assert _methods(_visits(server, "youssef", org.name)).count("caseload_list") == 1
    # Another member's look is theirs to answer for: recorded apart.
    assert org.add_member("Bram Bekijker").client.get("/api/v1/caseload").status_code == 200
    assert [e["helper_name"] for e in _visits(server, "sophie", org.name) if e["method"] == "caseload_list"] == [
        "Bram Bekijker", "Lotte Lijst"
    ]  # fmt: skip

    # Every export is a copy of the figures leaving the server: each one is recorded.
    for n in (1, 2):
        assert member.client.get("/api/v1/caseload/export.csv").status_code == 200
        for who in ("youssef", "sophie"):
            assert _methods(_visits(server, who, org.name)).count("caseload_export") == n


def test_a_household_not_listed_is_not_logged(server) -> None:
    org = new_organisation(server)
    member = org.add_member()
    assert member.client.post("/api/v1/caseload", json={"share_code": share_code_of(server, "marie")}).status_code == 201
    assert member.client.get("/api/v1/caseload", params={"q": "Marie"}).status_code == 200
    assert member.client.get("/api/v1/caseload", params={"q": "nobody-by-this-name"}).status_code == 200
    assert _methods(_visits(server, "marie", org.name)).count("caseload_list") == 1
    assert _visits(server, "an", org.name) == []
