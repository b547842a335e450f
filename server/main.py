"""The API application factory."""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from .services import demo, maintenance
from .core.security import use_password_hashing
from .core.settings import Settings
from .api.auth import current_session
from .api.auth import admin_session, setup_session, staff_session
from .api.errors import install_error_handlers
from .api.gate import ApiGate
from .services.geo.index import TopupPointIndex
from .services.organisations import seal_clear_totp_secrets
from .api.routes import account, auth, health, meters, places, tariff, topup_points, winter
from .api.routes import demo_mailbox, history, operator
from .api.routes import alerts as alert_routes
from .api.routes import caseload, mandates, operator_organisations, organisation, signals, staff_alerts, staff_auth
from .api.routes import winter_support
from .store import topup_points as topup_store
from .store.db import Database
from .store.schema import migrate
from .services.topup_refresh import start_topup_refresh

log = logging.getLogger("budgetmeter.server")

DESCRIPTION = """API of budgetmeter, for Belgian households on a prepaid ("budget") energy meter and the
helpers who act for them. Money is in integer euro cents; times are ISO 8601 in Europe/Brussels; every
error is `{"error": {"code", "message"}}` with a stable `code`."""


def build_topup_index(db: Database) -> TopupPointIndex:
    with db.transaction() as tx:
        rows = topup_store.all_points(tx)
    return TopupPointIndex.from_records(rows)


def create_app(settings: Settings | None = None, *, fast_balance: bool = True) -> FastAPI:
    """The API; `fast_balance=False` leaves every balance read to its documented route (the tests that
    prove the fast path gives the route's answer compare the two)."""
    settings = settings or Settings()
    # Never serve payment instructions to a made-up account (raises SettingsError).
    settings.check_payment_account()
    key = settings.resolved_secret_key()  # raises SettingsError without a usable server key
    use_password_hashing(settings.password_hashing)
    db = Database(settings.database)
    version = migrate(db)
    if sealed := seal_clear_totp_secrets(db, key):
        log.info("Encrypted %s authenticator secrets stored in clear", sealed)
    if settings.demo:
        demo.seed(db, settings)
    index = build_topup_index(db)
    log.info("Store ready at schema version %s; %s top-up points indexed", version, len(index))

    app = FastAPI(
        title="budgetmeter API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        # Swagger UI and ReDoc pull their scripts from a CDN, unpinned: only the demo offers them.
        docs_url="/docs" if settings.demo else None,
        redoc_url="/redoc" if settings.demo else None,
        lifespan=maintenance.lifespan,
        # No OpenTelemetry here (only its API is installed, no SDK, no exporter): the request figures
        # are our own /metrics (api/metrics.py). Left on, FastAPI asked the global providers, with
        # environment reads, on every request: 5 % of a household visit's time in a profile.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    app.state.db = db
    app.state.topup_index = index
    install_error_handlers(app)
    # Routes are matched in order: the most requested (balances) first.
    add_routes(app, meters.router, account.router, auth.router, tariff.router, topup_points.router, places.router,
               winter.router, health.router)
    add_routes(app, history.router)  # the operator data path (issue 9)
    add_routes(app, operator.router)
    add_routes(app, alert_routes.router)  # alerts (issue 11)
    add_routes(app, demo_mailbox.router)  # 404 outside the demo (issue 20)
    app.state.topup_refresh = start_topup_refresh(app, db, build_topup_index)
    # Helpers with their own accounts (organisations, staff, mandates, caseload).
    add_routes(app, staff_auth.router, staff_alerts.router, organisation.router, mandates.router, caseload.router,
               operator_organisations.router, signals.router, winter_support.router, winter_support.staff_router)
    document_bearer_auth(app)
    # One middleware (server/api/gate.py): /metrics and the request figures, the balance fast path, the
    # body-size guard and the API's headers, in that order, in one layer.
    app.add_middleware(ApiGate, settings=settings, db=db, fast_balance=fast_balance)
    return app


def add_routes(app: FastAPI, *routers: APIRouter) -> None:
    """Each module's routes (already carrying their router's prefix, tags and route class) in the app's
    own list, in order. `app.include_router` keeps every router as a nested matcher that, on each
    request, re-reads the routers' versions and saves and restores scope keys for every route it
    tries: in an in-process A/B over a household visit, the flat list took 11 % less CPU a request
    (and FastAPI's routing about a fifth of its own time before)."""
    for router in routers:
        app.router.routes.extend(router.routes)


_SESSION_DEPENDENCIES = (current_session, staff_session, setup_session, admin_session)


def _needs_session(dependant: Dependant) -> bool:
    return any(d.call in _SESSION_DEPENDENCIES or _needs_session(d) for d in dependant.dependencies)


def document_bearer_auth(app: FastAPI) -> None:
    """Every route that needs a session says so in the OpenAPI contract (bearer token), so generated
    clients send it. Marked on the generated document: routes of included routers are not in
    app.routes as APIRoute objects (FastAPI builds their effective routes lazily), so setting
    openapi_extra there would miss them."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
                "description": "The access_token from a login",
            }
            for context in iter_route_contexts(app.routes):
                route = context.original_route
                if isinstance(route, APIRoute) and _needs_session(route.dependant):
                    operations = schema["paths"].get(context.path_format, {})
                    for method in route.methods:
                        if method.lower() in operations:
                            operations[method.lower()]["security"] = [{"bearer": []}]
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
