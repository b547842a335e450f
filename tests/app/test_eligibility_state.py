"""The "Am I eligible?" wizard: steps, validation, the answer against the real server (seed 003), and the
seed 003 contact centres."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date

import pytest

from app.api.client import BudgetmeterClient
from app.state.eligibility import (
    BENEFITS,
    DATA_TO_HAVE_READY,
    DATA_TO_HAVE_READY_QUOTE,
    STEPS,
    EligibilityWizard,
    contacts_for,
)
from tests.seeds import require_seeds, seeds_dir
from tests.serverproc import ServerProcess

from .conftest import fresh_headers

SEEDS = seeds_dir()
TODAY = date(2026, 11, 24)


@pytest.fixture
async def api(server: ServerProcess) -> AsyncIterator[BudgetmeterClient]:
    async with BudgetmeterClient(server.url, headers=fresh_headers()) as client:
        yield client


def wizard() -> EligibilityWizard:
    return EligibilityWizard(clock=lambda: TODAY)


def fill(w: EligibilityWizard, **answers) -> None:
    for step in STEPS:
        if step in answers:
            assert w.answer(step, answers[step]), (step, w.errors)
        if not w.is_last:
            assert w.next(), (step, w.errors)


def _seed_text(seed: str) -> str:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return " ".join(path.read_text(encoding="utf-8").split())


# --- steps and validation -----------------------------------------------------------------------


def test_steps_in_order() -> None:
    assert STEPS == ("benefit", "decision_date", "energy", "connection", "supplier_informed_on")
    w = wizard()
    assert w.step == "benefit" and w.is_first and not w.can_submit
    assert not w.next() and w.errors == {"benefit": "required"}
    assert w.answer("benefit", "leefloon") and w.errors == {}
    assert w.next() and w.step == "decision_date"
    assert w.back() and w.step == "benefit" and not w.back()


def test_notifies_subscribers() -> None:
    w = wizard()
    seen: list[str] = []
    w.subscribe(lambda s: seen.append(s.step))
    w.answer("benefit", "igo")
    w.next()
    assert seen == ["benefit", "decision_date"]


@pytest.mark.parametrize(
    "step,value,code",
    [
        ("benefit", "lottery", "unknown_choice"),
        ("benefit", "", "required"),
        ("energy", "coal", "unknown_choice"),
        ("connection", "holiday_home", "unknown_choice"),
        ("decision_date", "14/05/2026", "not_a_date"),
        ("decision_date", "2026-12-01", "in_future"),
        ("decision_date", None, "required"),
        ("supplier_informed_on", "2027-01-01", "in_future"),
    ],
)
def test_invalid_answers(step: str, value, code: str) -> None:
    w = wizard()
    assert not w.answer(step, value)
    assert w.errors[step] == code and step not in w.answers


def test_supplier_informed_before_the_decision() -> None:
    w = wizard()
    w.answer("decision_date", "2026-05-14")
    assert not w.answer("supplier_informed_on", date(2026, 5, 1))
    assert w.errors["supplier_informed_on"] == "before_decision"
    assert w.answer("supplier_informed_on", "2026-11-24")
    # Moving the decision after the information date makes the latter wrong.
    w.answer("decision_date", "2026-11-24")
    assert w.errors.get("supplier_informed_on") is None
    w.answer("supplier_informed_on", "2026-11-24")
    w.answers["supplier_informed_on"] = date(2026, 6, 1)
    w.answer("decision_date", "2026-07-01")
    assert w.errors["supplier_informed_on"] == "before_decision"


def test_optional_last_step() -> None:
    w = wizard()
    fill(w, benefit="leefloon", decision_date="2026-05-14", energy="gas", connection="main_residence")
    assert w.is_last and w.can_submit and "supplier_informed_on" not in w.requests()[0]
    assert w.answer("supplier_informed_on", "") and w.can_submit
    assert w.requests() == [{
        "benefit": "leefloon",
        "decision_date": date(2026, 5, 14),
        "energy": "gas",
        "connection": "main_residence",
    }]


def test_several_energies_are_ticked_one_by_one() -> None:
    # Issue 20: the wizard allowed one energy only, while most households on a budget meter have
    # electricity and gas (seed 003: "een gunstig tarief voor elektriciteit , aardgas of warmte").
    w = wizard()
    assert w.toggle("energy", "gas") and w.toggle("energy", "electricity")
    assert w.chosen("energy") == ("electricity", "gas")  # in the order shown
    fill(w, benefit="leefloon", decision_date="2026-05-14", connection="main_residence")
    assert [r["energy"] for r in w.requests()] == ["electricity", "gas"]
    assert w.toggle("energy", "electricity") and w.chosen("energy") == ("gas",)
    assert not w.toggle("energy", "gas") and w.errors["energy"] == "required"  # none ticked
    assert not w.answer("energy", ["gas", "coal"]) and w.errors["energy"] == "unknown_choice"


def test_every_server_benefit_is_offered() -> None:
    assert len(BENEFITS) == 19 and "leefloon" in BENEFITS and "none" in BENEFITS


# --- against the server ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_leefloon_example(api: BudgetmeterClient) -> None:
    """seed 003: "Categorie 1: ... een leefloon"; start "op de eerste dag van het trimester"; end "steeds 31
    december"; "meer dan één trimester" back needs "een attest" from "het plaatselijke OCMW"."""
    w = wizard()
    fill(
        w,
        benefit="leefloon",
        decision_date="2026-05-14",
        energy="electricity",
        connection="main_residence",
        supplier_informed_on="2026-11-24",
    )
    assert await w.submit(api) and not w.loading and w.last_error is None
    r = w.result
    assert r.eligible and r.category == "1"
    assert (r.start, r.end) == (date(2026, 4, 1), date(2026, 12, 31))
    assert r.certificate_needed and r.certificate_from == "ocmw"
    assert r.reasons[0] == "category_1_leefloon"
    assert "certificate_needed_more_than_one_quarter_back" in r.reasons
    for line in r.lines:
        assert line.seed in ("000", "003", "004") and line.quote
    assert contacts_for(r.category)[0].id == "ocmw"


@pytest.mark.anyio
async def test_not_eligible_says_why(api: BudgetmeterClient) -> None:
    w = wizard()
    fill(w, benefit="rvt", decision_date="2026-02-01", energy="gas", connection="second_residence")
    assert await w.submit(api)
    r = w.result
    assert not r.eligible and r.category is None and r.start is None
    assert set(r.reasons) == {
        "rvt_no_right_since_2023_07_01",
        "extension_group_lost_right_after_2023_06_30",
        "excluded_second_residence",
    }
    assert next(l for l in r.lines if l.code == "extension_group_lost_right_after_2023_06_30").seed == "000"


@pytest.mark.anyio
async def test_each_energy_gets_its_own_answer(api: BudgetmeterClient) -> None:
    """seed 003: "Categorie 4: u bent huurder van een sociaal appartement waarvan de verwarming op
    aardgas of warmte afhangt van een collectieve installatie": gas yes, electricity no, one visit."""
    w = wizard()
    fill(w, benefit="social_housing_collective_heating", decision_date="2026-05-14", energy=("electricity", "gas"),
         connection="main_residence")
    assert await w.submit(api)
    assert [(a.energy, a.result.eligible, a.result.category) for a in w.results] == [
        ("electricity", False, None), ("gas", True, "4")]
    assert w.result is w.results[0].result and w.eligible_category == "4"
    codes = [line.code for line in w.lines]
    assert "category_4_only_gas_or_heat" in codes and len(codes) == len(set(codes))


@pytest.mark.anyio
async def test_submit_refuses_an_incomplete_wizard(api: BudgetmeterClient) -> None:
    w = wizard()
    w.answer("benefit", "igo")
    assert not await w.submit(api)
    assert w.errors == {"decision_date": "required", "energy": "required", "connection": "required"}
    assert w.result is None


@pytest.mark.anyio
async def test_a_new_answer_clears_the_old_result(api: BudgetmeterClient) -> None:
    w = wizard()
    fill(w, benefit="igo", decision_date="2026-10-02", energy="heat", connection="main_residence")
    assert await w.submit(api) and w.result.category == "3" and not w.result.certificate_needed
    w.go_to("energy")
    w.answer("energy", "gas")
    assert w.result is None
    w.reset()
    assert w.answers == {} and w.step == "benefit"


# --- contacts and data to have ready (seed 003) ------------------------------------------------------


# --- the date steps as typed (what the wizard's screen used to decide) -----------------------------


def test_a_typed_date_is_kept_until_it_is_answered() -> None:
    w = wizard()
    w.answer("benefit", "leefloon")
    w.next()
    assert w.asks_date and w.date_text() == ""
    w.type_date("14/05/2026")
    assert w.date_text() == "14/05/2026" and "decision_date" not in w.answers


@pytest.mark.anyio
async def test_next_step_reads_the_typed_date_belgian_order(api: BudgetmeterClient) -> None:
    w = wizard()
    w.answer("benefit", "leefloon")
    w.next()
    w.type_date("14/05/2026")
    assert await w.next_step(api)
    assert w.answers["decision_date"] == date(2026, 5, 14) and w.step == "energy"
    w.back()
    assert w.date_text() == "14/05/2026"  # going back shows what was given


@pytest.mark.anyio
async def test_next_step_refuses_what_is_not_a_date_and_keeps_the_text(api: BudgetmeterClient) -> None:
    w = wizard()
    w.answer("benefit", "leefloon")
    w.next()
    w.type_date("31/02/2026")
    assert not await w.next_step(api)
    assert w.errors["decision_date"] == "not_a_date" and w.step == "decision_date"
    assert w.date_text() == "31/02/2026"
    w.pick_date(date(2026, 3, 2))
    assert w.date_text() == "02/03/2026"
    assert await w.next_step(api) and w.step == "energy"


@pytest.mark.anyio
async def test_the_last_step_sends_the_answers_and_change_goes_back(api: BudgetmeterClient) -> None:
    w = wizard()
    fill(w, benefit="leefloon", decision_date="2026-05-14", energy="electricity", connection="main_residence")
    assert w.is_last and w.asks_date
    assert await w.next_step(api)  # an empty optional date: the supplier was told today
    assert w.result is not None and w.result.eligible and w.result.category == "1"
    w.change_answers()
    assert w.result is None and w.step == "benefit" and w.answers["decision_date"] == date(2026, 5, 14)


def test_contacts_per_category() -> None:
    assert [c.id for c in contacts_for("2A")][0] == "fod_social_security_disability"
    assert contacts_for("2A")[0].phone == "0800 987 99"
    assert contacts_for("3")[0].phone == "1765"
    assert {c.id for c in contacts_for("2B")} >= {"care_funds", "iriscare_elderly", "aviq_elderly"}
    assert {c.id for c in contacts_for("2C")} >= {"opgroeien", "iriscare_children", "aviq_children"}
    assert contacts_for("4")[0].role == "building_manager"
    fod = next(c for c in contacts_for(None) if c.id == "fod_economie_contact_center")
    assert fod.phone == "0800 120 33" and fod.hours == "09:00-17:00" and fod.email == "info.eco@economie.fgov.be"
    assert contacts_for(None)[0].id == "ocmw"
    assert next(c for c in contacts_for("2C") if c.id == "opgroeien").phone == "02 533 13 41"
    assert next(c for c in contacts_for("2B") if c.id == "iriscare_elderly").phone == "0800 35 499"
    assert next(c for c in contacts_for("2B") if c.id == "aviq_elderly").phone == "0800 16061"


def test_data_to_have_ready() -> None:
    assert [d.code for d in DATA_TO_HAVE_READY] == [
        "national_register_number",
        "your_name",
        "beneficiary_name",
        "address",
        "supplier_customer_number",
    ]


def test_contact_details_and_data_come_from_seed_003() -> None:
    require_seeds()
    text = _seed_text("003")
    contacts = {c.id: c for cat in ("1", "2A", "2B", "2C", "3", "4", None) for c in contacts_for(cat)}
    for c in contacts.values():
        assert " ".join(c.quote.split()) in text, c.id
        for value in (c.phone, c.email):
            if value:
                assert value in text, (c.id, value)
    assert DATA_TO_HAVE_READY_QUOTE in text
    for item in DATA_TO_HAVE_READY:
        assert re.search(r"• " + re.escape(item.label_nl), text), item.label_nl


@pytest.mark.parametrize(("language", "optional", "automatic"), [
    ("nl", "Niet verplicht", "om de drie maanden automatisch"),
    ("fr", "Facultatif", "tous les trois mois"),
])
def test_the_supplier_question_says_it_is_optional_and_why(language: str, optional: str, automatic: str) -> None:
    # Issue 20: the wizard asked a household when its supplier was told, which it rarely knows. Seed 003:
    # "De energieleveranciers worden om de drie maanden automatisch geïnformeerd over de personen die
    # recht hebben op het sociaal tarief." The question says it may stay empty, and what empty means.
    from app.i18n import Translator
    from app.views.eligibility import QUESTIONS

    question = Translator(language).gettext(QUESTIONS["supplier_informed_on"])
    assert question.startswith(optional) and automatic in question, question
