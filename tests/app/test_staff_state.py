"""State of the helpers' own accounts against the real server: the staff log-in and set-up, the
caseload (order, search, filters, sorting), a client's file with "klaarzetten" once, the team, and the
household's "Who can see my account" (issue 10)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest

from app.api.client import BudgetmeterClient
from app.credentials import MemoryPreferenceStore
from app.state import Session
from app.api.errors import SessionExpired
from app.state.account_access import AccountAccess
from app.state.caseload import Caseload, ClientFile, Team, export_file_name
from app.state.staff import StaffSession, normalise_code
from tests.api.staff_helpers import org_create, unique
from tests.serverproc import ServerProcess

from .conftest import DEMO, fresh_headers

pytestmark = pytest.mark.anyio
NEW_PASSWORD = "Eigen-Wachtwoord-1"


def code_at(uri: str, steps_ahead: int = 0) -> str:
    import time

    secret = parse_qs(urlparse(uri).query)["secret"][0]
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def set_up(staff: StaffSession, username: str, initial: str) -> str:
    """The first log-in and set-up through the state, as the screens drive it; returns the URI."""
    assert await staff.login(username, initial, "", remember=True), staff.last_error
    assert staff.stage == "setup"
    assert await staff.choose_password(NEW_PASSWORD, NEW_PASSWORD), staff.last_error
    uri = staff.totp_uri
    assert uri and uri.startswith("otpauth://totp/")
    assert await staff.confirm(code_at(uri)), staff.last_error
    assert staff.stage == "signed_out" and staff.setup_finished and staff.totp_uri is None
    assert await staff.login(username, NEW_PASSWORD, code_at(uri, 1), remember=True), staff.last_error
    return uri


@pytest.fixture
async def admin(server: ServerProcess):
    """A fresh organisation's administrator, signed in through StaffSession."""
    username = unique("admin")
    done = org_create(server.database, name=unique("OCMW App "), admin_username=username, admin_name="Ilse Admin")
    assert done.returncode == 0, done.stderr
    api = BudgetmeterClient(server.url, headers=fresh_headers())
    prefs = MemoryPreferenceStore()
    staff = StaffSession(api, prefs)
    await set_up(staff, username, done.stdout.strip().splitlines()[-1])
    yield staff, prefs, username
    await api.aclose()


def test_normalise_code() -> None:
    assert normalise_code("123 456") == "123456"
    assert normalise_code("12345") is None and normalise_code("12345a") is None


async def test_login_setup_and_remember_username_only(admin) -> None:
    staff, prefs, username = admin
    assert staff.stage == "signed_in" and staff.is_admin
    assert staff.me is not None and staff.me.display_name == "Ilse Admin"
    stored = json.dumps(prefs.snapshot())
    assert prefs.snapshot() == {"staff_username": username}
    assert NEW_PASSWORD not in stored and "secret" not in stored and "otpauth" not in stored
    await staff.logout()
    assert staff.stage == "signed_out" and staff.me is None
    again = StaffSession(BudgetmeterClient(staff._anonymous.base_url, headers=fresh_headers()), prefs)
    await again.load()
    assert again.remembered_username == username


async def test_setup_checks_before_sending(server: ServerProcess) -> None:
    api = BudgetmeterClient(server.url, headers=fresh_headers())
    staff = StaffSession(api)
    assert not await staff.login("", "x", "", remember=False)
    assert not await staff.login("someone", "password", "12a456", remember=False)
    assert staff.last_error is not None and staff.last_error.code == "validation_error"
    assert not await staff.login("nobody-" + unique("x"), "password", "123456", remember=False)
    assert staff.last_error.code == "invalid_credentials" and staff.stage == "signed_out"
    # Set-up steps without a set-up session are refused locally.
    assert not await staff.choose_password("short", "short")
    assert getattr(staff.last_error, "reason", None) == "too_short"
    assert not await staff.choose_password(NEW_PASSWORD, NEW_PASSWORD + "x")
    assert getattr(staff.last_error, "reason", None) == "mismatch"
    await api.aclose()


async def test_team_add_reset_remove(admin, server: ServerProcess) -> None:
    staff, _, username = admin
    team = Team(staff)
    member = unique("lid")
    assert await team.add(member, "Lid Een"), team.error
    assert team.handed_over is not None and team.handed_over.username == member
    # The administrator is offered the removal of everyone but themselves, which the server refuses.
    me = next(m for m in team.members if m.username == username)
    assert not team.can_remove(me) and team.can_remove(next(m for m in team.members if m.username == member))
    assert not await team.remove(username)
    assert team.error is not None and username in {m.username for m in team.members}
    initial = team.handed_over.initial_password
    assert member in {m.username for m in team.members}
    team.dismiss_password()
    assert team.handed_over is None
    assert await team.reset(member)
    assert team.handed_over is not None and team.handed_over.initial_password != initial
    assert not await team.add(member, "Again")
    assert team.error is not None and team.error.code == "conflict"
    assert await team.remove(member), team.error
    assert member not in {m.username for m in team.members}


async def test_a_removed_member_is_signed_out_at_the_next_call(admin, server: ServerProcess) -> None:
    """Issue 10: "a removed member's tokens stop at once"; the app then leaves the staff screens."""
    staff, _, _ = admin
    team = Team(staff)
    member = unique("weg")
    assert await team.add(member, "Lid Weg"), team.error
    api = BudgetmeterClient(server.url, headers=fresh_headers())
    try:
        removed = StaffSession(api, MemoryPreferenceStore())
        await set_up(removed, member, team.handed_over.initial_password)
        caseload = Caseload(removed)
        assert await caseload.load(), caseload.error
        assert await team.remove(member), team.error
        assert not await caseload.load()
        assert isinstance(caseload.error, SessionExpired)
        assert removed.stage == "signed_out" and removed.me is None
        assert removed.last_error is caseload.error and removed.ended_by_server  # the log-in says why
    finally:
        await api.aclose()


async def test_caseload_order_search_sort_and_client_file(admin, server: ServerProcess) -> None:
    staff, _, _ = admin
    # An makes a share code in her own app session.
    household = Session(BudgetmeterClient(server.url, headers=fresh_headers()))
    assert await household.login_prepaid(*DEMO["an"])
    access = AccountAccess(household)
    assert await access.make_share_code(allow_prepare=True)
    assert access.share_code is not None and len(access.share_code.share_code) == 9

    caseload = Caseload(staff)
    assert not await caseload.add_by_share_code("ACDE-FGHJ")
    assert caseload.error is not None and caseload.error.code == "invalid_credentials"
    assert await access.load(), access.error
    assert access.share_code is not None  # not used yet: still on An's screen
    assert await caseload.add_by_share_code(access.share_code.share_code), caseload.error
    assert caseload.added == "An Peeters"
    # An's next refresh shows the new mandate, and the used code is no longer pending.
    assert await access.load(), access.error
    assert access.share_code is None and [m.organisation for m in access.mandates] == [staff.me.organisation]
    assert not await caseload.add_by_prepaid_code("4444 5555", "2000")  # incomplete: checked here
    assert caseload.error is not None and caseload.error.code == "validation_error"
    assert await caseload.add_by_prepaid_code(*DEMO["youssef"]), caseload.error
    # Youssef (minimum supply and emergency credit) comes before An (supplying).
    assert [c.display_name for c in caseload.rows] == ["Youssef El Amrani", "An Peeters"]
    caseload.sort_by("name")
    assert [c.display_name for c in caseload.rows] == ["An Peeters", "Youssef El Amrani"]
    caseload.sort_by("name")
    assert [c.display_name for c in caseload.rows] == ["Youssef El Amrani", "An Peeters"]
    caseload.sort_by("balance")
    assert caseload.rows[0].display_name == "Youssef El Amrani"
    assert await caseload.search("peet")
    assert [c.display_name for c in caseload.clients] == ["An Peeters"]
    assert await caseload.search("", status="emergency_credit")
    assert [c.display_name for c in caseload.clients] == ["Youssef El Amrani"]
    assert await caseload.search("", status=None, days_at_most=None)
    assert len(caseload.clients) == 2

    an_id = next(c.client_id for c in caseload.clients if c.display_name == "An Peeters")
    file = ClientFile(staff, an_id)
    assert await file.open(), file.error
    assert file.detail is not None and file.can_prepare
    # The same TopupForm as An's own Top up screen, on her first meter with the default amount.
    form = file.topup
    assert form.ean == file.detail.meters[0].ean and form.amount_cents == 2000
    assert await form.load_instructions(), form.instructions_error
    assert form.instructions.reference_number and form.instructions.amount_cents == 2000
    assert await form.prepare(), form.prepare_error
    assert form.prepared is not None and form.prepared.amount_cents == 2000
    assert "Ilse Admin" in (form.prepared.prepared_by or "")
    form.type_amount("abc")
    assert form.amount_problem is not None and form.amount_cents is None and form.prepared is None
    assert not await form.prepare() and form.prepare_error is None

    # An sees who looked, and stops the access; the file then answers not found.
    assert await access.load(), access.error
    assert [m.organisation for m in access.mandates] == [staff.me.organisation]
    assert access.mandates[0].last_access is not None and access.mandates[0].last_access.staff_name == "Ilse Admin"
    assert any(v.actor == "staff" and v.helper_name == "Ilse Admin" for v in access.visits)
    assert all(v.actor != "client" for v in access.visits)
    assert await access.stop(access.mandates[0].mandate_id), access.error
    assert access.mandates == []
    assert not await file.open()
    assert file.error is not None and file.error.code == "not_found" and file.detail is None
    assert await caseload.load()
    assert [c.display_name for c in caseload.clients] == ["Youssef El Amrani"]
    await household.api.aclose()


async def test_the_share_code_shows_until_the_server_no_longer_lists_it(admin, server: ServerProcess) -> None:
    """The screen asks the server which codes are still open (GET /api/v1/mandates/share-codes) instead
    of guessing from the mandates: a mandate by Prepaid-code leaves the code on show; a redemption, also
    by an organisation that already has access, or the 24 hours passing, take it away."""
    from server.store.db import Database

    staff, _, _ = admin
    household = Session(BudgetmeterClient(server.url, headers=fresh_headers()))
    assert await household.login_prepaid(*DEMO["marie"])
    access = AccountAccess(household)
    caseload = Caseload(staff)
    try:
        assert await access.make_share_code(allow_prepare=False)
        first = access.share_code
        assert first is not None and first.id
        # Staff add Marie by her Prepaid-code while the code waits: a new mandate, the code still valid.
        assert await caseload.add_by_prepaid_code(*DEMO["marie"]), caseload.error
        assert await access.load(), access.error
        assert staff.me.organisation in [m.organisation for m in access.mandates]
        assert access.share_code is first
        # The same organisation, which already has access, redeems it: used, so gone on the next load.
        assert await caseload.add_by_share_code(first.share_code), caseload.error
        assert await access.load(), access.error
        assert access.share_code is None

        assert await access.make_share_code(allow_prepare=True)
        second = access.share_code
        assert second is not None and second.id != first.id
        assert await caseload.add_by_share_code(second.share_code), caseload.error
        assert await access.load(), access.error
        assert access.share_code is None

        # 24 hours pass for a third code: the server no longer lists it, the screen drops it.
        assert await access.make_share_code(allow_prepare=False)
        third = access.share_code
        assert await access.load() and access.share_code is third
        db = Database(server.database)
        try:
            with db.transaction(write=True) as tx:
                tx.execute("UPDATE share_codes SET expires_at = created_at - 1 WHERE public_id = ?", (third.id,))
        finally:
            db.close()
        assert await access.load(), access.error
        assert access.share_code is None
    finally:
        await household.api.aclose()


async def test_caseload_export_csv_through_the_api_client(admin, server: ServerProcess) -> None:
    """The export button's call (GET /api/v1/caseload/export.csv through the one request path) against
    the real server: the server's bytes, one row per meter, most urgent first, and no client whose
    mandate ended."""
    staff, _, _ = admin
    household = Session(BudgetmeterClient(server.url, headers=fresh_headers()))
    assert await household.login_prepaid(*DEMO["an"])
    access = AccountAccess(household)
    assert await access.make_share_code(allow_prepare=False)
    caseload = Caseload(staff)
    assert await caseload.add_by_share_code(access.share_code.share_code), caseload.error
    assert await caseload.add_by_prepaid_code(*DEMO["youssef"]), caseload.error

    data = await staff.api.caseload_csv()
    assert isinstance(data, bytes)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [r["display_name"] for r in rows][0] == "Youssef El Amrani"  # the most urgent first
    meters = {c.display_name: len(c.meters) for c in caseload.clients}
    assert Counter(r["display_name"] for r in rows) == meters  # one row per meter
    assert all(r["prepaid_code_masked"].endswith(("33", "66")) and "1111" not in r["prepaid_code_masked"] for r in rows)
    # The export button's bytes: the spreadsheet form, as the server makes it, never re-encoded.
    assert await caseload.export_csv("nl") == await staff.api.caseload_csv(form="spreadsheet", language="nl")
    assert caseload.error is None and not caseload.loading

    assert await access.load() and await access.stop(access.mandates[0].mandate_id), access.error
    after = (await caseload.export_csv("nl")).decode("utf-8-sig")
    assert "Youssef El Amrani" in after and "An Peeters" not in after

    await staff.logout()  # the token ends: the export fails with the session error, not an empty file
    assert await caseload.export_csv("nl") is None
    assert caseload.error is not None and caseload.error.code in ("session_expired", "unauthorized")
    await household.api.aclose()


async def test_the_export_button_gives_a_belgian_spreadsheet_in_the_screens_language(admin, server: ServerProcess) -> None:
    """Issue 20: the machine form opened in a Belgian spreadsheet as one column. The button's bytes are
    the spreadsheet form: a byte order mark, semicolons, euros with a decimal comma, the screen's
    language in the headers and words (demo: Youssef's electricity at -3,20 on emergency credit)."""
    staff, _, _ = admin
    caseload = Caseload(staff)
    assert await caseload.add_by_prepaid_code(*DEMO["youssef"]), caseload.error
    for language, balance, status, energy in (
        ("fr", "Solde (€)", "État", "Énergie"), ("nl", "Saldo (€)", "Toestand", "Energie"),
    ):  # fmt: skip
        data = await caseload.export_csv(language)
        assert data is not None and data.startswith("\ufeff".encode()), caseload.error
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        electricity = [r for r in rows if r[energy] in ("électricité", "elektriciteit")]
        assert [r[balance] for r in electricity] == ["-3,20"], rows
        assert electricity[0][status] in ("sur crédit de secours", "op noodkrediet")


def test_export_file_name_is_dated() -> None:
    assert export_file_name(date(2026, 11, 27)) == "caseload-2026-11-27.csv"
