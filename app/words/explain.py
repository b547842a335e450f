"""What a meter's status means and what happens next, in plain words, from the seed documents.

Each text names the sentence it follows (the seeds are in Dutch; the app says the same in its own
words in every language).
"""

from __future__ import annotations

from app.api.models import Balance
from app.api.winter_models import WinterPeriod
from app.i18n import Translator
from app.words.winter import winter_period_text


def free_gas_lines(t: Translator, winter: WinterPeriod | None) -> list[str]:
    """What is true for gas without money, said once: free gas asked at the OCMW, granted or not after
    an investigation (seed 001), with the winter period's conditions and its dates when known."""
    lines = [
        # Seed 001: "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart)
        # is opgebruikt en u niet de financiële middelen heeft om deze aan te vullen."
        t.gettext("Is your gas card used up and do you not have the money to top it up? Then you can ask your OCMW for free gas."),
        # Seed 001: "U maakt een afspraak met de sociale dienst." ... "De maatschappelijk werker onderzoekt
        # of u recht heeft op gratis aardgas." ... "Na het onderzoek krijgt u een brief van het OCMW.
        # Daarin staat of u gratis aardgas krijgt of niet."
        t.gettext("Make an appointment with its social service. A social worker looks into whether you are entitled to it; "
                  "after that, a letter from the OCMW tells you whether you get free gas or not."),
    ]
    # Seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een minimale
    # levering van gas en elektriciteit. Contacteer het OCMW voor meer informatie." The dates from the
    # server when it answered, else the seed's.
    period = winter_period_text(t, winter)
    if period is None:
        lines.append(t.gettext("Minimum supply of gas has conditions in the winter period (1 December to 1 March)."))
    else:
        lines.append(t.gettext("Minimum supply of gas has conditions in the winter period."))
        lines.append(period)
    return lines


def status_explanation(t: Translator, b: Balance, winter: WinterPeriod | None = None) -> list[str]:
    """The lines for a meter's status; ``winter`` (from the server) gives the winter period's dates,
    else the seed's "1 December to 1 March" stays."""
    lines: list[str] = []
    if b.status == "supplying":
        # Seed 001: "U kunt elektriciteit en/of gas gebruiken totdat het bedrag op uw kaart op is.
        # Indien u niet gaat herladen, valt u terug op een noodkrediet."
        lines.append(t.gettext("Your meter supplies energy until your balance is used up."))
        lines.append(t.gettext("If you do not top up in time, the meter switches to emergency credit."))
    elif b.status == "emergency_credit":
        # Seed 001 (noodkrediet) and seed 002: "wanneer u de negatieve kredietlimiet activeert, dan zult u
        # bij uw volgende oplaadbeurt in één keer al uw verbruik en uw noodkrediet ... moeten terugbetalen".
        lines.append(t.gettext("Your balance is used up and you are now using emergency credit."))
        lines.append(
            t.gettext(
                "At your next top-up, the emergency credit you used and any negative balance are repaid first. Only what is left goes to your balance."
            )
        )
        lines.append(t.gettext("When the emergency credit is used up too, the meter falls back to minimum supply or stops."))
    elif b.status == "minimum_supply":
        if b.energy == "electricity":
            # Seed 001: "De stroombegrenzer ... slechts 10 ampère ... Aan een spanning van 230 volt levert dat
            # een bruikbaar vermogen op van 2300 Watt. Hiermee kunt u zich behelpen, maar veel toestellen
            # tegelijk laten werken is onmogelijk." and "Ook deze minimumlevering dient u te betalen."
            amps = b.minimum_supply.max_current_a or 10
            lines.append(
                t.gettext("Your electricity is limited to {amps} A: about {watts} W at 230 V.").format(
                    amps=amps, watts=t.number(amps * 230)
                )
            )
            lines.append(
                t.gettext(
                    "That is enough for lighting, the fridge and a few small devices, but not for many devices at the same time."
                )
            )
            # Seed 002: "Deze maatregel is niet bruikbaar als u elektrische verwarming gebruikt."
            lines.append(t.gettext("Electric heating does not work on minimum supply."))
            lines.append(t.gettext("You pay for minimum supply too. Top up to get full supply again."))
        else:
            # Gas has no 10 A of its own (issue 20: a gas meter said "minimum supply" and "you pay for it
            # too" beside "ask for free gas"). Seed 001, "Minimale levering aardgas": "U kunt gratis
            # aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is opgebruikt en u
            # niet de financiële middelen heeft om deze aan te vullen."
            lines += free_gas_lines(t, winter)
    else:
        # Seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten".
        lines.append(t.gettext("Your balance and emergency credit are used up, so the meter stopped supplying."))
        lines.append(t.gettext("Top up to get supply back. What you owe is repaid first."))
        if b.energy == "gas":
            lines += free_gas_lines(t, winter)
    if b.negative_credit_limit_cents:
        # Seed 002: "u kunt energie verbruiken tot uw meter een negatief saldo van -50 euro bereikt".
        lines.append(
            t.gettext("You can use energy until your balance reaches {limit}.").format(
                limit=t.money(-abs(b.negative_credit_limit_cents))
            )
        )
    return lines
