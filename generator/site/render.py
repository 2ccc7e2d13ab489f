"""Render: every generated file of the site, from the public tables (pure).

Sends every file as relative path -> text for the docs folder: provider, indicator, set, region, kind, A–Z,
downloads, changes and query pages, the JSON/CSV API, and the chart specs. site_src/ holds the
hand-written pages; the site step turns both into HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable

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

#: Where render_pages sends each file as it is rendered: put(path, text).
Put = Callable[[str, str], None]


def render_site(data: PublicRelease, releases: list[dict]) -> dict[str, str]:
    """All generated files of the site's docs folder, with their labels in the publication's language.

    `releases` lists every published release with its packages (publish/releases.py), for the downloads page.
    Holds every text at once: for tests and small releases; the build streams them (render_pages).
    """
    files: dict[str, str] = {}
    render_pages(data, files.__setitem__)
    files.update(release_files(data, releases))
    return dict(sorted(files.items()))


def render_pages(data: PublicRelease, put: Put) -> None:
    """Send every generated file that does not need the list of releases (most of them, the pages of
    providers and indicators among them) to put(path, text), one at a time as it is rendered: they can be
    rendered while the release's packages are still being written, and are never all held at once."""
    language = data.publication.language
    for what, ids in (
        ("provider", data.providers["provider_id"]),
        ("indicator", data.indicators["indicator_id"]),
    ):
        require_own_paths(ids, what)
    require_own_paths(data.indicators["set_id"], "indicator set", reserved=RESERVED_SET_PATHS)
    with labels.use(language):
        ctx = {"release": data.release, "publication": data.publication}
        for path, text in entity_files(data, ctx):
            put(path, text)
        put_all(put, list_files(data, ctx))
        put_all(put, choice_files(data, ctx))
        put_all(put, search_files(data))
        for name, spec in sorted((charts.chart_specs() | maps.map_specs()).items()):
            put(
                f"assets/charts/{name}.vl.json",
                json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
            )
    put("assets/javascripts/labels.js", labels.script(language))
    put("assets/stylesheets/labels.css", labels.stylesheet(language))
    put_all(put, api.schema_files())
    put(
        "assets/javascripts/units.json",
        json.dumps(units.browser_table(), sort_keys=True, separators=(",", ":")) + "\n",
    )


def put_all(put: Put, files: dict[str, str]) -> None:
    """Send a dict of rendered files (path -> text) to put, in its order."""
    for path, text in files.items():
        put(path, text)


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
