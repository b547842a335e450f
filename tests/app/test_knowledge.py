"""Know your meter: every page translated in nl/fr/de/en through the "knowledge" catalog, each citing seed
sentences that really occur in the seed documents (../shared/seeds beside the repository); the catalogs complete and compiled."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.knowledge import FOR_METER, PAGE_IDS, PAGES
from app.knowledge import LOCALES_DIR, for_meter, page, pages
from tests.seeds import require_seeds, seeds_dir

ROOT = Path(__file__).resolve().parents[2]
SEEDS = seeds_dir()
LANGUAGES = ["nl", "fr", "de", "en"]
PAGE_TEXT_FIELDS = ("title", "summary")


def _texts(p) -> list[str]:
    out = [p.title, p.summary]
    for b in p.blocks:
        out.extend(b.items)
        if b.heading:
            out.append(b.heading)
    return out


def _seed(seed: str) -> str:
    return " ".join(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8").split())


def test_the_pages_the_issue_asks_for() -> None:
    assert PAGE_IDS == (
        "emergency_credit",
        "negative_credit_limit",
        "minimum_supply",
        "winter_period",
        "free_gas",
        "prepaid_basic_vs_full",
        "paying",
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_every_language(lang: str) -> None:
    got = pages(lang)
    assert [p.id for p in got] == list(PAGE_IDS)
    for p in got:
        assert p.language == lang and all(t.strip() for t in _texts(p)), p.id
        assert p.sources, p.id


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_really_translated(lang: str) -> None:
    """Every string differs from the Dutch source, except names that stay as they are."""
    same_allowed = set()
    for nl_page, other in zip(pages("nl"), pages(lang)):
        for nl_text, text in zip(_texts(nl_page), _texts(other)):
            if text == nl_text:
                same_allowed.add(text)
    assert not same_allowed, same_allowed


def test_some_translations_read_right() -> None:
    assert page("winter_period", "fr").title == "Période hivernale : du 1er décembre au 1er mars"
    assert page("emergency_credit", "de").title == "Notkredit und Rückzahlung"
    assert page("minimum_supply", "en").title == "Minimum electricity supply (10 amps)"
    assert page("paying", "nl").title == "Betalen: referentienummer en klaarzetten"


def test_unknown_language_falls_back_to_dutch() -> None:
    assert pages("es") == pages("nl") and pages("es")[0].language == "nl"
    with pytest.raises(KeyError):
        page("no_such_page")


def test_the_catalog_is_found_from_any_working_directory(tmp_path: Path) -> None:
    code = "from app.knowledge import page; print(page('free_gas', 'en').title)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Asking the OCMW for free natural gas"
    assert LOCALES_DIR == ROOT / "locales"


def test_free_gas_has_the_six_steps_and_four_documents_of_seed_001() -> None:
    for lang in LANGUAGES:
        blocks = page("free_gas", lang).blocks
        steps = [b for b in blocks if b.kind == "steps"]
        documents = [b for b in blocks if b.kind == "bullets"]
        assert len(steps) == 1 and len(steps[0].items) == 6
        assert len(documents) == 1 and len(documents[0].items) == 4


def test_minimum_supply_numbers_and_our_examples_marked() -> None:
    p = page("minimum_supply", "nl")
    text = " ".join(_texts(p))
    assert "10 ampère" in text and "2300 watt" in text
    ours = [b for b in p.blocks if b.ours]
    assert len(ours) == 1
    assert any("Koelkast, lampen en een gsm-lader" in i for i in ours[0].items)
    assert any("Oven en waterkoker tegelijk: nee" in i for i in ours[0].items)
    assert "van ons" in ours[0].heading
    # The seed's own sentence is cited, not ours.
    assert any(
        s.quote == "Hiermee kunt u zich behelpen, maar veel toestellen tegelijk laten werken is onmogelijk." for s in p.sources
    )


def test_paying_and_prepaid_basic_cite_the_questions_of_seed_000() -> None:
    assert {s.where for s in page("paying").sources} == {"Vraag 6", "Vraag 10"}
    assert {s.where for s in page("prepaid_basic_vs_full").sources} == {"Vraag 8", "Vraag 9", "Vraag 12", "Vraag 16"}
    assert "54144" in page("paying", "fr").summary and "13" in page("paying", "de").summary


def test_winter_period_dates() -> None:
    assert "1 december tot 1 maart" in page("winter_period").title
    assert "1st" not in page("winter_period", "en").title and "1 December to 1 March" in page("winter_period", "en").title


def test_every_page_names_an_icon_that_exists() -> None:
    import flet as ft

    for spec in PAGES:
        assert isinstance(getattr(ft.Icons, spec.icon, None), ft.IconData), spec.id
    assert {p.icon for p in pages("fr")} == {spec.icon for spec in PAGES}


def test_links_from_a_meter() -> None:
    for ids in FOR_METER.values():
        assert set(ids) <= set(PAGE_IDS)
    assert for_meter("emergency_credit", "electricity")[0] == "emergency_credit"
    assert for_meter("minimum_supply", "gas")[0] == "free_gas"
    assert for_meter("unknown", "electricity")


def test_every_cited_sentence_occurs_in_its_seed() -> None:
    require_seeds()
    for spec in PAGES:
        assert spec.sources, spec.id
        for source in spec.sources:
            assert " ".join(source.quote.split()) in _seed(source.seed), (spec.id, source.quote)
            if source.where:
                assert source.where + ":" in _seed(source.seed)


# --- the catalogs ---------------------------------------------------------------------------------


def _po(lang: str):
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "knowledge.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("pot") / "knowledge.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-default-keywords", "-k", "K_",
         "--no-location", "-o", str(out), str(ROOT / "app" / "knowledge")],
        check=True, capture_output=True, cwd=ROOT,
    )
    with open(out, "rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_template_up_to_date(extracted) -> None:
    with open(LOCALES_DIR / "knowledge.pot", "rb") as f:
        assert {m.id for m in read_po(f) if m.id} == extracted


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete_and_compiled(lang: str, extracted) -> None:
    po = _po(lang)
    assert {m.id for m in po if m.id} == extracted
    for m in po:
        if m.id:
            assert m.string and "fuzzy" not in m.flags, (lang, m.id)
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "knowledge.mo", "rb") as f:
        mo = read_mo(f)
    assert {m.id: m.string for m in mo if m.id} == {m.id: m.string for m in po if m.id}


def test_knowledge_strings_stay_out_of_the_screens_catalog() -> None:
    """K_ is not a default pybabel keyword: the screens' extraction (babel.cfg, -k N_) does not see these."""
    source = (ROOT / "app" / "knowledge" / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"(?<![A-Za-z_])(_|N_|gettext)\(\"", source)
