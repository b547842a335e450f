from __future__ import annotations

import pytest

from app.credentials import MemoryPreferenceStore
from app.state.language import choose_language, language_of_locale, load_language_choice, save_language_choice


@pytest.mark.parametrize(
    ("locale", "language"),
    [("fr_BE", "fr"), ("fr-BE", "fr"), ("nl_BE.UTF-8", "nl"), ("DE", "de"), ("en_US", "en"), ("es_ES", None), ("", None), (None, None)],
)
def test_language_of_locale(locale, language) -> None:
    assert language_of_locale(locale) == language


def test_choice_order() -> None:
    assert choose_language() == "nl"
    assert choose_language(device_locale="es_ES") == "nl"
    assert choose_language(device_locale="fr_BE") == "fr"
    assert choose_language(device_locale="fr_BE", account_language="de") == "de"
    assert choose_language(device_locale="fr_BE", account_language="de", explicit_choice="en") == "en"
    assert choose_language(device_locale="fr_BE", account_language=None, explicit_choice="nl") == "nl"


@pytest.mark.anyio
async def test_explicit_choice_is_kept() -> None:
    prefs = MemoryPreferenceStore()
    assert await load_language_choice(prefs) is None
    await save_language_choice(prefs, "de")
    assert await load_language_choice(prefs) == "de"
    with pytest.raises(ValueError):
        await save_language_choice(prefs, "xx")
    await save_language_choice(prefs, None)
    assert await load_language_choice(prefs) is None
