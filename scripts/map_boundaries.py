#!/usr/bin/env python3
"""The provinces of 2025 for the site's maps: site_src/assets/geo/provincie_2025.topojson from its source.

    python scripts/map_boundaries.py PROVINCIE_TOPOJSON [OUT]

PROVINCIE_TOPOJSON is CBS's generalised boundaries of the 12 provinces of 2025 (provincie_2025.topojson,
WGS84, quantised, properties statcode and statnaam) as simplified by github.com/cartomap/nl. This keeps
the arcs and the quantisation as they are (already simplified for a map of the whole country) and drops
every property but `statcode` and `statnaam`, and the object's bounding boxes, so the maps download as
little as possible. The build reads only the copy this writes, never the source
(site_src/assets/geo/README.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "site_src" / "assets" / "geo" / "provincie_2025.topojson"
KEEP = ("statcode", "statnaam")


def slim(topology: dict) -> dict:
    """The topology with only the properties the maps use."""
    out = {k: v for k, v in topology.items() if k != "bbox"}
    for obj in out["objects"].values():
        obj.pop("bbox", None)
        for geometry in obj["geometries"]:
            geometry["properties"] = {k: geometry["properties"][k] for k in KEEP}
            geometry.pop("id", None)
    return out


def main(argv: list[str]) -> int:
    """Read the source, write the slim copy (compact JSON, one line, a final newline)."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[2]) if len(argv) == 3 else OUT
    topology = slim(json.loads(Path(argv[1]).read_text("utf-8")))
    out.write_text(json.dumps(topology, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{out}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
