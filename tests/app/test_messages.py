"""Sentences for errors: a refused login names the fields that were used (Prepaid-code and postcode,
or username and password), in every language."""

from __future__ import annotations

import pytest

from app.api.errors import InvalidCredentials
from app.credentials import MemoryPreferenceStore, MemorySecretStore
from app.i18n import Translator
from app.ui.app_model import AppModel
from app.words.messages import error_text, storage_problem_text
from tests.serverproc import ServerProcess

from .conftest import DEMO


def test_a_refused_password_login_names_username_and_password() -> None:
    t = Translator("en")
    error = InvalidCredentials("HTTP 401 invalid_credentials")
    assert error_text(t, error, login_method="password") == "That username or password is not right. Check both and try again."
    assert "Prepaid-code" in error_text(t, error, login_method="prepaid")
    assert "Prepaid-code" in error_text(t, error)


@pytest.mark.parametrize(("lang", "word"), [("nl", "wachtwoord"), ("fr", "mot de passe"), ("de", "Passwort")])
def test_in_every_language(lang: str, word: str) -> None:
    text = error_text(Translator(lang), InvalidCredentials("x"), login_method="password")
    assert word in text and "Prepaid" not in text


@pytest.mark.anyio
async def test_the_login_screen_gets_the_sentence_of_the_way_it_logged_in(server: ServerProcess) -> None:
    model = AppModel(server.url)
    await model.start(MemorySecretStore(), MemoryPreferenceStore(), "en_BE")
    assert not await model.login("password", "nobody", "not-the-password", remember=False, helper=None)
    t = Translator("en")
    assert model.session.last_error is not None and model.session.last_error.code == "invalid_credentials"
    assert "username or password" in error_text(t, model.session.last_error, login_method=model.login_method)
    code, postcode = DEMO["an"]
    assert not await model.login("prepaid", code, "1000", remember=False, helper=None)
    assert "Prepaid-code or postcode" in error_text(t, model.session.last_error, login_method=model.login_method)


def test_storage_problems_in_words() -> None:
    t = Translator("nl")
    assert storage_problem_text(t, None) == ""
    assert "cliënten" in storage_problem_text(t, "saved_clients_damaged")
    assert "instellingen" in storage_problem_text(t, "preferences_unreadable")
    assert storage_problem_text(t, "a_new_code") == "Sommige gegevens die op dit toestel bewaard zijn, konden niet gelezen worden."
