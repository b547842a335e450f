"""The OpenAPI schema and the server agree on every `at` of the top-up point operations, every `q`
of the place search and every `on` of the winter period: a string the schema allows is answered 200, any other is refused 422
validation_error. The schema's verdict comes from a JSON Schema validator that checks formats
(jsonschema_rs, as schemathesis uses), the server's from the real process."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serverproc import ServerProcess

from .conftest import fresh_address

GENT_OFFICE = "fluvius-gent-kortrijksesteenweg-1160"
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parameter_schema(spec: dict, path: str, name: str) -> dict:
    """The parameter's schema; a `T | None` parameter's `null` branch is what leaving it out means."""
    for param in spec["paths"][path]["get"]["parameters"]:
        if param["name"] == name:
            schema = param["schema"]
            branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
            assert len(branches) == 1
            return branches[0]
    raise AssertionError(f"{path} has no parameter {name}")


@pytest.fixture(scope="module")
def spec(server: ServerProcess) -> dict:
    return httpx.get(f"{server.url}/openapi.json", timeout=10).json()


def agree(server: ServerProcess, schema: dict, path: str, params: dict, value: str) -> None:
    valid = jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(value)
    r = httpx.get(f"{server.url}{path}", params=params, headers=fresh_address(), timeout=10)
    if valid:
        assert r.status_code == 200, (value, r.text)
    else:
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", (value, r.text)


def _offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# Times written the ways a client might: with or without seconds, fraction, offset; 'Z', lower case,
# a space for T; plus bare numbers (pydantic would read them as Unix seconds) and near-misses.
written_times = st.builds(
    lambda dt, offset, spec, sep, z, lower: _write(dt, offset, spec, sep, z, lower),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 12, 31)),
    st.none() | st.integers(-24 * 60 + 1, 24 * 60 - 1).map(_offset),
    st.sampled_from(["minutes", "seconds", "milliseconds", "microseconds", "auto"]),
    st.sampled_from(["T", " ", "t"]),
    st.booleans(),
    st.booleans(),
)


def _write(dt: datetime, offset, timespec: str, sep: str, z: bool, lower: bool) -> str:
    text = dt.replace(tzinfo=offset).isoformat(sep=sep, timespec=timespec)
    if z and text.endswith("+00:00"):
        text = text[:-6] + ("z" if lower else "Z")
    return text


at_values = st.one_of(
    written_times,
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet="0123456789-:T+.Zz ", max_size=32),
    st.sampled_from(
        [
            "2028-02-29T12:15:00+01:00",  # a leap day
            "2027-02-29T12:15:00+01:00",  # not one
            "2026-11-31T10:00:00+01:00",
            "2026-11-24T24:00:00+01:00",
            "2026-11-24T23:59:60Z",
            "2026-11-24T10:00:00.1234567+01:00",
            "2026-11-24T10:00:00+01:00\n",
            "2026-11-24",
            "2099-12-31T23:59:59-23:59",
            "2000-01-01T00:00:00+23:59",
        ]
    ),
)


@EXAMPLES
@given(value=at_values)
def test_topup_point_at(server: ServerProcess, spec: dict, value: str) -> None:
    path = "/api/v1/topup-points/{point_id}"
    agree(server, parameter_schema(spec, path, "at"), f"/api/v1/topup-points/{GENT_OFFICE}", {"at": value}, value)


@EXAMPLES
@given(value=at_values)
def test_topup_point_search_at(server: ServerProcess, spec: dict, value: str) -> None:
    schema = parameter_schema(spec, "/api/v1/topup-points", "at")
    agree(server, schema, "/api/v1/topup-points", {"postal_code": "9000", "at": value, "limit": 3}, value)


# Spaces of every kind, control characters, letters; no lone surrogates (they cannot be sent as UTF-8).
q_characters = st.one_of(
    st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2000\u2028\u3000\ufeff\x00\x01\x7f"),
    st.characters(blacklist_categories=("Cs",)),
)


@EXAMPLES
@given(value=st.text(alphabet=q_characters, max_size=104) | st.text(max_size=3))
def test_place_search_q(server: ServerProcess, spec: dict, value: str) -> None:
    agree(server, parameter_schema(spec, "/api/v1/places", "q"), "/api/v1/places", {"q": value}, value)


day_values = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 12, 31)).map(date.isoformat),
    written_times,
    st.integers(-(10**12), 10**12).map(str),
    st.text(alphabet="0123456789-T: ", max_size=14),
    st.sampled_from(["2027-02-29", "2028-02-29", "2026-04-31", "2026-12-01\n", "2026-12-1"]),
)


@EXAMPLES
@given(value=day_values)
def test_winter_period_on(server: ServerProcess, spec: dict, value: str) -> None:
    schema = parameter_schema(spec, "/api/v1/winter-period", "on")
    agree(server, schema, "/api/v1/winter-period", {"on": value}, value)


def test_the_schema_states_the_at_rule(spec: dict) -> None:
    schema = parameter_schema(spec, "/api/v1/topup-points/{point_id}", "at")
    assert schema["type"] == "string" and schema["format"] == "date-time" and schema["pattern"].startswith("^")
