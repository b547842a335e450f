"""The app's models (app/api/models.py) against the real server's /openapi.json.

The app keeps its own copies of the response shapes (it never imports ``server``), so the two can drift:
a field renamed on one side only would reach a screen as a parse error or, worse, as a silent default.
This test reads the OpenAPI document the running server publishes and checks, for each operation the
app calls, that every field of the app's model (and of the models inside it)

* exists in the server's response schema,
* is required by the server when the app requires it, and not nullable there when the app cannot
  take None,
* has a type the app accepts for everything the server may send (an enum of the server must be within
  the app's ``Literal``; a date-time must stay a date-time; an integer fits a float, not the reverse).

Both sides are compared as JSON Schema: the app's through ``model_json_schema()``.
"""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter

from app.api import alert_models, models, staff_models, winter_models
from tests.serverproc import ServerProcess

#: operationId (the server's stable ids) and success status -> what the app parses the answer as.
RESPONSES: dict[tuple[str, str], Any] = {
    ("login_prepaid", "200"): models.TokenResponse,
    ("login_password", "200"): models.TokenResponse,
    ("get_me", "200"): models.Me,
    ("get_access_log", "200"): models.AccessLog,
    ("get_meter_balance", "200"): models.Balance,
    ("list_meter_topups", "200"): models.TopupPage,
    ("get_payment_instructions", "200"): models.PaymentInstructions,
    ("create_pending_topup", "201"): models.PendingTopup,
    ("create_pending_topup", "200"): models.PendingTopup,  # a replay of the same Idempotency-Key
    ("get_tariff", "200"): models.Tariff,
    ("check_social_tariff_eligibility", "200"): models.EligibilityAnswer,
    ("search_topup_points", "200"): list[models.TopupPoint],
    ("get_topup_point", "200"): models.TopupPointDetail,
    ("search_places", "200"): list[models.Place],
    ("health", "200"): models.Health,
    ("get_winter_period", "200"): winter_models.WinterPeriod,
    ("demo_mailbox", "200"): models.DemoMailbox,
    # The helpers' own accounts (app/api/staff_models.py).
    ("login_staff", "200"): staff_models.StaffToken,
    ("staff_setup", "200"): staff_models.StaffSetupAnswer,
    ("get_staff_me", "200"): staff_models.StaffMe,
    ("get_staff_alert_settings", "200"): staff_models.StaffAlertSettings,
    ("put_staff_alert_settings", "200"): staff_models.StaffAlertSettings,
    ("verify_staff_alert_email", "200"): staff_models.StaffAlertSettings,
    ("list_organisation_staff", "200"): staff_models.StaffMembers,
    ("add_organisation_staff", "201"): staff_models.StaffMemberCreated,
    ("reset_organisation_staff", "200"): staff_models.StaffMemberCreated,
    ("create_share_code", "201"): staff_models.ShareCode,
    ("list_open_share_codes", "200"): staff_models.OpenShareCodes,
    ("list_mandates", "200"): list[staff_models.Mandate],
    ("add_to_caseload", "201"): staff_models.CaseloadAdded,
    ("list_caseload", "200"): staff_models.CaseloadPage,
    ("get_caseload_client", "200"): staff_models.CaseloadDetail,
    ("list_organisation_signals", "200"): staff_models.SignalPage,  # issue 21
    ("acknowledge_signal", "200"): staff_models.Signal,
    ("resolve_signal", "200"): staff_models.Signal,
    ("get_caseload_payment_instructions", "200"): models.PaymentInstructions,
    ("create_caseload_pending_topup", "201"): models.PendingTopup,
    ("get_meter_history", "200"): models.MeterHistory,
    ("get_alert_settings", "200"): alert_models.AlertSettings,  # app/api/alert_models.py
    ("put_alert_settings", "200"): alert_models.AlertSettings,
    ("verify_alert_email", "200"): alert_models.AlertSettings,
    ("list_notifications", "200"): alert_models.NotificationPage,
    # Winter support (app/api/winter_models.py, issue 21).
    ("get_winter_support", "200"): winter_models.WinterSupportOverview,
    ("create_winter_support_request", "201"): winter_models.WinterSupportRequestCreated,
    ("list_winter_support_requests", "200"): winter_models.OrganisationWinterRequestPage,
    ("decide_winter_support_request", "200"): winter_models.OrganisationWinterRequest,
    ("stop_winter_support_grant", "200"): winter_models.WinterGrant,
}

#: Models the app sends rather than reads (a request body), so no answer is parsed as them.
SENT_ONLY = {"WinterDecisionForm": "the body of decide_winter_support_request (StaffCalls.decide_winter_request)"}

#: Fields of the app's models that the client fills in itself, not read from the answer's body.
APP_ONLY = {
    ("PendingTopup", "replayed"): "from the Idempotent-Replayed header (client.create_pending_topup)",
}


@pytest.fixture(scope="module")
def openapi(server: ServerProcess) -> dict[str, Any]:
    response = httpx.get(f"{server.url}/openapi.json", timeout=10)
    response.raise_for_status()
    return response.json()


class Schemas:
    """Resolves ``$ref``s of one JSON Schema document (the server's, or the app model's ``$defs``)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def alternatives(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """``anyOf``/``oneOf`` flattened, each resolved; a ``type`` list split."""
        node = self.resolve(node)
        for key in ("anyOf", "oneOf"):
            if key in node:
                return [alt for branch in node[key] for alt in self.alternatives(branch)]
        if isinstance(node.get("type"), list):
            return [{**node, "type": t} for t in node["type"]]
        return [node]


def _values(node: dict[str, Any]) -> set[Any] | None:
    if "const" in node:
        return {node["const"]}
    if "enum" in node:
        return set(node["enum"])
    return None


class Checker:
    def __init__(self, server: Schemas) -> None:
        self.server = server
        self.app = Schemas({})  # the app schema of the operation being checked
        self.problems: list[str] = []
        self.seen: set[tuple[int, int]] = set()
        self.models_checked: set[str] = set()
        self.fields_checked = 0

    def accepts(self, app_node: dict[str, Any], server_node: dict[str, Any], where: str) -> bool:
        """True when every value the server's schema allows is one the app's schema takes."""
        app_alts = self.app.alternatives(app_node)
        for s in self.server.alternatives(server_node):
            if not any(self._accepts_one(a, s, where) for a in app_alts):
                took = " or ".join(_describe(a) for a in app_alts)
                self.problems.append(f"{where}: the server may send {_describe(s)}, the app takes {took}")
                return False
        return True

    def _accepts_one(self, a: dict[str, Any], s: dict[str, Any], where: str) -> bool:
        if a.get("type") is None and "properties" not in a and _values(a) is None:
            return True  # the app takes anything here (Any)
        a_type, s_type = a.get("type"), s.get("type")
        if a_type == "object" or "properties" in a:
            if s_type != "object" and "properties" not in s:
                return False
            self.compare_objects(a, s, where)
            return True  # field problems are reported one by one
        if a_type == "number":
            if s_type not in ("number", "integer"):
                return False
        elif a_type != s_type:
            return False
        allowed = _values(a)
        if allowed is not None:
            sent = _values(s)
            if sent is None or not sent <= allowed:
                return False
        if a.get("format") in ("date-time", "date") and s.get("format") != a.get("format"):
            return False
        if a_type == "array":
            return self.accepts(a.get("items", {}), s.get("items", {}), f"{where}[]")
        return True

    def compare_objects(self, a: dict[str, Any], s: dict[str, Any], where: str) -> None:
        key = (id(a), id(s))
        if key in self.seen:
            return
        self.seen.add(key)
        model = a.get("title", where)
        self.models_checked.add(model)
        s_props, s_required = s.get("properties", {}), set(s.get("required", []))
        a_required = set(a.get("required", []))
        for name, a_prop in a.get("properties", {}).items():
            at = f"{model}.{name}"
            if (model, name) in APP_ONLY:
                continue
            if name not in s_props:
                self.problems.append(f"{at}: not in the server's {s.get('title', '?')} (fields: {sorted(s_props)})")
                continue
            if name in a_required and name not in s_required:
                self.problems.append(f"{at}: the app requires it, the server may leave it out")
            self.accepts(a_prop, s_props[name], at)
            self.fields_checked += 1


def _describe(node: dict[str, Any]) -> str:
    values = _values(node)
    if values is not None:
        return f"one of {sorted(values, key=str)}"
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    text = node.get("type", "anything")
    return f"{text} ({node['format']})" if "format" in node else str(text)


def _success_schema(openapi: dict[str, Any], operation_id: str, status: str) -> dict[str, Any]:
    for item in openapi["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                response = operation["responses"].get(status)
                assert response is not None, f"{operation_id} has no {status} answer on the server"
                return response["content"]["application/json"]["schema"]
    raise AssertionError(f"the server has no operation {operation_id!r}")


def check(openapi: dict[str, Any], responses: dict[tuple[str, str], Any] = RESPONSES) -> Checker:
    checker = Checker(Schemas(openapi))
    for (operation_id, status), kind in responses.items():
        app_schema = TypeAdapter(kind).json_schema(mode="validation")
        checker.app = Schemas(app_schema)
        checker.accepts(app_schema, _success_schema(openapi, operation_id, status), f"{operation_id} {status}")
    return checker


def test_every_model_the_app_reads_matches_the_server(openapi: dict[str, Any]) -> None:
    checker = check(openapi)
    assert checker.problems == [], "The app's models and the server's OpenAPI disagree:\n" + "\n".join(
        checker.problems
    )


def test_every_model_of_the_app_is_checked(openapi: dict[str, Any]) -> None:
    """A model added to app/api/*_models.py must be parsed from some operation above (or the check
    would skip it silently)."""
    checker = check(openapi)
    defined = {
        name
        for module in (models, staff_models, alert_models, winter_models)
        for name, value in vars(module).items()
        if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == module.__name__
        and not name.startswith("_")
    }
    assert defined - checker.models_checked - set(SENT_ONLY) == set()


def test_the_check_sees_a_field_renamed_on_one_side(openapi: dict[str, Any]) -> None:
    """The checker itself: a server whose Balance calls ``balance_cents`` differently, and a server
    that may leave out a field the app requires, or send a status the app does not know."""
    import copy

    renamed = copy.deepcopy(openapi)
    balance = renamed["components"]["schemas"]["Balance"]
    balance["properties"]["credit_cents"] = balance["properties"].pop("balance_cents")
    balance["required"] = ["credit_cents" if r == "balance_cents" else r for r in balance["required"]]
    assert any(p.startswith("Balance.balance_cents: not in the server's Balance") for p in check(renamed).problems)

    optional = copy.deepcopy(openapi)
    optional["components"]["schemas"]["Me"]["required"].remove("display_name")
    assert "Me.display_name: the app requires it, the server may leave it out" in check(optional).problems

    widened = copy.deepcopy(openapi)
    widened["components"]["schemas"]["Balance"]["properties"]["status"]["enum"].append("frozen")
    assert any(p.startswith("Balance.status: the server may send one of") for p in check(widened).problems)

    nullable = copy.deepcopy(openapi)
    props = nullable["components"]["schemas"]["MeterRef"]["properties"]
    props["ean"] = {"anyOf": [props["ean"], {"type": "null"}]}
    assert any(p.startswith("MeterRef.ean: the server may send null") for p in check(nullable).problems)


def test_the_caseload_marks_new_alerts_on_both_sides(openapi: dict[str, Any]) -> None:
    """Issue 11: every caseload client carries new_alerts, an integer the server always sends and the
    app always reads (no silent default that would hide a server that stopped sending it)."""
    server = openapi["components"]["schemas"]["CaseloadClient"]
    assert "new_alerts" in server["required"] and server["properties"]["new_alerts"]["type"] == "integer"
    assert staff_models.CaseloadClient.model_fields["new_alerts"].is_required()
