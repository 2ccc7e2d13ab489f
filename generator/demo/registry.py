"""The demo's provider registry: kinds, places from the bundled PC4 list, fictitious names and addresses."""

from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.demo.places import KINDS, REGIONS, STREET_KINDS, STREETS, SURNAMES, WORDS

_HERE = Path(__file__).resolve().parents[1]
_LETTERS = np.array(list("ABCDEGHJKLMNPRTVWXZ"), dtype=object)  # no F I O Q U Y, no S (SA/SD/SS)


@functools.cache
def columns(table: str) -> tuple[str, ...]:
    """The contract's column names of one intake table, in order (from its Table Schema)."""
    schema = json.loads((_HERE / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    return tuple(field["name"] for field in schema["fields"])


def text(values: np.ndarray, decimals: int, present: np.ndarray | None = None) -> np.ndarray:
    """Fixed-point text of non-negative numbers ('.' decimal, no grouping); '' where not present."""
    x = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    scaled = np.floor(np.abs(x) * 10**decimals + 0.5).astype(np.int64)
    whole = pa.array(scaled // 10**decimals).cast(pa.string())
    if decimals:
        frac = pc.utf8_lpad(pa.array(scaled % 10**decimals).cast(pa.string()), width=decimals, padding="0")
        whole = pc.binary_join_element_wise(whole, frac, ".")
    out = whole.to_numpy(zero_copy_only=False).astype(object)
    out = np.where(x < 0, "-" + out, out)
    if present is not None:
        out[~present] = ""
    return out


@functools.cache
def _pc4() -> pd.DataFrame:
    return pd.read_csv(_HERE / "data" / "pc4.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def _slug(names: pd.Series) -> pd.Series:
    ascii_ = names.map(lambda s: unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii"))
    return ascii_.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")


# --- providers ------------------------------------------------------------------------------


def _kind_counts(n: int) -> dict[str, int]:
    """Rows per kind, roughly the Dutch mix (about 70 VSVs and 120 hospital sites at n=10,000)."""
    locations = round(0.24 * n)
    counts = {
        "vsv": max(round(0.007 * n), min(8, n // 30)),
        "ziekenhuis": max(round(0.012 * n), min(10, n // 30)),
        "ggz": round(0.18 * n),
        "organisatie": max(1, round(locations / 4)),  # before its locations: they need its place
        "verpleeghuis": locations,
    }
    counts["huisartspraktijk"] = n - sum(counts.values())
    return counts


def _pick_within(codes: np.ndarray, target: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each target code, a row index with that code (chosen by u in [0, 1))."""
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=codes.max() + 1)
    starts = np.cumsum(counts) - counts
    return order[starts[target] + np.minimum((u * counts[target]).astype(np.int64), counts[target] - 1)]


def draw_providers(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Draw n providers: kind, place (a PC4 area), organisation links, size and the parts of their names."""
    geo = _pc4()
    m = len(geo)
    town = np.unique((geo["place"] + "|" + geo["municipality"]).to_numpy(), return_inverse=True)[1]
    muni = np.unique(geo["municipality"].to_numpy(), return_inverse=True)[1]
    prov_code = np.unique(geo["province"].to_numpy(), return_inverse=True)[1]
    town_size = np.bincount(town)  # PC4s per town: a stand-in for its population
    pc4_weight = np.sqrt(town_size[town]) / np.sqrt(town_size[town]).sum()
    counts = _kind_counts(n)
    kind = np.concatenate([np.full(k, name, dtype=object) for name, k in counts.items()])
    where, parent = np.empty(n, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    ids, size = np.empty(n, dtype=object), np.ones(n)
    start = 0
    for name, k in counts.items():
        sl, spec = slice(start, start + k), KINDS[name]
        start += k
        # Unique 8-digit AGB-like ids: a two-digit prefix per kind ("01", "06": leading zeros).
        ids[sl] = [f"{spec['prefix']}{s:06d}" for s in rng.choice(1_000_000, size=k, replace=False)]
        size[sl] = spec["size"][0] * np.exp(spec["size"][1] * rng.standard_normal(k))
        if name in ("vsv", "ziekenhuis"):  # one each in distinct towns, mostly the larger ones
            towns = np.argsort(-town_size, kind="stable")[: max(2 * k, 200)]
            towns = rng.choice(towns, size=k, replace=False, p=town_size[towns] / town_size[towns].sum())
            where[sl] = _pick_within(town, towns, rng.random(k))
        elif name == "verpleeghuis":  # every organisation has a location; locations lie near it
            orgs = np.flatnonzero(kind == "organisatie")
            extra = rng.choice(len(orgs), size=max(0, k - len(orgs)), p=_skewed(rng, len(orgs)))
            parent[sl] = np.concatenate([orgs, orgs[extra]])[:k]
            home, u = where[parent[sl]], rng.random(k)
            where[sl] = np.where(
                rng.random(k) < 0.6,
                _pick_within(muni, muni[home], u),
                _pick_within(prov_code, prov_code[home], u),
            )
        else:
            where[sl] = rng.choice(m, size=k, p=pc4_weight)  # roughly population-weighted
    small = (kind == "verpleeghuis") & (rng.random(n) < 0.15)  # small-scale living: 6-16 residents
    size[small] = rng.integers(6, 17, size=n)[small]
    size[kind == "verpleeghuis"] = np.rint(size[kind == "verpleeghuis"])
    delivers = (kind != "organisatie") & (rng.random(n) >= 0.05)  # ~5 % deliver nothing at all
    if delivers.sum() == (kind != "organisatie").sum():
        delivers[np.flatnonzero(kind == "huisartspraktijk")[0]] = False
    return {
        "kind": kind,
        "where": where,
        "parent": parent,
        "id": ids,
        "size": size,
        "quality": rng.standard_normal(n),
        "delivers": delivers,
        "names": _names(rng, kind, geo["place"].to_numpy()[where]),
        "street": rng.integers(0, len(STREETS), n),
        "street_kind": rng.integers(0, len(STREET_KINDS), n),
        "number": rng.integers(1, 250, n),
        "letters": rng.integers(0, len(_LETTERS), (n, 2)),
        "jitter": rng.normal(0.0, 0.004, (n, 2)),
    }


def _skewed(rng: np.random.Generator, k: int) -> np.ndarray:
    """Probabilities over k organisations: a few large ones, many small ones."""
    w = rng.pareto(1.5, size=k) + 1.0
    return w / w.sum()


def _names(rng: np.random.Generator, kind: np.ndarray, place: np.ndarray) -> np.ndarray:
    n = len(kind)
    t, w, s = rng.random(n), rng.integers(0, len(WORDS), n), rng.integers(0, len(SURNAMES), n)
    names = [
        (tpl := KINDS[kind[i]]["names"])[int(t[i] * len(tpl))].format(
            place=place[i], word=WORDS[w[i]], surname=SURNAMES[s[i]]
        )
        for i in range(n)
    ]
    series = pd.Series(names, dtype=object)
    dup = series.groupby(series, sort=False).cumcount().to_numpy()
    return np.where(dup > 0, series + " " + (dup + 1).astype(str), series).astype(object)


def provider_frame(p: dict[str, np.ndarray]) -> pd.DataFrame:
    """The providers table (schema column order, sorted by id) from the drawn arrays `p`."""
    geo = _pc4().iloc[p["where"]].reset_index(drop=True)
    lat = geo["latitude"].astype(float).to_numpy() + p["jitter"][:, 0]
    lon = geo["longitude"].astype(float).to_numpy() + p["jitter"][:, 1]
    streets = (
        np.array(STREETS, dtype=object)[p["street"]] + np.array(STREET_KINDS, dtype=object)[p["street_kind"]]
    )
    names = pd.Series(p["names"], dtype=object)
    frame = pd.DataFrame(
        {
            "provider_id": p["id"],
            "name": p["names"],
            "kind": p["kind"],
            "parent_id": np.where(p["parent"] >= 0, p["id"][np.maximum(p["parent"], 0)], ""),
            "address": streets + " " + p["number"].astype(str).astype(object),
            "postcode": (
                geo["pc4"] + " " + _LETTERS[p["letters"][:, 0]] + _LETTERS[p["letters"][:, 1]]
            ).to_numpy(dtype=object),
            "city": geo["place"].to_numpy(dtype=object),
            "municipality": geo["municipality"].to_numpy(dtype=object),
            "province": geo["province"].to_numpy(dtype=object),
            "region": geo["province"].map(REGIONS).to_numpy(dtype=object),
            "latitude": text(lat, 5),
            "longitude": text(lon, 5),
            "website": ("https://www.example.org/" + _slug(names)).to_numpy(dtype=object),
            "identifiers": "",  # the fictitious providers have no other ids
        }
    )
    return frame[list(columns("providers"))].sort_values("provider_id", ignore_index=True)


# --- indicators -----------------------------------------------------------------------------
