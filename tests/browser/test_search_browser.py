"""The search page (zoeken/) of the built demo site in Debian's Chromium: the searches of issue 17.

Each query a visitor of ZorgkaartNederland or Care Compare would type must reach the right provider: several
words across name, place, municipality, postcode, id and kind; Dutch plurals; care words (bevallen → the
VSV); names people use for a municipality (Den Haag); a misspelling (Kivit); an id; a postcode, with a way
on to the choice aid near it; and every result, not only the first page. The expected providers are read
from the data package (providers.parquet), not from the search index.

The bytes a visitor downloads before the first result are measured here (gzip -9 of every text response, as
a server would send them); set ZORGSPIEGEL_SEARCH_NATIONAL to a built site folder (e.g. of
`zorgspiegel demo --providers 10000`) to measure that one too, against the 150 KB budget. Screenshots at 375
and 1280 px go to $ZORGSPIEGEL_SEARCH_SHOTS (default /tmp/search-shots/).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pandas as pd
import pytest
from payload import report, response_sizes, run_axe, serve, stop

from generator.pipeline import build_release
from generator.site.search import search_files, words

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ZORGSPIEGEL_SEARCH_SHOTS", "/tmp/search-shots"))
BUDGET = 150_000  # bytes (compressed) before the first result, at national size
PAGE = 20  # results shown at a time
RELEASE = "2026-11"  # the demo build's (tests/sitebuild.py)


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def providers(demo) -> pd.DataFrame:
    """The providers with a page on the site, by id."""
    shown = {p.name for p in (demo.site / "aanbieders").iterdir() if p.is_dir()}
    frame = demo.providers[demo.providers["provider_id"].isin(shown)]
    return frame.set_index("provider_id", drop=False)


def search(open_page, base_url, query: str, width: int = 1280, **kwargs):
    """Open zoeken/?q=query and wait until the providers' search has answered."""
    page, watch = open_page(f"{base_url}zoeken/?q={quote(query)}", width=width, **kwargs)
    settled(page)
    return page, watch


def settled(page) -> None:
    page.wait_for_selector("#zs-search[data-state='done']", state="attached", timeout=15000)


def found(page) -> list[str]:
    """The provider ids of the results shown, in order."""
    return page.eval_on_selector_all(
        "#zs-search-results > li", "els => els.map(li => li.getAttribute('data-provider'))"
    )


def all_found(page) -> list[str]:
    """Press 'meer resultaten' until every result is shown; the ids in order."""
    for _ in range(100):
        more = page.locator("#zs-search-more")
        if more.is_hidden():
            break
        before = len(found(page))
        more.click()
        page.wait_for_function(
            f"() => document.querySelectorAll('#zs-search-results > li').length > {before}", timeout=15000
        )
    return found(page)


def nearby(page) -> dict[str, str]:
    """The 'in de buurt' links: link text -> the address (relative to the site)."""
    links = page.eval_on_selector_all(
        "#zs-search-nearby a", "els => els.map(a => [a.textContent, a.getAttribute('href')])"
    )
    return {text: href for text, href in links}


def query_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def ids_where(providers: pd.DataFrame, mask) -> set[str]:
    return set(providers.loc[mask, "provider_id"])


def of_kind_in(providers: pd.DataFrame, kind: str, municipality: str) -> set[str]:
    """The providers of a kind in a municipality; the demo must have one."""
    found = ids_where(providers, (providers["kind"] == kind) & (providers["municipality"] == municipality))
    assert found, f"the demo must have a {kind} in {municipality}"
    return found


# ---------------------------------------------------------------- the queries of issue 17


def test_several_words_match_across_kind_and_place(open_page, base_url, providers):
    """'verpleeghuis Utrecht': a kind and a municipality; the nursing homes of Utrecht come first."""
    homes = of_kind_in(providers, "verpleeghuis", "Utrecht")
    for query in ("verpleeghuis Utrecht", "Utrecht verpleeghuis", "verpleeghuizen utrecht"):
        page, watch = search(open_page, base_url, query)
        shown = all_found(page)
        assert set(shown[: len(homes)]) == homes, (query, shown)
        assert all(
            providers.loc[p, "city"] == "Utrecht" or providers.loc[p, "municipality"] == "Utrecht"
            for p in shown
        ), shown
        links = nearby(page)
        assert query_of(links["Verpleeghuizen"]) == {"gem": "Utrecht"}, links
        assert links["Verpleeghuizen"].startswith("../keuzehulp/verpleeghuis/")
        assert not watch.problems(), watch.problems()
    page.wait_for_selector("#zs-search[data-pages='done']", state="attached")
    page.locator(f"#zs-search-results a[href$='/{sorted(homes)[0]}/']").click()
    page.wait_for_url(f"**/aanbieders/{sorted(homes)[0]}/")


def test_a_care_word_finds_its_kind(open_page, base_url, providers):
    """'bevallen Den Haag': a care word (the synonym list) and a name people use (Den Haag)."""
    births = of_kind_in(providers, "vsv", "'s-Gravenhage")
    for query in ("bevallen Den Haag", "zwanger den haag", "bevalling 's-Gravenhage"):
        page, watch = search(open_page, base_url, query)
        assert set(found(page)) == births, (query, found(page))
        assert not watch.problems(), watch.problems()


def test_a_care_word_without_a_provider_in_the_place_leads_to_the_nearest(open_page, base_url, providers):
    """'bevallen Utrecht': no VSV in Utrecht, so the page says so and leads to the VSVs nearest Utrecht."""
    assert not ((providers["kind"] == "vsv") & (providers["municipality"] == "Utrecht")).any()
    page, watch = search(open_page, base_url, "bevallen Utrecht")
    assert found(page) == []
    assert page.locator("#zs-search-status").inner_text().startswith("Geen zorgaanbieders gevonden")
    links = nearby(page)
    assert list(links) == ["Verloskundige samenwerkingsverbanden"], links
    page.wait_for_selector("#zs-search[data-pages='done']", state="attached")
    page.locator("#zs-search-nearby a").click()
    page.wait_for_url("**/keuzehulp/vsv/?gem=Utrecht")
    page.wait_for_selector("#zs-choice[data-ready]", state="attached", timeout=15000)
    page.select_option("#zs-choice-r", "0")
    page.wait_for_selector("#zs-choice-list > li")
    assert "gemeente Utrecht" in page.text_content("#zs-choice-summary")
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize(
    ("query", "municipality"), [("Den Haag", "'s-Gravenhage"), ("Den Bosch", "'s-Hertogenbosch")]
)
def test_the_name_people_use_finds_the_municipality(open_page, base_url, providers, query, municipality):
    expected = ids_where(providers, providers["municipality"] == municipality)
    assert expected
    page, watch = search(open_page, base_url, query)
    assert set(all_found(page)) == expected
    assert {query_of(href)["gem"] for href in nearby(page).values()} == {municipality}
    assert not watch.problems(), watch.problems()


def test_a_misspelling_finds_the_name_and_nothing_else(open_page, base_url, providers):
    """'Kivit' (for Kievit): the providers with Kievit in their name, and only those."""
    expected = ids_where(providers, providers["name"].str.contains("Kievit"))
    assert expected
    for query in ("Kivit", "kievitt", "Kievit"):
        page, watch = search(open_page, base_url, query)
        assert set(found(page)) == expected, (query, found(page))
        assert not watch.problems(), watch.problems()


def test_a_provider_id_finds_that_provider(open_page, base_url, providers):
    pid = sorted(providers.index)[len(providers) // 2]
    page, watch = search(open_page, base_url, pid)
    assert found(page)[0] == pid
    assert found(page) == [pid]
    page.wait_for_selector("#zs-search[data-pages='done']", state="attached")
    page.locator("#zs-search-results a").first.click()
    page.wait_for_url(f"**/aanbieders/{pid}/")
    assert page.locator("article h1").inner_text().strip() == providers.loc[pid, "name"]
    assert not watch.problems(), watch.problems()


def test_a_postcode_finds_its_providers_and_leads_to_the_choice_aid(open_page, base_url, providers):
    """'3511': the providers in that postcode area (never one in Rotterdam), and the aid near 3511."""
    expected = ids_where(providers, providers["postcode"].str[:4] == "3511")
    assert expected, "the demo must have a provider in 3511"
    for query in ("3511", "3511 CA", "3511ca"):
        page, watch = search(open_page, base_url, query)
        assert set(found(page)) == expected, (query, found(page))
        links = nearby(page)
        assert links and all(query_of(href) == {"pc": "3511"} for href in links.values()), links
        assert "Verpleeghuizen" in links and "Huisartsenpraktijken" in links
        assert not watch.problems(), watch.problems()
    page.wait_for_selector("#zs-search[data-pages='done']", state="attached")
    page.locator("#zs-search-nearby a", has_text="Huisartsenpraktijken").click()
    page.wait_for_url("**/keuzehulp/huisartspraktijk/?pc=3511")
    page.wait_for_selector("#zs-choice[data-ready]", state="attached", timeout=15000)
    assert page.input_value("#zs-choice-pc") == "3511"


def test_every_result_can_be_reached(open_page, base_url, providers):
    """'huisarts': every GP practice (more than one page of them), and 'meer resultaten' shows the rest."""
    expected = ids_where(providers, providers["kind"] == "huisartspraktijk")
    assert len(expected) > PAGE, "the demo must have more GP practices than one page shows"
    page, watch = search(open_page, base_url, "huisarts")
    assert len(found(page)) == PAGE
    status = page.locator("#zs-search-status").inner_text()
    assert status == f"{len(expected)} zorgaanbieders gevonden voor “huisarts”.", status
    assert page.locator("#zs-search-more").inner_text() == f"Meer resultaten (nog {len(expected) - PAGE})"
    shown = all_found(page)
    assert set(shown) == expected and len(shown) == len(expected)
    assert page.locator("#zs-search-more").is_hidden()
    # no place in the query: the GP practices' choice aid, to fill in one's own postcode
    assert nearby(page) == {"Huisartsenpraktijken": "../keuzehulp/huisartspraktijk/"}
    assert not watch.problems(), watch.problems()


def test_typing_shows_results_as_you_go_and_keeps_the_query_in_the_address(open_page, base_url, providers):
    page, watch = open_page(f"{base_url}zoeken/")
    settled(page)
    page.fill("#zs-q", "verpleeghuizen utr")
    page.wait_for_function("() => document.querySelectorAll('#zs-search-results > li').length > 0")
    page.wait_for_url("**/zoeken/?q=verpleeghuizen%20utr")
    settled(page)
    assert all(providers.loc[p, "kind"] == "verpleeghuis" for p in found(page)[:1])
    assert not watch.problems(), watch.problems()


def test_indicators_are_still_found(open_page, base_url, demo):
    """Indicators and other pages come from Pagefind, below the providers."""
    title = demo.indicators.sort_values("indicator_id")["title"].iloc[0]
    word = max(re.findall(r"[A-Za-zÀ-ÿ]{5,}", title), key=len)
    page, watch = search(open_page, base_url, word)
    page.wait_for_selector("#zs-search-pages a", timeout=15000)
    texts = page.locator("#zs-search-pages a").all_inner_texts()
    assert any(title in t for t in texts), texts
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- pages and common words, at demo size


@pytest.fixture(scope="module")
def paged_url(demo, tmp_path_factory):
    """The demo site with its search index in pages of 4 providers, and every word of more than 3 providers
    common (with shards of its own): what a national build does with 500 and 200, at demo size."""
    rel = build_release(demo.out.parent / "input", RELEASE)
    site = tmp_path_factory.mktemp("paged-site")
    for entry in demo.site.iterdir():
        if entry.name != "zoekindex":
            (site / entry.name).symlink_to(entry)
    for path, text in search_files(rel.public, page=4, common_min=3).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, "utf-8")
    proc, base = serve(site)
    yield base
    stop(proc)


def test_a_kind_shows_page_by_page_and_every_provider_is_reached(open_page, paged_url, providers):
    expected = ids_where(providers, providers["kind"] == "huisartspraktijk")
    page, watch = search(open_page, paged_url, "huisartsen")
    assert page.locator("#zs-search-status").inner_text().startswith(f"{len(expected)} zorgaanbieders")
    shown = all_found(page)
    assert sorted(shown) == sorted(expected)
    loaded = [u for u in watch.requests if "/zoekindex/soort/huisartspraktijk-" in u]
    assert len(loaded) == -(-len(expected) // 4), "every page of the kind, once"
    assert not watch.problems(), watch.problems()


def test_a_common_word_finds_all_of_its_providers_and_nothing_else(open_page, paged_url, providers, demo):
    meta = json.loads((demo.site / "zoekindex" / "meta.json").read_text("utf-8"))
    assert not meta["common"], "at demo size no word is common"
    place = providers["city"].value_counts().index[0]  # the place with the most providers: common here
    expected = ids_where(providers, (providers["city"] == place) | (providers["municipality"] == place))
    page, watch = search(open_page, paged_url, place)
    assert sorted(all_found(page)) == sorted(expected)
    misspelt = place[:3] + place[4:]  # a letter left out: typo tolerance finds the common word's shards
    page, watch = search(open_page, paged_url, misspelt)
    assert sorted(all_found(page)) == sorted(expected), misspelt
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- accessibility and looks


@pytest.mark.parametrize("width", [375, 1280])
def test_results_pass_axe_fit_the_screen_and_are_photographed(open_page, base_url, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shots = (
        ("kind-place", "verpleeghuis Utrecht"),
        ("postcode", "3511"),
        ("many", "huisarts"),
        ("none", "bevallen Utrecht"),
    )
    for name, query in shots:
        page, watch = search(open_page, base_url, query, width=width, bypass_csp=True)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        assert not violations, (query, width, violations)
        scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{query}: the page is {scroll} px wide in a {inner} px window"
        assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- bytes before the first result


#: Run in the page before its own scripts: the time (performance.now()) the first provider result appears.
FIRST_RESULT_CLOCK = """
new MutationObserver((changes, observer) => {
  const list = document.getElementById('zs-search-results');
  if (list && list.children.length) { window.zsFirstResult = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def first_result_payload(browser, base: str, query: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Every response the page had received when its first provider result appeared (url -> (bytes, gzip -9
    bytes)), by the browser's resource timing; and the requests that had started by then or later."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.add_init_script(FIRST_RESULT_CLOCK)
    responses = {}
    try:
        page = context.new_page()
        page.on("response", lambda response: responses.setdefault(response.url, response))
        page.goto(f"{base}zoeken/?q={quote(query)}")
        page.wait_for_selector("#zs-search-results > li", timeout=30000)
        page.wait_for_selector("#zs-search[data-pages='done']", state="attached", timeout=30000)
        timing = page.evaluate("""() => ({first: window.zsFirstResult, entries: performance
          .getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])})""")
        before = {page.url} | {url for url, _start, end in timing["entries"] if end <= timing["first"]}
        later = [url for url, start, _end in timing["entries"] if start >= timing["first"]]
        out = {url[len(base) :]: response_sizes(responses[url]) for url in sorted(before)}
        return out, [url[len(base) :] for url in later]
    finally:
        context.close()


def measured_queries(site: Path) -> list[str]:
    """The queries measured: a kind and a place, a misspelt name word, a postcode (one with a provider in
    the build), a name people use, a kind alone."""
    postcodes = pd.read_parquet(site / "data" / "latest" / "alles" / "providers.parquet")["postcode"].str[:4]
    postcode = "3511" if (postcodes == "3511").any() else postcodes[postcodes.str.startswith("35")].min()
    return ["verpleeghuis Utrecht", "Kivit", postcode, "Den Haag", "huisarts"]


def test_the_first_result_downloads_little(browser, base_url, demo, record_property):
    texts, over = [], []
    sites = [("demo", base_url, demo.site, None)]
    national = os.environ.get("ZORGSPIEGEL_SEARCH_NATIONAL")
    if national:
        proc, base = serve(Path(national))
        sites.append(("national", base, Path(national), proc))
    try:
        for name, base, folder, _proc in sites:
            for query in measured_queries(folder):
                sizes, later = first_result_payload(browser, base, query)
                text = report(f"{name}: “{query}”", sizes)
                texts.append(text)
                assert not any("pagefind" in url for url in sizes), "Pagefind loads after the first result"
                if not query.isdigit():  # a postcode is for providers only
                    assert any("pagefind" in url for url in later), "and then it does load"
                if sum(p for _, p in sizes.values()) >= BUDGET:
                    over.append(text)
    finally:
        for _name, _base, _folder, proc in sites:
            if proc:
                stop(proc)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "payload.txt").write_text("\n".join(texts) + "\n", "utf-8")
    record_property("payload", "\n".join(texts))
    assert not over, "\n".join(over)


# ---------------------------------------------------------------- the script's words agree with the index's


FOLDING = [
    "'s-Gravenhage",
    "Súdwest-Fryslân",
    "Ĳsselstein",
    "Nuenen, Gerwen en Nederwetten",
    "Bergen (NH.)",
    "GBZ-01",
    "Zorggroep Café-Crème 2",
    "Straße Œuvre",
    "3511 CA",
]


def test_the_script_folds_words_as_the_index_does(open_page, base_url):
    """The shards are keyed by the build's folding (generator/site/search.py: words); the script must fold the
    same, or a word would be looked for in the wrong shard."""
    page, _ = search(open_page, base_url, "")
    folded = page.evaluate("texts => texts.map(t => Zorgspiegel.searchWords.words(t))", FOLDING)
    assert folded == [words(text) for text in FOLDING]


PLURALS = [
    ("verpleeghuizen", "verpleeghuis"),
    ("ziekenhuizen", "ziekenhuis"),
    ("huisartsen", "huisarts"),
    ("apotheken", "apotheek"),
    ("psychologen", "psycholoog"),
    ("verloskundigen", "verloskundige"),
    ("praktijken", "praktijk"),
    ("huisjes", "huis"),
    ("dokters", "dokter"),
]


def test_dutch_plurals_share_their_stem(open_page, base_url):
    page, _ = search(open_page, base_url, "")
    stems = page.evaluate("pairs => pairs.map(p => p.map(Zorgspiegel.searchWords.stem))", PLURALS)
    assert [a == b for a, b in stems] == [True] * len(PLURALS), stems
