"""Refuses oversized request bodies before they are read into memory."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _reply(status: int, code: str, message: str) -> tuple[dict, dict]:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    return start, {"type": "http.response.body", "body": body}


OPERATOR_PREFIX = "/api/v1/operator/"
# Operator batches (5,000 readings, about 1.2 MB) and the whole top-up point set come in one body each.
OPERATOR_MAX_BYTES = 32 * 1024 * 1024


def _names_operator_key(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return value[:11].lower() == b"bearer bmk_"
    return False


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, operator_max_bytes: int = OPERATOR_MAX_BYTES):
        self.app = app
        self.max_bytes = max_bytes
        # Only an operator's batches may be larger. Whether the key is valid is checked after the body
        # is read; a request that does not even name one gets the ordinary limit.
        self.operator_max_bytes = max(max_bytes, operator_max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if scope["path"].startswith(OPERATOR_PREFIX) and _names_operator_key(scope):
            limit = self.operator_max_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(send, limit)
                    return
        # Read the body up front (bounded), so an oversized chunked body is refused here and not
        # swallowed as a parse error deeper down.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await self._refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, limit: int) -> None:
        start, body = _reply(413, "payload_too_large", f"The request body is larger than {limit} bytes")
        await send(start)
        await send(body)
