"""What is on show, without a server: the cache on start, going offline against a closed port, and one
redraw per change of what is shown (the session's attributes are plain assignments)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.api.client import BudgetmeterClient
from app.api.models import Balance, Me
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.state import Session
from app.state.cache import BalanceCache
from app.state.profiles import ClientProfile, ProfileStore

pytestmark = pytest.mark.anyio

FETCHED = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)
NOW = FETCHED + timedelta(hours=3)
ME = Me.model_validate(
    {
        "display_name": "An Peeters",
        "prepaid_code_masked": "•••• •••• 33",
        "postal_code": "9000",
        "language": "nl",
        "scope": "prepaid",
        "meters": [{"ean": "541448820000000011", "energy": "electricity", "reference_number": "+++1/2/3+++"}],
    }
)
BALANCE = Balance.model_validate(
    {
        "ean": "541448820000000011",
        "energy": "electricity",
        "balance_cents": 1250,
        "status": "supplying",
        "emergency_credit": {"limit_cents": 2000, "available_cents": 2000, "in_use": False},
        "minimum_supply": {"active": False},
        "average_daily_cost_cents": 180,
        "estimated_days_left": 6,
        "updated_at": FETCHED.isoformat(),
    }
)


def closed_port_url() -> str:
    from tests.serverproc import free_port

    return f"http://127.0.0.1:{free_port()}"


async def device_with_an(*, remember: bool, token: str | None) -> tuple[MemoryPreferenceStore, MemorySecretStore]:
    """A device that saved An's profile and balances in an earlier run."""
    prefs, secrets = MemoryPreferenceStore(), MemorySecretStore()
    an = ClientProfile.new_from_me(ME, login_kind="prepaid", remember=remember)
    await ProfileStore(prefs).save([an])
    await ProfileStore(prefs).set_current_id(an.id)
    await BalanceCache(prefs).put(an.id, [BALANCE], FETCHED, ME)
    if token:
        await secrets.set(f"profile:{an.id}", '{"token": "%s"}' % token)
    return prefs, secrets


def watch(session: Session) -> list[dict]:
    seen: list[dict] = []
    fields = ("auth", "loading", "offline", "cached_at", "last_error")
    session.subscribe(lambda s: seen.append({f: getattr(s, f) for f in fields} | {"n": len(s.balances)}))
    return seen


async def test_load_shows_the_cache_in_one_redraw() -> None:
    prefs, secrets = await device_with_an(remember=True, token="tok-an")
    async with BudgetmeterClient(closed_port_url()) as api:
        session = Session(api, prefs=prefs, secrets=secrets, clock=lambda: NOW)
        seen = watch(session)
        await session.load()
    assert len(seen) == 1
    assert seen[0]["auth"] == "signed_in" and seen[0]["n"] == 1 and seen[0]["cached_at"] == FETCHED
    assert session.me == ME and session.current.display_name == "An Peeters"


async def test_load_without_a_way_to_log_in_asks_for_a_login() -> None:
    prefs, secrets = await device_with_an(remember=False, token=None)
    async with BudgetmeterClient(closed_port_url()) as api:
        session = Session(api, prefs=prefs, secrets=secrets)
        await session.load()
    assert session.auth == "login_required" and session.balances == [BALANCE]


async def test_unreachable_server_keeps_the_cache_and_says_so_in_one_redraw() -> None:
    prefs, secrets = await device_with_an(remember=True, token="tok-an")
    async with BudgetmeterClient(closed_port_url(), attempts=1, backoff=0.001) as api:
        session = Session(api, prefs=prefs, secrets=secrets, clock=lambda: NOW)
        await session.load()
        seen = watch(session)
        assert not await session.refresh()
    # First "loading", then everything about the failure at once: never offline-but-still-loading.
    assert [s["loading"] for s in seen] == [True, False]
    last = seen[-1]
    assert last["offline"] and last["cached_at"] == FETCHED and last["n"] == 1
    assert last["last_error"] is not None and last["last_error"].offline
    assert session.auth == "signed_in"


async def test_logout_offline_clears_what_is_shown_in_one_redraw() -> None:
    prefs, secrets = await device_with_an(remember=True, token="tok-an")
    async with BudgetmeterClient(closed_port_url(), attempts=1, backoff=0.001) as api:
        session = Session(api, prefs=prefs, secrets=secrets)
        await session.load()
        seen = watch(session)
        await session.logout()
    assert len(seen) == 1
    assert seen[0] == {"auth": "signed_out", "loading": False, "offline": False, "cached_at": None,
                       "last_error": None, "n": 0}
    assert session.current is None and session.me is None
    assert [p.display_name for p in session.profiles] == ["An Peeters"]  # the profile stays


async def test_update_profile_redraws_and_keeps_the_object() -> None:
    prefs, secrets = await device_with_an(remember=True, token="tok-an")
    async with BudgetmeterClient(closed_port_url()) as api:
        session = Session(api, prefs=prefs, secrets=secrets)
        await session.load()
        an = session.current
        before = session.profiles
        seen = watch(session)
        session.update_profile(an, display_name="An P.", remember=False)
    assert len(seen) == 1 and session.current is an and an.display_name == "An P."
    assert session.profiles is not before  # a new list: anything comparing lists sees the change


async def test_one_session_takes_the_device_stores_later_and_keeps_its_subscribers() -> None:
    prefs, secrets = await device_with_an(remember=True, token="tok-an")
    async with BudgetmeterClient(closed_port_url()) as api:
        session = Session(api, device_locale="fr_BE")  # before the page is up: memory only
        seen = watch(session)
        assert session.language == "fr" and not session.secrets_persistent
        session.use_device(secrets=secrets, prefs=prefs, device_locale="nl_BE")
        await session.load()
        assert seen[-1]["auth"] == "signed_in" and session.current.display_name == "An Peeters"
        assert session.language == "nl"  # An's account language
        with pytest.raises(RuntimeError):
            session.use_device(secrets=secrets, prefs=MemoryPreferenceStore(), device_locale=None)
