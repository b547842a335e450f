"""Headers every `/api/` answer carries, whatever produced it (a route, the fast path, an error
handler, the body-size guard, a 404 for an unknown path).

- `Cache-Control: no-store`: answers hold balances, names and tokens of one household; no browser,
  proxy or shared device cache may keep them.
- `X-Content-Type-Options: nosniff`: a browser must take the JSON for JSON, never guess HTML from it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"
API_HEADERS: dict[str, str] = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
RAW_API_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in API_HEADERS.items()]
_NAMES = {name for name, _ in RAW_API_HEADERS}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


class ApiResponseHeaders:
    """Pure ASGI (no BaseHTTPMiddleware): it only rewrites the response start message, so it costs a
    list copy per answer and never buffers a body."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Replace rather than add: an answer carries each of these once, with our value.
                headers = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in _NAMES]
                message = {**message, "headers": headers + RAW_API_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
