"""The entity files (a page, a JSON and a CSV per provider; a page and a JSON per indicator) as a stream of
(path, text) pairs, the provider pages in blocks that two processes can share.

The tables every page needs are prepared once (Entities); the provider pages then go a block at a time,
each block taken from a shared counter (core/background.Claims), so a forked helper process can take
blocks beside the parent and each block is rendered once, by whichever process took it. A page's text
depends only on the release, never on which process rendered it or when.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property

import pandas as pd

from generator.compute.public import MIRROR_ROW_COLUMNS, PublicRelease
from generator.core.ids import id_path
from generator.site import maps, spine
from generator.site import mirror as render_mirror
from generator.site.api import indicator_json
from generator.site.entities import (
    API_RESULT_COLUMNS,
    CHART_POINT_COLUMNS,
    CSV_COLUMNS,
    enrich,
    indicator_page,
    provider_csv,
    provider_json,
    provider_page,
    rows_by_provider,
)
from generator.site.regions import map_datasets, map_summary, region_records
from generator.site.urls import place_slugs

PROVIDER_BLOCK = 200  # providers whose result rows are turned into dicts at a time; the unit of sharing
TABLE_COLUMNS = sorted(
    set(
        API_RESULT_COLUMNS
        + CSV_COLUMNS
        + CHART_POINT_COLUMNS
        + MIRROR_ROW_COLUMNS
        + ["set_title", "rate_per", "size_group", "direction", "change_unit", "unit_label"]
    )
)


class Entities:
    """What the entity pages of a release share, prepared once (before a helper process is forked)."""

    def __init__(self, data: PublicRelease, ctx: dict):
        self.data, self.ctx = data, ctx
        self.rows = enrich(data)
        self.providers = data.providers.set_index("provider_id", drop=False)
        self.table = self.rows[TABLE_COLUMNS]
        # provider -> its rows' positions, in order
        self.positions = self.table.groupby("provider_id", sort=False).indices
        self.children = data.providers[data.providers["parent_id"] != ""].groupby("parent_id")
        titles = data.indicators.set_index("indicator_id")["title"].to_dict()
        self.changed = {
            pid: part.assign(title=part["indicator_id"].map(titles).fillna("")).to_dict("records")
            for pid, part in data.changes[data.changes["indicator_id"] != ""].groupby("provider_id")
        }
        self.shown = set(data.providers["provider_id"])
        self.mirror = render_mirror.prepare(data)
        self.places = place_slugs(data.providers)  # the same paths as the region pages (lists.list_files)
        self.national = data.benchmarks[data.benchmarks["group_type"] == "national"]
        self.bench = spine.benchmarks(data.results, self.national)
        self.order = self.providers[self.providers["provider_id"].isin(self.shown)]

    @property
    def blocks(self) -> int:
        """How many blocks of PROVIDER_BLOCK providers there are."""
        return -(-len(self.order) // PROVIDER_BLOCK)

    def provider_files(self, blocks: Iterable[int]) -> Iterator[tuple[str, str]]:
        """The page, JSON and CSV of every provider of the given blocks (rows as dicts a block at a time:
        all at once took 1 GB at national size)."""
        data, providers = self.data, self.providers
        for number in blocks:
            block = self.order.iloc[number * PROVIDER_BLOCK : (number + 1) * PROVIDER_BLOCK]
            by_provider = rows_by_provider(self.table, self.positions, list(block["provider_id"]))
            for pid, p in block.iterrows():
                own = by_provider[pid]
                locations = (
                    self.children.get_group(pid).sort_values("name").to_dict("records")
                    if pid in self.children.groups
                    else []
                )
                locations = [loc for loc in locations if loc["provider_id"] in self.shown]
                parent = (
                    providers.loc[p["parent_id"]].to_dict() if p["parent_id"] in providers.index else None
                )
                info = p.to_dict() | {
                    "region_slug": self.places["zorgregio"].get(p["region"], ""),
                    "province_slug": self.places["provincie"].get(p["province"], ""),
                }
                page_ctx = self.ctx | {
                    "locations": locations,
                    "parent": parent,
                    "changes": self.changed.get(pid, []),
                }
                safe = id_path(pid)
                yield (
                    f"aanbieders/{safe}/index.md",
                    provider_page(info, own, page_ctx, self.mirror, self.bench),
                )
                yield f"api/providers/{safe}.json", provider_json(info, own, data.release)
                yield f"api/providers/{safe}.csv", provider_csv(own)

    @cached_property
    def _latest_all(self) -> pd.DataFrame:
        return self.rows.join(self.providers[["name", "city"]], on="provider_id")

    @cached_property
    def _indicator_positions(self) -> dict:
        """Indicator -> its rows' positions in _latest_all (one pass, not a scan of all rows each)."""
        return self._latest_all.groupby("indicator_id", sort=False).indices

    def indicator_files(self) -> Iterator[tuple[str, str]]:
        """The page and JSON of every indicator."""
        data, national = self.data, self.national
        for ind in data.indicators.sort_values("indicator_id").to_dict("records"):
            iid, path = ind["indicator_id"], id_path(ind["indicator_id"])
            mine = self._latest_all.iloc[self._indicator_positions.get(iid, [])]
            latest = mine[mine["period"] == mine["period"].max()] if len(mine) else mine
            nat = national[national["indicator_id"] == iid].sort_values("period")
            regions = region_records(data.regions, ind)
            extra = {"regions": regions, "map_summary": map_summary(ind["title"], regions)}
            mapped = maps.on_the_map(r["area"] for r in regions)
            extra["map_datasets"] = (
                map_datasets("../../", None, {"regions": {"key": "regions"}}) if mapped else {}
            )
            yield f"indicatoren/{path}/index.md", indicator_page(ind, latest, nat, self.ctx | extra)
            funnel = data.funnels[data.funnels["indicator_id"] == iid]
            yield (
                f"api/indicators/{path}.json",
                indicator_json(ind, latest, nat, funnel, data.release, regions),
            )


def entity_files(data: PublicRelease, ctx: dict) -> Iterator[tuple[str, str]]:
    """Every provider and indicator page, with its JSON (and the provider's CSV), as (path, text) pairs
    one at a time: the caller writes each away, so the texts of all pages are never held at once."""
    entities = Entities(data, ctx)
    yield from entities.provider_files(range(entities.blocks))
    yield from entities.indicator_files()
