"""The built site, parsed: every figure on a page is checked against the data package it came from.

The demo release (60 providers, seed 3) is built once per session through the CLI (tests/sitebuild.py).
Provider tables, indicator tables and list counts are compared with datapackages/<release>/alles/*.parquet;
every page is checked for the demo banner, its Content-Security-Policy, its links and its resources;
the downloads page against the files in site/data/. A tiny release with hostile names checks that the
built HTML (MkDocs' page titles included) shows intake text only as text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from expected import dutch
from sitebuild import (
    HOSTILE_EXPLANATION,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    RELEASE,
    Built,
    demo_build,
    hostile_build,
)

from generator.site import formatting

# Public words, as the site must say them (not imported from the code under test).
COMPARISON_WORDS = {
    "better": "beter dan landelijk",
    "no_different": "niet duidelijk anders",
    "worse": "slechter dan landelijk",
    "not_compared": "niet vergeleken",
}
STATUS_WORDS = {
    "too_few_cases": "Te weinig cliënten",
    "not_delivered": "Niet aangeleverd",
    "not_applicable": "Niet van toepassing",
}
BANNER = "fictieve demonstratiegegevens"
# the query page: DuckDB-WASM in a blob: worker (generator/site/mkdocs.py)
QUERY_PAGE = "zelf-bevragen/index.html"
ORIGIN = "http://zorgspiegel.test"
SITE_URL = (
    "https://zorgspiegel.example.org/"  # the demo's publication.site_url: canonical and JSON-LD addresses
)


# ---------------------------------------------------------------- helpers


def missing(value) -> bool:
    return value is None or pd.isna(value)


def expected_value(row, unit: str, rate_per, label="") -> str:
    """The text of a published result in a table cell (a mean or count with the catalogue's unit_label)."""
    if unit == "yesno":
        return row["text_value"] or ("ja" if row["value"] == 1 else "nee" if row["value"] == 0 else "")
    if unit == "text":
        return row["text_value"]
    if missing(row["value"]):
        return ""
    v = row["value"]
    suffix = (
        f" {label}"
        if isinstance(label, str) and label and unit not in ("percentage", "rate", "proportion")
        else ""
    )
    return {
        "percentage": lambda: dutch(v) + "%",
        "rate": lambda: f"{dutch(v)} per {dutch(rate_per or 1, 0)}",
        "count": lambda: dutch(v, 0),
        "proportion": lambda: dutch(v, 3),
    }.get(unit, lambda: dutch(v, 2 if abs(v) < 10 else 1))() + suffix


def expected_national(row, unit: str, rate_per, label="") -> str:
    nat = row["national_value"]
    if unit == "text" or missing(nat):
        return ""
    if unit == "yesno":
        return f"{dutch(nat)}% ja"
    return expected_value({"value": nat, "text_value": ""}, unit, rate_per, label)


def expected_interval(row) -> str:
    return "" if missing(row["ci_low"]) else f"{dutch(row['ci_low'])} – {dutch(row['ci_high'])}"


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def human(n: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{dutch(n / size, 1)} {unit}"
    return f"{n} B"


class Site:
    """A built site: its HTML pages parsed on demand, URLs mapped to files."""

    def __init__(self, built: Built):
        self.built = built
        self.root = built.site
        self._soups: dict[Path, BeautifulSoup] = {}

    @cached_property
    def pages(self) -> list[Path]:
        return sorted(
            p for p in self.root.rglob("*.html") if "pagefind" not in p.relative_to(self.root).parts
        )

    def html(self, rel: str | Path) -> str:
        return (self.root / rel).read_text("utf-8")

    def soup(self, rel: str | Path) -> BeautifulSoup:
        path = self.root / rel
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        return self._soups[path]

    def content(self, rel: str | Path):
        """The generated part of a page (inside Material's article)."""
        return self.soup(rel).select_one("article .zs-page") or self.soup(rel).select_one("article")

    def url(self, path: Path) -> str:
        rel = path.relative_to(self.root).as_posix()
        return ORIGIN + "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def target(self, page: Path, ref: str) -> tuple[Path | None, str]:
        """The file a same-site reference on `page` points to (None when it points off the site) and its
        fragment."""
        absolute = urljoin(self.url(page), ref)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            return None, ""
        path = unquote(parts.path)
        file = self.root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        if file.is_dir():
            file = file / "index.html"
        return file, parts.fragment


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def site(built) -> Site:
    return Site(built)


@pytest.fixture(scope="module")
def catalogue(built) -> pd.DataFrame:
    return built.indicators.set_index("indicator_id")


@pytest.fixture(scope="module")
def shown(built) -> pd.DataFrame:
    """Providers that must have a page: those with result rows, and the organisations of such locations."""
    with_rows = set(built.results["provider_id"])
    parents = set(built.providers.loc[built.providers["provider_id"].isin(with_rows), "parent_id"]) - {""}
    return built.providers[built.providers["provider_id"].isin(with_rows | parents)]


def href_id(a, folder: str) -> str:
    match = re.search(rf"{folder}/([^/]+)/$", a["href"])
    assert match, a
    return match.group(1)


# ---------------------------------------------------------------- provider pages


def test_the_build_made_a_real_site(site, built):
    assert len(site.pages) > 150
    assert len(built.results) > 1000 and set(built.results["status"]) >= {"published", "too_few_cases"}


def test_every_shown_provider_and_no_other_has_a_page_at_its_stable_url(site, shown):
    folders = {p.name for p in (site.root / "aanbieders").iterdir() if p.is_dir()}
    assert folders == set(shown["provider_id"])
    for pid in shown["provider_id"]:
        assert (site.root / "aanbieders" / pid / "index.html").is_file()
        assert (site.root / "api" / "providers" / f"{pid}.json").is_file()


def latest_rows(results: pd.DataFrame, pid: str) -> pd.DataFrame:
    """The provider's rows of the latest period per indicator."""
    own = results[results["provider_id"] == pid]
    return own[own["period"] == own.groupby("indicator_id")["period"].transform("max")]


def page_rows(site: Site, pid: str) -> dict[str, tuple]:
    """indicator id -> (its row, the explanation row after it or None) from the provider page's tables."""
    rows = {}
    for table in site.content(f"aanbieders/{pid}/index.html").select("table.zs-results"):
        trs = table.select("tbody > tr")
        for i, tr in enumerate(trs):
            if "zs-explanation" in (tr.get("class") or []):
                continue
            iid = href_id(tr.th.a, "indicatoren")
            assert iid not in rows, f"{iid} twice on the page of {pid}"
            after = (
                trs[i + 1]
                if i + 1 < len(trs) and "zs-explanation" in (trs[i + 1].get("class") or [])
                else None
            )
            rows[iid] = (tr, after)
    return rows


def test_provider_tables_show_the_latest_result_of_every_indicator(site, built, shown, catalogue):
    """All providers with a page: one row per indicator, figures in Dutch format as in the data package."""
    providers = built.providers.set_index("provider_id")
    seen = {"published": 0, "too_few_cases": 0, "not_delivered": 0, "explanation": 0, "comparison": set()}
    for pid in sorted(shown["provider_id"]):
        expected = latest_rows(built.results, pid)
        rows = page_rows(site, pid)
        assert set(rows) == set(expected["indicator_id"]), pid
        name = providers.loc[pid, "name"]
        assert text(site.content(f"aanbieders/{pid}/index.html").h1) == name
        for r in expected.to_dict("records"):
            ind = catalogue.loc[r["indicator_id"]]
            tr, explanation = rows[r["indicator_id"]]
            where = f"{pid} {r['indicator_id']} {r['period']}"
            assert text(tr.th) == ind["title"], where
            # the eighth cell, the result's dates and freshness, is checked in tests/test_mirror.py
            period, value, comparison, interval, national, change, _dates = (
                text(td) for td in tr.find_all("td", recursive=False)
            )
            assert period == r["period"], where
            if r["status"] == "published":
                seen["published"] += 1
                assert value == expected_value(r, ind["unit"], ind["rate_per"], ind.get("unit_label")), where
                assert interval == expected_interval(r), where
                assert national == expected_national(
                    r, ind["unit"], ind["rate_per"], ind.get("unit_label")
                ), where
                if r["comparison"]:
                    seen["comparison"].add(r["comparison"])
                    assert comparison.endswith(COMPARISON_WORDS[r["comparison"]]), where
                    assert tr.select_one(".zs-cmp__symbol")["aria-hidden"] == "true"
                else:
                    assert comparison == "", where
                if not missing(r["change"]) and r["change"] != 0:
                    # with its unit: '4,1 procentpunt hoger', '0,50 weken lager'
                    words = formatting.change_text(
                        r["change"], ind["unit"], ind["rate_per"], ind.get("unit_label") or ""
                    )
                    assert change.endswith(words), where
                    assert ind["unit"] != "percentage" or "procentpunt" in change, where
                    # the unit the catalogue declares ('weken' for the waiting times), never guessed
                    assert not ind.get("unit_label") or f" {ind['unit_label']} " in change, where
            else:
                seen[r["status"]] += 1
                assert value.startswith(STATUS_WORDS[r["status"]]), where
                assert tr.select_one(f".zs-status--{r['status']}") is not None, where
                # no figures for a row without a published result: nothing but its period has a digit
                assert not any(
                    re.search(r"\d", c) for c in (value, interval, national, comparison, change)
                ), (where, value, interval, national, change)
            if r["explanation"]:
                seen["explanation"] += 1
                assert explanation is not None and text(explanation).endswith(
                    " ".join(r["explanation"].split())
                ), where
                assert text(explanation).startswith(f"Toelichting van {' '.join(name.split())}:")
            else:
                assert explanation is None, where
    assert (
        seen["published"] > 300
        and seen["too_few_cases"] > 20
        and seen["not_delivered"] > 5
        and seen["explanation"] > 5
    )
    assert seen["comparison"] == set(COMPARISON_WORDS)


def test_provider_pages_chart_only_published_shares(site, built, shown, catalogue):
    for pid in sorted(shown["provider_id"])[:20]:
        latest = latest_rows(built.results, pid).join(catalogue[["unit"]], on="indicator_id")
        points = latest[(latest["status"] == "published") & latest["unit"].isin(["percentage", "proportion"])]
        page = site.content(f"aanbieders/{pid}/index.html")
        figures = page.select("figure.zs-chart[data-kind=provider-results]")
        assert len(figures) == points["set_id"].nunique(), pid
        for fig in figures:
            assert fig["data-source"] == f"../../api/providers/{pid}.json"
            assert fig.figcaption and fig["data-label"] in text(fig.figcaption)


def test_an_organisation_without_own_rows_lists_its_locations(site, built, shown):
    own = set(built.results["provider_id"])
    parents = shown[~shown["provider_id"].isin(own)]
    children = built.providers[built.providers["parent_id"].isin(parents["provider_id"])]
    for pid in parents["provider_id"]:
        page = site.content(f"aanbieders/{pid}/index.html")
        linked = {href_id(a, "aanbieders") for a in page.select("h2#locaties + ul a")}
        assert linked == set(children.loc[children["parent_id"] == pid, "provider_id"]), pid
        assert not page.select("table.zs-results")


# ---------------------------------------------------------------- indicator pages


def test_indicator_tables_have_one_row_per_provider_of_the_latest_period(site, built, catalogue):
    providers = built.providers.set_index("provider_id")
    checked = 0
    for iid, ind in catalogue.iterrows():
        rows = built.results[built.results["indicator_id"] == iid]
        period = rows["period"].max()
        expected = rows[rows["period"] == period].set_index("provider_id")
        page = site.content(f"indicatoren/{iid}/index.html")
        assert text(page.h1) == ind["title"]
        assert text(page.find("h2", id="tabel")) == f"Tabel van alle aanbieders ({period})"
        tables = page.select("table.zs-sortable")
        assert len(tables) == 1, iid
        trs = tables[0].select("tbody > tr")
        ids = [href_id(tr.th.a, "aanbieders") for tr in trs]
        assert len(ids) == len(set(ids)) == len(expected), iid
        assert set(ids) == set(expected.index), iid
        for tr, pid in zip(trs, ids):
            r = expected.loc[pid]
            city, value, interval, denominator, comparison = (
                text(td) for td in tr.find_all("td", recursive=False)
            )
            assert text(tr.th) == providers.loc[pid, "name"]
            assert city == providers.loc[pid, "city"]
            sort_value = tr.find_all("td", recursive=False)[1]["data-sort"]
            if r["status"] == "published":
                assert value == expected_value(r, ind["unit"], ind["rate_per"], ind.get("unit_label")), (
                    iid,
                    pid,
                )
                assert interval == expected_interval(r), (iid, pid)
                assert denominator == ("" if missing(r["denominator"]) else dutch(r["denominator"], 0)), (
                    iid,
                    pid,
                )
                assert (
                    comparison.endswith(COMPARISON_WORDS[r["comparison"]])
                    if r["comparison"]
                    else comparison == ""
                )
                assert (
                    (sort_value == "")
                    if missing(r["value"])
                    else float(sort_value) == pytest.approx(r["value"])
                )
            else:
                assert value.startswith(STATUS_WORDS[r["status"]]), (iid, pid)
                assert sort_value == "" and interval == "" and denominator == "" and comparison == "", (
                    iid,
                    pid,
                )
            checked += 1
        shown_points = expected[(expected["status"] == "published") & expected["value"].notna()]
        charts = page.select("figure.zs-chart")
        assert bool(charts) == (len(shown_points) > 0 or len(set(rows["period"])) > 1), iid
    assert checked > 400


# ---------------------------------------------------------------- list pages and their counts


def test_home_counts_match_the_providers_with_pages(site, shown):
    home = site.content("index.html")
    assert f"Alle {len(shown)} zorgaanbieders van A tot Z" in [text(h) for h in home.find_all("h2")]
    counts = shown["kind"].value_counts().loc[lambda n: n > 0].to_dict()  # kind is a category in Parquet
    cards = {}
    for li in home.select("ul.zs-cards li"):
        a = li.a
        if "/soorten/" in a["href"] or a["href"].startswith("soorten/"):
            cards[href_id(a, "soorten")] = int(
                re.fullmatch(r"(\d+) aanbieders", text(li.select_one(".zs-muted"))).group(1)
            )
    assert cards == counts
    provinces = {text(a) for a in home.select('a[href^="regio/provincie-"]')}
    assert provinces == set(shown["province"]) - {""}


def test_kind_pages_count_and_list_their_providers(site, shown):
    for kind, members in shown.groupby("kind"):
        page = site.content(f"soorten/{kind}/index.html")
        assert int(text(page.select_one("p.zs-lead")).split()[0]) == len(members), kind
        listed = [href_id(a, "aanbieders") for a in page.select('a[href*="/aanbieders/"]')]
        assert sorted(listed) == sorted(members["provider_id"]), kind
        by_region = {
            text(li.a): int(text(li.select_one(".zs-muted")).strip("()"))
            for li in page.select('li:has(> a[href*="/regio/zorgregio-"])')
        }
        assert by_region == {r: n for r, n in members["region"].value_counts().items() if r}, kind


def test_region_pages_count_and_list_their_providers(site, shown):
    regions = site.content("regio/index.html")
    pages = [(a["href"], text(a)) for a in regions.select("a")]
    assert {name for _, name in pages} == (set(shown["province"]) | set(shown["region"])) - {""}
    for href, name in pages:
        column = "province" if "provincie-" in href else "region"
        members = shown[shown[column] == name]
        page = site.content(Path("regio") / href / "index.html")
        assert text(page.h1) == f"{'Provincie' if column == 'province' else 'Zorgregio'} {name}"
        assert (
            text(page.select_one("p.zs-lead"))
            == f"{len(members)} zorgaanbieders met resultaten in deze release."
        )
        listed = [href_id(a, "aanbieders") for a in page.select("#region-providers tbody th a")]
        assert sorted(listed) == sorted(members["provider_id"]), name
        kinds = set(members["kind"])
        for h2 in page.find_all("h2", id=kinds.__contains__):
            n = int(re.search(r"\((\d+)\)$", text(h2)).group(1))
            table = h2.find_next_sibling("div").table
            assert n == len(members[members["kind"] == h2["id"]]) == len(table.select("tbody tr"))


def test_a_to_z_pages_list_every_provider_once(site, shown):
    index = site.content("aanbieders/index.html")
    assert text(index.select_one("p.zs-lead")).startswith(f"{len(shown)} zorgaanbieders")
    listed = []
    for a in index.select("ul.zs-letters a"):
        page = site.content(Path("aanbieders") / a["href"] / "index.html")
        listed += [href_id(x, "aanbieders") for x in page.select("ul.zs-columns a")]
        names = [text(x) for x in page.select("ul.zs-columns a")]
        assert names == sorted(names, key=lambda n: n) or len(names) < 2
    assert sorted(listed) == sorted(shown["provider_id"])


def test_set_pages_list_their_indicators(site, catalogue):
    for set_id, part in catalogue.groupby("set_id"):
        page = site.content(f"indicatorsets/{set_id}/index.html")
        listed = {href_id(a, "indicatoren") for a in page.select("table a")}
        assert listed == set(part.index), set_id
        assert f"Indicatorset met {len(part)} indicatoren" in text(page.select_one("p.zs-lead"))


# ---------------------------------------------------------------- every page: banner, CSP, links, resources


def test_every_page_has_the_demo_banner(site):
    for page in site.pages:
        banner = site.soup(page).select(".md-banner .zs-demo-banner")
        assert len(banner) == 1 and BANNER in text(banner[0]).lower(), page


def csp_directives(soup) -> dict[str, list[str]]:
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1
    assert metas[0].find_parent("head") is not None
    return {d.split()[0]: d.split()[1:] for d in metas[0]["content"].split(";") if d.strip()}


def test_every_page_has_a_csp_with_exactly_the_hashes_of_its_inline_scripts(site):
    for page in site.pages:
        soup = site.soup(page)
        csp = csp_directives(soup)
        script_src = csp["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, page
        assert (
            csp["default-src"] == ["'self'"]
            and csp["object-src"] == ["'none'"]
            and csp["base-uri"] == ["'self'"]
        )
        # WebAssembly only where it runs (Pagefind's search, the query page's DuckDB); blob: workers only on
        # the query page, whose DuckDB worker inherits this policy that way
        where = page.relative_to(site.root).as_posix()
        allowed = {("img-src", "data:")} | ({("worker-src", "blob:")} if where == QUERY_PAGE else set())
        wide = [
            (d, s)
            for d, sources in csp.items()
            for s in sources
            if re.match(r"^(\*|https?:|wss?:|blob:|data:|//)", s) and (d, s) not in allowed
        ]
        assert not wide, (page, wide)
        assert ("'wasm-unsafe-eval'" in script_src) == (where in ("zoeken/index.html", QUERY_PAGE)), page
        inline = [
            s
            for s in soup.find_all("script")
            if not s.get("src") and s.get("type", "text/javascript") in ("text/javascript", "module")
        ]
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode("utf-8")).digest()).decode() + "'"
            for s in inline
        }
        assert {s for s in script_src if s.startswith("'sha256-")} == hashes, page
        # the meta comes before every script, so it applies to all of them
        head = site.html(page)
        assert head.index("Content-Security-Policy") < head.index("<script"), page


def references(soup):
    """(attribute value, is a link the user clicks) for every URL-valued attribute of the page."""
    for tag in soup.find_all(True):
        for attr in (
            "href",
            "src",
            "data",
            "action",
            "poster",
            "xlink:href",
            "data-spec",
            "data-source",
            "data-bundle",
            "data-index",
            "data-synonyms",
        ):
            if tag.has_attr(attr):
                yield tag, attr, tag[attr], tag.name == "a" and attr == "href"
        for attr in ("srcset",):
            if tag.has_attr(attr):
                for candidate in tag[attr].split(","):
                    yield tag, attr, candidate.split()[0], False


def test_every_internal_link_resolves_to_a_file_of_the_site(site):
    broken, fragments = [], []
    checked = 0
    for page in site.pages:
        soup = site.soup(page)
        for tag, attr, ref, _ in references(soup):
            if ref.startswith(("mailto:", "tel:", "data:")) or not ref:
                continue
            base = page
            if attr == "data-bundle":
                ref = ref.rstrip("/") + "/pagefind.js"
            if attr == "data-index":  # the search page's provider index (generator/site/search.py)
                ref = ref.rstrip("/") + "/meta.json"
            file, fragment = site.target(base, ref)
            if file is None:
                continue
            checked += 1
            if not file.is_file() or site.root not in file.parents:
                broken.append(f"{page.relative_to(site.root)}: {tag.name}[{attr}]={ref}")
            elif (
                fragment
                and file.suffix == ".html"
                and not fragment.startswith("__")
                and site.soup(file).find(id=fragment) is None
            ):
                fragments.append(f"{page.relative_to(site.root)}: {ref}")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"
    assert not fragments, f"{len(fragments)} links to a missing #id, e.g. {fragments[:10]}"
    assert checked > 5000


def test_only_links_the_user_clicks_leave_the_site(site):
    offsite = []
    for page in site.pages:
        soup = site.soup(page)
        for tag, attr, ref, clicked in references(soup):
            if re.match(r"^(https?:)?//", ref.strip(), re.I) and not clicked and not ref.startswith(SITE_URL):
                offsite.append(f"{page.relative_to(site.root)}: {tag.name}[{attr}]={ref}")
        for tag in soup.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", tag["style"], re.I):
                offsite.append(f"{page.relative_to(site.root)}: style={tag['style']}")
        for style in soup.find_all("style"):
            if re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", style.get_text(), re.I):
                offsite.append(f"{page.relative_to(site.root)}: <style>")
    for css in site.root.rglob("*.css"):
        for m in re.finditer(
            r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", css.read_text("utf-8")
        ):
            offsite.append(f"{css.relative_to(site.root)}: {m.group(1)}")
    assert not offsite, offsite[:10]


# ---------------------------------------------------------------- downloads, JSON-LD, API


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_downloads_page_lists_every_package_with_sizes_and_hashes_of_the_files(site):
    page = site.content("downloads/index.html")
    data = site.root / "data" / RELEASE
    folders = sorted(p.name for p in data.iterdir() if p.is_dir())
    assert "alles" in folders and len(folders) >= 3
    assert (site.root / "data" / RELEASE / "alles.zip").is_file()
    files_checked = 0
    for folder in folders:
        section = page.find("section", id=folder)
        assert section is not None, folder
        descriptor = json.loads((data / folder / "datapackage.json").read_text("utf-8"))
        assert text(section.h3) == descriptor["title"]
        zip_file = data / f"{folder}.zip"
        zip_para = section.find("a", string="Alles in één zip").find_parent("p")
        assert (
            zip_para.select_one(".zs-muted").get_text()
            == f"({human(zip_file.stat().st_size)}, sha256 {sha256(zip_file)})"
        ), folder
        rows = section.select("table tbody tr")
        resources = {r["path"]: r for r in descriptor["resources"]}
        assert len(rows) == len(resources), folder
        for tr in rows:
            link = tr.th.a
            file, _ = site.target(site.root / "downloads" / "index.html", link["href"])
            assert file.is_file() and link.has_attr("download")
            fmt, size, digest = (text(td) for td in tr.find_all("td"))
            assert digest == sha256(file), file
            assert size == human(file.stat().st_size), file
            assert fmt == file.suffix.lstrip(".").upper()
            assert (
                resources[file.name]["hash"] == f"sha256:{digest}"
                and resources[file.name]["bytes"] == file.stat().st_size
            )
            files_checked += 1
    assert files_checked >= 4 * len(folders)


def test_downloads_jsonld_parses_and_points_at_the_zips(site):
    page = site.root / "downloads" / "index.html"
    blocks = site.soup(page).find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    doc = json.loads(blocks[0].string)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset" and doc["version"] == RELEASE
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = [d["contentUrl"] for d in doc["distribution"]]
    assert len(urls) == len(list((site.root / "data" / RELEASE).glob("*.zip")))
    for url in urls:
        assert url.startswith(SITE_URL), url
        file, _ = site.target(page, "/" + url[len(SITE_URL) :])
        assert file is not None and file.is_file(), url


def test_provider_api_json_matches_the_package_rows(site, built):
    results = built.results
    counts = results.groupby("provider_id")["status"].agg(lambda s: s.nunique())
    pid = counts.idxmax()  # a provider with published and other rows
    data = json.loads((site.root / "api" / "providers" / f"{pid}.json").read_text("utf-8"))
    assert data["release"] == RELEASE and data["provider"]["provider_id"] == pid
    provider = built.providers.set_index("provider_id").loc[pid]
    for key in ("name", "kind", "city", "postcode", "region"):
        assert data["provider"][key] == provider[key]
    expected = results[results["provider_id"] == pid].set_index(["indicator_id", "period"])
    got = {(r["indicator_id"], r["period"]): r for r in data["results"]}
    assert set(got) == set(expected.index)
    for key, r in got.items():  # an empty field is left out of the JSON; numbers have 4 decimals
        e = expected.loc[key]
        for column in ("status", "comparison", "explanation", "text_value", "set_id"):
            assert r.get(column, "") == e[column], (key, column)
        for column in ("value", "ci_low", "ci_high", "numerator", "denominator", "national_value", "change"):
            assert (
                (r.get(column) is None)
                if missing(e[column])
                else r[column] == pytest.approx(e[column], abs=1e-4)
            ), (key, column)
    statuses = {r["status"] for r in data["results"]}
    assert "published" in statuses and len(statuses) > 1


def test_indicator_api_json_matches_the_package_rows(site, built):
    for iid in ("GBZ-01", "HA-03", "VPH-06"):
        data = json.loads((site.root / "api" / "indicators" / f"{iid}.json").read_text("utf-8"))
        rows = built.results[built.results["indicator_id"] == iid]
        expected = rows[rows["period"] == rows["period"].max()].set_index("provider_id")
        assert data["period"] == rows["period"].max() and data["indicator"]["indicator_id"] == iid
        got = {r["provider_id"]: r for r in data["results"]}
        assert set(got) == set(expected.index)
        for pid, r in got.items():
            assert r["status"] == expected.loc[pid, "status"]
            for column in ("value", "ci_low", "ci_high", "denominator"):
                v = expected.loc[pid, column]
                assert (r.get(column) is None) if missing(v) else r[column] == pytest.approx(v, abs=1e-4), (
                    iid,
                    pid,
                    column,
                )


def test_the_csv_api_has_the_rows_of_the_provider(site, built):
    pid = sorted(built.results["provider_id"])[0]
    frame = pd.read_csv(site.root / "api" / "providers" / f"{pid}.csv", dtype=str, keep_default_na=False)
    assert len(frame) == (built.results["provider_id"] == pid).sum()
    assert set(frame["provider_id"]) == {pid}


def test_stable_dutch_urls_exist(site):
    for rel in (
        "index.html",
        "zoeken/index.html",
        "aanbieders/index.html",
        "indicatoren/index.html",
        "regio/index.html",
        "downloads/index.html",
        "wijzigingen/index.html",
        "methode/index.html",
        "api/index.html",
        "toegankelijkheid/index.html",
        "over/index.html",
        "indicatoren/GBZ-01/index.html",
        "api/indicators/GBZ-01.json",
    ):
        assert (site.root / rel).is_file(), rel
    assert text(site.soup("404.html").select_one("article h1")) == "Pagina niet gevonden"


# ---------------------------------------------------------------- escaping in the built HTML


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Site:
    return Site(hostile_build(tmp_path_factory))


def test_hostile_names_show_as_text_in_the_built_html(hostile):
    for pid, name in (("0123", HOSTILE_SCRIPT), ("GBZ-01", HOSTILE_IMG)):
        soup = hostile.soup(f"aanbieders/{pid}/index.html")
        assert soup.title.string.strip() == f"{name} - Zorgspiegel"
        assert name in soup.find("meta", attrs={"name": "description"})["content"]
        assert text(soup.select_one("article h1")) == name
        assert text(soup.select_one('[data-md-component="header-topic"]')) == name
    explanation = hostile.soup("aanbieders/0123/index.html").select_one("tr.zs-explanation")
    assert text(explanation).endswith(" ".join(HOSTILE_EXPLANATION.split()))
    for page in hostile.pages:
        soup = hostile.soup(page)
        assert not soup.find_all("img", src="x"), page
        assert not soup.select("article b, article i, article u, article em"), page
        for tag in soup.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), (page, tag.name)
            assert not str(tag.get("href", "")).startswith("javascript:"), page
        for script in soup.find_all("script"):
            assert "alert(" not in (script.string or ""), page
        raw = hostile.html(page)
        for bad in (HOSTILE_SCRIPT, HOSTILE_IMG, "<!--<script>"):
            assert bad not in raw, (page, bad)
