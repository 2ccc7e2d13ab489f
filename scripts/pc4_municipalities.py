#!/usr/bin/env python3
"""Give every PC4 area its municipality and province of 2025: generator/data/pc4.csv from its sources.

    python scripts/pc4_municipalities.py GEONAMES_PC4_TXT GEMEENTE_TOPOJSON PROVINCIE_TOPOJSON [OUT_CSV]

GEONAMES_PC4_TXT is GeoNames' Dutch postcode file (NL_geonames_postalcodes_pc4.txt: tab-separated, no
header; country, postcode, place, province, province code, municipality, municipality code, -, -, latitude,
longitude). The two TopoJSON files are the CBS boundaries of 2025 (gemeente_2025.topojson,
provincie_2025.topojson; WGS84, properties statcode and statnaam) as simplified by github.com/cartomap/nl.
OUT_CSV defaults to generator/data/pc4.csv.

GeoNames' municipalities are those of about 2012 (Aalburg, Boxmeer, Weesp …). This script keeps its PC4
list, places and centroids, and takes the municipality from the CBS 2025 boundaries instead: the one whose
polygon holds the PC4 centroid (even-odd ray casting in numpy, holes included). A centroid outside every
polygon (a coastal or island area cut off by the simplified boundaries) gets the nearest municipality.
The boundaries are simplified for a map of the whole country, so a centroid near a border can fall on the
wrong side (Schiedam's 3125 in Rotterdam, Den Haag's Ypenburg in Pijnacker-Nootdorp): where GeoNames'
municipality still exists in 2025 (its name, or its name with CBS's suffix such as 'Hengelo (O.)') and the
centroid lies in it or within BORDER_KM of it, that municipality is kept. Each
municipality's province is the province that holds most of its PC4 centroids, so a municipality lies in
exactly one province. The build reads only the CSV this writes, never the sources; run it again when CBS
publishes new boundaries (and update generator/data/README.md).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "generator" / "data" / "pc4.csv"
BORDER_KM = 2.0
KM_PER_DEGREE = 111.2  # of latitude; distance() scales longitude by cos 52°


def read_geonames(path: Path) -> list[dict]:
    """One row per PC4 (the first row where GeoNames repeats a PC4 for another place), sorted by PC4."""
    rows: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for cells in csv.reader(f, delimiter="\t"):
            pc4 = cells[1].strip()
            if pc4 and pc4 not in rows:
                rows[pc4] = {
                    "pc4": pc4,
                    "place": cells[2].strip(),
                    "municipality": cells[5].strip(),
                    "lat": cells[9],
                    "lon": cells[10],
                }
    return [rows[k] for k in sorted(rows)]


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """TopoJSON's quantised, delta-encoded arcs as arrays of (longitude, latitude)."""
    scale = np.array(topology["transform"]["scale"], dtype=float)
    translate = np.array(topology["transform"]["translate"], dtype=float)
    return [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def ring(arcs: list[np.ndarray], indices: list[int]) -> np.ndarray:
    """A closed ring from its arc indices (a negative index ~i is arc i reversed)."""
    parts = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(arc if not parts else arc[1:])
    return np.concatenate(parts)


def areas(path: Path) -> list[tuple[str, str, list[np.ndarray]]]:
    """(statcode, statnaam, rings) of every geometry of a TopoJSON file's one object."""
    topology = json.loads(path.read_text("utf-8"))
    arcs = decode_arcs(topology)
    (obj,) = topology["objects"].values()
    out = []
    for geometry in obj["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        props = geometry["properties"]
        out.append((props["statcode"], props["statnaam"], rings))
    return out


def inside(points: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Even-odd rule over all rings (so holes count): which points (lon, lat) lie inside."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    odd = np.zeros(len(points), dtype=bool)
    for r in rings:
        x1, y1, x2, y2 = r[:-1, 0], r[:-1, 1], r[1:, 0], r[1:, 1]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        odd ^= (np.count_nonzero(crosses & (x < at), axis=1) % 2).astype(bool)
    return odd


def distance(points: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Each point's distance to the nearest edge of the rings (degrees, longitude scaled by cos 52°)."""
    k = np.array([np.cos(np.radians(52.0)), 1.0])
    p = points * k
    best = np.full(len(points), np.inf)
    for r in rings:
        a, b = r[:-1] * k, r[1:] * k
        ab = b - a
        length = np.maximum((ab**2).sum(axis=1), 1e-18)
        t = np.clip(((p[:, None, :] - a[None]) * ab[None]).sum(axis=2) / length[None], 0.0, 1.0)
        nearest = a[None] + t[..., None] * ab[None]
        best = np.minimum(best, np.sqrt(((p[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1))
    return best


def locate(points: np.ndarray, regions: list[tuple[str, str, list[np.ndarray]]]) -> tuple[np.ndarray, int]:
    """Per point the index of the region holding it (the nearest one when none does); and how many were
    outside every region."""
    found = np.full(len(points), -1)
    for i, (_code, _name, rings) in enumerate(regions):
        hit = inside(points, rings) & (found < 0)
        found[hit] = i
    lost = np.flatnonzero(found < 0)
    if len(lost):
        gaps = np.stack([distance(points[lost], rings) for _c, _n, rings in regions])
        found[lost] = gaps.argmin(axis=0)
    return found, len(lost)


def base_name(name: str) -> str:
    """A CBS name without its province suffix: 'Hengelo (O.)' -> 'Hengelo'."""
    return re.sub(r" \([A-Z]+\.\)$", "", name)


def keep_existing(
    rows: list[dict], points: np.ndarray, found: np.ndarray, munis: list[tuple[str, str, list[np.ndarray]]]
) -> int:
    """Where GeoNames' municipality still exists and the centroid lies within BORDER_KM of it, take that one
    instead of the polygon found (changes `found` in place); return how many changed."""
    by_name: dict[str, list[int]] = {}
    for i, (_code, name, _rings) in enumerate(munis):
        by_name.setdefault(base_name(name), []).append(i)
    changed = 0
    for j, r in enumerate(rows):
        candidates = by_name.get(r["municipality"], [])
        if not candidates or found[j] in candidates:
            continue
        gaps = [distance(points[j : j + 1], munis[i][2])[0] * KM_PER_DEGREE for i in candidates]
        if min(gaps) <= BORDER_KM:
            found[j] = candidates[int(np.argmin(gaps))]
            changed += 1
    return changed


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    geonames, gemeenten, provincies = (Path(a) for a in argv[:3])
    out = Path(argv[3]) if len(argv) == 4 else OUT
    rows = read_geonames(geonames)
    points = np.array([[float(r["lon"]), float(r["lat"])] for r in rows])
    munis, provs = areas(gemeenten), areas(provincies)
    in_muni, lost_m = locate(points, munis)
    kept = keep_existing(rows, points, in_muni, munis)
    in_prov, lost_p = locate(points, provs)
    province_of = {}
    for m in range(len(munis)):
        votes = Counter(in_prov[in_muni == m].tolist())
        province_of[m] = provs[votes.most_common(1)[0][0]][1] if votes else ""
    empty = [munis[m][1] for m in range(len(munis)) if not (in_muni == m).any()]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pc4", "place", "municipality", "province", "latitude", "longitude"])
        for r, m in zip(rows, in_muni):
            w.writerow([r["pc4"], r["place"], munis[m][1], province_of[m], r["lat"], r["lon"]])
    print(
        f"{out}: {len(rows)} PC4 areas in {len(set(in_muni.tolist()))} of {len(munis)} municipalities; "
        f"{lost_m} centroids outside every municipality and {lost_p} outside every province "
        "took the nearest; "
        f"{kept} near a border kept GeoNames' municipality; "
        f"municipalities without a PC4 centroid: {', '.join(empty) or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
