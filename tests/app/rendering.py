"""Drawing the app in Flet's own renderer, no browser: a Flet session on a connection that records
what would go to the client. The helpers every screen test of tests/app shares."""

from __future__ import annotations

import asyncio

import flet as ft
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.session import Session as FletSession
from flet.pubsub.pubsub_hub import PubSubHub

from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.main import App, setup_page
from app.ui.app_model import AppModel

# Nothing listens there: for screens that need no server.
NO_SERVER = "http://127.0.0.1:9"


class RecordingConnection(Connection):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list = []

    def send_message(self, message) -> None:
        self.sent.append(message)


def flet_page() -> tuple[ft.Page, FletSession, RecordingConnection]:
    conn = RecordingConnection()
    conn.loop = asyncio.get_running_loop()
    conn.pubsubhub = PubSubHub(loop=conn.loop)
    session = FletSession(conn)
    _context_page.set(session.page)
    return session.page, session, conn


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0.01)


def sent_text(conn: RecordingConnection) -> str:
    return " ".join(repr(m) for m in conn.sent)


async def draw(route: str, api_url: str = NO_SERVER, *, until: str | None = None) -> RecordingConnection:
    """The app started on `route` (a new session, nobody logged in) against the API at `api_url`;
    with `until`, drawn until those words were sent (at most 2 s: a screen that loads from the server),
    then settled."""
    page, session, conn = flet_page()
    page.route = route
    setup_page(page)
    model = AppModel(api_url)
    page.render(App, model)
    session.get_page_patch()
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "nl_BE")
    for _ in range(100 if until else 0):
        await asyncio.sleep(0.02)
        if until in sent_text(conn):
            break
    await settle()
    return conn


async def shown(model: AppModel, route: str, *, until: str | None = None) -> str:
    """What the app sends when a started model (logged in or not) is drawn on `route`, the connecting
    client's first patch included; with `until`, drawn until those words were sent (at most 2 s),
    else settled."""
    page, session, conn = flet_page()
    page.route = route
    setup_page(page)
    page.render(App, model)
    first = repr(session.get_page_patch())
    for _ in range(100 if until else 0):
        await asyncio.sleep(0.02)
        if until in first + sent_text(conn):
            break
    for _ in range(1 if until else 6):
        await settle()
    return first + sent_text(conn)
