"""The "Am I eligible?" wizard for the federal social tariff (seed 003), without Flet.

    wizard = EligibilityWizard(clock=lambda: date.today())
    wizard.answer("benefit", "leefloon")           # -> True, or False with wizard.errors["benefit"]
    wizard.next()                                   # to "decision_date"
    ...
    await wizard.submit(api)                        # POST /api/v1/social-tariff/eligibility
    wizard.results                                  # one answer per energy asked, in ENERGIES order
    wizard.result.lines                             # the first's: one line per rule, each with the seed sentence
    contacts_for(wizard.result.category)            # who to contact when it is not automatic
    DATA_TO_HAVE_READY                              # what to have at hand when calling

Steps, in order: ``benefit`` -> ``decision_date`` -> ``energy`` -> ``connection`` ->
``supplier_informed_on`` (optional: empty means today, as the server assumes). ``energy`` takes one or
more energies (a household often has electricity and gas; seed 003: "een gunstig tarief voor
elektriciteit , aardgas of warmte"): the endpoint answers one energy at a time, so the wizard asks it
once per energy and shows an answer for each (the right can differ: category 4 is gas or heat only).

Validation codes (``errors[step]``) the UI translates: ``required``, ``unknown_choice``, ``not_a_date``,
``in_future`` (a decision or information date after today), ``before_decision`` (the supplier cannot
have been told before the decision). The answer's lines carry the server's reason codes (the UI
translates them; ``reasons`` of server/rules/social_tariff_sources.py) and the seed sentence each
follows, in Dutch, to show as the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.api.client import BudgetmeterClient
from app.api.errors import ApiError
from app.api.models import EligibilityAnswer

from app.clock import BRUSSELS, format_date_field, parse_date

from .observable import Observable

STEPS: tuple[str, ...] = ("benefit", "decision_date", "energy", "connection", "supplier_informed_on")
OPTIONAL_STEPS = frozenset({"supplier_informed_on"})
DATE_STEPS = frozenset({"decision_date", "supplier_informed_on"})
#: The date picker starts here: a decision older than this is no longer about a current right.
FIRST_PICKABLE_DAY = date(2015, 1, 1)

#: The choices of each step, in the order the wizard shows them. seed 003, "Welke categorieën geven
#: recht op het sociaal tarief?" and "Wanneer is het sociaal tarief niet van toepassing?".
#: The benefits by who pays them (the wizard shows a header per group), in the wizard's order.
BENEFIT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Categorie 1 (OCMW)
    ("ocmw", ("leefloon", "equivalent_social_aid", "federal_refunded_social_aid", "igo_advance_ocmw")),
    # Categorie 2A (FOD Sociale Zekerheid DG Personen met een Handicap)
    ("fod_social_security", ("disability_65", "income_replacement", "integration_allowance", "third_party_help")),
    # Categorie 2B, 2C (gewestelijk)
    ("region", ("elderly_care_budget", "child_disability_supplement")),
    # Categorie 3 (Federale Pensioendienst)
    ("federal_pension_service", ("igo",)),
    # Categorie 4 (sociaal appartement, collectieve verwarming)
    ("social_housing", ("social_housing_collective_heating",)),
    # "Bepaalde tegemoetkomingen geven geen recht op het sociaal tarief voor energie."
    (
        "other",
        ("rvt", "health_insurance_benefit", "insurance_benefit", "public_sector_pension", "article_60", "debt_mediation", "none"),
    ),
)
BENEFITS: tuple[str, ...] = tuple(code for _group, codes in BENEFIT_GROUPS for code in codes)
#: seed 003: "Het sociaal tarief is een gunstig tarief voor elektriciteit , aardgas of warmte."
ENERGIES: tuple[str, ...] = ("electricity", "gas", "heat")
#: seed 003: "Het sociaal tarief is niet van toepassing voor: tweede verblijfplaatsen ...".
CONNECTIONS: tuple[str, ...] = ("main_residence", "second_residence", "common_parts", "professional", "temporary")
CHOICES: dict[str, tuple[str, ...]] = {"benefit": BENEFITS, "energy": ENERGIES, "connection": CONNECTIONS}
#: Steps whose answer is a set of choices (kept as a tuple in the order of CHOICES).
SEVERAL = frozenset({"energy"})


def _today() -> date:
    return datetime.now(BRUSSELS).date()


@dataclass(frozen=True)
class ResultLine:
    """One line of the answer: a stable reason code, and the seed sentence (Dutch) the rule follows."""

    code: str
    seed: str  # "003", "000", ...: the seed document
    quote: str


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    category: str | None
    start: date | None
    end: date | None
    certificate_needed: bool
    #: Who writes the paper certificate: "ocmw", "fod_social_security", "federal_pension_service",
    #: "care_fund", "child_benefit_agency", "housing_company" (codes the UI translates).
    certificate_from: str | None
    lines: tuple[ResultLine, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(line.code for line in self.lines)

    @classmethod
    def from_answer(cls, answer: EligibilityAnswer) -> EligibilityResult:
        explained = {e.code: e for e in answer.explanations}
        lines = tuple(
            ResultLine(code, explained[code].source, explained[code].quote) if code in explained else ResultLine(code, "", "")
            for code in answer.reasons
        )
        return cls(
            eligible=answer.eligible,
            category=answer.category,
            start=answer.start,
            end=answer.end,
            certificate_needed=answer.certificate_needed,
            certificate_from=answer.certificate_from,
            lines=lines,
        )


@dataclass(frozen=True)
class EnergyResult:
    """The answer for one energy the household asked about."""

    energy: str
    result: EligibilityResult


class EligibilityWizard(Observable):
    def __init__(self, *, clock: Callable[[], date] = _today) -> None:
        super().__init__()
        self.clock = clock
        self.answers: dict[str, Any] = {}
        #: step -> validation code of the last answer given to it.
        self.errors: dict[str, str] = {}
        self.step_index: int = 0
        #: One answer per energy asked, in ENERGIES order; empty until the answers are sent.
        self.results: tuple[EnergyResult, ...] = ()
        self.loading: bool = False
        self.last_error: ApiError | None = None
        #: step -> the date as typed (kept until the step is answered, and when going back).
        self.date_texts: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"EligibilityWizard(step={self.step!r}, answered={sorted(self.answers)})"

    # --- where we are ------------------------------------------------------------------------------

    @property
    def result(self) -> EligibilityResult | None:
        """The answer for the first energy asked (the only one, most often); None before an answer."""
        return self.results[0].result if self.results else None

    @property
    def lines(self) -> tuple[ResultLine, ...]:
        """Every answer's reasons once, in the order they first come: most are the same for each energy."""
        by_code: dict[str, ResultLine] = {}
        for answered in self.results:
            for line in answered.result.lines:
                by_code.setdefault(line.code, line)
        return tuple(by_code.values())

    @property
    def eligible_category(self) -> str | None:
        """The category of the first energy with a right (whose contacts the answer lists); None: no right."""
        return next((a.result.category for a in self.results if a.result.eligible), None)

    @property
    def step(self) -> str:
        return STEPS[self.step_index]

    @property
    def is_first(self) -> bool:
        return self.step_index == 0

    @property
    def is_last(self) -> bool:
        return self.step_index == len(STEPS) - 1

    @property
    def can_submit(self) -> bool:
        return all(s in self.answers for s in STEPS if s not in OPTIONAL_STEPS) and not self.errors

    # --- answering ---------------------------------------------------------------------------------

    def answer(self, step: str, value: Any) -> bool:
        """Record an answer; False (and ``errors[step]`` set, the answer dropped) when it is not valid.
        Dates may be ``date`` or ISO strings; None or "" clears an optional step. ``energy`` takes one
        code or several."""
        if step not in STEPS:
            raise ValueError(f"unknown step {step!r}")
        self.results = ()
        if step in SEVERAL and value not in (None, ""):
            codes = (value,) if isinstance(value, str) else tuple(value)
            # Known choices in the order they are shown; an unknown one is kept for _check to name.
            value = tuple(c for c in CHOICES[step] if c in codes) if set(codes) <= set(CHOICES[step]) else codes
        error = self._check(step, value)
        if error is None:
            if step in OPTIONAL_STEPS and value in (None, ""):
                self.answers.pop(step, None)
            else:
                self.answers[step] = _as_date(value) if step in DATE_STEPS else value
            self.errors.pop(step, None)
            # A new decision date can make a given information date invalid, and the other way round.
            if step == "decision_date" and "supplier_informed_on" in self.answers:
                problem = self._check("supplier_informed_on", self.answers["supplier_informed_on"])
                if problem is None:
                    self.errors.pop("supplier_informed_on", None)
                else:
                    self.errors["supplier_informed_on"] = problem
        else:
            self.answers.pop(step, None)
            self.errors[step] = error
        self.notify()
        return error is None

    def toggle(self, step: str, code: str) -> bool:
        """A choice of a several-answer step (``energy``) ticked or unticked."""
        chosen = set(self.answers.get(step, ()))
        chosen ^= {code}
        return self.answer(step, tuple(chosen))

    def chosen(self, step: str) -> tuple[str, ...]:
        """The choices ticked at a several-answer step."""
        return tuple(self.answers.get(step, ()))

    def next(self) -> bool:
        """To the next step when this one is answered (or optional); False otherwise."""
        if self.step in self.errors:
            return False
        if self.step not in OPTIONAL_STEPS and self.step not in self.answers:
            self.errors[self.step] = "required"
            self.notify()
            return False
        if self.is_last:
            return False
        self.step_index += 1
        self.notify()
        return True

    def back(self) -> bool:
        if self.is_first:
            return False
        self.step_index -= 1
        self.notify()
        return True

    def go_to(self, step: str) -> None:
        """Jump back to a step (e.g. "change" beside an answer on the summary)."""
        self.step_index = STEPS.index(step)
        self.notify()

    def reset(self) -> None:
        self.date_texts = {}
        self.answers.clear()
        self.errors.clear()
        self.step_index = 0
        self.results = ()
        self.last_error = None
        self.notify()

    # --- the date steps, as typed ---------------------------------------------------------------------

    @property
    def asks_date(self) -> bool:
        return self.step in DATE_STEPS

    @property
    def first_date(self) -> date:
        """The earliest day the date picker offers."""
        return FIRST_PICKABLE_DAY

    def date_text(self, step: str | None = None) -> str:
        """What the date field of ``step`` (default: the current one) shows: as typed, else the answer."""
        step = step or self.step
        if step in self.date_texts:
            return self.date_texts[step]
        answer = self.answers.get(step)
        return format_date_field(answer) if isinstance(answer, date) else ""

    def type_date(self, text: str) -> None:
        self.date_texts = {**self.date_texts, self.step: text}

    def pick_date(self, day: date) -> None:
        self.type_date(format_date_field(day))

    def answer_typed_date(self) -> bool:
        """Answer the current date step with what was typed ("14/05/2026", "2026-05-14"; empty clears
        an optional step)."""
        text = self.date_text().strip()
        parsed = parse_date(text) if text else None
        return self.answer(self.step, parsed.isoformat() if parsed else text)

    async def next_step(self, api: BudgetmeterClient) -> bool:
        """The "Next" button: take a typed date, then go on, or send the answers after the last step."""
        if self.asks_date and not self.answer_typed_date():
            return False
        if self.is_last:
            return await self.submit(api)
        return self.next()

    def change_answers(self) -> None:
        """Back to the first question from the answer, the answers kept."""
        self.results = ()
        self.go_to(STEPS[0])

    def requests(self) -> list[dict[str, Any]]:
        """The bodies for the eligibility endpoint, one per energy asked."""
        common = {s: self.answers[s] for s in STEPS if s in self.answers and s != "energy"}
        return [{**common, "energy": energy} for energy in self.answers.get("energy", ())]

    async def submit(self, api: BudgetmeterClient) -> bool:
        """Send the answers; the result goes to ``result``. Never raises ApiError (``last_error``)."""
        for step in STEPS:
            if step not in OPTIONAL_STEPS and step not in self.answers and step not in self.errors:
                self.errors[step] = "required"
        if not self.can_submit:
            self.notify()
            return False
        self.loading, self.last_error = True, None
        self.notify()
        try:
            results = [EnergyResult(body["energy"], EligibilityResult.from_answer(await api.eligibility(**body)))
                       for body in self.requests()]
        except ApiError as exc:
            self.loading, self.last_error = False, exc
            self.notify()
            return False
        self.results = tuple(results)
        self.loading = False
        self.notify()
        return True

    # --- private -----------------------------------------------------------------------------------

    def _check(self, step: str, value: Any) -> str | None:
        if step in CHOICES:
            if value in (None, "", ()):
                return "required"
            if step in SEVERAL:
                return None if all(code in CHOICES[step] for code in value) else "unknown_choice"
            return None if value in CHOICES[step] else "unknown_choice"
        if value in (None, ""):
            return None if step in OPTIONAL_STEPS else "required"
        try:
            day = _as_date(value)
        except (TypeError, ValueError):
            return "not_a_date"
        if day > self.clock():
            return "in_future"
        if step == "supplier_informed_on":
            decided = self.answers.get("decision_date")
            if decided is not None and day < decided:
                return "before_decision"
        return None


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise TypeError(f"not a date: {type(value).__name__}")


# --- who to contact, what to have ready (seed 003, "Waar kan ik terecht voor meer informatie?") -----


@dataclass(frozen=True)
class Contact:
    """A contact centre from seed 003. ``id`` and ``role`` are stable codes the UI translates (the name is
    the organisation's own, in Dutch as in the seed); ``quote`` is the seed line the numbers come from."""

    id: str
    name: str
    role: str  # "questions_social_tariff", "certificate", "social_status", "building_manager"
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: str | None = None  # "09:00-17:00"
    free_phone: bool = False
    region: str | None = None  # "flanders", "brussels", "wallonia", "german_community"
    quote: str = ""
    seed: str = "003"


FOD_ECONOMIE = Contact(
    id="fod_economie_contact_center",
    name="Contact Center van de FOD Economie",
    role="questions_social_tariff",
    phone="0800 120 33",
    email="info.eco@economie.fgov.be",
    website="https://www.sociaaltarief.economie.fgov.be",
    hours="09:00-17:00",
    free_phone=True,
    quote="Tel. (gratis): 0800 120 33 (van 9 tot 17 uur)",
)
FOD_ECONOMIE_SOCIAL_ENERGY = Contact(
    id="fod_economie_social_energy",
    name="Cel Sociale Energie van de FOD Economie",
    role="questions_social_tariff",
    email="soc.ener@economie.fgov.be",
    quote="E-mail: soc.ener@economie.fgov.be",
)
OCMW = Contact(
    id="ocmw",
    name="OCMW",
    role="certificate",
    quote="Er is een OCMW in elke gemeente. U vindt hun gegevens op hun website.",
)
FOD_SOCIAL_SECURITY = Contact(
    id="fod_social_security_disability",
    name="FOD Sociale Zekerheid, Directie-generaal Personen met een Handicap",
    role="certificate",
    phone="0800 987 99",
    website="https://handicap.belgium.be",
    free_phone=True,
    quote="Tel.: 0800 987 99",
)
FEDERAL_PENSION_SERVICE = Contact(
    id="federal_pension_service",
    name="Federale Pensioendienst",
    role="certificate",
    phone="1765",
    website="http://www.sfpd.fgov.be",
    quote="Tel.: 1765",
)
CARE_FUNDS = Contact(
    id="care_funds",
    name="Zorgkassen (zorg ouderen)",
    role="certificate",
    region="flanders",
    quote="Contactgegevens van de zorgkassen in Vlaanderen",
)
OPGROEIEN = Contact(
    id="opgroeien",
    name="Opgroeien, team Zorgtoeslagevaluatie (kinderen)",
    role="certificate",
    phone="02 533 13 41",
    email="zoe.info@kindengezin.be",
    website="https://www.zorgtoeslagen.be",
    region="flanders",
    quote="Tel. : 02 533 13 41.",
)
IRISCARE_ELDERLY = Contact(
    id="iriscare_elderly",
    name="Iriscare (THAB)",
    role="certificate",
    phone="0800 35 499",
    email="apa-thab@iriscare.brussels",
    website="https://www.myiriscare.brussels/nl/de-thab-voor-de-brusselaars/",
    free_phone=True,
    region="brussels",
    quote="Tel.: 0800 35 499 (gratis)",
)
IRISCARE_CHILDREN = Contact(
    id="iriscare_children",
    name="Iriscare (kinderen)",
    role="certificate",
    phone="0800 35 499",
    email="autonomie-handicap@iriscare.brussels",
    free_phone=True,
    region="brussels",
    quote="Tel.: 0800 35 499 (gratis)",
)
AVIQ_ELDERLY = Contact(
    id="aviq_elderly",
    name="Aviq (THAB)",
    role="certificate",
    phone="0800 16061",
    email="numerogratuit@aviq.be",
    website="https://www.aviq.be",
    region="wallonia",
    quote="Tel.: 0800 16061",
)
AVIQ_CHILDREN = Contact(
    id="aviq_children",
    name="Aviq (Kinderen)",
    role="certificate",
    phone="0800 16061",
    email="contact.afs@aviq.be",
    website="https://www.aviq.be",
    region="wallonia",
    quote="Tel.: 0800 16061",
)
GERMAN_COMMUNITY = Contact(
    id="german_community_ministry",
    name="Ministerie van de Duitstalige Gemeenschap (THAB / Kinderen)",
    role="certificate",
    phone="0800 900 11",
    email="info@selbstbestimmt.be",
    website="https://ostbelgienfamilie.be",
    region="german_community",
    quote="Tel: 0800 900 11",
)
BUILDING_MANAGER = Contact(
    id="building_manager",
    name="Eigenaar/beheerder van het appartementsgebouw",
    role="building_manager",
    quote="Wend u tot de eigenaar/beheerder van uw appartementsgebouw om na te gaan of het sociaal tarief wordt "
    "toegepast voor het gebouw.",
)

#: seed 003, "Heb ik een papieren attest nodig ...": "Naargelang de categorie waartoe u behoort, moet u het
#: attest aanvragen aan een van de volgende bevoegde sociale instellingen".
_BY_CATEGORY: dict[str | None, tuple[Contact, ...]] = {
    "1": (OCMW,),
    "2A": (FOD_SOCIAL_SECURITY,),
    "2B": (CARE_FUNDS, IRISCARE_ELDERLY, AVIQ_ELDERLY, GERMAN_COMMUNITY),
    "2C": (OPGROEIEN, IRISCARE_CHILDREN, AVIQ_CHILDREN, GERMAN_COMMUNITY),
    "3": (FEDERAL_PENSION_SERVICE,),
    "4": (BUILDING_MANAGER,),
}


def contacts_for(category: str | None) -> list[Contact]:
    """Who to contact when the social tariff is not applied automatically: the office that writes the
    certificate for this category first, then the FOD Economie (seed 003: "Beschikt u als rechthebbende
    niet over het attest? U kunt het aanvragen via het Contact Center van de FOD Economie."). Without a
    category (not eligible, or not known yet): the FOD Economie and the OCMW."""
    first = _BY_CATEGORY.get(category, (OCMW,))
    return [*first, FOD_ECONOMIE, FOD_ECONOMIE_SOCIAL_ENERGY]


@dataclass(frozen=True)
class DataItem:
    code: str  # stable, the UI translates
    label_nl: str  # the seed's words


#: seed 003: "Voor een vlotte behandeling van uw dossier deelt u volgende gegevens mee: uw
#: rijksregisternummer, uw naam, de naam van de rechthebbende, het adres, het klantnummer bij de
#: energieleverancier".
DATA_TO_HAVE_READY: tuple[DataItem, ...] = (
    DataItem("national_register_number", "uw rijksregisternummer"),
    DataItem("your_name", "uw naam"),
    DataItem("beneficiary_name", "de naam van de rechthebbende"),
    DataItem("address", "het adres"),
    DataItem("supplier_customer_number", "het klantnummer bij de energieleverancier"),
)
DATA_TO_HAVE_READY_QUOTE = "Voor een vlotte behandeling van uw dossier deelt u volgende gegevens mee:"


__all__ = [
    "BENEFITS",
    "BENEFIT_GROUPS",
    "CHOICES",
    "CONNECTIONS",
    "DATE_STEPS",
    "DATA_TO_HAVE_READY",
    "DATA_TO_HAVE_READY_QUOTE",
    "ENERGIES",
    "STEPS",
    "Contact",
    "DataItem",
    "EligibilityResult",
    "EligibilityWizard",
    "ResultLine",
    "contacts_for",
]
