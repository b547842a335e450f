"""The words of the staff digest and of the staff's address code, in the app's four languages (nl
first, fr, de, en); a table like server.services.alerts.words, kept apart because these mails speak to a
social worker about clients, not to a household about its own meter."""

from __future__ import annotations

from .words import language_of

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "subject.one": "budgetmeter: 1 cliënt met een nieuwe melding",
        "subject.other": "budgetmeter: {n} cliënten met een nieuwe melding",
        "greeting": "Beste {name},",
        "intro": "Deze cliënten kwamen sinds het vorige overzicht in een alarmtoestand:",
        "now": "nu",
        "closing": (
            "Meer details ziet u in budgetmeter, in uw caseload. Dit overzicht komt één keer per dag; "
            "u zet het uit in de app, bij Instellingen."
        ),
        "kind.balance_low": "saldo laag",
        "kind.days_left_low": "weinig dagen over",
        "kind.emergency_credit_started": "noodkrediet gestart",
        "kind.minimum_supply_started": "minimumlevering gestart",
        "signals_intro": "Signalen: deze cliënten zitten zonder energie of met te weinig. Volg op in budgetmeter, bij Signalen:",
        "kind.off_supply": "geen levering meer",
        "kind.limited_supply_long": "al dagen op minimumlevering",
        "kind.emergency_credit_long": "al dagen op noodkrediet zonder op te laden",
        "kind.heating_dropped": "verwarmt veel minder terwijl het saldo bijna op is",
        "signal.subject": "Signaal: {client} ({kind}, {energy})",
        "signal.body": "Beste {name}, voor {client} is er een nieuw signaal: {kind} ({energy}). Bekijk het in budgetmeter, bij Signalen.",
        "status.supplying": "levert",
        "status.emergency_credit": "op noodkrediet",
        "status.minimum_supply": "minimumlevering",
        "status.interrupted": "onderbroken",
        "energy.electricity": "elektriciteit",
        "energy.gas": "gas",
        "verify.subject": "Uw code voor het dagelijkse overzicht",
        "verify.body": "Uw code is {code}. Vul hem in de app in, bij Instellingen. Hij is 30 minuten geldig.",
        "verify.ignore": "Hebt u dit niet gevraagd? Dan hoeft u niets te doen.",
    },
    "fr": {
        "subject.one": "budgetmeter : 1 client avec une nouvelle alerte",
        "subject.other": "budgetmeter : {n} clients avec une nouvelle alerte",
        "greeting": "Bonjour {name},",
        "intro": "Ces clients sont entrés dans un état d'alerte depuis le récapitulatif précédent :",
        "now": "maintenant",
        "closing": (
            "Vous trouvez les détails dans budgetmeter, dans vos dossiers. Ce récapitulatif vient une fois par "
            "jour ; vous le désactivez dans l'app, sous Paramètres."
        ),
        "kind.balance_low": "solde bas",
        "kind.days_left_low": "peu de jours restants",
        "kind.emergency_credit_started": "crédit de secours activé",
        "kind.minimum_supply_started": "fourniture minimale activée",
        "signals_intro": "Signaux : ces clients sont sans énergie ou en manquent. Assurez le suivi dans budgetmeter, sous Signaux :",
        "kind.off_supply": "plus de fourniture",
        "kind.limited_supply_long": "en fourniture minimale depuis des jours",
        "kind.emergency_credit_long": "sur crédit de secours depuis des jours sans recharger",
        "kind.heating_dropped": "chauffe beaucoup moins alors que le solde est presque épuisé",
        "signal.subject": "Signal : {client} ({kind}, {energy})",
        "signal.body": "Bonjour {name}, nouveau signal pour {client} : {kind} ({energy}). Voyez-le dans budgetmeter, sous Signaux.",
        "status.supplying": "fournit",
        "status.emergency_credit": "sur crédit de secours",
        "status.minimum_supply": "fourniture minimale",
        "status.interrupted": "interrompu",
        "energy.electricity": "électricité",
        "energy.gas": "gaz",
        "verify.subject": "Votre code pour le récapitulatif quotidien",
        "verify.body": "Votre code est {code}. Entrez-le dans l'app, sous Paramètres. Il est valable 30 minutes.",
        "verify.ignore": "Vous n'avez rien demandé ? Alors vous n'avez rien à faire.",
    },
    "de": {
        "subject.one": "budgetmeter: 1 Klient mit einer neuen Meldung",
        "subject.other": "budgetmeter: {n} Klienten mit einer neuen Meldung",
        "greeting": "Hallo {name},",
        "intro": "Diese Klienten sind seit der vorigen Übersicht in einen Alarmzustand gekommen:",
        "now": "jetzt",
        "closing": (
            "Einzelheiten sehen Sie in budgetmeter, in Ihren Fällen. Diese Übersicht kommt einmal am Tag; "
            "Sie schalten sie in der App unter Einstellungen aus."
        ),
        "kind.balance_low": "Guthaben niedrig",
        "kind.days_left_low": "wenige Tage übrig",
        "kind.emergency_credit_started": "Notkredit begonnen",
        "kind.minimum_supply_started": "Mindestversorgung begonnen",
        "signals_intro": "Signale: Diese Klienten sind ohne Energie oder haben zu wenig. Kümmern Sie sich darum in budgetmeter unter Signale:",
        "kind.off_supply": "keine Versorgung mehr",
        "kind.limited_supply_long": "seit Tagen auf Mindestversorgung",
        "kind.emergency_credit_long": "seit Tagen auf Notkredit ohne Aufladen",
        "kind.heating_dropped": "heizt viel weniger, das Guthaben ist fast aufgebraucht",
        "signal.subject": "Signal: {client} ({kind}, {energy})",
        "signal.body": "Hallo {name}, neues Signal für {client}: {kind} ({energy}). Sehen Sie es in budgetmeter unter Signale.",
        "status.supplying": "liefert",
        "status.emergency_credit": "auf Notkredit",
        "status.minimum_supply": "Mindestversorgung",
        "status.interrupted": "unterbrochen",
        "energy.electricity": "Strom",
        "energy.gas": "Gas",
        "verify.subject": "Ihr Code für die tägliche Übersicht",
        "verify.body": "Ihr Code lautet {code}. Geben Sie ihn in der App unter Einstellungen ein. Er gilt 30 Minuten.",
        "verify.ignore": "Sie haben das nicht angefordert? Dann müssen Sie nichts tun.",
    },
    "en": {
        "subject.one": "budgetmeter: 1 client with a new alert",
        "subject.other": "budgetmeter: {n} clients with a new alert",
        "greeting": "Hello {name},",
        "intro": "These clients entered an alert state since the previous digest:",
        "now": "now",
        "closing": (
            "You find the details in budgetmeter, in your caseload. This digest comes once a day; "
            "you turn it off in the app, under Settings."
        ),
        "kind.balance_low": "balance low",
        "kind.days_left_low": "few days left",
        "kind.emergency_credit_started": "emergency credit started",
        "kind.minimum_supply_started": "minimum supply started",
        "signals_intro": "Signals: these clients are without energy or have too little. Follow up in budgetmeter, under Signals:",
        "kind.off_supply": "off supply",
        "kind.limited_supply_long": "on minimum supply for days",
        "kind.emergency_credit_long": "on emergency credit for days without a top-up",
        "kind.heating_dropped": "heating much less while the balance is nearly gone",
        "signal.subject": "Signal: {client} ({kind}, {energy})",
        "signal.body": "Hello {name}, there is a new signal for {client}: {kind} ({energy}). See it in budgetmeter, under Signals.",
        "status.supplying": "supplying",
        "status.emergency_credit": "on emergency credit",
        "status.minimum_supply": "minimum supply",
        "status.interrupted": "interrupted",
        "energy.electricity": "electricity",
        "energy.gas": "gas",
        "verify.subject": "Your code for the daily digest",
        "verify.body": "Your code is {code}. Enter it in the app, under Settings. It is valid for 30 minutes.",
        "verify.ignore": "Did you not ask for this? Then there is nothing to do.",
    },
}


def word(language: str, key: str, **values: object) -> str:
    return WORDS[language_of(language)][key].format(**values)
