"""The error envelope: every failure answers {"error": {"code", "message"}} with a stable code.

The app translates by `code`; `message` is for developers reading logs or curl output.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .headers import API_HEADERS, is_api_path

log = logging.getLogger("budgetmeter.server")

class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def not_found(what: str = "Not found") -> ApiError:
    return ApiError(404, "not_found", what)


def unauthorized(message: str = "A valid bearer token is needed") -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


def envelope(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


_STATUS_CODES = {
    400: "validation_error",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "too_many_attempts",
}


def _describe(errors: list[dict]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "The request is not valid"


def _allowed_methods(request: Request) -> str:
    """Every method the contract gives this path. Starlette names only the first route's, but one path
    may be served by several (GET and POST /api/v1/caseload, GET and PUT /api/v1/alerts/settings); and
    matching the routes themselves finds nothing through FastAPI's wrappers of included routers, so the
    path is matched against the OpenAPI paths."""
    matches: list[tuple[int, dict]] = []
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, request.url.path):
            matches.append((template.count("{"), item))
    # A literal path beats a template it also fits: /mandates/share-codes is not /mandates/{mandate_id}.
    fewest = min((n for n, _ in matches), default=0)
    methods: set[str] = set()
    for n, item in matches:
        if n == fewest:
            methods |= {m.upper() for m in item if m in ("get", "put", "post", "delete", "patch")}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return envelope(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return envelope(422, "validation_error", _describe(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # A body that cannot even be decoded is a validation error like any other, with the
            # same documented status, so clients need one rule for bad input.
            return envelope(422, "validation_error", str(exc.detail))
        code = _STATUS_CODES.get(exc.status_code, "validation_error" if exc.status_code < 500 else "internal_error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return envelope(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The path only: query strings may hold postcodes, and bodies may hold codes.
        log.exception("Unhandled error on %s %s", request.method, request.url.path)
        # Starlette answers this one outside every middleware, so the API headers are set here.
        headers = API_HEADERS if is_api_path(request.url.path) else None
        return envelope(500, "internal_error", "Something went wrong on the server", headers)
