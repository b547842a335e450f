"""Session logic against the real server: login both ways, remember me, helpers' clients kept apart,
expiry, offline with cached balances, pending top-ups once."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone

import anyio
import httpx
import pytest

from app.api import errors
from app.api.client import BudgetmeterClient
from app.credentials import KeyringSecretStore, MemoryPreferenceStore, MemorySecretStore, choose_secret_store
from app.state import ClientProfile, Session, Superseded
from app.state.payments import TopupForm
from app.state.profiles import secret_key
from tests.serverproc import ServerProcess, start_server

from .conftest import DEMO, HELPER, MemoryKeyring, fresh_headers

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


class Gate(httpx.AsyncBaseTransport):
    """The real network, with a hand on it: hold requests of one token, count, or lose answers."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.hold_token: str | None = None
        self.held = asyncio.Event()
        self.release = asyncio.Event()
        self.requests: list[httpx.Request] = []
        self.lose_next_answer_of: str | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.hold_token and request.headers.get("Authorization") == f"Bearer {self.hold_token}":
            self.held.set()
            await self.release.wait()
        response = await self.inner.handle_async_request(request)
        if self.lose_next_answer_of and request.url.path.endswith(self.lose_next_answer_of):
            self.lose_next_answer_of = None
            await response.aread()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()

    def posts(self, suffix: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST" and r.url.path.endswith(suffix)]


Factory = Callable[..., Session]


@pytest.fixture
async def make_session(server: ServerProcess) -> AsyncIterator[Factory]:
    clients: list[BudgetmeterClient] = []

    def make(
        url: str | None = None,
        *,
        prefs=None,
        secrets=None,
        clock=None,
        transport: httpx.AsyncBaseTransport | None = None,
        device_locale: str | None = None,
    ) -> Session:
        api = BudgetmeterClient(url or server.url, headers=fresh_headers(), transport=transport, backoff=0.01)
        clients.append(api)
        return Session(
            api,
            prefs=prefs if prefs is not None else MemoryPreferenceStore(),
            secrets=secrets if secrets is not None else MemorySecretStore(),
            clock=clock or Clock(),
            device_locale=device_locale,
        )

    yield make
    for api in clients:
        await api.aclose()


def assert_no_secrets(prefs: MemoryPreferenceStore, *tokens: str) -> None:
    text = json.dumps(prefs.snapshot(), ensure_ascii=False)
    digits = re.sub(r"\D", "", text)
    for code, _ in DEMO.values():
        assert code not in text and code.replace(" ", "") not in digits
    for token in tokens:
        assert token not in text
    assert "Demo-2026!" not in text


async def secret_of(session: Session, profile: ClientProfile) -> dict:
    await session.settled()  # saving on the device runs after the balances are on show
    raw = await session.vault.store.get(secret_key(profile.id))
    return json.loads(raw) if raw else {}


async def test_login_prepaid_remembered(make_session: Factory) -> None:
    prefs, secrets = MemoryPreferenceStore(), MemorySecretStore()
    session = make_session(prefs=prefs, secrets=secrets)
    seen: list[tuple[bool, str]] = []
    unsubscribe = session.subscribe(lambda s: seen.append((s.loading, s.auth)))

    assert await session.login_prepaid("1111 2222 33", "9000", remember=True)

    assert session.auth == "signed_in" and session.last_error is None and not session.loading
    assert session.me is not None and session.me.display_name == "An Peeters"
    assert sorted(b.balance_cents for b in session.balances) == [1250, 4217]
    assert not session.offline and session.cached_at is None
    profile = session.current
    assert profile is not None and profile.login_kind == "prepaid" and profile.remember
    assert profile.prepaid_code_masked == "•••• •••• 33"
    assert sorted(s.balance_cents for s in profile.last_balances) == [1250, 4217]
    assert profile.last_balances_at == session.clock()
    assert seen[0] == (True, "signed_out") and seen[-1] == (False, "signed_in")

    stored = await secret_of(session, profile)
    assert stored["prepaid_code"] == "1111222233" and stored["token"]
    assert_no_secrets(prefs, stored["token"])
    assert session.secrets_persistent is False  # memory store in this test

    unsubscribe()
    count = len(seen)
    await session.refresh()
    assert len(seen) == count


async def test_local_validation_sends_nothing(make_session: Factory) -> None:
    gate = Gate()
    session = make_session(transport=gate)
    assert not await session.login_prepaid("1111 2222", "9000")
    assert isinstance(session.last_error, errors.ValidationFailed)
    assert session.last_error.field == "prepaid_code" and session.last_error.reason == "incomplete"
    assert not await session.login_prepaid("1111 2222 33", "900")
    assert session.last_error.field == "postal_code"
    assert not await session.login_password("", "x")
    assert session.last_error.field == "username"
    assert gate.requests == [] and session.auth == "signed_out"


async def test_wrong_postcode(make_session: Factory) -> None:
    session = make_session()
    assert not await session.login_prepaid("4444 5555 66", "9000")
    assert isinstance(session.last_error, errors.InvalidCredentials)
    assert session.auth == "signed_out" and session.current is None and session.profiles == []
    assert await session.login_prepaid(*DEMO["youssef"])  # and a success clears the count


async def test_login_password_keeps_no_password(make_session: Factory) -> None:
    prefs = MemoryPreferenceStore()
    session = make_session(prefs=prefs)
    assert await session.login_password("an.peeters", "Demo-2026!", remember=True)
    assert session.current.login_kind == "password" and session.current.username == "an.peeters"
    assert session.me.scope == "full"
    stored = await secret_of(session, session.current)
    assert set(stored) == {"token"}
    assert_no_secrets(prefs, stored["token"])


async def test_not_remembered_needs_login_after_restart(make_session: Factory) -> None:
    prefs, secrets, clock = MemoryPreferenceStore(), MemorySecretStore(), Clock()
    first = make_session(prefs=prefs, secrets=secrets, clock=clock)
    assert await first.login_prepaid(*DEMO["marie"], remember=False)
    await first.settled()
    assert await secrets.get(secret_key(first.current.id)) is None
    fetched = clock.now

    clock.now += timedelta(hours=2)
    second = make_session(prefs=prefs, secrets=secrets, clock=clock)
    await second.load()
    assert second.current is not None and second.current.display_name == "Marie Claes"
    assert second.auth == "login_required"
    assert second.balances == first.balances and second.cached_at == fetched
    assert second.clock() - second.cached_at == timedelta(hours=2)
    assert not await second.refresh()
    assert second.auth == "login_required" and isinstance(second.last_error, errors.Unauthorized)


async def test_remembered_survives_restart(make_session: Factory) -> None:
    prefs, secrets = MemoryPreferenceStore(), MemorySecretStore()
    first = make_session(prefs=prefs, secrets=secrets)
    assert await first.login_prepaid(*DEMO["sophie"], remember=True)
    await first.settled()
    second = make_session(prefs=prefs, secrets=secrets)
    await second.load()
    assert second.auth == "signed_in" and second.me.display_name == "Sophie Dubois"
    assert await second.refresh()
    assert second.cached_at is None


async def test_helper_clients_are_kept_apart(make_session: Factory) -> None:
    prefs = MemoryPreferenceStore()
    session = make_session(prefs=prefs)
    assert await session.login_prepaid(*DEMO["an"], helper=HELPER)
    an = session.current
    an_eans = {b.ean for b in session.balances}
    assert await session.login_prepaid(*DEMO["youssef"], helper=HELPER)
    youssef = session.current
    assert an.id != youssef.id and len(session.profiles) == 2
    assert session.is_helper and youssef.helper_organisation == "OCMW Gent"
    assert session.helper_identity.name == "Lotte Janssens"
    assert session.vault.token(an.id) != session.vault.token(youssef.id)
    youssef_eans = {b.ean for b in session.balances}
    assert not an_eans & youssef_eans

    assert await session.switch_client(an.id)
    assert session.me.display_name == "An Peeters" and {b.ean for b in session.balances} == an_eans
    page = await session.topups(next(iter(an_eans)))
    assert page.items
    with pytest.raises(errors.NotFound):  # Youssef's meter with An's token
        await session.topups(next(iter(youssef_eans)))
    log = await session.access_log()
    assert all(e.said_to_be.organisation == "OCMW Gent" and not e.verified for e in log.items if e.actor == "prepaid_code")

    assert await session.switch_client(youssef.id)
    assert session.me.display_name == "Youssef El Amrani" and {b.ean for b in session.balances} == youssef_eans
    assert_no_secrets(prefs, *(session.vault.token(p.id) for p in session.profiles))

    # Logging in to the same client again reuses the profile.
    assert await session.login_prepaid(*DEMO["an"], helper=HELPER)
    assert len(session.profiles) == 2 and session.current.id == an.id


async def test_answers_for_a_previous_client_are_dropped(make_session: Factory) -> None:
    gate = Gate()
    session = make_session(transport=gate)
    assert await session.login_prepaid(*DEMO["an"], helper=HELPER)
    an = session.current
    assert await session.login_prepaid(*DEMO["youssef"], helper=HELPER)
    youssef = session.current

    gate.hold_token = session.vault.token(an.id)
    slow = asyncio.create_task(session.switch_client(an.id))
    await asyncio.wait_for(gate.held.wait(), 5)
    assert await session.switch_client(youssef.id)
    gate.release.set()
    assert await slow is False
    assert session.current.id == youssef.id
    assert session.me.display_name == "Youssef El Amrani"
    assert all(b.ean in youssef.meter_eans for b in session.balances)
    assert session.current.last_balances and all(s.ean in youssef.meter_eans for s in session.current.last_balances)


async def test_revoked_token_goes_back_to_login(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["marie"], remember=False)
    await session.api.with_token(session.vault.token(session.current.id)).logout()
    assert not await session.refresh()
    assert session.auth == "session_expired"
    assert isinstance(session.last_error, errors.SessionExpired)
    assert session.vault.token(session.current.id) is None
    with pytest.raises(errors.Unauthorized):
        await session.tariff()


async def test_remembered_code_logs_in_again_silently(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["an"], remember=True)
    old = session.vault.token(session.current.id)
    await session.api.with_token(old).logout()
    assert await session.refresh()
    new = session.vault.token(session.current.id)
    assert new != old and session.auth == "signed_in"
    assert (await secret_of(session, session.current))["token"] == new
    assert (await session.tariff()).protected_customer


async def test_remembered_password_login_cannot_log_in_silently(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_password("an.peeters", "Demo-2026!", remember=True)
    await session.api.with_token(session.vault.token(session.current.id)).logout()
    assert not await session.refresh()
    assert session.auth == "session_expired"
    assert await secret_of(session, session.current) == {}


async def test_logout_keeps_or_forgets(make_session: Factory) -> None:
    prefs = MemoryPreferenceStore()
    session = make_session(prefs=prefs)
    assert await session.login_prepaid(*DEMO["sophie"], remember=True)
    profile = session.current
    token = session.vault.token(profile.id)
    await session.logout()
    assert session.auth == "signed_out" and session.current is None and session.me is None
    assert session.balances == [] and session.profile(profile.id) is not None
    assert (await secret_of(session, profile)) == {"prepaid_code": "1234567890"}
    with pytest.raises(errors.SessionExpired):
        await session.api.with_token(token).me()

    assert await session.switch_client(profile.id)  # the remembered code logs in again
    assert session.auth == "signed_in"
    await session.logout(forget=True)
    assert session.profiles == [] and await secret_of(session, profile) == {}
    assert await session.records.cache.get(profile.id) is None
    assert await prefs.get("current_profile_id") is None


async def test_remove_client(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["an"], helper=HELPER, remember=True)
    an = session.current
    assert await session.login_prepaid(*DEMO["marie"], helper=HELPER)
    await session.remove_client(an.id)
    assert [p.display_name for p in session.profiles] == ["Marie Claes"]
    assert session.current.display_name == "Marie Claes" and session.auth == "signed_in"
    assert await secret_of(session, an) == {}
    await session.remove_client(session.current.id)
    assert session.profiles == [] and session.auth == "signed_out"


async def test_language(make_session: Factory) -> None:
    prefs = MemoryPreferenceStore()
    session = make_session(prefs=prefs, device_locale="de_BE")
    assert session.language == "de"
    assert await session.login_prepaid(*DEMO["sophie"])
    assert session.language == "fr"
    await session.set_language("en")
    assert session.language == "en"
    again = make_session(prefs=prefs, device_locale="nl_BE")
    await again.load()
    assert again.language == "en"
    await again.set_language(None)
    assert again.language in ("fr", "nl")


async def test_pending_topup_prepared_once(make_session: Factory) -> None:
    gate = Gate()
    session = make_session(transport=gate)
    assert await session.login_prepaid(*DEMO["marie"], helper=HELPER)
    ean = session.balances[0].ean
    draft = session.new_topup_draft(ean, 1500)

    # The answer to the first try is lost after the server stored it: the retry replays it.
    gate.lose_next_answer_of = "/pending-topups"
    a, b = await asyncio.gather(session.submit_topup(draft), session.submit_topup(draft))
    assert a is b and a.replayed and a.amount_cents == 1500
    posts = gate.posts("/pending-topups")
    assert len(posts) == 2 and {p.headers["Idempotency-Key"] for p in posts} == {draft.idempotency_key}
    assert await session.submit_topup(draft) is a and len(gate.posts("/pending-topups")) == 2
    # The server has one row for that key.
    replay = await session.api.with_token(session.vault.token(session.current.id)).create_pending_topup(
        ean, 1500, draft.idempotency_key
    )
    assert replay.id == a.id

    assert draft.for_new_intention(amount_cents=1500) is draft  # a late double tap: same key, no new row
    assert (await session.submit_topup(draft.for_new_intention(amount_cents=1500))).id == a.id
    another = draft.again()  # the user asks for one more on purpose
    assert another.idempotency_key != draft.idempotency_key
    assert (await session.submit_topup(another)).id != a.id
    changed = draft.for_new_intention(amount_cents=2500)
    assert changed.idempotency_key != draft.idempotency_key
    assert (await session.submit_topup(changed)).id != a.id


async def test_draft_keeps_its_key_until_it_succeeds(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["an"])
    draft = session.new_topup_draft(session.balances[0].ean, 2000)
    assert draft.for_new_intention(amount_cents=2000) is draft
    with pytest.raises(errors.ValidationFailed):
        session.new_topup_draft(session.balances[0].ean, 10)
    key = draft.idempotency_key
    real_api = session.api
    session.api = BudgetmeterClient(f"http://127.0.0.1:{_free_port()}", backoff=0.001)
    with pytest.raises(errors.ServerUnreachable):
        await session.submit_topup(draft)
    assert session.offline and draft.idempotency_key == key and not draft.done
    await session.api.aclose()
    session.api = real_api
    result = await session.submit_topup(draft)
    assert draft.idempotency_key == key and not result.replayed and not session.offline


async def test_draft_of_another_client_is_refused(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["an"], helper=HELPER)
    draft = session.new_topup_draft(session.balances[0].ean, 2000)
    assert await session.login_prepaid(*DEMO["marie"], helper=HELPER)
    with pytest.raises(Superseded):
        await session.submit_topup(draft)


def _free_port() -> int:
    from tests.serverproc import free_port

    return free_port()


async def test_garbage_keeps_cached_balances(make_session: Factory) -> None:
    session = make_session()
    assert await session.login_prepaid(*DEMO["an"])
    shown = list(session.balances)
    real_api = session.api
    session.api = BudgetmeterClient(
        "http://api.test",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, text="<html>wifi login</html>")),
        backoff=0.001,
    )
    try:
        assert not await session.refresh()
        assert session.offline and isinstance(session.last_error, errors.BadResponse)
        assert session.balances == shown and session.auth == "signed_in" and not session.loading
    finally:
        await session.api.aclose()
        session.api = real_api
    assert await session.refresh()
    assert not session.offline and session.last_error is None


async def test_server_stopped_shows_cached_balances(make_session: Factory, tmp_path) -> None:
    proc = start_server(tmp_path)
    port = int(proc.url.rsplit(":", 1)[1])
    clock = Clock()
    prefs, secrets = MemoryPreferenceStore(), MemorySecretStore()
    try:
        session = make_session(proc.url, prefs=prefs, secrets=secrets, clock=clock)
        assert await session.login_prepaid(*DEMO["an"], remember=True)
        fetched_at = clock.now
        shown = list(session.balances)
        proc.stop()

        clock.now += timedelta(minutes=10)
        assert not await session.refresh()
        assert session.offline and isinstance(session.last_error, errors.ServerUnreachable)
        assert session.balances == shown and not session.loading
        assert session.cached_at == fetched_at and clock.now - session.cached_at == timedelta(minutes=10)
        assert session.auth == "signed_in"

        # A restart of the app while the server is down shows the cache too.
        restarted = make_session(proc.url, prefs=prefs, secrets=secrets, clock=clock)
        await restarted.load()
        assert restarted.balances == shown and restarted.cached_at == fetched_at
        assert not await restarted.refresh()
        assert restarted.offline and restarted.balances == shown

        proc = start_server(tmp_path, database=proc.database, port=port)
        async with anyio.create_task_group() as tg:
            tg.start_soon(restarted.keep_fresh, 60, 0.05)
            with anyio.fail_after(10):
                while restarted.offline:
                    await anyio.sleep(0.05)
            tg.cancel_scope.cancel()
        assert restarted.last_error is None and restarted.cached_at is None
        assert restarted.me.display_name == "An Peeters"
    finally:
        proc.stop()


async def test_failing_keyring_falls_back_to_memory(make_session: Factory, memory_keyring: MemoryKeyring) -> None:
    secrets = await choose_secret_store([KeyringSecretStore()])
    assert isinstance(secrets, KeyringSecretStore)
    session = make_session(secrets=secrets)
    assert session.secrets_persistent

    def broken(*args):
        raise RuntimeError("D-Bus went away")

    memory_keyring.set_password = broken  # type: ignore[method-assign]
    assert await session.login_prepaid(*DEMO["youssef"], remember=True)
    await session.settled()
    assert session.secret_store_failed and not session.secrets_persistent
    assert isinstance(session.vault.store, MemorySecretStore)
    assert (await secret_of(session, session.current))["prepaid_code"] == "4444555566"
    assert memory_keyring.values == {}


async def test_masked_code_never_holds_more_than_two_digits() -> None:
    profile = ClientProfile(
        id="x", display_name="X", prepaid_code_masked="1111 2222 33", postal_code="9000", login_kind="prepaid"
    )
    assert profile.prepaid_code_masked == "•••• •••• 33"
    profile.prepaid_code_masked = "1234567890"
    assert profile.prepaid_code_masked == "•••• •••• 90"
    loaded = ClientProfile.model_validate({**profile.model_dump(), "prepaid_code_masked": "9876543210"})
    assert sum(c.isdigit() for c in loaded.prepaid_code_masked) == 2


async def test_set_remember_later(make_session: Factory) -> None:
    prefs, secrets = MemoryPreferenceStore(), MemorySecretStore()
    session = make_session(prefs=prefs, secrets=secrets)
    assert await session.login_prepaid(*DEMO["youssef"], remember=False)
    profile = session.current
    assert await secret_of(session, profile) == {}
    await session.set_remember(True)
    stored = await secret_of(session, profile)
    assert stored["prepaid_code"] == "4444555566" and stored["token"] == session.vault.token(profile.id)
    assert (await prefs.get("profiles"))[0]["remember"] is True
    assert_no_secrets(prefs, stored["token"])
    await session.set_remember(False)
    assert await secret_of(session, profile) == {} and not session.current.remember
    assert await session.refresh()  # the session of this run goes on


async def test_topup_form_amount_instructions_and_prepare(make_session: Factory) -> None:
    """The Top up screen's state (the same TopupForm a client's file uses): the meters offered, the
    amount as typed, how to pay it, and "klaarzetten" (seed 000, Vraag 10: "betalen + klaarzetten"),
    each step with its own error."""
    session = make_session()
    assert await session.login_prepaid(*DEMO["marie"], helper=HELPER)
    other = make_session()
    assert await other.login_prepaid(*DEMO["an"])
    own, foreign = session.balances[0].ean, other.balances[0].ean
    form = TopupForm(session.payment_instructions, lambda ean, cents: session.submit_topup(session.new_topup_draft(ean, cents)))
    seen: list[int | None] = []
    form.subscribe(lambda f: seen.append(f.amount_cents))

    assert form.amount_text == "20" and form.amount_cents == 2000 and form.ean == ""
    assert not await form.load_instructions()  # no meter yet: nothing asked
    form.offer([own, foreign])
    assert form.ean == own
    form.offer([own, foreign], preferred=foreign)  # a meter's own Top up button
    assert form.ean == foreign
    form.offer([own])  # the chosen meter is no longer offered: the first
    assert form.ean == own

    form.type_amount("12,5")
    assert form.amount_cents == 1250 and form.amount_problem is None
    assert await form.load_instructions(), form.instructions_error
    assert form.instructions.amount_cents == 1250 and form.instructions.reference_number
    assert form.instructions.iban and form.instructions.epc_qr_payload
    form.type_amount("0,10")
    assert form.amount_cents is None and form.amount_problem.reason == "too_small"
    assert await form.load_instructions()  # without an amount: the account and reference still show
    assert form.instructions.amount_cents is None
    assert not await form.prepare() and form.prepared is None and form.prepare_error is None

    # An answer for an amount since changed is dropped: the screen shows the one typed last.
    form.type_amount("15")
    slow = asyncio.create_task(form.load_instructions())
    await asyncio.sleep(0)  # the call for 15,00 is under way
    form.type_amount("30")
    assert await form.load_instructions()
    assert not await slow
    assert form.instructions.amount_cents == 3000

    assert await form.prepare(), form.prepare_error
    assert form.prepared.amount_cents == 3000 and not form.preparing
    assert session.me is not None and form.prepared.prepared_by
    form.type_amount("30,00")  # the same amount written otherwise: still that intention
    assert form.prepared is not None
    form.type_amount("25")  # another amount: the note of the one before goes
    assert form.prepared is None and seen[-1] == 2500

    # Another household's meter: the server refuses both steps; each keeps its own error.
    form.choose_meter(foreign)
    assert not await form.load_instructions()
    assert form.instructions_error is not None and form.instructions_error.code in ("not_found", "forbidden")
    assert not await form.prepare()
    assert form.prepare_error is not None and form.prepared is None and not form.preparing
    form.choose_meter(own)
    assert form.prepare_error is None
    assert await form.load_instructions() and form.instructions_error is None
