"""Idle connections: every client lets go of one before the server closes it.

A request sent on a connection the server is closing at that very moment fails ("server disconnected
without sending a response"), and a POST (a log-in) is never sent twice. With uvicorn's default of 5 s
on the server and httpx's 5 s in the app, a household's log-in met exactly that in CI. The order that
prevents it: the app (4 s) < nginx's upstream connections (15 s) < the API process (20 s).
"""

from __future__ import annotations

import asyncio
import http.client
import re
import time
from datetime import date
from pathlib import Path

import pytest

from app.api.client import BudgetmeterClient
from app.api.transport import KEEP_ALIVE_SECONDS as APP_KEEP_ALIVE
from server.cli.main import KEEP_ALIVE_SECONDS as SERVER_KEEP_ALIVE
from tests.serverproc import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
WINTER = b'{"on":"2026-12-07","in_winter_period":true,"first_day":"2026-11-01","last_day":"2027-03-31"}'


def test_the_server_keeps_an_idle_connection_longer_than_the_app_does(server: ServerProcess) -> None:
    """The real server, one kept-alive connection left idle a little longer than the app ever keeps
    one: the next request on that same socket is answered."""
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request("GET", "/healthz")
        first = conn.getresponse()
        first.read()
        socket_before = conn.sock
        assert first.status == 200 and socket_before is not None
        time.sleep(APP_KEEP_ALIVE + 1.5)
        conn.request("GET", "/healthz")
        assert conn.sock is socket_before  # the same connection, not a new one
        again = conn.getresponse()  # RemoteDisconnected if the server had let it go
        assert again.status == 200
    finally:
        conn.close()


def test_nginx_lets_go_of_its_connections_to_the_api_before_the_api_does() -> None:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    api = re.search(r"upstream budgetmeter_api \{(.*?)\}", site, re.S)[1]
    nginx_keep_alive = int(re.search(r"keepalive_timeout (\d+)s;", api)[1])
    assert APP_KEEP_ALIVE < nginx_keep_alive < SERVER_KEEP_ALIVE


@pytest.mark.anyio
async def test_the_app_opens_a_new_connection_after_its_idle_time() -> None:
    """A server that never closes anything, counting connections: the app's second request, after
    its idle time, goes out on a new connection (it no longer trusts the old one)."""
    accepted = 0

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        while await reader.readuntil(b"\r\n\r\n"):
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(WINTER)).encode() + b"\r\n\r\n" + WINTER)
            await writer.drain()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await answer(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    listener = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    client = BudgetmeterClient(f"http://127.0.0.1:{port}")
    try:
        await client.winter_period(date(2026, 12, 7))
        await client.winter_period(date(2026, 12, 7))
        assert accepted == 1  # kept alive while in use
        await asyncio.sleep(APP_KEEP_ALIVE + 0.5)
        await client.winter_period(date(2026, 12, 7))
        assert accepted == 2
    finally:
        await client.aclose()
        listener.close()
