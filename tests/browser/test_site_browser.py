"""The built demo site in Debian's Chromium: search, charts, console, requests, accessibility, keyboard.

Run with the rest of the suite (the fixtures in conftest.py build the demo release once, serve it on
127.0.0.1 and launch /usr/bin/chromium); `-m "not browser"` leaves these tests out. Screenshots of the
main page types at 1280 and 390 px go to $ZORGSPIEGEL_SHOTS (default /tmp/site-shots/) to be looked at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
SHOTS = Path(os.environ.get("ZORGSPIEGEL_SHOTS", "/tmp/site-shots"))
WIDTHS = (1280, 390)


@pytest.fixture(scope="session")
def paths(demo) -> dict[str, str]:
    """One page of every page type, chosen from the built data (URLs relative to the site root)."""
    results, providers = demo.results, demo.providers.set_index("provider_id")
    indicators = demo.indicators.set_index("indicator_id")
    shares = indicators[indicators["unit"] == "percentage"].index
    published = results[(results["status"] == "published") & results["indicator_id"].isin(shares)]
    provider = published.groupby("provider_id").size().idxmax()  # many charted results
    indicator = published.groupby("indicator_id")["provider_id"].nunique().idxmax()  # a full funnel plot
    p = providers.loc[provider]
    first_letter = sorted(x.name for x in (demo.site / "a-z").iterdir())[0]
    region = sorted(x.name for x in (demo.site / "regio").iterdir() if x.is_dir())[0]
    return {
        "home": "",
        "provider": f"aanbieders/{provider}/",
        "indicator": f"indicatoren/{indicator}/",
        "set": f"indicatorsets/{indicators.loc[indicator, 'set_id']}/",
        "region": f"regio/{region}/",
        "kind": f"soorten/{p['kind']}/",
        "a-z": f"a-z/{first_letter}/",
        "downloads": "downloads/",
        "changes": "wijzigingen/",
        "method": "methode/",
        "search": "zoeken/",
        "api-docs": "api/",
        "accessibility": "toegankelijkheid/",
        "not-found": "404.html",
    }


PAGE_TYPES = [
    "home",
    "provider",
    "indicator",
    "set",
    "region",
    "kind",
    "a-z",
    "downloads",
    "changes",
    "method",
    "search",
    "api-docs",
    "accessibility",
    "not-found",
]

SETTLED = """() => {
  const figures = Array.from(document.querySelectorAll('figure.zs-chart'));
  const charts = figures.every(f => ['zs-chart--ready', 'zs-chart--empty', 'zs-chart--error']
    .some(c => f.classList.contains(c)));
  const search = !document.getElementById('zs-search-form')
    || document.getElementById('zs-search-status') !== null;
  return charts && search;
}"""


def settle(page) -> None:
    """Wait until the page's charts are drawn (or reported empty or failed) and the search UI is up."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=20000)


def goto(open_page, base_url, path, **kwargs):
    page, watch = open_page(base_url + path, **kwargs)
    settle(page)
    return page, watch


# ---------------------------------------------------------------- search


def distinctive_word(name: str, others: list[str]) -> str | None:
    """A word of the name, at least 6 letters, that no other provider name contains."""
    for word in sorted(re.findall(r"[A-Za-zÀ-ÿ]{6,}", name), key=len, reverse=True):
        if not any(word.lower() in o.lower() for o in others):
            return word
    return None


def test_search_finds_a_provider_by_name_and_opens_its_page(open_page, base_url, demo):
    names = demo.providers[
        demo.providers["provider_id"].isin(
            {p.name for p in (demo.site / "aanbieders").iterdir() if p.is_dir()}
        )
    ]
    choice = None
    for pid, name in sorted(zip(names["provider_id"], names["name"])):
        word = distinctive_word(name, [n for n in names["name"] if n != name])
        if word:
            choice = pid, name, word
            break
    assert choice, "no provider with a distinctive word in its name"
    pid, name, word = choice
    page, watch = goto(open_page, base_url, "zoeken/")
    box = page.locator("#zs-q")
    box.fill(word[:-2])  # the start of a word of the name, as a visitor types it (Pagefind matches prefixes)
    link = page.locator(".zs-search-results__link", has_text=name).first
    link.wait_for(timeout=15000)
    link.click()
    page.wait_for_url(f"**/aanbieders/{pid}/")
    assert page.locator("article h1").inner_text().strip() == name
    assert not watch.problems(), watch.problems()


def test_the_home_page_search_form_opens_the_results(open_page, base_url, demo):
    page, watch = goto(open_page, base_url, "")
    page.fill("#zs-search-input", "Rotterdam")
    page.press("#zs-search-input", "Enter")
    page.wait_for_url("**/zoeken/?q=Rotterdam")
    page.locator(".zs-search-results__link").first.wait_for(timeout=15000)
    assert page.locator("#zs-search-results li").count() >= 1
    assert page.locator("#zs-q").input_value() == "Rotterdam"
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- charts


def test_an_indicator_page_shows_a_rendered_chart(open_page, base_url, paths, demo):
    page, watch = goto(open_page, base_url, paths["indicator"])
    figure = page.locator("figure.zs-chart").first
    assert "zs-chart--ready" in figure.get_attribute("class")
    svg = figure.locator(".zs-chart__view svg")
    assert svg.count() == 1 and svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 200 and box["height"] > 150
    iid = paths["indicator"].split("/")[1]
    rows = demo.results[demo.results["indicator_id"] == iid]
    latest = rows[(rows["period"] == rows["period"].max()) & (rows["status"] == "published")]
    symbols = svg.locator("g.mark-symbol path")
    assert symbols.count() >= len(latest), "one mark per published provider"
    assert svg.get_attribute("aria-label") or svg.locator("title").count()
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- console and requests


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_console_errors_and_no_request_leaving_the_site(open_page, base_url, paths, kind):
    page, watch = goto(open_page, base_url, paths[kind])
    page.mouse.wheel(0, 4000)  # lazy parts (charts lower on the page) get their chance to load
    settle(page)
    assert not watch.problems(), "\n".join(watch.problems())
    assert watch.requests and all(r.startswith(base_url) or r.startswith("data:") for r in watch.requests)
    assert page.locator(".zs-demo-banner").is_visible()


# ---------------------------------------------------------------- accessibility


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
    }""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violation(open_page, base_url, paths, kind, width):
    # bypass_csp lets Playwright inject axe as an inline script; the page itself is unchanged
    page, _ = goto(open_page, base_url, paths[kind], width=width, bypass_csp=True)
    violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"{kind} at {width} px:\n{report}"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways_on_a_phone(open_page, base_url, paths, kind):
    page, _ = goto(open_page, base_url, paths[kind], width=390)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{kind}: the page is {scroll} px wide in a {inner} px window"


# ---------------------------------------------------------------- keyboard


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName, id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
              href: e.getAttribute('href'),
              visible: !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length),
              opacity: getComputedStyle(e).opacity}; }""")


def test_tab_reaches_the_search_input_on_home(open_page, base_url):
    page, _ = goto(open_page, base_url, "")
    for _presses in range(1, 41):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "zs-search-input":
            break
    else:
        pytest.fail("40 presses of Tab did not reach the search input")
    page.keyboard.type("Utrecht")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=Utrecht")


def test_the_skip_link_is_first_and_lands_on_the_content(open_page, base_url, paths):
    for kind in ("home", "provider"):
        page, _ = goto(open_page, base_url, paths[kind])
        page.keyboard.press("Tab")
        first = focused(page)
        assert (
            first["tag"] == "A" and first["href"] == "#zs-inhoud" and first["text"] == "Naar de inhoud"
        ), first
        page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=3000)
        page.keyboard.press("Enter")
        # the jump to the fragment is committed after the key press returns: under load it was not yet
        page.wait_for_function("() => location.hash === '#zs-inhoud'", timeout=5000)
        assert page.url.endswith("#zs-inhoud")
        assert focused(page)["id"] == "zs-inhoud"
        page.keyboard.press("Tab")
        after = page.evaluate("() => !!document.activeElement.closest('article')")
        assert after, f"{kind}: Tab after the skip link left the content: {focused(page)}"
        if kind == "home":
            assert focused(page)["id"] == "zs-search-input"


# ---------------------------------------------------------------- escaping, in a browser


def test_hostile_names_never_run_as_script(open_page, hostile_url):
    for path, name in (
        ("aanbieders/0123/", "<script>alert(1)</script>"),
        ("aanbieders/GBZ-01/", '"><img src=x onerror=alert(1)>'),
    ):
        page, watch = goto(open_page, hostile_url, path)
        assert page.locator("article h1").inner_text().strip() == name
        assert page.title() == f"{name} - Zorgspiegel"
        assert page.locator("img[src='x']").count() == 0
        assert not watch.dialogs and not watch.page_errors, watch.problems()
    page, watch = goto(open_page, hostile_url, "zoeken/?q=alert")
    page.locator(".zs-search-results__link").first.wait_for(timeout=15000)
    titles = {t.strip() for t in page.locator(".zs-search-results__link").all_inner_texts()}
    assert "<script>alert(1)</script>" in titles
    assert page.locator("#zs-search-results img").count() == 0
    assert not watch.dialogs and not watch.page_errors, watch.problems()


# ---------------------------------------------------------------- screenshots (to be looked at)


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_main_page_types(open_page, base_url, paths, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for kind in ("home", "provider", "indicator", "downloads"):
        page, watch = goto(open_page, base_url, paths[kind], width=width)
        page.screenshot(path=str(SHOTS / f"{kind}-{width}.png"), full_page=True)
        assert not watch.problems(), watch.problems()
    (SHOTS / "pages.json").write_text(json.dumps(paths, indent=1) + "\n", "utf-8")
