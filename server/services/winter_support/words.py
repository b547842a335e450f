"""The words of winter support in nl, fr, de and en: seed 001's checklist of documents, and the
decision (the "brief") as a notice in the app and a mail.

seed 001, "Minimale levering aardgas", step 2: "U brengt volgende documenten mee: 1. Uw identiteitskaart
2. Uw budgetmeterkaart aardgas (gele kaart) 3. Een bewijs van inkomsten van alle gezinsleden
(loonfiches, attesten van uitkering, rekeninguittreksel, ...) 4. Een bewijs van de vaste kosten
(facturen verzekeringen, huur, water, elektriciteit, internet, ...)"; step 3: "Bent u in
schuldbemiddeling? Breng dan ook de contactgegevens van uw schuldbemiddelaar mee."
Step 6: "Na het onderzoek krijgt u een brief van het OCMW. Daarin staat of u gratis aardgas krijgt of niet."
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from ..alerts.mail import Mail, _html
from ..alerts.words import _LOCALE, language_of, money
from ...rules.winter_support import CHECKLIST

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "checklist.identity_card": "Uw identiteitskaart",
        "checklist.gas_card": "Uw budgetmeterkaart aardgas (gele kaart)",
        "checklist.income_proof": "Een bewijs van inkomsten van alle gezinsleden (loonfiches, attesten van uitkering, rekeninguittreksel, ...)",
        "checklist.fixed_costs_proof": "Een bewijs van de vaste kosten (facturen verzekeringen, huur, water, elektriciteit, internet, ...)",
        "checklist.debt_mediator": "Bent u in schuldbemiddeling? Breng dan ook de contactgegevens van uw schuldbemiddelaar mee.",
        "title.winter_support_granted": "{organisation}: u krijgt gratis aardgas",
        "title.winter_support_refused": "{organisation}: geen gratis aardgas",
        "body.winter_support_granted": "{organisation} zet {amount} voor uw gasmeter klaar, elke {every_days} dagen, van {first} tot en met {last}. U laadt het op zoals een gewone oplading.",
        "body.winter_support_refused": "{organisation} kent u geen gratis aardgas toe.",
        "title.winter_support_stopped": "{organisation}: geen gratis aardgas meer vanaf nu",
        "body.winter_support_stopped": "{organisation} heeft uw gratis aardgas stopgezet: er worden geen nieuwe bedragen meer klaargezet. Wat al klaarstaat, kunt u nog opladen.",
        "reason": "Reden: {reason}",
        "greeting": "Beste {name},",
        "closing": "U ziet de beslissing en de volgende bedragen in de app, bij Wintersteun.",
    },
    "fr": {
        "checklist.identity_card": "Votre carte d'identité",
        "checklist.gas_card": "Votre carte de compteur à budget gaz (carte jaune)",
        "checklist.income_proof": "Une preuve des revenus de tous les membres du ménage (fiches de paie, attestations d'allocations, extrait de compte, ...)",
        "checklist.fixed_costs_proof": "Une preuve des frais fixes (factures d'assurances, loyer, eau, électricité, internet, ...)",
        "checklist.debt_mediator": "Vous êtes en médiation de dettes ? Apportez aussi les coordonnées de votre médiateur de dettes.",
        "title.winter_support_granted": "{organisation} : vous recevez du gaz gratuit",
        "title.winter_support_refused": "{organisation} : pas de gaz gratuit",
        "body.winter_support_granted": "{organisation} prépare {amount} pour votre compteur de gaz, tous les {every_days} jours, du {first} au {last} inclus. Vous le chargez comme une recharge ordinaire.",
        "body.winter_support_refused": "{organisation} ne vous accorde pas de gaz gratuit.",
        "title.winter_support_stopped": "{organisation} : plus de gaz gratuit à partir de maintenant",
        "body.winter_support_stopped": "{organisation} a arrêté votre gaz gratuit : plus aucun nouveau montant ne sera préparé. Ce qui est déjà prêt, vous pouvez encore le charger.",
        "reason": "Motif : {reason}",
        "greeting": "Bonjour {name},",
        "closing": "Vous voyez la décision et les prochains montants dans l'app, sous Aide hivernale.",
    },
    "de": {
        "checklist.identity_card": "Ihr Personalausweis",
        "checklist.gas_card": "Ihre Budgetzählerkarte für Gas (gelbe Karte)",
        "checklist.income_proof": "Ein Nachweis der Einkünfte aller Haushaltsmitglieder (Lohnzettel, Bescheinigungen über Leistungen, Kontoauszug, ...)",
        "checklist.fixed_costs_proof": "Ein Nachweis der festen Kosten (Rechnungen für Versicherungen, Miete, Wasser, Strom, Internet, ...)",
        "checklist.debt_mediator": "Sind Sie in einer Schuldnerberatung? Dann bringen Sie auch die Kontaktdaten Ihres Schuldnerberaters mit.",
        "title.winter_support_granted": "{organisation}: Sie erhalten kostenloses Gas",
        "title.winter_support_refused": "{organisation}: kein kostenloses Gas",
        "body.winter_support_granted": "{organisation} stellt {amount} für Ihren Gaszähler bereit, alle {every_days} Tage, vom {first} bis einschließlich {last}. Sie laden es wie eine gewöhnliche Aufladung.",
        "body.winter_support_refused": "{organisation} gewährt Ihnen kein kostenloses Gas.",
        "title.winter_support_stopped": "{organisation}: ab jetzt kein kostenloses Gas mehr",
        "body.winter_support_stopped": "{organisation} hat Ihr kostenloses Gas beendet: Es werden keine neuen Beträge mehr bereitgestellt. Was schon bereitsteht, können Sie noch aufladen.",
        "reason": "Grund: {reason}",
        "greeting": "Hallo {name},",
        "closing": "Die Entscheidung und die nächsten Beträge sehen Sie in der App unter Winterhilfe.",
    },
    "en": {
        "checklist.identity_card": "Your identity card",
        "checklist.gas_card": "Your gas budget meter card (the yellow card)",
        "checklist.income_proof": "Proof of income of every member of the household (pay slips, benefit certificates, bank statement, ...)",
        "checklist.fixed_costs_proof": "Proof of your fixed costs (bills for insurance, rent, water, electricity, internet, ...)",
        "checklist.debt_mediator": "In debt mediation? Then also bring your debt mediator's contact details.",
        "title.winter_support_granted": "{organisation}: you get free gas",
        "title.winter_support_refused": "{organisation}: no free gas",
        "body.winter_support_granted": "{organisation} prepares {amount} for your gas meter every {every_days} days, from {first} to {last} included. You load it like any top-up.",
        "body.winter_support_refused": "{organisation} does not grant you free gas.",
        "title.winter_support_stopped": "{organisation}: no more free gas from now on",
        "body.winter_support_stopped": "{organisation} stopped your free gas: no new amounts will be prepared. What is prepared already you can still load.",
        "reason": "Reason: {reason}",
        "greeting": "Hello {name},",
        "closing": "You see the decision and the next amounts in the app, under Winter support.",
    },
}

DECISION_KINDS = ("winter_support_granted", "winter_support_refused")
#: A grant stopped by the organisation: told like a decision (its episode is the request, too).
STOPPED = "winter_support_stopped"
#: The notices of a winter support request, worded from the request's facts when they are read.
NOTICE_KINDS = (*DECISION_KINDS, STOPPED)


def _word(language: str, key: str, **values: object) -> str:
    return WORDS[language_of(language)][key].format(**values)


def checklist(language: str) -> list[dict[str, str]]:
    """Seed 001's documents to bring, in order, each with a stable key for the app."""
    return [{"key": key, "text": _word(language, f"checklist.{key}")} for key in CHECKLIST]


def _day(value: str | date, language: str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "long", locale=_LOCALE[language_of(language)])


def decision_kind(approved: bool) -> str:
    return DECISION_KINDS[0] if approved else DECISION_KINDS[1]


def decision_notice(language: str, facts: dict, kind: str | None = None) -> tuple[str, str]:
    """Title and body of a decision, or of its grant's stop (`kind` STOPPED), from
    server.store.winter_support.requests_by_id."""
    language = language_of(language)
    approved = facts["status"] == "approved"
    kind = kind or decision_kind(approved)
    values = {"organisation": facts["organisation_name"]}
    if kind == decision_kind(True):
        values.update(amount=money(int(facts["amount_cents"]), language), every_days=facts["every_days"],
                      first=_day(facts["first_date"], language), last=_day(facts["last_date"], language))
    # A stop carries the reason written for the stop; a decision the reason of the decision.
    reason = facts.get("stop_reason" if kind == STOPPED else "reason")
    parts = [_word(language, f"body.{kind}", **values)] + ([_word(language, "reason", reason=reason)] if reason else [])
    return _word(language, f"title.{kind}", **values), " ".join(parts)


def decision_mail(language: str, facts: dict, kind: str | None = None) -> Mail:
    title, body = decision_notice(language, facts, kind)
    paragraphs = [_word(language, "greeting", name=facts["display_name"]), body, _word(language, "closing")]
    return Mail(subject=title, text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))
