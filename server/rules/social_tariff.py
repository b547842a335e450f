"""The federal social tariff for energy: who has the right, and for which period (seed 003).

Readings of the seed that are judgement calls, all documented where they are applied:
- disability_65, third_party_help and elderly_care_budget also appear in category 3 when the
  Federale Pensioendienst pays them (old-regime allowances). The request does not say who pays,
  so they map to 2A/2B, the current payers; the right and its period are the same, only the
  office that writes the certificate differs.
- Retroactivity "maximum 2 jaar terug" is a hard cap: the start is the first quarter start on or
  after that limit, never the quarter that straddles it.
- "More than one trimester back" counts calendar quarters between the start and the day the
  supplier learns of it: the supplier's quarterly feed covers the previous quarter, older needs
  a paper certificate.
- The end is 31 December of the later of the start's year and the year the supplier is informed:
  the right ends each 31 December and renews while the benefit continues, so an old decision
  still yields a period that reaches the present.
- RVT (the "uitbreidingsgroep") had the right until 30 June 2023; the seeds do not say from when,
  so that past period is not reconstructed: RVT is simply not eligible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .social_tariff_sources import REASON_CODES, REASON_SOURCES, SEED_FILES

__all__ = [
    "BENEFITS",
    "CATEGORY_OF_BENEFIT",
    "CERTIFICATE_FROM",
    "CONNECTIONS",
    "ENERGIES",
    "Eligibility",
    "HEAT_FROM",
    "REASON_CODES",
    "REASON_SOURCES",
    "SEED_FILES",
    "assess_eligibility",
    "quarter_start",
]

# Benefit -> category. seed 003, "Welke categorieën geven recht op het sociaal tarief?"
CATEGORY_OF_BENEFIT: dict[str, str] = {
    # "Categorie 1: ... tegemoetkomingen van het Openbaar Centrum van Maatschappelijk Welzijn (OCMW)"
    "leefloon": "1",
    "equivalent_social_aid": "1",
    "federal_refunded_social_aid": "1",
    "igo_advance_ocmw": "1",
    # "Categorie 2A: ... van de FOD Sociale Zekerheid Directie Personen met een Handicap"
    "disability_65": "2A",
    "income_replacement": "2A",
    "integration_allowance": "2A",
    "third_party_help": "2A",
    # "Categorie 2B (gewestelijk): ... een zorgbudget voor ouderen met een zorgnood"
    "elderly_care_budget": "2B",
    # "Categorie 2C (gewestelijk): ... een bijkomende kinderbijslag voor kinderen getroffen door
    # een lichamelijke of geestelijke ongeschiktheid"
    "child_disability_supplement": "2C",
    # "Categorie 3: ... van de Federale Pensioendienst (FPD): een inkomensgarantie voor ouderen (IGO)"
    "igo": "3",
    # "Categorie 4: u bent huurder van een sociaal appartement waarvan de verwarming op aardgas
    # of warmte afhangt van een collectieve installatie"
    "social_housing_collective_heating": "4",
}

# seed 003, "Wanneer is het sociaal tarief niet van toepassing?": "Bepaalde tegemoetkomingen
# geven geen recht op het sociaal tarief voor energie."
_NO_RIGHT: dict[str, tuple[str, ...]] = {
    "rvt": ("rvt_no_right_since_2023_07_01", "extension_group_lost_right_after_2023_06_30"),
    "health_insurance_benefit": ("benefit_gives_no_right_health_insurance_benefit",),
    "insurance_benefit": ("benefit_gives_no_right_insurance_benefit",),
    "public_sector_pension": ("benefit_gives_no_right_public_sector_pension",),
    "article_60": ("benefit_gives_no_right_article_60",),
    "debt_mediation": ("benefit_gives_no_right_debt_mediation",),
    "none": ("no_qualifying_benefit",),
}

BENEFITS: tuple[str, ...] = tuple(CATEGORY_OF_BENEFIT) + tuple(_NO_RIGHT)
ENERGIES: tuple[str, ...] = ("electricity", "gas", "heat")
CONNECTIONS: tuple[str, ...] = ("main_residence", "second_residence", "common_parts", "professional", "temporary")

# seed 003: "Het sociaal tarief is niet van toepassing voor: tweede verblijfplaatsen ...;
# gemeenschappelijke delen van appartementsgebouwen; professionele klanten ...; occasionele
# klanten of tijdelijke aansluitingen."
_EXCLUDED_CONNECTION = {
    "second_residence": "excluded_second_residence",
    "common_parts": "excluded_common_parts",
    "professional": "excluded_professional",
    "temporary": "excluded_temporary",
}

# seed 003: "Naargelang de categorie waartoe u behoort, moet u het attest aanvragen aan een van
# de volgende bevoegde sociale instellingen". 2B and 2C depend on the region (Zorgkas, Iriscare,
# AVIQ, the German-speaking Community; Opgroeien for children), which the request does not give.
CERTIFICATE_FROM: dict[str, str] = {
    "1": "ocmw",
    "2A": "fod_social_security",
    "2B": "care_fund",
    "2C": "child_benefit_agency",
    "3": "federal_pension_service",
    "4": "housing_company",
}

# seed 003: "het sociaal tarief voor warmte is pas van toepassing sinds 1 juli 2022 en kan dus
# nooit vroeger toegekend worden."
HEAT_FROM = date(2022, 7, 1)
RETROACTIVE_YEARS = 2


@dataclass(frozen=True)
class Eligibility:
    """category, start and end are given only when eligible; reasons always explain."""

    eligible: bool
    category: str | None
    start: date | None
    end: date | None
    certificate_needed: bool
    certificate_from: str | None
    reasons: tuple[str, ...]


def quarter_start(d: date) -> date:
    # seed 003: "De mogelijke startdata van het recht zijn dus 1 januari, 1 april, 1 juli of 1 oktober"
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _quarter_index(d: date) -> int:
    return d.year * 4 + (d.month - 1) // 3


def _first_quarter_start_on_or_after(d: date) -> date:
    start = quarter_start(d)
    if start == d:
        return d
    index = _quarter_index(d) + 1
    return date(index // 4, 3 * (index % 4) + 1, 1)


def _years_before(d: date, years: int) -> date:
    if d.year - years < date.min.year:
        return date.min
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _check(value: str, allowed: tuple[str, ...], field: str) -> None:
    if value not in allowed:
        raise ValueError(f"{field} must be one of {allowed}, got {value!r}")


def _not_eligible(reasons: list[str]) -> Eligibility:
    return Eligibility(False, None, None, None, False, None, tuple(reasons))


def assess_eligibility(
    *,
    benefit: str,
    decision_date: date,
    energy: str,
    connection: str,
    supplier_informed_on: date,
) -> Eligibility:
    _check(benefit, BENEFITS, "benefit")
    _check(energy, ENERGIES, "energy")
    _check(connection, CONNECTIONS, "connection")

    # Every reason that blocks the right is listed, so the answer explains all of them at once.
    reasons: list[str] = []
    blocked = False
    category = CATEGORY_OF_BENEFIT.get(benefit)
    if category is None:
        reasons.extend(_NO_RIGHT[benefit])
        blocked = True
    else:
        reasons.append(f"category_{category.lower()}_{benefit}")
    if category == "4" and energy == "electricity":
        # Category 4 is about heating by a collective gas or heat installation, not electricity.
        reasons.append("category_4_only_gas_or_heat")
        blocked = True
    if connection in _EXCLUDED_CONNECTION:
        reasons.append(_EXCLUDED_CONNECTION[connection])
        blocked = True
    if blocked or category is None:
        return _not_eligible(reasons)

    # seed 003: "Het recht op het sociaal tarief gaat altijd in op de eerste dag van het
    # trimester waarin beslist werd dat u behoort tot een categorie van rechthebbenden."
    start = quarter_start(decision_date)
    reasons.append("start_first_day_of_quarter")

    # seed 003: "maximum 2 jaar terug vanaf de datum dat de huidige energieleverancier op de
    # hoogte werd gebracht" — a cap, so the first quarter start inside the two years.
    earliest = _first_quarter_start_on_or_after(_years_before(supplier_informed_on, RETROACTIVE_YEARS))
    if start < earliest:
        start = earliest
        reasons.append("retroactive_limited_to_2_years")

    # seed 003: "de einddatum is steeds 31 december van het lopende kalenderjaar"; "Als u als
    # rechthebbende het volgende kalenderjaar nog steeds een tegemoetkoming ontvangt, wordt het
    # sociaal tarief voor energie normaal gezien opnieuw automatisch toegepast."
    end = date(max(start.year, supplier_informed_on.year), 12, 31)

    if energy == "heat" and start < HEAT_FROM:
        reasons.append("heat_not_before_2022_07_01")
        if end < HEAT_FROM:
            return _not_eligible(reasons)
        start = HEAT_FROM

    reasons.append("end_31_december")
    if end.year > start.year:
        reasons.append("renewed_each_year")

    if category == "4":
        # seed 003: "De beheerder van het gebouw is verantwoordelijk voor de aanvraag van het
        # sociaal tarief bij de energieleverancier." — never automatic, always with proof.
        certificate_needed = True
        reasons.append("category_4_building_manager_applies")
    else:
        # seed 003: "Indien de ingangsdatum van de beslissing meer dan één trimester teruggaat in
        # de tijd, kan dit enkel worden aangevraagd door een attest"
        certificate_needed = _quarter_index(supplier_informed_on) - _quarter_index(start) > 1
        reasons.append(
            "certificate_needed_more_than_one_quarter_back"
            if certificate_needed
            else "applied_automatically_every_quarter"
        )

    return Eligibility(
        eligible=True,
        category=category,
        start=start,
        end=end,
        certificate_needed=certificate_needed,
        certificate_from=CERTIFICATE_FROM[category] if certificate_needed else None,
        reasons=tuple(reasons),
    )
