"""Render the choice aid (keuzehulp): one page per care kind and the compact data files it reads (pure).

A visitor enters a four-digit postcode (or picks a municipality), sees the providers of one kind sorted
by distance with a few key results, and picks up to four to see side by side in a table and a chart.
Everything happens in the browser (site_src/assets/javascripts/choice.js); the site stays static.

Files written (paths relative to the docs folder):
- ``keuzehulp/index.md``: which kinds have a choice aid.
- ``keuzehulp/<kind>/index.md``: the page; without JavaScript it explains the aid and links to the
  A–Z and region pages.
- ``api/keuzehulp/<kind>.json``: only what that kind's aid needs (see ``kind_data``), so a visitor
  downloads one kind's providers, never the whole country's results.
- ``api/keuzehulp/postcodes.json``: PC4 centroids and municipality centroids (the municipalities of 2025,
  see generator/data/README.md) with the names people use for some of them ("Den Haag"), shared by every kind.

An indicator is in the aid when the catalogue flags it (``in_choice_aid``) and it belongs to the kind
(``provider_kind``); a kind has an aid when it has such an indicator and providers with a page. Values
are rounded to the decimals the site shows (``core.units.decimals``), so the browser formats exactly
what the provider pages show (core/units.py); coordinates to 4 decimals (about 10 m).
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from generator.compute.public import PublicRelease
from generator.core.ids import id_path
from generator.core.names import is_true
from generator.core.units import rounded
from generator.site import maps
from generator.site.formatting import missing
from generator.site.labels import N_, _
from generator.site.page import KIND_PLURAL, dumps, page

DATA = Path(__file__).resolve().parents[1] / "data"
PC4_FILE = DATA / "pc4.csv"
NAMES_FILE = DATA / "gemeentenamen.csv"
#: One small integer per provider and indicator: the result's status, and for a published result its
#: comparison with the national value. The JSON carries this list, so the browser needs no copy.
CODES = (
    ("published", "better", N_("beter dan landelijk")),
    ("published", "no_different", N_("niet duidelijk anders")),
    ("published", "worse", N_("slechter dan landelijk")),
    ("published", "not_compared", N_("niet vergeleken")),
    ("too_few_cases", "", N_("te weinig cliënten")),
    ("suppressed_complement", "", N_("afgeschermd")),
    ("not_applicable", "", N_("niet van toepassing")),
    ("not_delivered", "", N_("niet aangeleverd")),
    ("no_result", "", N_("geen resultaat")),
    ("missing", "", N_("geen resultaat over deze periode")),
)
CODE = {(status, comparison): i for i, (status, comparison, _label) in enumerate(CODES)}
MISSING_CODE = CODE[("missing", "")]
KEY_RESULTS = 3  # how many results each provider shows in the list
RADII_KM = (5, 10, 25, 50, 100, 0)  # 0: no limit
DEFAULT_RADIUS_KM = 25
COORD_DECIMALS = 4


def _nan_none(value):
    return None if missing(value) else value


def choice_kinds(data: PublicRelease) -> dict[str, list[dict]]:
    """Per kind with a choice aid, the indicators it shows: measured results first, yes/no after.

    A kind has an aid when it has providers with a page (a page under soorten/<kind>/) and the catalogue
    flags at least one of its indicators (the kind page links to the aid on exactly this rule). The aid
    leaves out flagged indicators without a result in this release and text answers (nothing to compare).
    """
    kinds = set(data.providers["kind"])
    ind = data.indicators
    if "in_choice_aid" not in ind or "provider_kind" not in ind:
        return {}
    ind = ind[ind["in_choice_aid"].map(is_true) & ind["provider_kind"].isin(kinds)]
    with_results = set(data.results["indicator_id"])
    out: dict[str, list[dict]] = {}
    for row in ind.sort_values("indicator_id").to_dict("records"):
        chosen = out.setdefault(str(row["provider_kind"]), [])
        if row["indicator_id"] in with_results and row["unit"] != "text":
            chosen.append(row)
    return {
        k: sorted(v, key=lambda r: (r["unit"] == "yesno", r["indicator_id"])) for k, v in sorted(out.items())
    }


def _latest_period(results: pd.DataFrame) -> str:
    return str(results["period"].max()) if len(results) else ""


def kind_data(data: PublicRelease, kind: str, indicators: list[dict]) -> dict:
    """The data file of one kind's aid.

    ``indicators``: id, title, unit, direction, lay (one plain sentence), period (the latest),
    national (the national value of that period), and rate_per/min/max when the catalogue has them.
    ``providers``: columns id, name, city, lat, lon (one list each, same order: by id).
    ``results``: per indicator id one list per provider (same order) of [value, ci_low, ci_high, code];
    ``codes`` says what each code means ([status, comparison, Dutch label]).
    """
    shown = data.providers
    members = shown[(shown["kind"] == kind) & shown["latitude"].notna() & shown["longitude"].notna()]
    members = members.sort_values("provider_id")
    unlocated = int(((shown["kind"] == kind) & (shown["latitude"].isna() | shown["longitude"].isna())).sum())
    ids = [str(p) for p in members["provider_id"]]
    national = data.benchmarks[data.benchmarks["group_type"] == "national"]
    meta, results = [], {}
    for ind in indicators:
        iid = str(ind["indicator_id"])
        rows = data.results[data.results["indicator_id"] == iid]
        period = _latest_period(rows)
        rows = rows[rows["period"] == period].drop_duplicates("provider_id").set_index("provider_id")
        nat = national[(national["indicator_id"] == iid) & (national["period"] == period)]["value"]
        unit = str(ind["unit"])
        item = {
            "id": id_path(iid),  # choice.js builds the page address and the state (?kies=) from it
            "title": str(ind["title"]),
            "unit": unit,
            "direction": str(ind.get("direction") or "neither"),
            "lay": str(ind.get("lay_explanation") or ind.get("description") or ""),
            "period": period,
            "national": rounded("percentage" if unit == "yesno" else unit, nat.iloc[0]) if len(nat) else None,
        }
        if _nan_none(ind.get("unit_label")) not in (None, ""):
            item["unit_label"] = str(ind["unit_label"]).strip()  # the word after a figure ('weken')
        for key, name in (("rate_per", "rate_per"), ("min_value", "min"), ("max_value", "max")):
            if _nan_none(ind.get(key)) not in (None, ""):
                item[name] = float(ind[key]) if not float(ind[key]).is_integer() else int(float(ind[key]))
        meta.append(item)
        frame = rows.reindex(ids)
        status = frame["status"].fillna("missing").astype(str).to_numpy()
        comparison = (
            frame["comparison"].fillna("").astype(str).to_numpy()
            if "comparison" in frame
            else np.full(len(ids), "")
        )
        value, low, high = (
            frame[c].to_numpy(dtype=float) if c in frame else np.full(len(ids), np.nan)
            for c in ("value", "ci_low", "ci_high")
        )
        column = []
        for s, c, v, lo, hi in zip(status, comparison, value, low, high):
            if s == "published" and not math.isnan(v):
                code = CODE.get((s, c or "not_compared"), CODE[("published", "not_compared")])
                column.append([rounded(unit, v), rounded(unit, lo), rounded(unit, hi), code])
            else:  # a published row without a number (a text answer) has nothing to show either
                column.append(
                    [None, None, None, MISSING_CODE if s == "published" else CODE.get((s, ""), MISSING_CODE)]
                )
        results[id_path(iid)] = column
    return {
        "release": data.release,
        "kind": kind,
        "label": KIND_PLURAL.get(kind, kind),
        "codes": [[status, comparison, _(label)] for status, comparison, label in CODES],
        "indicators": meta,
        "providers": {
            "id": [id_path(p) for p in ids],
            "name": [str(n) for n in members["name"]],
            "city": [str(c or "") for c in members["city"]],
            "lat": [round(float(v), COORD_DECIMALS) for v in members["latitude"]],
            "lon": [round(float(v), COORD_DECIMALS) for v in members["longitude"]],
        },
        "unlocated": unlocated,
        "results": results,
    }


@functools.cache
def load_pc4() -> pd.DataFrame:
    """The bundled PC4 list (generator/data/pc4.csv: GeoNames, CC BY 4.0; municipalities of 2025, © CBS),
    all text."""
    return pd.read_csv(PC4_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


@functools.cache
def municipality_names() -> dict[str, str]:
    """The names people use for some municipalities (generator/data/gemeentenamen.csv): name -> the CBS name
    ('Den Haag' -> "'s-Gravenhage", 'Hengelo' -> 'Hengelo (O.)')."""
    frame = pd.read_csv(NAMES_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    return dict(zip(frame["name"], frame["municipality"]))


def sort_name(name: str) -> str:
    """The key a Dutch list sorts a place name by: "'s-Gravenhage" under G, "'t Zandt" under Z."""
    return re.sub(r"^'[st][- ]", "", name).casefold()


def postcodes_data(pc4: pd.DataFrame, names: dict[str, str] | None = None) -> dict:
    """PC4 centroids and municipality centroids (the mean of their PC4 centroids), 4 decimals.

    ``pc4``: {"1011": [lat, lon], ...}; ``municipalities``: [[name, lat, lon], ...] sorted as a Dutch list
    ("'s-Gravenhage" under G); ``aliases``: [[name people use, municipality], ...] for those municipalities
    of `names` that are in the list, sorted the same way.
    """
    frame = pc4[pc4["pc4"].str.fullmatch(r"\d{4}")].copy()
    frame["lat"] = frame["latitude"].astype(float)
    frame["lon"] = frame["longitude"].astype(float)
    frame = frame.sort_values("pc4")
    points = {
        pc: [round(a, COORD_DECIMALS), round(b, COORD_DECIMALS)]
        for pc, a, b in zip(frame["pc4"], frame["lat"], frame["lon"])
    }
    munis = frame[frame["municipality"] != ""].groupby("municipality")[["lat", "lon"]].mean()
    return {
        "source": "GeoNames (CC BY 4.0), https://www.geonames.org/; gemeenten 2025: © CBS",
        "pc4": points,
        "municipalities": [
            [name, round(float(r["lat"]), COORD_DECIMALS), round(float(r["lon"]), COORD_DECIMALS)]
            for name, r in sorted(munis.iterrows(), key=lambda kv: sort_name(kv[0]))
        ],
        "aliases": sorted(
            ([alias, name] for alias, name in (names or {}).items() if name in munis.index),
            key=lambda pair: sort_name(pair[0]),
        ),
    }


def choice_page(kind: str, indicators: list[dict], n_providers: int, unlocated: int, ctx: dict) -> str:
    """The aid's page for one kind: the form (shown by choice.js), what it compares, and a way on without
    JavaScript."""
    plural = KIND_PLURAL.get(kind, kind)
    return page(
        "choice.html.j2",
        _("Keuzehulp: {kinds} vergelijken", kinds=plural.lower()),
        2,
        _("Vergelijk {kinds} bij u in de buurt op een paar belangrijke uitkomsten.", kinds=plural.lower()),
        kind=id_path(kind),
        plural=plural,
        indicators=indicators,
        n_providers=n_providers,
        unlocated=unlocated,
        radii=RADII_KM,
        default_radius=DEFAULT_RADIUS_KM,
        max_choice=4,
        geo_file=maps.GEO_FILE,
        geo_feature=maps.GEO_FEATURE,
        **ctx,
    )


def choice_files(data: PublicRelease, ctx: dict) -> dict[str, str]:
    """The choice-aid pages and data files of the release."""
    files: dict[str, str] = {}
    kinds = []
    for kind, indicators in choice_kinds(data).items():
        payload = kind_data(data, kind, indicators)
        n = len(payload["providers"]["id"])
        files[f"api/keuzehulp/{id_path(kind)}.json"] = dumps(payload)
        files[f"keuzehulp/{id_path(kind)}/index.md"] = choice_page(
            kind, payload["indicators"], n, payload["unlocated"], ctx
        )
        kinds.append(
            {
                "kind": kind,
                "plural": KIND_PLURAL.get(kind, kind),
                "count": n,
                "indicators": [i["title"] for i in payload["indicators"]],
            }
        )
    if kinds:
        files["api/keuzehulp/postcodes.json"] = dumps(postcodes_data(load_pc4(), municipality_names()))
    files["keuzehulp/index.md"] = page(
        "choice_index.html.j2",
        _("Keuzehulp"),
        1,
        _("Vergelijk zorgaanbieders bij u in de buurt."),
        kinds=kinds,
        **ctx,
    )
    return files
