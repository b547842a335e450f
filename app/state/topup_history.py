"""A meter's top-up history on the meter screen, newest first, one page at a time (no Flet).

    history = TopupHistory(session.topups)
    await history.open(ean)     # the first page; never raises: ``error`` holds what went wrong
    await history.more()        # the next page, while ``next_cursor`` says there is one

A failed page keeps what was shown (and the cursor, so "Show older top-ups" tries the same page again).
An answer for a meter the screen has left, or older than a newer request, is dropped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.api.errors import ApiError
from app.api.models import Topup, TopupPage

from .observable import Observable

#: Top-ups a page asks for.
PAGE_SIZE = 10

Fetch = Callable[..., Awaitable[TopupPage]]  # (ean, cursor=..., limit=...)


class TopupHistory(Observable):
    def __init__(self, fetch: Fetch, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._fetch = fetch
        self._page_size = page_size
        self._asked = 0
        self.ean: str | None = None
        self.items: list[Topup] = []
        self.next_cursor: str | None = None
        #: True once a first page arrived ("No top-ups yet." only says so then).
        self.loaded = False
        self.loading = False
        self.error: ApiError | None = None

    @property
    def empty(self) -> bool:
        return self.loaded and not self.items

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    async def open(self, ean: str) -> bool:
        """The first page of ``ean`` (again: a reload starts from the newest)."""
        if ean != self.ean:
            with self.changes():
                self.ean, self.items, self.next_cursor, self.loaded = ean, [], None, False
        return await self._load(None)

    async def more(self) -> bool:
        """The page after the last one shown."""
        if self.ean is None or self.next_cursor is None:
            return False
        return await self._load(self.next_cursor)

    async def _load(self, cursor: str | None) -> bool:
        ean = self.ean
        assert ean is not None
        self._asked += 1
        asked = self._asked
        with self.changes():
            self.loading, self.error = True, None
        try:
            page = await self._fetch(ean, cursor=cursor, limit=self._page_size)
        except ApiError as exc:
            if asked == self._asked:
                with self.changes():
                    self.loading, self.error = False, exc
            return False
        if asked != self._asked or ean != self.ean:
            return False
        with self.changes():
            self.items = [*self.items, *page.items] if cursor is not None else list(page.items)
            self.next_cursor = page.next_cursor
            self.loaded, self.loading = True, False
        return True


__all__ = ["PAGE_SIZE", "TopupHistory"]
