"""BudgetmeterClient against the real server (demo data), one test or more per endpoint."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.api import errors
from app.api.client import BudgetmeterClient
from tests.serverproc import ServerProcess, start_server

from .conftest import DEMO, HELPER, fresh_headers

pytestmark = pytest.mark.anyio


@pytest.fixture
async def api(server: ServerProcess) -> AsyncIterator[BudgetmeterClient]:
    async with BudgetmeterClient(server.url, headers=fresh_headers()) as client:
        yield client


async def logged_in(api: BudgetmeterClient, who: str = "an", **kw) -> BudgetmeterClient:
    token = await api.login_prepaid(*DEMO[who], **kw)
    return api.with_token(token.access_token)


async def test_health(api: BudgetmeterClient) -> None:
    assert (await api.health()).status == "ok"


async def test_login_prepaid_and_me(api: BudgetmeterClient) -> None:
    token = await api.login_prepaid("1111 2222 33", "9000")
    assert token.scope == "prepaid" and token.token_type == "bearer" and token.expires_in > 0
    me = await api.with_token(token.access_token).me()
    assert me.display_name == "An Peeters"
    assert me.prepaid_code_masked == "•••• •••• 33"
    assert me.postal_code == "9000" and me.language == "nl" and me.acting_helper is None
    assert sorted(m.energy for m in me.meters) == ["electricity", "gas"]
    assert all(m.reference_number == m.ean[5:] for m in me.meters)


async def test_login_password(api: BudgetmeterClient) -> None:
    token = await api.login_password("an.peeters", "Demo-2026!")
    assert token.scope == "full"
    me = await api.with_token(token.access_token).me()
    assert me.display_name == "An Peeters" and me.scope == "full"


async def test_login_as_helper(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "youssef", helper=HELPER)
    me = await authed.me()
    assert me.acting_helper is not None and me.acting_helper.organisation == "OCMW Gent"
    log = await authed.access_log()
    # Anyone with the Prepaid-code can type a name (issue 20): the log says so, unverified.
    assert log.items[0].actor == "prepaid_code" and log.items[0].verified is False
    assert log.items[0].said_to_be is not None and log.items[0].said_to_be.name == "Lotte Janssens"
    assert log.items[0].helper_name is None
    assert log.items[0].at.utcoffset() is not None


async def test_wrong_postcode_is_invalid_credentials(api: BudgetmeterClient) -> None:
    with pytest.raises(errors.InvalidCredentials) as info:
        await api.login_prepaid("7777 8888 99", "9000")
    assert info.value.code == "invalid_credentials" and info.value.status == 401
    await api.login_prepaid(*DEMO["marie"])  # clears the failure count of this code


async def test_unknown_code_and_wrong_password(api: BudgetmeterClient) -> None:
    with pytest.raises(errors.InvalidCredentials):
        await api.login_prepaid("9999 0000 11", "9000")
    with pytest.raises(errors.InvalidCredentials):
        await api.login_password("nobody.here", "whatever")


async def test_badly_formed_login_is_validation_error(api: BudgetmeterClient) -> None:
    with pytest.raises(errors.ValidationFailed) as info:
        await api.login_prepaid("1111 2222 33", "90")
    assert info.value.code == "validation_error" and info.value.status == 422


async def test_balances(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "an")
    me = await authed.me()
    by_energy = {m.energy: await authed.balance(m.ean) for m in me.meters}
    assert by_energy["electricity"].balance_cents == 4217
    assert by_energy["gas"].balance_cents == 1250
    assert by_energy["electricity"].status == "supplying"
    assert by_energy["electricity"].updated_at.utcoffset() is not None


async def test_emergency_credit_balance(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "youssef")
    me = await authed.me()
    electricity = next(m for m in me.meters if m.energy == "electricity")
    balance = await authed.balance(electricity.ean)
    assert balance.status == "emergency_credit" and balance.balance_cents == -320
    assert balance.emergency_credit.in_use and balance.emergency_credit.available_cents == 1680


async def test_another_clients_meter_is_not_found(api: BudgetmeterClient) -> None:
    an = await logged_in(api, "an")
    youssef = await logged_in(api, "youssef")
    an_meter = (await an.me()).meters[0].ean
    with pytest.raises(errors.NotFound):
        await youssef.balance(an_meter)


async def test_topups_are_paged(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "an")
    ean = (await authed.me()).meters[0].ean
    first = await authed.topups(ean, limit=2)
    assert len(first.items) == 2 and first.next_cursor
    second = await authed.topups(ean, cursor=first.next_cursor, limit=2)
    assert not {t.id for t in first.items} & {t.id for t in second.items}
    assert first.items[0].at >= first.items[1].at >= second.items[0].at
    with pytest.raises(errors.ValidationFailed):
        await authed.topups(ean, cursor="not-a-cursor")


async def test_payment_instructions(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "an")
    meter = (await authed.me()).meters[0]
    plain = await authed.payment_instructions(meter.ean)
    assert plain.reference_number == meter.reference_number and plain.amount_cents is None
    with_amount = await authed.payment_instructions(meter.ean, amount_cents=2500)
    assert with_amount.amount_cents == 2500
    assert with_amount.epc_qr_payload.startswith("BCD") and "EUR25" in with_amount.epc_qr_payload
    with pytest.raises(errors.ValidationFailed):
        await authed.payment_instructions(meter.ean, amount_cents=10)


async def test_pending_topup_same_key_is_one_row(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "marie", helper=HELPER)
    ean = (await authed.me()).meters[0].ean
    key = str(uuid.uuid4())
    first = await authed.create_pending_topup(ean, 2000, key)
    again = await authed.create_pending_topup(ean, 2000, key)
    assert first.id == again.id and not first.replayed and again.replayed
    assert first.prepared_by == "Lotte Janssens (OCMW Gent)"
    other = await authed.create_pending_topup(ean, 2000, str(uuid.uuid4()))
    assert other.id != first.id
    with pytest.raises(errors.Conflict):
        await authed.create_pending_topup(ean, 3000, key)
    with pytest.raises(errors.ValidationFailed):
        await authed.create_pending_topup(ean, 10, str(uuid.uuid4()))


async def test_tariff(api: BudgetmeterClient) -> None:
    tariff = await (await logged_in(api, "an")).tariff()
    assert {(t.energy, t.category, t.active) for t in tariff.social_tariff} >= {
        ("electricity", "1", True),
        ("gas", "1", True),
    }
    assert tariff.protected_customer
    none = await (await logged_in(api, "youssef")).tariff()
    assert not any(t.active for t in none.social_tariff)


async def test_eligibility(api: BudgetmeterClient) -> None:
    answer = await api.eligibility(
        benefit="leefloon",
        decision_date=date(2026, 2, 10),
        energy="electricity",
        connection="main_residence",
        supplier_informed_on=date(2026, 3, 1),
    )
    assert answer.eligible and answer.category is not None
    assert answer.start == date(2026, 1, 1) and answer.end == date(2026, 12, 31)
    refused = await api.eligibility(
        benefit="leefloon", decision_date="2026-02-10", energy="electricity", connection="second_residence"
    )
    assert not refused.eligible and refused.reasons
    with pytest.raises(errors.ValidationFailed):
        await api.eligibility(benefit="lottery", decision_date="2026-02-10", energy="gas", connection="main_residence")


async def test_topup_points(api: BudgetmeterClient) -> None:
    points = await api.topup_points(postal_code="9000", limit=5)
    assert 1 <= len(points) <= 5
    assert [p.distance_km for p in points] == sorted(p.distance_km for p in points)
    near = await api.topup_points(lat=51.05, lon=3.72, limit=3)
    assert len(near) == 3
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    open_points = await api.topup_points(postal_code="9000", at=christmas, open_only=True, limit=10)
    assert all(p.open_at_requested_time for p in open_points)


async def test_topup_points_errors(api: BudgetmeterClient) -> None:
    with pytest.raises(errors.UnknownPostalCode) as info:
        await api.topup_points(postal_code="9999")
    assert info.value.code == "unknown_postal_code"
    assert isinstance(info.value, errors.ValidationFailed)
    with pytest.raises(errors.ValidationFailed):
        await api.topup_points()


async def test_revoked_token_is_session_expired(api: BudgetmeterClient) -> None:
    authed = await logged_in(api, "sophie")
    token = authed.token
    assert (await authed.me()).language == "fr"
    await authed.logout()
    assert authed.token is None
    with pytest.raises(errors.SessionExpired) as info:
        await api.with_token(token).me()
    assert info.value.code == "session_expired" and info.value.status == 401


async def test_no_token_is_unauthorized_not_expired(api: BudgetmeterClient) -> None:
    with pytest.raises(errors.Unauthorized) as info:
        await api.me()
    assert type(info.value) is errors.Unauthorized


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory):
    """A server of its own with a short lock and a short idle timeout."""
    proc = start_server(
        tmp_path_factory.mktemp("strict"),
        env={
            "BUDGETMETER_THROTTLE_MAX_FAILURES": "3",
            "BUDGETMETER_THROTTLE_BASE_LOCK_SECONDS": "30",
            "BUDGETMETER_TOKEN_IDLE_SECONDS": "3",
        },
    )
    yield proc
    proc.stop()


async def test_too_many_attempts_has_retry_after(strict_server: ServerProcess) -> None:
    async with BudgetmeterClient(strict_server.url, headers=fresh_headers()) as api:
        with pytest.raises(errors.TooManyAttempts) as info:
            for _ in range(10):
                with pytest.raises(errors.InvalidCredentials):
                    await api.login_prepaid("4444 5555 66", "9000")
    assert info.value.code == "too_many_attempts" and info.value.status == 429
    assert 0 < info.value.retry_after <= 30
    # Another address does not change the lock on this code.
    async with BudgetmeterClient(strict_server.url, headers=fresh_headers()) as other:
        with pytest.raises(errors.TooManyAttempts):
            await other.login_prepaid(*DEMO["youssef"])


async def test_idle_token_expires(strict_server: ServerProcess) -> None:
    import anyio

    async with BudgetmeterClient(strict_server.url, headers=fresh_headers()) as api:
        authed = await logged_in(api, "marie")
        await authed.me()
        await anyio.sleep(4.3)  # whole seconds on the server: 3 s idle is over for sure
        with pytest.raises(errors.SessionExpired):
            await authed.me()
