"""The organisation's supply signals as the staff Signals screen shows them (issue 21), without Flet:
households gone without energy, or with too little, long enough that someone should look; and the
member's follow-up (acknowledge, resolve) with a note the household sees in its access log.

    signals = OrganisationSignals(staff)
    await signals.load()                       # open first, then acknowledged, then resolved
    await signals.filter("open")
    await signals.follow_up(signal_id, "acknowledge", "Gebeld, komt morgen langs")

Actions never raise :class:`ApiError`: they set ``error`` and return False.
"""

from __future__ import annotations

from app.api import errors
from app.api.staff_models import Signal, SignalStatus

from .caseload import _StaffCalls
from .staff import StaffSession

#: The order of the list without a filter: what nobody followed up yet comes first.
STATUSES: tuple[SignalStatus, ...] = ("open", "acknowledged", "resolved")
#: About as many as the server sends at once: a page of the list.
PAGE = 50
#: The server's limit of a follow-up's note.
NOTE_MAX = 500


class OrganisationSignals(_StaffCalls):
    def __init__(self, staff: StaffSession) -> None:
        super().__init__()
        self._staff = staff
        self.items: list[Signal] = []
        self.loading = False
        self.error = None
        #: None: every status, open ones first; else only signals with this status.
        self.status_filter: SignalStatus | None = None
        #: More to load (``load_more``).
        self.has_more = False
        #: The signal just followed up and how ("acknowledged", "resolved"), for the screen to say.
        self.done: tuple[int, str] | None = None
        # Where the next page starts: the status being read (the server's list is per status, newest
        # first, so "open first" over every status reads the statuses in turn) and its cursor.
        self._phase = 0
        self._cursor: str | None = None

    def _phases(self) -> tuple[SignalStatus, ...]:
        return STATUSES if self.status_filter is None else (self.status_filter,)

    async def load(self) -> bool:
        """The first page for the current filter."""
        self._phase, self._cursor = 0, None
        page = await self._next_page()
        if page is None:
            return False
        with self.changes():
            self.items = page
            self.has_more = self._phase < len(self._phases())
        return True

    async def load_more(self) -> bool:
        if not self.has_more:
            return False
        page = await self._next_page()
        if page is None:
            return False
        with self.changes():
            self.items = [*self.items, *page]
            self.has_more = self._phase < len(self._phases())
        return True

    async def _next_page(self) -> list[Signal] | None:
        """Reads on from where the last page ended, status after status, until a page's worth is read
        or the statuses run out (then ``_phase`` is past the end)."""
        phases = self._phases()
        found: list[Signal] = []
        while self._phase < len(phases) and len(found) < PAGE:
            status, cursor = phases[self._phase], self._cursor
            page = await self._call(lambda api: api.signals(status=status, cursor=cursor))
            if page is None:
                return None
            found += page.items
            if page.next_cursor:
                self._cursor = page.next_cursor
            else:
                self._phase, self._cursor = self._phase + 1, None
        return found

    async def filter(self, status: SignalStatus | None) -> bool:
        with self.changes():
            self.status_filter, self.done = status, None
        return await self.load()

    async def follow_up(self, signal_id: int, action: str, note: str) -> bool:
        """`action` "acknowledge" or "resolve". The signal stays in the list with its new status (so the
        member sees what they did) until the list is loaded again."""
        text = note.strip()
        if len(text) > NOTE_MAX:
            self.error = errors.ValidationFailed("note", field="note", reason="too_long")
            return False
        answer = await self._call(lambda api: api.follow_up_signal(signal_id, action, text))
        if answer is None:
            return False
        with self.changes():
            self.items = [answer if s.signal_id == signal_id else s for s in self.items]
            self.done = (signal_id, answer.status)
        return True
