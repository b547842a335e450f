"""Words for the social tariff (seed 003): categories in plain words, energies, who writes the paper
certificate, the reasons of an eligibility answer, the contact centres and what to have ready."""

from __future__ import annotations

from app.api.models import SocialTariffEntry, Tariff
from app.i18n import N_, Translator

CATEGORY_WORDS = {
    "1": N_("You get a living wage (leefloon) or similar help from the OCMW."),
    "2A": N_("You get a disability allowance from the FOD Sociale Zekerheid."),
    "2B": N_("You get a care budget for older people in need of care."),
    "2C": N_("A child in your home gets a care supplement for a disability."),
    "3": N_("You get the income guarantee for older people (IGO) from the Federale Pensioendienst."),
    "4": N_("You rent a social apartment heated by a shared gas or heat installation."),
}

#: Headers of the benefit groups of :data:`app.state.eligibility.BENEFIT_GROUPS`.
BENEFIT_GROUPS = {
    "ocmw": N_("From the OCMW"),
    "fod_social_security": N_("From the FOD Sociale Zekerheid"),
    "region": N_("From your region"),
    "federal_pension_service": N_("From the Federale Pensioendienst"),
    "social_housing": N_("Social housing"),
    "other": N_("Other"),
}

CERTIFICATE_FROM = {
    "ocmw": N_("the OCMW of your municipality"),
    "fod_social_security": N_("the FOD Sociale Zekerheid (DG Personen met een Handicap)"),
    "federal_pension_service": N_("the Federale Pensioendienst"),
    "care_fund": N_("your care fund (zorgkas) or your region's office"),
    "child_benefit_agency": N_("the office for child care supplements (Opgroeien in Flanders)"),
    "housing_company": N_("the owner or manager of your apartment building"),
}

BENEFITS = {
    "leefloon": N_("Living wage (leefloon) from the OCMW"),
    "equivalent_social_aid": N_("Financial help from the OCMW equal to the living wage"),
    "federal_refunded_social_aid": N_("Social help from the OCMW refunded by the federal state"),
    "igo_advance_ocmw": N_("Advance from the OCMW on IGO or a disability allowance"),
    "disability_65": N_("Disability allowance (at least 65 percent unable to work)"),
    "income_replacement": N_("Income replacement allowance"),
    "integration_allowance": N_("Integration allowance"),
    "third_party_help": N_("Allowance for help from others"),
    "elderly_care_budget": N_("Care budget for older people in need of care"),
    "child_disability_supplement": N_("Care supplement for a child with a disability"),
    "igo": N_("Income guarantee for older people (IGO)"),
    "social_housing_collective_heating": N_("Social apartment with shared heating"),
    "rvt": N_("Increased reimbursement from the health insurance fund (RVT)"),
    "health_insurance_benefit": N_("Benefit from a health insurance fund"),
    "insurance_benefit": N_("Benefit from an insurance"),
    "public_sector_pension": N_("Public sector pension"),
    "article_60": N_("Job through the OCMW (article 60)"),
    "debt_mediation": N_("Debt mediation"),
    "none": N_("None of these"),
}

CONNECTIONS = {
    "main_residence": N_("My home (where I am domiciled)"),
    "second_residence": N_("A second residence"),
    "common_parts": N_("Common parts of an apartment building"),
    "professional": N_("A business or organisation"),
    "temporary": N_("A temporary connection"),
}

REASONS = {
    "category_1_leefloon": N_("Category 1: you get a living wage from the OCMW."),
    "category_1_equivalent_social_aid": N_("Category 1: you get help from the OCMW equal to the living wage."),
    "category_1_federal_refunded_social_aid": N_("Category 1: you get social help from the OCMW refunded by the federal state."),
    "category_1_igo_advance_ocmw": N_("Category 1: you get an advance from the OCMW on IGO or a disability allowance."),
    "category_2a_disability_65": N_("Category 2A: you get a disability allowance (65 %)."),
    "category_2a_income_replacement": N_("Category 2A: you get an income replacement allowance."),
    "category_2a_integration_allowance": N_("Category 2A: you get an integration allowance."),
    "category_2a_third_party_help": N_("Category 2A: you get an allowance for help from others."),
    "category_2b_elderly_care_budget": N_("Category 2B: you get a care budget for older people."),
    "category_2c_child_disability_supplement": N_("Category 2C: a child gets a care supplement for a disability."),
    "category_3_igo": N_("Category 3: you get the income guarantee for older people."),
    "category_4_social_housing_collective_heating": N_("Category 4: you rent a social apartment with shared heating."),
    "category_4_only_gas_or_heat": N_("Category 4 is only for gas or heat, not electricity."),
    "category_4_building_manager_applies": N_("For category 4 the building manager asks the supplier for the social tariff."),
    "rvt_no_right_since_2023_07_01": N_("Increased reimbursement (RVT) no longer gives the social tariff since 1 July 2023."),
    "extension_group_lost_right_after_2023_06_30": N_("The temporary extension group lost the social tariff after 30 June 2023."),
    "benefit_gives_no_right_health_insurance_benefit": N_("A benefit from a health insurance fund gives no right to the social tariff."),
    "benefit_gives_no_right_insurance_benefit": N_("A benefit from an insurance gives no right to the social tariff."),
    "benefit_gives_no_right_public_sector_pension": N_("A public sector pension gives no right to the social tariff."),
    "benefit_gives_no_right_article_60": N_("A job through the OCMW (article 60) gives no right to the social tariff."),
    "benefit_gives_no_right_debt_mediation": N_("Debt mediation gives no right to the social tariff."),
    "no_qualifying_benefit": N_("You need one of the benefits in the list to get the social tariff."),
    "excluded_second_residence": N_("Not for a second residence: only for your home address."),
    "excluded_common_parts": N_("Not for the common parts of an apartment building."),
    "excluded_professional": N_("Not for businesses or organisations."),
    "excluded_temporary": N_("Not for temporary connections."),
    "start_first_day_of_quarter": N_("It starts on the first day of the quarter of the decision."),
    "retroactive_limited_to_2_years": N_("It goes back at most 2 years from when the supplier was told."),
    "heat_not_before_2022_07_01": N_("For heat it never starts before 1 July 2022."),
    "end_31_december": N_("It ends on 31 December of that year."),
    "renewed_each_year": N_("If you still get the benefit next year, it is normally renewed automatically."),
    "certificate_needed_more_than_one_quarter_back": N_("It goes back more than one quarter, so a paper certificate is needed."),
    "applied_automatically_every_quarter": N_("Suppliers are told automatically every three months."),
}

CONTACT_ROLES = {
    "questions_social_tariff": N_("Questions about the social tariff"),
    "certificate": N_("Writes the certificate"),
    "social_status": N_("Your social status"),
    "building_manager": N_("Applies for the building"),
}

REGIONS = {
    "flanders": N_("Flanders"),
    "brussels": N_("Brussels"),
    "wallonia": N_("Wallonia"),
    "german_community": N_("German-speaking Community"),
}

DATA_ITEMS = {
    "national_register_number": N_("Your national register number"),
    "your_name": N_("Your name"),
    "beneficiary_name": N_("The name of the person who gets the benefit"),
    "address": N_("The address"),
    "supplier_customer_number": N_("Your customer number at the energy supplier"),
}


def tr(t: Translator, table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return t.gettext(table[code]) if code in table else code


def entry_lines(t: Translator, entry: SocialTariffEntry) -> list[tuple[str, bool]]:
    """An active tariff of one energy after "Active", each line with whether it stands out: its
    category (that one does) and what it means, from when to when, and how it was applied."""
    lines: list[tuple[str, bool]] = []
    if entry.category:
        lines.append((t.gettext("Category {category}").format(category=entry.category), True))
        lines.append((tr(t, CATEGORY_WORDS, entry.category), False))
    if entry.start and entry.end:
        period = t.gettext("From {start} to {end}").format(start=t.date(entry.start, "long"), end=t.date(entry.end, "long"))
        lines.append((period, False))
    elif entry.start:
        lines.append((t.gettext("Since {start}").format(start=t.date(entry.start, "long")), False))
    if entry.source == "automatic":
        lines.append((t.gettext("Applied automatically: you did not need to do anything."), False))
    elif entry.source == "certificate":
        lines.append((t.gettext("Applied with a paper certificate."), False))
    return lines


def protection_lines(t: Translator, tariff: Tariff) -> tuple[str, str]:
    """Whether the household is a protected customer, and when its supplier was last told."""
    protected = (
        t.gettext("You are a protected customer.")
        if tariff.protected_customer
        else t.gettext("You are not a protected customer.")
    )
    told = (
        t.gettext("Your supplier was last told on {date}. Suppliers are told every three months.").format(
            date=t.date(tariff.checked_at, "long")
        )
        if tariff.checked_at
        else t.gettext("Suppliers are told every three months.")
    )
    return protected, told
