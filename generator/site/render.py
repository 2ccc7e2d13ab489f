"""Render: every generated file of the site, from the public tables (pure).

Returns relative path -> text for the docs folder: provider, indicator, set, region, kind, A–Z,
downloads, changes and query pages, the JSON/CSV API, and the chart specs. site_src/ holds the
hand-written pages; the site step turns both into HTML.
"""

from __future__ import annotations

import json

from generator.compute.public import PublicRelease
from generator.core import units
from generator.core.ids import RESERVED_SET_PATHS, require_own_paths
from generator.site import api, charts, labels, maps
from generator.site.choice import choice_files
from generator.site.downloads import download_files
from generator.site.entities import entity_files
from generator.site.feeds import feed_files
from generator.site.lists import list_files
from generator.site.query import query_files
from generator.site.search import search_files


def render_site(data: PublicRelease, releases: list[dict]) -> dict[str, str]:
    """All generated files of the site's docs folder, with their labels in the publication's language.

    `releases` lists every published release with its packages (publish/releases.py), for the downloads page.
    """
    files = render_pages(data)
    files.update(release_files(data, releases))
    return dict(sorted(files.items()))


def render_pages(data: PublicRelease) -> dict[str, str]:
    """The generated files that do not need the list of releases (most of them, the pages of providers and
    indicators among them): they can be rendered while the release's packages are still being written."""
    language = data.publication.language
    for what, ids in (
        ("provider", data.providers["provider_id"]),
        ("indicator", data.indicators["indicator_id"]),
    ):
        require_own_paths(ids, what)
    require_own_paths(data.indicators["set_id"], "indicator set", reserved=RESERVED_SET_PATHS)
    with labels.use(language):
        ctx = {"release": data.release, "publication": data.publication}
        files = entity_files(data, ctx)
        files.update(list_files(data, ctx))
        files.update(choice_files(data, ctx))
        files.update(search_files(data))
        for name, spec in sorted((charts.chart_specs() | maps.map_specs()).items()):
            files[f"assets/charts/{name}.vl.json"] = (
                json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            )
    files["assets/javascripts/labels.js"] = labels.script(language)
    files["assets/stylesheets/labels.css"] = labels.stylesheet(language)
    files.update(api.schema_files())
    files["assets/javascripts/units.json"] = (
        json.dumps(units.browser_table(), sort_keys=True, separators=(",", ":")) + "\n"
    )
    return files


def release_files(data: PublicRelease, releases: list[dict]) -> dict[str, str]:
    """The generated files that list the published releases (`releases`, from publish/releases.py): the
    downloads and query pages, the feeds and the API's index."""
    with labels.use(data.publication.language):
        ctx = {"release": data.release, "publication": data.publication}
        files = download_files(data, releases, ctx)
        files.update(query_files(data, releases, ctx))
        files.update(feed_files(data, releases))
    files["api/index.json"] = api.index_json(data, releases)
    return files
