"""The federal social tariff (seed 003), with seed 000 Vraag 2 and seed 004 for context.

Each table row names the rule it checks; the quoted sentences are in the comments above each group
and in REASON_SOURCES.
"""

import itertools
import re
from datetime import date

import pytest

from server.rules.social_tariff import (
    BENEFITS,
    CONNECTIONS,
    ENERGIES,
    REASON_CODES,
    REASON_SOURCES,
    SEED_FILES,
    Eligibility,
    assess_eligibility,
    quarter_start,
)
from tests.seeds import require_seeds

D = date.fromisoformat


def _assess(benefit, decided, energy, connection, informed):
    return assess_eligibility(
        benefit=benefit,
        decision_date=D(decided),
        energy=energy,
        connection=connection,
        supplier_informed_on=D(informed),
    )


def _yes(category, start, end, certificate_from, *reasons):
    return Eligibility(True, category, D(start), D(end), certificate_from is not None, certificate_from, reasons)


def _no(*reasons):
    return Eligibility(False, None, None, None, False, None, reasons)


CAT = "start_first_day_of_quarter"
END = "end_31_december"
AUTO = "applied_automatically_every_quarter"
CERT = "certificate_needed_more_than_one_quarter_back"
RETRO = "retroactive_limited_to_2_years"
RENEW = "renewed_each_year"
HEAT = "heat_not_before_2022_07_01"

# A decision in Q1 2026 told to the supplier in Q4 2026: three quarters back, so a certificate,
# which shows who writes it for each category.
Q1, LATE = "2026-02-03", "2026-11-24"


@pytest.mark.parametrize(
    ("benefit", "decided", "energy", "connection", "informed", "expected"),
    [
        # Required example. seed 003: "Het recht op het sociaal tarief gaat altijd in op de eerste
        # dag van het trimester ..."; "Indien de ingangsdatum van de beslissing meer dan één
        # trimester teruggaat in de tijd, kan dit enkel worden aangevraagd door een attest"
        pytest.param("leefloon", "2026-05-14", "electricity", "main_residence", "2026-11-24",
                     _yes("1", "2026-04-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, END, CERT),
                     id="example_april_start_two_quarters_back_needs_certificate"),
        pytest.param("leefloon", "2026-05-14", "electricity", "main_residence", "2026-06-01",
                     _yes("1", "2026-04-01", "2026-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="example_same_quarter_automatic"),
        # seed 003: "De energieleveranciers worden om de drie maanden automatisch geïnformeerd"
        pytest.param("leefloon", "2026-08-10", "gas", "main_residence", "2026-11-24",
                     _yes("1", "2026-07-01", "2026-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="one_quarter_back_is_not_more_than_one"),
        # seed 003: "De mogelijke startdata van het recht zijn dus 1 januari, 1 april, 1 juli of 1 oktober"
        pytest.param("leefloon", "2026-03-31", "gas", "main_residence", "2026-03-31",
                     _yes("1", "2026-01-01", "2026-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="last_day_of_quarter_starts_on_its_first_day"),
        pytest.param("leefloon", "2026-10-01", "gas", "main_residence", "2026-10-01",
                     _yes("1", "2026-10-01", "2026-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="first_day_of_quarter_starts_that_day"),
        # Categories, seed 003 "Welke categorieën geven recht op het sociaal tarief?" and the list
        # of "bevoegde sociale instellingen" that write certificates.
        pytest.param("equivalent_social_aid", Q1, "electricity", "main_residence", LATE,
                     _yes("1", "2026-01-01", "2026-12-31", "ocmw", "category_1_equivalent_social_aid", CAT, END, CERT),
                     id="category_1_equivalent_social_aid_from_ocmw"),
        pytest.param("federal_refunded_social_aid", Q1, "electricity", "main_residence", LATE,
                     _yes("1", "2026-01-01", "2026-12-31", "ocmw", "category_1_federal_refunded_social_aid", CAT, END, CERT),
                     id="category_1_federal_refunded_social_aid"),
        pytest.param("igo_advance_ocmw", Q1, "electricity", "main_residence", LATE,
                     _yes("1", "2026-01-01", "2026-12-31", "ocmw", "category_1_igo_advance_ocmw", CAT, END, CERT),
                     id="category_1_igo_advance_paid_by_ocmw"),
        pytest.param("disability_65", Q1, "electricity", "main_residence", LATE,
                     _yes("2A", "2026-01-01", "2026-12-31", "fod_social_security", "category_2a_disability_65", CAT, END, CERT),
                     id="category_2a_disability_65_from_fod_social_security"),
        pytest.param("income_replacement", Q1, "gas", "main_residence", LATE,
                     _yes("2A", "2026-01-01", "2026-12-31", "fod_social_security", "category_2a_income_replacement", CAT, END, CERT),
                     id="category_2a_income_replacement"),
        pytest.param("integration_allowance", Q1, "gas", "main_residence", LATE,
                     _yes("2A", "2026-01-01", "2026-12-31", "fod_social_security", "category_2a_integration_allowance", CAT, END, CERT),
                     id="category_2a_integration_allowance"),
        pytest.param("third_party_help", Q1, "gas", "main_residence", LATE,
                     _yes("2A", "2026-01-01", "2026-12-31", "fod_social_security", "category_2a_third_party_help", CAT, END, CERT),
                     id="category_2a_third_party_help"),
        pytest.param("elderly_care_budget", Q1, "gas", "main_residence", LATE,
                     _yes("2B", "2026-01-01", "2026-12-31", "care_fund", "category_2b_elderly_care_budget", CAT, END, CERT),
                     id="category_2b_elderly_care_budget_from_care_fund"),
        pytest.param("child_disability_supplement", Q1, "gas", "main_residence", LATE,
                     _yes("2C", "2026-01-01", "2026-12-31", "child_benefit_agency", "category_2c_child_disability_supplement", CAT, END, CERT),
                     id="category_2c_child_supplement"),
        pytest.param("igo", Q1, "heat", "main_residence", LATE,
                     _yes("3", "2026-01-01", "2026-12-31", "federal_pension_service", "category_3_igo", CAT, END, CERT),
                     id="category_3_igo_from_federal_pension_service"),
        # seed 003: "Categorie 4: u bent huurder van een sociaal appartement waarvan de verwarming
        # op aardgas of warmte afhangt van een collectieve installatie"; "De beheerder van het
        # gebouw is verantwoordelijk voor de aanvraag van het sociaal tarief bij de energieleverancier."
        pytest.param("social_housing_collective_heating", "2026-05-14", "gas", "main_residence", "2026-06-01",
                     _yes("4", "2026-04-01", "2026-12-31", "housing_company",
                          "category_4_social_housing_collective_heating", CAT, END, "category_4_building_manager_applies"),
                     id="category_4_gas_always_through_building_manager"),
        pytest.param("social_housing_collective_heating", "2026-05-14", "heat", "main_residence", "2026-06-01",
                     _yes("4", "2026-04-01", "2026-12-31", "housing_company",
                          "category_4_social_housing_collective_heating", CAT, END, "category_4_building_manager_applies"),
                     id="category_4_heat"),
        pytest.param("social_housing_collective_heating", "2026-05-14", "electricity", "main_residence", "2026-06-01",
                     _no("category_4_social_housing_collective_heating", "category_4_only_gas_or_heat"),
                     id="category_4_not_for_electricity"),
        # seed 003: "Opgelet! Vanaf 1 juli 2023 geeft het recht op de verhoogde tegemoetkoming (RVT)
        # geen recht meer op het sociaal tarief voor energie." seed 000, Vraag 2: "De
        # uitbreidingsgroep behoudt het recht op sociaal tarief tot en met 30/06/2023."
        pytest.param("rvt", "2026-05-14", "electricity", "main_residence", "2026-06-01",
                     _no("rvt_no_right_since_2023_07_01", "extension_group_lost_right_after_2023_06_30"),
                     id="rvt_no_right_since_2023_07_01"),
        pytest.param("rvt", "2022-02-01", "electricity", "main_residence", "2023-03-01",
                     _no("rvt_no_right_since_2023_07_01", "extension_group_lost_right_after_2023_06_30"),
                     id="rvt_past_extension_period_not_reconstructed"),
        # seed 003: "Bepaalde tegemoetkomingen geven geen recht op het sociaal tarief voor energie."
        pytest.param("health_insurance_benefit", Q1, "gas", "main_residence", LATE,
                     _no("benefit_gives_no_right_health_insurance_benefit"), id="no_right_health_insurance_benefit"),
        pytest.param("insurance_benefit", Q1, "gas", "main_residence", LATE,
                     _no("benefit_gives_no_right_insurance_benefit"), id="no_right_insurance_benefit"),
        pytest.param("public_sector_pension", Q1, "gas", "main_residence", LATE,
                     _no("benefit_gives_no_right_public_sector_pension"), id="no_right_public_sector_pension"),
        pytest.param("article_60", Q1, "gas", "main_residence", LATE,
                     _no("benefit_gives_no_right_article_60"), id="no_right_article_60"),
        pytest.param("debt_mediation", Q1, "gas", "main_residence", LATE,
                     _no("benefit_gives_no_right_debt_mediation"), id="no_right_debt_mediation"),
        pytest.param("none", Q1, "gas", "main_residence", LATE,
                     _no("no_qualifying_benefit"), id="no_qualifying_benefit"),
        # seed 003: "Het sociaal tarief is niet van toepassing voor: tweede verblijfplaatsen ...;
        # gemeenschappelijke delen van appartementsgebouwen; professionele klanten ...;
        # occasionele klanten of tijdelijke aansluitingen."
        pytest.param("leefloon", Q1, "gas", "second_residence", LATE,
                     _no("category_1_leefloon", "excluded_second_residence"), id="excluded_second_residence"),
        pytest.param("leefloon", Q1, "gas", "common_parts", LATE,
                     _no("category_1_leefloon", "excluded_common_parts"), id="excluded_common_parts"),
        pytest.param("leefloon", Q1, "gas", "professional", LATE,
                     _no("category_1_leefloon", "excluded_professional"), id="excluded_professional"),
        pytest.param("leefloon", Q1, "gas", "temporary", LATE,
                     _no("category_1_leefloon", "excluded_temporary"), id="excluded_temporary"),
        pytest.param("none", Q1, "gas", "professional", LATE,
                     _no("no_qualifying_benefit", "excluded_professional"), id="every_blocking_reason_listed"),
        # seed 003: "maximum 2 jaar terug vanaf de datum dat de huidige energieleverancier op de
        # hoogte werd gebracht"; "Als u als rechthebbende het volgende kalenderjaar nog steeds een
        # tegemoetkoming ontvangt, wordt het sociaal tarief ... opnieuw automatisch toegepast."
        pytest.param("leefloon", "2019-05-14", "electricity", "main_residence", "2026-11-24",
                     _yes("1", "2025-01-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, RETRO, END, RENEW, CERT),
                     id="retroactive_2_years_old_decision_reaches_this_year"),
        pytest.param("leefloon", "2024-11-30", "electricity", "main_residence", "2026-11-24",
                     _yes("1", "2025-01-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, RETRO, END, RENEW, CERT),
                     id="retroactive_cap_never_straddles_the_limit"),
        pytest.param("leefloon", "2020-01-01", "electricity", "main_residence", "2026-10-01",
                     _yes("1", "2024-10-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, RETRO, END, RENEW, CERT),
                     id="retroactive_limit_on_a_quarter_start_included"),
        pytest.param("leefloon", "2024-10-01", "electricity", "main_residence", "2026-10-01",
                     _yes("1", "2024-10-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, END, RENEW, CERT),
                     id="retroactive_exactly_2_years_not_clamped"),
        pytest.param("leefloon", "2020-01-01", "gas", "main_residence", "2028-02-29",
                     _yes("1", "2026-04-01", "2028-12-31", "ocmw", "category_1_leefloon", CAT, RETRO, END, RENEW, CERT),
                     id="retroactive_from_29_february"),
        pytest.param("leefloon", "2025-08-20", "gas", "main_residence", "2026-03-10",
                     _yes("1", "2025-07-01", "2026-12-31", "ocmw", "category_1_leefloon", CAT, END, RENEW, CERT),
                     id="end_31_december_renewed_into_the_informed_year"),
        pytest.param("leefloon", "2027-01-10", "gas", "main_residence", "2026-11-24",
                     _yes("1", "2027-01-01", "2027-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="decision_after_supplier_informed_no_certificate"),
        # seed 003: "Opgelet, het sociaal tarief voor warmte is pas van toepassing sinds 1 juli
        # 2022 en kan dus nooit vroeger toegekend worden."
        pytest.param("leefloon", "2021-03-01", "heat", "main_residence", "2022-09-15",
                     _yes("1", "2022-07-01", "2022-12-31", None, "category_1_leefloon", CAT, HEAT, END, AUTO),
                     id="heat_start_clamped_to_2022_07_01"),
        pytest.param("leefloon", "2019-05-14", "heat", "main_residence", "2023-11-24",
                     _yes("1", "2022-07-01", "2023-12-31", "ocmw", "category_1_leefloon", CAT, RETRO, HEAT, END, RENEW, CERT),
                     id="heat_clamp_after_retroactive_clamp"),
        pytest.param("leefloon", "2021-03-01", "heat", "main_residence", "2021-06-01",
                     _no("category_1_leefloon", CAT, HEAT),
                     id="heat_whole_period_before_2022_07_01_not_eligible"),
        pytest.param("leefloon", "2021-03-01", "gas", "main_residence", "2021-06-01",
                     _yes("1", "2021-01-01", "2021-12-31", None, "category_1_leefloon", CAT, END, AUTO),
                     id="gas_has_no_2022_limit"),
    ],
)
def test_assess_eligibility(benefit, decided, energy, connection, informed, expected):
    assert _assess(benefit, decided, energy, connection, informed) == expected


@pytest.mark.parametrize(
    ("day", "start"),
    [
        pytest.param("2026-01-01", "2026-01-01", id="quarter_1_first_day"),
        pytest.param("2026-03-31", "2026-01-01", id="quarter_1_last_day"),
        pytest.param("2026-04-01", "2026-04-01", id="quarter_2_first_day"),
        pytest.param("2026-05-14", "2026-04-01", id="quarter_2"),
        pytest.param("2026-09-30", "2026-07-01", id="quarter_3_last_day"),
        pytest.param("2026-11-24", "2026-10-01", id="quarter_4"),
        pytest.param("2026-12-31", "2026-10-01", id="quarter_4_last_day"),
    ],
)
def test_quarter_start(day, start):
    # seed 003: "De mogelijke startdata van het recht zijn dus 1 januari, 1 april, 1 juli of 1 oktober"
    assert quarter_start(D(day)) == D(start)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"benefit": "lottery"}, id="unknown_benefit"),
        pytest.param({"energy": "water"}, id="unknown_energy"),
        pytest.param({"connection": "boat"}, id="unknown_connection"),
    ],
)
def test_unknown_values_refused(overrides):
    args = dict(benefit="leefloon", decision_date=D(Q1), energy="gas", connection="main_residence",
                supplier_informed_on=D(LATE))
    args.update(overrides)
    with pytest.raises(ValueError):
        assess_eligibility(**args)


def test_input_enums_match_the_api_contract():
    # POST /api/v1/social-tariff/eligibility, its request and answer.
    assert set(BENEFITS) == {
        "leefloon", "equivalent_social_aid", "federal_refunded_social_aid", "igo_advance_ocmw",
        "disability_65", "income_replacement", "integration_allowance", "third_party_help",
        "elderly_care_budget", "child_disability_supplement", "igo", "social_housing_collective_heating",
        "rvt", "health_insurance_benefit", "insurance_benefit", "public_sector_pension",
        "article_60", "debt_mediation", "none",
    }
    assert len(BENEFITS) == 19
    assert ENERGIES == ("electricity", "gas", "heat")
    assert CONNECTIONS == ("main_residence", "second_residence", "common_parts", "professional", "temporary")


def test_every_produced_reason_is_known_and_sourced():
    days = [D("2019-05-14"), D("2021-03-01"), D("2026-05-14")]
    informed = [D("2021-06-01"), D("2026-06-01"), D("2026-11-24")]
    seen = set()
    for b, e, c, d, i in itertools.product(BENEFITS, ENERGIES, CONNECTIONS, days, informed):
        answer = assess_eligibility(benefit=b, decision_date=d, energy=e, connection=c, supplier_informed_on=i)
        assert answer.eligible == (answer.category is not None) == (answer.start is not None)
        assert answer.certificate_needed == (answer.certificate_from is not None)
        seen.update(answer.reasons)
    assert seen <= set(REASON_CODES)
    assert seen == set(REASON_CODES), f"codes never produced: {set(REASON_CODES) - seen}"


@pytest.mark.parametrize("code", REASON_CODES)
def test_reason_code_has_a_seed_and_a_quote(code):
    assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", code)
    seed, quote = REASON_SOURCES[code]
    assert seed in SEED_FILES
    assert quote.strip()


@pytest.mark.parametrize("code", REASON_CODES)
def test_quote_is_verbatim_in_its_seed(code):
    seed, quote = REASON_SOURCES[code]
    text = re.sub(r"\s+", " ", (require_seeds() / SEED_FILES[seed]).read_text(encoding="utf-8"))
    for fragment in quote.split(" […] "):
        assert re.sub(r"\s+", " ", fragment) in text


@pytest.mark.parametrize(
    ("decided", "informed"),
    [
        pytest.param(date.min, date.min, id="extreme_dates_year_1"),
        pytest.param(date.max, date.max, id="extreme_dates_year_9999"),
        pytest.param(date(1, 6, 1), date(2, 2, 2), id="retroactive_limit_before_year_1"),
    ],
)
def test_extreme_dates_answer_instead_of_crashing(decided, informed):
    answer = assess_eligibility(benefit="leefloon", decision_date=decided, energy="gas",
                                connection="main_residence", supplier_informed_on=informed)
    assert answer.eligible is True
    assert answer.start == quarter_start(decided)
