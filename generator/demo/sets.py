"""The catalogue of the demo release, as data: indicator sets, provider kinds, fictitious names.

Used only by `generator/demo.py`. Everything here is fictitious demo material; the indicator
definitions are modelled on Dutch quality indicators but are not the official definitions.

Each indicator is a dict with the contract's catalogue fields (short keys, see `demo.py`) and a
`sim` dict with the parameters of the simulation:
- percentage: p (national proportion), sd (between-provider sd on the logit scale),
  trend (logit change per year in the "better" direction), den (denominator per unit of size)
- rate: r (per rate_per), sd and trend on the log scale, den
- mean / median: mu, sd (between providers; log scale for medians), trend, den, and for means
  sdw (sd of the individual observations) and dec (decimals)
- count: c (count per unit of size), sd (log scale), trend
- yesno: p (share answering "ja"), sd (logit scale)
- text: answers (the possible text answers)
`na` names a group whose providers may find the indicator not applicable (one draw per provider
and group), with `na_p` the chance and `na_text` the explanation given with it.
"""

from __future__ import annotations

_PREM = "Gemiddeld rapportcijfer ({lo}–10) dat {who} geven voor {what} (vragenlijst cliëntervaringen)."

GEBOORTEZORG = {
    "set_id": "geboortezorg",
    "set_title": "Integrale geboortezorg",
    "provider_kind": "vsv",
    "level": "vsv",
    "explanations": (
        "In {year} is de verloskamer verbouwd; daardoor bevielen tijdelijk minder vrouwen in ons ziekenhuis.",
        "In {year} zijn we overgestapt op een nieuw geboortedossier; de registratie van enkele maanden is onvolledig.",
        "Het aantal ingevulde vragenlijsten was in {year} lager dan in andere jaren.",
        "Sinds {year} bespreken alle verloskundigen en gynaecologen in ons VSV elke ernstige ruptuur samen.",
    ),
    "indicators": (
        dict(id="GBZ-01", title="Spontane bevalling bij een eerste kind",
             description="Percentage vrouwen in Robson-groep 1 (eerste kind, één kind in hoofdligging, "
                         "na 37 weken, spontane start van de bevalling) dat spontaan vaginaal bevalt.",
             type="outcome", unit="percentage", direction="higher",
             num="Aantal vrouwen in Robson-groep 1 met een spontane vaginale bevalling.",
             den="Aantal vrouwen in Robson-groep 1.",
             lay="Hoeveel vrouwen die voor het eerst bevallen hun kind krijgen zonder keizersnede, "
                 "vacuümpomp of tang.",
             choice=True, sim=dict(p=0.72, sd=0.25, trend=0.01, den=650)),
        dict(id="GBZ-02", title="Totaalruptuur bij een vaginale bevalling",
             description="Percentage vaginale bevallingen met een derde- of vierdegraads ruptuur "
                         "(een scheur tot in of door de kringspier).",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal vaginale bevallingen met een derde- of vierdegraads ruptuur.",
             den="Aantal vaginale bevallingen.",
             lay="Hoe vaak er bij een gewone bevalling een ernstige scheur ontstaat die tot in de "
                 "kringspier loopt.",
             sim=dict(p=0.028, sd=0.3, trend=0.02, den=2100)),
        dict(id="GBZ-03", title="Keizersnede bij een eerste kind",
             description="Percentage vrouwen in Robson-groep 1 dat met een keizersnede bevalt.",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal vrouwen in Robson-groep 1 dat met een keizersnede bevalt.",
             den="Aantal vrouwen in Robson-groep 1.",
             lay="Hoe vaak een eerste bevalling die vanzelf begon eindigt in een keizersnede.",
             sim=dict(p=0.13, sd=0.25, trend=0.0, den=650)),
        dict(id="GBZ-04", title="Veel bloedverlies na de bevalling",
             description="Percentage bevallingen met 1.000 ml of meer bloedverlies binnen 24 uur na de "
                         "geboorte (fluxus postpartum).",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal bevallingen met 1.000 ml of meer bloedverlies.",
             den="Aantal bevallingen (vanaf 37 weken zwangerschap).",
             lay="Hoe vaak een moeder bij of na de bevalling veel bloed verliest (1 liter of meer).",
             sim=dict(p=0.065, sd=0.25, trend=0.0, den=2700)),
        dict(id="GBZ-05", title="Inleiding van de bevalling",
             description="Percentage bevallingen van één kind na 37 weken waarbij de bevalling is "
                         "ingeleid.",
             type="process", unit="percentage", direction="neither",
             num="Aantal bevallingen dat is ingeleid.",
             den="Aantal bevallingen van één kind vanaf 37 weken zwangerschap.",
             lay="Hoe vaak de bevalling met medicijnen of een kleine ingreep op gang wordt gebracht.",
             sim=dict(p=0.27, sd=0.2, trend=0.02, den=2500)),
        dict(id="GBZ-06", title="Borstvoeding aan het eind van de kraamtijd",
             description="Percentage kinderen dat aan het eind van de kraamtijd geheel of gedeeltelijk "
                         "borstvoeding krijgt.",
             type="outcome", unit="percentage", direction="higher",
             num="Aantal kinderen dat aan het eind van de kraamtijd borstvoeding krijgt.",
             den="Aantal levend geboren kinderen met kraamzorg.",
             lay="Hoeveel baby's aan het eind van de kraamweek borstvoeding krijgen.",
             sim=dict(p=0.74, sd=0.2, trend=0.01, den=2500)),
        dict(id="GBZ-07", title="Ervaring: informatie tijdens de zwangerschap",
             description=_PREM.format(lo=1, who="moeders", what="de informatie tijdens de zwangerschap"),
             type="experience", unit="mean", direction="higher", min_value=1, max_value=10,
             den="Aantal moeders dat de vraag heeft beantwoord.",
             lay="Welk rapportcijfer moeders geven voor de uitleg en informatie die zij tijdens de "
                 "zwangerschap kregen.",
             sim=dict(mu=8.1, sd=0.2, sdw=1.3, trend=0.02, den=140, dec=2)),
        dict(id="GBZ-08", title="Ervaring: begeleiding tijdens de bevalling",
             description=_PREM.format(lo=1, who="moeders", what="de begeleiding tijdens de bevalling"),
             type="experience", unit="mean", direction="higher", min_value=1, max_value=10,
             den="Aantal moeders dat de vraag heeft beantwoord.",
             lay="Welk rapportcijfer moeders geven voor de begeleiding tijdens hun bevalling.",
             sim=dict(mu=8.5, sd=0.18, sdw=1.2, trend=0.01, den=140, dec=2)),
        dict(id="GBZ-09", title="Ervaring: totaaloordeel zorg rond de bevalling",
             description=_PREM.format(lo=1, who="moeders",
                                      what="alle zorg rond zwangerschap, bevalling en kraamtijd"),
             type="experience", unit="mean", direction="higher", min_value=1, max_value=10,
             den="Aantal moeders dat de vraag heeft beantwoord.", min_denominator=20,
             lay="Welk rapportcijfer moeders gemiddeld geven voor alle zorg rond hun zwangerschap "
                 "en bevalling.",
             choice=True, sim=dict(mu=8.4, sd=0.2, sdw=1.1, trend=0.02, den=140, dec=2)),
        dict(id="GBZ-10", title="Poliklinisch bevallen zonder medische reden",
             description="Kunnen vrouwen zonder medische reden in het ziekenhuis bevallen met hun eigen "
                         "verloskundige (poliklinische bevalling)?",
             type="preference", unit="yesno", direction="neither",
             lay="Of u ook zonder medische reden in het ziekenhuis kunt bevallen, met uw eigen "
                 "verloskundige.",
             choice=True, sim=dict(p=0.85, sd=1.5)),
        dict(id="GBZ-11", title="Ruggenprik dag en nacht beschikbaar",
             description="Is pijnbestrijding met een ruggenprik (epidurale analgesie) op elk moment van "
                         "de dag en nacht beschikbaar?",
             type="structure", unit="yesno", direction="higher",
             lay="Of u op elk moment van de dag of nacht een ruggenprik tegen de pijn kunt krijgen.",
             sim=dict(p=0.8, sd=1.5)),
        dict(id="GBZ-12", title="Bevallen in bad mogelijk",
             description="Kunnen vrouwen in het ziekenhuis of geboortecentrum in bad bevallen?",
             type="preference", unit="yesno", direction="neither",
             lay="Of u in het ziekenhuis of geboortecentrum in bad kunt bevallen.",
             choice=True, sim=dict(p=0.6, sd=1.5)),
    ),
}

VERPLEEGHUISZORG = {
    "set_id": "verpleeghuiszorg",
    "set_title": "Kwaliteitskader verpleeghuiszorg",
    "provider_kind": "verpleeghuis",
    "level": "location",
    "explanations": (
        "In {year} is de afdeling verbouwd; daardoor was het aantal bedden tijdelijk lager.",
        "Door een griepuitbraak in het voorjaar van {year} konden niet alle medicatiereviews op tijd "
        "plaatsvinden.",
        "In {year} zijn twee kleinschalige woningen geopend; de nieuwe bewoners zijn in dit cijfer "
        "meegeteld.",
        "Sinds {year} komt er elke week een wondverpleegkundige langs bij alle bewoners met "
        "huidproblemen.",
        "In {year} hebben minder bewoners en familieleden de vragenlijst ingevuld dan in andere jaren.",
    ),
    "indicators": (
        dict(id="VPH-01", title="Decubitus",
             description="Percentage bewoners met decubitus (een doorligwond) van categorie 2 of hoger "
                         "op de meetdatum.",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal bewoners met decubitus categorie 2 of hoger op de meetdatum.",
             den="Aantal bewoners dat op de meetdatum op de locatie woonde.",
             lay="Hoeveel bewoners een doorligwond hebben.",
             choice=True, sim=dict(p=0.04, sd=0.45, trend=0.03, den=0.95)),
        dict(id="VPH-02", title="Medicatiereview",
             description="Percentage bewoners bij wie in de afgelopen twaalf maanden een medicatiereview "
                         "is gedaan door arts en apotheker samen.",
             type="process", unit="percentage", direction="higher",
             num="Aantal bewoners met een medicatiereview in de afgelopen twaalf maanden.",
             den="Aantal bewoners dat langer dan twaalf maanden op de locatie woont en medicijnen "
                 "gebruikt.",
             lay="Hoeveel bewoners ten minste één keer per jaar hun medicijnen laten nakijken door "
                 "arts en apotheker.",
             sim=dict(p=0.86, sd=0.6, trend=0.08, den=0.7)),
        dict(id="VPH-03", title="Afspraken over behandelgrenzen",
             description="Percentage bewoners bij wie afspraken over behandelgrenzen en wensen rond het "
                         "levenseinde in het dossier staan (advance care planning).",
             type="process", unit="percentage", direction="higher",
             num="Aantal bewoners met vastgelegde afspraken over behandelgrenzen.",
             den="Aantal bewoners op de locatie.",
             lay="Bij hoeveel bewoners is vastgelegd welke behandelingen zij aan het eind van hun "
                 "leven wel of niet willen.",
             sim=dict(p=0.9, sd=0.6, trend=0.05, den=0.95)),
        dict(id="VPH-04", title="Vrijheidsbeperkende maatregelen besproken",
             description="Percentage bewoners met een vrijheidsbeperkende maatregel (zoals een bedhek of "
                         "een gesloten deur) bij wie die maatregel in het multidisciplinair overleg is "
                         "besproken.",
             type="process", unit="percentage", direction="higher",
             num="Aantal bewoners bij wie de maatregel multidisciplinair is besproken.",
             den="Aantal bewoners met een vrijheidsbeperkende maatregel.",
             lay="Of de zorgverleners samen bespreken waarom een bewoner in zijn vrijheid wordt beperkt.",
             sim=dict(p=0.8, sd=0.6, trend=0.05, den=0.25)),
        dict(id="VPH-05", title="Aandacht voor eten en drinken",
             description="Percentage bewoners bij wie voorkeuren over eten en drinken en de hulp daarbij "
                         "in het zorgleefplan staan.",
             type="process", unit="percentage", direction="higher",
             num="Aantal bewoners met vastgelegde afspraken over eten en drinken.",
             den="Aantal bewoners op de locatie.",
             lay="Bij hoeveel bewoners hun wensen over eten en drinken in het zorgplan staan.",
             sim=dict(p=0.9, sd=0.5, trend=0.04, den=0.95)),
        dict(id="VPH-06", title="Afspraken over eten en drinken",
             description="Welke afspraken over eten en drinken zijn gemaakt?",
             type="process", unit="text", direction="neither",
             lay="Hoe de locatie in het dagelijks leven zorgt voor goed eten en drinken.",
             sim=dict(answers=(
                 "Bewoners kiezen elke dag zelf hun warme maaltijd uit twee gerechten; wensen en "
                 "diëten staan in het zorgleefplan.",
                 "Op elke afdeling wordt samen gekookt; bewoners die dat willen helpen mee en eten aan "
                 "een gezamenlijke tafel.",
                 "Een diëtist bespreekt elk halfjaar de voeding van iedere bewoner; bij gewichtsverlies "
                 "komt er direct een plan.",
                 "De bewoner kiest zelf hoe laat de maaltijd komt; tussendoor zijn fruit en drinken vrij "
                 "te pakken.",
                 "Familie mag altijd mee-eten; in de huiskamer staat een koelkast met favoriete "
                 "producten van bewoners.",
                 "Bewoners met slikproblemen krijgen aangepaste voeding volgens het advies van de "
                 "logopedist.",
             ))),
        dict(id="VPH-07", title="Arts dag en nacht bereikbaar",
             description="Is er 24 uur per dag, 7 dagen per week een specialist ouderengeneeskunde (of "
                         "diens vervanger) bereikbaar voor de locatie?",
             type="structure", unit="yesno", direction="higher",
             lay="Of er altijd, ook 's nachts en in het weekend, een arts voor ouderen bereikbaar is.",
             choice=True, sim=dict(p=0.92, sd=1.5)),
        dict(id="VPH-08", title="Aantal bewoners",
             description="Aantal bewoners met een Wlz-indicatie dat op 1 januari op de locatie woonde.",
             type="structure", unit="count", direction="neither",
             lay="Hoeveel bewoners er op de locatie wonen.",
             sim=dict(c=1.0, sd=0.03, trend=0.0)),
        dict(id="VPH-09", title="Aanbevelingscijfer van bewoners en familie",
             description=_PREM.format(lo=0, who="bewoners of hun naasten",
                                      what="de vraag of zij de locatie zouden aanbevelen"),
             type="experience", unit="mean", direction="higher", min_value=0, max_value=10,
             den="Aantal bewoners of naasten dat de vraag heeft beantwoord.",
             lay="Welk cijfer bewoners en hun familie geven als hun gevraagd wordt of zij de locatie "
                 "zouden aanbevelen.",
             choice=True, sim=dict(mu=8.0, sd=0.35, sdw=1.4, trend=0.02, den=0.35, dec=2)),
    ),
}

ZIEKENHUIZEN = {
    "set_id": "ziekenhuizen",
    "set_title": "Kwaliteit van ziekenhuiszorg",
    "provider_kind": "ziekenhuis",
    "level": "provider",
    "explanations": (
        "In {year} is het operatiecomplex verbouwd; daardoor zijn tijdelijk minder patiënten "
        "geopereerd.",
        "Sinds {year} werken we voor darmkankeroperaties samen met een ander ziekenhuis in de regio.",
        "In {year} zijn we overgestapt op een nieuw elektronisch patiëntendossier; de registratie van "
        "het eerste kwartaal is onvolledig.",
        "In {year} zijn we gestart met een verbeterprogramma om heropnames te voorkomen.",
    ),
    "indicators": (
        dict(id="ZKH-01", title="Heropname binnen 30 dagen",
             description="Percentage klinische opnames dat binnen 30 dagen na ontslag wordt gevolgd door "
                         "een ongeplande heropname in hetzelfde ziekenhuis.",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal ontslagen gevolgd door een ongeplande heropname binnen 30 dagen.",
             den="Aantal klinische ontslagen in het verslagjaar.",
             lay="Hoe vaak patiënten binnen een maand na ontslag onverwacht opnieuw worden opgenomen.",
             sim=dict(p=0.085, sd=0.15, trend=0.01, den=12000)),
        dict(id="ZKH-02", title="Wondinfectie na een nieuwe heup",
             description="Percentage patiënten met een diepe wondinfectie binnen 90 dagen na het plaatsen "
                         "van een totale heupprothese.",
             type="outcome", unit="percentage", direction="lower",
             num="Aantal patiënten met een diepe wondinfectie binnen 90 dagen.",
             den="Aantal patiënten met een primaire totale heupprothese.",
             lay="Hoe vaak de wond na het plaatsen van een nieuwe heup diep ontstoken raakt.",
             choice=True, na="heup", na_p=0.04,
             na_text="In dit ziekenhuis worden geen heupprotheses geplaatst.",
             sim=dict(p=0.012, sd=0.35, trend=0.02, den=330)),
        dict(id="ZKH-03", title="Aantal operaties voor darmkanker",
             description="Aantal operaties (resecties) wegens dikkedarmkanker in het verslagjaar.",
             type="structure", unit="count", direction="neither",
             lay="Hoeveel operaties voor darmkanker het ziekenhuis per jaar doet.",
             na="darm", na_p=0.08,
             na_text="In dit ziekenhuis worden geen darmkankeroperaties gedaan; patiënten gaan naar "
                     "een ziekenhuis in de regio.",
             sim=dict(c=70, sd=0.2, trend=0.0)),
        dict(id="ZKH-04", title="Opnameduur na een nieuwe knie",
             description="Gemiddeld aantal dagen dat patiënten na het plaatsen van een totale "
                         "knieprothese in het ziekenhuis liggen.",
             type="outcome", unit="mean", direction="lower", min_value=0, max_value=60,
             den="Aantal patiënten met een primaire totale knieprothese.",
             lay="Hoeveel dagen patiënten gemiddeld in het ziekenhuis blijven na een nieuwe knie.",
             sim=dict(mu=2.6, sd=0.45, sdw=1.5, trend=0.08, den=280, dec=1)),
        dict(id="ZKH-05", title="Gebroken heup binnen 24 uur geopereerd",
             description="Percentage patiënten van 65 jaar en ouder met een heupfractuur dat binnen 24 "
                         "uur na aankomst is geopereerd.",
             type="process", unit="percentage", direction="higher",
             num="Aantal patiënten dat binnen 24 uur is geopereerd.",
             den="Aantal patiënten van 65 jaar en ouder met een heupfractuur.",
             lay="Hoeveel oudere patiënten met een gebroken heup binnen een dag worden geopereerd.",
             choice=True, sim=dict(p=0.86, sd=0.45, trend=0.04, den=190)),
        dict(id="ZKH-06", title="Complicaties na een darmkankeroperatie",
             description="Percentage patiënten met een gecompliceerd beloop (heroperatie, lange opname of "
                         "overlijden) na een operatie voor dikkedarmkanker.",
             type="outcome", unit="percentage", direction="lower", min_denominator=20,
             num="Aantal patiënten met een gecompliceerd beloop.",
             den="Aantal patiënten met een resectie wegens dikkedarmkanker.",
             lay="Hoe vaak er na een operatie voor darmkanker ernstige complicaties optreden.",
             na="darm", na_p=0.08,
             na_text="In dit ziekenhuis worden geen darmkankeroperaties gedaan; patiënten gaan naar "
                     "een ziekenhuis in de regio.",
             sim=dict(p=0.17, sd=0.3, trend=0.02, den=65)),
        dict(id="ZKH-07", title="Pijn gemeten na een operatie",
             description="Percentage geopereerde patiënten bij wie op de dag na de operatie ten minste "
                         "één keer de pijnscore is gemeten.",
             type="process", unit="percentage", direction="higher",
             num="Aantal patiënten met ten minste één pijnmeting op de dag na de operatie.",
             den="Aantal klinisch geopereerde patiënten.",
             lay="Bij hoeveel patiënten na een operatie wordt nagevraagd hoeveel pijn zij hebben.",
             sim=dict(p=0.93, sd=0.5, trend=0.05, den=4800)),
        dict(id="ZKH-08", title="Aanbevelingscijfer van patiënten",
             description=_PREM.format(lo=0, who="patiënten",
                                      what="de vraag of zij het ziekenhuis bij vrienden en familie "
                                           "zouden aanbevelen"),
             type="experience", unit="mean", direction="higher", min_value=0, max_value=10,
             den="Aantal patiënten dat de vraag heeft beantwoord.",
             lay="Welk cijfer patiënten geven als hun gevraagd wordt of zij het ziekenhuis zouden "
                 "aanraden.",
             choice=True, sim=dict(mu=8.2, sd=0.2, sdw=1.5, trend=0.01, den=420, dec=2)),
    ),
}

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
        type="process", unit="median", direction="lower", min_value=0, max_value=104,
        den=f"Aantal cliënten met {group} dat in het kwartaal "
            f"{'met de behandeling begon' if treatment else 'een intake had'}.",
        lay=(f"Hoeveel weken u na het eerste gesprek ongeveer wacht tot de behandeling van {group} "
             "begint." if treatment else
             f"Hoeveel weken u ongeveer wacht op een eerste gesprek als u zich aanmeldt met {group}."),
        period="quarter", refresh=3, choice=number in (1, 6),
        sim=dict(mu=weeks, sd=0.55, trend=-0.06, den=intakes),
    )
    if group == "eetstoornissen":
        item.update(na="eet", na_p=0.1,
                    na_text="Wij behandelen geen eetstoornissen; cliënten verwijzen wij door naar een "
                            "gespecialiseerd centrum.")
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
        for t in (0, 1) for i, (g, w1, w2, n) in enumerate(_GROUPS)
    ) + (
        dict(id="GGZ-11", title="Uitkomsten van de behandeling gemeten",
             description="Percentage afgesloten behandelingen waarbij zowel aan het begin als aan het eind "
                         "een vragenlijst over klachten en functioneren is ingevuld (Routine Outcome "
                         "Monitoring).",
             type="process", unit="percentage", direction="higher",
             num="Aantal afgesloten behandelingen met een begin- en eindmeting.",
             den="Aantal afgesloten behandelingen in het verslagjaar.",
             lay="Bij hoeveel behandelingen aan het begin en aan het eind is gemeten hoe het met de "
                 "cliënt gaat.",
             sim=dict(p=0.52, sd=0.5, trend=0.05, den=150)),
        dict(id="GGZ-12", title="Cliënten die de behandeling een 8 of hoger geven",
             description="Percentage cliënten dat in de vragenlijst cliëntervaringen de behandeling een 8 "
                         "of hoger geeft.",
             type="experience", unit="percentage", direction="higher",
             num="Aantal cliënten met een totaaloordeel van 8 of hoger.",
             den="Aantal cliënten dat het totaaloordeel invulde.",
             lay="Hoeveel cliënten hun behandeling een 8 of hoger geven.",
             choice=True, sim=dict(p=0.78, sd=0.35, trend=0.01, den=45)),
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
        dict(id="HA-01", title="Griepprik bij 60-plussers",
             description="Percentage ingeschreven patiënten van 60 jaar en ouder dat in het griepseizoen "
                         "via de praktijk een griepprik heeft gekregen.",
             type="process", unit="percentage", direction="higher",
             num="Aantal patiënten van 60 jaar en ouder met een griepprik in het seizoen.",
             den="Aantal ingeschreven patiënten van 60 jaar en ouder.",
             lay="Hoeveel patiënten van 60 jaar en ouder via de praktijk een griepprik kregen.",
             sim=dict(p=0.52, sd=0.3, trend=-0.03, den=0.27)),
        dict(id="HA-02", title="Diabetes: bloedsuiker op streefwaarde",
             description="Percentage patiënten met diabetes type 2 in de ketenzorg bij wie de laatst "
                         "gemeten HbA1c-waarde 53 mmol/mol of lager is.",
             type="outcome", unit="percentage", direction="higher",
             num="Aantal patiënten met een HbA1c van 53 mmol/mol of lager.",
             den="Aantal patiënten met diabetes type 2 in de ketenzorg met een HbA1c-meting.",
             lay="Bij hoeveel patiënten met suikerziekte de bloedsuiker goed is ingesteld.",
             sim=dict(p=0.68, sd=0.3, trend=0.01, den=0.06)),
        dict(id="HA-03", title="Antibiotica per 1.000 patiënten",
             description="Aantal voorschriften van antibiotica per 1.000 ingeschreven patiënten per jaar.",
             type="process", unit="rate", direction="lower", rate_per=1000,
             num="Aantal voorschriften van antibiotica voor systemisch gebruik in het verslagjaar.",
             den="Aantal ingeschreven patiënten op 1 januari (praktijkgrootte).",
             lay="Hoe vaak de huisartsen antibiotica voorschrijven, per 1.000 patiënten per jaar.",
             sim=dict(r=270, sd=0.2, trend=0.02, den=1.0)),
        dict(id="HA-04", title="Verwijzingen naar het ziekenhuis per 1.000 patiënten",
             description="Aantal verwijzingen naar medisch-specialistische zorg per 1.000 ingeschreven "
                         "patiënten per jaar.",
             type="process", unit="rate", direction="neither", rate_per=1000,
             num="Aantal verwijzingen naar medisch-specialistische zorg in het verslagjaar.",
             den="Aantal ingeschreven patiënten op 1 januari (praktijkgrootte).",
             lay="Hoe vaak de huisartsen patiënten doorsturen naar het ziekenhuis, per 1.000 patiënten.",
             sim=dict(r=190, sd=0.15, trend=0.01, den=1.0)),
        dict(id="HA-05", title="Bloeddruk gemeten bij hart- en vaatziekten",
             description="Percentage patiënten met hart- en vaatziekten bij wie in het afgelopen jaar de "
                         "bloeddruk is gemeten.",
             type="process", unit="percentage", direction="higher",
             num="Aantal patiënten met een bloeddrukmeting in het afgelopen jaar.",
             den="Aantal patiënten met hart- en vaatziekten in het programma cardiovasculair "
                 "risicomanagement.",
             lay="Bij hoeveel patiënten met hart- en vaatziekten dit jaar de bloeddruk is gecontroleerd.",
             sim=dict(p=0.82, sd=0.4, trend=0.03, den=0.05)),
        dict(id="HA-06", title="Telefoon binnen 2 minuten opgenomen",
             description="Percentage telefoongesprekken naar het algemene nummer dat binnen 2 minuten "
                         "door een medewerker is opgenomen.",
             type="process", unit="percentage", direction="higher",
             num="Aantal gesprekken dat binnen 2 minuten is opgenomen.",
             den="Aantal gesprekken naar het algemene nummer in de meetweken.",
             lay="Hoe vaak u de praktijk binnen 2 minuten aan de telefoon krijgt.",
             choice=True, sim=dict(p=0.78, sd=0.5, trend=-0.02, den=0.35)),
        dict(id="HA-07", title="Online een vraag stellen (e-consult)",
             description="Kunnen patiënten via een beveiligde website of app een vraag stellen aan de "
                         "huisarts (e-consult)?",
             type="preference", unit="yesno", direction="neither",
             lay="Of u uw huisarts ook online een vraag kunt stellen.",
             choice=True, sim=dict(p=0.8, sd=1.5, trend=0.3)),
        dict(id="HA-08", title="Avond- of zaterdagspreekuur",
             description="Heeft de praktijk ten minste één keer per week een spreekuur 's avonds of op "
                         "zaterdag?",
             type="preference", unit="yesno", direction="neither",
             lay="Of u ook 's avonds of op zaterdag op het spreekuur terecht kunt.",
             choice=True, sim=dict(p=0.3, sd=1.5)),
    ),
}

SETS: tuple[dict, ...] = (GEBOORTEZORG, VERPLEEGHUISZORG, ZIEKENHUIZEN, GGZ, HUISARTSENZORG)

# Provider kinds: id prefix (2 digits of an 8-digit AGB-like code; "0" gives leading zeros),
# size model (median and log-sd of a lognormal, in the unit the `den` factors multiply),
# and name templates ({place}, {word}, {surname} are filled in).
KINDS: dict[str, dict] = {
    "vsv": dict(prefix="98", size=(1.0, 0.45),
                names=("Geboortezorg Demo-VSV {place}",)),
    "ziekenhuis": dict(prefix="06", size=(1.0, 0.5),
                       names=("Demo-ziekenhuis {place}", "Fictief Medisch Centrum {place}",
                              "Demo-Gasthuis {place}", "Voorbeeldziekenhuis {place}")),
    "ggz": dict(prefix="22", size=(1.0, 0.75),
                names=("Demo-GGZ {place}", "Fictieve Psychologenpraktijk {surname}, {place}",
                       "GGZ Voorbeeldkliniek De {word}, {place}",
                       "Demo-praktijk voor psychotherapie {surname}, {place}")),
    "organisatie": dict(prefix="73", size=(1.0, 0.0),
                        names=("Zorggroep Demo-{word} {place}", "Stichting Fictieve Ouderenzorg {place}",
                               "Demo-Zorgcentra De {word}, {place}")),
    "verpleeghuis": dict(prefix="47", size=(55.0, 0.55),
                         names=("Verpleeghuis De Fictieve {word}, {place}",
                                "Demo-zorgcentrum De {word}, {place}",
                                "Woonzorgcentrum Demo-{word}, {place}",
                                "Fictief Kleinschalig Wonen De {word}, {place}")),
    "huisartspraktijk": dict(prefix="01", size=(3200.0, 0.5),
                             names=("Demo-huisartsenpraktijk {surname}, {place}",
                                    "Huisartsenpraktijk {surname} (fictief), {place}",
                                    "Fictief Gezondheidscentrum De {word}, {place}",
                                    "Demo-huisartsen De {word}, {place}")),
}

WORDS = ("Linde", "Eik", "Beuk", "Wilg", "Esdoorn", "Kastanje", "Berk", "Populier", "Meidoorn",
         "Vlier", "Hazelaar", "Hulst", "Iep", "Els", "Zonnebloem", "Klaproos", "Korenbloem",
         "Lavendel", "Heide", "Akelei", "Reiger", "Merel", "Lijster", "Zwaluw", "Ooievaar", "Kievit",
         "Roodborst", "Vlinder", "Boomgaard", "Hofstede")
SURNAMES = ("Van Fictiedam", "De Verzonnen", "Bedachtsma", "Fictenga", "Voorbeeldman",
            "Van Proefdijk", "Schijnveld", "Denkbeeld", "Van Oefenhoven", "Verzinga", "Demostra",
            "Van Nepvoort", "De Proeve", "Ficktema", "Van Testerlo", "Bedenkers", "Van der Verzin",
            "Proefsma", "Dummelink", "Van Schetsveld")
STREETS = ("Linden", "Esdoorn", "Berken", "Kastanje", "Wilgen", "Populieren", "Meidoorn",
           "Hazelaar", "Vlier", "Zonnebloem", "Klaproos", "Voorbeeld", "Proef", "Oefen", "Fictie",
           "Schets", "Ontwerp", "Verzin", "Demo", "Concept")
STREET_KINDS = ("laan", "straat", "weg", "hof", "plein", "singel", "kade", "dreef", "pad", "erf")
REGIONS = {  # province -> care region (fictitious, ROAZ-like)
    "Groningen": "Regio Noord", "Friesland": "Regio Noord", "Drenthe": "Regio Noord",
    "Overijssel": "Regio Oost", "Gelderland": "Regio Gelderland", "Flevoland": "Regio Midden",
    "Utrecht": "Regio Midden", "Noord-Holland": "Regio Noord-Holland",
    "Zuid-Holland": "Regio Zuid-Holland", "Zeeland": "Regio Zuidwest",
    "Noord-Brabant": "Regio Brabant", "Limburg": "Regio Limburg",
}
