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
from generator.core.ids import id_path
from generator.site.formatting import number
from generator.site.labels import _
from generator.site.page import render_template

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

    # per provider and per indicator: its changes, each entry headed by the other side of the change
    for kind, folder, ids, changed, label, other, other_key in (
        ("provider", "aanbieders", data.providers["provider_id"], by_provider, names, titles, "indicator_id"),
        (
            "indicator",
            "indicatoren",
            data.indicators["indicator_id"],
            by_indicator,
            titles,
            names,
            "provider_id",
        ),
    ):
        for key in sorted(ids):
            safe = id_path(key)
            path, page = f"feeds/{folder}/{safe}.xml", f"{folder}/{safe}/"
            entries = [
                entry(c, str(other.get(c[other_key], c[other_key])), page) for c in changed.get(key, [])
            ]
            heading = _("Wijzigingen: {name}", name=label[key])
            files[path] = _feed(data, path, _id(kind, key), heading, page, entries)
    return files
