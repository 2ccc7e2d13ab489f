"""Atom feeds (RFC 4287) of what changed: one of the releases, and one per provider and per indicator with
this release's changes (new, corrected and withdrawn results), so an insurer or a journalist can subscribe.

Made from the same changes table as the changes page and the packages' `changes` resource. Every
provider and indicator with a page has its feed, empty when nothing changed, so its address is stable.
Entry ids are name-based UUIDs (RFC 4122, version 5) of what they describe: the same change in the same
release keeps its id. Dates are the release's first day (the build stays reproducible). Links are
relative to the feed's own address, as RFC 4287 allows.
"""

from __future__ import annotations

import uuid

from generator.compute.public import PublicRelease
from generator.site.formatting import number
from generator.site.labels import _
from generator.site.page import render_template
from generator.site.urls import safe_id

NAMESPACE = uuid.UUID("6f1b3d2e-8c47-5a9e-9d0b-2f6c1e7a4b93")  # Zorgspiegel's own namespace for feed ids


def _id(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(parts))}"


def _summary(change: dict, unit_title: str) -> str:
    """One change in words: what happened to which result."""
    if change["change"] == "result_corrected":
        what = _(
            "gecorrigeerd van {old} naar {new}",
            old=number(change["old_value"]),
            new=number(change["new_value"]),
        )
    elif change["change"] == "result_withdrawn":
        what = _("resultaat ingetrokken of niet meer gepubliceerd")
    else:
        what = _("nieuw resultaat")
    return f"{unit_title}, {change['period']}: {what}."


def _feed(data: PublicRelease, path: str, feed_id: str, title: str, page: str, entries: list[dict]) -> str:
    depth = path.count("/")
    return render_template(
        "feed.xml.j2",
        language=data.publication.language,
        feed_id=feed_id,
        title=title,
        subtitle=_("Wijzigingen in de cijfers van {title}, per release.", title=data.publication.title),
        updated=f"{data.release}-01T00:00:00Z",
        publisher=data.publication.publisher,
        licence=data.publication.licence,
        self_href=path.rsplit("/", 1)[-1],
        page_href="../" * depth + page,
        entries=[e | {"href": "../" * depth + e["href"]} for e in entries],
    )


def feed_files(data: PublicRelease, releases: list[dict]) -> dict[str, str]:
    """feeds/releases.xml, feeds/aanbieders/<id>.xml and feeds/indicatoren/<id>.xml."""
    files = {
        "feeds/releases.xml": _feed(
            data,
            "feeds/releases.xml",
            _id("releases"),
            _("{title}: releases", title=data.publication.title),
            "downloads/",
            [
                {
                    "id": _id("release", r["release"]),
                    "title": _("Release {release}", release=r["release"]),
                    "summary": _("{count} data packages", count=len(r["packages"])),
                    "href": "downloads/",
                }
                for r in releases
            ],
        )
    }
    changes = data.changes[data.changes["indicator_id"] != ""]
    names = data.providers.set_index("provider_id")["name"].to_dict()
    titles = data.indicators.set_index("indicator_id")["title"].to_dict()
    by_provider = {pid: part.to_dict("records") for pid, part in changes.groupby("provider_id")}
    by_indicator = {iid: part.to_dict("records") for iid, part in changes.groupby("indicator_id")}

    def entry(c: dict, heading: str, href: str) -> dict:
        key = (data.release, c["change"], c["provider_id"], c["indicator_id"], c["period"])
        return {
            "id": _id(*key),
            "title": heading,
            "summary": _summary(c, titles.get(c["indicator_id"], "")),
            "href": href,
        }

    for pid in sorted(data.providers["provider_id"]):
        safe = safe_id(pid)
        path = f"feeds/aanbieders/{safe}.xml"
        rows = by_provider.get(pid, [])
        entries = [
            entry(c, str(titles.get(c["indicator_id"], c["indicator_id"])), f"aanbieders/{safe}/")
            for c in rows
        ]
        files[path] = _feed(
            data,
            path,
            _id("provider", pid),
            _("Wijzigingen: {name}", name=names[pid]),
            f"aanbieders/{safe}/",
            entries,
        )
    for iid in sorted(data.indicators["indicator_id"]):
        safe = safe_id(iid)
        path = f"feeds/indicatoren/{safe}.xml"
        rows = by_indicator.get(iid, [])
        entries = [
            entry(c, str(names.get(c["provider_id"], c["provider_id"])), f"indicatoren/{safe}/") for c in rows
        ]
        files[path] = _feed(
            data,
            path,
            _id("indicator", iid),
            _("Wijzigingen: {title}", title=titles[iid]),
            f"indicatoren/{safe}/",
            entries,
        )
    return files
