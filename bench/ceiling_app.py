"""The framework's ceiling: a bare Starlette endpoint returning a given JSON document, on uvicorn
configured like `python -m server` (server/cli/main.py): one worker, same proxy-header and log settings.

    python -m bench.ceiling_app --port N --json-file balance.json [--forwarded-allow-ips 127.0.0.1]
"""

from __future__ import annotations

import argparse
import json

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


def make_app(document: object) -> Starlette:
    async def endpoint(request):
        return JSONResponse(document)

    async def healthz(request):
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/json", endpoint), Route("/healthz", healthz)])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--json-file", required=True)
    ap.add_argument("--forwarded-allow-ips", default=None)
    ap.add_argument("--log-level", default="info")
    args = ap.parse_args()
    with open(args.json_file) as f:
        document = json.load(f)
    config = uvicorn.Config(
        make_app(document),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips,
        server_header=False,
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
