"""publication.site_url (and `build --site-url`): the site knows where it is published.

The sitemap lists every page's absolute address; the 404 page works under a project sub-path (GitHub Pages
serves https://owner.github.io/repo/); verification reads links under the site's base path; the API page's
tables render as tables.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sitebuild import SUBPATH_URL, demo_build, subpath_build
from test_settings import BASE

from generator.cli import main
from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.demo.generate import intake_yaml
from generator.publish.verify import check_links, site_path

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def subpath(tmp_path_factory):
    return subpath_build(tmp_path_factory)


# ------------------------------------------------------------------------------------------- the setting


def test_site_url_is_optional_and_gets_its_trailing_slash():
    assert parse_intake_config(BASE).publication.site_url == ""
    cfg = parse_intake_config(BASE + "publication: {site_url: 'https://owner.github.io/repo'}\n")
    assert cfg.publication.site_url == "https://owner.github.io/repo/"
    cfg = parse_intake_config(BASE + "publication: {site_url: 'http://localhost:8000/'}\n")
    assert cfg.publication.site_url == "http://localhost:8000/"


@pytest.mark.parametrize(
    "value",
    [
        "zorgspiegel.example.org",
        "/repo/",
        "ftp://example.org/",
        "https://",
        "https://a b.org/",
        "https://x.org/?a=1",
    ],
)
def test_a_site_url_that_is_not_an_absolute_web_address_is_refused_naming_the_key(value):
    with pytest.raises(StructuralError) as exc:
        parse_intake_config(BASE + f"publication: {{site_url: {json.dumps(value)}}}\n")
    [issue] = exc.value.issues
    assert issue.code == "config-invalid" and issue.file == "intake.yaml"
    assert "'publication.site_url' must be the published site's" in issue.message
    assert "https://owner.github.io/repo/" in issue.message and repr(value) in issue.message


def test_a_site_url_of_another_type_says_the_type_expected():
    with pytest.raises(StructuralError) as exc:
        parse_intake_config(BASE + "publication: {site_url: 5}\n")
    assert "'publication.site_url' must be text, got 5 (int)" in exc.value.issues[0].message


def test_the_build_option_is_checked_as_the_setting(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--site-url", "example.org/repo"])
    assert result.exit_code == 2, result.output
    assert "--site-url" in result.output and "absolute http or https address" in result.output


def test_the_demo_intake_sets_a_site_url():
    for language in ("nl", "en"):
        assert parse_intake_config(intake_yaml(language)).publication.site_url.startswith("https://")


# -------------------------------------------------------------------------------------------- the sitemap


def pages(site) -> set[str]:
    """Every HTML page of the built site as its address below the root ('' is the home page)."""
    return {
        p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for p in site.rglob("index.html")
        if "pagefind" not in p.parts and "data" not in p.relative_to(site).parts[:1]
    }


def test_the_sitemap_lists_every_page_with_its_absolute_address(demo):
    site_url = json.loads((demo.site / "api" / "index.json").read_text("utf-8"))["site_url"]
    assert site_url == "https://zorgspiegel.example.org/"
    root = ET.fromstring((demo.site / "sitemap.xml").read_bytes())
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs)) > 100
    assert all(loc.startswith(site_url) for loc in locs)
    expected = {site_url + p.removeprefix("/") for p in pages(demo.site)}
    assert set(locs) == expected
    assert {u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")} == {"2026-11-01"}


def test_every_page_names_its_canonical_address(demo):
    soup = BeautifulSoup((demo.site / "downloads" / "index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one('link[rel="canonical"]')["href"] == "https://zorgspiegel.example.org/downloads/"


# ------------------------------------------------------------------------------------- under a sub-path


def links(html: str) -> list[str]:
    return re.findall(r"""(?:href|src)=["']([^"'#]+)""", html)


def test_the_404_page_works_under_a_project_sub_path(subpath):
    html = (subpath.site / "404.html").read_text("utf-8")
    found = links(html)
    assert found
    rooted = [link for link in found if link.startswith("/")]
    assert all(link.startswith("/zorgspiegel/") for link in rooted), rooted
    article = BeautifulSoup(html, "html.parser").select_one("article")
    own = [a["href"] for a in article.select("a[href]")]
    assert own == [
        SUBPATH_URL + "zoeken/",
        SUBPATH_URL + "aanbieders/",
        SUBPATH_URL + "indicatoren/",
        SUBPATH_URL,
    ]
    assert check_links(subpath.site, site_url=SUBPATH_URL) == []


def test_the_sub_path_build_records_its_address(subpath):
    index = json.loads((subpath.site / "api" / "index.json").read_text("utf-8"))
    assert index["site_url"] == SUBPATH_URL
    root = ET.fromstring((subpath.site / "sitemap.xml").read_bytes())
    assert all(u.findtext(f"{SITEMAP}loc").startswith(SUBPATH_URL) for u in root.iter(f"{SITEMAP}url"))


def test_verify_reads_links_under_the_base_path(tmp_path):
    site = tmp_path / "site"
    (site / "zoeken").mkdir(parents=True)
    (site / "zoeken" / "index.html").write_text("<p>zoeken</p>")
    page = site / "404.html"
    url = "https://owner.github.io/repo/"
    assert site_path("/repo/zoeken/", url) == "/zoeken/"
    assert site_path(url + "zoeken/", url) == "/zoeken/"
    assert site_path("/zoeken/", url) == ""
    assert site_path("https://elsewhere.org/", url) is None
    assert site_path("/zoeken/", "") == "/zoeken/"
    for good in ("/repo/zoeken/", url + "zoeken/", "zoeken/", "https://elsewhere.org/x"):
        page.write_text(f'<a href="{good}">x</a>')
        assert check_links(site, site_url=url) == [], good
    for bad, why in (("/zoeken/", "leaves the site's base path"), (url + "weg/", "does not resolve")):
        page.write_text(f'<a href="{bad}">x</a>')
        [problem] = check_links(site, site_url=url)
        assert why in str(problem), problem
    page.write_text('<a href="/zoeken/">x</a>')
    assert check_links(site) == []  # no site_url: the site is at the domain's root


# ---------------------------------------------------------------------------------------- the API page


def test_no_hand_written_page_prints_a_table_row_as_text(demo):
    """A Markdown table interrupted by a blank line printed its last rows as '| … |' (the API page did)."""
    raw = []
    for path in sorted(demo.site.rglob("index.html")):
        article = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        raw += [
            f"{path.relative_to(demo.site)}: {p.get_text()[:60]}"
            for p in article.find_all("p")
            if p.get_text().lstrip().startswith("|")
        ]
    assert not raw, raw
    api = BeautifulSoup((demo.site / "api" / "index.html").read_text("utf-8"), "html.parser")
    cells = [td.get_text() for td in api.select("article table td:first-child")]
    assert "/api/keuzehulp/postcodes.json" in cells and "/api/providers/<id>.json" in cells
