"""A reverse proxy in front of our real API that misbehaves on demand, for fault tests:

    python -m tests.faultproxy --port N --upstream http://127.0.0.1:M

`POST /__fault/<mode>` switches it: `pass` (forward), `slow` (answer after 30 s), `garbage`
(200 with an HTML page instead of JSON), `error` (502 with an HTML page). A server that is down
is tested by stopping it (tests/e2e/test_app.py).
"""

from __future__ import annotations

import argparse
import asyncio

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

MODES = ("pass", "slow", "garbage", "error")


def make_app(upstream: str) -> Starlette:
    state = {"mode": "pass"}
    client = httpx.AsyncClient(base_url=upstream, timeout=30)

    async def set_mode(request: Request) -> Response:
        mode = request.path_params["mode"]
        if mode not in MODES:
            return PlainTextResponse("unknown mode", status_code=400)
        state["mode"] = mode
        return PlainTextResponse(mode)

    async def forward(request: Request) -> Response:
        mode = state["mode"]
        if mode == "slow":
            await asyncio.sleep(30)
        elif mode == "garbage":
            return Response("<html><body>Gateway says hello</body></html>", media_type="text/html")
        elif mode == "error":
            return Response("<html><body>502 Bad Gateway</body></html>", status_code=502, media_type="text/html")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        upstream_response = await client.request(
            request.method,
            request.url.path,
            params=request.query_params,
            content=await request.body(),
            headers=headers,
        )
        passed = {
            k: v
            for k, v in upstream_response.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding")
        }
        return Response(upstream_response.content, status_code=upstream_response.status_code, headers=passed)

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    return Starlette(
        routes=[
            Route("/__fault/{mode}", set_mode, methods=["POST"]),
            Route("/{path:path}", forward, methods=methods),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    args = parser.parse_args()
    uvicorn.run(make_app(args.upstream), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
