"""Render the downloads pages: /downloads/ (every release and package) and one page per data package of
the newest release (/downloads/<package>/), each with schema.org Dataset JSON-LD for dataset search engines.

Addresses in the JSON-LD are absolute under publication.site_url (Google Dataset Search needs them); without
a site_url they are relative to the page that holds them. Data files hosted under publication.data_url
(core/hosting.py) keep their absolute address there; a file only inside the zip is not listed. Every '<'
in the JSON-LD is written as \\u003c, so no intake text can end the script element or open '<!--' in it.
"""

from __future__ import annotations

import json

from generator.compute.public import PublicRelease
from generator.core.hosting import href
from generator.core.ids import id_path
from generator.core.licences import licence_url
from generator.core.periods import coverage
from generator.site import labels
from generator.site.labels import _
from generator.site.page import page


def _jsonld(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1).replace("<", "\\u003c")


def _organisation(data: PublicRelease) -> dict:
    return {"@type": "Organization", "name": data.publication.publisher}


def _about(data: PublicRelease) -> str:
    return _(
        "Goedgekeurde resultaten van kwaliteitsindicatoren van zorgaanbieders, "
        "met betrouwbaarheidsintervallen en landelijke vergelijking."
    )


def _common(data: PublicRelease) -> dict:
    """What every Dataset of the release says: licence, language, who, when."""
    day = f"{data.release}-01"
    return {
        "version": data.release,
        "license": licence_url(data.publication.licence),
        "inLanguage": labels.active(),
        "creator": _organisation(data),
        "publisher": _organisation(data),
        "isAccessibleForFree": True,
        "datePublished": day,
        "dateModified": day,
        "spatialCoverage": {"@type": "Place", "name": _("Nederland")},
    }


def overview_jsonld(data: PublicRelease, releases: list[dict], base: str) -> str:
    """schema.org Dataset JSON-LD for /downloads/: the whole publication, its package zips as downloads and
    each package's own Dataset as a part. `base` is the site's root as an address ('../' without site_url)."""
    current = next((r for r in releases if r["release"] == data.release), None)
    packages = current["packages"] if current else []
    doc = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("{title}: kwaliteitsindicatoren", title=data.publication.title),
        "description": _about(data),
        "url": f"{base}downloads/",
        **_common(data),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": p["title"],
                "encodingFormat": "application/zip",
                "contentUrl": href(p["zip_url"], base),
            }
            for p in packages
        ],
        "hasPart": [
            {"@type": "Dataset", "name": p["title"], "url": f"{base}downloads/{id_path(p['folder'])}/"}
            for p in packages
        ],
    }
    if span := coverage(data.results["period"]):
        doc["temporalCoverage"] = "/".join(span)
    return _jsonld(doc)


def package_jsonld(data: PublicRelease, package: dict, base: str) -> str:
    """schema.org Dataset JSON-LD for one package's page: every file as a download (encoding format, address,
    size), licence, temporal and spatial coverage, creator and publisher, dates, and its catalogue."""
    one_set = data.indicators["set_id"] == package["folder"]  # a set's package is named by its set id
    results = data.results[data.results["set_id"] == package["folder"]] if one_set.any() else data.results
    indicators = data.indicators[one_set] if one_set.any() else data.indicators
    descriptor = {"path": "datapackage.json", "mediatype": "application/json"}
    files = [f for f in package["files"] if f["url"]] + [
        descriptor | {"url": package["base_url"] + "datapackage.json"}
    ]
    doc = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": package["title"],
        "description": _about(data),
        "url": f"{base}downloads/{id_path(package['folder'])}/",
        "identifier": package["name"],
        "keywords": sorted({str(t) for t in indicators["set_title"] if t}),
        **_common(data),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f["path"],
                "encodingFormat": f["mediatype"],
                "contentUrl": href(f["url"], base),
            }
            | ({"contentSize": f"{f['size']} B"} if "size" in f else {})
            for f in files
        ]
        + [
            {
                "@type": "DataDownload",
                "name": f"{package['folder']}.zip",
                "encodingFormat": "application/zip",
                "contentUrl": href(package["zip_url"], base),
                "contentSize": f"{package['zip_size']} B",
            }
        ],
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": data.publication.title,
            "url": f"{base}downloads/",
        },
    }
    if span := coverage(results["period"]):
        doc["temporalCoverage"] = "/".join(span)
    return _jsonld(doc)


def download_files(data: PublicRelease, releases: list[dict], ctx: dict) -> dict[str, str]:
    """/downloads/ and a page per package of this release; `releases` are the published releases with their
    packages (publish/releases.py), newest first."""
    site_url = data.publication.site_url
    files = {
        "downloads/index.md": page(
            "downloads.html.j2",
            _("Downloads"),
            1,
            _("Alle open data van Zorgspiegel als CSV en Parquet."),
            releases=releases,
            jsonld=overview_jsonld(data, releases, site_url or "../"),
            **ctx,
        )
    }
    current = next((r for r in releases if r["release"] == data.release), {"packages": []})
    for package in current["packages"]:
        earlier = [
            (r["release"], p)
            for r in releases
            if r["release"] != data.release
            for p in r["packages"]
            if p["folder"] == package["folder"]
        ]
        files[f"downloads/{id_path(package['folder'])}/index.md"] = page(
            "download.html.j2",
            package["title"],
            2,
            _("Download {title} als CSV, Parquet of Excel.", title=package["title"]),
            p=package,
            earlier=earlier,
            catalog=current.get("catalog"),
            jsonld=package_jsonld(data, package, site_url or "../../"),
            **ctx,
        )
    return files
