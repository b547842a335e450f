"""Headers every `/api/` answer carries, whatever produced it (a route, the fast path, an error
handler, the body-size guard, a 404 for an unknown path): server.api.gate marks every answer.

- `Cache-Control: no-store`: answers hold balances, names and tokens of one household; no browser,
  proxy or shared device cache may keep them.
- `X-Content-Type-Options: nosniff`: a browser must take the JSON for JSON, never guess HTML from it.
"""

from __future__ import annotations

from starlette.types import Message

API_PREFIX = "/api/"
API_HEADERS: dict[str, str] = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
RAW_API_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in API_HEADERS.items()]
_NAMES = {name for name, _ in RAW_API_HEADERS}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def with_api_headers(message: Message) -> Message:
    """A response start message carrying each header of API_HEADERS once, with our value (replaced,
    not added, when the answer already set one)."""
    headers = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in _NAMES]
    return {**message, "headers": headers + RAW_API_HEADERS}
