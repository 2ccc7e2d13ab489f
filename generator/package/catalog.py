"""The release's DCAT-AP catalogue (with the DCAT-AP-NL details that cost little): catalog.jsonld and its
Turtle twin catalog.ttl in the release folder, so the site serves them at data/<release>/ and
data/latest/.

One dcat:Dataset per data package, one dcat:Distribution per file (each CSV, Parquet and workbook, the
datapackage.json and the package zip) with its download address, media type, EU file type, byte size,
sha256 checksum (spdx:checksum) and licence; titles and descriptions in Dutch and English; publisher,
contact, theme (health), language, spatial coverage (the Netherlands), temporal coverage (the periods of
the package's results), issued/modified (the release's first day) and version (the release).

Addresses are absolute under publication.site_url (site_url + data/<release>/…), and under
publication.data_url for the files hosted there (core/hosting.py; a file only inside its package zip has
no distribution of its own). Without a site_url they
are relative to the catalogue file itself, which JSON-LD and Turtle resolve against the address the file
is read from: still right when it is fetched from the site, but a harvester needs the absolute form (the
build log says so). Pure: from the release's package files in memory to two more files.
"""

from __future__ import annotations

import hashlib
import json

from generator.compute.public import PublicRelease
from generator.core import hosting
from generator.core.licences import licence_url
from generator.core.periods import coverage
from generator.package import rdf

JSONLD, TURTLE = "catalog.jsonld", "catalog.ttl"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "parquet": "PARQUET", "xlsx": "XLSX", "json": "JSON", "zip": "ZIP"}
MEDIA_TYPES = {"json": "application/json", "zip": "application/zip"}
DATA_PACKAGE = "https://datapackage.org/standard/data-package/"
DESCRIPTION = {
    "nl": "Goedgekeurde resultaten van kwaliteitsindicatoren van zorgaanbieders, release {release}: {sets}. "
    "Met 95%-betrouwbaarheidsintervallen, landelijke en groepsvergelijkingen en trechtergrenzen; een "
    "resultaat onder de publicatiedrempel staat erin zonder cijfers. Een Frictionless data package met CSV, "
    "Parquet en een Excel-werkmap.",
    "en": "Approved quality-indicator results of care providers, release {release}: {sets}. With 95% "
    "intervals, national and group benchmarks and funnel limits; a result under the disclosure threshold is "
    "listed without figures. A Frictionless data package with CSV, Parquet and an Excel workbook.",
}
ABOUT = {
    "nl": "Goedgekeurde resultaten van kwaliteitsindicatoren van zorgaanbieders: een data package per "
    "indicatorset en een met alle sets.",
    "en": "Approved quality-indicator results of care providers: a data package per indicator set and one "
    "with every set.",
}
DEMO = {
    "nl": "FICTIEVE DEMONSTRATIEGEGEVENS: geen echte zorgaanbieders. ",
    "en": "FICTITIOUS DEMO DATA - not real providers. ",
}


def _text(texts: dict[str, str]) -> list[dict]:
    return [{"@value": text, "@language": lang} for lang, text in texts.items() if text]


def _date(day: str) -> dict:
    return {"@value": day, "@type": "xsd:date"}


def _ref(iri: str) -> dict:
    return {"@id": iri}


def _address(data: PublicRelease, base: str, path: str) -> str | None:
    """Where a file of the release folder ('<package>/<file>' or '<package>.zip') is downloaded: under
    publication.data_url for a hosted one (core/hosting.py), else base + path; None when only inside a zip."""
    found = hosting.release_file_url(data.release, path, data.publication.data_url)
    if found is None or hosting.is_external(found):
        return found
    return base + path


def _distribution(cat: str, url: str, path: str, data: bytes, licence: str, mediatype: str = "") -> dict:
    """One file of the release, downloaded from `url`, as a dcat:Distribution."""
    fmt = path.rsplit(".", 1)[1]
    node = {
        "@id": f"{cat}#{path}",
        "@type": "dcat:Distribution",
        "dct:title": path,
        "dcat:downloadURL": _ref(url),
        "dcat:accessURL": _ref(url),
        "dcat:mediaType": _ref(IANA + (mediatype or MEDIA_TYPES[fmt])),
        "dct:format": _ref(f"{EU}file-type/{FILE_TYPES[fmt]}"),
        "dcat:byteSize": {"@value": str(len(data)), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _ref("spdx:checksumAlgorithm_sha256"),
            "spdx:checksumValue": {"@value": hashlib.sha256(data).hexdigest(), "@type": "xsd:hexBinary"},
        },
        "dct:license": _ref(licence),
    }
    if path.endswith("datapackage.json"):
        node["dct:conformsTo"] = _ref(DATA_PACKAGE)
    return node


def _agent(data: PublicRelease) -> dict:
    return {"@type": "foaf:Agent", "foaf:name": data.publication.publisher}


def _dataset(data: PublicRelease, folder: str, files: dict[str, bytes], cat: str, base: str) -> dict:
    """One data package of the release as a dcat:Dataset with its distributions."""
    pub = data.publication
    desc = json.loads(files[f"{folder}/datapackage.json"])
    licence = licence_url(pub.licence)
    one_set = data.indicators["set_id"] == folder  # a set's package is named by its set id; 'alles' by none
    indicators = data.indicators[one_set] if one_set.any() else data.indicators
    results = data.results[data.results["set_id"] == folder] if one_set.any() else data.results
    sets = sorted({str(t) for t in indicators["set_title"] if t})
    texts = {lang: (DEMO[lang] if pub.demo else "") + DESCRIPTION[lang] for lang in DESCRIPTION}
    kinds = {f"{folder}/{r['path']}": r["mediatype"] for r in desc["resources"]}
    kinds |= {f"{folder}/datapackage.json": "", f"{folder}.zip": ""}
    distributions = [
        _distribution(cat, url, path, files[path], licence, mediatype)
        for path, mediatype in kinds.items()
        if (url := _address(data, base, path)) is not None
    ]
    site = pub.site_url or "../../"  # the site's root, relative to data/<release>/
    node = {
        "@id": f"{cat}#{folder}",
        "@type": "dcat:Dataset",
        "dct:identifier": desc["name"],
        "dct:title": _text(
            {"nl": desc["title"]}
            | ({} if one_set.any() else {"en": f"{pub.title}: all indicator sets ({data.release})"})
        ),
        "dct:description": _text(
            {k: v.format(release=data.release, sets=", ".join(sets)) for k, v in texts.items()}
        ),
        "dcat:keyword": _text({"nl": "zorg"})
        + _text({"nl": "kwaliteitsindicatoren"})
        + _text({"en": "healthcare quality"})
        + [{"@value": s, "@language": "nl"} for s in sets],
        "dcat:theme": _ref(f"{EU}data-theme/HEAL"),
        "dct:publisher": _agent(data),
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": pub.publisher}
        | ({"vcard:hasURL": _ref(pub.site_url)} if pub.site_url else {}),
        "dct:license": _ref(licence),
        "dct:accessRights": _ref(f"{EU}access-right/PUBLIC"),
        "dct:language": _ref(f"{EU}language/NLD"),
        "dct:spatial": _ref(f"{EU}country/NLD"),
        "dct:issued": _date(f"{data.release}-01"),
        "dct:modified": _date(f"{data.release}-01"),
        "owl:versionInfo": data.release,
        "dcat:landingPage": _ref(f"{site}downloads/{folder}/"),
        "dcat:distribution": distributions,
    }
    if span := coverage(results["period"]):
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(span[0]),
            "dcat:endDate": _date(span[1]),
        }
    return node


def catalogue(data: PublicRelease, files: dict[str, bytes]) -> dict:
    """The release's DCAT-AP catalogue as a JSON-LD document, from its package files (keyed by their path
    under the release folder: '<package>/<file>' and '<package>.zip')."""
    pub = data.publication
    base = f"{pub.site_url}data/{data.release}/" if pub.site_url else ""
    cat = base + JSONLD
    folders = sorted(
        {p.split("/", 1)[0] for p in files if p.endswith("/datapackage.json")},
        key=lambda f: (f != "alles", f),
    )
    return {
        "@context": CONTEXT,
        "@id": f"{cat}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _text(
            {
                "nl": f"{pub.title}: open data, release {data.release}",
                "en": f"{pub.title}: open data, release {data.release}",
            }
        ),
        "dct:description": _text({lang: (DEMO[lang] if pub.demo else "") + t for lang, t in ABOUT.items()}),
        "dct:publisher": _agent(data),
        "dct:license": _ref(licence_url(pub.licence)),
        "dct:language": _ref(f"{EU}language/NLD"),
        "dct:issued": _date(f"{data.release}-01"),
        "dct:modified": _date(f"{data.release}-01"),
        "foaf:homepage": _ref(pub.site_url or "../../"),
        "dcat:dataset": [_dataset(data, folder, files, cat, base) for folder in folders],
    }


def catalogue_files(data: PublicRelease, files: dict[str, bytes]) -> dict[str, bytes]:
    """catalog.jsonld and catalog.ttl of the release: the same graph, as JSON-LD and as Turtle."""
    doc = catalogue(data, files)
    return {
        JSONLD: (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        TURTLE: rdf.turtle(doc).encode("utf-8"),
    }
