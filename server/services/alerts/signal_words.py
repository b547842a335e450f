"""The words of supply signals (server.rules.signals) in nl, fr, de and en, merged into
server.services.alerts.words: the notice in the app and the household's mail (the staff's words are in
server.services.alerts.digest_words).

The household's rights come from the seeds: seed 001, "U blijft altijd recht hebben op een
minimumlevering van elektriciteit." and "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart
voor aardgas (gele kaart) is opgebruikt en u niet de financiële middelen heeft om deze aan te vullen."
"""

from __future__ import annotations

SIGNAL_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title.off_supply": "Uw meter levert geen {energy} meer",
        "title.limited_supply_long": "Al 3 dagen beperkte stroom",
        "title.emergency_credit_long": "Al 3 dagen noodkrediet voor {energy}",
        "title.heating_dropped": "U verwarmt veel minder dan gewoonlijk",
        "body.off_supply": "Uw meter staat al uren af: u krijgt geen {energy}.",
        "body.limited_supply_long": "Uw stroom is al 3 dagen beperkt tot {amp} ampère.",
        "body.emergency_credit_long": "U gebruikt al 3 dagen noodkrediet zonder op te laden.",
        "body.heating_dropped": "Uw gasverbruik is de laatste dagen sterk gedaald terwijl uw saldo bijna op is.",
        "signal.point": "Dichtstbijzijnde open oplaadpunt: {name}, {address} {municipality}.",
        "signal.no_point": "In de app vindt u de oplaadpunten dicht bij u onder 'Oplaadpunten'.",
        "signal.organisations": "U kunt hulp vragen aan {organisations}: zij volgen uw meter op.",
        "signal.no_organisations": "U kunt hulp vragen aan het OCMW van uw gemeente.",
        "signal.rights": (
            "U blijft altijd recht hebben op een minimumlevering van elektriciteit ({amp} ampère, ongeveer "
            "{watt} watt). Is uw gaskaart op en hebt u geen geld om op te laden? Dan kunt u bij het OCMW gratis "
            "aardgas aanvragen, zeker in de winterperiode (1 december tot 1 maart)."
        ),
    },
    "fr": {
        "title.off_supply": "Votre compteur ne fournit plus de {energy}",
        "title.limited_supply_long": "Électricité limitée depuis 3 jours",
        "title.emergency_credit_long": "Crédit de secours pour {energy} depuis 3 jours",
        "title.heating_dropped": "Vous chauffez beaucoup moins que d'habitude",
        "body.off_supply": "Votre compteur est coupé depuis des heures : vous n'avez plus de {energy}.",
        "body.limited_supply_long": "Votre électricité est limitée à {amp} ampères depuis 3 jours.",
        "body.emergency_credit_long": "Vous utilisez le crédit de secours depuis 3 jours sans recharger.",
        "body.heating_dropped": "Votre consommation de gaz a fortement baissé ces derniers jours et votre solde est presque épuisé.",
        "signal.point": "Point de recharge ouvert le plus proche : {name}, {address} {municipality}.",
        "signal.no_point": "L'app montre les points de recharge proches de chez vous sous « Points de recharge ».",
        "signal.organisations": "Vous pouvez demander de l'aide à {organisations} : ils suivent votre compteur.",
        "signal.no_organisations": "Vous pouvez demander de l'aide au CPAS de votre commune.",
        "signal.rights": (
            "Vous avez toujours droit à une fourniture minimale d'électricité ({amp} ampères, environ {watt} watts). "
            "Votre carte gaz est vide et vous n'avez pas les moyens de recharger ? Vous pouvez demander du gaz "
            "gratuit au CPAS, surtout en période hivernale (du 1er décembre au 1er mars)."
        ),
    },
    "de": {
        "title.off_supply": "Ihr Zähler liefert kein {energy} mehr",
        "title.limited_supply_long": "Seit 3 Tagen begrenzter Strom",
        "title.emergency_credit_long": "Seit 3 Tagen Notkredit für {energy}",
        "title.heating_dropped": "Sie heizen viel weniger als sonst",
        "body.off_supply": "Ihr Zähler ist seit Stunden abgeschaltet: Sie bekommen kein {energy}.",
        "body.limited_supply_long": "Ihr Strom ist seit 3 Tagen auf {amp} Ampere begrenzt.",
        "body.emergency_credit_long": "Sie nutzen seit 3 Tagen Notkredit, ohne aufzuladen.",
        "body.heating_dropped": "Ihr Gasverbrauch ist in den letzten Tagen stark gesunken, und Ihr Guthaben ist fast aufgebraucht.",
        "signal.point": "Nächste geöffnete Aufladestelle: {name}, {address} {municipality}.",
        "signal.no_point": "Die App zeigt Aufladestellen in Ihrer Nähe unter „Aufladestellen“.",
        "signal.organisations": "Sie können {organisations} um Hilfe bitten: Sie begleiten Ihren Zähler.",
        "signal.no_organisations": "Sie können das ÖSHZ Ihrer Gemeinde um Hilfe bitten.",
        "signal.rights": (
            "Sie haben immer Anrecht auf eine Mindestlieferung Strom ({amp} Ampere, etwa {watt} Watt). Ist Ihre "
            "Gaskarte leer und haben Sie kein Geld zum Aufladen? Dann können Sie beim ÖSHZ kostenloses Gas "
            "beantragen, vor allem im Winter (1. Dezember bis 1. März)."
        ),
    },
    "en": {
        "title.off_supply": "Your meter no longer supplies {energy}",
        "title.limited_supply_long": "Limited electricity for 3 days",
        "title.emergency_credit_long": "On emergency credit for {energy} for 3 days",
        "title.heating_dropped": "You are heating much less than usual",
        "body.off_supply": "Your meter has been off for hours: you have no {energy}.",
        "body.limited_supply_long": "Your electricity has been limited to {amp} amperes for 3 days.",
        "body.emergency_credit_long": "You have been on emergency credit for 3 days without topping up.",
        "body.heating_dropped": "Your gas use dropped sharply in the last days while your balance is nearly gone.",
        "signal.point": "Nearest open top-up point: {name}, {address} {municipality}.",
        "signal.no_point": "The app lists the top-up points near you under 'Top-up points'.",
        "signal.organisations": "You can ask {organisations} for help: they follow your meter.",
        "signal.no_organisations": "You can ask your municipality's OCMW/CPAS for help.",
        "signal.rights": (
            "You always have the right to a minimum supply of electricity ({amp} amperes, about {watt} watts). "
            "Is your gas card empty and you have no money to top up? You can ask the OCMW/CPAS for free gas, "
            "certainly in the winter period (1 December to 1 March)."
        ),
    },
}
