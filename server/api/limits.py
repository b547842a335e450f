"""Refuses oversized request bodies before they are read into memory."""

from __future__ import annotations

import json

from starlette.types import Message, Receive, Scope, Send

from ..core.security import bearer_token
from .auth import KEY_PREFIX, UNKNOWN_KEY, VERIFIED_KEY, live_key


def _reply(status: int, code: str, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> tuple[dict, dict]:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers],
    }
    return start, {"type": "http.response.body", "body": body}


OPERATOR_PREFIX = "/api/v1/operator/"
# Operator batches (5,000 readings, about 1.2 MB) and the whole top-up point set come in one body each.
OPERATOR_MAX_BYTES = 32 * 1024 * 1024


def _operator_key(scope: Scope) -> str | None:
    key = bearer_token(scope)
    return key if key is not None and key.startswith(KEY_PREFIX) else None


class BodyLimit:
    """The body-size guard of server.api.gate: every body is read here, bounded, before any route or
    authentication dependency sees it."""

    def __init__(self, max_bytes: int, operator_max_bytes: int = OPERATOR_MAX_BYTES):
        self.max_bytes = max_bytes
        # Only an operator's batches may be larger, and only once the key was found live in the store:
        # nothing unauthenticated makes the server read more than max_bytes (SECURITY.md).
        self.operator_max_bytes = max(max_bytes, operator_max_bytes)

    async def admit(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """The request's body, read within its limit, as a `receive` for the app; None when this guard
        answered (401 for a made-up operator key, 413) or the client went away."""
        limit = self.max_bytes
        key = _operator_key(scope) if scope["path"].startswith(OPERATOR_PREFIX) else None
        if key is not None:
            # Checked before a byte of the body is read: a made-up key gets its 401 with the body
            # unread, not after megabytes were parsed.
            found = await live_key(scope["app"].state.db, key)
            if found is None:
                start, body = _reply(401, "unauthorized", UNKNOWN_KEY, ((b"www-authenticate", b"Bearer"),))
                await send(start)
                await send(body)
                return None
            scope[VERIFIED_KEY] = found
            limit = self.operator_max_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(send, limit)
                    return None
        # Read the body up front (bounded), so an oversized chunked body is refused here and not
        # swallowed as a parse error deeper down.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await self._refuse(send, limit)
                return None
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

        return replay

    async def _refuse(self, send: Send, limit: int) -> None:
        start, body = _reply(413, "payload_too_large", f"The request body is larger than {limit} bytes")
        await send(start)
        await send(body)
