"""Every catalog is complete, nothing fuzzy, placeholders match the source, the committed .mo is the
compiled .po, and the template holds every string the code marks (pybabel extract)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
LANGUAGES = ["nl", "fr", "de", "en"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _po(lang: str):
    with open(LOCALES / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
         "--no-location", "-o", str(out), str(ROOT / "app")],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    with open(out, "rb") as f:
        return read_po(f)


def test_template_is_up_to_date(extracted):
    with open(LOCALES / "messages.pot", "rb") as f:
        committed = read_po(f)
    assert _ids(extracted) == _ids(committed), "run pybabel extract (see babel.cfg) and update the catalogs"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete_and_not_fuzzy(lang, extracted):
    catalog = _po(lang)
    assert _ids(catalog) == _ids(extracted)
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s for s in strings), f"{lang}: untranslated {message.id!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang):
    for message in _po(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) == expected, f"{lang}: {message.id!r} -> {s!r}"


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_really_translated(lang):
    """Not a copy of the English source: most sentences differ from their msgid."""
    messages = [m for m in _po(lang) if m.id and not isinstance(m.id, tuple)]
    same = [m.id for m in messages if m.string == m.id]
    assert len(same) < len(messages) * 0.1, same


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_is_compiled_po(lang):
    po = _po(lang)
    with open(LOCALES / lang / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = read_mo(f)
    def norm(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    assert {norm(m.id): norm(m.string) for m in po if m.id} == {norm(m.id): norm(m.string) for m in mo if m.id}


def test_formats_are_belgian():
    from app.i18n import Translator

    assert Translator("nl").money(1250) == "€\xa012,50"
    assert Translator("fr").money(1250) == "12,50\xa0€"
    assert Translator("de").money(1250) == "12,50\xa0€"
    assert Translator("en").money(1250) == "12,50\xa0€"
    assert Translator("fr").gettext("Log in") == "Se connecter"
    assert Translator("nl").ngettext("{n} day left", "{n} days left", 2).format(n=2) == "nog 2 dagen"
