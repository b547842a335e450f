"""A staff member's caseload, one household opened from it, and the organisation's team, without Flet.

The server sorts most urgent first (interrupted, minimum supply, emergency credit, fewest days left) and
filters (name or postcode, status, days left); a desktop table can re-sort the loaded rows by a column.
"""

from __future__ import annotations

import uuid
from datetime import date
from collections.abc import Callable
from typing import Any

from app.api import errors
from app.api.errors import ApiError
from app.api.models import PaymentInstructions, PendingTopup
from app.api.staff_models import CaseloadClient, CaseloadDetail, CaseloadMeter, StaffMember, StaffMemberCreated

from .inputs import normalise_postcode, normalise_prepaid_code
from .observable import Observable
from .payments import TopupForm
from .staff import StaffSession

#: The desktop table's sortable columns: "urgency" is the server's order.
COLUMNS = ("urgency", "name", "postcode", "balance", "days_left")
STATUS_ORDER = {"interrupted": 0, "minimum_supply": 1, "emergency_credit": 2, "supplying": 3, None: 4}


def row_meter(client: CaseloadClient) -> CaseloadMeter | None:
    """The meter a household's row shows: its most urgent (the caseload's own order: status, then fewest
    days left). Its status, balance, days and energy go together (issue 20: Youssef's gas status stood
    beside his electricity's balance); the other meter is in the client's file."""
    return min(client.meters, key=lambda m: (STATUS_ORDER[m.status], m.estimated_days_left), default=None)


def row_balance(client: CaseloadClient) -> int:
    meter = row_meter(client)
    return meter.balance_cents if meter is not None else 0


def row_days(client: CaseloadClient) -> int:
    meter = row_meter(client)
    return meter.estimated_days_left if meter is not None else 10**6


_SORT_KEYS: dict[str, Callable[[CaseloadClient], Any]] = {
    "name": lambda c: c.display_name.casefold(),
    "postcode": lambda c: c.postal_code,
    "balance": row_balance,
    "days_left": row_days,
}


def sort_key(column: str) -> Callable[[CaseloadClient], Any]:
    return _SORT_KEYS[column]


class _StaffCalls(Observable):
    """A staff screen's state that calls the API with the staff member's token: `loading` while it
    runs, `error` when it failed (one place for the caseload and the team)."""

    _staff: StaffSession
    loading: bool
    error: ApiError | None

    async def _call(self, call) -> Any:
        with self.changes():
            self.loading, self.error = True, None
        try:
            result = await call(self._staff.api)
        except ApiError as exc:
            with self.changes():
                self.loading, self.error = False, exc
            if isinstance(exc, errors.SessionExpired):
                # A removed member (or an expired token): the staff screens leave for the log-in
                # at once instead of showing a list the server no longer lets them see.
                self._staff.session_ended(exc)
            return None
        self.loading = False
        return result


class Caseload(_StaffCalls):
    def __init__(self, staff: StaffSession, page_size: int = 50) -> None:
        super().__init__()
        self._staff = staff
        self._page_size = page_size
        self.clients: list[CaseloadClient] = []
        self.next_cursor: str | None = None
        self.loading = False
        self.error: ApiError | None = None
        self.query = ""
        #: None, "emergency_credit" or "minimum_supply".
        self.status_filter: str | None = None
        #: Only clients with a meter at most this many days from empty (None: all).
        self.days_at_most: int | None = None
        self.sort_column = "urgency"
        self.sort_ascending = True
        #: The household just added (its name, for a confirmation), or None.
        self.added: str | None = None

    @property
    def rows(self) -> list[CaseloadClient]:
        """The loaded clients in the table's order (the server's urgency order by default)."""
        if self.sort_column == "urgency":
            return self.clients if self.sort_ascending else list(reversed(self.clients))
        return sorted(self.clients, key=_SORT_KEYS[self.sort_column], reverse=not self.sort_ascending)

    def sort_by(self, column: str) -> None:
        if column not in COLUMNS:
            raise ValueError(column)
        if column == self.sort_column:
            self.sort_ascending = not self.sort_ascending
        else:
            self.sort_column, self.sort_ascending = column, True

    async def load(self) -> bool:
        """The first page for the current search and filters."""
        page = await self._call(
            lambda api: api.caseload(
                q=self.query.strip() or None, status=self.status_filter, days_left_at_most=self.days_at_most, limit=self._page_size
            )
        )
        if page is None:
            return False
        with self.changes():
            self.clients, self.next_cursor = list(page.clients), page.next_cursor
        return True

    async def load_more(self) -> bool:
        if self.next_cursor is None:
            return False
        cursor = self.next_cursor
        page = await self._call(
            lambda api: api.caseload(
                q=self.query.strip() or None, status=self.status_filter, days_left_at_most=self.days_at_most,
                cursor=cursor, limit=self._page_size,
            )  # fmt: skip
        )
        if page is None:
            return False
        with self.changes():
            self.clients, self.next_cursor = [*self.clients, *page.clients], page.next_cursor
        return True

    async def search(self, query: str | None = None, *, status: str | None | Any = ..., days_at_most: int | None | Any = ...) -> bool:
        with self.changes():
            if query is not None:
                self.query = query
            if status is not ...:
                self.status_filter = status
            if days_at_most is not ...:
                self.days_at_most = days_at_most
        return await self.load()

    async def add_by_share_code(self, share_code: str) -> bool:
        added = await self._call(lambda api: api.add_by_share_code(share_code.strip()))
        if added is None:
            return False
        return await self._confirm(added.display_name)

    async def add_by_prepaid_code(self, prepaid_code: str, postal_code: str) -> bool:
        try:
            code, postcode = normalise_prepaid_code(prepaid_code), normalise_postcode(postal_code)
        except ApiError as exc:
            self.error = exc
            return False
        added = await self._call(lambda api: api.add_by_prepaid_code(code, postcode))
        if added is None:
            return False
        return await self._confirm(added.display_name)

    async def _confirm(self, name: str) -> bool:
        """Reload, then say who was added: the confirmation never shows above a list without them."""
        loaded = await self.load()
        self.added = name
        return loaded

    async def export_csv(self, language: str) -> bytes | None:
        """The whole caseload as CSV for the organisation's own records, in the spreadsheet form a
        social worker opens (issue 20: the machine form opened as one column), headers in ``language``
        (None when it failed: see ``error``)."""
        return await self._call(lambda api: api.caseload_csv(form="spreadsheet", language=language))


def export_file_name(today: date) -> str:
    """The saved export's name: dated, so that exports of several days sit side by side."""
    return f"caseload-{today.isoformat()}.csv"


class ClientFile(Observable):
    """One household opened from the caseload: its meters as on its own home screen, how to pay,
    and "klaarzetten" (seed 000, Vraag 10: "betalen + klaarzetten") through ``topup``, the same
    :class:`TopupForm` as the household's own Top up screen."""

    def __init__(self, staff: StaffSession, client_id: int) -> None:
        super().__init__()
        self._staff = staff
        self.client_id = client_id
        self.detail: CaseloadDetail | None = None
        self.loading = False
        self.error: ApiError | None = None
        self.topup = TopupForm(self.payment_instructions, self.prepare_topup)
        #: One key per intention (meter and amount), kept across retries and double taps.
        self._keys: dict[tuple[str, int], str] = {}

    @property
    def can_prepare(self) -> bool:
        return bool(self.detail and "prepare_topups" in self.detail.permissions)

    async def open(self) -> bool:
        with self.changes():
            self.loading, self.error = True, None
        try:
            detail = await self._staff.api.caseload_client(self.client_id)
        except ApiError as exc:
            with self.changes():
                self.loading, self.error = False, exc
                if not exc.offline:  # gone (mandate ended) or not allowed: show nothing of it any more
                    self.detail = None
            return False
        with self.changes():
            self.detail, self.loading = detail, False
        self.topup.offer([m.ean for m in detail.meters])
        return True

    async def payment_instructions(self, ean: str, amount_cents: int | None) -> PaymentInstructions:
        return await self._staff.api.client_payment_instructions(self.client_id, ean, amount_cents)

    async def prepare_topup(self, ean: str, amount_cents: int) -> PendingTopup:
        """Prepare once per intention: the key stays for retries until the server answered."""
        key = self._keys.setdefault((ean, amount_cents), str(uuid.uuid4()))
        prepared = await self._staff.api.client_pending_topup(self.client_id, ean, amount_cents, key)
        self._keys.pop((ean, amount_cents), None)  # done: the same amount again is a new intention
        return prepared


class Team(_StaffCalls):
    """The organisation's staff, for its administrators (seed 000, Vraag 19: "De verantwoordelijke die
    aangesteld werd in ieder OCMW kan medewerkers toevoegen")."""

    def __init__(self, staff: StaffSession) -> None:
        super().__init__()
        self._staff = staff
        self.members: list[StaffMember] = []
        self.loading = False
        self.error: ApiError | None = None
        #: The initial password just made (added or reset): shown once, then dropped.
        self.handed_over: StaffMemberCreated | None = None

    def can_remove(self, member: StaffMember) -> bool:
        """Anyone but oneself: the server refuses an administrator's removal of their own account
        (the organisation would be left without its responsible person)."""
        me = self._staff.me
        return me is None or member.username != me.username

    async def load(self) -> bool:
        answer = await self._call(lambda api: api.team())
        if answer is None:
            return False
        self.members = list(answer.staff)
        return True

    async def add(self, username: str, display_name: str) -> bool:
        created = await self._call(lambda api: api.add_member(username.strip(), display_name.strip()))
        if created is None:
            return False
        self.handed_over = created
        return await self.load()

    async def reset(self, username: str) -> bool:
        created = await self._call(lambda api: api.reset_member(username))
        if created is None:
            return False
        self.handed_over = created
        return await self.load()

    async def remove(self, username: str) -> bool:
        done = await self._call(lambda api: api.remove_member(username))
        if done is None and self.error is not None:
            return False
        return await self.load()

    def dismiss_password(self) -> None:
        self.handed_over = None
