"""Render the list pages: home, indicator and set overviews, regions, provider kinds, A–Z and changes."""

from __future__ import annotations

import string

import pandas as pd

from generator.compute.public import PublicRelease
from generator.core.ids import base_slug, id_path
from generator.site.labels import _
from generator.site.page import KIND_PLURAL, page
from generator.site.regions import region_files
from generator.site.urls import place_slugs


def _letter(name: str) -> str:
    first = base_slug(name)[:1]
    return first if first in string.ascii_lowercase else "0-9"


def provider_list(providers: pd.DataFrame) -> list[dict]:
    """Providers as dicts sorted by name, for list pages."""
    cols = ["provider_id", "name", "city", "kind"]
    return providers.sort_values(["name", "provider_id"])[cols].to_dict("records")


def list_files(data: PublicRelease, ctx: dict) -> dict[str, str]:
    """Every list page but the downloads pages (site/downloads.py)."""
    files: dict[str, str] = {}
    shown = data.providers
    ind = data.indicators.sort_values(["set_title", "indicator_id"])
    national = data.benchmarks[data.benchmarks["group_type"] == "national"]
    latest_nat = national.sort_values("period").groupby("indicator_id").tail(1).set_index("indicator_id")
    sets = [
        {
            "set_id": s,
            "set_title": part["set_title"].iloc[0],
            "indicators": part.to_dict("records"),
            "kinds": sorted(set(part["provider_kind"]) - {""}),
        }
        for s, part in ind.groupby("set_id", sort=True)
    ]
    kinds = [{"kind": k, "count": int(n)} for k, n in shown["kind"].value_counts().sort_index().items()]
    provinces = sorted({p for p in shown["province"] if p})
    regions = sorted({r for r in shown["region"] if r})
    letters = sorted({_letter(n) for n in shown["name"]})
    paths = place_slugs(shown)  # one path per distinct name, shared with the links on the provider pages
    nat_rows = {i: r for i, r in latest_nat.to_dict("index").items()}
    files["index.md"] = page(
        "home.html.j2",
        data.publication.title,
        0,
        _("Vergelijk de kwaliteit van zorgaanbieders."),
        sets=sets,
        kinds=kinds,
        provinces=[(paths["provincie"][p], p) for p in provinces],
        letters=letters,
        n_providers=len(shown),
        **ctx,
    )
    files["indicatoren/index.md"] = page(
        "indicators.html.j2", _("Indicatoren"), 1, sets=sets, national=nat_rows, **ctx
    )
    for s in sets:
        files[f"indicatorsets/{id_path(s['set_id'])}/index.md"] = page(
            "set.html.j2", s["set_title"], 2, s=s, national=nat_rows, **ctx
        )
    for k in kinds:
        members = shown[shown["kind"] == k["kind"]]
        by_region = sorted(
            ((paths["zorgregio"][r], r, int(n)) for r, n in members["region"].value_counts().items() if r),
            key=lambda t: t[1],
        )
        few = provider_list(members) if len(members) <= 400 else []
        files[f"soorten/{id_path(k['kind'])}/index.md"] = page(
            "kind.html.j2",
            KIND_PLURAL.get(k["kind"], k["kind"]),
            2,
            kind=k,
            regions=by_region,
            providers=few,
            total=len(members),
            sets=[s for s in sets if k["kind"] in s["kinds"]],
            **ctx,
        )
    region_pages = [("provincie", p, shown[shown["province"] == p]) for p in provinces] + [
        ("zorgregio", r, shown[shown["region"] == r]) for r in regions
    ]
    files["regio/index.md"] = page(
        "regions.html.j2",
        _("Regio's"),
        1,
        provinces=[(paths["provincie"][p], p) for p in provinces],
        regions=[(paths["zorgregio"][r], r) for r in regions],
        **ctx,
    )
    files.update(region_files(data, ctx, paths, region_pages))
    files["zoeken/index.md"] = page("search.html.j2", _("Zoeken"), 1, **ctx)
    files["aanbieders/index.md"] = page(
        "az_index.html.j2", _("Alle zorgaanbieders"), 1, letters=letters, n_providers=len(shown), **ctx
    )
    for letter in letters:
        members = shown[[_letter(n) == letter for n in shown["name"]]]
        files[f"a-z/{letter}/index.md"] = page(
            "az_letter.html.j2",
            _("Zorgaanbieders: {letter}", letter=letter.upper()),
            2,
            letter=letter,
            letters=letters,
            providers=provider_list(members),
            **ctx,
        )
    names = pd.concat(
        [data.providers[["provider_id", "name"]], data.departed[["provider_id", "name"]]], ignore_index=True
    )
    changes = data.changes.merge(names.drop_duplicates("provider_id"), on="provider_id", how="left")
    changes = changes.merge(data.indicators[["indicator_id", "title"]], on="indicator_id", how="left").fillna(
        {"name": "", "title": ""}
    )
    counts = changes["change"].value_counts().to_dict()
    # link only to pages this release has: a provider whose results were all withdrawn has no page any more
    files["wijzigingen/index.md"] = page(
        "changes.html.j2",
        _("Wijzigingen in deze release"),
        1,
        changes=changes.head(2000).to_dict("records"),
        total=len(changes),
        counts=counts,
        provider_pages=set(shown["provider_id"]),
        indicator_pages=set(data.indicators["indicator_id"]),
        **ctx,
    )
    return files
