"""The meter screen's top-up history (app/state/topup_history.py) against the real server: the first
page, the next ones, a failed page that keeps what was shown, a reload from the newest, and an answer
for a meter the screen has left."""

from __future__ import annotations

import asyncio

import pytest

from app.api.errors import ServerUnreachable
from app.i18n import Translator
from app.state.topup_history import TopupHistory
from app.words.topups import topup_line
from tests.serverproc import ServerProcess

from .conftest import signed_in

pytestmark = pytest.mark.anyio


async def test_pages_follow_each_other_newest_first(server: ServerProcess) -> None:
    model = await signed_in(server)
    ean = model.session.balances[0].ean
    everything = (await model.session.topups(ean, limit=100)).items
    assert len(everything) > 4  # An's demo electricity meter has a long history

    history = TopupHistory(model.session.topups, page_size=2)
    assert not history.loaded and not history.empty and not history.has_more
    assert await history.open(ean)
    assert history.loaded and not history.loading and history.error is None
    assert [t.id for t in history.items] == [t.id for t in everything[:2]] and history.has_more

    assert await history.more()
    assert [t.id for t in history.items] == [t.id for t in everything[:4]]
    while history.has_more:
        assert await history.more()
    assert [t.id for t in history.items] == [t.id for t in everything]
    assert not await history.more()  # no page after the last

    # A reload starts from the newest again, instead of adding the first page a second time.
    assert await history.open(ean)
    assert [t.id for t in history.items] == [t.id for t in everything[:2]]


async def test_a_failed_page_keeps_what_was_shown_and_tries_the_same_page_again(server: ServerProcess) -> None:
    model = await signed_in(server)
    ean = model.session.balances[0].ean
    fail = {"next": False}

    async def fetch(ean: str, cursor: str | None = None, limit: int = 20):
        if fail["next"]:
            fail["next"] = False
            raise ServerUnreachable("offline")
        return await model.session.topups(ean, cursor=cursor, limit=limit)

    history = TopupHistory(fetch, page_size=2)
    assert await history.open(ean)
    shown, cursor = list(history.items), history.next_cursor
    fail["next"] = True
    assert not await history.more()
    assert history.error is not None and history.error.code == "server_unreachable"
    assert history.items == shown and history.next_cursor == cursor and not history.loading
    assert await history.more() and history.error is None and len(history.items) == 4


async def test_an_answer_for_a_meter_left_behind_is_dropped(server: ServerProcess) -> None:
    model = await signed_in(server)
    first, second = (b.ean for b in model.session.balances[:2])
    release = asyncio.Event()

    async def fetch(ean: str, cursor: str | None = None, limit: int = 20):
        if ean == first:
            await release.wait()
        return await model.session.topups(ean, cursor=cursor, limit=limit)

    history = TopupHistory(fetch, page_size=2)
    slow = asyncio.create_task(history.open(first))
    await asyncio.sleep(0)
    assert history.loading
    assert await history.open(second)
    release.set()
    assert not await slow
    expected = (await model.session.topups(second, limit=2)).items
    assert history.ean == second and [t.id for t in history.items] == [t.id for t in expected]


async def test_the_meter_screen_draws_the_newest_top_ups_with_a_way_to_older_ones(server: ServerProcess) -> None:
    from .test_staff_screens import draw

    model = await signed_in(server)
    ean = next(b.ean for b in model.session.balances if b.energy == "electricity")
    newest = (await model.session.topups(ean, limit=1)).items[0]
    text = await draw(model, f"/meter/{ean}")
    # One line of when, how and where, in the household's language ("Oplaadpunt", "Overschrijving").
    line = topup_line(Translator("nl"), newest)
    assert line in text and ("Oplaadpunt" in line or "Overschrijving" in line)
    assert "Oudere opladingen tonen" in text
