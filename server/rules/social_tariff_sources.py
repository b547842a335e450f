"""Why each line of a social-tariff answer says what it says: reason code -> seed and sentence.

The app translates the codes; the quotes let it show the Dutch rule each line follows.
Quotes are verbatim from the seed documents (whitespace normalised); " […] " joins a
list's heading to the bullet that applies.
"""

from __future__ import annotations

SEED_FILES = {
    "000": "000_6ef3f5176f56da87.txt",  # Fluvius Q&A for OCMW social workers
    "003": "003_7cf275d5a1eb2e5e.txt",  # FOD Economie: the federal social tariff
    "004": "004_6eaa5d36828fdd41.txt",  # Infrax: the protected customer in Flanders
}

_CAT1 = "Categorie 1: u (of een persoon die bij u gedomicilieerd is) ontvangt een van de volgende tegemoetkomingen van het Openbaar Centrum van Maatschappelijk Welzijn (OCMW):"
_CAT2A = "Categorie 2A: u (of een persoon die bij u gedomicilieerd is) ontvangt een van de volgende tegemoetkomingen van de FOD Sociale Zekerheid Directie Personen met een Handicap (FOD SZ DGPH):"
_CAT3 = "Categorie 3: u (of een persoon die bij u gedomicilieerd is) ontvangt een van de volgende tegemoetkomingen van de Federale Pensioendienst (FPD):"
_NO_RIGHT = "Bepaalde tegemoetkomingen geven geen recht op het sociaal tarief voor energie."

REASON_SOURCES: dict[str, tuple[str, str]] = {
    # --- categories (seed 003) ---
    "category_1_leefloon": ("003", _CAT1 + " […] een leefloon"),
    "category_1_equivalent_social_aid": (
        "003", _CAT1 + " […] een financiële maatschappelijke dienstverlening gelijkwaardig aan het leefloon"),
    "category_1_federal_refunded_social_aid": (
        "003", _CAT1 + " […] een maatschappelijke steun van het OCMW die geheel of gedeeltelijk terugbetaald wordt door de federale staat"),
    "category_1_igo_advance_ocmw": (
        "003", _CAT1 + " […] een voorschot op een inkomensgarantie voor ouderen (IGO) of een tegemoetkoming voor gehandicapten"),
    "category_2a_disability_65": (
        "003", _CAT2A + " […] een tegemoetkoming als persoon met een handicap op basis van een blijvende arbeidsongeschiktheid van 65 %"),
    "category_2a_income_replacement": ("003", _CAT2A + " […] een inkomensvervangende tegemoetkoming"),
    "category_2a_integration_allowance": ("003", _CAT2A + " […] een integratietegemoetkoming"),
    "category_2a_third_party_help": ("003", _CAT2A + " […] een tegemoetkoming voor hulp van derden"),
    "category_2b_elderly_care_budget": (
        "003", "in het Vlaamse Gewest, via de Zorgkas waarbij de rechthebbende aangesloten is, een zorgbudget voor ouderen met een zorgnood (vroeger: een tegemoetkoming voor hulp aan bejaarden)"),
    "category_2c_child_disability_supplement": (
        "003", "in Vlaanderen, via Opgroeien, team Zorgtoeslagevaluatie, een zorgtoeslag voor kinderen met een specifieke ondersteuningsbehoefte met een minimale score van 4 punten in pijler 1 van de medisch-sociale schaal (vroeger: verhoogde kinderbijslag)"),
    "category_3_igo": ("003", _CAT3 + " […] een inkomensgarantie voor ouderen (IGO);"),
    "category_4_social_housing_collective_heating": (
        "003", "Categorie 4: u bent huurder van een sociaal appartement waarvan de verwarming op aardgas of warmte afhangt van een collectieve installatie"),
    "category_4_only_gas_or_heat": (
        "003", "Categorie 4: u bent huurder van een sociaal appartement waarvan de verwarming op aardgas of warmte afhangt van een collectieve installatie"),
    "category_4_building_manager_applies": (
        "003", "De beheerder van het gebouw is verantwoordelijk voor de aanvraag van het sociaal tarief bij de energieleverancier."),
    # --- benefits that give no right ---
    "rvt_no_right_since_2023_07_01": (
        "003", "Opgelet! Vanaf 1 juli 2023 geeft het recht op de verhoogde tegemoetkoming (RVT) geen recht meer op het sociaal tarief voor energie."),
    "extension_group_lost_right_after_2023_06_30": (
        "000", "De uitbreidingsgroep behoudt het recht op sociaal tarief tot en met 30/06/2023. Vanaf dan verliezen zij het sociaal tarief."),
    "benefit_gives_no_right_health_insurance_benefit": ("003", _NO_RIGHT + " Bijvoorbeeld als u: […] een uitkering van een ziekenfonds ontvangt;"),
    "benefit_gives_no_right_insurance_benefit": ("003", _NO_RIGHT + " Bijvoorbeeld als u: […] een uitkering van een verzekering ontvangt;"),
    "benefit_gives_no_right_public_sector_pension": ("003", _NO_RIGHT + " Bijvoorbeeld als u: […] een pensioen van de openbare sector ontvangt;"),
    "benefit_gives_no_right_article_60": ("003", _NO_RIGHT + " Bijvoorbeeld als u: […] “artikel 60” van het OCMW geniet;"),
    "benefit_gives_no_right_debt_mediation": ("003", _NO_RIGHT + " Bijvoorbeeld als u: […] zich in schuldbemiddeling bevindt;"),
    "no_qualifying_benefit": (
        "003", "Om het sociaal tarief te genieten, moet u voldoen aan één van deze twee voorwaarden:"),
    # --- connections that give no right ---
    "excluded_second_residence": (
        "003", "Het sociaal tarief is niet van toepassing voor: […] tweede verblijfplaatsen (andere adressen dan uw domicilieadres);"),
    "excluded_common_parts": (
        "003", "Het sociaal tarief is niet van toepassing voor: […] gemeenschappelijke delen van appartementsgebouwen;"),
    "excluded_professional": (
        "003", "Het sociaal tarief is niet van toepassing voor: […] professionele klanten (bedrijven, organisaties …);"),
    "excluded_temporary": (
        "003", "Het sociaal tarief is niet van toepassing voor: […] occasionele klanten of tijdelijke aansluitingen."),
    # --- the period ---
    "start_first_day_of_quarter": (
        "003", "Het recht op het sociaal tarief gaat altijd in op de eerste dag van het trimester waarin beslist werd dat u behoort tot een categorie van rechthebbenden."),
    "retroactive_limited_to_2_years": (
        "003", "Het sociaal tarief voor energie kan met terugwerkende kracht toegepast worden, maximum 2 jaar terug vanaf de datum dat de huidige energieleverancier op de hoogte werd gebracht."),
    "heat_not_before_2022_07_01": (
        "003", "Opgelet, het sociaal tarief voor warmte is pas van toepassing sinds 1 juli 2022 en kan dus nooit vroeger toegekend worden."),
    "end_31_december": (
        "003", "Mogelijke startdata zijn 1 januari, 1 april, 1 juli of 1 oktober en de einddatum is steeds 31 december van het lopende kalenderjaar."),
    "renewed_each_year": (
        "003", "Als u als rechthebbende het volgende kalenderjaar nog steeds een tegemoetkoming ontvangt, wordt het sociaal tarief voor energie normaal gezien opnieuw automatisch toegepast."),
    "certificate_needed_more_than_one_quarter_back": (
        "003", "Indien de ingangsdatum van de beslissing meer dan één trimester teruggaat in de tijd, kan dit enkel worden aangevraagd door een attest van de bevoegde sociale instellingen waarmee de eindafnemers bewijzen dat ze als beschermde residentiële afnemer in aanmerking komen (papieren attest)."),
    "applied_automatically_every_quarter": (
        "003", "De energieleveranciers worden om de drie maanden automatisch geïnformeerd over de personen die recht hebben op het sociaal tarief."),
}

REASON_CODES: tuple[str, ...] = tuple(REASON_SOURCES)
