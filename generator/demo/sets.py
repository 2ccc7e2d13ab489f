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

from generator.demo.sets_hospital import ZIEKENHUIZEN
from generator.demo.sets_primary import _PREM, GGZ, HUISARTSENZORG

GEBOORTEZORG = {
    "set_id": "geboortezorg",
    "set_title": "Integrale geboortezorg",
    "provider_kind": "vsv",
    "level": "vsv",
    "explanations": (
        "In {year} is de verloskamer verbouwd; daardoor bevielen tijdelijk minder vrouwen in ons ziekenhuis.",
        "In {year} zijn we overgestapt op een nieuw geboortedossier; de registratie van enkele maanden is "
        "onvolledig.",
        "Het aantal ingevulde vragenlijsten was in {year} lager dan in andere jaren.",
        "Sinds {year} bespreken alle verloskundigen en gynaecologen in ons VSV elke ernstige ruptuur samen.",
    ),
    "indicators": (
        dict(
            id="GBZ-01",
            title="Spontane bevalling bij een eerste kind",
            description="Percentage vrouwen in Robson-groep 1 (eerste kind, één kind in hoofdligging, "
            "na 37 weken, spontane start van de bevalling) dat spontaan vaginaal bevalt.",
            type="outcome",
            unit="percentage",
            direction="higher",
            num="Aantal vrouwen in Robson-groep 1 met een spontane vaginale bevalling.",
            den="Aantal vrouwen in Robson-groep 1.",
            lay="Hoeveel vrouwen die voor het eerst bevallen hun kind krijgen zonder keizersnede, "
            "vacuümpomp of tang.",
            choice=True,
            sim=dict(p=0.72, sd=0.25, trend=0.01, den=650),
        ),
        dict(
            id="GBZ-02",
            title="Totaalruptuur bij een vaginale bevalling",
            description="Percentage vaginale bevallingen met een derde- of vierdegraads ruptuur "
            "(een scheur tot in of door de kringspier).",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal vaginale bevallingen met een derde- of vierdegraads ruptuur.",
            den="Aantal vaginale bevallingen.",
            lay="Hoe vaak er bij een gewone bevalling een ernstige scheur ontstaat die tot in de "
            "kringspier loopt.",
            sim=dict(p=0.028, sd=0.3, trend=0.02, den=2100),
        ),
        dict(
            id="GBZ-03",
            title="Keizersnede bij een eerste kind",
            description="Percentage vrouwen in Robson-groep 1 dat met een keizersnede bevalt.",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal vrouwen in Robson-groep 1 dat met een keizersnede bevalt.",
            den="Aantal vrouwen in Robson-groep 1.",
            lay="Hoe vaak een eerste bevalling die vanzelf begon eindigt in een keizersnede.",
            sim=dict(p=0.13, sd=0.25, trend=0.0, den=650),
        ),
        dict(
            id="GBZ-04",
            title="Veel bloedverlies na de bevalling",
            description="Percentage bevallingen met 1.000 ml of meer bloedverlies binnen 24 uur na de "
            "geboorte (fluxus postpartum).",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal bevallingen met 1.000 ml of meer bloedverlies.",
            den="Aantal bevallingen (vanaf 37 weken zwangerschap).",
            lay="Hoe vaak een moeder bij of na de bevalling veel bloed verliest (1 liter of meer).",
            sim=dict(p=0.065, sd=0.25, trend=0.0, den=2700),
        ),
        dict(
            id="GBZ-05",
            title="Inleiding van de bevalling",
            description="Percentage bevallingen van één kind na 37 weken waarbij de bevalling is "
            "ingeleid.",
            type="process",
            unit="percentage",
            direction="neither",
            num="Aantal bevallingen dat is ingeleid.",
            den="Aantal bevallingen van één kind vanaf 37 weken zwangerschap.",
            lay="Hoe vaak de bevalling met medicijnen of een kleine ingreep op gang wordt gebracht.",
            sim=dict(p=0.27, sd=0.2, trend=0.02, den=2500),
        ),
        dict(
            id="GBZ-06",
            title="Borstvoeding aan het eind van de kraamtijd",
            description="Percentage kinderen dat aan het eind van de kraamtijd geheel of gedeeltelijk "
            "borstvoeding krijgt.",
            type="outcome",
            unit="percentage",
            direction="higher",
            num="Aantal kinderen dat aan het eind van de kraamtijd borstvoeding krijgt.",
            den="Aantal levend geboren kinderen met kraamzorg.",
            lay="Hoeveel baby's aan het eind van de kraamweek borstvoeding krijgen.",
            sim=dict(p=0.74, sd=0.2, trend=0.01, den=2500),
        ),
        dict(
            id="GBZ-07",
            title="Ervaring: informatie tijdens de zwangerschap",
            description=_PREM.format(lo=1, who="moeders", what="de informatie tijdens de zwangerschap"),
            type="experience",
            unit="mean",
            direction="higher",
            min_value=1,
            max_value=10,
            den="Aantal moeders dat de vraag heeft beantwoord.",
            lay="Welk rapportcijfer moeders geven voor de uitleg en informatie die zij tijdens de "
            "zwangerschap kregen.",
            sim=dict(mu=8.1, sd=0.2, sdw=1.3, trend=0.02, den=140, dec=2),
        ),
        dict(
            id="GBZ-08",
            title="Ervaring: begeleiding tijdens de bevalling",
            description=_PREM.format(lo=1, who="moeders", what="de begeleiding tijdens de bevalling"),
            type="experience",
            unit="mean",
            direction="higher",
            min_value=1,
            max_value=10,
            den="Aantal moeders dat de vraag heeft beantwoord.",
            lay="Welk rapportcijfer moeders geven voor de begeleiding tijdens hun bevalling.",
            sim=dict(mu=8.5, sd=0.18, sdw=1.2, trend=0.01, den=140, dec=2),
        ),
        dict(
            id="GBZ-09",
            title="Ervaring: totaaloordeel zorg rond de bevalling",
            description=_PREM.format(
                lo=1, who="moeders", what="alle zorg rond zwangerschap, bevalling en kraamtijd"
            ),
            type="experience",
            unit="mean",
            direction="higher",
            min_value=1,
            max_value=10,
            den="Aantal moeders dat de vraag heeft beantwoord.",
            min_denominator=20,
            lay="Welk rapportcijfer moeders gemiddeld geven voor alle zorg rond hun zwangerschap "
            "en bevalling.",
            choice=True,
            sim=dict(mu=8.4, sd=0.2, sdw=1.1, trend=0.02, den=140, dec=2),
        ),
        dict(
            id="GBZ-10",
            title="Poliklinisch bevallen zonder medische reden",
            description="Kunnen vrouwen zonder medische reden in het ziekenhuis bevallen met hun eigen "
            "verloskundige (poliklinische bevalling)?",
            type="preference",
            unit="yesno",
            direction="neither",
            lay="Of u ook zonder medische reden in het ziekenhuis kunt bevallen, met uw eigen "
            "verloskundige.",
            choice=True,
            sim=dict(p=0.85, sd=1.5),
        ),
        dict(
            id="GBZ-11",
            title="Ruggenprik dag en nacht beschikbaar",
            description="Is pijnbestrijding met een ruggenprik (epidurale analgesie) op elk moment van "
            "de dag en nacht beschikbaar?",
            type="structure",
            unit="yesno",
            direction="higher",
            lay="Of u op elk moment van de dag of nacht een ruggenprik tegen de pijn kunt krijgen.",
            sim=dict(p=0.8, sd=1.5),
        ),
        dict(
            id="GBZ-12",
            title="Bevallen in bad mogelijk",
            description="Kunnen vrouwen in het ziekenhuis of geboortecentrum in bad bevallen?",
            type="preference",
            unit="yesno",
            direction="neither",
            lay="Of u in het ziekenhuis of geboortecentrum in bad kunt bevallen.",
            choice=True,
            sim=dict(p=0.6, sd=1.5),
        ),
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
        dict(
            id="VPH-01",
            title="Decubitus",
            description="Percentage bewoners met decubitus (een doorligwond) van categorie 2 of hoger "
            "op de meetdatum.",
            type="outcome",
            unit="percentage",
            direction="lower",
            num="Aantal bewoners met decubitus categorie 2 of hoger op de meetdatum.",
            den="Aantal bewoners dat op de meetdatum op de locatie woonde.",
            lay="Hoeveel bewoners een doorligwond hebben.",
            choice=True,
            sim=dict(p=0.04, sd=0.45, trend=0.03, den=0.95),
        ),
        dict(
            id="VPH-02",
            title="Medicatiereview",
            description="Percentage bewoners bij wie in de afgelopen twaalf maanden een medicatiereview "
            "is gedaan door arts en apotheker samen.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal bewoners met een medicatiereview in de afgelopen twaalf maanden.",
            den="Aantal bewoners dat langer dan twaalf maanden op de locatie woont en medicijnen "
            "gebruikt.",
            lay="Hoeveel bewoners ten minste één keer per jaar hun medicijnen laten nakijken door "
            "arts en apotheker.",
            sim=dict(p=0.86, sd=0.6, trend=0.08, den=0.7),
        ),
        dict(
            id="VPH-03",
            title="Afspraken over behandelgrenzen",
            description="Percentage bewoners bij wie afspraken over behandelgrenzen en wensen rond het "
            "levenseinde in het dossier staan (advance care planning).",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal bewoners met vastgelegde afspraken over behandelgrenzen.",
            den="Aantal bewoners op de locatie.",
            lay="Bij hoeveel bewoners is vastgelegd welke behandelingen zij aan het eind van hun "
            "leven wel of niet willen.",
            sim=dict(p=0.9, sd=0.6, trend=0.05, den=0.95),
        ),
        dict(
            id="VPH-04",
            title="Vrijheidsbeperkende maatregelen besproken",
            description="Percentage bewoners met een vrijheidsbeperkende maatregel (zoals een bedhek of "
            "een gesloten deur) bij wie die maatregel in het multidisciplinair overleg is "
            "besproken.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal bewoners bij wie de maatregel multidisciplinair is besproken.",
            den="Aantal bewoners met een vrijheidsbeperkende maatregel.",
            lay="Of de zorgverleners samen bespreken waarom een bewoner in zijn vrijheid wordt beperkt.",
            sim=dict(p=0.8, sd=0.6, trend=0.05, den=0.25),
        ),
        dict(
            id="VPH-05",
            title="Aandacht voor eten en drinken",
            description="Percentage bewoners bij wie voorkeuren over eten en drinken en de hulp daarbij "
            "in het zorgleefplan staan.",
            type="process",
            unit="percentage",
            direction="higher",
            num="Aantal bewoners met vastgelegde afspraken over eten en drinken.",
            den="Aantal bewoners op de locatie.",
            lay="Bij hoeveel bewoners hun wensen over eten en drinken in het zorgplan staan.",
            sim=dict(p=0.9, sd=0.5, trend=0.04, den=0.95),
        ),
        dict(
            id="VPH-06",
            title="Afspraken over eten en drinken",
            description="Welke afspraken over eten en drinken zijn gemaakt?",
            type="process",
            unit="text",
            direction="neither",
            lay="Hoe de locatie in het dagelijks leven zorgt voor goed eten en drinken.",
            sim=dict(
                answers=(
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
                )
            ),
        ),
        dict(
            id="VPH-07",
            title="Arts dag en nacht bereikbaar",
            description="Is er 24 uur per dag, 7 dagen per week een specialist ouderengeneeskunde (of "
            "diens vervanger) bereikbaar voor de locatie?",
            type="structure",
            unit="yesno",
            direction="higher",
            lay="Of er altijd, ook 's nachts en in het weekend, een arts voor ouderen bereikbaar is.",
            choice=True,
            sim=dict(p=0.92, sd=1.5),
        ),
        dict(
            id="VPH-08",
            title="Aantal bewoners",
            description="Aantal bewoners met een Wlz-indicatie dat op 1 januari op de locatie woonde.",
            type="structure",
            unit="count",
            direction="neither",
            lay="Hoeveel bewoners er op de locatie wonen.",
            sim=dict(c=1.0, sd=0.03, trend=0.0),
        ),
        dict(
            id="VPH-09",
            title="Aanbevelingscijfer van bewoners en familie",
            description=_PREM.format(
                lo=0, who="bewoners of hun naasten", what="de vraag of zij de locatie zouden aanbevelen"
            ),
            type="experience",
            unit="mean",
            direction="higher",
            min_value=0,
            max_value=10,
            den="Aantal bewoners of naasten dat de vraag heeft beantwoord.",
            lay="Welk cijfer bewoners en hun familie geven als hun gevraagd wordt of zij de locatie "
            "zouden aanbevelen.",
            choice=True,
            sim=dict(mu=8.0, sd=0.35, sdw=1.4, trend=0.02, den=0.35, dec=2),
        ),
    ),
}

SETS: tuple[dict, ...] = (GEBOORTEZORG, VERPLEEGHUISZORG, ZIEKENHUIZEN, GGZ, HUISARTSENZORG)
