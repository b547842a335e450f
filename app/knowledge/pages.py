"""Know your meter: short pages drawn from the seed documents, as structured data (no Flet).

The text is Dutch (the seeds' language and the app's first language) and marked with ``K_``: it is
translated through the gettext domain ``knowledge`` (``locales/<lang>/LC_MESSAGES/knowledge.po``), kept
apart from the screens' ``messages`` domain. ``K_`` is not one of pybabel's default keywords, so the
screens' extraction never picks these strings up. To update the catalogs:

    .venv/bin/pybabel extract --no-default-keywords -k K_ --no-location --sort-output \\
        -o locales/knowledge.pot app/knowledge
    .venv/bin/pybabel update -D knowledge -i locales/knowledge.pot -d locales
    .venv/bin/pybabel compile -D knowledge -d locales

Each page cites the seed sentences it follows (``sources``: seed number and the Dutch sentence, quoted
verbatim up to whitespace); quotes are never translated. Blocks marked ``ours`` are our own practical
examples, not the seed's words, and the UI must show them as such.

:mod:`app.knowledge` (the package) gives the translated pages (``pages(language)``); each page names
its icon here, beside its text.
"""

from __future__ import annotations

from .model import K_, PageSpec, Source, bullets, p, steps


EMERGENCY_CREDIT = PageSpec(
    id="emergency_credit",
    icon="CREDIT_SCORE",
    title=K_("Noodkrediet en terugbetalen"),
    summary=K_("Is uw opgeladen bedrag op? Dan valt u terug op een noodkrediet. Dat betaalt u terug bij de volgende oplading."),
    blocks=(
        p(K_("U betaalt vooraf voor de elektriciteit of het aardgas dat u verbruikt. Laadt u niet opnieuw op als het bedrag op is, dan valt u terug op een noodkrediet.")),
        bullets(
            K_("Het noodkrediet is geen gratis energie: het is een voorschot."),
            K_("Bij uw volgende oplading betaalt u eerst het gebruikte noodkrediet terug. Alleen wat overblijft, komt op uw saldo."),
            K_("Is ook het noodkrediet op, dan wordt de meter afgesloten en krijgt u geen energie meer geleverd. Voor elektriciteit houdt u wel recht op een minimale levering."),
        ),
        p(K_("Voorbeeld: u hebt 8 euro noodkrediet gebruikt en laadt 20 euro op. Dan komt er 12 euro op uw saldo."), ours=True),
    ),
    sources=(
        Source("001", "Indien u niet gaat herladen, valt u terug op een noodkrediet."),
        Source("002", "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten en krijgt u geen energie meer geleverd."),
        Source(
            "002",
            "Let op: wanneer u de negatieve kredietlimiet activeert, dan zult u bij uw volgende oplaadbeurt in één keer al "
            "uw verbruik en uw noodkrediet in één keer moeten terugbetalen.",
        ),
    ),
)

NEGATIVE_CREDIT_LIMIT = PageSpec(
    id="negative_credit_limit",
    icon="TRENDING_DOWN",
    title=K_("Negatieve kredietlimiet"),
    summary=K_("Met een negatieve kredietlimiet blijft de meter werken, ook als uw saldo onder nul staat, tot een vast bedrag."),
    blocks=(
        p(K_("Met een negatieve kredietlimiet wordt de budgetmeter niet afgesloten, ook al staat het saldo onder nul. Dat geldt voor een bepaalde periode en tot een bepaald bedrag.")),
        bullets(
            K_("Is de limiet bijvoorbeeld -50 euro, dan kunt u energie verbruiken tot uw saldo -50 euro is."),
            K_("Daarna kunt u via de meter uw noodkrediet activeren."),
            K_("Is ook het noodkrediet op, dan wordt de meter afgesloten."),
        ),
        p(K_("Bij de volgende oplading betaalt u alles in één keer terug: uw verbruik onder nul en het noodkrediet. Daarbovenop komt het bedrag van de oplading zelf (minstens 0,50 euro).")),
        p(K_("Deze maatregel kan maar één keer geactiveerd worden. U vraagt hem telefonisch aan bij uw netbeheerder.")),
        p(K_("Let op: dit was een uitzonderlijke covid-19-maatregel van ORES in Wallonië. Vraag aan uw netbeheerder of hij voor u bestaat.")),
    ),
    sources=(
        Source("002", "Bij een negatieve kredietlimiet wordt de budgetmeter niet afgesloten, ook al heeft hij een negatief saldo."),
        Source(
            "002",
            "Als u bijvoorbeeld een bedrag van -50 euro hebt bereikt, dan moet u die 50 euro terugbetalen, plus het bedrag "
            "van uw oplaadbeurt (minimaal 0,50 euro), om nog energie te kunnen verbruiken.",
        ),
        Source("002", "De maatregel kan slechts één keer geactiveerd worden en kan rechtstreeks telefonisch aangevraagd worden."),
    ),
)

MINIMUM_SUPPLY = PageSpec(
    id="minimum_supply",
    icon="SPEED",
    title=K_("Minimale levering elektriciteit (10 ampère)"),
    summary=K_("Ook als alles op is, blijft u een beetje stroom krijgen: 10 ampère, of 2300 watt tegelijk."),
    blocks=(
        bullets(
            K_("Is uw noodkrediet op en laadt u niet opnieuw op? Dan valt u nog niet zonder stroom."),
            K_("U blijft altijd recht hebben op een minimale levering van elektriciteit. Dat is een blijvende maatregel, niet alleen in de winter."),
            K_("Ook die minimale levering moet u betalen."),
            K_("De stroombegrenzer in de meter laat dan maar 10 ampère door. Bij 230 volt is dat 2300 watt."),
            K_("Daarmee kunt u zich behelpen, maar veel toestellen tegelijk laten werken gaat niet."),
        ),
        bullets(
            K_("Koelkast, lampen en een gsm-lader samen: ja (samen ongeveer 300 watt)."),
            K_("Een tv of een laptop erbij: ja."),
            K_("Oven en waterkoker tegelijk: nee (elk ongeveer 2000 watt)."),
            K_("Een elektrisch vuurtje, een wasmachine die verwarmt of een droogkast: alleen als al de rest uit staat, en vaak zelfs dan niet."),
            K_("Zet een groot toestel pas aan als het vorige uit is. Springt de stroom uit, zet dan toestellen uit en wacht even."),
            heading=K_("Voorbeelden van ons (niet uit de brochure; kijk op het typeplaatje van uw toestel):"),
            ours=True,
        ),
        p(K_("Verwarmt u elektrisch? Dan is 10 ampère te weinig voor uw verwarming en valt de meter steeds stil.")),
    ),
    sources=(
        Source("001", "U blijft altijd recht hebben op een minimumlevering van elektriciteit."),
        Source(
            "001",
            "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde elektriciteit slechts 10 ampère is. "
            "Aan een spanning van 230 volt levert dat een bruikbaar vermogen op van 2300 Watt.",
        ),
        Source("001", "Hiermee kunt u zich behelpen, maar veel toestellen tegelijk laten werken is onmogelijk."),
        Source("000", "Minimale Levering Elektriciteit staat in het Energiebesluit ingeschreven als een permanente maatregel.", "Vraag 15"),
        Source(
            "002",
            "Het beperkte vermogen van de vermogensbegrenzer is onvoldoende voor uw verwarming en uw meter zal dan de hele "
            "tijd stilvallen.",
        ),
    ),
)

WINTER_PERIOD = PageSpec(
    id="winter_period",
    icon="AC_UNIT",
    title=K_("Winterperiode: 1 december tot 1 maart"),
    summary=K_("In de winter gelden voorwaarden voor een minimale levering van gas en elektriciteit. Het OCMW helpt u verder."),
    blocks=(
        p(K_("Tijdens de winterperiode, van 1 december tot 1 maart, gelden voorwaarden voor een minimale levering van gas en elektriciteit.")),
        p(K_("Neem contact op met het OCMW van uw gemeente voor meer informatie.")),
        p(K_("Is uw gaskaart op en hebt u geen geld om ze op te laden? Dan kunt u bij het OCMW gratis aardgas aanvragen.")),
        p(K_("De minimale levering van elektriciteit geldt het hele jaar, niet alleen in de winter.")),
    ),
    sources=(
        Source(
            "001",
            "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een minimale levering van gas en "
            "elektriciteit.",
        ),
        Source("001", "Contacteer het OCMW voor meer informatie."),
    ),
)

FREE_GAS = PageSpec(
    id="free_gas",
    icon="LOCAL_FIRE_DEPARTMENT",
    title=K_("Gratis aardgas aanvragen bij het OCMW"),
    summary=K_("Is uw gele kaart voor aardgas op en hebt u geen geld om ze op te laden? Vraag dan gratis aardgas aan bij het OCMW."),
    blocks=(
        p(K_("U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) op is en u niet het geld hebt om ze op te laden.")),
        steps(
            K_("Maak een afspraak met de sociale dienst van het OCMW."),
            K_("Breng de documenten hieronder mee."),
            K_("Bent u in schuldbemiddeling? Breng dan ook de contactgegevens van uw schuldbemiddelaar mee."),
            K_("U hebt een gesprek met de maatschappelijk werker."),
            K_("De maatschappelijk werker onderzoekt of u recht hebt op gratis aardgas."),
            K_("Na het onderzoek krijgt u een brief van het OCMW. Daarin staat of u gratis aardgas krijgt of niet."),
            heading=K_("Zo gaat het:"),
        ),
        bullets(
            K_("Uw identiteitskaart"),
            K_("Uw budgetmeterkaart voor aardgas (gele kaart)"),
            K_("Een bewijs van de inkomsten van alle gezinsleden (loonfiches, attesten van uitkering, rekeninguittreksels, ...)"),
            K_("Een bewijs van de vaste kosten (facturen van verzekeringen, huur, water, elektriciteit, internet, ...)"),
            heading=K_("Documenten om mee te brengen:"),
        ),
    ),
    sources=(
        Source(
            "001",
            "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is opgebruikt en u niet "
            "de financiële middelen heeft om deze aan te vullen.",
        ),
        Source("001", "U maakt een afspraak met de sociale dienst."),
        Source("001", "Daarin staat of u gratis aardgas krijgt of niet."),
    ),
)

PREPAID_BASIC = PageSpec(
    id="prepaid_basic_vs_full",
    icon="PIN",
    title=K_("Prepaid-basic of een volledig account"),
    summary=K_("Met Prepaid-basic logt u in met uw Prepaid-code en postcode. Met een volledig account kiest u zelf een wachtwoord."),
    blocks=(
        bullets(
            K_("U hebt alleen uw Prepaid-code en uw postcode nodig."),
            K_("Een hulpverlener, bijvoorbeeld van het OCMW, kan met uw Prepaid-code voor u inloggen."),
            K_("Een deel van de Prepaid-code is verborgen op het scherm, voor uw privacy: de code is minder veilig dan een wachtwoord dat u zelf kiest."),
            heading=K_("Prepaid-basic"),
        ),
        bullets(
            K_("De eerste keer registreert u zich elektronisch, met itsme of uw eID."),
            K_("Daarna kiest u in uw profiel een gebruikersnaam en een wachtwoord."),
            K_("U kunt die gegevens zelf doorgeven aan een hulpverlener, bijvoorbeeld voor budgetbeheer."),
            heading=K_("Volledig account"),
        ),
        p(K_("De Prepaid-code dient alleen om in te loggen. Om te betalen, ook aan de oplaadterminal, gebruikt u het referentienummer.")),
    ),
    sources=(
        Source("000", "Via Prepaid-basic kunnen hulpverleners aan de hand van zijn Prepaid-code inloggen.", "Vraag 8"),
        Source(
            "000",
            "Hij kan ook altijd kiezen om in te loggen via prepaidbasic.fluvius.be, daar heeft hij enkel zijn Prepaid-code "
            "en postcode nodig.",
            "Vraag 9",
        ),
        Source(
            "000",
            "De Prepaid-code is niet zo veilig als een eigen gekozen wachtwoord en daarom is een gedeelte van de gegevens geblurd.",
            "Vraag 12",
        ),
        Source("000", "De Prepaid-code wordt alleen maar gebruikt om in te loggen op prepaidbasic.fluvius.be.", "Vraag 16"),
    ),
)

PAYING = PageSpec(
    id="paying",
    icon="EURO",
    title=K_("Betalen: referentienummer en klaarzetten"),
    summary=K_("U betaalt met het referentienummer van uw meter: de 13 cijfers na 54144 van de EAN-code."),
    blocks=(
        p(K_("Aan de oplaadterminal en bij een overschrijving gebruikt u het referentienummer van de juiste energie: de 13 cijfers na 54144 van de EAN-code van uw meter. De app toont het bij elke meter.")),
        p(K_("Uw Prepaid-code gebruikt u nooit om te betalen.")),
        steps(
            K_("Betalen: de overschrijving met het referentienummer."),
            K_("Klaarzetten: het bedrag klaarzetten, zodat het op de meter geladen wordt."),
            heading=K_("Betaalt een hulpverlener voor u met een overschrijving? Dan zijn er altijd twee stappen nodig:"),
        ),
        p(K_("Alleen betalen is niet genoeg: zonder klaarzetten komt het geld niet op uw meter.")),
    ),
    sources=(
        Source(
            "000",
            "Nee, aan de oplaadterminal moet je nog steeds het referentienummer gebruiken (13 cijfers na 54144 van EAN).",
            "Vraag 6",
        ),
        Source("000", "De Prepaid-code van de cliënt wordt dus nooit gebruikt voor een betaling aan een oplaadterminal.", "Vraag 6"),
        Source(
            "000",
            "Hierbij zijn dus steeds twee handelingen nodig zodat de klant het geld ook effectief op zijn/haar Prepaid "
            "ontvangt: betalen + klaarzetten.",
            "Vraag 10",
        ),
    ),
)

#: In the order the home screen lists them.
PAGES: tuple[PageSpec, ...] = (
    EMERGENCY_CREDIT,
    NEGATIVE_CREDIT_LIMIT,
    MINIMUM_SUPPLY,
    WINTER_PERIOD,
    FREE_GAS,
    PREPAID_BASIC,
    PAYING,
)
PAGE_IDS: tuple[str, ...] = tuple(p.id for p in PAGES)

#: Pages worth a link from a meter's detail, by the meter's status (the balance statuses: supplying,
#: emergency_credit, minimum_supply, interrupted) and energy.
FOR_METER: dict[tuple[str, str], tuple[str, ...]] = {
    ("supplying", "electricity"): ("paying", "emergency_credit", "minimum_supply"),
    ("supplying", "gas"): ("paying", "emergency_credit", "winter_period"),
    ("emergency_credit", "electricity"): ("emergency_credit", "paying", "minimum_supply", "negative_credit_limit"),
    ("emergency_credit", "gas"): ("emergency_credit", "paying", "free_gas", "winter_period"),
    ("minimum_supply", "electricity"): ("minimum_supply", "paying", "winter_period"),
    ("minimum_supply", "gas"): ("free_gas", "winter_period", "paying"),
    ("interrupted", "electricity"): ("paying", "minimum_supply", "emergency_credit"),
    ("interrupted", "gas"): ("free_gas", "winter_period", "paying"),
}

__all__ = ["FOR_METER", "PAGES", "PAGE_IDS"]
