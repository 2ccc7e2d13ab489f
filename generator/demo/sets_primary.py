"""Demo indicator sets for mental-health care (GGZ) and general practice, as data (see sets.py for the
keys)."""

from __future__ import annotations

#: The description of a patient-reported experience (PREM) score; {lo}, {who} and {what} are filled in.
_PREM = "Gemiddeld rapportcijfer ({lo}–10) dat {who} geven voor {what} (vragenlijst cliëntervaringen)."

_GROUPS = (  # (diagnosis group, weeks to intake, weeks to treatment, intakes per quarter)
    ("angststoornissen", 6.0, 5.0, 30),
    ("depressieve stemmingsstoornissen", 6.5, 5.5, 36),
    ("persoonlijkheidsstoornissen", 10.0, 9.0, 14),
    ("ADHD", 9.0, 8.0, 18),
    ("eetstoornissen", 8.0, 7.0, 7),
)


def _waiting(number: int, group: str, weeks: float, intakes: float, treatment: bool) -> dict:
    """One waiting-time indicator (median weeks, quarterly) for a diagnosis group."""
    what = "de start van de behandeling" if treatment else "het eerste gesprek (intake)"
    start = "de intake" if treatment else "aanmelding"
    item = dict(
        id=f"GGZ-{number:02d}",
        title=f"{'Behandelwachttijd' if treatment else 'Aanmeldwachttijd'} {group}",
        description=f"Mediane wachttijd in weken tussen {start} en {what} voor cliënten met {group}, "
        "over het kwartaal.",
        type="process",
        unit="median",
        unit_label="weken",
        direction="lower",
        min_value=0,
        max_value=104,
        den=f"Aantal cliënten met {group} dat in het kwartaal "
        f"{'met de behandeling begon' if treatment else 'een intake had'}.",
        lay=(
            f"Hoeveel weken u na het eerste gesprek ongeveer wacht tot de behandeling van {group} " "begint."
            if treatment
            else f"Hoeveel weken u ongeveer wacht op een eerste gesprek als u zich aanmeldt met {group}."
        ),
        period="quarter",
        refresh=3,
        choice=number in (1, 6),
        sim=dict(mu=weeks, sd=0.55, trend=-0.06, den=intakes),
    )
    if group == "eetstoornissen":
        item.update(
            na="eet",
            na_p=0.1,
            na_text="Wij behandelen geen eetstoornissen; cliënten verwijzen wij door naar een "
            "gespecialiseerd centrum.",
        )
    return item


GGZ = {
    "set_id": "ggz",
    "set_title": "Wachttijden en kwaliteit ggz",
    "provider_kind": "ggz",
    "level": "provider",
    "explanations": (
        "Door personeelstekort liepen de wachttijden in {year} op; inmiddels zijn extra behandelaren "
        "aangenomen.",
        "In {year} zijn we een nieuwe locatie gestart; daardoor konden we meer cliënten helpen.",
        "Sinds {year} bieden we cliënten op de wachtlijst groepsbijeenkomsten en overbruggingszorg aan.",
        "In {year} zijn we overgestapt op een nieuwe versie van de ROM-vragenlijst.",
    ),
    "indicators": tuple(
        _waiting(i + 1 + 5 * t, g, (w1, w2)[t], n, bool(t))
        for t in (0, 1)
        for i, (g, w1, w2, n) in enumerate(_GROUPS)
    )
    + (
        dict(
            id="GGZ-11",
            title="Uitkomsten van de behandeling gemeten",
            description="Percentage afgesloten behandelingen waarbij zowel aan het begin als aan het eind "
            "een vragenlijst over klachten en functioneren is ingevuld (Routine Outcome "
            "Monitoring).",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal afgesloten behandelingen met een begin- en eindmeting.",
            den="Aantal afgesloten behandelingen in het verslagjaar.",
            lay="Bij hoeveel behandelingen aan het begin en aan het eind is gemeten hoe het met de "
            "cliënt gaat.",
            sim=dict(p=0.52, sd=0.5, trend=0.05, den=150),
        ),
        dict(
            id="GGZ-12",
            title="Cliënten die de behandeling een 8 of hoger geven",
            description="Percentage cliënten dat in de vragenlijst cliëntervaringen de behandeling een 8 "
            "of hoger geeft.",
            type="experience",
            unit="percentage",
            direction="higher",
            num="Aantal cliënten met een totaaloordeel van 8 of hoger.",
            den="Aantal cliënten dat het totaaloordeel invulde.",
            lay="Hoeveel cliënten hun behandeling een 8 of hoger geven.",
            choice=True,
            sim=dict(p=0.78, sd=0.35, trend=0.01, den=45),
        ),
    ),
}

HUISARTSENZORG = {
    "set_id": "huisartsenzorg",
    "set_title": "Kwaliteit huisartsenzorg",
    "provider_kind": "huisartspraktijk",
    "level": "provider",
    "explanations": (
        "In {year} is een van onze huisartsen met pensioen gegaan; de praktijk is daarna gegroeid.",
        "Sinds {year} heeft de praktijk een praktijkondersteuner voor ggz en ouderenzorg.",
        "In {year} zijn we verhuisd naar een nieuw gezondheidscentrum.",
        "In {year} is een nieuw telefoonsysteem met terugbelfunctie in gebruik genomen.",
    ),
    "indicators": (
        dict(
            id="HA-01",
            title="Griepprik bij 60-plussers",
            description="Percentage ingeschreven patiënten van 60 jaar en ouder dat in het griepseizoen "
            "via de praktijk een griepprik heeft gekregen.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal patiënten van 60 jaar en ouder met een griepprik in het seizoen.",
            den="Aantal ingeschreven patiënten van 60 jaar en ouder.",
            lay="Hoeveel patiënten van 60 jaar en ouder via de praktijk een griepprik kregen.",
            sim=dict(p=0.52, sd=0.3, trend=-0.03, den=0.27),
        ),
        dict(
            id="HA-02",
            title="Diabetes: bloedsuiker op streefwaarde",
            description="Percentage patiënten met diabetes type 2 in de ketenzorg bij wie de laatst "
            "gemeten HbA1c-waarde 53 mmol/mol of lager is.",
            type="outcome",
            unit="percentage",
            direction="higher",
            num="Aantal patiënten met een HbA1c van 53 mmol/mol of lager.",
            den="Aantal patiënten met diabetes type 2 in de ketenzorg met een HbA1c-meting.",
            lay="Bij hoeveel patiënten met suikerziekte de bloedsuiker goed is ingesteld.",
            sim=dict(p=0.68, sd=0.3, trend=0.01, den=0.06),
        ),
        dict(
            id="HA-03",
            title="Antibiotica per 1.000 patiënten",
            description="Aantal voorschriften van antibiotica per 1.000 ingeschreven patiënten per jaar.",
            type="process",
            unit="rate",
            direction="lower",
            rate_per=1000,
            num="Aantal voorschriften van antibiotica voor systemisch gebruik in het verslagjaar.",
            den="Aantal ingeschreven patiënten op 1 januari (praktijkgrootte).",
            lay="Hoe vaak de huisartsen antibiotica voorschrijven, per 1.000 patiënten per jaar.",
            sim=dict(r=270, sd=0.2, trend=0.02, den=1.0),
        ),
        dict(
            id="HA-04",
            title="Verwijzingen naar het ziekenhuis per 1.000 patiënten",
            description="Aantal verwijzingen naar medisch-specialistische zorg per 1.000 ingeschreven "
            "patiënten per jaar.",
            type="process",
            unit="rate",
            direction="neither",
            rate_per=1000,
            num="Aantal verwijzingen naar medisch-specialistische zorg in het verslagjaar.",
            den="Aantal ingeschreven patiënten op 1 januari (praktijkgrootte).",
            lay="Hoe vaak de huisartsen patiënten doorsturen naar het ziekenhuis, per 1.000 patiënten.",
            sim=dict(r=190, sd=0.15, trend=0.01, den=1.0),
        ),
        dict(
            id="HA-05",
            title="Bloeddruk gemeten bij hart- en vaatziekten",
            description="Percentage patiënten met hart- en vaatziekten bij wie in het afgelopen jaar de "
            "bloeddruk is gemeten.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal patiënten met een bloeddrukmeting in het afgelopen jaar.",
            den="Aantal patiënten met hart- en vaatziekten in het programma cardiovasculair "
            "risicomanagement.",
            lay="Bij hoeveel patiënten met hart- en vaatziekten dit jaar de bloeddruk is gecontroleerd.",
            sim=dict(p=0.82, sd=0.4, trend=0.03, den=0.05),
        ),
        dict(
            id="HA-06",
            title="Telefoon binnen 2 minuten opgenomen",
            description="Percentage telefoongesprekken naar het algemene nummer dat binnen 2 minuten "
            "door een medewerker is opgenomen.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal gesprekken dat binnen 2 minuten is opgenomen.",
            den="Aantal gesprekken naar het algemene nummer in de meetweken.",
            lay="Hoe vaak u de praktijk binnen 2 minuten aan de telefoon krijgt.",
            choice=True,
            sim=dict(p=0.78, sd=0.5, trend=-0.02, den=0.35),
        ),
        dict(
            id="HA-07",
            title="Online een vraag stellen (e-consult)",
            description="Kunnen patiënten via een beveiligde website of app een vraag stellen aan de "
            "huisarts (e-consult)?",
            type="preference",
            unit="yesno",
            direction="neither",
            lay="Of u uw huisarts ook online een vraag kunt stellen.",
            choice=True,
            sim=dict(p=0.8, sd=1.5, trend=0.3),
        ),
        dict(
            id="HA-08",
            title="Avond- of zaterdagspreekuur",
            description="Heeft de praktijk ten minste één keer per week een spreekuur 's avonds of op "
            "zaterdag?",
            type="preference",
            unit="yesno",
            direction="neither",
            lay="Of u ook 's avonds of op zaterdag op het spreekuur terecht kunt.",
            choice=True,
            sim=dict(p=0.3, sd=1.5),
        ),
    ),
}
