"""The contract's strict date and date-time strings: for each, the pattern the OpenAPI schema states and
the parser the server applies are one rule, shared by the routes' query parameters and the bodies'
fields (tests/api/test_query_contract.py checks that schema and server agree on every string)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import PlainValidator, WithJsonSchema

from ..core.clock import as_brussels

# A calendar date as the schema states it (format date) and nothing else: no number (pydantic reads
# one as Unix seconds), no time; years 2000-2099, as for top-up point times.
DATE_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_DATE = re.compile(DATE_PATTERN)


def parse_date(value: object) -> date:
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        raise ValueError("give a date as YYYY-MM-DD, e.g. 2026-12-01")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar") from None


# `at` as the OpenAPI schema states it, and nothing else: an RFC 3339 date-time (format date-time)
# with seconds and an offset (the API's convention: "times ISO 8601 with offset"), at most microseconds, upper-case
# T and Z, in the years 2000-2099 (the years a top-up point's hours are asked for; converting far years
# across offsets would leave Python's date range).
AT_PATTERN = (
    r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_AT = re.compile(AT_PATTERN)


def parse_at(value: object) -> datetime:
    """Strict: a number (pydantic reads one as Unix seconds), a date alone, a time without offset or a
    day the calendar lacks (30 February) is refused."""
    if not isinstance(value, str) or _AT.fullmatch(value) is None:
        raise ValueError("give an ISO 8601 date-time with seconds and offset, e.g. 2026-11-24T10:00:00+01:00")
    try:
        return as_brussels(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{value} is not a date and time of the calendar") from None


#: A calendar date field or parameter, strict (no number, no time).
CalendarDate = Annotated[date, PlainValidator(parse_date), WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})]
#: A date-time with seconds and offset, strict, read in Brussels time.
ContractDateTime = Annotated[
    datetime, PlainValidator(parse_at), WithJsonSchema({"type": "string", "format": "date-time", "pattern": AT_PATTERN})
]
