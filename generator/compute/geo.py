"""Geography: great-circle distances and the nearest providers (the mirror's peers, the choice aid's order).

The choice aid's script (site_src/assets/javascripts/choice.js) computes the same distance in the browser
with the same radius (tests/test_render_choice.py checks they agree).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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


def nearest(
    providers: pd.DataFrame, candidates: pd.DataFrame, k: int, chunk: int = 512
) -> dict[str, list[tuple[str, float]]]:
    """For every provider (id, latitude, longitude) the k nearest candidates other than itself: (id, km),
    nearest first, ties by id. Computed in blocks, so 5,000 providers need a few MB, not a 5,000 x 5,000
    matrix at once."""
    cand = candidates.sort_values("provider_id")
    ids = cand["provider_id"].to_numpy()
    clat, clon = cand["latitude"].to_numpy(float), cand["longitude"].to_numpy(float)
    out: dict[str, list[tuple[str, float]]] = {}
    if not len(cand):
        return out
    pids = providers["provider_id"].to_numpy()
    plat, plon = providers["latitude"].to_numpy(float), providers["longitude"].to_numpy(float)
    for start in range(0, len(pids), chunk):
        block = slice(start, start + chunk)
        d = haversine_km(plat[block, None], plon[block, None], clat[None, :], clon[None, :])
        d[pids[block, None] == ids[None, :]] = np.inf
        take = min(k, len(ids))
        for row, pid in enumerate(pids[block]):
            dist = d[row]
            if take < len(ids):
                limit = np.partition(dist, take - 1)[take - 1]
                near = np.flatnonzero(dist <= limit)
            else:
                near = np.arange(len(ids))
            near = near[np.lexsort((near, dist[near]))][
                :take
            ]  # candidates are sorted by id: position breaks ties
            out[str(pid)] = [(str(ids[i]), float(dist[i])) for i in near if np.isfinite(dist[i])]
    return out
