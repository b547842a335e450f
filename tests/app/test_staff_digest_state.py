"""The staff digest settings' state against the real server (issue 11): load, save with a typed time,
the checks made before any request, the code's format, and off."""

from __future__ import annotations

import pytest

from app.clock import normalise_clock_time
from app.state.staff_digest import StaffDigest

from .test_staff_state import admin  # noqa: F401  (the fixture: a fresh organisation's administrator)

pytestmark = pytest.mark.anyio


def test_typed_times_become_what_the_server_takes() -> None:
    assert [normalise_clock_time(x) for x in ("8:00", "08.00", "8u", "20h15", " 7:05 ")] == [
        "08:00", "08:00", "08:00", "20:15", "07:05"]
    assert [normalise_clock_time(x) for x in ("24:00", "7:60", "acht", "")] == [None, None, None, None]


async def test_digest_settings_are_loaded_saved_checked_and_turned_off(admin) -> None:  # noqa: F811
    staff, _, _ = admin
    digest = StaffDigest(staff)
    assert await digest.load(), digest.error
    assert digest.settings is not None and digest.settings.email is None and digest.settings.digest_time is None

    # Refused before any request: a time that is none, a digest without an address.
    assert not await digest.save("ilse@ocmw.example.be", "25:00", language="fr")
    assert digest.error is not None and digest.error.field == "digest_time"
    assert not await digest.save("  ", "08:00", language="fr")
    assert digest.error is not None and digest.error.field == "email"
    # The server's own check: not an address.
    assert not await digest.save("not-an-address", "08:00", language="fr")
    assert digest.error is not None and digest.error.code == "validation_error"

    assert await digest.save(" ilse@ocmw.example.be ", "8u", language="fr"), digest.error
    assert digest.settings.model_dump() == {"email": "ilse@ocmw.example.be", "email_verified": False,
                                            "digest_time": "08:00", "language": "fr", "immediate_signals": True}
    assert digest.outcome == "code_sent"
    assert not await digest.verify("12a")
    assert digest.verify_error is not None and digest.verify_error.field == "code"

    fresh = StaffDigest(staff)
    assert await fresh.load() and fresh.settings == digest.settings
    assert await digest.save("ilse@ocmw.example.be", None, language="fr"), digest.error
    assert digest.settings.digest_time is None and digest.outcome == "off"


async def test_a_signal_by_mail_at_once_is_on_until_turned_off(admin) -> None:  # noqa: F811
    """Issue 21: immediate_signals starts on; the member turns it off and on, and a save that does not
    name it leaves it as it was."""
    staff, _, _ = admin
    digest = StaffDigest(staff)
    assert await digest.load() and digest.settings.immediate_signals is True
    assert await digest.save("sam@ocmw.example.be", None, language="nl", immediate_signals=False), digest.error
    assert digest.settings.immediate_signals is False
    assert await digest.save("sam@ocmw.example.be", "09:00", language="nl"), digest.error
    assert digest.settings.immediate_signals is False and digest.settings.digest_time == "09:00"
    assert await digest.save("sam@ocmw.example.be", "09:00", language="nl", immediate_signals=True), digest.error
    fresh = StaffDigest(staff)
    assert await fresh.load() and fresh.settings.immediate_signals is True
