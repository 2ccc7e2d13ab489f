"""The demo's hospital indicator set, as data (see sets.py for the keys)."""

from __future__ import annotations

from generator.demo.sets_primary import _PREM

ZIEKENHUIZEN = {
    "set_id": "ziekenhuizen",
    "set_title": "Kwaliteit van ziekenhuiszorg",
    "provider_kind": "ziekenhuis",
    "level": "provider",
    "explanations": (
        "In {year} is het operatiecomplex verbouwd; daardoor zijn tijdelijk minder patiënten " "geopereerd.",
        "Sinds {year} werken we voor darmkankeroperaties samen met een ander ziekenhuis in de regio.",
        "In {year} zijn we overgestapt op een nieuw elektronisch patiëntendossier; de registratie van "
        "het eerste kwartaal is onvolledig.",
        "In {year} zijn we gestart met een verbeterprogramma om heropnames te voorkomen.",
    ),
    "indicators": (
        dict(
            id="ZKH-01",
            title="Heropname binnen 30 dagen",
            description="Percentage klinische opnames dat binnen 30 dagen na ontslag wordt gevolgd door "
            "een ongeplande heropname in hetzelfde ziekenhuis.",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal ontslagen gevolgd door een ongeplande heropname binnen 30 dagen.",
            den="Aantal klinische ontslagen in het verslagjaar.",
            lay="Hoe vaak patiënten binnen een maand na ontslag onverwacht opnieuw worden opgenomen.",
            sim=dict(p=0.085, sd=0.15, trend=0.01, den=12000),
        ),
        dict(
            id="ZKH-02",
            title="Wondinfectie na een nieuwe heup",
            description="Percentage patiënten met een diepe wondinfectie binnen 90 dagen na het plaatsen "
            "van een totale heupprothese.",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal patiënten met een diepe wondinfectie binnen 90 dagen.",
            den="Aantal patiënten met een primaire totale heupprothese.",
            lay="Hoe vaak de wond na het plaatsen van een nieuwe heup diep ontstoken raakt.",
            choice=True,
            na="heup",
            na_p=0.04,
            na_text="In dit ziekenhuis worden geen heupprotheses geplaatst.",
            sim=dict(p=0.012, sd=0.35, trend=0.02, den=330),
        ),
        dict(
            id="ZKH-03",
            title="Aantal operaties voor darmkanker",
            description="Aantal operaties (resecties) wegens dikkedarmkanker in het verslagjaar.",
            type="structure",
            unit="count",
            direction="neither",
            lay="Hoeveel operaties voor darmkanker het ziekenhuis per jaar doet.",
            na="darm",
            na_p=0.08,
            na_text="In dit ziekenhuis worden geen darmkankeroperaties gedaan; patiënten gaan naar "
            "een ziekenhuis in de regio.",
            sim=dict(c=70, sd=0.2, trend=0.0),
        ),
        dict(
            id="ZKH-04",
            title="Opnameduur na een nieuwe knie",
            description="Gemiddeld aantal dagen dat patiënten na het plaatsen van een totale "
            "knieprothese in het ziekenhuis liggen.",
            type="outcome",
            unit="mean",
            unit_label="dagen",
            direction="lower",
            min_value=0,
            max_value=60,
            den="Aantal patiënten met een primaire totale knieprothese.",
            lay="Hoeveel dagen patiënten gemiddeld in het ziekenhuis blijven na een nieuwe knie.",
            sim=dict(mu=2.6, sd=0.45, sdw=1.5, trend=0.08, den=280, dec=1),
        ),
        dict(
            id="ZKH-05",
            title="Gebroken heup binnen 24 uur geopereerd",
            description="Percentage patiënten van 65 jaar en ouder met een heupfractuur dat binnen 24 "
            "uur na aankomst is geopereerd.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal patiënten dat binnen 24 uur is geopereerd.",
            den="Aantal patiënten van 65 jaar en ouder met een heupfractuur.",
            lay="Hoeveel oudere patiënten met een gebroken heup binnen een dag worden geopereerd.",
            choice=True,
            sim=dict(p=0.86, sd=0.45, trend=0.04, den=190),
        ),
        dict(
            id="ZKH-06",
            title="Complicaties na een darmkankeroperatie",
            description="Percentage patiënten met een gecompliceerd beloop (heroperatie, lange opname of "
            "overlijden) na een operatie voor dikkedarmkanker.",
            type="outcome",
            unit="percentage",
            direction="lower",
            min_denominator=20,
            num="Aantal patiënten met een gecompliceerd beloop.",
            den="Aantal patiënten met een resectie wegens dikkedarmkanker.",
            lay="Hoe vaak er na een operatie voor darmkanker ernstige complicaties optreden.",
            na="darm",
            na_p=0.08,
            na_text="In dit ziekenhuis worden geen darmkankeroperaties gedaan; patiënten gaan naar "
            "een ziekenhuis in de regio.",
            sim=dict(p=0.17, sd=0.3, trend=0.02, den=65),
        ),
        dict(
            id="ZKH-07",
            title="Pijn gemeten na een operatie",
            description="Percentage geopereerde patiënten bij wie op de dag na de operatie ten minste "
            "één keer de pijnscore is gemeten.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal patiënten met ten minste één pijnmeting op de dag na de operatie.",
            den="Aantal klinisch geopereerde patiënten.",
            lay="Bij hoeveel patiënten na een operatie wordt nagevraagd hoeveel pijn zij hebben.",
            sim=dict(p=0.93, sd=0.5, trend=0.05, den=4800),
        ),
        dict(
            id="ZKH-08",
            title="Aanbevelingscijfer van patiënten",
            description=_PREM.format(
                lo=0,
                who="patiënten",
                what="de vraag of zij het ziekenhuis bij vrienden en familie " "zouden aanbevelen",
            ),
            type="experience",
            unit="mean",
            direction="higher",
            min_value=0,
            max_value=10,
            den="Aantal patiënten dat de vraag heeft beantwoord.",
            lay="Welk cijfer patiënten geven als hun gevraagd wordt of zij het ziekenhuis zouden "
            "aanraden.",
            choice=True,
            sim=dict(mu=8.2, sd=0.2, sdw=1.5, trend=0.01, den=420, dec=2),
        ),
    ),
}
