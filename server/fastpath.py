"""The hottest read, served without FastAPI's per-request dependency resolution.

A client's app asks for each meter's balance on every start, refresh and switch. Through FastAPI
the dependency machinery cost more than the two indexed look-ups behind the answer (bench/api_load.py
measured the difference), so this plain Starlette route answers first. It calls the same functions
as the documented FastAPI route (server.routes.meters.get_balance), which stays in the OpenAPI
contract; schemathesis checks the answers served here against that contract.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.routing import Route

from .deps import current_session
from .errors import not_found
from .routes.meters import balance_of


async def _balance(request: Request) -> Response:
    ean = request.path_params["ean"]
    session = await current_session(request)
    if not 1 <= len(ean) <= 64:
        raise not_found("No such meter on this account")
    balance = await balance_of(session, ean)
    return Response(balance.model_dump_json(), media_type="application/json")


def install_fast_paths(app: FastAPI) -> None:
    app.router.routes.insert(0, Route("/api/v1/meters/{ean}/balance", _balance, methods=["GET"]))
