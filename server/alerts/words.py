"""The words of alerts, in the four languages of the app (nl first, fr, de, en): a small table in the
server rather than gettext catalogs, because the server has no catalogs of its own and these are the
only sentences it writes to people. Amounts are formatted by Babel in Belgian formats.

The meaning sentences come from the seeds:
- emergency credit, seed 002: "wanneer u de negatieve kredietlimiet activeert, dan zult u bij uw
  volgende oplaadbeurt in één keer al uw verbruik en uw noodkrediet in één keer moeten terugbetalen";
- minimum supply, seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde
  elektriciteit slechts 10 ampère is. Aan een spanning van 230 volt levert dat een bruikbaar vermogen
  op van 2300 Watt." and "Ook deze minimumlevering dient u te betalen."
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency

from ..rules.balance import MINIMUM_SUPPLY_CURRENT_A, MINIMUM_SUPPLY_WATT

LANGUAGES = ("nl", "fr", "de", "en")
_LOCALE = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_BE"}

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "energy.electricity": "elektriciteit",
        "energy.gas": "gas",
        "title.balance_low": "Uw saldo voor {energy} is laag",
        "title.days_left_low": "Nog {days} {day_word} {energy}",
        "title.days_left_under_a_day": "Minder dan een dag {energy} over",
        "day.one": "dag",
        "day.other": "dagen",
        "title.emergency_credit_started": "U gebruikt nu noodkrediet voor {energy}",
        "title.minimum_supply_started": "Minimumlevering voor {energy}",
        "title.topup_loaded": "Uw oplading van {amount} staat op uw meter",
        "body.balance": "Uw saldo is nu {balance}.",
        "body.days_left": "Aan uw gewone verbruik is dat nog ongeveer {days} {day_word}.",
        "body.days_left_under_a_day": "Aan uw gewone verbruik is dat minder dan een dag.",
        "body.balance_low": "Uw saldo is lager dan {threshold}. Laad tijdig op, dan blijft uw meter leveren.",
        "body.days_left_low": "Laad tijdig op, dan blijft uw meter leveren.",
        "body.emergency_credit_started": (
            "Uw meter gebruikt noodkrediet. Dat krediet betaalt u in één keer terug bij uw volgende oplading, "
            "samen met uw verbruik: laad dus meer op dan uw noodkrediet."
        ),
        "body.minimum_supply_started": (
            "Uw meter levert nu een minimum: de stroom is beperkt tot {amp} ampère, ongeveer {watt} watt. "
            "Dan kunt u maar een paar toestellen tegelijk gebruiken. Ook deze minimumlevering moet u betalen."
        ),
        "body.topup_loaded": "Het bedrag van {amount} staat op uw meter.",
        "topup_where": (
            "Opladen kan in een oplaadpunt (OCMW, kantoor van de netbeheerder, winkel met een terminal) of met "
            "een overschrijving. In de app vindt u de oplaadpunten dicht bij u onder 'Oplaadpunten'."
        ),
        "topup_url": "Oplaadpunten: {url}",
        "greeting": "Beste {name},",
        "closing": "Deze mail komt van budgetmeter omdat u meldingen aanzette. U kunt ze uitzetten in de app, bij Instellingen.",
        "verify.subject": "Uw code voor meldingen per mail",
        "verify.body": "Uw code is {code}. Vul hem in de app in, bij Instellingen. Hij is 30 minuten geldig.",
        "verify.ignore": "Hebt u dit niet gevraagd? Dan hoeft u niets te doen.",
    },
    "fr": {
        "energy.electricity": "électricité",
        "energy.gas": "gaz",
        "title.balance_low": "Votre solde pour {energy} est bas",
        "title.days_left_low": "Encore {days} {day_word} de {energy}",
        "title.days_left_under_a_day": "Moins d'un jour restant ({energy})",
        "day.one": "jour",
        "day.other": "jours",
        "title.emergency_credit_started": "Vous utilisez maintenant le crédit de secours pour {energy}",
        "title.minimum_supply_started": "Fourniture minimale pour {energy}",
        "title.topup_loaded": "Votre recharge de {amount} est sur votre compteur",
        "body.balance": "Votre solde est maintenant de {balance}.",
        "body.days_left": "À votre consommation habituelle, cela fait encore environ {days} {day_word}.",
        "body.days_left_under_a_day": "À votre consommation habituelle, cela fait moins d'un jour.",
        "body.balance_low": "Votre solde est inférieur à {threshold}. Rechargez à temps pour que votre compteur continue à fournir.",
        "body.days_left_low": "Rechargez à temps pour que votre compteur continue à fournir.",
        "body.emergency_credit_started": (
            "Votre compteur utilise le crédit de secours. Ce crédit est remboursé en une fois lors de votre prochaine "
            "recharge, avec votre consommation : rechargez donc plus que votre crédit de secours."
        ),
        "body.minimum_supply_started": (
            "Votre compteur fournit un minimum : le courant est limité à {amp} ampères, environ {watt} watts. "
            "Vous ne pouvez utiliser que quelques appareils à la fois. Cette fourniture minimale est aussi à payer."
        ),
        "body.topup_loaded": "Le montant de {amount} est sur votre compteur.",
        "topup_where": (
            "Vous pouvez recharger dans un point de recharge (CPAS, bureau du gestionnaire de réseau, magasin avec "
            "un terminal) ou par virement. L'app montre les points proches de chez vous sous « Points de recharge »."
        ),
        "topup_url": "Points de recharge : {url}",
        "greeting": "Bonjour {name},",
        "closing": "Ce mail vient de budgetmeter parce que vous avez activé les alertes. Vous pouvez les désactiver dans l'app, sous Paramètres.",
        "verify.subject": "Votre code pour les alertes par mail",
        "verify.body": "Votre code est {code}. Entrez-le dans l'app, sous Paramètres. Il est valable 30 minutes.",
        "verify.ignore": "Vous n'avez rien demandé ? Alors vous n'avez rien à faire.",
    },
    "de": {
        "energy.electricity": "Strom",
        "energy.gas": "Gas",
        "title.balance_low": "Ihr Guthaben für {energy} ist niedrig",
        "title.days_left_low": "Noch {days} {day_word} {energy}",
        "title.days_left_under_a_day": "Weniger als ein Tag {energy}",
        "day.one": "Tag",
        "day.other": "Tage",
        "title.emergency_credit_started": "Sie nutzen jetzt Notkredit für {energy}",
        "title.minimum_supply_started": "Mindestversorgung für {energy}",
        "title.topup_loaded": "Ihre Aufladung von {amount} ist auf Ihrem Zähler",
        "body.balance": "Ihr Guthaben beträgt jetzt {balance}.",
        "body.days_left": "Bei Ihrem üblichen Verbrauch reicht das noch etwa {days} {day_word}.",
        "body.days_left_under_a_day": "Bei Ihrem üblichen Verbrauch reicht das weniger als einen Tag.",
        "body.balance_low": "Ihr Guthaben liegt unter {threshold}. Laden Sie rechtzeitig auf, damit Ihr Zähler weiter liefert.",
        "body.days_left_low": "Laden Sie rechtzeitig auf, damit Ihr Zähler weiter liefert.",
        "body.emergency_credit_started": (
            "Ihr Zähler nutzt Notkredit. Diesen Kredit zahlen Sie bei Ihrer nächsten Aufladung auf einmal zurück, "
            "zusammen mit Ihrem Verbrauch: Laden Sie also mehr auf als Ihren Notkredit."
        ),
        "body.minimum_supply_started": (
            "Ihr Zähler liefert jetzt nur ein Minimum: der Strom ist auf {amp} Ampere begrenzt, etwa {watt} Watt. "
            "Sie können nur wenige Geräte gleichzeitig nutzen. Auch diese Mindestversorgung müssen Sie bezahlen."
        ),
        "body.topup_loaded": "Der Betrag von {amount} ist auf Ihrem Zähler.",
        "topup_where": (
            "Aufladen können Sie an einer Aufladestelle (ÖSHZ, Büro des Netzbetreibers, Geschäft mit Terminal) oder "
            "per Überweisung. Die App zeigt Aufladestellen in Ihrer Nähe unter „Aufladestellen“."
        ),
        "topup_url": "Aufladestellen: {url}",
        "greeting": "Hallo {name},",
        "closing": "Diese Mail kommt von budgetmeter, weil Sie Meldungen eingeschaltet haben. Sie können sie in der App unter Einstellungen ausschalten.",
        "verify.subject": "Ihr Code für Meldungen per Mail",
        "verify.body": "Ihr Code lautet {code}. Geben Sie ihn in der App unter Einstellungen ein. Er gilt 30 Minuten.",
        "verify.ignore": "Sie haben das nicht angefordert? Dann müssen Sie nichts tun.",
    },
    "en": {
        "energy.electricity": "electricity",
        "energy.gas": "gas",
        "title.balance_low": "Your {energy} balance is low",
        "title.days_left_low": "{days} {day_word} of {energy} left",
        "title.days_left_under_a_day": "Less than a day of {energy} left",
        "day.one": "day",
        "day.other": "days",
        "title.emergency_credit_started": "You are now using emergency credit for {energy}",
        "title.minimum_supply_started": "Minimum supply for {energy}",
        "title.topup_loaded": "Your top-up of {amount} is on your meter",
        "body.balance": "Your balance is now {balance}.",
        "body.days_left": "At your usual use, that is about {days} more {day_word}.",
        "body.days_left_under_a_day": "At your usual use, that is less than a day.",
        "body.balance_low": "Your balance is below {threshold}. Top up in time and your meter keeps supplying.",
        "body.days_left_low": "Top up in time and your meter keeps supplying.",
        "body.emergency_credit_started": (
            "Your meter is using emergency credit. You pay it back in one go at your next top-up, together with "
            "what you used: so top up more than your emergency credit."
        ),
        "body.minimum_supply_started": (
            "Your meter now supplies a minimum: the current is limited to {amp} amperes, about {watt} watts. "
            "You can use only a few appliances at a time. This minimum supply has to be paid for too."
        ),
        "body.topup_loaded": "The amount of {amount} is on your meter.",
        "topup_where": (
            "You can top up at a top-up point (OCMW/CPAS, grid operator's office, shop with a terminal) or by bank "
            "transfer. The app lists the points near you under 'Top-up points'."
        ),
        "topup_url": "Top-up points: {url}",
        "greeting": "Hello {name},",
        "closing": "This mail comes from budgetmeter because you turned on alerts. You can turn them off in the app, under Settings.",
        "verify.subject": "Your code for alerts by mail",
        "verify.body": "Your code is {code}. Enter it in the app, under Settings. It is valid for 30 minutes.",
        "verify.ignore": "Did you not ask for this? Then there is nothing to do.",
    },
}


def language_of(value: str | None) -> str:
    return value if value in WORDS else "nl"


def word(language: str, key: str, **values: object) -> str:
    return WORDS[language_of(language)][key].format(**values)


@lru_cache(maxsize=8192)
def money(cents: int, language: str) -> str:
    # Cached: Babel takes tens of microseconds per amount, and alerts repeat the same few thresholds
    # and balances; this runs inside the transaction that applies readings.
    return format_currency(cents / 100, "EUR", locale=_LOCALE[language_of(language)])


def alert_values(language: str, *, energy: str, balance_cents: int, days_left: int | None,
                 amount_cents: int | None, threshold_cents: int | None = None) -> dict[str, object]:
    return {
        "energy": word(language, f"energy.{energy}"),
        "balance": money(balance_cents, language),
        "days": days_left if days_left is not None else 0,
        # French says "0 jour" and "1 jour"; the others say "0 dagen", "1 dag".
        "day_word": word(language, "day.one" if days_left == 1 or (language == "fr" and days_left == 0) else "day.other"),
        "amount": money(amount_cents or 0, language),
        "threshold": money(threshold_cents or 0, language),
        "amp": MINIMUM_SUPPLY_CURRENT_A,
        "watt": MINIMUM_SUPPLY_WATT,
    }


def title(language: str, kind: str, values: dict[str, object], *, days_left: int | None = None) -> str:
    if kind == "days_left_low" and days_left == 0:
        # Whole days are counted (seed 002: what is left // the average daily cost): 0 is less than a
        # day's use left, which "0 days" would read as nothing left at all.
        return word(language, "title.days_left_under_a_day", **values)
    return word(language, f"title.{kind}", **values)


def body(language: str, kind: str, values: dict[str, object], *, days_left: int | None) -> str:
    """The notice in plain words: the balance, what it means, and (in the app) no more."""
    parts = [word(language, f"body.{kind}", **values)]
    if kind != "topup_loaded":
        parts.append(word(language, "body.balance", **values))
        if days_left is not None and kind in ("days_left_low", "balance_low"):
            parts.append(word(language, "body.days_left_under_a_day" if days_left == 0 else "body.days_left", **values))
    return " ".join(parts)
