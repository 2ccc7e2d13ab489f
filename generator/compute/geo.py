"""Geography: great-circle distances and the nearest providers (the mirror's peers, the choice aid's order).

The choice aid's script (site_src/assets/javascripts/choice.js) computes the same distance in the browser
with the same radius (tests/test_render_choice.py checks they agree).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG); the choice aid's script uses the same value


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (broadcasts over arrays): a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2),
    d = 2 R · asin(√a), R = 6371.0088 km."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest(providers: pd.DataFrame, candidates: pd.DataFrame, k: int) -> dict[str, list[tuple[str, float]]]:
    """For every provider (id, latitude, longitude) the k nearest candidates other than itself: (id, km),
    nearest first, ties by id.

    A k-d tree on the points' unit vectors (scipy.spatial.cKDTree; the straight-line distance through the
    sphere orders points as the great-circle distance does) finds, per provider, every candidate within
    the distance of its k+1-th nearest; those few get their haversine distance and are ordered exactly as
    before, ties by id. Comparing every provider with every candidate cost n^2: seconds at 10,000
    providers, minutes at 100,000."""
    cand = candidates.sort_values("provider_id")
    ids = cand["provider_id"].to_numpy()
    clat, clon = cand["latitude"].to_numpy(float), cand["longitude"].to_numpy(float)
    out: dict[str, list[tuple[str, float]]] = {}
    if not len(cand):
        return out
    pids = providers["provider_id"].to_numpy()
    plat, plon = providers["latitude"].to_numpy(float), providers["longitude"].to_numpy(float)
    take = min(k, len(ids))
    tree = cKDTree(_unit_vectors(clat, clon))
    points = _unit_vectors(plat, plon)
    reach, _ = tree.query(points, k=min(take + 1, len(ids)))  # the k+1-th: one of them may be itself
    reach = reach.reshape(len(pids), -1)[:, -1]
    within = tree.query_ball_point(points, r=reach * (1 + 1e-9) + 1e-12)  # ties and rounding included
    for row, pid in enumerate(pids):
        near = np.asarray(within[row], dtype=int)
        near = near[ids[near] != pid]
        dist = haversine_km(plat[row], plon[row], clat[near], clon[near])
        order = np.lexsort((near, dist))[:take]  # candidates are sorted by id: position breaks ties
        out[str(pid)] = [(str(ids[near[i]]), float(dist[i])) for i in order if np.isfinite(dist[i])]
    return out


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (x, y, z) of latitudes and longitudes in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))
