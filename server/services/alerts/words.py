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

from ...rules.balance import MINIMUM_SUPPLY_CURRENT_A, MINIMUM_SUPPLY_WATT

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
        "body.days_left": "Aan uw gewone verbruik is dat nog ongeveer {days} {day_word}{then}.",
        "body.days_left_under_a_day": "Aan uw gewone verbruik is dat minder dan een dag{then}.",
        "then.emergency_credit": ", daarna ongeveer {ec_days} {ec_day_word} noodkrediet",
        "body.emergency_credit_days": "Aan uw gewone verbruik is dat nog ongeveer {ec_days} {ec_day_word} noodkrediet.",
        "body.topup_needed.electricity": "Laad minstens {needed} op om weer volledig stroom te hebben.",
        "body.topup_needed.gas": "Laad minstens {needed} op om weer volledig gas te hebben.",
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
        # Gas has no 10 A (issue 20); seed 001: "U kunt gratis aardgas aanvragen wanneer uw
        # budgetmeterkaart voor aardgas (gele kaart) is opgebruikt" ... "De maatschappelijk werker
        # onderzoekt of u recht heeft op gratis aardgas."
        "body.minimum_supply_started.gas": (
            "Uw gasmeter levert nu een minimum. Is uw gaskaart op en hebt u geen geld om ze op te laden? Dan kunt"
            " u bij het OCMW gratis aardgas aanvragen; na een onderzoek krijgt u een brief of u het krijgt."
        ),
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
        "body.days_left": "À votre consommation habituelle, cela fait encore environ {days} {day_word}{then}.",
        "body.days_left_under_a_day": "À votre consommation habituelle, cela fait moins d'un jour{then}.",
        "then.emergency_credit": ", puis environ {ec_days} {ec_day_word} de crédit de secours",
        "body.emergency_credit_days": "À votre consommation habituelle, il reste environ {ec_days} {ec_day_word} de crédit de secours.",
        "body.topup_needed.electricity": "Rechargez au moins {needed} pour retrouver toute l'électricité.",
        "body.topup_needed.gas": "Rechargez au moins {needed} pour retrouver tout le gaz.",
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
        # Gas has no 10 A (issue 20); seed 001: "U kunt gratis aardgas aanvragen wanneer uw
        # budgetmeterkaart voor aardgas (gele kaart) is opgebruikt" ... "De maatschappelijk werker
        # onderzoekt of u recht heeft op gratis aardgas."
        "body.minimum_supply_started.gas": (
            "Votre compteur de gaz ne fournit plus qu'un minimum. Votre carte gaz est vide et vous n'avez pas "
            "l'argent pour la recharger ? Vous pouvez alors demander du gaz gratuit au CPAS ; après une enquête, "
            "une lettre vous dit si vous l'obtenez."
        ),
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
        "body.days_left": "Bei Ihrem üblichen Verbrauch reicht das noch etwa {days} {day_word}{then}.",
        "body.days_left_under_a_day": "Bei Ihrem üblichen Verbrauch reicht das weniger als einen Tag{then}.",
        "then.emergency_credit": ", danach etwa {ec_days} {ec_day_word} Notkredit",
        "body.emergency_credit_days": "Bei Ihrem üblichen Verbrauch reicht der Notkredit noch etwa {ec_days} {ec_day_word}.",
        "body.topup_needed.electricity": "Laden Sie mindestens {needed} auf, um wieder vollen Strom zu haben.",
        "body.topup_needed.gas": "Laden Sie mindestens {needed} auf, um wieder volles Gas zu haben.",
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
        # Gas has no 10 A (issue 20); seed 001: "U kunt gratis aardgas aanvragen wanneer uw
        # budgetmeterkaart voor aardgas (gele kaart) is opgebruikt" ... "De maatschappelijk werker
        # onderzoekt of u recht heeft op gratis aardgas."
        "body.minimum_supply_started.gas": (
            "Ihr Gaszähler liefert jetzt nur ein Minimum. Ist Ihre Gaskarte leer und haben Sie kein Geld, sie "
            "aufzuladen? Dann können Sie beim ÖSHZ kostenloses Erdgas beantragen; nach einer Prüfung sagt Ihnen "
            "ein Brief, ob Sie es bekommen."
        ),
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
        "body.days_left": "At your usual use, that is about {days} more {day_word}{then}.",
        "body.days_left_under_a_day": "At your usual use, that is less than a day{then}.",
        "then.emergency_credit": ", then about {ec_days} {ec_day_word} of emergency credit",
        "body.emergency_credit_days": "At your usual use, the emergency credit lasts about {ec_days} more {ec_day_word}.",
        "body.topup_needed.electricity": "Top up at least {needed} to get full electricity again.",
        "body.topup_needed.gas": "Top up at least {needed} to get full gas again.",
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
        # Gas has no 10 A (issue 20); seed 001: "U kunt gratis aardgas aanvragen wanneer uw
        # budgetmeterkaart voor aardgas (gele kaart) is opgebruikt" ... "De maatschappelijk werker
        # onderzoekt of u recht heeft op gratis aardgas."
        "body.minimum_supply_started.gas": (
            "Your gas meter now supplies only a minimum. Is your gas card used up and do you not have the money "
            "to top it up? Then you can ask the OCMW for free gas; after an investigation, a letter tells you "
            "whether you get it."
        ),
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


def _day_word(language: str, days: int | None) -> str:
    # French says "0 jour" and "1 jour"; the others say "0 dagen", "1 dag".
    return word(language, "day.one" if days == 1 or (language == "fr" and days == 0) else "day.other")


def alert_values(language: str, *, energy: str, balance_cents: int, days_left: int | None,
                 amount_cents: int | None, threshold_cents: int | None = None,
                 days_until_emergency_credit: int | None = None, topup_needed_cents: int | None = None) -> dict[str, object]:
    """The values the sentences take. `days` are the days before the emergency credit when the notice
    has them (issue 20: the days_left_low alert judges those), else the v1 days left (notices written
    before); `ec_days` the emergency credit's days after them (v1 days left minus those)."""
    shown = days_until_emergency_credit if days_until_emergency_credit is not None else days_left
    ec_days = days_left - days_until_emergency_credit if days_left is not None and days_until_emergency_credit is not None else 0
    values: dict[str, object] = {
        "energy": word(language, f"energy.{energy}"),
        "balance": money(balance_cents, language),
        "days": shown if shown is not None else 0,
        "day_word": _day_word(language, shown),
        "shown_days": shown,
        "ec_days": ec_days,
        "ec_day_word": _day_word(language, ec_days),
        "amount": money(amount_cents or 0, language),
        "threshold": money(threshold_cents or 0, language),
        "needed_cents": topup_needed_cents or 0,
        "needed": money(topup_needed_cents or 0, language),
        "energy_key": energy,
        "amp": MINIMUM_SUPPLY_CURRENT_A,
        "watt": MINIMUM_SUPPLY_WATT,
    }
    values["then"] = word(language, "then.emergency_credit", **values) if ec_days > 0 else ""
    return values


def title(language: str, kind: str, values: dict[str, object]) -> str:
    if kind == "days_left_low" and values["shown_days"] == 0:
        # Whole days are counted (seed 002: what is left // the average daily cost): 0 is less than a
        # day's use left, which "0 days" would read as nothing left at all.
        return word(language, "title.days_left_under_a_day", **values)
    return word(language, f"title.{kind}", **values)


def body(language: str, kind: str, values: dict[str, object]) -> str:
    """The notice in plain words: the balance, what it means (the days before the emergency credit and
    after it; off supplying, the smallest top-up back to full supply), and (in the app) no more."""
    # Minimum supply of gas is not electricity's 10 A that is paid for too: it is free gas from the OCMW.
    gas = kind == "minimum_supply_started" and values["energy_key"] == "gas"
    parts = [word(language, f"body.{kind}.gas" if gas else f"body.{kind}", **values)]
    if kind == "topup_loaded":
        return " ".join(parts)
    parts.append(word(language, "body.balance", **values))
    days, needed = values["shown_days"], values["needed_cents"]
    if days is not None and kind in ("days_left_low", "balance_low"):
        if needed:  # past the household's own money: only the emergency credit's days are left
            if values["ec_days"]:
                parts.append(word(language, "body.emergency_credit_days", **values))
        else:
            parts.append(word(language, "body.days_left_under_a_day" if days == 0 else "body.days_left", **values))
    if needed:
        parts.append(word(language, f"body.topup_needed.{values['energy_key']}", **values))
    return " ".join(parts)


# Supply signals are notification kinds too (issue 21): their words live in a table of their own.
from .signal_words import SIGNAL_WORDS  # noqa: E402

for _language, _words in SIGNAL_WORDS.items():
    WORDS[_language].update(_words)
