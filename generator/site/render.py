"""Render: every generated file of the site, from the public tables (pure).

Sends every file as relative path -> text for the docs folder: provider, indicator, set, region, kind, A–Z,
downloads, changes and query pages, the JSON/CSV API, and the chart specs. site_src/ holds the
hand-written pages; the site step turns both into HTML.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from generator.compute.public import PublicRelease
from generator.core import background, units
from generator.core.ids import RESERVED_SET_PATHS, require_own_paths
from generator.site import api, charts, labels, maps
from generator.site.choice import choice_files
from generator.site.downloads import download_files
from generator.site.feeds import feed_files
from generator.site.lists import list_files
from generator.site.query import query_files
from generator.site.search import search_files
from generator.site.stream import Entities


class Sink(Protocol):
    """Where render_pages sends each file as it is rendered. noted() and merge() are needed only with a
    helper process (render_pages' `ready`): what the helper's put()s noted, handed back to the parent."""

    def put(self, path: str, text: str) -> None:
        """Take one rendered file (docs path -> text)."""

    def noted(self) -> object:
        """What put() noted in this process, to be merged into the parent's sink (pickled)."""

    def merge(self, noted: object) -> None:
        """Take in what a helper process's sink noted."""


class Collected(dict):
    """A sink that holds every text (path -> text): for tests and render_site."""

    def put(self, path: str, text: str) -> None:
        """Hold one rendered file."""
        self[path] = text


def render_site(data: PublicRelease, releases: list[dict]) -> dict[str, str]:
    """All generated files of the site's docs folder, with their labels in the publication's language.

    `releases` lists every published release with its packages (publish/releases.py), for the downloads page.
    Holds every text at once: for tests and small releases; the build streams them (render_pages).
    """
    files = Collected()
    render_pages(data, files)
    files.update(release_files(data, releases))
    return dict(sorted(files.items()))


def render_pages(data: PublicRelease, sink: Sink, ready: Callable[[], bool] | None = None) -> None:
    """Send every generated file that does not need the list of releases (most of them, the pages of
    providers and indicators among them) to sink.put(path, text), one at a time as it is rendered: they can
    be rendered while the release's packages are still being written, and are never all held at once.

    With `ready`, once ready() is true (the second core is free: the packages are written) a forked helper
    process renders provider pages too, block by block beside this one, into a copy of the sink whose
    noted() comes back to sink.merge(). Every path is rendered once; its text is the same either way."""
    language = data.publication.language
    for what, ids in (
        ("provider", data.providers["provider_id"]),
        ("indicator", data.indicators["indicator_id"]),
    ):
        require_own_paths(ids, what)
    require_own_paths(data.indicators["set_id"], "indicator set", reserved=RESERVED_SET_PATHS)
    with labels.use(language), contextlib.ExitStack() as stack:
        ctx = {"release": data.release, "publication": data.publication}
        entities = Entities(data, ctx)
        claims, helpers = background.Claims(entities.blocks), []

        def blocks(numbers: Iterable[int]) -> Iterator[int]:  # a helper is started once ready() says so
            for number in numbers:
                if ready is not None and not helpers and ready():
                    helpers.append(stack.enter_context(background.Background(_help, entities, claims, sink)))
                yield number

        steps = (  # the provider pages last: the ones a helper can share
            entities.indicator_files,
            lambda: list_files(data, ctx).items(),
            lambda: choice_files(data, ctx).items(),
            lambda: search_files(data).items(),
            chart_files,
        )
        for step in blocks(range(len(steps))):
            put_all(sink, steps[step]())
        put_all(sink, entities.provider_files(blocks(claims)))
        for helper in helpers:
            sink.merge(helper.result())
    sink.put("assets/javascripts/labels.js", labels.script(language))
    sink.put("assets/stylesheets/labels.css", labels.stylesheet(language))
    put_all(sink, api.schema_files().items())
    sink.put(
        "assets/javascripts/units.json",
        json.dumps(units.browser_table(), sort_keys=True, separators=(",", ":")) + "\n",
    )


def chart_files() -> Iterator[tuple[str, str]]:
    """The chart and map specs (assets/charts/<name>.vl.json)."""
    for name, spec in sorted((charts.chart_specs() | maps.map_specs()).items()):
        yield (
            f"assets/charts/{name}.vl.json",
            json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        )


def _help(entities: Entities, claims: background.Claims, sink: Sink) -> object:
    """A helper process's part: the provider blocks it claims, into its copy of the sink."""
    put_all(sink, entities.provider_files(claims))
    return sink.noted()


def put_all(sink: Sink, files: Iterable[tuple[str, str]]) -> None:
    """Send rendered files ((path, text) pairs) to the sink, in their order."""
    for path, text in files:
        sink.put(path, text)


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
